import BinaryReading

/// The triage dump header: `TRIAGE_DUMP32` (0x68 bytes at 0x1000) or `TRIAGE_DUMP64` (0x80
/// bytes at 0x2000), rizin `dmp_specs.h`, Singularity `Dump.h`.
///
/// Every `…Offset` is a file offset from byte 0 of the file.
public struct TriageDumpHeader: Hashable, Sendable {
  /// `ServicePackBuild`: the kernel's CSD version (0x200 = Service Pack 2; 0 on Windows 10).
  public var servicePackBuild: UInt32
  /// `SizeOfDump`: bytes of the primary dump; secondary data follows.
  public var sizeOfDump: UInt32
  /// `ValidOffset`: where the `TRGD` marker is.
  public var validOffset: UInt32
  /// `ContextOffset`.
  public var contextOffset: UInt32
  /// `ExceptionOffset`.
  public var exceptionOffset: UInt32
  /// `MmOffset` (DUMP_MM_STORAGE).
  public var mmOffset: UInt32
  /// `UnloadedDriversOffset`.
  public var unloadedDriversOffset: UInt32
  /// `PrcbOffset`: copy of the crashing processor's KPRCB.
  public var prcbOffset: UInt32
  /// `ProcessOffset`: copy of the current EPROCESS.
  public var processOffset: UInt32
  /// `ThreadOffset`: copy of the current ETHREAD.
  public var threadOffset: UInt32
  /// `CallStackOffset`.
  public var callStackOffset: UInt32
  /// `SizeOfCallStack`.
  public var sizeOfCallStack: UInt32
  /// `DriverListOffset`.
  public var driverListOffset: UInt32
  /// `DriverCount`.
  public var driverCount: UInt32
  /// `StringPoolOffset`.
  public var stringPoolOffset: UInt32
  /// `StringPoolSize`.
  public var stringPoolSize: UInt32
  /// `BrokenDriverOffset`.
  public var brokenDriverOffset: UInt32
  /// `TriageOptions`.
  public var triageOptions: UInt32
  /// `TopOfStack`: VA of the first call-stack byte (the lowest address).
  public var topOfStack: UInt64
  /// `BStoreOffset` (IA-64 only; 0 elsewhere).
  public var bStoreOffset: UInt32
  /// `SizeOfBStore` (IA-64 only).
  public var sizeOfBStore: UInt32
  /// `LimitOfBStore` (IA-64 only).
  public var limitOfBStore: UInt64
  /// `DataPageAddress`.
  public var dataPageAddress: UInt64
  /// `DataPageOffset`.
  public var dataPageOffset: UInt32
  /// `DataPageSize`.
  public var dataPageSize: UInt32
  /// `DebuggerDataOffset`: a decoded KDDEBUGGER_DATA64 copy.
  public var debuggerDataOffset: UInt32
  /// `DebuggerDataSize`.
  public var debuggerDataSize: UInt32
  /// `DataBlocksOffset`.
  public var dataBlocksOffset: UInt32
  /// `DataBlocksCount`.
  public var dataBlocksCount: UInt32

  /// The file offset of the triage header: 0x1000 (32-bit) or 0x2000 (64-bit).
  public static func offset(is64Bit: Bool) -> Int { is64Bit ? 0x2000 : 0x1000 }

  /// Parses the header that follows the kernel dump header.
  public init(parsing reader: ByteReader, is64Bit: Bool) throws(ReadError) {
    let base = Self.offset(is64Bit: is64Bit)
    let raw = LittleEndianBytes(
      try reader.byteArray(at: base, count: is64Bit ? 0x80 : 0x68, "TRIAGE_DUMP"))
    // The slice above checked the whole header is present, so the field reads cannot fail.
    func u32(_ offset: Int, _ name: String) -> UInt32 { raw.u32(offset) ?? 0 }
    func u64(_ offset: Int, _ name: String) -> UInt64 { raw.u64(offset) ?? 0 }
    servicePackBuild = u32(0x00, "ServicePackBuild")
    sizeOfDump = u32(0x04, "SizeOfDump")
    validOffset = u32(0x08, "ValidOffset")
    contextOffset = u32(0x0C, "ContextOffset")
    exceptionOffset = u32(0x10, "ExceptionOffset")
    mmOffset = u32(0x14, "MmOffset")
    unloadedDriversOffset = u32(0x18, "UnloadedDriversOffset")
    prcbOffset = u32(0x1C, "PrcbOffset")
    processOffset = u32(0x20, "ProcessOffset")
    threadOffset = u32(0x24, "ThreadOffset")
    callStackOffset = u32(0x28, "CallStackOffset")
    sizeOfCallStack = u32(0x2C, "SizeOfCallStack")
    driverListOffset = u32(0x30, "DriverListOffset")
    driverCount = u32(0x34, "DriverCount")
    stringPoolOffset = u32(0x38, "StringPoolOffset")
    stringPoolSize = u32(0x3C, "StringPoolSize")
    brokenDriverOffset = u32(0x40, "BrokenDriverOffset")
    triageOptions = u32(0x44, "TriageOptions")
    if is64Bit {
      topOfStack = u64(0x48, "TopOfStack")
      bStoreOffset = u32(0x50, "BStoreOffset")
      sizeOfBStore = u32(0x54, "SizeOfBStore")
      limitOfBStore = u64(0x58, "LimitOfBStore")
      dataPageAddress = u64(0x60, "DataPageAddress")
      dataPageOffset = u32(0x68, "DataPageOffset")
      dataPageSize = u32(0x6C, "DataPageSize")
      debuggerDataOffset = u32(0x70, "DebuggerDataOffset")
      debuggerDataSize = u32(0x74, "DebuggerDataSize")
      dataBlocksOffset = u32(0x78, "DataBlocksOffset")
      dataBlocksCount = u32(0x7C, "DataBlocksCount")
    } else {
      topOfStack = UInt64(u32(0x48, "TopOfStack"))
      bStoreOffset = 0
      sizeOfBStore = 0
      limitOfBStore = 0
      dataPageAddress = UInt64(u32(0x4C, "DataPageAddress"))
      dataPageOffset = u32(0x50, "DataPageOffset")
      dataPageSize = u32(0x54, "DataPageSize")
      debuggerDataOffset = u32(0x58, "DebuggerDataOffset")
      debuggerDataSize = u32(0x5C, "DebuggerDataSize")
      dataBlocksOffset = u32(0x60, "DataBlocksOffset")
      dataBlocksCount = u32(0x64, "DataBlocksCount")
    }
  }
}
