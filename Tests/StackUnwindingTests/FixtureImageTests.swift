import DumpFormats
import Foundation
import PDBSymbols
import PEImageParsing
import Testing
import TriageTestSupport

@testable import StackUnwinding

/// Walks hand-built stacks through the real fixture images the symbols work builds with
/// clang/lld-link (`Tests/SymbolsTests/Fixtures/out`): their `.pdata`/`.xdata`, not ours.
///
/// Call sites and prologs below are from `llvm-objdump -d` and `llvm-readobj --unwind` of those
/// images.
@Suite struct FixtureImageTests {
  static func image(_ arch: String) -> PEImage? {
    let path = TestPaths.repositoryRoot.appendingPathComponent(
      "Tests/SymbolsTests/Fixtures/out/\(arch)/netbt.sys"
    ).path
    return try? PEImage.open(path: path)
  }

  struct OneImage: SymbolResolver {
    var image: PEImage
    func symbols(for module: LoadedModule) -> (any ModuleSymbols)? { nil }
    func image(for module: LoadedModule) -> (any ExecutableImage)? { image }
  }

  @Test(.enabled(if: image("x64") != nil))
  func x64LeafThenTwoPdataFrames() throws {
    let image = try #require(Self.image("x64"))
    let base = image.imageBase
    let module = LoadedModule(name: "netbt.sys", base: base, size: UInt64(image.sizeOfImage))
    let s: UInt64 = 0x7000_0000
    var stack = StackBuilder(base: s, size: 0x1000)
    // NbtLeafChecksum (0x1000, no .pdata) was called from NbtBuildLargeFrame at 0x1112.
    stack.set(s, base + 0x1117)
    // NbtBuildLargeFrame: push rsi, rdi, rbx; sub rsp, 0xC20. Called from
    // NbtCopyToStartOfIndicate at 0x11FB.
    let frame1 = s + 8
    stack.set(frame1 + 0xC20, 0xB1)  // rbx
    stack.set(frame1 + 0xC28, 0xD1)  // rdi
    stack.set(frame1 + 0xC30, 0x51)  // rsi
    stack.set(frame1 + 0xC38, base + 0x1200)
    // NbtCopyToStartOfIndicate: push rsi, rdi, rbx; sub rsp, 0x20; its caller is not in a module.
    let frame2 = frame1 + 0xC40
    stack.set(frame2 + 0x20, 0xB2)
    stack.set(frame2 + 0x38, 0)
    let walker = StackWalker(
      memory: stack.memory, modules: [module], symbols: OneImage(image: image),
      options: .init(trace: true))
    let walk = walker.walk(from: amd64Context(rip: base + 0x1030, rsp: s))
    #expect(walk.frames.map(\.instructionAddress) == [base + 0x1030, base + 0x1117, base + 0x1200])
    #expect(walk.frames.dropFirst().allSatisfy { $0.trust == .cfi })
    #expect(walk.frames[1].stackPointer == frame1)
    #expect(walk.frames[2].stackPointer == frame2)
    #expect(walk.frames[2].registers["rbx"] == 0xB1)
    #expect(walk.frames[2].registers["rsi"] == 0x51)
  }

  @Test(.enabled(if: image("x64") != nil))
  func x64EpilogOfTheRealFunction() throws {
    // PC at 0x112C (`pop rbx` after `add rsp, 0xC20`) in NbtBuildLargeFrame.
    let image = try #require(Self.image("x64"))
    let base = image.imageBase
    let module = LoadedModule(name: "netbt.sys", base: base, size: UInt64(image.sizeOfImage))
    let s: UInt64 = 0x7000_0000
    var stack = StackBuilder(base: s, size: 0x100)
    stack.set(s, 0xB1)
    stack.set(s + 8, 0xD1)
    stack.set(s + 16, 0x51)
    stack.set(s + 24, base + 0x1200)
    let walker = StackWalker(
      memory: stack.memory, modules: [module], symbols: OneImage(image: image))
    let walk = walker.walk(from: amd64Context(rip: base + 0x112C, rsp: s))
    let caller = try #require(walk.frames.dropFirst().first)
    #expect(caller.instructionAddress == base + 0x1200)
    #expect(caller.stackPointer == s + 32)
    #expect(caller.registers["rdi"] == 0xD1)
  }

  @Test(.enabled(if: image("arm64") != nil))
  func arm64PackedAndUnpackedRecords() throws {
    let image = try #require(Self.image("arm64"))
    let base = image.imageBase
    let module = LoadedModule(name: "netbt.sys", base: base, size: UInt64(image.sizeOfImage))
    let s: UInt64 = 0x5000_0000
    var stack = StackBuilder(base: s, size: 0x2000)
    // Frame 0 in NbtRotate (0x1148, packed: sub sp, #16), called from NbtBuildLargeFrame at
    // 0x112C: LR = 0x1130.
    // NbtBuildLargeFrame (.xdata): stp x19,x20,[sp,#-32]!; str x28,[sp,#16]; str x30,[sp,#24];
    // sub sp,#3072. Called from NbtCopyToStartOfIndicate (packed CR=1 RegI=3) at 0x11E4.
    let frame1 = s + 16
    let saveArea = frame1 + 3072
    stack.set(saveArea, 0x19)
    stack.set(saveArea + 8, 0x20)
    stack.set(saveArea + 16, 0x28)
    stack.set(saveArea + 24, base + 0x11E8)
    let frame2 = saveArea + 32
    stack.set(frame2, 0x1919)  // x19 of the next caller
    stack.set(frame2 + 8, 0x2020)
    stack.set(frame2 + 16, 0x2121)
    stack.set(frame2 + 24, 0)  // lr: end of stack
    let context = CPUContext(
      architecture: .arm64,
      registers: [("x19", 1), ("lr", base + 0x1130), ("sp", s), ("pc", base + 0x1158)])
    let walker = StackWalker(
      memory: stack.memory, modules: [module], symbols: OneImage(image: image),
      options: .init(trace: true))
    let walk = walker.walk(from: context)
    #expect(walk.frames.map(\.instructionAddress) == [base + 0x1158, base + 0x1130, base + 0x11E8])
    #expect(walk.frames[1].stackPointer == frame1)
    #expect(walk.frames[2].stackPointer == frame2)
    #expect(walk.frames[2].registers["x19"] == 0x19)
    #expect(walk.frames[2].registers["x28"] == 0x28)
  }

  struct PDBResolver: SymbolResolver {
    var pdb: PDBFile
    func symbols(for module: LoadedModule) -> (any ModuleSymbols)? { pdb }
    func image(for module: LoadedModule) -> (any ExecutableImage)? { nil }
  }

  static func pdb(_ arch: String) -> PDBFile? {
    let path = TestPaths.repositoryRoot.appendingPathComponent(
      "Tests/SymbolsTests/Fixtures/out/\(arch)/netbt.pdb"
    ).path
    return try? PDBFile.open(path: path)
  }

  @Test(.enabled(if: pdb("x86") != nil))
  func x86FrameDataFromThePDBWithParameterSizes() throws {
    // NbtLeafChecksum body (0x1010: ebx, edi, esi pushed) called by NbtBuildLargeFrame at
    // 0x1108 after two argument pushes; NbtBuildLargeFrame (3 pushes, sub esp 0xC00) called by
    // NbtCopyToStartOfIndicate at 0x1216.
    let pdb = try #require(Self.pdb("x86"))
    let base: UInt64 = 0x40_0000
    let module = LoadedModule(name: "netbt.sys", base: base, size: 0x5000)
    let s: UInt64 = 0x12_0000
    var stack = StackBuilder(base: s, wordSize: 4, size: 0x1000)
    stack.set(s, 0x51)  // esi
    stack.set(s + 4, 0xD1)  // edi
    stack.set(s + 8, 0xB1)  // ebx
    stack.set(s + 12, base + 0x110D)
    stack.set(s + 16, 0xA0)  // the two stdcall arguments
    stack.set(s + 20, 64)
    let body = s + 24  // NbtBuildLargeFrame's ESP in its body
    stack.set(body + 0xC00, 0x52)
    stack.set(body + 0xC04, 0xD2)
    stack.set(body + 0xC08, 0xB2)
    stack.set(body + 0xC0C, base + 0x121B)
    let context = CPUContext(
      architecture: .x86, registers: [("eip", base + 0x1010), ("esp", s), ("ebp", 0)])
    let walker = StackWalker(
      memory: stack.memory, modules: [module], symbols: PDBResolver(pdb: pdb),
      options: .init(trace: true))
    let walk = walker.walk(from: context)
    #expect(
      walk.frames.prefix(3).map(\.instructionAddress) == [
        base + 0x1010, base + 0x110D, base + 0x121B,
      ])
    #expect(walk.frames.dropFirst().prefix(2).allSatisfy { $0.trust == .cfi })
    #expect(walk.frames.count > 2)
    if walk.frames.count > 2 {
      #expect(walk.frames[1].stackPointer == s + 16)
      #expect(walk.frames[1].registers["ebx"] == 0xB1)
      #expect(walk.frames[2].stackPointer == body + 0xC10)
      #expect(walk.frames[2].registers["esi"] == 0x52)
      #expect(walk.frames[2].function != nil)
    }
  }
}
