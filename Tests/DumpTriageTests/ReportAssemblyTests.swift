import Testing
import TriageFacts
import TriageReporting

@testable import DumpTriage

@Suite struct ReportAssemblyTests {
  @Test func mapsFactsBlameAndBucket() throws {
    let amdppm = ModuleFact(
      name: "amdppm.sys", base: 0xFFFF_F804_8B58_0000, size: 0x3B000, timeDateStamp: 0xC9C0_3000)
    var facts = CrashFacts(
      dumpKind: .kernelSmall,
      os: OSFacts(majorVersion: 10, minorVersion: 0, build: 19041, architecture: "x64"),
      bugCheck: BugCheckFact(
        code: 0x1000_007E, parameters: [0xFFFF_FFFF_C000_0005, 0xFFFF_F804_8B58_334C, 1, 2]),
      modules: [amdppm],
      frames: [FrameFact(index: 0, address: 0xFFFF_F804_8B58_334C, trust: .scan)])
    let assembler = ReportAssembler()
    let (blame, bucket) = assembler.analyze(&facts)
    #expect(facts.blame?.module == "amdppm.sys")
    let report = assembler.report(path: "x/Mini.dmp", facts: facts, blame: blame, bucket: bucket)
    #expect(report.fileName == "Mini.dmp")
    #expect(report.os?.version == "10.0.19041")
    #expect(report.bugCheck?.code == "0x1000007E")
    #expect(report.bugCheck?.name == "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M")
    #expect(report.bugCheck?.parameters[1].meaning == "address where the exception happened")
    #expect(report.blame?.module == "amdppm.sys")
    #expect(report.blame?.reason.contains("amdppm.sys+0x334c") == true)
    #expect(report.bucket?.id == "0x7E_c0000005_amdppm!unknown_function")
    #expect(report.modules.first?.onStack == true)
    #expect(report.modules.first?.isMicrosoft == true)
    #expect(report.modules.first?.end == "0xfffff8048b5bb000")
  }
}
