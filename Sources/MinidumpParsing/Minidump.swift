import BinaryReading
import DumpFormats
import Foundation

/// A user-mode minidump (`MDMP`): header and stream directory read eagerly, streams on demand.
///
/// Creating a `Minidump` reads only the 32-byte header and the stream directory; a bad header or
/// directory is the only thing that makes it throw. Each stream is parsed the first time it is
/// asked for and the result (or its error) is cached, so a corrupt stream costs one ``Note`` and
/// the rest of the dump stays readable (rust-minidump's `get_stream`).
///
/// ```swift
/// let dump = try Minidump(path: "crash.dmp")
/// let modules = dump.modules          // [LoadedModule]
/// let context = dump.crashContext     // the exception context first
/// ```
///
/// See [Minidump files](https://learn.microsoft.com/windows/win32/debug/minidump-files).
public final class Minidump: Sendable {
  /// The whole file.
  public let file: ByteReader
  /// The `MINIDUMP_HEADER`.
  public let header: MinidumpHeader
  /// Every directory entry in file order, padding entries (type 0) included.
  public let directory: [MinidumpDirectoryEntry]
  /// Problems found in the directory (duplicates, entries outside the file).
  public let directoryNotes: [Note]
  /// The entry used for each stream type (the first one when a type repeats).
  private let chosen: [UInt32: MinidumpDirectoryEntry]
  private let cache = StreamCache()

  /// The most directory entries accepted (real dumps have fewer than 30).
  public static let maximumStreamCount = 4096

  /// Reads the header and the directory of a minidump held in memory.
  ///
  /// - Parameter data: The file's bytes.
  /// - Throws: ``ReadError`` when the header or the directory cannot be read.
  public init(data: Data) throws(ReadError) {
    let reader = ByteReader(data)
    file = reader
    header = try MinidumpHeader(parsing: reader)
    var entries: [MinidumpDirectoryEntry] = []
    var notes: [Note] = []
    var chosen: [UInt32: MinidumpDirectoryEntry] = [:]
    let directoryOffset = UInt64(header.streamDirectoryRVA)
    let available = max(0, reader.count - Int(clamping: directoryOffset))
    let count = try checkCount(
      UInt64(header.streamCount), stride: MinidumpDirectoryEntry.size, available: available,
      limit: Self.maximumStreamCount, offset: directoryOffset, "MINIDUMP_HEADER.NumberOfStreams")
    var table = try reader.slice(
      at: directoryOffset, count: UInt64(count) * UInt64(MinidumpDirectoryEntry.size),
      "MINIDUMP_DIRECTORY")
    entries.reserveCapacity(count)
    for index in 0..<count {
      let type = try table.read(UInt32.self, "MINIDUMP_DIRECTORY[\(index)].StreamType")
      let size = try table.read(UInt32.self, "MINIDUMP_DIRECTORY[\(index)].DataSize")
      let rva = try table.read(UInt32.self, "MINIDUMP_DIRECTORY[\(index)].Rva")
      let entry = MinidumpDirectoryEntry(
        index: index, type: MinidumpStreamType(rawValue: type), dataSize: size, rva: rva)
      entries.append(entry)
      guard entry.type != .unused else { continue }
      if let first = chosen[type] {
        // Folklore: a stream type can repeat (hand-made and fuzzed dumps do it). Windows'
        // dbghelp and rust-minidump use the first; so do we, and say so.
        notes.append(
          Note(
            code: "minidump.directory.duplicate_stream",
            message:
              "stream \(entry.type) appears again at directory index \(index); using the one at index \(first.index)",
            offset: directoryOffset + UInt64(index) * UInt64(MinidumpDirectoryEntry.size)))
        continue
      }
      chosen[type] = entry
      if UInt64(rva) + UInt64(size) > UInt64(reader.count) {
        notes.append(
          Note(
            code: "minidump.directory.outside_file",
            message:
              "stream \(entry.type) claims 0x\(String(size, radix: 16)) bytes at 0x\(String(rva, radix: 16)), past the end of the 0x\(String(reader.count, radix: 16))-byte file",
            offset: UInt64(rva)))
      }
    }
    directory = entries
    directoryNotes = notes
    self.chosen = chosen
  }

  /// Reads a minidump from a byte array.
  public convenience init(bytes: [UInt8]) throws(ReadError) {
    try self.init(data: Data(bytes))
  }

  /// Opens and maps a minidump file.
  ///
  /// - Throws: ``ReadError`` when the file cannot be opened or its header is unreadable.
  public convenience init(path: String) throws(ReadError) {
    try self.init(data: try MappedFile.open(path))
  }

  /// The directory entry for a stream type, or `nil` when the dump has none.
  public func entry(for type: MinidumpStreamType) -> MinidumpDirectoryEntry? {
    chosen[type.rawValue]
  }

  /// The raw bytes of a stream, or `nil` when absent.
  ///
  /// - Throws: ``ReadError`` when the entry points outside the file.
  public func rawStream(_ type: MinidumpStreamType) throws(ReadError) -> ByteReader? {
    guard let entry = entry(for: type) else { return nil }
    return try file.slice(
      at: UInt64(entry.rva), count: UInt64(entry.dataSize),
      "\(entry.type.name ?? entry.type.description)")
  }

  /// A parsed stream, or `nil` when the dump has none; parsed once and cached.
  ///
  /// - Throws: ``ReadError`` when the stream is present but unreadable (the same error each time).
  public func stream<S: MinidumpStream>(_ kind: S.Type) throws(ReadError) -> S? {
    let key = S.streamType.rawValue
    if let cached = cache.value(for: key) {
      switch cached {
      case .success(let value): return value as? S
      case .failure(let error): throw error
      }
    }
    guard let entry = entry(for: S.streamType) else { return nil }
    // Parse outside the lock: a stream may ask for another (threads need the architecture).
    let result: Result<any Sendable, ReadError>
    do {
      let bytes = try file.slice(
        at: UInt64(entry.rva), count: UInt64(entry.dataSize), S.streamName)
      let context = MinidumpParsingContext(
        file: file, architecture: S.streamType == .systemInfo ? nil : architectureHint)
      result = .success(try S(parsing: bytes, context: context))
    } catch {
      result = .failure(error)
    }
    cache.store(result, for: key)
    switch result {
    case .success(let value): return value as? S
    case .failure(let error): throw error
    }
  }

  /// A parsed stream, or `nil` when absent or unreadable (the error is kept for ``notes``).
  public func streamIfReadable<S: MinidumpStream>(_ kind: S.Type) -> S? {
    try? stream(kind)
  }

  /// The architecture from SystemInfo, used to pick the CONTEXT layout.
  var architectureHint: CPUArchitecture? {
    (try? stream(SystemInfo.self))?.architecture
  }

  /// Every problem found so far, after parsing every stream this library reads.
  ///
  /// Directory notes come first, then one note per unreadable stream, then the notes the
  /// streams themselves recorded (padding, truncated entries, unreadable names).
  public var notes: [Note] {
    var result = directoryNotes
    func collect<S: MinidumpStream>(_ kind: S.Type) {
      do {
        if let value = try stream(kind) { result += value.notes }
      } catch {
        result.append(
          Note(
            code: "minidump.stream.unreadable",
            message: "\(S.streamName) is unreadable: \(error)", offset: error.offset))
      }
    }
    collect(SystemInfo.self)
    collect(MiscInfo.self)
    collect(ExceptionStream.self)
    collect(ThreadList.self)
    collect(ThreadExList.self)
    collect(ThreadInfoList.self)
    collect(ThreadNames.self)
    collect(ModuleList.self)
    collect(UnloadedModuleList.self)
    collect(MemoryList.self)
    collect(Memory64List.self)
    collect(MemoryInfoList.self)
    collect(HandleData.self)
    collect(BreakpadInfo.self)
    collect(BreakpadAssertion.self)
    collect(CommentA.self)
    collect(CommentW.self)
    return result
  }

  /// Streams this library does not decode, by type and size (vendor streams included).
  public var otherStreams: [MinidumpDirectoryEntry] {
    let known: Set<MinidumpStreamType> = [
      .systemInfo, .miscInfo, .exception, .threadList, .threadExList, .threadInfoList,
      .threadNames, .moduleList, .unloadedModuleList, .memoryList, .memory64List, .memoryInfoList,
      .handleData, .breakpadInfo, .commentA, .commentW, .breakpadAssertionInfo,
    ]
    return directory.filter { $0.type != .unused && !known.contains($0.type) }
  }
}

/// What a stream parser may look at besides its own bytes.
public struct MinidumpParsingContext: Sendable {
  /// The whole file (strings, contexts and memory sit at file offsets).
  public var file: ByteReader
  /// The architecture from SystemInfo (`nil` while SystemInfo itself is parsed, or when absent).
  public var architecture: CPUArchitecture?

  /// Creates a context.
  public init(file: ByteReader, architecture: CPUArchitecture?) {
    self.file = file
    self.architecture = architecture
  }
}

/// A stream type this library can parse.
public protocol MinidumpStream: Sendable {
  /// The directory type that holds this stream.
  static var streamType: MinidumpStreamType { get }
  /// Parses the stream's bytes.
  init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError)
  /// Problems found while parsing that did not stop it.
  var notes: [Note] { get }
}

extension MinidumpStream {
  /// The stream's Windows name, for messages.
  public static var streamName: String { streamType.name ?? streamType.description }
}

/// `MINIDUMP_HEADER` (minidumpapiset.h): signature, version, directory location, time, flags.
public struct MinidumpHeader: Hashable, Sendable {
  /// The 32-bit `MINIDUMP_VERSION` in the low 16 bits (42899, 0xA793).
  public static let expectedVersion: UInt16 = 0xA793
  /// `Version` as written; the high 16 bits differ between writers.
  public var version: UInt32
  /// `NumberOfStreams`.
  public var streamCount: UInt32
  /// `StreamDirectoryRva` (a file offset).
  public var streamDirectoryRVA: UInt32
  /// `CheckSum` (usually 0).
  public var checksum: UInt32
  /// `TimeDateStamp`: when the dump was written (seconds since 1970).
  public var timeDateStamp: UInt32
  /// `Flags`: the MINIDUMP_TYPE bits used when writing.
  public var flags: UInt64

  /// The write time as a date, or `nil` when zero.
  public var date: Date? { WindowsTime.date(fromUnixTime: timeDateStamp) }

  /// Reads the header at the start of `reader`.
  ///
  /// - Throws: ``ReadError`` naming the bad field and its offset.
  public init(parsing reader: ByteReader) throws(ReadError) {
    guard reader.count >= 4 else {
      throw ReadError(
        code: .truncated, offset: 0, context: "MINIDUMP_HEADER",
        detail: "the file has \(reader.count) bytes; a minidump header needs 32")
    }
    guard reader.matches(Array("MDMP".utf8)) else {
      throw ReadError(
        code: .invalidValue, offset: 0, context: "MINIDUMP_HEADER.Signature",
        detail: "not a minidump (expected MDMP)")
    }
    version = try reader.read(UInt32.self, at: 4, "MINIDUMP_HEADER.Version")
    guard UInt16(truncatingIfNeeded: version) == Self.expectedVersion else {
      throw ReadError(
        code: .unsupported, offset: 4, context: "MINIDUMP_HEADER.Version",
        detail:
          "version 0x\(String(version, radix: 16)) has low 16 bits other than 0xa793 (42899)")
    }
    streamCount = try reader.read(UInt32.self, at: 8, "MINIDUMP_HEADER.NumberOfStreams")
    streamDirectoryRVA = try reader.read(UInt32.self, at: 12, "MINIDUMP_HEADER.StreamDirectoryRva")
    checksum = try reader.read(UInt32.self, at: 16, "MINIDUMP_HEADER.CheckSum")
    timeDateStamp = try reader.read(UInt32.self, at: 20, "MINIDUMP_HEADER.TimeDateStamp")
    flags = try reader.read(UInt64.self, at: 24, "MINIDUMP_HEADER.Flags")
  }
}

/// `MINIDUMP_DIRECTORY` (minidumpapiset.h): one stream's type and location.
public struct MinidumpDirectoryEntry: Hashable, Sendable {
  /// The on-disk size (12 bytes).
  public static let size = 12
  /// Position in the directory.
  public var index: Int
  /// `StreamType`.
  public var type: MinidumpStreamType
  /// `Location.DataSize`.
  public var dataSize: UInt32
  /// `Location.Rva` (a file offset).
  public var rva: UInt32
}

/// A lock-protected cache of parsed streams, keyed by stream type.
private final class StreamCache: @unchecked Sendable {
  // Safety: every access to `values` holds `lock`.
  private let lock = NSLock()
  private var values: [UInt32: Result<any Sendable, ReadError>] = [:]

  func value(for key: UInt32) -> Result<any Sendable, ReadError>? {
    lock.lock()
    defer { lock.unlock() }
    return values[key]
  }

  func store(_ value: Result<any Sendable, ReadError>, for key: UInt32) {
    lock.lock()
    defer { lock.unlock() }
    if values[key] == nil { values[key] = value }
  }
}
