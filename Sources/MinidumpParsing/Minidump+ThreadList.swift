import BinaryReading
import DumpFormats

/// `MINIDUMP_MEMORY_DESCRIPTOR`: a range of the crashed process's memory and where its bytes
/// are in the file.
public struct MemoryDescriptor: Hashable, Sendable {
  /// `StartOfMemoryRange`.
  public var start: UInt64
  /// `Memory.DataSize`.
  public var size: UInt64
  /// `Memory.Rva`: file offset of the bytes (0 in full dumps, whose bytes are in Memory64List).
  public var rva: UInt64

  /// Creates a descriptor.
  public init(start: UInt64, size: UInt64, rva: UInt64) {
    self.start = start
    self.size = size
    self.rva = rva
  }

  /// One past the last address, or `nil` when `start + size` overflows.
  public var end: UInt64? { start.checkedAdding(size) }

  /// Reads the 16-byte descriptor and advances.
  init(reading reader: inout ByteReader, _ context: String) throws(ReadError) {
    start = try reader.read(UInt64.self, context + ".StartOfMemoryRange")
    size = UInt64(try reader.read(UInt32.self, context + ".Memory.DataSize"))
    rva = UInt64(try reader.read(UInt32.self, context + ".Memory.Rva"))
  }
}

/// One thread: `MINIDUMP_THREAD` or `MINIDUMP_THREAD_EX` (minidumpapiset.h).
public struct MinidumpThread: Hashable, Sendable {
  /// `ThreadId`.
  public var id: UInt32
  /// `SuspendCount`.
  public var suspendCount: UInt32
  /// `PriorityClass`.
  public var priorityClass: UInt32
  /// `Priority`.
  public var priority: UInt32
  /// `Teb`: address of the thread environment block.
  public var teb: UInt64
  /// `Stack`: the captured stack range.
  public var stack: MemoryDescriptor
  /// `ThreadContext`.
  public var contextLocation: MinidumpLocation
  /// The thread's context, when readable.
  public var context: CPUContext?
  /// `BackingStore` (IA64 only, MINIDUMP_THREAD_EX).
  public var backingStore: MemoryDescriptor?

  /// The stack's address range, or `nil` when it overflows.
  public var stackRange: Range<UInt64>? {
    guard let end = stack.end else { return nil }
    return stack.start..<end
  }
}

/// Shared reader for ThreadList and ThreadExList.
enum ThreadListReader {
  static func read(
    _ stream: ByteReader, context: MinidumpParsingContext, entrySize: Int, name: String
  ) throws(ReadError) -> (threads: [MinidumpThread], notes: [Note]) {
    let layout = try ListLayout(stream, entrySize: entrySize, name: name)
    var notes = layout.notes
    var threads: [MinidumpThread] = []
    threads.reserveCapacity(layout.count)
    for index in 0..<layout.count {
      let label = "\(name).Threads[\(index)]"
      var entry = try stream.slice(
        at: layout.firstEntry + index * entrySize, count: entrySize, label)
      let id = try entry.read(UInt32.self, label + ".ThreadId")
      let suspendCount = try entry.read(UInt32.self, label + ".SuspendCount")
      let priorityClass = try entry.read(UInt32.self, label + ".PriorityClass")
      let priority = try entry.read(UInt32.self, label + ".Priority")
      let teb = try entry.read(UInt64.self, label + ".Teb")
      let stack = try MemoryDescriptor(reading: &entry, label + ".Stack")
      let location = try MinidumpLocation(reading: &entry, label + ".ThreadContext")
      let backing: MemoryDescriptor? =
        entrySize >= 64 ? try MemoryDescriptor(reading: &entry, label + ".BackingStore") : nil
      var cpu: CPUContext?
      if !location.isEmpty {
        do {
          cpu = try ContextReader.context(
            at: location, in: context.file, architecture: context.architecture,
            label + ".ThreadContext")
        } catch {
          notes.append(
            Note(
              code: "minidump.thread.context",
              message: "thread 0x\(String(id, radix: 16)): context unreadable: \(error)",
              offset: error.offset))
        }
      }
      if stack.end == nil {
        notes.append(
          Note(
            code: "minidump.thread.stack_range",
            message:
              "thread 0x\(String(id, radix: 16)): stack 0x\(String(stack.start, radix: 16)) + 0x\(String(stack.size, radix: 16)) overflows the address space",
            offset: entry.fileOffset(of: 0x18)))
      }
      threads.append(
        MinidumpThread(
          id: id, suspendCount: suspendCount, priorityClass: priorityClass, priority: priority,
          teb: teb, stack: stack, contextLocation: location, context: cpu,
          backingStore: backing))
    }
    return (threads, notes)
  }
}

/// `MINIDUMP_THREAD_LIST` (stream 3): every thread with its stack and context.
public struct ThreadList: MinidumpStream, Hashable {
  /// The stream type (3).
  public static var streamType: MinidumpStreamType { .threadList }
  /// The threads in file order.
  public var threads: [MinidumpThread]
  /// Problems found while parsing.
  public var notes: [Note]

  /// Parses `u32 count + N × 48-byte MINIDUMP_THREAD`.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    (threads, notes) = try ThreadListReader.read(
      stream, context: context, entrySize: 48, name: "MINIDUMP_THREAD_LIST")
  }
}

/// `MINIDUMP_THREAD_EX_LIST` (stream 8): threads with an IA64 backing store.
public struct ThreadExList: MinidumpStream, Hashable {
  /// The stream type (8).
  public static var streamType: MinidumpStreamType { .threadExList }
  /// The threads in file order.
  public var threads: [MinidumpThread]
  /// Problems found while parsing.
  public var notes: [Note]

  /// Parses `u32 count + N × 64-byte MINIDUMP_THREAD_EX`.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    (threads, notes) = try ThreadListReader.read(
      stream, context: context, entrySize: 64, name: "MINIDUMP_THREAD_EX_LIST")
  }
}

/// `MINIDUMP_THREAD_INFO_LIST` (stream 17): per-thread flags, times and start address.
public struct ThreadInfoList: MinidumpStream, Hashable {
  /// The stream type (17).
  public static var streamType: MinidumpStreamType { .threadInfoList }

  /// `MINIDUMP_THREAD_INFO`.
  public struct Entry: Hashable, Sendable {
    /// `ThreadId`.
    public var threadID: UInt32
    /// `DumpFlags` (0x1 error thread, 0x2 writing thread, 0x4 exited, …).
    public var dumpFlags: UInt32
    /// `DumpError` (an HRESULT).
    public var dumpError: UInt32
    /// `ExitStatus`.
    public var exitStatus: UInt32
    /// `CreateTime` (FILETIME).
    public var createTime: UInt64
    /// `ExitTime` (FILETIME).
    public var exitTime: UInt64
    /// `KernelTime` (100 ns units).
    public var kernelTime: UInt64
    /// `UserTime` (100 ns units).
    public var userTime: UInt64
    /// `StartAddress`.
    public var startAddress: UInt64
    /// `Affinity`.
    public var affinity: UInt64

    /// Whether the dump writer flagged this thread as the one with the error.
    public var isErrorThread: Bool { dumpFlags & 0x1 != 0 }
    /// Whether this thread is the dump writer itself.
    public var isWritingThread: Bool { dumpFlags & 0x2 != 0 }
  }

  /// The entries in file order.
  public var entries: [Entry]
  /// Problems found while parsing.
  public var notes: [Note]

  /// Parses the sized header and the 64-byte entries.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_THREAD_INFO_LIST"
    let layout = try SizedListLayout(stream, minimumHeader: 12, minimumEntry: 64, name: name)
    notes = layout.notes
    entries = []
    entries.reserveCapacity(layout.count)
    for index in 0..<layout.count {
      let label = "\(name)[\(index)]"
      var entry = try stream.slice(
        at: layout.firstEntry + index * layout.entrySize, count: 64, label)
      entries.append(
        Entry(
          threadID: try entry.read(UInt32.self, label + ".ThreadId"),
          dumpFlags: try entry.read(UInt32.self, label + ".DumpFlags"),
          dumpError: try entry.read(UInt32.self, label + ".DumpError"),
          exitStatus: try entry.read(UInt32.self, label + ".ExitStatus"),
          createTime: try entry.read(UInt64.self, label + ".CreateTime"),
          exitTime: try entry.read(UInt64.self, label + ".ExitTime"),
          kernelTime: try entry.read(UInt64.self, label + ".KernelTime"),
          userTime: try entry.read(UInt64.self, label + ".UserTime"),
          startAddress: try entry.read(UInt64.self, label + ".StartAddress"),
          affinity: try entry.read(UInt64.self, label + ".Affinity")))
    }
  }
}

/// `MINIDUMP_THREAD_NAME_LIST` (stream 24): thread names set with `SetThreadDescription`.
public struct ThreadNames: MinidumpStream, Hashable {
  /// The stream type (24).
  public static var streamType: MinidumpStreamType { .threadNames }
  /// Thread id → name.
  public var names: [UInt32: String]
  /// Problems found while parsing.
  public var notes: [Note]

  /// Parses `u32 count + N × 12-byte MINIDUMP_THREAD_NAME`.
  ///
  /// Folklore: `RvaOfThreadName` is a u64 at offset 4, so entries are 12 bytes and the u64 is
  /// never 8-aligned; read it by byte offset.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_THREAD_NAME_LIST"
    let layout = try ListLayout(stream, entrySize: 12, name: name)
    notes = layout.notes
    names = [:]
    for index in 0..<layout.count {
      let offset = layout.firstEntry + index * 12
      let id = try stream.read(UInt32.self, at: offset, "\(name)[\(index)].ThreadId")
      let rva = try stream.read(UInt64.self, at: offset + 4, "\(name)[\(index)].RvaOfThreadName")
      guard let rva32 = UInt32(exactly: rva) else {
        notes.append(
          Note(
            code: "minidump.thread_names.rva",
            message:
              "thread 0x\(String(id, radix: 16)): name RVA 0x\(String(rva, radix: 16)) is outside the file",
            offset: stream.fileOffset(of: offset + 4)))
        continue
      }
      do {
        names[id] = try context.file.minidumpString(at: rva32, "\(name)[\(index)].Name")
      } catch {
        notes.append(
          Note(
            code: "minidump.thread_names.name",
            message: "thread 0x\(String(id, radix: 16)): name unreadable: \(error)",
            offset: error.offset))
      }
    }
  }
}
