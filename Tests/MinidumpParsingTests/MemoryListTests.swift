import BinaryReading
import DumpFormats
import MinidumpParsing
import MinidumpSynth
import Testing
import TriageTestSupport

@Suite("Memory")
struct MemoryListTests {
  @Test("MemoryList ranges are readable through VirtualMemory")
  func memoryList() throws {
    var synth = SynthMinidump()
    synth.addMemory(start: 0x7FFE_0000, bytes: Array(repeating: 0xAA, count: 16))
    synth.addMemory(start: 0x1000, bytes: [1, 2, 3, 4, 5, 6, 7, 8])
    let memory: any VirtualMemory = try parse(synth).memory
    #expect(memory.readUInt64(at: 0x1000) == 0x0807_0605_0403_0201)
    #expect(memory.bytes(at: 0x7FFE_000F, count: 1) == [0xAA])
    #expect(memory.bytes(at: 0x7FFE_000F, count: 2) == nil)
    #expect(memory.bytes(at: 0xFFF, count: 1) == nil)
    #expect(memory.bytes(at: UInt64.max, count: 1) == nil)
  }

  @Test("Memory64List: contiguous data after BaseRva")
  func memory64() throws {
    var synth = SynthMinidump()
    synth.addMemory64(start: 0x10_0000, bytes: [1, 2, 3, 4])
    synth.addMemory64(start: 0x20_0000, bytes: [5, 6])
    let dump = try parse(synth)
    let list = try #require(try dump.stream(Memory64List.self))
    #expect(list.ranges.map(\.size) == [4, 2])
    #expect(list.ranges[1].rva == list.baseRVA + 4)
    #expect(dump.memory.bytes(at: 0x20_0000, count: 2) == [5, 6])
    #expect(dump.memory.bytes(at: 0x10_0002, count: 2) == [3, 4])
  }

  @Test("a range whose data runs past the end of the file keeps the part that is there")
  func truncatedRange() throws {
    var synth = SynthMinidump()
    synth.addMemory64(start: 0x10_0000, bytes: [1, 2, 3, 4])
    var bytes = synth.finish()
    bytes.removeLast(2)
    let dump = try Minidump(bytes: bytes)
    let memory = dump.memory
    #expect(memory.bytes(at: 0x10_0000, count: 2) == [1, 2])
    #expect(memory.bytes(at: 0x10_0000, count: 3) == nil)
    #expect(memory.notes.map(\.code) == ["minidump.memory.truncated"])
  }

  @Test("rva + size past UInt64.max and start + size past the address space do not trap")
  func overflowingRanges() throws {
    var synth = SynthMinidump()
    let data = synth.blob(bytes: [1, 2, 3, 4])
    // Memory64List: BaseRva near UInt64.max, so the running offset overflows.
    synth.stream(
      type: 9,
      [.u64(2), .u64(UInt64.max - 1), .u64(0x1000), .u64(0x10), .u64(0x2000), .u64(UInt64.max)])
    // MemoryList: a range at the top of the address space.
    synth.stream(type: 5, [.u32(1), .u64(UInt64.max - 1), .size(data), .rva(data)])
    let dump = try parse(synth)
    let list = try #require(try dump.stream(Memory64List.self))
    #expect(list.notes.map(\.code) == ["minidump.memory64.overflow"])
    let memory = dump.memory
    #expect(memory.bytes(at: UInt64.max - 1, count: 1) == [1])
    #expect(memory.bytes(at: UInt64.max - 1, count: 4) == nil)
    #expect(memory.bytes(at: 0x1000, count: 1) == nil)
    #expect(memory.notes.contains { $0.code == "minidump.memory.range_overflow" })
    #expect(memory.notes.contains { $0.code == "minidump.memory.outside_file" })
  }

  @Test("a directory entry whose rva + size passes the end of a u32 does not trap")
  func directoryOverflow() throws {
    var synth = SynthMinidump()
    synth.rawDirectoryEntry(type: 5, rva: 0xFFFF_FFFF, size: 0xFFFF_FFFF)
    synth.rawDirectoryEntry(type: 6, rva: 0x20, size: 0xFFFF_FFFF)
    let dump = try parse(synth)
    #expect(throws: ReadError.self) { try dump.stream(MemoryList.self) }
    #expect(dump.exception == nil)
    #expect(dump.memory.regions.isEmpty)
    #expect(dump.notes.filter { $0.code == "minidump.stream.unreadable" }.count == 2)
  }

  @Test("a memory count larger than the file is capped before allocating")
  func hugeCount() throws {
    var synth = SynthMinidump()
    synth.stream(type: 5, [.u32(0xFFFF_FFFF), .u64(0x1000), .u32(0), .u32(0)])
    synth.stream(type: 9, [.u64(UInt64.max), .u64(0)])
    let dump = try parse(synth)
    #expect(try dump.stream(MemoryList.self)?.ranges.count == 1)
    #expect(try dump.stream(Memory64List.self)?.ranges.isEmpty == true)
  }

  @Test("MemoryInfoList: state and protection")
  func memoryInfo() throws {
    var synth = SynthMinidump()
    synth.stream(
      type: 16,
      [
        .u32(16), .u32(48), .u64(1),
        .u64(0x40_0000), .u64(0x40_0000), .u32(0x80), .u32(0), .u64(0x1000), .u32(0x1000),
        .u32(0x20), .u32(0x100_0000), .u32(0),
      ])
    let info = try #require(try parse(synth).stream(MemoryInfoList.self))
    #expect(info.entries.count == 1)
    #expect(info.entries[0].isExecutable)
    #expect(info.entries[0].contains(0x40_0FFF) && !info.entries[0].contains(0x40_1000))
  }

  @Test("thread stacks missing from MemoryList are still readable; Rva 0 stacks are not")
  func stacksOutsideMemoryList() throws {
    var synth = SynthMinidump()
    let stack = synth.blob(bytes: [0xDE, 0xAD, 0xBE, 0xEF], align: 4)
    synth.stream(
      type: 3,
      [
        .u32(2),
        .u32(1), .zeros(20), .u64(0x8000), .size(stack), .rva(stack), .zeros(8),
        .u32(2), .zeros(20), .u64(0x9000), .u32(0x100), .u32(0), .zeros(8),
      ])
    let memory = try parse(synth).memory
    #expect(memory.readUInt32(at: 0x8000) == 0xEFBE_ADDE)
    #expect(memory.bytes(at: 0x9000, count: 1) == nil)
  }

  @Test("an execute fault on committed RW memory reads as DEP; an unmapped target says so")
  func accessViolationWithMemoryInfo() throws {
    func dump(target: UInt64) throws -> Minidump {
      var synth = SynthMinidump()
      synth.setSystemInfo(architecture: 0)
      synth.stream(
        type: 16,
        [
          .u32(16), .u32(48), .u64(1),
          .u64(0x3D_F000), .u64(0x3D_0000), .u32(0x04), .u32(0), .u64(0x1000), .u32(0x1000),
          .u32(0x04), .u32(0x2_0000), .u32(0),
        ])
      synth.setException(threadID: 1, code: 0xC000_0005, address: target, parameters: [8, target])
      return try parse(synth)
    }
    #expect(
      try dump(target: 0x3D_F944).accessViolationDescription
        == "execute at 0x3df944 (DEP: the memory is not executable); the address is committed PAGE_READWRITE private memory"
    )
    #expect(
      try dump(target: 0x5000_0000).accessViolationDescription?.hasSuffix(
        "the address is in no recorded region (not mapped)") == true)
  }

  @Test("kdlibcpp target_minidump: the breakpoint lies in committed executable image memory")
  func realMemoryInfo() throws {
    guard let url = TestPaths.corpusFile("user/kdlibcpp/target_minidump.dmp") else { return }
    let dump = try Minidump(path: url.path)
    let address = try #require(dump.exception?.address)
    let region = try #require(dump.memoryInfo(at: address))
    #expect(region.isExecutable)
    #expect(region.type == 0x100_0000)
    #expect(region.summary.hasPrefix("committed PAGE_EXECUTE"))
  }
}
