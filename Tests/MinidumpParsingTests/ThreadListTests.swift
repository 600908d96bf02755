import DumpFormats
import MinidumpParsing
import MinidumpSynth
import Testing

@Suite("Threads")
struct ThreadListTests {
  @Test("threads carry id, TEB, stack range and context; stacks are readable memory")
  func threads() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    let c1 = synth.blob(SynthContext.amd64(["rip": 0x7FF6_0000_1000, "rsp": 0x5000_0100]))
    let c2 = synth.blob(SynthContext.amd64(["rip": 0x7FFC_0000_2000, "rsp": 0x6000_0000]))
    synth.addThread(
      id: 0x10, stackStart: 0x5000_0000, stack: Array(0..<255), context: c1, teb: 0x7FF_DE00,
      priority: 2)
    synth.addThread(id: 0x20, stackStart: 0x6000_0000, stack: [1, 2, 3, 4], context: c2)
    let dump = try parse(synth)
    let threads = dump.threads
    #expect(threads.map(\.id) == [0x10, 0x20])
    #expect(threads[0].teb == 0x7FF_DE00)
    #expect(threads[0].priority == 2)
    #expect(threads[0].stackRange == 0x5000_0000..<0x5000_00FF)
    #expect(threads[0].context?["rip"] == 0x7FF6_0000_1000)
    #expect(threads[1].context?.stackPointer == 0x6000_0000)
    let memory = dump.memory
    #expect(memory.bytes(at: 0x5000_0010, count: 4) == [16, 17, 18, 19])
    #expect(memory.readUInt32(at: 0x6000_0000) == 0x0403_0201)
    #expect(memory.bytes(at: 0x6000_0002, count: 4) == nil)
  }

  @Test("x86 and ARM64 contexts are read by name")
  func otherArchitectures() throws {
    var x86 = SynthMinidump()
    x86.setSystemInfo(architecture: 0)
    let c = x86.blob(
      SynthContext.x86(["eip": 0x40_1000, "esp": 0x12_FF00, "ebp": 0x12_FF10, "eax": 7]))
    x86.addThread(id: 1, context: c)
    let x86Context = try #require(try parse(x86).threads.first?.context)
    #expect(x86Context.architecture == .x86)
    #expect(x86Context.instructionPointer == 0x40_1000)
    #expect(x86Context.framePointer == 0x12_FF10)
    #expect(x86Context["eax"] == 7)
    #expect(x86Context.flags == 0x1_003F)

    var arm = SynthMinidump()
    arm.setSystemInfo(architecture: 12)
    let a = arm.blob(
      SynthContext.arm64(["pc": 0xFFFF_8000_1234, "sp": 0x7000, "fp": 0x7100, "lr": 9, "x0": 5]))
    arm.addThread(id: 2, context: a)
    let armContext = try #require(try parse(arm).threads.first?.context)
    #expect(armContext.architecture == .arm64)
    #expect(armContext.instructionPointer == 0xFFFF_8000_1234)
    #expect(armContext["lr"] == 9 && armContext["x0"] == 5 && armContext.framePointer == 0x7100)
  }

  @Test("without SystemInfo the context flags pick the layout")
  func flagsDecide() throws {
    var synth = SynthMinidump()
    let c = synth.blob(SynthContext.x86(["eip": 0x1234]))
    synth.addThread(id: 1, context: c)
    #expect(try parse(synth).threads.first?.context?["eip"] == 0x1234)
  }

  @Test("a context longer than CONTEXT (XSTATE) reads the base record")
  func extendedContext() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    let c = synth.blob(SynthContext.amd64(["rip": 0xABC]) + [.zeros(0x1AF)])
    synth.addThread(id: 1, context: c)
    #expect(try parse(synth).threads.first?.context?["rip"] == 0xABC)
  }

  @Test("a context too short for any layout becomes a note")
  func shortContext() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    let c = synth.blob([.zeros(16)])
    synth.addThread(id: 1, context: c)
    let list = try #require(try parse(synth).stream(ThreadList.self))
    #expect(list.threads.first?.context == nil)
    #expect(list.notes.map(\.code) == ["minidump.thread.context"])
  }

  @Test("4 bytes of padding after the list count are tolerated")
  func padding() throws {
    var synth = SynthMinidump()
    synth.listCountPadding = true
    synth.addThread(id: 7, stackStart: 0x1000, stack: [9, 9])
    synth.addModule(base: 0x40_0000, size: 0x1000, name: "a.exe")
    let dump = try parse(synth)
    #expect(dump.threads.map(\.id) == [7])
    #expect(dump.modules.map(\.name) == ["a.exe"])
    #expect(dump.memory.bytes(at: 0x1000, count: 2) == [9, 9])
    #expect(dump.notes.filter { $0.code == "minidump.list.padding" }.count == 3)
  }

  @Test("a thread count larger than the stream reads the threads that fit")
  func countTooLarge() throws {
    var synth = SynthMinidump()
    synth.stream(type: 3, [.u32(0x0FFF_FFFF), .u32(5), .zeros(44)])
    let list = try #require(try parse(synth).stream(ThreadList.self))
    #expect(list.threads.map(\.id) == [5])
    #expect(list.notes.map(\.code) == ["minidump.list.count_too_large"])
  }

  @Test("a stack range that overflows the address space is noted")
  func stackOverflowingRange() throws {
    var synth = SynthMinidump()
    synth.stream(
      type: 3,
      [
        .u32(1), .u32(5), .zeros(12), .u64(0), .u64(0xFFFF_FFFF_FFFF_FF00), .u32(0x1000), .u32(0),
        .zeros(8),
      ])
    let list = try #require(try parse(synth).stream(ThreadList.self))
    #expect(list.threads.first?.stackRange == nil)
    #expect(list.notes.map(\.code) == ["minidump.thread.stack_range"])
  }

  @Test("ThreadNames: 12-byte entries with an unaligned u64 RVA")
  func threadNames() throws {
    var synth = SynthMinidump()
    let main = synth.string("MainThread")
    let worker = synth.string("AssetGarbageCollectorHelper")
    synth.stream(
      type: 24,
      [
        .u32(3), .u32(0x10), .rva64(main), .u32(0x20), .rva64(worker), .u32(0x30),
        .u64(0x1_0000_0000),
      ])
    let dump = try parse(synth)
    #expect(dump.threadNames == [0x10: "MainThread", 0x20: "AssetGarbageCollectorHelper"])
    let names = try #require(try dump.stream(ThreadNames.self))
    #expect(names.notes.map(\.code) == ["minidump.thread_names.rva"])
  }

  @Test("ThreadInfoList: flags pick the crashing thread when there is no exception")
  func threadInfo() throws {
    var synth = SynthMinidump()
    var fields: [SynthMinidump.Field] = [.u32(12), .u32(64), .u32(2)]
    fields += [.u32(0x10), .u32(0x2), .zeros(56)]  // the writer thread
    fields += [
      .u32(0x20), .u32(0x1), .u32(0), .u32(0), .u64(1), .u64(0), .u64(2), .u64(3),
      .u64(0x7FF6_0000_1000), .u64(1),
    ]
    synth.stream(type: 17, fields)
    let dump = try parse(synth)
    let info = try #require(try dump.stream(ThreadInfoList.self))
    #expect(info.entries.map(\.threadID) == [0x10, 0x20])
    #expect(info.entries[0].isWritingThread)
    #expect(info.entries[1].startAddress == 0x7FF6_0000_1000)
    #expect(dump.crashingThreadID == 0x20)
  }

  @Test("Breakpad's requesting thread is the crashing thread when there is no exception")
  func breakpadInfo() throws {
    var synth = SynthMinidump()
    synth.stream(type: 0x4767_0001, [.u32(3), .u32(0x11C0), .u32(0xBF4)])
    let dump = try parse(synth)
    #expect(dump.crashingThreadID == 0xBF4)
    #expect(try dump.stream(BreakpadInfo.self)?.dumpThreadID == 0x11C0)
  }

  @Test("ThreadExList: 64-byte entries with a backing store")
  func threadEx() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 6)
    synth.stream(
      type: 8,
      [
        .u32(1), .u32(0x77), .u32(0), .u32(0x20), .u32(1), .u64(0x7FF_0000),
        .u64(0x1000), .u32(0), .u32(0), .zeros(8), .u64(0x2000), .u32(0x100), .u32(0),
      ])
    let dump = try parse(synth)
    let thread = try #require(dump.threads.first)
    #expect(thread.id == 0x77 && thread.teb == 0x7FF_0000)
    #expect(thread.backingStore?.start == 0x2000 && thread.backingStore?.size == 0x100)
  }

  @Test("32-bit ARM context: r0–r12, sp, lr, pc (Thumb bit cleared for the IP)")
  func armContext() throws {
    var bytes = [UInt8](repeating: 0, count: 0x1A0)
    func put(_ offset: Int, _ value: UInt32) {
      for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }
    put(0, 0x0020_000F)
    put(0x04, 0x11)  // r0
    put(0x30, 0xBB)  // r11
    put(0x38, 0x7000)  // sp
    put(0x3C, 0x8000_1001)  // lr
    put(0x40, 0x83ED_AF2D)  // pc, Thumb
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 5)
    let context = synth.blob(bytes: bytes, align: 4)
    synth.addThread(id: 1, context: context)
    let cpu = try #require(try parse(synth).threads.first?.context)
    #expect(cpu.architecture == .arm)
    #expect(cpu["r0"] == 0x11 && cpu.framePointer == 0xBB && cpu.stackPointer == 0x7000)
    #expect(cpu["pc"] == 0x83ED_AF2D && cpu.instructionPointer == 0x83ED_AF2C)
  }
}
