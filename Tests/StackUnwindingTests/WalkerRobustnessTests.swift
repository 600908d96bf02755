import DumpFormats
import Testing
import TriageTestSupport

@testable import StackUnwinding

/// Random stacks, random unwind data and random symbol programs must never trap, loop or run
/// past the limits (seeded; the seed is in the test arguments).
@Suite struct WalkerRobustnessTests {
  static let architectures: [CPUArchitecture] = [.amd64, .x86, .arm64, .arm]

  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
  func randomStacksAndImages(seed: UInt64) {
    var random = SeededRandom(seed: seed)
    for architecture in Self.architectures {
      let wide = architecture.pointerSize == 8
      let base: UInt64 = wide ? 0x1_4000_0000 : 0x40_0000
      let stackBase: UInt64 = wide ? 0x7000_0000 : 0x12_0000
      let module = LoadedModule(name: "m.dll", base: base, size: 0x4000)
      // An image of random bytes with random .pdata entries.
      var image = FakeImage(architecture: architecture, size: 0x4000)
      image.data = (0..<0x4000).map { _ in UInt8.random(in: 0...255, using: &random) }
      image.functions = (0..<16).map { _ in
        let begin = UInt32.random(in: 0..<0x3F00, using: &random)
        return RuntimeFunction(
          beginRVA: begin, endRVA: begin + UInt32.random(in: 1...0x100, using: &random),
          unwindData: UInt32.random(in: 0...UInt32.max, using: &random) & 0x3FFF
            | UInt32.random(in: 0...3, using: &random))
      }
      // A stack mixing zeros, module addresses, stack addresses and noise.
      var stack = StackBuilder(base: stackBase, wordSize: architecture.pointerSize, size: 0x800)
      var address = stackBase
      while address < stackBase + 0x800 {
        let value: UInt64
        switch UInt8.random(in: 0...3, using: &random) {
        case 0: value = base + UInt64.random(in: 0..<0x4000, using: &random)
        case 1: value = stackBase + UInt64.random(in: 0..<0x900, using: &random)
        case 2: value = 0
        default: value = UInt64.random(in: 0...UInt64.max, using: &random)
        }
        stack.set(address, wide ? value : value & 0xFFFF_FFFF)
        address += UInt64(architecture.pointerSize)
      }
      let symbols = FakeSymbols(
        functions: [ResolvedSymbol(name: "f", rva: 0, size: 0x4000)],
        frameData: [
          X86FrameData(
            type: 4, rva: 0, codeSize: 0x2000, localSize: 8,
            programString: "$T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + = $T1 0 /")
        ],
        cfi: [(0x2000, 0x4000, [".cfa": "$sp 16 + ^", ".ra": ".cfa 8 - ^ ^", "$x19": "@"])])
      let registers: [(String, UInt64)] =
        switch architecture {
        case .amd64: [("rip", base + 0x100), ("rsp", stackBase), ("rbp", stackBase + 0x40)]
        case .x86: [("eip", base + 0x100), ("esp", stackBase), ("ebp", stackBase + 0x40)]
        case .arm64:
          [("pc", base + 0x100), ("sp", stackBase), ("fp", stackBase + 0x40), ("lr", base)]
        default: [("pc", base + 0x101), ("sp", stackBase), ("r11", stackBase + 0x40), ("lr", base)]
        }
      let context = CPUContext(architecture: architecture, registers: registers)
      for resolver in [
        FakeResolver(imagesByName: ["m.dll": image]),
        FakeResolver(symbolsByName: ["m.dll": symbols]),
        FakeResolver(),
      ] {
        let walker = StackWalker(
          memory: stack.memory, modules: [module], symbols: resolver,
          options: .init(maxFrames: 64, trace: true))
        let walk = walker.walk(from: context, splicing: [context])
        #expect(!walk.frames.isEmpty)
        #expect(walk.frames.count <= 64)
        let pointers = walk.frames.map(\.stackPointer)
        #expect(pointers == pointers.sorted(), "\(architecture) seed \(seed)")
      }
    }
  }

  @Test(arguments: [UInt64(11), 12, 13, 14])
  func randomUnwindRecordsDecodeOrFail(seed: UInt64) {
    var random = SeededRandom(seed: seed)
    for _ in 0..<200 {
      var image = FakeImage(architecture: .arm64, size: 0x100)
      image.data = (0..<0x100).map { _ in UInt8.random(in: 0...255, using: &random) }
      _ = try? AMD64UnwindInfo(image: image, rva: UInt32.random(in: 0..<0x100, using: &random))
      _ = ARM64UnwindCodes(image: image, xdataRVA: UInt32.random(in: 0..<0x100, using: &random))
      _ = ARM64UnwindCodes(packed: UInt32.random(in: 0...UInt32.max, using: &random))
      let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
      _ = ARM64UnwindCodes.decode(bytes)
    }
  }
}
