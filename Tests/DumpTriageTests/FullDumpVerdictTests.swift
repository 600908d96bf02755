import DumpTriage
import Foundation
import KernelDumpSynth
import Testing

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
    #expect(analysis.facts.frames.filter { $0.trust == .scan }.count == 4)
  }

  @Test func pae86FullDump() throws {
    let analysis = try Triage.analyze(
      data: Data(FullDumpScenarios.x86(pae: true).write()), displayName: "MEMORY.DMP")
    #expect(analysis.facts.os?.productName == "Windows Server 2003")
    #expect(analysis.facts.blame?.module == "netbt.sys")
    #expect(analysis.stackModules.contains("tcpip.sys"))
  }
}
