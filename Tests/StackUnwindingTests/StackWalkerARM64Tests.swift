import DumpFormats
import Testing

@testable import StackUnwinding

/// ARM64 unwinding: unpacked `.xdata`, packed `.pdata`, partial prologs/epilogs, FP chain, PAC.
@Suite struct StackWalkerARM64Tests {
  static let base: UInt64 = 0x1_8000_0000
  static let module = LoadedModule(name: "app.dll", base: base, size: 0x10000)
  static let stackBase: UInt64 = 0x5000_0000
  static let returnAddress = base + 0x2010

  static func context(pc: UInt64, sp: UInt64, fp: UInt64 = 0, lr: UInt64 = 0) -> CPUContext {
    CPUContext(
      architecture: .arm64, registers: [("fp", fp), ("lr", lr), ("sp", sp), ("pc", pc)])
  }

  /// An image with one function (0x1000–0x1100) and its `.xdata`.
  ///
  /// Prolog: stp x19,x20,[sp,#-16]!; stp fp,lr,[sp,#-0x90]!; mov fp,sp; epilog mirrored at 0x10F0. Codes: set_fp, save_fplr_x 0x90, save_r19r20_x 16, end.
  static func unpackedImage() -> FakeImage {
    var image = FakeImage(architecture: .arm64)
    image.write32(0x9400_0000, at: 0x200C)  // bl
    image.functions = [RuntimeFunction(beginRVA: 0x1000, endRVA: 0x1100, unwindData: 0x8000)]
    // Function length 0x100/4, one epilog scope, one code word.
    image.write32(0x40 | 1 << 22 | 1 << 27, at: 0x8000)
    image.write32((0xF0 / 4) | 0 << 22, at: 0x8004)
    image.write([0xE1, 0x91, 0x22, 0xE4], at: 0x8008)
    return image
  }

  static func frameStack(_ s: UInt64) -> StackBuilder {
    var stack = StackBuilder(base: stackBase, size: 0x1000)
    stack.set(s, 0xF00D)  // caller fp
    stack.set(s + 8, returnAddress)
    stack.set(s + 0x90, 0x19)
    stack.set(s + 0x98, 0x20)
    return stack
  }

  static func walk(_ image: FakeImage?, _ stack: StackBuilder, _ context: CPUContext) -> StackWalk {
    var resolver = FakeResolver()
    if let image { resolver.imagesByName["app.dll"] = image }
    return StackWalker(
      memory: stack.memory, modules: [module], symbols: resolver, options: .init(trace: true)
    ).walk(from: context)
  }

  @Test func unpackedXdataFromTheBody() throws {
    let s = Self.stackBase + 0x100
    let walk = Self.walk(
      Self.unpackedImage(), Self.frameStack(s),
      Self.context(pc: Self.base + 0x1050, sp: s - 0x40, fp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0xA0)
    #expect(caller.registers["fp"] == 0xF00D)
    #expect(caller.registers["x19"] == 0x19)
    #expect(caller.registers["x20"] == 0x20)
    #expect(caller.trust == .cfi)
  }

  @Test func partialPrologRunsOnlyExecutedCodes() throws {
    // After the first prolog instruction only x19/x20 are saved; LR still holds the return.
    let s = Self.stackBase + 0x200
    var stack = StackBuilder(base: Self.stackBase, size: 0x1000)
    stack.set(s, 0x19)
    stack.set(s + 8, 0x20)
    let walk = Self.walk(
      Self.unpackedImage(), stack,
      Self.context(pc: Self.base + 0x1004, sp: s, lr: Self.returnAddress))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0x10)
    #expect(caller.registers["x19"] == 0x19)
  }

  @Test func partialEpilogSkipsExecutedCodes() throws {
    // PC one instruction into the epilog: `mov sp, fp` has run, so set_fp is skipped.
    let s = Self.stackBase + 0x100
    let walk = Self.walk(
      Self.unpackedImage(), Self.frameStack(s),
      Self.context(pc: Self.base + 0x10F4, sp: s, fp: 0x1234))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0xA0)
  }

  @Test func packedUnwindData() throws {
    // Microsoft's example 1: 0x416101ED = RegI 1, CR 3, FrameSize 2080 (locals 2064).
    var image = FakeImage(architecture: .arm64)
    image.write32(0x9400_0000, at: 0x200C)
    image.functions = [RuntimeFunction(beginRVA: 0x1000, endRVA: 0x11EC, unwindData: 0x4161_01ED)]
    let s = Self.stackBase + 0x100
    var stack = StackBuilder(base: Self.stackBase, size: 0x1000)
    stack.set(s, 0xF00D)
    stack.set(s + 8, Self.returnAddress)
    stack.set(s + 2064, 0x19)
    let walk = Self.walk(image, stack, Self.context(pc: Self.base + 0x1100, sp: s, fp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 2080)
    #expect(caller.registers["x19"] == 0x19)
    #expect(caller.registers["fp"] == 0xF00D)
  }

  @Test func packedDecodingMatchesTheCanonicalProlog() {
    let codes = ARM64UnwindCodes(packed: 0x4161_01ED)
    #expect(codes.functionLength == 492)
    #expect(
      codes.operations == [
        .setFramePointer, .restore(first: 29, second: 30, offset: 0, writeback: 0),
        .allocate(2064), .restore(first: 19, second: nil, offset: 0, writeback: 0), .allocate(16),
        .end(chained: false),
      ])
  }

  @Test func framePointerChainWithPointerAuthentication() throws {
    let s = Self.stackBase + 0x100
    var stack = StackBuilder(base: Self.stackBase, size: 0x1000)
    stack.set(s + 0x20, 0)
    stack.set(s + 0x28, Self.returnAddress | 0x003A_0000_0000_0000)  // PAC-signed LR
    let walk = Self.walk(nil, stack, Self.context(pc: Self.base + 0x1010, sp: s, fp: s + 0x20))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.trust == .framePointer)
    #expect(caller.stackPointer == s + 0x30)
  }

  @Test func callSiteRecognition() {
    #expect(CallSite.arm64IsCall(0x9400_0010))  // bl
    #expect(CallSite.arm64IsCall(0xD63F_0100))  // blr x8
    #expect(!CallSite.arm64IsCall(0xD65F_03C0))  // ret
  }

  @Test func scannedReturnAddressesLosePointerAuthenticationBits() throws {
    let s = Self.stackBase + 0x100
    var stack = StackBuilder(base: Self.stackBase, size: 0x1000)
    stack.set(s + 8, Self.returnAddress | 0x00B3_0000_0000_0000)
    let walk = Self.walk(nil, stack, Self.context(pc: Self.base + 0x1010, sp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.trust == .scan)
  }
}
