import DumpTriage
import Foundation
import MinidumpSynth
import Testing
import TriageFacts
import TriageTestSupport

@Suite("Minidump → CrashFacts")
struct MinidumpFactsTests {
  @Test("Breakpad's minidump2.dmp: XP SP2, AV write to 0x45 in test_app.exe+0x429e")
  func minidump2() throws {
    guard let url = TestPaths.corpusFile("user/breakpad/minidump2.dmp") else { return }
    let facts = try MinidumpFacts.facts(data: Data(contentsOf: url))
    #expect(facts.dumpKind == .userMinidump)
    #expect(facts.os?.majorVersion == 5 && facts.os?.minorVersion == 1 && facts.os?.build == 2600)
    #expect(facts.os?.servicePack == 2 && facts.os?.servicePackName == "Service Pack 2")
    #expect(facts.os?.productName == "Windows XP")
    #expect(facts.os?.productType == .workstation)
    #expect(facts.os?.architecture == "x86")
    #expect(facts.cpu?.vendor == "GenuineIntel" && facts.cpu?.family == 6)
    #expect(facts.cpu?.model == 13 && facts.cpu?.stepping == 8 && facts.cpu?.count == 1)
    let exception = try #require(facts.exception)
    #expect(exception.code == 0xC000_0005)
    #expect(exception.name == "EXCEPTION_ACCESS_VIOLATION")
    #expect(exception.decode == "write to 0x45 (null pointer)")
    #expect(exception.address == 0x40_429E)
    #expect(exception.threadID == 0xBF4)
    #expect(facts.processName == "test_app.exe")
    let frame = try #require(facts.frames.first)
    #expect(frame.displayName == "test_app.exe+0x429e")
    #expect(frame.trust == .context)
    #expect(facts.modules.count == 13)
    let kernel32 = try #require(facts.module(named: "kernel32.dll"))
    #expect(kernel32.version?.description == "5.1.2600.2945")
    #expect(kernel32.versionSource == "dump")
    #expect(kernel32.debugID == "BCE8785C57B44245A669896B6A19B9542")
    #expect(kernel32.debugFile == "kernel32.pdb")
    let process = try #require(facts.process)
    #expect(process.id == 3932)
    #expect(process.path == #"c:\test_app.exe"#)
    #expect(process.crashingThreadID == 0xBF4)
    #expect(process.threadCount == 2)
    #expect(!process.isWOW64)
    #expect(process.registers.first { $0.name == "eip" }?.value == 0x40_429E)
    #expect(facts.uptimeSeconds == 0)
    #expect(facts.notes.isEmpty)
  }

  @Test("a synthetic WOW64 crash reports the 32-bit process and registers")
  func wow64() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9, productType: 3, build: 17763)
    synth.addModule(
      base: 0x85_0000, size: 0x3_0000, name: #"D:\app\app.exe"#, fileVersion: (1, 0, 0, 7))
    synth.addModule(
      base: 0x7FFC_8B00_0000, size: 0x5_0000, name: #"C:\Windows\System32\wow64cpu.dll"#)
    let context = synth.blob(SynthContext.amd64(["rip": 0x85_1000, "rsp": 0x6F_F000, "cs": 0x23]))
    synth.addThread(id: 0x44, context: context)
    synth.setException(
      threadID: 0x44, code: 0xC000_0005, address: 0x85_1000, parameters: [0, 0x10], context: context
    )
    let name = synth.string("render")
    synth.stream(type: 24, [.u32(1), .u32(0x44), .rva64(name)])
    let facts = try MinidumpFacts.facts(data: Data(synth.finish()))
    #expect(facts.os?.productName == "Windows Server 2019")
    let process = try #require(facts.process)
    #expect(process.isWOW64)
    #expect(process.architecture == "x86")
    #expect(process.crashingThreadName == "render")
    #expect(process.wow64Registers.first { $0.name == "eip" }?.value == 0x85_1000)
    #expect(facts.frames.first?.displayName == "app.exe+0x1000")
    #expect(facts.exception?.decode == "read from 0x10 (null pointer)")
    #expect(facts.module(named: "app.exe")?.version == FileVersion(1, 0, 0, 7))
  }

  @Test("facts round-trip through JSON")
  func codable() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.setException(threadID: 1, code: 0xC000_0409, address: 0x1000, parameters: [7])
    let facts = try MinidumpFacts.facts(data: Data(synth.finish()))
    #expect(facts.exception?.decode == "FAST_FAIL_FATAL_APP_EXIT")
    let data = try JSONEncoder().encode(facts)
    #expect(try JSONDecoder().decode(CrashFacts.self, from: data) == facts)
  }
}

@Suite("Minidump stack walk → frames")
struct MinidumpWalkFactsTests {
  @Test("minidump2.dmp without symbols: frame 0 at the fault, callers found in the stack")
  func walkMinidump2() throws {
    guard let url = TestPaths.corpusFile("user/breakpad/minidump2.dmp") else { return }
    let data = try Data(contentsOf: url)
    let facts = try MinidumpFacts.factsWithStack(data: data)
    let names = facts.frames.map(\.displayName)
    #expect(names.first == "test_app.exe+0x429e")
    #expect(facts.frames.first?.trust == .context)
    // Breakpad, with symbols, prints eip 0x0040429e, 0x00404200, 0x004053ec, 0x7c816fd7
    // (minidump2.dmp.txt); the walk without symbols finds the same four.
    #expect(
      facts.frames.prefix(4).map(\.address) == [0x40_429E, 0x40_4200, 0x40_53EC, 0x7C81_6FD7])
  }
}

@Suite("Minidump report details")
struct MinidumpReportTests {
  @Test("minidump2.dmp: process, exception with decode, thread, modules with debug ids")
  func minidump2Text() throws {
    guard let url = TestPaths.corpusFile("user/breakpad/minidump2.dmp") else { return }
    let details = try MinidumpFacts.details(data: Data(contentsOf: url))
    #expect(details.processPath == #"c:\test_app.exe"#)
    #expect(details.exception?.location == "test_app.exe+0x429e")
    #expect(details.crashingThread?.id == 0xBF4)
    #expect(details.modules.count == 13)
    let text = MinidumpFacts.textLines(details).joined(separator: "\n")
    #expect(text.contains(#"Process:           c:\test_app.exe (pid 3932), x86"#))
    #expect(
      text.contains("Exception:         0xC0000005 EXCEPTION_ACCESS_VIOLATION (access violation)"))
    #expect(text.contains("write to 0x45 (null pointer)"))
    #expect(text.contains("Exception address: 0x40429e test_app.exe+0x429e"))
    #expect(text.contains("Crashing thread:   0xbf4 (3060)"))
    #expect(text.contains("eip    0x40429e"))
    #expect(text.contains("kernel32.dll"))
    #expect(text.contains("5.1.2600.2945     kernel32.pdb BCE8785C57B44245A669896B6A19B9542"))
    #expect(!text.contains("WOW64"))
  }

  @Test("a WOW64 dump says so and shows the 32-bit registers; JSON round-trips")
  func wow64Text() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.addModule(base: 0x85_0000, size: 0x3_0000, name: #"D:\app\app.exe"#)
    synth.addModule(base: 0x7FFC_8B00_0000, size: 0x5_0000, name: #"C:\Windows\System32\wow64.dll"#)
    let context = synth.blob(
      SynthContext.amd64(["rip": 0x85_1000, "rax": 0x1_0000_0007, "cs": 0x23]))
    synth.addThread(id: 0x44, context: context)
    synth.setException(threadID: 0x44, code: 0x4000_001F, address: 0x85_1000, context: context)
    let details = try MinidumpFacts.details(data: Data(synth.finish()))
    #expect(details.isWOW64)
    let text = MinidumpFacts.textLines(details, showAllModules: false).joined(separator: "\n")
    #expect(
      text.contains(
        "WOW64: a 32-bit process on 64-bit Windows; the 32-bit registers at the crash are shown."))
    #expect(text.contains("32-bit (WOW64) registers at the crash:"))
    #expect(text.contains("eax    0x7 "))
    #expect(text.contains("STATUS_WX86_BREAKPOINT"))
    #expect(text.contains("app.exe"))
    #expect(!text.contains("wow64.dll"))
    let json = try JSONEncoder().encode(details)
    #expect(try JSONDecoder().decode(UserDumpDetails.self, from: json) == details)
  }
}

@Suite("Minidump corpus through facts and walk")
struct MinidumpCorpusFactsTests {
  static let dumps: [String] = {
    guard let corpus = TestPaths.sharedCorpus else { return [] }
    var found: [String] = []
    for folder in ["user/breakpad", "user/kdlibcpp", "user/wine", "robustness"] {
      let url = corpus.appendingPathComponent(folder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      for name in names.sorted() where name.hasSuffix(".dmp") || name.hasSuffix(".mdmp") {
        found.append("\(folder)/\(name)")
      }
    }
    return found
  }()

  @Test("every corpus minidump gives facts, a walk and report lines within 1 s", arguments: dumps)
  func corpus(_ path: String) throws {
    let url = try #require(TestPaths.corpusFile(path))
    let data = try Data(contentsOf: url)
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
      guard let facts = try? MinidumpFacts.factsWithStack(data: data) else { return }
      #expect(facts.dumpKind == .userMinidump)
      let details = try MinidumpFacts.details(data: data)
      #expect(!MinidumpFacts.textLines(details).isEmpty)
      if facts.exception != nil, !path.hasPrefix("robustness") {
        #expect(facts.frames.first?.trust == .context, "\(path): frame 0")
      }
    }
    #expect(elapsed < .seconds(1), "\(path) took \(elapsed)")
  }
}
