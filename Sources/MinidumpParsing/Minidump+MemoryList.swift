import BinaryReading
import DumpFormats

/// `MINIDUMP_MEMORY_LIST` (stream 5): ranges of process memory, each with its own file offset.
public struct MemoryList: MinidumpStream, Hashable {
  /// The stream type (5).
  public static var streamType: MinidumpStreamType { .memoryList }
  /// The ranges in file order.
  public var ranges: [MemoryDescriptor]
  /// Problems found while parsing.
  public var notes: [Note]

  /// Parses `u32 count + N × 16-byte MINIDUMP_MEMORY_DESCRIPTOR`.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_MEMORY_LIST"
    let layout = try ListLayout(stream, entrySize: 16, name: name)
    notes = layout.notes
    ranges = []
    ranges.reserveCapacity(layout.count)
    var reader = try stream.slice(from: layout.firstEntry, name)
    for index in 0..<layout.count {
      ranges.append(try MemoryDescriptor(reading: &reader, "\(name)[\(index)]"))
    }
  }
}

/// `MINIDUMP_MEMORY64_LIST` (stream 9): the memory of a full dump, stored contiguously.
public struct Memory64List: MinidumpStream, Hashable {
  /// The stream type (9).
  public static var streamType: MinidumpStreamType { .memory64List }
  /// The ranges, with file offsets computed from `BaseRva`.
  public var ranges: [MemoryDescriptor]
  /// `BaseRva`.
  public var baseRVA: UInt64
  /// Problems found while parsing.
  public var notes: [Note]

  /// Parses `u64 count, u64 BaseRva + N × 16-byte MINIDUMP_MEMORY_DESCRIPTOR64`.
  ///
  /// Range *i*'s bytes start at `BaseRva + Σ DataSize[j < i]`; a sum that overflows ends the
  /// list with a note.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_MEMORY64_LIST"
    let declared = try stream.read(UInt64.self, at: 0, name + ".NumberOfMemoryRanges")
    baseRVA = try stream.read(UInt64.self, at: 8, name + ".BaseRva")
    notes = []
    let available = (stream.count - 16) / 16
    var count = available
    if declared <= UInt64(available) {
      count = Int(declared)
    } else {
      notes.append(
        Note(
          code: "minidump.list.count_too_large",
          message:
            "\(name) declares \(declared) ranges but only \(available) fit; reading \(available)",
          offset: stream.fileOffset(of: 0)))
    }
    ranges = []
    ranges.reserveCapacity(count)
    var offset = baseRVA
    for index in 0..<count {
      let start = try stream.read(UInt64.self, at: 16 + 16 * index, "\(name)[\(index)].Start")
      let size = try stream.read(UInt64.self, at: 24 + 16 * index, "\(name)[\(index)].DataSize")
      ranges.append(MemoryDescriptor(start: start, size: size, rva: offset))
      guard let next = offset.checkedAdding(size) else {
        notes.append(
          Note(
            code: "minidump.memory64.overflow",
            message: "\(name)[\(index)]: the running file offset overflows; later ranges dropped",
            offset: stream.fileOffset(of: 24 + 16 * index)))
        break
      }
      offset = next
    }
  }
}

/// The process memory a minidump holds, for the stack walker.
///
/// Built from MemoryList and Memory64List. A range whose bytes run past the end of the file
/// keeps the part that is present (a note says so), so a truncated full dump still yields its
/// first pages.
public struct MinidumpMemory: VirtualMemory {
  /// One readable range: an address range and the file window that holds its bytes.
  public struct Region: Sendable {
    /// First address.
    public var start: UInt64
    /// The bytes (a window of the file).
    public var bytes: ByteReader
    /// One past the last address (`start + bytes.count`, checked at creation).
    public var end: UInt64
  }

  /// Regions sorted by start address.
  public private(set) var regions: [Region]
  /// Problems found while assembling the regions.
  public private(set) var notes: [Note]

  /// Assembles the readable regions from descriptors.
  public init(descriptors: [MemoryDescriptor], file: ByteReader) {
    var regions: [Region] = []
    var notes: [Note] = []
    for descriptor in descriptors where descriptor.size > 0 {
      let fileSize = UInt64(file.count)
      guard descriptor.rva < fileSize else {
        notes.append(
          Note(
            code: "minidump.memory.outside_file",
            message:
              "memory at 0x\(String(descriptor.start, radix: 16)) (0x\(String(descriptor.size, radix: 16)) bytes) has its data past the end of the file",
            offset: descriptor.rva))
        continue
      }
      var size = min(descriptor.size, fileSize - descriptor.rva)
      if size < descriptor.size {
        notes.append(
          Note(
            code: "minidump.memory.truncated",
            message:
              "memory at 0x\(String(descriptor.start, radix: 16)): 0x\(String(size, radix: 16)) of 0x\(String(descriptor.size, radix: 16)) bytes are in the file",
            offset: descriptor.rva))
      }
      // The address range must not wrap around the top of the address space.
      if descriptor.start.checkedAdding(size) == nil {
        size = UInt64.max - descriptor.start
        notes.append(
          Note(
            code: "minidump.memory.range_overflow",
            message:
              "memory at 0x\(String(descriptor.start, radix: 16)) + 0x\(String(descriptor.size, radix: 16)) overflows the address space; clipped",
            offset: descriptor.rva))
      }
      guard size > 0, let window = try? file.slice(at: descriptor.rva, count: size) else {
        continue
      }
      regions.append(Region(start: descriptor.start, bytes: window, end: descriptor.start + size))
    }
    self.regions = regions.sorted { $0.start < $1.start }
    self.notes = notes
  }

  /// The region holding `address`, if any.
  public func region(containing address: UInt64) -> Region? {
    var low = 0
    var high = regions.count
    while low < high {
      let mid = low + (high - low) / 2
      if regions[mid].start <= address { low = mid + 1 } else { high = mid }
    }
    var index = low - 1
    // Overlapping regions are rare; look back a few for one that covers the address.
    var steps = 0
    while index >= 0, steps < 8 {
      if address < regions[index].end { return regions[index] }
      index -= 1
      steps += 1
    }
    return nil
  }

  /// Returns `count` bytes at `address`, or `nil` when any of them is not in the dump.
  public func bytes(at address: UInt64, count: Int) -> [UInt8]? {
    guard count >= 0, let region = region(containing: address) else { return nil }
    let offset = address - region.start
    guard let wanted = UInt64(exactly: count), let last = offset.checkedAdding(wanted),
      last <= UInt64(region.bytes.count)
    else { return nil }
    return try? region.bytes.byteArray(at: Int(offset), count: count)
  }

  /// The number of bytes held.
  public var byteCount: UInt64 {
    regions.reduce(0) { $0 &+ UInt64($1.bytes.count) }
  }
}

/// `MINIDUMP_MEMORY_INFO_LIST` (stream 16): the state and protection of memory regions.
public struct MemoryInfoList: MinidumpStream, Hashable {
  /// The stream type (16).
  public static var streamType: MinidumpStreamType { .memoryInfoList }

  /// `MINIDUMP_MEMORY_INFO`.
  public struct Entry: Hashable, Sendable {
    /// `BaseAddress`.
    public var baseAddress: UInt64
    /// `AllocationBase`.
    public var allocationBase: UInt64
    /// `AllocationProtect`.
    public var allocationProtect: UInt32
    /// `RegionSize`.
    public var regionSize: UInt64
    /// `State` (0x1000 commit, 0x2000 reserve, 0x10000 free).
    public var state: UInt32
    /// `Protect` (PAGE_* bits).
    public var protect: UInt32
    /// `Type` (0x20000 private, 0x40000 mapped, 0x1000000 image).
    public var type: UInt32

    /// Whether the region is committed and executable (any PAGE_EXECUTE* bit).
    public var isExecutable: Bool { state == 0x1000 && protect & 0xF0 != 0 }

    /// The `PAGE_*` protection as text (`PAGE_READWRITE`, `PAGE_EXECUTE_READ | PAGE_GUARD`).
    public var protectionName: String {
      let base: [UInt32: String] = [
        0x01: "PAGE_NOACCESS", 0x02: "PAGE_READONLY", 0x04: "PAGE_READWRITE",
        0x08: "PAGE_WRITECOPY", 0x10: "PAGE_EXECUTE", 0x20: "PAGE_EXECUTE_READ",
        0x40: "PAGE_EXECUTE_READWRITE", 0x80: "PAGE_EXECUTE_WRITECOPY",
      ]
      var parts = [base[protect & 0xFF] ?? "0x" + String(protect & 0xFF, radix: 16)]
      if protect & 0x100 != 0 { parts.append("PAGE_GUARD") }
      if protect & 0x200 != 0 { parts.append("PAGE_NOCACHE") }
      if protect & 0x400 != 0 { parts.append("PAGE_WRITECOMBINE") }
      return parts.joined(separator: " | ")
    }

    /// What the region is, in a few words: `free (not mapped)`, `reserved, not committed`, or
    /// `committed PAGE_READWRITE image memory`.
    public var summary: String {
      switch state {
      case 0x1_0000: return "free (not mapped)"
      case 0x2000: return "reserved, not committed"
      case 0x1000:
        let kind: String =
          switch type {
          case 0x100_0000: " image memory"
          case 0x4_0000: " mapped memory"
          case 0x2_0000: " private memory"
          default: ""
          }
        return "committed \(protectionName)\(kind)"
      default: return "state 0x" + String(state, radix: 16)
      }
    }
    /// Whether `address` lies in the region (overflow-safe).
    public func contains(_ address: UInt64) -> Bool {
      address >= baseAddress && address - baseAddress < regionSize
    }
  }

  /// The entries in file order.
  public var entries: [Entry]
  /// Problems found while parsing.
  public var notes: [Note]

  /// Parses `{SizeOfHeader, SizeOfEntry, u64 NumberOfEntries}` and 48-byte entries.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_MEMORY_INFO_LIST"
    let layout = try SizedListLayout(
      stream, minimumHeader: 16, minimumEntry: 48, count64: true, name: name)
    notes = layout.notes
    entries = []
    entries.reserveCapacity(layout.count)
    for index in 0..<layout.count {
      let label = "\(name)[\(index)]"
      let entry = try stream.slice(
        at: layout.firstEntry + index * layout.entrySize, count: 48, label)
      entries.append(
        Entry(
          baseAddress: try entry.read(UInt64.self, at: 0, label + ".BaseAddress"),
          allocationBase: try entry.read(UInt64.self, at: 8, label + ".AllocationBase"),
          allocationProtect: try entry.read(UInt32.self, at: 16, label + ".AllocationProtect"),
          regionSize: try entry.read(UInt64.self, at: 24, label + ".RegionSize"),
          state: try entry.read(UInt32.self, at: 32, label + ".State"),
          protect: try entry.read(UInt32.self, at: 36, label + ".Protect"),
          type: try entry.read(UInt32.self, at: 40, label + ".Type")))
    }
  }
}
