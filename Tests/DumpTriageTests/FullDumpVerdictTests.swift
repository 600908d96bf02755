import DumpTriage
import Foundation
import KernelDumpSynth
import Testing
import TriageFacts

@Suite struct FullDumpVerdictTests {
  @Test(arguments: [SynthFullDump.Layout.runs, .bitmap])
  func x64FullDumpGivesTheSameVerdict(_ layout: SynthFullDump.Layout) throws {
    let synth = FullDumpScenarios.x64(layout: layout)
    let analysis = try Triage.analyze(data: Data(synth.write()), displayName: "MEMORY.DMP")
    #expect(analysis.facts.dumpKind == (layout == .runs ? .kernelFull : .kernelBitmap))
    #expect(analysis.facts.modules.count == 3)
    #expect(analysis.facts.blame?.module == "contosonet.sys")
    #expect(
      analysis.facts.blame?.reason == "P4 (faulting instruction) lies in contosonet.sys+0x1f2e")
    #expect(analysis.stackModules == ["ntoskrnl.exe", "contosonet.sys"])
    #expect(analysis.facts.frames.first?.trust == .context)
    // The walker recovers the caller frames (frame pointer or validated scan).
    #expect(analysis.facts.frames.count >= 4)
    #expect(analysis.facts.frames.dropFirst().allSatisfy { $0.trust < .context })
    // The version resource is read from the image in memory.
    let module = try #require(analysis.facts.module(named: "contosonet.sys"))
    #expect(module.version == FileVersion(2, 4, 1907, 12))
    #expect(module.versionSource == "dump")
  }

  @Test func pae86FullDump() throws {
    let analysis = try Triage.analyze(
      data: Data(FullDumpScenarios.x86(pae: true).write()), displayName: "MEMORY.DMP")
    #expect(analysis.facts.os?.productName == "Windows Server 2003")
    #expect(analysis.facts.blame?.module == "netbt.sys")
    #expect(analysis.stackModules.contains("tcpip.sys"))
    #expect(analysis.facts.module(named: "netbt.sys")?.version == FileVersion(5, 2, 3790, 4121))
  }
}
