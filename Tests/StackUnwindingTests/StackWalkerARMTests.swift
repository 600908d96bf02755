import DumpFormats
import Testing

@testable import StackUnwinding

/// 32-bit ARM (Thumb-2): R11/LR chain, link register for the context frame, scanning.
@Suite struct StackWalkerARMTests {
  static let base: UInt64 = 0x8000_0000
  static let module = LoadedModule(name: "drv.sys", base: base, size: 0x10000)
  static let stackBase: UInt64 = 0x9000_0000

  static func context(pc: UInt64, sp: UInt64, r11: UInt64 = 0, lr: UInt64 = 0) -> CPUContext {
    CPUContext(
      architecture: .arm, registers: [("r11", r11), ("sp", sp), ("lr", lr), ("pc", pc)])
  }

  @Test func r11ChainClearsTheThumbBit() throws {
    let s = Self.stackBase
    var stack = StackBuilder(base: s, wordSize: 4)
    stack.set(s + 0x10, 0)
    stack.set(s + 0x14, Self.base + 0x2001)
    let walker = StackWalker(memory: stack.memory, modules: [Self.module])
    let walk = walker.walk(from: Self.context(pc: Self.base + 0x1001, sp: s, r11: s + 0x10))
    #expect(walk.frames[0].instructionAddress == Self.base + 0x1000)
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.base + 0x2000)
    #expect(caller.trust == .framePointer)
    #expect(caller.stackPointer == s + 0x18)
  }

  @Test func linkRegisterForALeafContextFrame() throws {
    let s = Self.stackBase
    let stack = StackBuilder(base: s, wordSize: 4)
    let walker = StackWalker(memory: stack.memory, modules: [Self.module])
    let walk = walker.walk(
      from: Self.context(pc: Self.base + 0x1001, sp: s, lr: Self.base + 0x3005))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.base + 0x3004)
    #expect(caller.stackPointer == s)
  }

  /// Found by the `kernel` fuzz harness: an ARM context at sp 0 whose link-register caller
  /// (trust `scan`, sp unchanged) met a pending context record; the trap-frame check computed
  /// `sp - 4` and trapped on the underflow.
  @Test func linkRegisterCallerAtStackPointerZeroBeforeARecordDoesNotTrap() throws {
    let stack = StackBuilder(base: 0, wordSize: 4)
    let walker = StackWalker(memory: stack.memory, modules: [Self.module])
    let record = Self.context(pc: Self.base + 0x2001, sp: 0x100)
    let walk = walker.walk(
      from: Self.context(pc: Self.base + 0x1001, sp: 0, lr: Self.base + 0x3005),
      splicing: [record])
    #expect(walk.frames.first?.instructionAddress == Self.base + 0x1000)
    #expect(walk.frames.count >= 2)
  }

  @Test func scanFindsThumbReturnAddresses() throws {
    let s = Self.stackBase
    var stack = StackBuilder(base: s, wordSize: 4)
    stack.set(s + 8, Self.base + 0x4001)
    let walker = StackWalker(memory: stack.memory, modules: [Self.module])
    let walk = walker.walk(from: Self.context(pc: Self.base + 0x1001, sp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.base + 0x4000)
    #expect(caller.trust == .scan)
    #expect(caller.stackPointer == s + 12)
  }
}
