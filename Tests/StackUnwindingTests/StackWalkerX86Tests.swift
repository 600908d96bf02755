import DumpFormats
import Testing

@testable import StackUnwinding

/// x86 unwinding: STACK WIN programs, FPO, EBP chains, scanning, cycles; and the postfix
/// evaluator.
@Suite struct StackWalkerX86Tests {
  static let base: UInt64 = 0x40_0000
  static let module = LoadedModule(name: "app.exe", base: base, size: 0x10000)
  static let stackBase: UInt64 = 0x12_0000
  static let returnAddress = base + 0x2010
  static let functions = [
    ResolvedSymbol(name: "f", rva: 0x1000, size: 0x100),
    ResolvedSymbol(name: "main", rva: 0x2000, size: 0x100),
  ]

  static func context(eip: UInt64, esp: UInt64, ebp: UInt64 = 0) -> CPUContext {
    CPUContext(architecture: .x86, registers: [("eip", eip), ("esp", esp), ("ebp", ebp)])
  }

  static func walk(
    _ stack: StackBuilder, _ context: CPUContext, symbols: FakeSymbols? = nil,
    image: FakeImage? = nil, options: StackWalker.Options = .init(trace: true)
  ) -> StackWalk {
    var resolver = FakeResolver()
    if let symbols { resolver.symbolsByName["app.exe"] = symbols }
    if let image { resolver.imagesByName["app.exe"] = image }
    return StackWalker(
      memory: stack.memory, modules: [module], symbols: resolver, options: options
    ).walk(from: context)
  }

  @Test func frameDataProgramWithRaSearch() throws {
    let s = Self.stackBase
    var stack = StackBuilder(base: s, wordSize: 4)
    stack.set(s + 12, UInt64(Self.returnAddress))  // esp + locals 8 + saved regs 4
    let symbols = FakeSymbols(
      functions: Self.functions,
      frameData: [
        X86FrameData(
          type: 4, rva: 0x1000, codeSize: 0x100, parameterSize: 8, savedRegisterSize: 4,
          localSize: 8, programString: "$T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + =")
      ])
    let walk = Self.walk(stack, Self.context(eip: Self.base + 0x1010, esp: s), symbols: symbols)
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 16)
    #expect(caller.trust == .cfi)
    #expect(caller.function == "main")
    #expect(walk.frames[0].function == "f")
    #expect(walk.frames[0].functionOffset == 0x10)
  }

  @Test func frameDataProgramRestoringEBP() throws {
    let s = Self.stackBase
    let ebp = s + 0x40
    var stack = StackBuilder(base: s, wordSize: 4)
    stack.set(ebp, 0x12_0100)
    stack.set(ebp + 4, UInt64(Self.returnAddress))
    stack.set(ebp - 4, 0x3333)  // saved ebx
    let symbols = FakeSymbols(
      functions: Self.functions,
      frameData: [
        X86FrameData(
          type: 4, rva: 0x1000, codeSize: 0x100,
          programString:
            "$T0 $ebp = $eip $T0 4 + ^ = $ebx $T0 4 - ^ = $ebp $T0 ^ = $esp $T0 8 + =")
      ])
    let walk = Self.walk(
      stack, Self.context(eip: Self.base + 0x1010, esp: s, ebp: ebp), symbols: symbols)
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == ebp + 8)
    #expect(caller.registers["ebp"] == 0x12_0100)
    #expect(caller.registers["ebx"] == 0x3333)
  }

  @Test func fpoRecordWithSavedBasePointer() throws {
    // FPO: locals 0x10, saved registers 8 (EBP among them): return at esp + 0x18.
    let s = Self.stackBase
    var stack = StackBuilder(base: s, wordSize: 4)
    stack.set(s + 0x18, UInt64(Self.returnAddress))
    stack.set(s + 0x00, 0xEB9)  // EBP slot: esp + 0 (callee params) + 8 (saved) − 8
    let symbols = FakeSymbols(
      functions: Self.functions,
      frameData: [
        X86FrameData(
          type: 0, rva: 0x1000, codeSize: 0x100, savedRegisterSize: 8, localSize: 0x10,
          allocatesBasePointer: true)
      ])
    let walk = Self.walk(stack, Self.context(eip: Self.base + 0x1010, esp: s), symbols: symbols)
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0x1C)
    #expect(caller.registers["ebp"] == 0xEB9)
  }

  @Test func frameDataResultOutsideCodeIsCorrectedByScanning() throws {
    let s = Self.stackBase
    var stack = StackBuilder(base: s, wordSize: 4)
    stack.set(s + 4, 0xBAD)  // what the program reads
    stack.set(s + 12, UInt64(Self.returnAddress))  // the real return address, further up
    let symbols = FakeSymbols(
      functions: Self.functions,
      frameData: [
        X86FrameData(
          type: 4, rva: 0x1000, codeSize: 0x100, localSize: 4,
          programString: "$T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + =")
      ])
    let walk = Self.walk(stack, Self.context(eip: Self.base + 0x1010, esp: s), symbols: symbols)
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 16)
    #expect(caller.trust == .cfiScan)
  }

  @Test func ebpChainThenEndOfStack() throws {
    let s = Self.stackBase
    var stack = StackBuilder(base: s, wordSize: 4)
    stack.set(s + 0x20, s + 0x40)
    stack.set(s + 0x24, UInt64(Self.returnAddress))
    stack.set(s + 0x40, 0)
    stack.set(s + 0x44, 0)  // return address 0 ends the stack
    let walk = Self.walk(stack, Self.context(eip: Self.base + 0x1010, esp: s, ebp: s + 0x20))
    #expect(walk.frames.map(\.trust) == [.context, .framePointer])
    #expect(walk.frames[1].stackPointer == s + 0x28)
    #expect(walk.frames[1].registers["ebp"] == s + 0x40)
  }

  @Test func cyclicFramePointersDoNotLoop() {
    let s = Self.stackBase
    var stack = StackBuilder(base: s, wordSize: 4, size: 0x100)
    // Two frames pointing at each other.
    stack.set(s + 0x20, s + 0x40)
    stack.set(s + 0x24, UInt64(Self.returnAddress))
    stack.set(s + 0x40, s + 0x20)
    stack.set(s + 0x44, UInt64(Self.returnAddress + 0x10))
    // A self-referencing frame.
    let walk = Self.walk(stack, Self.context(eip: Self.base + 0x1010, esp: s, ebp: s + 0x20))
    #expect(walk.frames.count <= 4)
    let stackPointers = walk.frames.map(\.stackPointer)
    #expect(stackPointers == stackPointers.sorted())
    var selfLoop = StackBuilder(base: s, wordSize: 4, size: 0x40)
    selfLoop.set(s + 0x10, s + 0x10)
    selfLoop.set(s + 0x14, UInt64(Self.returnAddress))
    let loop = Self.walk(selfLoop, Self.context(eip: Self.base + 0x1010, esp: s, ebp: s + 0x10))
    #expect(loop.frames.count <= 3)
  }

  @Test func scanRequiresACallBeforeTheReturnAddressWhenTheImageIsKnown() throws {
    var image = FakeImage(architecture: .x86)
    image.write([0xE8, 1, 2, 3, 4], at: 0x200B)  // call rel32 ending at 0x2010
    image.write([0xFF, 0x15, 1, 2, 3, 4], at: 0x302A)  // call [mem] ending at 0x3030
    let s = Self.stackBase
    var stack = StackBuilder(base: s, wordSize: 4)
    stack.set(s, UInt64(Self.base + 0x1500))  // in the module, no call before it
    stack.set(s + 4, UInt64(Self.base + 0x3030))
    let walk = Self.walk(stack, Self.context(eip: Self.base + 0x1010, esp: s), image: image)
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.base + 0x3030)
    #expect(caller.trust == .scan)
  }

  @Test func callSiteRecognition() {
    #expect(CallSite.x86CallEnds([0, 0, 0xE8, 1, 2, 3, 4]))
    #expect(CallSite.x86CallEnds([0, 0, 0, 0, 0, 0xFF, 0xD0]))  // call rax
    #expect(CallSite.x86CallEnds([0, 0, 0, 0, 0xFF, 0x50, 0x08]))  // call [rax+8]
    #expect(CallSite.x86CallEnds([0, 0xFF, 0x15, 1, 2, 3, 4]))  // call [rip+disp32]
    #expect(CallSite.x86CallEnds([0, 0, 0, 0xFF, 0x54, 0x24, 0x08]))  // call [rsp+8]
    #expect(!CallSite.x86CallEnds([0, 0, 0, 0, 0, 0x90, 0x90]))
    #expect(!CallSite.x86CallEnds([0, 0, 0, 0, 0, 0xFF, 0xE0]))  // jmp rax
  }

  @Test func postfixEvaluator() {
    let memory: [UInt64: UInt64] = [0x100: 0x4242]
    var evaluator = PostfixEvaluator(
      values: ["$esp": 0xF8, ".cbLocals": 8], pointerSize: 4, read: { memory[$0] })
    let ran = evaluator.run("$T0 $esp .cbLocals + = $eip $T0 ^ = $esp $T0 4 + =")
    #expect(ran)
    #expect(evaluator.values["$eip"] == 0x4242)
    #expect(evaluator.values["$esp"] == 0x104)
    #expect(evaluator.evaluate("13 16 @") == 0)
    #expect(evaluator.evaluate("37 16 @") == 32)
    #expect(evaluator.evaluate("17 5 %") == 2)
    #expect(evaluator.evaluate("17 5 /") == 3)
    #expect(evaluator.evaluate("3 5 -") == 0xFFFF_FFFE)  // wraps at 32 bits
    #expect(evaluator.evaluate("1 0 /") == nil)
    #expect(evaluator.evaluate("1 2") == nil)  // stray value
    #expect(evaluator.evaluate("+") == nil)  // underflow
    #expect(evaluator.evaluate(".unknown 1 +") == nil)
    #expect(evaluator.evaluate("$esp 4 + ^") == nil)  // unreadable memory
    let stray = evaluator.run("$eip 1 2 =")  // leaves a value behind
    #expect(!stray)
  }
}
