import DumpTriage
import Foundation
import KernelDumpSynth
import Testing
import TriageFacts
import TriageReporting
import TriageTestSupport

func corpus(_ relative: String) throws -> Data? {
  guard let url = TestPaths.corpusFile(relative) else { return nil }
  return try Data(contentsOf: url, options: .alwaysMapped)
}

func analyze(_ dump: SynthTriageDump, name: String = "synthetic.dmp") throws -> DumpAnalysis {
  try Triage.analyze(data: Data(dump.write()), displayName: name)
}

@Suite struct CorpusVerdictTests {
  @Test func triageX64BlamesAmdppm() throws {
    guard let data = try corpus("kernel/triage_x64.dmp") else { return }
    let analysis = try Triage.analyze(data: data, displayName: "triage_x64.dmp")
    let facts = analysis.facts
    #expect(facts.dumpKind == .kernelSmall)
    #expect(facts.modules.count == 151)
    #expect(facts.bugCheck?.code == 0x1000_007E)
    #expect(analysis.bugCheck?.name == "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M")
    let p2 = try #require(analysis.bugCheck?.parameters[1])
    #expect(p2.location?.text == "amdppm.sys+0x334c")
    #expect(analysis.bugCheck?.parameters[0].decoded == "STATUS_ACCESS_VIOLATION")
    let blame = try #require(facts.blame)
    #expect(blame.module == "amdppm.sys")
    #expect(blame.moduleOffset == 0x334C)
    #expect(blame.reason == "P2 (exception address) lies in amdppm.sys+0x334c")
    #expect(analysis.crashAddress?.text == "amdppm.sys+0x334c")
    #expect(facts.exception?.code == 0xC000_0005)
    #expect(facts.os?.build == 19041)
    #expect(facts.os?.productName == "Windows 10")
    #expect(facts.os?.architecture == "x64")
    #expect(facts.cpu?.count == 16)
    // Frame 0 is the KeBugCheckEx context (nt); the walker splices in the 0x7E P4 context record
    // (amdppm.sys+0x334c, trust context); the rest are validated scan candidates.
    #expect(facts.frames.first?.trust == .context)
    #expect(facts.frames.first?.address == 0xFFFF_F804_7BDF_5A80)
    #expect(facts.frames.dropFirst().allSatisfy { $0.trust == .scan || $0.trust == .context })
    #expect(
      facts.frames.dropFirst().first { $0.trust == .context }?.displayName == "amdppm.sys+0x334c")
    #expect(analysis.stackModules.contains("amdppm.sys"))
    #expect(analysis.stackModules.contains("Wdf01000.sys"))
    #expect(analysis.trust.hasPrefix("low"))
    // Every return address of rizin's symbol-assisted walk (frames 1…35) is a scan candidate
    // when the scan is not capped.
    var options = TriageOptions()
    options.maxScanFrames = 10_000
    let uncapped = try Triage.analyze(data: data, displayName: "triage_x64.dmp", options: options)
    let addresses = Set(uncapped.facts.frames.compactMap(\.address))
    let oracle = try #require(
      TestPaths.sharedCorpus.flatMap {
        try? String(
          contentsOf: $0.appendingPathComponent("expected/triage_x64.rizin.txt"), encoding: .utf8)
      })
    var checked = 0
    for line in oracle.split(separator: "\n") {
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      guard parts.count > 3, let index = Int(parts[0]), (1...35).contains(index),
        parts[1].hasPrefix("0x"), let address = UInt64(parts[1].dropFirst(2), radix: 16)
      else { continue }
      #expect(addresses.contains(address), "rizin frame \(index)")
      checked += 1
    }
    #expect(checked == 35)
  }

  @Test func arm64ManualCrashBlamesNobody() throws {
    guard let data = try corpus("kernel/win10_arm64_mem.dmp") else { return }
    let analysis = try Triage.analyze(data: data, displayName: "arm64.dmp")
    #expect(analysis.facts.os?.architecture == "arm64")
    #expect(analysis.facts.os?.build == 17134)
    #expect(analysis.bugCheck?.name == "MANUALLY_INITIATED_CRASH")
    #expect(analysis.facts.modules.count == 228)
    #expect(analysis.facts.blame == nil)
    #expect(analysis.notes.contains { $0.code == "verdict.no_blame" })
  }

  @Test func arm32LiveDump() throws {
    guard let data = try corpus("kernel/win10_arm_rpi3_mem.dmp") else { return }
    let analysis = try Triage.analyze(data: data, displayName: "rpi3.dmp")
    #expect(analysis.facts.os?.architecture == "arm")
    #expect(analysis.facts.modules.count == 136)
    #expect(analysis.crashAddress?.module == "Wdf01000.sys")
    #expect(analysis.facts.blame == nil)
    #expect(analysis.facts.unloadedModules.contains { $0.name == "ft5406_touch" })
  }

  @Test func truncatedFullDumpIsReadWithANote() throws {
    guard let data = try corpus("kernel/full_x64_header_truncated.dmp") else { return }
    let analysis = try Triage.analyze(data: data, displayName: "full.dmp")
    #expect(analysis.facts.dumpKind == .kernelFull)
    #expect(analysis.facts.os?.build == 19045)
    #expect(analysis.kernel?.dumpType == 1)
    let note = try #require(analysis.notes.first { $0.code == "kernel.physical_memory.truncated" })
    #expect(note.message.contains("523910 pages"))
    #expect(note.offset == 0x4000)
  }
}

@Suite struct SyntheticVerdictTests {
  @Test func server2003NetbtD1() throws {
    let analysis = try analyze(SampleScenarios.server2003NetbtD1)
    let facts = analysis.facts
    let os = try #require(facts.os)
    #expect(os.build == 3790)
    #expect(os.majorVersion == 5 && os.minorVersion == 2)
    #expect(os.servicePack == 2)
    #expect(os.servicePackName == "Service Pack 2")
    #expect(os.productType == .server)
    #expect(os.productName == "Windows Server 2003")
    #expect(os.architecture == "x86")
    #expect(facts.bugCheck?.code == 0xD1)
    #expect(analysis.bugCheck?.name == "DRIVER_IRQL_NOT_LESS_OR_EQUAL")
    #expect(facts.irql == 2)
    #expect(analysis.bugCheck?.parameters[2].decoded == "read")
    let blame = try #require(facts.blame)
    #expect(blame.module == "netbt.sys")
    #expect(blame.reason.hasPrefix("P4 (faulting instruction) lies in netbt"))
    #expect(analysis.stackModules.prefix(3) == ["ntkrnlpa.exe", "netbt.sys", "tcpip.sys"])
    let netbtFrames = facts.frames.filter { $0.module == "netbt.sys" }
    #expect(!netbtFrames.isEmpty)
    #expect(facts.frames.first?.trust == .context)
    #expect(facts.frames.first?.module == "ntkrnlpa.exe")
    #expect(facts.module(named: "netbt.sys")?.timeDateStamp == SampleScenarios.netbtTimestamp)
    #expect(facts.unloadedModules.first?.name == "Fips.SYS")
  }

  @Test func server2003D1WithoutNetbtOnTheStack() throws {
    let analysis = try analyze(SampleScenarios.server2003D1WithoutNetbt)
    #expect(analysis.facts.module(named: "netbt.sys") != nil)
    #expect(!analysis.stackModules.contains("netbt.sys"))
    #expect(!analysis.facts.frames.contains { $0.module == "netbt.sys" })
    #expect(analysis.facts.blame?.module == "b57xp32.sys")
  }

  @Test(arguments: [
    (SampleScenarios.server2003MachineCheckA, SampleScenarios.storportTimestampA),
    (SampleScenarios.server2003MachineCheckB, SampleScenarios.storportTimestampB),
  ])
  func machineCheckBlamesNoDriver(_ dump: SynthTriageDump, _ stamp: UInt32) throws {
    let analysis = try analyze(dump)
    #expect(analysis.bugCheck?.category == .hardware)
    #expect(analysis.facts.blame == nil)
    #expect(analysis.facts.module(named: "storport.sys")?.timeDateStamp == stamp)
  }

  @Test func xpBadPoolCallerBlamesFirstDriverOnTheStack() throws {
    let analysis = try analyze(SampleScenarios.xpMrxsmbC2)
    let os = try #require(analysis.facts.os)
    #expect(os.build == 2600 && os.productName == "Windows XP" && os.productType == .workstation)
    #expect(os.servicePackName == "Service Pack 2")
    #expect(analysis.bugCheck?.parameters[0].decoded == "double free")
    let blame = try #require(analysis.facts.blame)
    #expect(blame.module == "mrxsmb.sys")
    #expect(
      blame.reason.hasPrefix("first driver found on the stack by raw scan: mrxsmb.sys+0x12f6a"))
    #expect(analysis.stackModules.contains("rdbss.sys"))
  }

  @Test func windows10ManualCrash() throws {
    let analysis = try analyze(SampleScenarios.windows10ManualCrash)
    #expect(analysis.bugCheck?.name == "MANUALLY_INITIATED_CRASH")
    #expect(analysis.facts.blame == nil)
    #expect(analysis.stackModules.contains("i8042prt.sys"))
    #expect(analysis.facts.os?.productName == "Windows 10")
    // Frame 0 comes from the KPRCB (bug check) context.
    #expect(analysis.facts.frames.first?.moduleOffset == 0x3F_8A40)
  }

  @Test func arm64Sample() throws {
    let analysis = try analyze(SampleScenarios.windows11ArmWlan)
    #expect(analysis.facts.os?.productName == "Windows 11")
    #expect(analysis.facts.blame?.module == "fabrikamwlan.sys")
    #expect(
      analysis.facts.blame?.reason == "P4 (faulting instruction) lies in fabrikamwlan.sys+0x217c8")
  }

  @Test func arm64SignedReturnAddressesAreStripped() throws {
    var synth = SampleScenarios.windows11ArmWlan
    // A return address into ndis.sys signed with a pointer-authentication code in bits 48–54.
    let signed =
      (synth.address("ndis.sys", 0x4_22F0) & 0x0000_FFFF_FFFF_FFFF) | 0x00B3_0000_0000_0000
      | 1 << 55
    synth.stack = [.value(0), .value(signed), .value(0)]
    let analysis = try analyze(synth)
    let frame = try #require(analysis.facts.frames.first { $0.module == "ndis.sys" })
    #expect(frame.moduleOffset == 0x4_22F0)
    #expect(frame.trust == .scan)
  }

  @Test func unsupportedAndUnknownFiles() {
    #expect(throws: TriageError.self) {
      try Triage.analyze(data: Data("MDMP\u{93}\u{a7}".utf8), displayName: "user.dmp")
    }
    do {
      _ = try Triage.analyze(data: Data("hello world".utf8), displayName: "notes.txt")
    } catch {
      #expect(error.code == "unrecognised")
      #expect(error.offset == 0)
      #expect(error.description.hasPrefix("notes.txt: not a crash dump"))
    }
    do {
      _ = try Triage.analyze(data: Data("PAGEDU64\u{0f}".utf8), displayName: "cut.dmp")
    } catch {
      #expect(error.description.contains("cut.dmp"))
      #expect(error.offset == 8)
    }
  }

  @Test func jsonHasSchemaVersionAndSnakeCase() throws {
    let analysis = try analyze(SampleScenarios.server2003NetbtD1, name: "a.dmp")
    let report = TriageReport(
      tool: ReportTool(version: "test"), dumps: [DumpPipeline(rules: []).report(for: analysis)])
    let json = try JSONRenderer().render(report)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["schema_version"] as? Int == 1)
    let dumps = try #require(object["dumps"] as? [[String: Any]])
    #expect((dumps.first?["blame"] as? [String: Any])?["module"] as? String == "netbt.sys")
    #expect((dumps.first?["frames"] as? [Any])?.isEmpty == false)
  }

  @Test func byteFlipsThroughThePipeline() {
    var random = SeededRandom(seed: 7)
    for scenario in SampleScenarios.all {
      var bytes = scenario.dump.write()
      for _ in 0..<40 {
        let index = Int(random.next() % UInt64(bytes.count))
        bytes[index] = UInt8(truncatingIfNeeded: random.next())
        _ = try? Triage.analyze(data: Data(bytes), displayName: scenario.fileName)
      }
    }
  }
}

@Suite struct PipelineRobustnessTests {
  /// Seeded byte flips of the real kernel dumps through the whole pipeline and both renderers.
  @Test(arguments: [
    "kernel/triage_x64.dmp", "kernel/win10_arm64_mem.dmp", "kernel/win10_arm_rpi3_mem.dmp",
    "kernel/full_x64_header_truncated.dmp",
  ])
  func flipsThroughPipelineAndRenderers(_ file: String) throws {
    guard let data = try corpus(file) else { return }
    var random = SeededRandom(seed: 0xD0_0D5 &+ UInt64(file.utf8.count))
    var bytes = [UInt8](data)
    for _ in 0..<30 {
      for _ in 0..<4 {
        let limit = random.next() % 2 == 0 ? min(bytes.count, 0x2100) : bytes.count
        bytes[Int(random.next() % UInt64(limit))] = UInt8(truncatingIfNeeded: random.next())
      }
      guard let analysis = try? Triage.analyze(data: Data(bytes), displayName: file) else {
        continue
      }
      let report = DumpPipeline(rules: []).report(for: analysis)
      _ = TextRenderer(options: .init(allModules: true)).render(report)
      _ = try JSONRenderer().renderLine(report)
    }
  }
}
