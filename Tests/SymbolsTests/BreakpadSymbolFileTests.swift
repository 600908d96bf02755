import BinaryReading
import BreakpadSymbols
import DumpFormats
import Foundation
import Testing
import TriageTestSupport

@Suite struct BreakpadSymbolFileTests {
  static let sample = """
    MODULE windows x86 5A9832E5287241C1838ED98914E9B7FF1 test app.pdb
    INFO CODE_ID 5AB380779000 crash.exe
    INFO URL https://example.invalid/
    FILE 0 c:\\src\\a file.cc
    INLINE_ORIGIN 0 inlined()
    FUNC 1000 20 8 Outer(int, char *)
    1000 10 12 0
    1010 10 13 0
    INLINE 0 12 0 0 1004 4
    FUNC m 1020 10 0 Folded
    PUBLIC 1000 0 _Outer@8
    PUBLIC 1040 4 AfterFunctions
    PUBLIC m 1100 0 Later
    STACK WIN 4 1000 20 3 0 8 4 10 0 1 $T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + =
    STACK WIN 4 1003 1d 0 0 8 4 10 0 1 $T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + = $ebx $T0 4 - ^ =
    STACK WIN 0 1020 10 0 0 0 0 0 0 0 1
    STACK CFI INIT 2000 40 .cfa: $rsp 8 + .ra: .cfa -8 + ^
    STACK CFI 2004 .cfa: $rsp 16 + $rbx: .cfa -16 + ^
    STACK CFI 2010 .cfa: $rbp 16 +\r

    """

  @Test func parsesEveryRecordKind() throws {
    let file = try BreakpadSymbolFile(data: Data(Self.sample.utf8))
    #expect(file.notes.isEmpty, "\(file.notes)")
    #expect(file.module?.name == "test app.pdb")
    #expect(file.module?.id == "5A9832E5287241C1838ED98914E9B7FF1")
    #expect(file.codeID == "5AB380779000" && file.codeFile == "crash.exe")
    #expect(file.files[0] == "c:\\src\\a file.cc")
    #expect(file.inlineOrigins[0] == "inlined()")
    #expect(file.functions.count == 2 && file.functions[1].isMultiple)
    #expect(file.functions[0].inlines.first?.ranges.map(\.address) == [0x1004])
    #expect(file.publics.map(\.name) == ["_Outer@8", "AfterFunctions", "Later"])

    let outer = try #require(file.symbol(at: 0x1012))
    #expect(outer.name == "Outer(int, char *)" && outer.rva == 0x1000 && outer.size == 0x20)
    #expect(outer.line == 13 && outer.file == "c:\\src\\a file.cc")
    #expect(!outer.isPublic)
    #expect(file.symbol(at: 0x1025)?.name == "Folded")
    // PUBLIC covers up to the next address mentioned; FUNC wins where both cover.
    #expect(file.symbol(at: 0x1050)?.name == "AfterFunctions")
    #expect(file.symbol(at: 0x1050)?.isPublic == true)
    #expect(file.symbol(at: 0x2000)?.name == "Later")
    #expect(file.symbol(at: 0xFFF) == nil)

    #expect(file.x86FrameData(at: 0x1001)?.rva == 0x1000)
    #expect(file.x86FrameData(at: 0x1005)?.rva == 0x1003)
    #expect(file.x86FrameData(at: 0x1005)?.programString?.hasSuffix("$ebx $T0 4 - ^ =") == true)
    let fpo = try #require(file.x86FrameData(at: 0x1021))
    #expect(fpo.type == 0 && fpo.allocatesBasePointer && fpo.programString == nil)
    #expect(file.x86FrameData(at: 0x1030) == nil)

    #expect(file.cfiRules(at: 0x2000) == [".cfa": "$rsp 8 +", ".ra": ".cfa -8 + ^"])
    #expect(
      file.cfiRules(at: 0x2005) == [
        ".cfa": "$rsp 16 +", ".ra": ".cfa -8 + ^", "$rbx": ".cfa -16 + ^",
      ])
    #expect(
      file.cfiRules(at: 0x203F) == [
        ".cfa": "$rbp 16 +", ".ra": ".cfa -8 + ^", "$rbx": ".cfa -16 + ^",
      ])
    #expect(file.cfiRules(at: 0x2040) == nil)
  }

  @Test func badLinesBecomeNotesAndTheRestIsUsed() throws {
    let text = """
      MODULE windows x86 ABC test.pdb
      FUNC zz 10 0 Broken
      FUNC 1000 10 0 Good
      1000 10 x 0
      STACK WIN 4 1000 zz
      STACK WIN 4 1000 10 0 0 0 0 0 0 0 1
      STACK CFI 3000 .cfa: $rsp 8 +
      STACK CFI INIT 4000 10 .cfa:
      PUBLIC 2000
      garbage line here
      PUBLIC 2000 0 StillRead
      """
    let file = try BreakpadSymbolFile(data: Data(text.utf8))
    #expect(file.notes.count == 8)
    #expect(file.notes.first?.message.hasPrefix("line 2:") == true)
    #expect(file.symbol(at: 0x1004)?.name == "Good")
    #expect(file.symbol(at: 0x2004)?.name == "StillRead")
    #expect(file.x86FrameData(at: 0x1000) == nil)
    #expect(throws: ReadError.self) { try BreakpadSymbolFile(data: Data([0x4D, 0x5A, 0, 0])) }
  }

  @Test func corruptTextNeverCrashes() throws {
    let original = [UInt8](Self.sample.utf8)
    for length in 0...original.count {
      let file = try? BreakpadSymbolFile(data: Data(original.prefix(length)))
      _ = file?.symbol(at: 0x1010)
      _ = file?.cfiRules(at: 0x2010)
      _ = file?.x86FrameData(at: 0x1004)
    }
    let seed: UInt64 = 0x5EED_0505
    var random = SeededRandom(seed: seed)
    let alphabet = Array(" 0123456789abcdefFUNCSTACKWIN:\n^+-=$.".utf8)
    for _ in 0..<500 {
      var mutated = original
      for _ in 0..<6 {
        let index = Int(random.next() % UInt64(mutated.count))
        mutated[index] = alphabet[Int(random.next() % UInt64(alphabet.count))]
      }
      let file = try? BreakpadSymbolFile(data: Data(mutated))
      for rva in [0x1000, 0x1012, 0x1050, 0x2005, 0xFFFF_FFFF] as [UInt32] {
        _ = file?.symbol(at: rva)
        _ = file?.cfiRules(at: rva)
        _ = file?.x86FrameData(at: rva)
      }
    }
  }

  /// The `test_app.exe` frames of `minidump2.stackwalk.out` resolve to the same names and
  /// file:line with `test_app.sym` (callers are looked up at return address − 1, as Breakpad does).
  @Test func minidump2FramesResolveLikeStackwalk() throws {
    guard
      let expected = TestPaths.corpusFile("user/breakpad/minidump2.stackwalk.out"),
      let sym = TestPaths.corpusFile(
        "user/breakpad/symbols/test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1/test_app.sym")
    else { return }
    let file = try BreakpadSymbolFile.open(path: sym.path)
    #expect(file.notes.isEmpty)
    #expect(file.module?.arch == "x86")
    let lines = try String(contentsOf: expected, encoding: .utf8).split(separator: "\n")
      .map(String.init)
    var checked = 0
    for (index, line) in lines.enumerated() {
      // " 0  test_app.exe!`anonymous namespace'::CrashFunction [test_app.cc : 58 + 0x3]"
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard let bang = trimmed.range(of: "test_app.exe!"), index + 1 < lines.count,
        let frameNumber = Int(trimmed.prefix { $0.isNumber })
      else { continue }
      let rest = trimmed[bang.upperBound...]
      let name = rest.components(separatedBy: " [").first ?? ""
      let location = rest.components(separatedBy: " [").last ?? ""
      let fileName = location.components(separatedBy: " : ").first ?? ""
      let lineNumber = UInt32(
        location.components(separatedBy: " : ").last?.components(separatedBy: " ").first ?? "")
      let eipText = try #require(
        lines[index + 1].components(separatedBy: "eip = 0x").last?.prefix(8))
      let eip = try #require(UInt32(eipText, radix: 16))
      let rva = eip - 0x40_0000 - (frameNumber == 0 ? 0 : 1)
      let symbol = try #require(file.symbol(at: rva))
      #expect(symbol.name == name)
      #expect(symbol.line == lineNumber)
      #expect(symbol.file?.split(separator: "\\").last.map(String.init) == fileName)
      checked += 1
    }
    #expect(checked == 3)
  }

  @Test func linuxCFIFromCorpus() throws {
    guard
      let sym = TestPaths.corpusFile(
        "user/breakpad/symbols/null_read_av/7B7D1968FF0D47AE4366E9C3A7E1B6750/null_read_av.sym")
    else { return }
    let file = try BreakpadSymbolFile.open(path: sym.path)
    #expect(file.notes.isEmpty)
    #expect(file.cfiRules(at: 0x18C0) == [".cfa": "$rsp 16 +", ".ra": ".cfa -8 + ^"])
    #expect(file.cfiRules(at: 0x18C6)?[".cfa"] == "$rsp 24 +")
  }
}
