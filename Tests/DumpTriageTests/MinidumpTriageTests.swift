import DumpTriage
import Foundation
import MinidumpSynth
import SymbolStore
import Testing
import TriageFacts
import TriageReporting
import TriageTestSupport

@Suite("Triage of user-mode minidumps")
struct MinidumpTriageTests {
  @Test("minidump2.dmp through the pipeline: user details, blame, text and JSON")
  func minidump2() throws {
    guard let url = TestPaths.corpusFile("user/breakpad/minidump2.dmp") else { return }
    let analysis = try Triage.analyze(data: Data(contentsOf: url), displayName: "minidump2.dmp")
    #expect(analysis.format == "user-mode minidump (MDMP)")
    #expect(analysis.kernel == nil && analysis.bugCheck == nil)
    let user = try #require(analysis.user)
    #expect(user.processID == 3932)
    #expect(user.exception?.decode == "write to 0x45 (null pointer)")
    #expect(analysis.crashAddress?.text == "test_app.exe+0x429e")
    #expect(analysis.facts.blame?.module == "test_app.exe")
    #expect(
      analysis.facts.frames.prefix(4).map(\.address) == [
        0x40_429E, 0x40_4200, 0x40_53EC, 0x7C81_6FD7,
      ])
    #expect(analysis.stackModules.first == "test_app.exe")
    let report = DumpPipeline(rules: []).report(for: analysis)
    let text = TextRenderer(options: .init(allModules: true)).render(report)
    #expect(text.contains("PROCESS_PATH:  c:\\test_app.exe"))
    #expect(text.contains("PROCESS_ID:  3932"))
    #expect(text.contains("EXCEPTION_CODE: 0xC0000005 EXCEPTION_ACCESS_VIOLATION"))
    #expect(text.contains("CRASHING_THREAD:  0xbf4"))
    #expect(text.contains("MODULES: 13 loaded"))
    #expect(text.contains("ntdll.pdb 36515FB5D04345E491F672FA2E2878C02"))
    #expect(!text.contains("DRIVERS"))
    let json = try JSONRenderer().renderLine(report)
    #expect(json.contains("\"dump_kind\":\"user_minidump\""))
    #expect(json.contains("\"debug_id\":\"BCE8785C57B44245A669896B6A19B9542\""))
    #expect(json.contains("\"decode\":\"write to 0x45 (null pointer)\""))
  }

  @Test("a crash inside ntdll blames the first caller outside the system DLLs")
  func systemRuntimeCrash() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.addModule(base: 0x1_4000_0000, size: 0x1_0000, name: #"C:\app\app.exe"#)
    synth.addModule(
      base: 0x7FFC_0000_0000, size: 0x20_0000, name: #"C:\Windows\System32\ntdll.dll"#)
    // The stack holds one return address into app.exe (found by scanning).
    var stack = [UInt8](repeating: 0, count: 0x100)
    let returnAddress: UInt64 = 0x1_4000_1234
    for i in 0..<8 { stack[0x10 + i] = UInt8(truncatingIfNeeded: returnAddress >> (8 * UInt64(i))) }
    let context = synth.blob(
      SynthContext.amd64(["rip": 0x7FFC_0001_0000, "rsp": 0x50_0000, "rbp": 0]))
    synth.addThread(id: 4, stackStart: 0x50_0000, stack: stack, context: context)
    synth.setException(
      threadID: 4, code: 0xC000_0374, address: 0x7FFC_0001_0000, parameters: [], context: context)
    let analysis = try Triage.analyze(data: Data(synth.finish()), displayName: "heap.dmp")
    let blame = try #require(analysis.facts.blame)
    #expect(blame.module == "app.exe")
    #expect(blame.decisions.first?.contains("a Windows or runtime DLL") == true)
    #expect(analysis.facts.exception?.name == "STATUS_HEAP_CORRUPTION")
  }

  @Test("a dump without an exception blames nobody and says why")
  func noException() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.addThread(id: 1)
    let analysis = try Triage.analyze(data: Data(synth.finish()), displayName: "live.dmp")
    #expect(analysis.facts.blame == nil)
    #expect(analysis.notes.contains { $0.code == "verdict.no_blame" })
    let text = TextRenderer().render(DumpPipeline(rules: []).report(for: analysis))
    #expect(text.contains("PROCESS_ID:") || text.contains("DUMP_TYPE:  user_minidump"))
    #expect(!text.contains("EXCEPTION_CODE"))
  }

  @Test("an unreadable minidump header is a clear error naming the field")
  func badHeader() throws {
    var synth = SynthMinidump()
    synth.streamCountOverride = 0x00FF_F500
    #expect {
      try Triage.analyze(data: Data(synth.finish()), displayName: "bad.dmp")
    } throws: { error in
      guard let error = error as? TriageError else { return false }
      return error.message.contains("MINIDUMP_HEADER.NumberOfStreams")
    }
  }

  @Test("the assembled DumpReport carries the decode, debug ids and a WOW64 note")
  func dumpReport() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.addModule(
      base: 0x85_0000, size: 0x3_0000, name: #"D:\app\app.exe"#,
      codeView: .pdb70(guid: "60CF2F6A-4C06-4192-ABCE-11C056386E8A", age: 1, pdbName: "app.pdb"))
    synth.addModule(base: 0x7FFC_8B00_0000, size: 0x5_0000, name: #"C:\Windows\System32\wow64.dll"#)
    let context = synth.blob(SynthContext.amd64(["rip": 0x85_1000, "rsp": 0x6F_F000, "cs": 0x23]))
    synth.addThread(id: 0x44, context: context)
    synth.setException(
      threadID: 0x44, code: 0xC000_0005, address: 0x85_1000, parameters: [1, 0x20], context: context
    )
    let analysis = try Triage.analyze(data: Data(synth.finish()), displayName: "wow.dmp")
    var facts = analysis.facts
    let assembler = ReportAssembler()
    let (blame, bucket) = assembler.analyze(&facts)
    let report = assembler.report(path: "wow.dmp", facts: facts, blame: blame, bucket: bucket)
    #expect(report.exception?.decode == "write to 0x20 (null pointer)")
    #expect(report.modules.first?.debugID == "60CF2F6A4C064192ABCE11C056386E8A1")
    #expect(report.process?.isWOW64 == true)
    #expect(report.process?.crashingThreadID == 0x44)
    let text = TextRenderer(options: .init(allModules: true)).render(report)
    #expect(text.contains("EXCEPTION_DECODE: write to 0x20 (null pointer)"))
    #expect(text.contains("CRASHING_THREAD:  0x44"))
    #expect(text.contains("WOW64:  a 32-bit (x86) process on 64-bit Windows"))
    #expect(text.contains("MODULES: 2 loaded"))
    #expect(text.contains("app.pdb 60CF2F6A4C064192ABCE11C056386E8A1"))
  }
}

@Suite("Triage of user-mode minidumps with symbols")
struct MinidumpSymbolTriageTests {
  @Test("minidump2.dmp with Breakpad's .sym files: frames named as Breakpad names them")
  func minidump2WithSymbols() throws {
    guard let url = TestPaths.corpusFile("user/breakpad/minidump2.dmp"),
      let symbols = TestPaths.corpusFile("user/breakpad/symbols")
    else { return }
    var options = TriageOptions()
    options.symbols = SymbolStore(path: SymbolPath(parsing: symbols.path))
    let analysis = try Triage.analyze(
      data: Data(contentsOf: url), displayName: "minidump2.dmp", options: options)
    let frames = analysis.facts.frames
    // Breakpad: CrashFunction, main, __tmainCRTStartup, kernel32!BaseProcessStart+0x23.
    #expect(frames.first?.function == "`anonymous namespace'::CrashFunction")
    #expect(frames.dropFirst().first?.function == "main")
    #expect(frames.prefix(4).map(\.address) == [0x40_429E, 0x40_4200, 0x40_53EC, 0x7C81_6FD7])
    #expect(frames[3].function == "BaseProcessStart")
    #expect(analysis.trust.contains("resolved with symbols"))
  }
}

@Suite("Crashpad annotations in the report")
struct MinidumpAnnotationReportTests {
  @Test("simple-crashpad.dmp: the annotation reaches facts, details and the DumpReport text")
  func annotations() throws {
    guard let url = TestPaths.corpusFile("robustness/simple-crashpad.dmp") else { return }
    let analysis = try Triage.analyze(data: Data(contentsOf: url), displayName: "crashpad.dmp")
    #expect(analysis.facts.process?.annotations?["hello"] == "world")
    #expect(analysis.user?.annotations?["hello"] == "world")
    var facts = analysis.facts
    let assembler = ReportAssembler()
    let (blame, bucket) = assembler.analyze(&facts)
    let report = assembler.report(path: "crashpad.dmp", facts: facts, blame: blame, bucket: bucket)
    #expect(TextRenderer().render(report).contains("ANNOTATION:  hello = world"))
  }
}
