import BinaryReading
import DumpFormats

/// `VS_FIXEDFILEINFO` (verrsrc.h): the fixed part of a module's version resource.
public struct FixedFileInfo: Hashable, Sendable {
  /// The signature a present resource carries (0xFEEF04BD).
  public static let expectedSignature: UInt32 = 0xFEEF_04BD
  /// `dwSignature`.
  public var signature: UInt32
  /// `dwFileVersionMS`, `dwFileVersionLS`.
  public var fileVersionMS: UInt32, fileVersionLS: UInt32
  /// `dwProductVersionMS`, `dwProductVersionLS`.
  public var productVersionMS: UInt32, productVersionLS: UInt32
  /// `dwFileFlags` (masked by `dwFileFlagsMask`).
  public var fileFlags: UInt32
  /// `dwFileOS`.
  public var fileOS: UInt32
  /// `dwFileType` (1 application, 2 DLL, 3 driver…).
  public var fileType: UInt32

  /// Whether a version resource was captured (the signature is right).
  public var isPresent: Bool { signature == Self.expectedSignature }

  /// The file version as four parts, or `nil` when no resource was captured.
  public var fileVersion: [UInt16]? {
    isPresent ? Self.parts(fileVersionMS, fileVersionLS) : nil
  }

  /// The product version as four parts, or `nil` when no resource was captured.
  public var productVersion: [UInt16]? {
    isPresent ? Self.parts(productVersionMS, productVersionLS) : nil
  }

  static func parts(_ ms: UInt32, _ ls: UInt32) -> [UInt16] {
    [
      UInt16(truncatingIfNeeded: ms >> 16), UInt16(truncatingIfNeeded: ms),
      UInt16(truncatingIfNeeded: ls >> 16), UInt16(truncatingIfNeeded: ls),
    ]
  }

  /// Reads the 52-byte structure.
  init(parsing reader: ByteReader, _ name: String) throws(ReadError) {
    signature = try reader.read(UInt32.self, at: 0, name + ".dwSignature")
    fileVersionMS = try reader.read(UInt32.self, at: 8, name + ".dwFileVersionMS")
    fileVersionLS = try reader.read(UInt32.self, at: 12, name + ".dwFileVersionLS")
    productVersionMS = try reader.read(UInt32.self, at: 16, name + ".dwProductVersionMS")
    productVersionLS = try reader.read(UInt32.self, at: 20, name + ".dwProductVersionLS")
    let mask = try reader.read(UInt32.self, at: 24, name + ".dwFileFlagsMask")
    fileFlags = try reader.read(UInt32.self, at: 28, name + ".dwFileFlags") & mask
    fileOS = try reader.read(UInt32.self, at: 32, name + ".dwFileOS")
    fileType = try reader.read(UInt32.self, at: 36, name + ".dwFileType")
  }
}

/// A 16-byte GUID as stored on disk (Data1 u32, Data2 u16, Data3 u16, Data4[8]).
public struct MinidumpGUID: Hashable, Sendable, CustomStringConvertible {
  /// `Data1`.
  public var data1: UInt32
  /// `Data2`.
  public var data2: UInt16
  /// `Data3`.
  public var data3: UInt16
  /// `Data4`.
  public var data4: [UInt8]

  /// Reads a GUID at `offset`.
  init(_ reader: ByteReader, at offset: Int, _ name: String) throws(ReadError) {
    data1 = try reader.read(UInt32.self, at: offset, name + ".Data1")
    data2 = try reader.read(UInt16.self, at: offset + 4, name + ".Data2")
    data3 = try reader.read(UInt16.self, at: offset + 6, name + ".Data3")
    data4 = try reader.byteArray(at: offset + 8, count: 8, name + ".Data4")
  }

  /// The symbol-store form: 32 upper-case hex digits without dashes.
  public var compactHex: String {
    hex(UInt64(data1), 8) + hex(UInt64(data2), 4) + hex(UInt64(data3), 4)
      + data4.map { hex(UInt64($0), 2) }.joined()
  }

  /// The registry form: `5a9832e5-2872-41c1-838e-d98914e9b7ff`.
  public var description: String {
    let tail = data4.map { hex(UInt64($0), 2) }.joined().lowercased()
    return [
      hex(UInt64(data1), 8), hex(UInt64(data2), 4), hex(UInt64(data3), 4),
    ].joined(separator: "-").lowercased() + "-" + tail.prefix(4) + "-" + tail.dropFirst(4)
  }
}

/// Upper-case hex, zero-padded to `width` digits.
func hex(_ value: UInt64, _ width: Int) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// A module's CodeView record: where its debug information (PDB) is and how to identify it.
public enum CodeViewRecord: Hashable, Sendable {
  /// `RSDS` (PDB 7.0): GUID, age and PDB path.
  case pdb70(guid: MinidumpGUID, age: UInt32, pdbName: String)
  /// `NB10` (PDB 2.0): signature (a timestamp), age and PDB path.
  case pdb20(signature: UInt32, age: UInt32, pdbName: String)
  /// `BpEL`: a Breakpad ELF build id.
  case elfBuildID([UInt8])
  /// Anything else (`NB09`, `NB11`, unknown), kept by signature and size.
  case other(signature: UInt32, size: Int)

  /// The PDB file name as recorded, when the record has one.
  public var pdbName: String? {
    switch self {
    case .pdb70(_, _, let name), .pdb20(_, _, let name): name
    default: nil
    }
  }

  /// The debug identifier as Breakpad prints it: GUID (upper-case hex) followed by the age in
  /// lower-case hex (`5A9832E5287241C1838ED98914E9B7FF1`).
  public var debugID: String? {
    switch self {
    case .pdb70(let guid, let age, _): guid.compactHex + String(age, radix: 16)
    case .pdb20(let signature, let age, _): hex(UInt64(signature), 8) + String(age, radix: 16)
    case .elfBuildID(let bytes): bytes.map { hex(UInt64($0), 2) }.joined()
    case .other: nil
    }
  }

  /// Parses a record by its first four bytes.
  init(parsing reader: ByteReader, _ name: String) throws(ReadError) {
    let signature = try reader.read(UInt32.self, at: 0, name + ".CvSignature")
    switch signature {
    case 0x5344_5352:  // RSDS
      let guid = try MinidumpGUID(reader, at: 4, name + ".Signature")
      let age = try reader.read(UInt32.self, at: 20, name + ".Age")
      let pdb = try reader.fixedString(at: 24, count: reader.count - 24, name + ".PdbFileName")
      self = .pdb70(guid: guid, age: age, pdbName: pdb)
    case 0x3031_424E:  // NB10
      let stamp = try reader.read(UInt32.self, at: 8, name + ".Signature")
      let age = try reader.read(UInt32.self, at: 12, name + ".Age")
      let pdb = try reader.fixedString(at: 16, count: reader.count - 16, name + ".PdbFileName")
      self = .pdb20(signature: stamp, age: age, pdbName: pdb)
    case 0x4270_454C:  // BpEL
      self = .elfBuildID(try reader.byteArray(at: 4, count: reader.count - 4, name + ".BuildId"))
    default:
      self = .other(signature: signature, size: reader.count)
    }
  }
}

/// One module: `MINIDUMP_MODULE` (minidumpapiset.h, 108 bytes).
public struct MinidumpModule: Hashable, Sendable {
  /// `BaseOfImage`.
  public var base: UInt64
  /// `SizeOfImage`.
  public var size: UInt32
  /// `CheckSum`.
  public var checksum: UInt32
  /// `TimeDateStamp`.
  public var timeDateStamp: UInt32
  /// The full path from `ModuleNameRva` (empty when unreadable).
  public var name: String
  /// `VersionInfo`.
  public var versionInfo: FixedFileInfo
  /// The CodeView record, when present and readable.
  public var codeView: CodeViewRecord?
  /// `MiscRecord` (old IMAGE_DEBUG_MISC, rarely present).
  public var miscRecord: MinidumpLocation

  /// The module as the stack walker and the symbol store see it.
  public var loadedModule: LoadedModule {
    LoadedModule(
      name: name, base: base, size: UInt64(size), timeDateStamp: timeDateStamp,
      checksum: checksum, fileVersion: versionInfo.fileVersion,
      productVersion: versionInfo.productVersion, debugFile: codeView?.pdbName,
      debugID: codeView?.debugID)
  }

  /// The symbol-store code id as Breakpad prints it: `%08X` TimeDateStamp + `%x` SizeOfImage.
  public var codeID: String { hex(UInt64(timeDateStamp), 8) + String(size, radix: 16) }

  /// The file version as `5.1.2600.2180`, or `nil` when absent.
  public var versionString: String? {
    versionInfo.fileVersion.map { $0.map(String.init).joined(separator: ".") }
  }
}

/// `MINIDUMP_MODULE_LIST` (stream 4): the loaded modules.
public struct ModuleList: MinidumpStream, Hashable {
  /// The stream type (4).
  public static var streamType: MinidumpStreamType { .moduleList }
  /// The modules in file order (the main executable is usually first).
  public var modules: [MinidumpModule]
  /// Problems found while parsing.
  public var notes: [Note]

  /// The most bytes a CodeView record may take (real ones are under 300).
  static let maximumCodeViewSize: UInt32 = 0x1000

  /// The most modules read from a module list or unloaded-module list.
  ///
  /// Real processes load a few hundred; the rest of a longer list is skipped with a
  /// `minidump.list.limit` note.
  public static let maximumModules = 16_384

  /// Parses `u32 count + N × 108-byte MINIDUMP_MODULE` with each module's name and CodeView.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_MODULE_LIST"
    let layout = try ListLayout(stream, entrySize: 108, name: name, limit: Self.maximumModules)
    notes = layout.notes
    modules = []
    modules.reserveCapacity(layout.count)
    var seen: Set<ModuleKey> = []
    for index in 0..<layout.count {
      let label = "\(name).Modules[\(index)]"
      let entry = try stream.slice(at: layout.firstEntry + index * 108, count: 108, label)
      let base = try entry.read(UInt64.self, at: 0, label + ".BaseOfImage")
      let size = try entry.read(UInt32.self, at: 8, label + ".SizeOfImage")
      let checksum = try entry.read(UInt32.self, at: 12, label + ".CheckSum")
      let stamp = try entry.read(UInt32.self, at: 16, label + ".TimeDateStamp")
      let nameRVA = try entry.read(UInt32.self, at: 20, label + ".ModuleNameRva")
      let version = try FixedFileInfo(
        parsing: try entry.slice(at: 24, count: 52, label + ".VersionInfo"),
        label + ".VersionInfo")
      var cvReader = try entry.slice(at: 76, count: 8, label + ".CvRecord")
      let cvLocation = try MinidumpLocation(reading: &cvReader, label + ".CvRecord")
      var miscReader = try entry.slice(at: 84, count: 8, label + ".MiscRecord")
      let misc = try MinidumpLocation(reading: &miscReader, label + ".MiscRecord")
      var moduleName = ""
      do {
        moduleName = try context.file.minidumpString(at: nameRVA, label + ".ModuleName")
      } catch {
        notes.append(
          Note(
            code: "minidump.module.name",
            message: "module at 0x\(String(base, radix: 16)): name unreadable: \(error)",
            offset: error.offset))
      }
      // Folklore: Wine's dbghelp writes no CodeView records (CvRecord is {0, 0}), so Wine
      // dumps have no debug ids; that is not an error.
      var codeView: CodeViewRecord?
      if cvLocation.dataSize >= 4 {
        do throws(ReadError) {
          guard cvLocation.dataSize <= Self.maximumCodeViewSize else {
            throw ReadError(
              code: .limitExceeded, offset: UInt64(cvLocation.rva), context: label + ".CvRecord",
              detail: "CodeView record of \(cvLocation.dataSize) bytes")
          }
          let record = try context.file.slice(
            at: UInt64(cvLocation.rva), count: UInt64(cvLocation.dataSize), label + ".CvRecord")
          codeView = try CodeViewRecord(parsing: record, label + ".CvRecord")
        } catch {
          notes.append(
            Note(
              code: "minidump.module.codeview",
              message: "module \(moduleName): CodeView record unreadable: \(error)",
              offset: error.offset))
        }
      }
      // Folklore: a WOW64 process dumped by a 64-bit writer lists its main executable twice,
      // identically (from the 64-bit and the 32-bit loader lists; kdlibcpp
      // targetapp_stacktest_wow64). Keep the first, as Breakpad does, and note it.
      // A set, not a scan of `modules`: a long hostile list must not cost n² comparisons.
      guard seen.insert(ModuleKey(base: base, size: size, name: moduleName)).inserted else {
        notes.append(
          Note(
            code: "minidump.module.duplicate",
            message:
              "module \(moduleName) at 0x\(String(base, radix: 16)) is listed twice; keeping the first",
            offset: entry.fileOffset(of: 0)))
        continue
      }
      modules.append(
        MinidumpModule(
          base: base, size: size, checksum: checksum, timeDateStamp: stamp, name: moduleName,
          versionInfo: version, codeView: codeView, miscRecord: misc))
    }
  }
}

/// What makes two module-list entries the same module.
private struct ModuleKey: Hashable {
  var base: UInt64
  var size: UInt32
  var name: String
}

/// `MINIDUMP_UNLOADED_MODULE_LIST` (stream 14): modules unloaded before the dump was written.
public struct UnloadedModuleList: MinidumpStream, Hashable {
  /// The stream type (14).
  public static var streamType: MinidumpStreamType { .unloadedModuleList }

  /// `MINIDUMP_UNLOADED_MODULE`.
  public struct Entry: Hashable, Sendable {
    /// `BaseOfImage`.
    public var base: UInt64
    /// `SizeOfImage`.
    public var size: UInt32
    /// `CheckSum`.
    public var checksum: UInt32
    /// `TimeDateStamp`.
    public var timeDateStamp: UInt32
    /// The name from `ModuleNameRva`.
    public var name: String
  }

  /// The entries in file order.
  public var modules: [Entry]
  /// Problems found while parsing.
  public var notes: [Note]

  /// Parses the sized header and the 24-byte entries (sizes taken from the header).
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_UNLOADED_MODULE_LIST"
    let layout = try SizedListLayout(
      stream, minimumHeader: 12, minimumEntry: 24, name: name, limit: ModuleList.maximumModules)
    notes = layout.notes
    modules = []
    modules.reserveCapacity(layout.count)
    for index in 0..<layout.count {
      let label = "\(name)[\(index)]"
      var entry = try stream.slice(
        at: layout.firstEntry + index * layout.entrySize, count: 24, label)
      let base = try entry.read(UInt64.self, label + ".BaseOfImage")
      let size = try entry.read(UInt32.self, label + ".SizeOfImage")
      let checksum = try entry.read(UInt32.self, label + ".CheckSum")
      let stamp = try entry.read(UInt32.self, label + ".TimeDateStamp")
      let nameRVA = try entry.read(UInt32.self, label + ".ModuleNameRva")
      var moduleName = ""
      do {
        moduleName = try context.file.minidumpString(at: nameRVA, label + ".ModuleName")
      } catch {
        notes.append(
          Note(
            code: "minidump.unloaded_module.name",
            message: "unloaded module at 0x\(String(base, radix: 16)): name unreadable: \(error)",
            offset: error.offset))
      }
      modules.append(
        Entry(
          base: base, size: size, checksum: checksum, timeDateStamp: stamp, name: moduleName))
    }
  }
}
