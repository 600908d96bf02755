import BinaryReading
import DumpFormats
import Foundation

/// The kernel dump header: `DUMP_HEADER32` (0x1000 bytes) or `DUMP_HEADER64` (0x2000 bytes).
///
/// Both widths are read into one shape with 64-bit fields. Fields that Windows fills with the
/// ASCII pattern `PAGE` (0x45474150) are kept raw here; use the `…IfPresent` accessors, which
/// read that pattern as "absent", never as a value.
public struct KernelDumpHeader: Hashable, Sendable {
  /// Whether this is a 64-bit header (`PAGEDU64`).
  public var is64Bit: Bool
  /// `MajorVersion`: 0xF for free builds, 0xC for checked builds.
  public var majorVersion: UInt32
  /// `MinorVersion`: the OS build number.
  public var minorVersion: UInt32
  /// `DirectoryTableBase` (CR3) as stored; low bits may hold a PCID on x64.
  public var directoryTableBase: UInt64
  /// `PfnDataBase`.
  public var pfnDataBase: UInt64
  /// `PsLoadedModuleList`.
  public var psLoadedModuleList: UInt64
  /// `PsActiveProcessHead`.
  public var psActiveProcessHead: UInt64
  /// `MachineImageType` (IMAGE_FILE_MACHINE_*).
  public var machineImageType: UInt32
  /// `NumberProcessors`.
  public var numberProcessors: UInt32
  /// `BugCheckCode` (a u32 on both widths).
  public var bugCheckCode: UInt32
  /// `BugCheckParameter1…4` (u32 values zero-extended on 32-bit).
  public var bugCheckParameters: [UInt64]
  /// `VersionUser` text (empty when `PAGE`-filled).
  public var versionUser: String
  /// `PaeEnabled` (32-bit header only; `false` on 64-bit).
  public var paeEnabled: Bool
  /// `KdSecondaryVersion`.
  public var kdSecondaryVersion: UInt8
  /// `KdDebuggerDataBlock`: VA of the KDBG block.
  public var kdDebuggerDataBlock: UInt64
  /// File offset of `PhysicalMemoryBlock` (0x64 / 0x88).
  public var physicalMemoryBlockOffset: Int
  /// File offset of `ContextRecord` (0x320 / 0x348).
  public var contextRecordOffset: Int
  /// File offset of `Exception` (0x7D0 / 0xF00).
  public var exceptionRecordOffset: Int
  /// `Comment` text (empty when absent or `PAGE`-filled).
  public var comment: String
  /// `Attributes` (DUMP_FILE_ATTRIBUTES), raw.
  public var attributes: UInt32
  /// `BootId`, raw.
  public var bootID: UInt32
  /// `DumpType`.
  public var dumpType: DumpType
  /// `MiniDumpFields`, raw.
  public var miniDumpFields: UInt32
  /// `SecondaryDataState`, raw.
  public var secondaryDataState: UInt32
  /// `ProductType` (NT_PRODUCT_TYPE: 1 workstation, 2 domain controller, 3 server), raw.
  public var productType: UInt32
  /// `SuiteMask`, raw.
  public var suiteMask: UInt32
  /// `WriterStatus`, raw.
  public var writerStatus: UInt32
  /// `RequiredDumpSpace`: bytes the writer needed (not the file size).
  public var requiredDumpSpace: UInt64
  /// `SystemUpTime` in 100 ns units, raw.
  public var systemUpTime: UInt64
  /// `SystemTime` (FILETIME), raw.
  public var systemTime: UInt64

  /// The header size: 0x1000 (32-bit) or 0x2000 (64-bit).
  public var headerSize: Int { is64Bit ? 0x2000 : 0x1000 }

  /// The architecture from `MachineImageType`.
  public var architecture: CPUArchitecture { CPUArchitecture(machineType: machineImageType) }

  /// The 32-bit fill pattern `PAGE`.
  public static let absent32: UInt32 = 0x4547_4150
  /// The 64-bit fill pattern `PAGEPAGE`.
  public static let absent64: UInt64 = 0x4547_4150_4547_4150

  /// `value`, or `nil` when it is the `PAGE` fill pattern.
  public static func present(_ value: UInt32) -> UInt32? { value == absent32 ? nil : value }
  /// `value`, or `nil` when it is the `PAGEPAGE` fill pattern (or its low half on 32-bit).
  public static func present(_ value: UInt64) -> UInt64? {
    value == absent64 || value == UInt64(absent32) ? nil : value
  }

  /// `ProductType`, or `nil` when `PAGE`-filled.
  public var productTypeIfPresent: UInt32? { Self.present(productType) }
  /// `SuiteMask`, or `nil` when `PAGE`-filled.
  public var suiteMaskIfPresent: UInt32? { Self.present(suiteMask) }
  /// `Attributes`, or `nil` when `PAGE`-filled.
  public var attributesIfPresent: UInt32? { Self.present(attributes) }
  /// `BootId`, or `nil` when `PAGE`-filled.
  public var bootIDIfPresent: UInt32? { Self.present(bootID) }
  /// `KdDebuggerDataBlock`, or `nil` when `PAGE`-filled or zero.
  public var kdDebuggerDataBlockIfPresent: UInt64? {
    Self.present(kdDebuggerDataBlock).flatMap { $0 == 0 ? nil : $0 }
  }
  /// The crash time (UTC), or `nil` when absent.
  public var crashTime: Date? { WindowsTime.date(fromFileTime: systemTime) }
  /// Seconds since boot, or `nil` when absent.
  public var upTimeSeconds: Double? {
    Self.present(systemUpTime).map { Double($0) / 10_000_000 }
  }
  /// DirectoryTableBase with the low 12 bits (PCID, flags) cleared.
  public var pageDirectoryBase: UInt64 { directoryTableBase & ~0xFFF }

  /// Parses the header at the start of `reader`.
  ///
  /// - Throws: ``ReadError`` when the signature is not `PAGEDUMP`/`PAGEDU64` or the file is
  ///   shorter than the header fields.
  public init(parsing reader: ByteReader) throws(ReadError) {
    let signature = try reader.read(UInt32.self, at: 0, "DUMP_HEADER.Signature")
    let valid = try reader.read(UInt32.self, at: 4, "DUMP_HEADER.ValidDump")
    guard signature == Self.absent32, valid == 0x504D_5544 || valid == 0x3436_5544 else {
      throw ReadError(
        code: .invalidValue, offset: 0, context: "DUMP_HEADER.Signature",
        detail: "not PAGEDUMP or PAGEDU64")
    }
    let wide = valid == 0x3436_5544
    is64Bit = wide
    // One read of the header bytes present, then checked decoding of each field.
    let raw = LittleEndianBytes(
      try reader.byteArray(at: 0, count: min(reader.count, wide ? 0x1058 : 0xFC8), "DUMP_HEADER"))
    func missing(_ offset: Int, _ size: Int, _ name: String) -> ReadError {
      ReadError(
        code: .truncated, offset: reader.fileOffset(of: offset), context: "DUMP_HEADER.\(name)",
        detail: "needs \(size) bytes; the file has 0x\(String(reader.count, radix: 16))")
    }
    func u32(_ offset: Int, _ name: String) throws(ReadError) -> UInt32 {
      guard let value = raw.u32(offset) else { throw missing(offset, 4, name) }
      return value
    }
    func u64(_ offset: Int, _ name: String) throws(ReadError) -> UInt64 {
      guard let value = raw.u64(offset) else { throw missing(offset, 8, name) }
      return value
    }
    func ptr(_ off32: Int, _ off64: Int, _ name: String) throws(ReadError) -> UInt64 {
      wide ? try u64(off64, name) : UInt64(try u32(off32, name))
    }
    func byte(_ offset: Int, _ name: String) throws(ReadError) -> UInt8 {
      guard offset >= 0, offset < raw.bytes.count else { throw missing(offset, 1, name) }
      return raw.bytes[offset]
    }
    func text(_ offset: Int, _ count: Int, _ name: String) throws(ReadError) -> String {
      guard offset + count <= raw.bytes.count else { throw missing(offset, count, name) }
      let field = raw.bytes[offset..<(offset + count)].prefix { $0 != 0 }
      let value = String(decoding: field, as: UTF8.self)
      return value.hasPrefix("PAGEPAGE") ? "" : value
    }
    majorVersion = try u32(0x8, "MajorVersion")
    minorVersion = try u32(0xC, "MinorVersion")
    directoryTableBase = try ptr(0x10, 0x10, "DirectoryTableBase")
    pfnDataBase = try ptr(0x14, 0x18, "PfnDataBase")
    psLoadedModuleList = try ptr(0x18, 0x20, "PsLoadedModuleList")
    psActiveProcessHead = try ptr(0x1C, 0x28, "PsActiveProcessHead")
    machineImageType = try u32(wide ? 0x30 : 0x20, "MachineImageType")
    numberProcessors = try u32(wide ? 0x34 : 0x24, "NumberProcessors")
    bugCheckCode = try u32(wide ? 0x38 : 0x28, "BugCheckCode")
    var parameters: [UInt64] = []
    for index in 0..<4 {
      parameters.append(
        try ptr(0x2C + 4 * index, 0x40 + 8 * index, "BugCheckParameter\(index + 1)"))
    }
    bugCheckParameters = parameters
    versionUser = try text(wide ? 0x60 : 0x3C, 32, "VersionUser")
    paeEnabled = wide ? false : try byte(0x5C, "PaeEnabled") != 0
    kdSecondaryVersion = try byte(wide ? 0x104D : 0x5D, "KdSecondaryVersion")
    kdDebuggerDataBlock = try ptr(0x60, 0x80, "KdDebuggerDataBlock")
    physicalMemoryBlockOffset = wide ? 0x88 : 0x64
    contextRecordOffset = wide ? 0x348 : 0x320
    exceptionRecordOffset = wide ? 0xF00 : 0x7D0
    comment = try text(wide ? 0xFB0 : 0x820, 128, "Comment")
    attributes = try u32(wide ? 0x1050 : 0x8A0, "Attributes")
    bootID = try u32(wide ? 0x1054 : 0x8A4, "BootId")
    dumpType = DumpType(rawValue: try u32(wide ? 0xF98 : 0xF88, "DumpType"))
    miniDumpFields = try u32(wide ? 0x1038 : 0xF8C, "MiniDumpFields")
    secondaryDataState = try u32(wide ? 0x103C : 0xF90, "SecondaryDataState")
    productType = try u32(wide ? 0x1040 : 0xF94, "ProductType")
    suiteMask = try u32(wide ? 0x1044 : 0xF98, "SuiteMask")
    writerStatus = try u32(wide ? 0x1048 : 0xF9C, "WriterStatus")
    requiredDumpSpace = try u64(0xFA0, "RequiredDumpSpace")
    systemUpTime = try u64(wide ? 0x1030 : 0xFB8, "SystemUpTime")
    systemTime = try u64(wide ? 0xFA8 : 0xFC0, "SystemTime")
  }
}
