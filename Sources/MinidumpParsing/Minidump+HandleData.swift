import BinaryReading
import DumpFormats

/// `MINIDUMP_HANDLE_DATA_STREAM` (stream 12): the process's open handles.
public struct HandleData: MinidumpStream, Hashable {
  /// The stream type (12).
  public static var streamType: MinidumpStreamType { .handleData }

  /// `MINIDUMP_HANDLE_DESCRIPTOR` / `_2`: the fields a triage needs.
  public struct Handle: Hashable, Sendable {
    /// `Handle`.
    public var value: UInt64
    /// The object type name (`File`, `Event`, `Mutant`…), when readable.
    public var typeName: String?
    /// The object name, when readable.
    public var objectName: String?
    /// `HandleCount`.
    public var handleCount: UInt32
  }

  /// `NumberOfDescriptors` as recorded.
  public var declaredCount: UInt32
  /// The handles read.
  public var handles: [Handle]
  /// Problems found while parsing.
  public var notes: [Note]

  /// The most handles read (the count is always reported).
  public static let maximumHandles = 100_000

  /// Parses `{SizeOfHeader, SizeOfDescriptor, NumberOfDescriptors, Reserved}` and descriptors.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_HANDLE_DATA_STREAM"
    let layout = try SizedListLayout(stream, minimumHeader: 16, minimumEntry: 32, name: name)
    declaredCount = try stream.read(UInt32.self, at: 8, name + ".NumberOfDescriptors")
    notes = layout.notes
    handles = []
    var count = layout.count
    limitEntries(
      &count, to: Self.maximumHandles, name: name, offset: stream.fileOffset(of: 0), notes: &notes)
    handles.reserveCapacity(count)
    for index in 0..<count {
      let label = "\(name)[\(index)]"
      let entry = try stream.slice(
        at: layout.firstEntry + index * layout.entrySize, count: 32, label)
      let typeRVA = try entry.read(UInt32.self, at: 8, label + ".TypeNameRva")
      let objectRVA = try entry.read(UInt32.self, at: 12, label + ".ObjectNameRva")
      handles.append(
        Handle(
          value: try entry.read(UInt64.self, at: 0, label + ".Handle"),
          typeName: typeRVA == 0
            ? nil : try? context.file.minidumpString(at: typeRVA, label + ".TypeName"),
          objectName: objectRVA == 0
            ? nil : try? context.file.minidumpString(at: objectRVA, label + ".ObjectName"),
          handleCount: try entry.read(UInt32.self, at: 0x18, label + ".HandleCount")))
    }
  }
}

/// `MINIDUMP_BREAKPAD_INFO` (0x47670001): which thread asked for the dump and which wrote it.
public struct BreakpadInfo: MinidumpStream, Hashable {
  /// The stream type (0x47670001).
  public static var streamType: MinidumpStreamType { .breakpadInfo }
  /// The handler thread that wrote the dump (exclude it from crash analysis).
  public var dumpThreadID: UInt32?
  /// The thread that crashed and requested the dump.
  public var requestingThreadID: UInt32?
  /// Problems found while parsing.
  public var notes: [Note] { [] }

  /// Parses the 12-byte structure; each id counts only when its validity bit is set.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let validity = try stream.read(UInt32.self, at: 0, "MINIDUMP_BREAKPAD_INFO.validity")
    let dump = try stream.read(UInt32.self, at: 4, "MINIDUMP_BREAKPAD_INFO.dump_thread_id")
    let requesting = try stream.read(
      UInt32.self, at: 8, "MINIDUMP_BREAKPAD_INFO.requesting_thread_id")
    dumpThreadID = validity & 1 != 0 ? dump : nil
    requestingThreadID = validity & 2 != 0 ? requesting : nil
  }
}
