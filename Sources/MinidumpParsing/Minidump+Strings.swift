import BinaryReading
import DumpFormats

/// The longest MINIDUMP_STRING accepted, in bytes (paths are far shorter).
let maximumStringBytes = 0x1_0000

extension ByteReader {
  /// Reads a `MINIDUMP_STRING` (u32 byte length, then UTF-16LE) at a file offset.
  ///
  /// The length counts bytes, not characters, and excludes the terminator; an odd length loses
  /// its last byte.
  ///
  /// - Throws: ``ReadError`` when the string leaves the file or is implausibly long.
  func minidumpString(at rva: UInt32, _ context: @autoclosure () -> String) throws(ReadError)
    -> String
  {
    let length = try read(UInt32.self, at: UInt64(rva), context() + ".Length")
    guard length <= maximumStringBytes else {
      throw ReadError(
        code: .limitExceeded, offset: UInt64(rva), context: context(),
        detail: "string length \(length) bytes exceeds \(maximumStringBytes)")
    }
    let start = UInt64(rva) + 4
    let body = try slice(at: start, count: UInt64(length), context() + ".Buffer")
    return try body.utf16String(at: 0, units: Int(length / 2), context() + ".Buffer")
  }

  /// Reads `count` bytes at a file offset as `[UInt8]`, with overflow-checked bounds.
  func byteArray(rva: UInt64, count: UInt64, _ context: @autoclosure () -> String)
    throws(ReadError) -> [UInt8]
  {
    let window = try slice(at: rva, count: count, context())
    return try window.byteArray(at: 0, count: window.count, context())
  }
}

/// `MINIDUMP_LOCATION_DESCRIPTOR`: a (size, file offset) pair.
public struct MinidumpLocation: Hashable, Sendable {
  /// `DataSize`.
  public var dataSize: UInt32
  /// `Rva` (a file offset).
  public var rva: UInt32

  /// Creates a location.
  public init(dataSize: UInt32, rva: UInt32) {
    self.dataSize = dataSize
    self.rva = rva
  }

  /// Whether both fields are zero (the writer left the record out).
  public var isEmpty: Bool { dataSize == 0 && rva == 0 }

  /// Reads a location and advances.
  init(reading reader: inout ByteReader, _ context: String) throws(ReadError) {
    dataSize = try reader.read(UInt32.self, context + ".DataSize")
    rva = try reader.read(UInt32.self, context + ".Rva")
  }
}

/// The entries of a `u32 count + N × entry` list stream, after checking the count.
struct ListLayout {
  /// Number of entries that fit.
  var count: Int
  /// Offset of the first entry inside the stream.
  var firstEntry: Int
  /// Notes (padding seen, count larger than the stream).
  var notes: [Note]

  /// Reads the count and decides where the entries start.
  ///
  /// Folklore: some writers (macOS Breakpad, seen in the corpus) put 4 bytes of padding after
  /// the u32 count, so the stream is `8 + n × size` bytes instead of `4 + n × size`. Like
  /// rust-minidump, accept exactly that and skip the padding. A count larger than the stream
  /// keeps the entries that fit and records a note.
  init(_ stream: ByteReader, entrySize: Int, name: String, limit: Int = .max) throws(ReadError) {
    let raw = try stream.read(UInt32.self, at: 0, name + ".count")
    let declared = UInt64(raw)
    let needed = declared * UInt64(entrySize)
    notes = []
    if UInt64(stream.count) == 8 + needed, declared > 0 || stream.count == 8 {
      firstEntry = 8
      notes.append(
        Note(
          code: "minidump.list.padding",
          message: "\(name) has 4 bytes of padding after its count (tolerated)",
          offset: stream.fileOffset(of: 4)))
    } else {
      firstEntry = 4
    }
    let available = max(0, stream.count - firstEntry) / entrySize
    if declared > UInt64(available) {
      count = available
      notes.append(
        Note(
          code: "minidump.list.count_too_large",
          message:
            "\(name) declares \(declared) entries but only \(available) fit in its \(stream.count) bytes; reading \(available)",
          offset: stream.fileOffset(of: 0)))
    } else {
      count = Int(raw)
    }
    limitEntries(&count, to: limit, name: name, offset: stream.fileOffset(of: 0), notes: &notes)
  }
}

/// Caps a list's entry count at `limit`, with a note naming the limit and its value.
func limitEntries(
  _ count: inout Int, to limit: Int, name: String, offset: UInt64?, notes: inout [Note]
) {
  guard count > limit else { return }
  notes.append(
    Note(
      code: "minidump.list.limit",
      message: "\(name) has \(count) entries; reading the first \(limit) (the limit)",
      offset: offset))
  count = limit
}

/// The entries of a list stream with a `{SizeOfHeader, SizeOfEntry, NumberOfEntries}` header.
struct SizedListLayout {
  /// Number of entries that fit.
  var count: Int
  /// Offset of the first entry.
  var firstEntry: Int
  /// Bytes per entry as declared (at least the size this library reads).
  var entrySize: Int
  /// Notes.
  var notes: [Note]

  /// Reads the header; the sizes come from the header so larger future entries still parse.
  init(
    _ stream: ByteReader, minimumHeader: Int, minimumEntry: Int, count64: Bool = false,
    name: String, limit: Int = .max
  ) throws(ReadError) {
    let headerSize = try stream.read(UInt32.self, at: 0, name + ".SizeOfHeader")
    let declaredEntry = try stream.read(UInt32.self, at: 4, name + ".SizeOfEntry")
    let declared: UInt64 =
      count64
      ? try stream.read(UInt64.self, at: 8, name + ".NumberOfEntries")
      : UInt64(try stream.read(UInt32.self, at: 8, name + ".NumberOfEntries"))
    guard headerSize >= UInt32(minimumHeader), Int(headerSize) <= stream.count else {
      throw ReadError(
        code: .invalidValue, offset: stream.fileOffset(of: 0), context: name + ".SizeOfHeader",
        detail: "header size \(headerSize) is not between \(minimumHeader) and the stream size")
    }
    guard declaredEntry >= UInt32(minimumEntry), declaredEntry <= 0x1_0000 else {
      throw ReadError(
        code: .invalidValue, offset: stream.fileOffset(of: 4), context: name + ".SizeOfEntry",
        detail: "entry size \(declaredEntry) is smaller than \(minimumEntry) or implausible")
    }
    firstEntry = Int(headerSize)
    entrySize = Int(declaredEntry)
    notes = []
    let available = (stream.count - firstEntry) / entrySize
    if declared > UInt64(available) {
      count = available
      notes.append(
        Note(
          code: "minidump.list.count_too_large",
          message:
            "\(name) declares \(declared) entries but only \(available) fit; reading \(available)",
          offset: stream.fileOffset(of: 8)))
    } else {
      count = Int(declared)
    }
    limitEntries(&count, to: limit, name: name, offset: stream.fileOffset(of: 8), notes: &notes)
  }
}
