import BinaryReading
import DumpFormats
import Foundation

/// A PE/COFF image (`IMAGE_DOS_HEADER`, `IMAGE_NT_HEADERS`, winnt.h): a driver, DLL or executable.
///
/// Reads the headers, the section table, the debug directory (CodeView `RSDS`), the export table,
/// the exception directory (`.pdata`) and the version resource. Everything past the headers is
/// optional: a corrupt directory becomes a ``notes`` entry and the rest of the image stays usable.
/// Only an unreadable DOS/NT header or section table throws.
///
/// Works on files as stored on disk (``Layout/file``) and on images as mapped in memory
/// (``Layout/mapped``, for example read out of a full dump), where RVA = offset.
public struct PEImage: ExecutableImage, Sendable {
  /// How the bytes are laid out.
  public enum Layout: Sendable, Hashable {
    /// A file on disk: sections live at `PointerToRawData`.
    case file
    /// An image as loaded in memory: RVA = offset from the start.
    case mapped
  }

  /// The bytes of the image.
  public let data: Data
  /// How ``data`` is laid out.
  public let layout: Layout
  /// `FileHeader.Machine`.
  public let machine: UInt16
  /// The machine as an architecture.
  public let architecture: CPUArchitecture
  /// `FileHeader.TimeDateStamp`.
  public let timeDateStamp: UInt32
  /// `FileHeader.Characteristics`.
  public let characteristics: UInt16
  /// Whether the optional header is PE32+ (64-bit).
  public let isPE32Plus: Bool
  /// `OptionalHeader.ImageBase`.
  public let imageBase: UInt64
  /// `OptionalHeader.AddressOfEntryPoint`.
  public let entryPointRVA: UInt32
  /// `OptionalHeader.SizeOfImage`.
  public let sizeOfImage: UInt32
  /// `OptionalHeader.SizeOfHeaders`.
  public let sizeOfHeaders: UInt32
  /// `OptionalHeader.CheckSum`.
  public let checksum: UInt32
  /// `OptionalHeader.Subsystem`.
  public let subsystem: UInt16
  /// The data directories (as many as `NumberOfRvaAndSizes` and the header allow).
  public let dataDirectories: [PEDataDirectory]
  /// The section table.
  public let sections: [PESection]
  /// The CodeView record of the debug directory, when present.
  public internal(set) var codeView: CodeViewRecord?
  /// The exception directory entries, sorted by begin RVA.
  public internal(set) var runtimeFunctions: [RuntimeFunction] = []
  /// Problems found while reading the optional parts.
  public internal(set) var notes: [Note] = []

  /// Limit on sections (the PE format allows 96 in practice; the loader allows up to 0xFFFF).
  static let maxSections = 0xFFFF
  /// Limit on exception-directory entries.
  static let maxRuntimeFunctions = 4_000_000

  /// Parses an image.
  ///
  /// - Parameters:
  ///   - data: The bytes.
  ///   - layout: Whether `data` is a file or a memory image.
  /// - Throws: ``ReadError`` when the DOS header, NT headers or section table cannot be read.
  public init(data: Data, layout: Layout = .file) throws(ReadError) {
    self.data = data
    self.layout = layout
    let reader = ByteReader(data)
    guard reader.matches([0x4D, 0x5A]) else {
      throw ReadError(
        code: .invalidValue, offset: 0, context: "IMAGE_DOS_HEADER.e_magic",
        detail: "not a PE image: no MZ signature")
    }
    let lfanew = try reader.read(UInt32.self, at: 0x3C, "IMAGE_DOS_HEADER.e_lfanew")
    let nt = try reader.slice(from: 0, "IMAGE_NT_HEADERS")
    guard let ntOffset = Int(exactly: lfanew), nt.matches([0x50, 0x45, 0, 0], at: ntOffset) else {
      throw ReadError(
        code: .invalidValue, offset: UInt64(lfanew), context: "IMAGE_NT_HEADERS.Signature",
        detail: "no PE\\0\\0 signature at e_lfanew")
    }
    let fileHeader = ntOffset + 4
    machine = try reader.read(UInt16.self, at: fileHeader, "FileHeader.Machine")
    architecture = CPUArchitecture(machineType: UInt32(machine))
    let sectionCount = Int(
      try reader.read(UInt16.self, at: fileHeader + 2, "FileHeader.NumberOfSections"))
    timeDateStamp = try reader.read(UInt32.self, at: fileHeader + 4, "FileHeader.TimeDateStamp")
    let optionalSize = Int(
      try reader.read(UInt16.self, at: fileHeader + 16, "FileHeader.SizeOfOptionalHeader"))
    characteristics = try reader.read(
      UInt16.self, at: fileHeader + 18, "FileHeader.Characteristics")
    let optionalOffset = fileHeader + 20
    let optional = try reader.slice(at: optionalOffset, count: optionalSize, "OptionalHeader")
    let magic = try optional.read(UInt16.self, at: 0, "OptionalHeader.Magic")
    switch magic {
    case 0x10B: isPE32Plus = false
    case 0x20B: isPE32Plus = true
    default:
      throw ReadError(
        code: .invalidValue, offset: optional.fileOffset(of: 0), context: "OptionalHeader.Magic",
        detail: "0x\(String(magic, radix: 16)) is neither PE32 (0x10b) nor PE32+ (0x20b)")
    }
    entryPointRVA = try optional.read(UInt32.self, at: 16, "OptionalHeader.AddressOfEntryPoint")
    imageBase =
      isPE32Plus
      ? try optional.read(UInt64.self, at: 24, "OptionalHeader.ImageBase")
      : UInt64(try optional.read(UInt32.self, at: 28, "OptionalHeader.ImageBase"))
    sizeOfImage = try optional.read(UInt32.self, at: 56, "OptionalHeader.SizeOfImage")
    sizeOfHeaders = try optional.read(UInt32.self, at: 60, "OptionalHeader.SizeOfHeaders")
    checksum = try optional.read(UInt32.self, at: 64, "OptionalHeader.CheckSum")
    subsystem = try optional.read(UInt16.self, at: 68, "OptionalHeader.Subsystem")
    let countOffset = isPE32Plus ? 108 : 92
    var directories: [PEDataDirectory] = []
    if let declared = try? optional.read(UInt32.self, at: countOffset, "NumberOfRvaAndSizes") {
      let fits = max(0, (optionalSize - countOffset - 4) / 8)
      let count = min(Int(min(declared, 16)), fits)
      for index in 0..<count {
        let at = countOffset + 4 + index * 8
        directories.append(
          PEDataDirectory(
            rva: try optional.read(UInt32.self, at: at, "DataDirectory[\(index)].VirtualAddress"),
            size: try optional.read(UInt32.self, at: at + 4, "DataDirectory[\(index)].Size")))
      }
    }
    dataDirectories = directories

    let tableOffset = optionalOffset + optionalSize
    let table = try reader.slice(
      at: tableOffset, count: sectionCount * PESection.headerSize, "SectionTable")
    var sections: [PESection] = []
    sections.reserveCapacity(sectionCount)
    for index in 0..<sectionCount {
      var header = try table.slice(
        at: index * PESection.headerSize, count: PESection.headerSize, "SectionTable[\(index)]")
      sections.append(try PESection(parsing: &header))
    }
    self.sections = sections

    readCodeView()
    readRuntimeFunctions()
  }

  /// Opens and parses an image file.
  ///
  /// - Throws: ``ReadError`` when the file cannot be read or its headers are bad.
  public static func open(path: String) throws(ReadError) -> PEImage {
    try PEImage(data: try MappedFile.open(path))
  }

  /// The symbol-store key: `%08X` TimeDateStamp + `%X` SizeOfImage.
  public var codeID: String {
    let stamp = String(timeDateStamp, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 8 - stamp.count)) + stamp
      + String(sizeOfImage, radix: 16, uppercase: true)
  }

  /// Whether this is a DLL (`IMAGE_FILE_DLL`).
  public var isDLL: Bool { characteristics & 0x2000 != 0 }

  /// A data directory by index (0 export, 2 resource, 3 exception, 6 debug …), if present and
  /// non-empty.
  public func directory(_ index: Int) -> PEDataDirectory? {
    guard index >= 0, index < dataDirectories.count else { return nil }
    let entry = dataDirectories[index]
    return entry.rva == 0 || entry.size == 0 ? nil : entry
  }

  /// The section whose virtual range holds `rva`.
  public func section(containing rva: UInt32) -> PESection? {
    sections.first { $0.contains(rva: rva) }
  }

  /// The offset in ``data`` of `rva` and the number of bytes readable from there in its section.
  func location(ofRVA rva: UInt32) -> (offset: Int, available: Int)? {
    switch layout {
    case .mapped:
      guard let offset = Int(exactly: rva), offset < data.count else { return nil }
      return (offset, data.count - offset)
    case .file:
      if rva < sizeOfHeaders, sections.allSatisfy({ rva < $0.virtualAddress }) {
        let offset = Int(rva)
        guard offset < data.count else { return nil }
        return (offset, min(Int(sizeOfHeaders), data.count) - offset)
      }
      guard let section = section(containing: rva) else { return nil }
      let delta = rva - section.virtualAddress
      guard delta < section.sizeOfRawData else { return nil }
      let (fileOffset, overflow) = section.pointerToRawData.addingReportingOverflow(delta)
      guard !overflow, let offset = Int(exactly: fileOffset), offset < data.count else {
        return nil
      }
      let inSection = Int(section.sizeOfRawData - delta)
      return (offset, min(inSection, data.count - offset))
    }
  }

  /// `count` bytes at `rva` as mapped in memory, or `nil` when they are not all in the file.
  ///
  /// Bytes past a section's raw data but inside its virtual size read as zero, as the loader
  /// maps them.
  public func bytes(atRVA rva: UInt32, count: Int) -> [UInt8]? {
    guard count >= 0, count <= 0x1000_0000 else { return nil }
    if count == 0 { return [] }
    if layout == .file, let section = section(containing: rva) {
      let delta = rva - section.virtualAddress
      let virtualEnd = UInt64(max(section.virtualSize, section.sizeOfRawData))
      guard UInt64(delta) + UInt64(count) <= virtualEnd else { return nil }
      var result = [UInt8](repeating: 0, count: count)
      if let (offset, available) = location(ofRVA: rva) {
        let n = min(Int(section.sizeOfRawData - delta), count)
        guard n <= available else { return nil }
        for i in 0..<n { result[i] = data[data.startIndex + offset + i] }
      } else if delta < section.sizeOfRawData {
        return nil
      }
      return result
    }
    guard let (offset, available) = location(ofRVA: rva), available >= count else { return nil }
    let start = data.startIndex + offset
    return [UInt8](data[start..<(start + count)])
  }

  /// A reader over `size` bytes at `rva`, for the directory parsers.
  func reader(atRVA rva: UInt32, size: UInt32, _ context: String) throws(ReadError) -> ByteReader {
    guard let (offset, available) = location(ofRVA: rva) else {
      throw ReadError(
        code: .outOfBounds, context: context,
        detail: "RVA 0x\(String(rva, radix: 16)) is not in any section's file data")
    }
    guard UInt64(size) <= UInt64(available) else {
      throw ReadError(
        code: .outOfBounds, offset: UInt64(offset), context: context,
        detail:
          "0x\(String(size, radix: 16)) bytes at RVA 0x\(String(rva, radix: 16)) leave the section")
    }
    return try ByteReader(data).slice(at: offset, count: Int(size), context)
  }

  /// A reader from `rva` to the end of its section, for NUL-terminated strings.
  func reader(fromRVA rva: UInt32, _ context: String) throws(ReadError) -> ByteReader {
    guard let (offset, available) = location(ofRVA: rva) else {
      throw ReadError(
        code: .outOfBounds, context: context,
        detail: "RVA 0x\(String(rva, radix: 16)) is not in any section's file data")
    }
    return try ByteReader(data).slice(at: offset, count: available, context)
  }

  mutating func note(_ code: String, _ error: ReadError) {
    notes.append(Note(code: code, message: error.description, offset: error.offset))
  }
}

/// One entry of `OptionalHeader.DataDirectory` (`IMAGE_DATA_DIRECTORY`).
public struct PEDataDirectory: Hashable, Sendable {
  /// `VirtualAddress` (a file offset for the certificate directory).
  public var rva: UInt32
  /// `Size` in bytes.
  public var size: UInt32
}

/// A section header (`IMAGE_SECTION_HEADER`, 40 bytes).
public struct PESection: Hashable, Sendable {
  static let headerSize = 40
  /// `Name` (up to 8 bytes).
  public var name: String
  /// `VirtualSize`.
  public var virtualSize: UInt32
  /// `VirtualAddress` (RVA).
  public var virtualAddress: UInt32
  /// `SizeOfRawData`.
  public var sizeOfRawData: UInt32
  /// `PointerToRawData`.
  public var pointerToRawData: UInt32
  /// `Characteristics`.
  public var characteristics: UInt32

  /// Parses a 40-byte section header.
  public init(parsing reader: inout ByteReader) throws(ReadError) {
    name = try reader.fixedString(at: 0, count: 8, "IMAGE_SECTION_HEADER.Name")
    virtualSize = try reader.read(UInt32.self, at: 8, "IMAGE_SECTION_HEADER.VirtualSize")
    virtualAddress = try reader.read(UInt32.self, at: 12, "IMAGE_SECTION_HEADER.VirtualAddress")
    sizeOfRawData = try reader.read(UInt32.self, at: 16, "IMAGE_SECTION_HEADER.SizeOfRawData")
    pointerToRawData = try reader.read(
      UInt32.self, at: 20, "IMAGE_SECTION_HEADER.PointerToRawData")
    characteristics = try reader.read(UInt32.self, at: 36, "IMAGE_SECTION_HEADER.Characteristics")
    try reader.seek(to: PESection.headerSize)
  }

  /// Creates a section header from values.
  public init(
    name: String, virtualSize: UInt32, virtualAddress: UInt32, sizeOfRawData: UInt32,
    pointerToRawData: UInt32, characteristics: UInt32
  ) {
    self.name = name
    self.virtualSize = virtualSize
    self.virtualAddress = virtualAddress
    self.sizeOfRawData = sizeOfRawData
    self.pointerToRawData = pointerToRawData
    self.characteristics = characteristics
  }

  /// The virtual extent: `max(VirtualSize, SizeOfRawData)`.
  public var extent: UInt32 { max(virtualSize, sizeOfRawData) }

  /// Whether `rva` lies in `[VirtualAddress, VirtualAddress + extent)` (overflow-safe).
  public func contains(rva: UInt32) -> Bool {
    rva >= virtualAddress && rva - virtualAddress < extent
  }

  /// Whether the section holds code (`IMAGE_SCN_CNT_CODE` or `IMAGE_SCN_MEM_EXECUTE`).
  public var isExecutable: Bool { characteristics & 0x2000_0020 != 0 }
}
