import DumpFormats
import Testing

@testable import StackUnwinding

/// Kernel crash records: bug check context records, trap frames, hardware frames, splicing.
@Suite struct KernelStackRecordsTests {
  static let nt = LoadedModule(name: "ntoskrnl.exe", base: 0xFFFF_F804_7BA0_0000, size: 0x100_0000)
  static let driver = LoadedModule(name: "drv.sys", base: 0xFFFF_F804_8B58_0000, size: 0x3_B000)
  static let stack: UInt64 = 0xFFFF_8504_2989_0000

  /// Reads rip/rsp from CONTEXT bytes the way KernelDumpParsing does (Rip 0xF8, Rsp 0x98).
  static func parse(_ bytes: [UInt8], _ architecture: CPUArchitecture) -> CPUContext? {
    func q(_ offset: Int) -> UInt64 {
      (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }
    guard bytes.count >= 0x100 else { return nil }
    return CPUContext(architecture: architecture, registers: [("rip", q(0xF8)), ("rsp", q(0x98))])
  }

  /// A stack: bug check frame at +0, a trap handler whose KTRAP_FRAME ends at the faulting RSP
  /// (+0x800), a CONTEXT record at +0x400, and the faulting driver's caller above.
  static func build() -> (StackBuilder, faultIP: UInt64, faultSP: UInt64, contextAddress: UInt64) {
    var builder = StackBuilder(base: stack, size: 0x1000)
    let faultIP = driver.base + 0x334C
    let faultSP = stack + 0x800
    let ripSlot = (faultSP & ~15) - 0x28
    let trapBase = ripSlot - 0x168
    builder.set(stack + 0x08, nt.base + 0x40F4E1)  // a return address in the bug check path
    builder.set(trapBase - 8, nt.base + 0x4031F5)  // the trap handler's return slot
    builder.set(trapBase + 0x100, driver.base + 0x10B01)  // a saved register that looks like code
    builder.set(ripSlot, faultIP)
    builder.set(ripSlot + 8, 0x10)
    builder.set(ripSlot + 16, 0x10286)
    builder.set(ripSlot + 24, faultSP)
    builder.set(ripSlot + 32, 0x18)
    builder.set(trapBase + 0x140, 0xB0B)  // Rbx in the KTRAP_FRAME
    let contextAddress = stack + 0x400
    builder.set(contextAddress + 0xF8, faultIP)
    builder.set(contextAddress + 0x98, faultSP)
    builder.set(faultSP + 0x28, driver.base + 0x313F)
    return (builder, faultIP, faultSP, contextAddress)
  }

  @Test func contextRecordFromBugCheck7EIsFoundAndSpliced() throws {
    let (builder, faultIP, faultSP, contextAddress) = Self.build()
    let records = KernelStackRecords.records(
      bugCheckCode: 0x1000_007E, parameters: [0xC000_0005, faultIP, 0, contextAddress],
      architecture: .amd64, memory: builder.memory,
      stackRange: Self.stack..<(Self.stack + 0x1000), parseContext: Self.parse)
    #expect(records.count == 1)
    #expect(records.first?.context.instructionPointer == faultIP)
    let walker = StackWalker(
      memory: builder.memory, modules: [Self.nt, Self.driver], options: .init(trace: true))
    let start = amd64Context(rip: Self.nt.base + 0x3F5A80, rsp: Self.stack)
    let walk = walker.walk(from: start, splicing: records.map(\.context))
    let offsets = walk.frames.map { $0.moduleOffset ?? 0 }
    // The trap handler comes from the extended scan, the saved register inside the trap frame
    // is skipped, and the faulting frame follows with context trust.
    let faulting = try #require(
      walk.frames.firstIndex { $0.trust == .context && $0.stackPointer == faultSP })
    #expect(faulting > 0)
    #expect(walk.frames[faulting - 1].moduleOffset == 0x4031F5)
    #expect(!offsets.contains(0x10B01))
    #expect(walk.frames.dropFirst(faulting + 1).first?.moduleOffset == 0x313F)
  }

  @Test func hardwareFrameIsFoundForD1AndDecodedAsTrapFrame() throws {
    let (builder, faultIP, faultSP, _) = Self.build()
    let records = KernelStackRecords.records(
      bugCheckCode: 0xD1, parameters: [0, 2, 0, faultIP], architecture: .amd64,
      memory: builder.memory, stackRange: Self.stack..<(Self.stack + 0x1000),
      parseContext: Self.parse)
    let record = try #require(records.first)
    #expect(record.context.instructionPointer == faultIP)
    #expect(record.context.stackPointer == faultSP)
    #expect(record.context["rbx"] == 0xB0B)
    #expect(record.origin.contains("KTRAP_FRAME"))
  }

  @Test func trapFrame8EParameterIsDecoded() throws {
    let (builder, faultIP, faultSP, _) = Self.build()
    let trapBase = ((faultSP & ~15) - 0x28) - 0x168
    let records = KernelStackRecords.records(
      bugCheckCode: 0x8E, parameters: [0xC000_0005, faultIP, trapBase, 0], architecture: .amd64,
      memory: builder.memory, stackRange: nil, parseContext: Self.parse)
    #expect(records.first?.context.stackPointer == faultSP)
    #expect(records.first?.origin.contains("0x8E") == true)
  }

  @Test func unreadableRecordsAreIgnored() {
    let builder = StackBuilder(base: Self.stack, size: 0x100)
    let records = KernelStackRecords.records(
      bugCheckCode: 0x7E, parameters: [0, 0, 0, 0xDEAD_0000], architecture: .amd64,
      memory: builder.memory, stackRange: Self.stack..<(Self.stack + 0x100),
      parseContext: Self.parse)
    #expect(records.isEmpty)
  }
}

/// x86 kernel trap frames (KiTrap0E-style) found for a faulting IP.
@Suite struct X86TrapFrameTests {
  @Test func trapFrameForD1IsFoundAndReplacesTheDebugLinkFrame() throws {
    let s: UInt64 = 0xF78A_2B00
    let driver = LoadedModule(name: "netbt.sys", base: 0xF6D8_0000, size: 0x5000)
    let kernel = LoadedModule(name: "ntkrnlpa.exe", base: 0x8080_0000, size: 0x23_D000)
    let faultIP = driver.base + 0x11A8
    let trap = s + 0x28
    var stack = StackBuilder(base: s, wordSize: 4, size: 0x200)
    // Frame 0 (KeBugCheckEx-like) chains by EBP to the trap frame's DbgEbp/DbgEip link.
    stack.set(s + 0x08, trap)
    stack.set(s + 0x0C, kernel.base + 0x8A8F3)
    stack.set(trap, s + 0xB0)  // DbgEbp
    stack.set(trap + 4, faultIP)  // DbgEip
    stack.set(trap + 0x5C, 0xB1)  // Ebx
    stack.set(trap + 0x60, s + 0xB0)  // Ebp
    stack.set(trap + 0x68, faultIP)  // Eip
    stack.set(trap + 0x6C, 0x8)  // SegCs: kernel
    stack.set(trap + 0x70, 0x10246)  // EFlags
    stack.set(trap + 0x50, driver.base + 0x3000)  // a saved value that looks like code
    stack.set(s + 0xB0, 0)
    stack.set(s + 0xB4, driver.base + 0x125B)
    let records = KernelStackRecords.records(
      bugCheckCode: 0xD1, parameters: [0x10, 2, 0, faultIP], architecture: .x86,
      memory: stack.memory, stackRange: s..<(s + 0x200), parseContext: { _, _ in nil })
    let record = try #require(records.first)
    #expect(record.context.stackPointer == trap + 0x74)
    #expect(record.context["ebx"] == 0xB1)
    let walker = StackWalker(memory: stack.memory, modules: [kernel, driver])
    let start = CPUContext(
      architecture: .x86, registers: [("eip", kernel.base + 0x5E4B0), ("esp", s), ("ebp", s + 8)])
    let walk = walker.walk(from: start, splicing: records.map(\.context))
    let faulting = try #require(walk.frames.firstIndex { $0.instructionAddress == faultIP })
    #expect(walk.frames[faulting].trust == .context)
    #expect(walk.frames[faulting].stackPointer == trap + 0x74)
    #expect(!walk.frames.contains { $0.moduleOffset == 0x3000 })
    #expect(walk.frames.dropFirst(faulting + 1).first?.instructionAddress == driver.base + 0x125B)
  }
}
