import BinaryReading
import DumpFormats
import Foundation

/// A program database (PDB 7.0): the PDB info stream, the DBI stream and what hangs off it.
///
/// Opening reads only the small parts: the MSF directory, the info stream (GUID, age, named
/// streams), the DBI header, module list and section headers. Public symbols, procedure records
/// and frame data are found per lookup by binary search in the raw streams, so a large kernel
/// PDB opens quickly and a few lookups touch only a few blocks.
public struct PDBFile: Sendable {
  /// The container.
  public let msf: MSFFile
  /// PDB info stream `Age` (may be higher than the RSDS age; see ``dbiAge``).
  public let infoAge: UInt32
  /// The GUID bytes (as in the RSDS record).
  public let guid: [UInt8]
  /// PDB info stream `Signature` (a timestamp in old PDBs).
  public let signature: UInt32
  /// Named streams (`/names`, `/LinkInfo` …) → stream index.
  public let namedStreams: [String: Int]
  /// The DBI header age: the one that matches the image's RSDS age.
  public let dbiAge: UInt32
  /// DBI `Machine` (0x14C, 0x8664, 0xAA64 …).
  public let machine: UInt16
  /// The module list.
  public let modules: [PDBModule]
  /// The image's section headers, from the optional debug header.
  public let sections: [PDBSection]
  /// DBI `SymRecordStream`.
  let symbolRecordStream: Int?
  /// DBI `PublicStreamIndex`.
  let publicStream: Int?
  /// Section contributions: offset and size of the substream inside DBI, and entry size.
  let sectionContributions: (offset: Int, count: Int, stride: Int)
  /// Optional debug header stream indices ([0] FPO, [9] FrameData).
  let debugStreams: [Int?]
  /// Problems found while opening optional parts.
  public private(set) var notes: [Note] = []
  /// Where the PDB came from, for reports.
  public var sourceDescription: String = "PDB"

  /// Limit on modules.
  static let maxModules = 1 << 20
  /// The most records read from one symbol stream (``maxRecords``; lowered by tests).
  var recordLimit = PDBFile.maxRecords

  /// Opens a PDB file.
  ///
  /// - Throws: ``ReadError`` when the file is not an MSF 7.0 PDB or its info/DBI header is bad.
  public static func open(path: String) throws(ReadError) -> PDBFile {
    var file = try PDBFile(data: try MappedFile.open(path))
    file.sourceDescription = path
    return file
  }

  /// Parses a PDB.
  ///
  /// - Throws: ``ReadError`` when the container, the info stream or the DBI header is bad.
  public init(data: Data) throws(ReadError) {
    msf = try MSFFile(data: data)
    guard let info = msf.stream(1) else {
      throw ReadError(
        code: .invalidValue, context: "PDB info stream", detail: "stream 1 is missing")
    }
    let header = try info.reader(at: 0, count: 28, "PDB info stream header")
    signature = try header.read(UInt32.self, at: 4, "PDBStream.Signature")
    infoAge = try header.read(UInt32.self, at: 8, "PDBStream.Age")
    guid = try header.byteArray(at: 12, count: 16, "PDBStream.Guid")
    var notes: [Note] = []
    do {
      namedStreams = try Self.readNamedStreams(info)
    } catch {
      namedStreams = [:]
      notes.append(
        Note(code: "pdb_named_streams", message: error.description, offset: error.offset))
    }

    guard let dbi = msf.stream(3), dbi.size >= 64 else {
      throw ReadError(
        code: .invalidValue, context: "DBI stream", detail: "stream 3 is missing or too short")
    }
    let dbiHeader = try dbi.reader(at: 0, count: 64, "DBI header")
    guard try dbiHeader.read(Int32.self, at: 0, "DbiStreamHeader.VersionSignature") == -1 else {
      throw ReadError(
        code: .unsupported, offset: dbiHeader.fileOffset(of: 0),
        context: "DbiStreamHeader.VersionSignature",
        detail: "not a new-format DBI stream")
    }
    dbiAge = try dbiHeader.read(UInt32.self, at: 8, "DbiStreamHeader.Age")
    let publicIndex = try dbiHeader.read(UInt16.self, at: 0x10, "DbiStreamHeader.PublicStreamIndex")
    let recordIndex = try dbiHeader.read(UInt16.self, at: 0x14, "DbiStreamHeader.SymRecordStream")
    publicStream = publicIndex == 0xFFFF ? nil : Int(publicIndex)
    symbolRecordStream = recordIndex == 0xFFFF ? nil : Int(recordIndex)
    machine = try dbiHeader.read(UInt16.self, at: 0x3A, "DbiStreamHeader.Machine")
    var sizes: [Int] = []
    for (at, name) in [
      (0x18, "ModInfoSize"), (0x1C, "SectionContributionSize"), (0x20, "SectionMapSize"),
      (0x24, "SourceInfoSize"), (0x28, "TypeServerMapSize"), (0x34, "ECSubstreamSize"),
      (0x30, "OptionalDbgHeaderSize"),
    ] {
      let value = try dbiHeader.read(Int32.self, at: at, "DbiStreamHeader.\(name)")
      guard value >= 0 else {
        throw ReadError(
          code: .invalidValue, offset: dbiHeader.fileOffset(of: at),
          context: "DbiStreamHeader.\(name)",
          detail: "negative size \(value)")
      }
      sizes.append(Int(value))
    }
    // On-disk order: ModInfo, SectionContribution, SectionMap, SourceInfo, TypeServerMap, EC,
    // OptionalDbgHeader (the header lists the last two the other way round).
    var offsets: [Int] = []
    var cursor = 64
    for size in sizes {
      offsets.append(cursor)
      guard let next = cursor.checkedAdding(size), next <= dbi.size else {
        throw ReadError(
          code: .outOfBounds, context: "DBI substreams",
          detail: "substream sizes exceed the 0x\(String(dbi.size, radix: 16))-byte DBI stream")
      }
      cursor = next
    }
    let moduleReader = try dbi.reader(at: offsets[0], count: sizes[0], "DBI.ModInfo")
    var modules: [PDBModule] = []
    do {
      let read = try Self.readModules(moduleReader, limit: Self.maxModules)
      modules = read.modules
      if read.stopped {
        notes.append(Self.moduleLimitNote(limit: Self.maxModules))
      }
    } catch {
      notes.append(Note(code: "pdb_modules", message: error.description, offset: error.offset))
    }
    self.modules = modules

    var contributions = (offset: offsets[1], count: 0, stride: 28)
    if sizes[1] >= 4 {
      let version = try dbi.read(UInt32.self, at: offsets[1], "DBI.SectionContribution.Version")
      let stride = version == 0xEFFE_0000 &+ 20_140_516 ? 32 : 28
      contributions = (offsets[1] + 4, (sizes[1] - 4) / stride, stride)
    }
    sectionContributions = contributions

    var debugStreams: [Int?] = []
    let debugHeader = try dbi.reader(at: offsets[6], count: sizes[6], "DBI.OptionalDbgHeader")
    for index in 0..<min(debugHeader.count / 2, 16) {
      let value = try debugHeader.read(
        UInt16.self, at: index * 2, "DBI.OptionalDbgHeader[\(index)]")
      debugStreams.append(value == 0xFFFF ? nil : Int(value))
    }
    self.debugStreams = debugStreams
    var sections: [PDBSection] = []
    if debugStreams.count > 5, let index = debugStreams[5], let stream = msf.stream(index) {
      do {
        let reader = try stream.all("Section headers")
        for i in 0..<min(reader.count / 40, 0xFFFF) {
          let base = i * 40
          sections.append(
            PDBSection(
              name: try reader.fixedString(at: base, count: 8, "IMAGE_SECTION_HEADER.Name"),
              virtualSize: try reader.read(UInt32.self, at: base + 8, "VirtualSize"),
              virtualAddress: try reader.read(UInt32.self, at: base + 12, "VirtualAddress"),
              characteristics: try reader.read(UInt32.self, at: base + 36, "Characteristics")))
        }
      } catch {
        notes.append(
          Note(code: "pdb_section_headers", message: error.description, offset: error.offset))
      }
    } else {
      notes.append(
        Note(
          code: "pdb_section_headers",
          message: "the PDB has no section-header stream; RVAs are unknown"))
    }
    if debugStreams.count > 3, debugStreams[3] != nil {
      notes.append(
        Note(
          code: "pdb_omap",
          message: "the image was rewritten (OMAP streams present); addresses may be approximate"))
    }
    self.sections = sections
    self.notes = notes
  }

  /// The GUID as 32 upper-case hex digits (symbol-store form).
  public var guidString: String {
    guard guid.count == 16 else { return "" }
    let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
    return order.map { index in
      let byte = guid[index]
      return (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }.joined()
  }

  /// The debug id that matches the image's RSDS record: GUID + DBI age (`%X`).
  public var debugID: String { guidString + String(dbiAge, radix: 16, uppercase: true) }

  /// The architecture from the DBI machine field.
  public var architecture: CPUArchitecture { CPUArchitecture(machineType: UInt32(machine)) }

  /// The RVA of `segment:offset` (segments are 1-based section numbers).
  public func rva(segment: UInt16, offset: UInt32) -> UInt32? {
    let index = Int(segment) - 1
    guard index >= 0, index < sections.count else { return nil }
    return sections[index].virtualAddress.checkedAdding(offset)
  }

  /// The named-stream map of the info stream: string buffer, then a hash table of
  /// {string offset → stream index}.
  static func readNamedStreams(_ info: MSFStream) throws(ReadError) -> [String: Int] {
    let all = try info.all("PDBStream")
    var cursor = try all.slice(from: 28, "PDBStream.NamedStreamMap")
    let bufferSize = Int(try cursor.read(UInt32.self, "NamedStreamMap.StringBufferSize"))
    let buffer = try cursor.readSlice(bufferSize, "NamedStreamMap.StringBuffer")
    let size = try cursor.read(UInt32.self, "NamedStreamMap.HashTable.Size")
    _ = try cursor.read(UInt32.self, "NamedStreamMap.HashTable.Capacity")
    let presentWords = try checkCount(
      UInt64(try cursor.read(UInt32.self, "HashTable.Present.WordCount")), stride: 4,
      available: cursor.remaining, offset: cursor.fileOffset, "HashTable.Present")
    try cursor.skip(presentWords * 4, "HashTable.Present")
    let deletedWords = try checkCount(
      UInt64(try cursor.read(UInt32.self, "HashTable.Deleted.WordCount")), stride: 4,
      available: cursor.remaining, offset: cursor.fileOffset, "HashTable.Deleted")
    try cursor.skip(deletedWords * 4, "HashTable.Deleted")
    let entries = try checkCount(
      UInt64(size), stride: 8, available: cursor.remaining, offset: cursor.fileOffset,
      "HashTable.Entries")
    var result: [String: Int] = [:]
    for _ in 0..<entries {
      let key = Int(try cursor.read(UInt32.self, "HashTable.Key"))
      let value = Int(try cursor.read(UInt32.self, "HashTable.Value"))
      guard key < buffer.count else { continue }
      let name = try buffer.cString(at: key, maxLength: buffer.count - key, "NamedStreamMap.Name")
      result[name.value] = value
    }
    return result
  }

  /// The note for a module list longer than `limit`.
  static func moduleLimitNote(limit: Int) -> Note {
    Note(
      code: "pdb_modules_limit",
      message:
        "the DBI module list has more than \(limit) modules; reading the first \(limit) (the limit)"
    )
  }

  /// The module info records (`DBI.ModInfo`), at most `limit` of them.
  ///
  /// - Returns: The modules, and whether records were left unread at the limit.
  static func readModules(_ reader: ByteReader, limit: Int) throws(ReadError) -> (
    modules: [PDBModule], stopped: Bool
  ) {
    var modules: [PDBModule] = []
    var offset = 0
    while offset + 0x40 <= reader.count {
      guard modules.count < limit else { return (modules, true) }
      let stream = try reader.read(UInt16.self, at: offset + 0x22, "ModInfo.ModuleSymStream")
      let symbolBytes = try reader.read(UInt32.self, at: offset + 0x24, "ModInfo.SymByteSize")
      let c13Bytes = try reader.read(UInt32.self, at: offset + 0x2C, "ModInfo.C13ByteSize")
      let name = try reader.cString(
        at: offset + 0x40, maxLength: reader.count - offset - 0x40, "ModInfo.ModuleName")
      let objectOffset = offset + 0x40 + name.consumed
      let object = try reader.cString(
        at: objectOffset, maxLength: reader.count - objectOffset, "ModInfo.ObjFileName")
      modules.append(
        PDBModule(
          name: name.value, objectName: object.value,
          symbolStream: stream == 0xFFFF ? nil : Int(stream), symbolBytes: symbolBytes,
          c13Bytes: c13Bytes))
      offset = (objectOffset + object.consumed + 3) & ~3
    }
    return (modules, false)
  }
}

/// One module (object file or library member) of the DBI module list.
public struct PDBModule: Hashable, Sendable {
  /// `ModuleName`.
  public var name: String
  /// `ObjFileName`.
  public var objectName: String
  /// `ModuleSymStream`, or `nil`.
  public var symbolStream: Int?
  /// `SymByteSize` (includes the 4-byte signature).
  public var symbolBytes: UInt32
  /// `C13ByteSize`.
  public var c13Bytes: UInt32
}

/// A section header copy in the PDB (name, virtual address and size).
public struct PDBSection: Hashable, Sendable {
  /// `Name`.
  public var name: String
  /// `VirtualSize`.
  public var virtualSize: UInt32
  /// `VirtualAddress`.
  public var virtualAddress: UInt32
  /// `Characteristics`.
  public var characteristics: UInt32
}
