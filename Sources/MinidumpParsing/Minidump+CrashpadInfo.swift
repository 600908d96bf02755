import BinaryReading
import DumpFormats

/// Crashpad's `MinidumpCrashpadInfo` (0x43500001): report id and the annotations the crashed
/// program attached (product, version, channel, crash keys).
///
/// Chrome, Electron and other Crashpad clients write it on Windows too; the annotations often
/// name the build far better than the module list does.
public struct CrashpadInfo: MinidumpStream, Hashable {
  /// The stream type (0x43500001).
  public static var streamType: MinidumpStreamType { .crashpadInfo }

  /// Annotations of one module.
  public struct ModuleAnnotations: Hashable, Sendable {
    /// Index into the module list.
    public var moduleIndex: UInt32
    /// `list_annotations`.
    public var list: [String]
    /// `simple_annotations` (key → value).
    public var simple: [String: String]
    /// String-typed `annotation_objects` (name → value).
    public var objects: [String: String]
  }

  /// `version`.
  public var version: UInt32
  /// `report_id` (registry form).
  public var reportID: MinidumpGUID
  /// `client_id` (registry form).
  public var clientID: MinidumpGUID
  /// Process-wide `simple_annotations`.
  public var simpleAnnotations: [String: String]
  /// Per-module annotations.
  public var modules: [ModuleAnnotations]
  /// Problems found while parsing.
  public var notes: [Note]

  /// The most dictionary entries or list items read per record.
  static let maximumEntries = 4096

  /// Parses the 52-byte record and the dictionaries and lists it points at.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MinidumpCrashpadInfo"
    let file = context.file
    version = try stream.read(UInt32.self, at: 0, name + ".version")
    reportID = try MinidumpGUID(stream, at: 4, name + ".report_id")
    clientID = try MinidumpGUID(stream, at: 20, name + ".client_id")
    var reader = try stream.slice(at: 36, count: 16, name)
    let simple = try MinidumpLocation(reading: &reader, name + ".simple_annotations")
    let moduleList = try MinidumpLocation(reading: &reader, name + ".module_list")
    var notes: [Note] = []
    func attempt<T>(_ label: String, _ fallback: T, _ body: () throws(ReadError) -> T) -> T {
      do {
        return try body()
      } catch {
        notes.append(
          Note(
            code: "minidump.crashpad.unreadable", message: "\(label) is unreadable: \(error)",
            offset: error.offset))
        return fallback
      }
    }
    simpleAnnotations = attempt(name + ".simple_annotations", [:]) { () throws(ReadError) in
      try Self.dictionary(at: simple, in: file, name + ".simple_annotations", notes: &notes)
    }
    var modules: [ModuleAnnotations] = []
    if !moduleList.isEmpty {
      let links: [(UInt32, MinidumpLocation)] = attempt(name + ".module_list", []) {
        () throws(ReadError) in
        let list = try file.slice(
          at: UInt64(moduleList.rva), count: UInt64(moduleList.dataSize), name + ".module_list")
        var count = min(
          Int(try list.read(UInt32.self, at: 0, name + ".module_list.count")),
          max(0, list.count - 4) / 12)
        limitEntries(
          &count, to: Self.maximumEntries, name: name + ".module_list",
          offset: list.fileOffset(of: 0), notes: &notes)
        var links: [(UInt32, MinidumpLocation)] = []
        for index in 0..<count {
          var entry = try list.slice(at: 4 + 12 * index, count: 12, name + ".module_list")
          let moduleIndex = try entry.read(UInt32.self, name + ".module_list.index")
          links.append(
            (moduleIndex, try MinidumpLocation(reading: &entry, name + ".module_list.location")))
        }
        return links
      }
      for (moduleIndex, location) in links {
        let label = "\(name).module[\(moduleIndex)]"
        if let module = attempt(
          label, nil,
          { () throws(ReadError) -> ModuleAnnotations? in
            try Self.moduleAnnotations(moduleIndex, at: location, in: file, label, notes: &notes)
          })
        {
          modules.append(module)
        }
      }
    }
    self.modules = modules
    self.notes = notes
  }

  static func moduleAnnotations(
    _ index: UInt32, at location: MinidumpLocation, in file: ByteReader, _ label: String,
    notes: inout [Note]
  ) throws(ReadError) -> ModuleAnnotations {
    var record = try file.slice(
      at: UInt64(location.rva), count: UInt64(location.dataSize), label)
    _ = try record.read(UInt32.self, label + ".version")
    let list = try MinidumpLocation(reading: &record, label + ".list_annotations")
    let simple = try MinidumpLocation(reading: &record, label + ".simple_annotations")
    let objects: MinidumpLocation? =
      record.remaining >= 8
      ? try MinidumpLocation(reading: &record, label + ".annotation_objects") : nil
    var strings: [String] = []
    if !list.isEmpty {
      let body = try file.slice(
        at: UInt64(list.rva), count: UInt64(list.dataSize), label + ".list_annotations")
      var count = min(
        Int(try body.read(UInt32.self, at: 0, label + ".list_annotations.count")),
        max(0, body.count - 4) / 4)
      limitEntries(
        &count, to: maximumEntries, name: label + ".list_annotations",
        offset: body.fileOffset(of: 0), notes: &notes)
      for item in 0..<count {
        let rva = try body.read(UInt32.self, at: 4 + 4 * item, label + ".list_annotations")
        strings.append(try utf8String(at: rva, in: file, label + ".list_annotations"))
      }
    }
    var named: [String: String] = [:]
    if let objects, !objects.isEmpty {
      let body = try file.slice(
        at: UInt64(objects.rva), count: UInt64(objects.dataSize), label + ".annotation_objects")
      var count = min(
        Int(try body.read(UInt32.self, at: 0, label + ".annotation_objects.count")),
        max(0, body.count - 4) / 12)
      limitEntries(
        &count, to: maximumEntries, name: label + ".annotation_objects",
        offset: body.fileOffset(of: 0), notes: &notes)
      for item in 0..<count {
        let base = 4 + 12 * item
        let nameRVA = try body.read(UInt32.self, at: base, label + ".annotation_objects.name")
        let type = try body.read(UInt16.self, at: base + 4, label + ".annotation_objects.type")
        let valueRVA = try body.read(UInt32.self, at: base + 8, label + ".annotation_objects.value")
        guard type == 1 else { continue }  // 1 = string
        let key = try utf8String(at: nameRVA, in: file, label + ".annotation_objects.name")
        // The value is a MinidumpByteArray: u32 length, then bytes (no terminator).
        let length = try file.read(UInt32.self, at: UInt64(valueRVA), label + ".value.length")
        guard length <= UInt32(maximumStringBytes) else { continue }
        let bytes = try file.slice(
          at: UInt64(valueRVA) + 4, count: UInt64(length), label + ".annotation_objects.value")
        named[key] = String(decoding: try bytes.byteArray(at: 0, count: bytes.count), as: UTF8.self)
      }
    }
    return ModuleAnnotations(
      moduleIndex: index, list: strings,
      simple: try dictionary(
        at: simple, in: file, label + ".simple_annotations", notes: &notes),
      objects: named)
  }

  /// Reads a `MinidumpSimpleStringDictionary` (count, then {key RVA, value RVA} pairs).
  static func dictionary(
    at location: MinidumpLocation, in file: ByteReader, _ label: String, notes: inout [Note]
  ) throws(ReadError) -> [String: String] {
    guard !location.isEmpty else { return [:] }
    let body = try file.slice(at: UInt64(location.rva), count: UInt64(location.dataSize), label)
    var count = min(
      Int(try body.read(UInt32.self, at: 0, label + ".count")), max(0, body.count - 4) / 8)
    limitEntries(
      &count, to: maximumEntries, name: label, offset: body.fileOffset(of: 0), notes: &notes)
    var result: [String: String] = [:]
    for item in 0..<count {
      let key = try body.read(UInt32.self, at: 4 + 8 * item, label + ".key")
      let value = try body.read(UInt32.self, at: 8 + 8 * item, label + ".value")
      result[try utf8String(at: key, in: file, label + ".key")] = try utf8String(
        at: value, in: file, label + ".value")
    }
    return result
  }

  /// Reads a `MINIDUMP_UTF8_STRING` (u32 byte length, UTF-8, NUL).
  static func utf8String(at rva: UInt32, in file: ByteReader, _ label: String) throws(ReadError)
    -> String
  {
    let length = try file.read(UInt32.self, at: UInt64(rva), label + ".length")
    guard length <= UInt32(maximumStringBytes) else {
      throw ReadError(
        code: .limitExceeded, offset: UInt64(rva), context: label,
        detail: "string length \(length) exceeds \(maximumStringBytes)")
    }
    let body = try file.slice(at: UInt64(rva) + 4, count: UInt64(length), label)
    return String(decoding: try body.byteArray(at: 0, count: body.count), as: UTF8.self)
  }
}

extension Minidump {
  /// Crashpad's annotations, when present and readable.
  public var crashpadInfo: CrashpadInfo? { streamIfReadable(CrashpadInfo.self) }
}
