import DumpFormats
import Testing

@testable import StackUnwinding

/// x64 unwinding on hand-built UNWIND_INFO records and stacks.
@Suite struct StackWalkerAMD64Tests {
  static let base: UInt64 = 0x1_4000_0000
  static let module = LoadedModule(name: "app.exe", base: base, size: 0x10000)
  static let stackBase: UInt64 = 0x7000_0000
  /// A return address into app.exe right after a `call rel32` at rva 0x200B.
  static let returnAddress = base + 0x2010

  /// An image with the function 0x1000–0x1100 described by UNWIND_INFO at 0x8000.
  static func image(_ configure: (inout FakeImage) -> Void) -> FakeImage {
    var image = FakeImage(architecture: .amd64)
    image.write([0xE8, 0, 0, 0, 0], at: 0x200B)
    image.functions = [RuntimeFunction(beginRVA: 0x1000, endRVA: 0x1100, unwindData: 0x8000)]
    configure(&image)
    return image
  }

  static func walk(
    _ image: FakeImage, _ stack: StackBuilder, _ context: CPUContext,
    records: [CPUContext] = [], options: StackWalker.Options = .init(trace: true)
  ) -> StackWalk {
    let walker = StackWalker(
      memory: stack.memory, modules: [module],
      symbols: FakeResolver(imagesByName: ["app.exe": image]), options: options)
    return walker.walk(from: context, splicing: records)
  }

  @Test func pushAllocAndSaveNonvolatile() throws {
    // push rbx (1); sub rsp, 0x20 (5); mov [rsp+0x30], rsi (10)
    let image = Self.image {
      $0.writeUnwindInfo(
        at: 0x8000, prolog: 10, slots: [code(10, 4, 6), 6, code(5, 2, 3), code(1, 0, 3)])
    }
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s + 0x20, 0xB0B)  // saved rbx
    stack.set(s + 0x28, Self.returnAddress)
    stack.set(s + 0x30, 0x51)  // saved rsi (caller's home area)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x1050, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0x30)
    #expect(caller.trust == .cfi)
    #expect(caller.registers["rbx"] == 0xB0B)
    #expect(caller.registers["rsi"] == 0x51)
    #expect(walk.frames[0].trust == .context)
    #expect(walk.frames[0].moduleOffset == 0x1050)
  }

  @Test func largeAllocationsBothForms() throws {
    // sub rsp, 0x180 (ALLOC_LARGE info 0: slot × 8); sub rsp, 0x10008 (info 1: 32-bit)
    let image = Self.image {
      $0.writeUnwindInfo(
        at: 0x8000, prolog: 20, slots: [code(20, 1, 1), 0x0008, 0x0001, code(7, 1, 0), 0x30])
    }
    let s = Self.stackBase
    var stack = StackBuilder(base: s, size: 0x10400)
    stack.set(s + 0x10008 + 0x180, Self.returnAddress)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x1080, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0x10008 + 0x188)
  }

  @Test func framePointerSaveFarAndXMMSlots() throws {
    // push rbp (1); sub rsp, 0x40 (5); lea rbp, [rsp+0x20] (10); mov [rbp-0x20+0x38], rdi (far,
    // 15); movaps [rsp+0x10], xmm6 (20, SAVE_XMM128); SAVE_XMM128_FAR (25)
    let image = Self.image {
      $0.writeUnwindInfo(
        at: 0x8000, prolog: 25, frameRegister: 5, frameOffset: 2,
        slots: [
          code(25, 9, 7), 0x0010, 0x0000, code(20, 8, 6), 1, code(15, 5, 7), 0x0038, 0x0000,
          code(10, 3, 0), code(5, 2, 7), code(1, 0, 5),
        ])
    }
    let s = Self.stackBase + 0x100  // RSP after the fixed allocation
    var stack = StackBuilder(base: Self.stackBase, size: 0x400)
    stack.set(s + 0x40, 0xBEEF)  // saved rbp
    stack.set(s + 0x48, Self.returnAddress)
    stack.set(s + 0x38, 0xD1)  // rdi, saved at frame base (rbp − 0x20) + 0x38
    let context = amd64Context(
      rip: Self.base + 0x1090, rsp: Self.stackBase + 0x10,  // alloca moved RSP below the frame
      [("rbp", s + 0x20)])
    let walk = Self.walk(image, stack, context)
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0x50)
    #expect(caller.registers["rbp"] == 0xBEEF)
    #expect(caller.registers["rdi"] == 0xD1)
  }

  @Test func version2EpilogCodesTakeOneSlot() throws {
    // amdppm.sys WriteIoMemRawEx: v2, prolog 4, codes (1, op 6, 0), (2, op 6, 0), (4, ALLOC_SMALL 4).
    let image = Self.image {
      $0.writeUnwindInfo(
        at: 0x8000, version: 2, prolog: 4, slots: [code(1, 6, 0), code(2, 6, 0), code(4, 2, 4)])
    }
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s + 0x28, Self.returnAddress)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x1070, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0x30)
  }

  @Test func legacyVersion1SaveXMMTakesTwoSlots() throws {
    let image = Self.image {
      $0.writeUnwindInfo(at: 0x8000, prolog: 9, slots: [code(9, 6, 6), 2, code(4, 2, 1)])
    }
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s + 0x10, Self.returnAddress)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x1070, rsp: s))
    #expect(walk.frames.dropFirst().first?.stackPointer == s + 0x18)
  }

  @Test func machineFrameGivesTheInterruptedState() throws {
    // KiPageFault-like: PUSH_MACHFRAME with error code, then sub rsp, 8.
    let image = Self.image {
      $0.writeUnwindInfo(at: 0x8000, prolog: 5, slots: [code(5, 2, 0), code(0, 10, 1)])
    }
    let s = Self.stackBase
    let interruptedRSP = s + 0x200
    var stack = StackBuilder(base: s)
    stack.set(s + 0x08, 0x10)  // error code
    stack.set(s + 0x10, Self.base + 0x3456)  // RIP
    stack.set(s + 0x28, interruptedRSP)  // RSP
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x1040, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.base + 0x3456)
    #expect(caller.stackPointer == interruptedRSP)
    #expect(caller.trust == .cfi)
  }

  @Test func chainedUnwindInfoContinuesWithTheParent() throws {
    let image = Self.image {
      $0.functions.append(RuntimeFunction(beginRVA: 0x0F00, endRVA: 0x1000, unwindData: 0x8100))
      $0.writeUnwindInfo(
        at: 0x8000, prolog: 4, slots: [code(4, 2, 1)],
        chained: RuntimeFunction(beginRVA: 0x0F00, endRVA: 0x1000, unwindData: 0x8100))
      $0.writeUnwindInfo(at: 0x8100, prolog: 1, slots: [code(1, 0, 3)])
    }
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s + 0x10, 0x77)  // rbx pushed by the parent's prolog
    stack.set(s + 0x18, Self.returnAddress)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x1080, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.stackPointer == s + 0x20)
    #expect(caller.registers["rbx"] == 0x77)
  }

  @Test func indirectRuntimeFunctionIsFollowed() throws {
    let image = Self.image {
      $0.functions = [RuntimeFunction(beginRVA: 0x1000, endRVA: 0x1100, unwindData: 0x9001)]
      $0.write32(0x1000, at: 0x9000)
      $0.write32(0x1100, at: 0x9004)
      $0.write32(0x8000, at: 0x9008)
      $0.writeUnwindInfo(at: 0x8000, prolog: 4, slots: [code(4, 2, 1)])
    }
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s + 0x10, Self.returnAddress)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x1080, rsp: s))
    #expect(walk.frames.dropFirst().first?.stackPointer == s + 0x18)
  }

  @Test func prologPartiallyExecuted() throws {
    // push rbx (1); sub rsp, 0x20 (5): at offset 1 only the push has run.
    let image = Self.image {
      $0.writeUnwindInfo(at: 0x8000, prolog: 5, slots: [code(5, 2, 3), code(1, 0, 3)])
    }
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s, 0x99)
    stack.set(s + 8, Self.returnAddress)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x1001, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.stackPointer == s + 0x10)
    #expect(caller.registers["rbx"] == 0x99)
  }

  @Test func epilogIsSimulatedForTheTopFrame() throws {
    // Body: add rsp, 0x28; pop rbx; ret at 0x10F0 (PC points at `pop rbx`).
    let image = Self.image {
      $0.writeUnwindInfo(at: 0x8000, prolog: 5, slots: [code(5, 2, 4), code(1, 0, 3)])
      $0.write([0x48, 0x83, 0xC4, 0x28, 0x5B, 0xC3], at: 0x10F0)
    }
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s, 0x55)  // rbx about to be popped
    stack.set(s + 8, Self.returnAddress)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x10F4, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0x10)
    #expect(caller.registers["rbx"] == 0x55)
    #expect(walk.trace.contains { $0.contains("epilog") })
  }

  @Test func leafFunctionWithoutPdata() throws {
    let image = Self.image { _ in }
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s, Self.returnAddress)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x5000, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.trust == .cfi)
  }

  @Test func stackCFIFromSymbols() throws {
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s + 0x08, 0x1234)  // saved rbx
    stack.set(s + 0x10, Self.returnAddress)
    let symbols = FakeSymbols(cfi: [
      (0x1000, 0x1100, [".cfa": "$rsp 24 +", ".ra": ".cfa 8 - ^", "$rbx": ".cfa 16 - ^"])
    ])
    let walker = StackWalker(
      memory: stack.memory, modules: [Self.module],
      symbols: FakeResolver(symbolsByName: ["app.exe": symbols]))
    let walk = walker.walk(from: amd64Context(rip: Self.base + 0x1010, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.returnAddress)
    #expect(caller.stackPointer == s + 0x18)
    #expect(caller.registers["rbx"] == 0x1234)
    #expect(caller.trust == .cfi)
  }

  @Test func scanSkipsValuesOutsideModulesAndCountsAsScan() throws {
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s, 0xDEAD)
    stack.set(s + 8, 0x1234_5678)
    stack.set(s + 0x10, Self.base + 0x4444)
    let walker = StackWalker(memory: stack.memory, modules: [Self.module])
    let walk = walker.walk(from: amd64Context(rip: Self.base + 0x1010, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == Self.base + 0x4444)
    #expect(caller.stackPointer == s + 0x18)
    #expect(caller.trust == .scan)
  }

  @Test func stackRunningOffItsMemoryEndsTheWalk() {
    // ALLOC_SMALL 0x80 but the stack region is only 0x40 bytes long.
    let image = Self.image {
      $0.writeUnwindInfo(at: 0x8000, prolog: 4, slots: [code(4, 2, 15)])
    }
    let stack = StackBuilder(base: Self.stackBase, size: 0x40)
    let walk = Self.walk(image, stack, amd64Context(rip: Self.base + 0x1080, rsp: Self.stackBase))
    #expect(walk.frames.count == 1)
    #expect(!walk.stopReason.isEmpty)
  }

  @Test func contextRecordIsSplicedWithContextTrust() throws {
    // No unwind data: the walk would scan; a context record deeper in the stack takes over.
    let s = Self.stackBase
    var stack = StackBuilder(base: s)
    stack.set(s + 0x100, Self.base + 0x6000)
    let record = amd64Context(rip: Self.base + 0x334C, rsp: s + 0x80, [("rbx", 7)])
    let walker = StackWalker(
      memory: stack.memory, modules: [Self.module], options: .init(trace: true))
    let walk = walker.walk(from: amd64Context(rip: Self.base + 0x1010, rsp: s), splicing: [record])
    #expect(walk.frames.count >= 2)
    #expect(walk.frames[1].instructionAddress == Self.base + 0x334C)
    #expect(walk.frames[1].trust == .context)
    #expect(walk.frames[1].registers["rbx"] == 7)
    #expect(walk.frames.dropFirst(2).first?.instructionAddress == Self.base + 0x6000)
  }

  @Test func frameLimitIsEnforced() {
    // Every slot holds a return address: scanning would find 128 of them.
    let s = Self.stackBase
    var stack = StackBuilder(base: s, size: 0x400)
    for i in 0..<128 { stack.set(s + UInt64(i) * 8, Self.base + 0x4000 + UInt64(i)) }
    let walker = StackWalker(
      memory: stack.memory, modules: [Self.module], options: .init(maxFrames: 10))
    let walk = walker.walk(from: amd64Context(rip: Self.base + 0x1010, rsp: s))
    #expect(walk.frames.count == 10)
    #expect(walk.notes.contains { $0.code == "stack.frame_limit" })
  }

  @Test func defaultFrameAndScanLimitsAreNamedWhenReached() {
    #expect(StackWalker.Options.defaultMaxFrames == 256)
    #expect(StackWalker.Options.defaultMaxScannedFrames == 200)
    // 400 slots, each a return address: scanning alone would find 400 frames.
    let s = Self.stackBase
    var stack = StackBuilder(base: s, size: 400 * 8 + 0x100)
    for i in 0..<400 { stack.set(s + UInt64(i) * 8, Self.base + 0x4000 + UInt64(i)) }
    let context = amd64Context(rip: Self.base + 0x1010, rsp: s)
    let scanLimited = StackWalker(memory: stack.memory, modules: [Self.module]).walk(from: context)
    #expect(scanLimited.stopReason == "scanned-frame limit (200) reached")
    let frameLimited = StackWalker(
      memory: stack.memory, modules: [Self.module], options: .init(maxScannedFrames: 1000)
    ).walk(from: context)
    #expect(frameLimited.frames.count == 256)
    #expect(frameLimited.notes.contains { $0.message == "Stack walk stopped at 256 frames." })
  }

  @Test func unwindInfoDecoderRejectsTruncatedOperands() {
    var image = FakeImage(architecture: .amd64, size: 0x20)
    // ALLOC_LARGE needs one operand slot but CountOfCodes is 1.
    image.writeUnwindInfo(at: 0x10, prolog: 4, slots: [code(4, 1, 0)])
    #expect(throws: (any Error).self) { try AMD64UnwindInfo(image: image, rva: 0x10) }
    // A record that runs off the image.
    #expect(throws: (any Error).self) { try AMD64UnwindInfo(image: image, rva: 0x1E) }
  }
}
