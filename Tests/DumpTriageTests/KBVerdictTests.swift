import DumpTriage
import Foundation
import Testing
import TriageFacts
import TriageRules
import TriageTestSupport

/// The seed samples give exactly the KB verdicts issue 8 states, in text and JSON; real dumps
/// give nothing above `low`; every rule's `examples.dumps` match through the real pipeline.
@Suite struct KBVerdictTests {
  static let samples = TestPaths.repositoryRoot.appendingPathComponent("docs/samples")

  func analyze(_ name: String) throws -> DumpAnalysis {
    try Triage.analyze(path: Self.samples.appendingPathComponent(name).path)
  }

  /// Verdicts above `low`, as (KB, confidence).
  func strong(_ analysis: DumpAnalysis) -> [String] {
    analysis.kbVerdicts.filter { $0.confidence > .low }.map {
      "\($0.kb ?? $0.ruleID) \($0.confidence.rawValue)"
    }
  }

  @Test func netbtSampleIsKB961799High() throws {
    let analysis = try analyze("srv2003sp2-x86-0xD1-netbt.dmp")
    #expect(strong(analysis) == ["KB961799 high"])
    let verdict = try #require(analysis.kbVerdicts.first)
    #expect(verdict.patch.state == .fixedVersionUnknown)
    #expect(verdict.fix?.replaces == ["KB955860", "KB948354"])
    let text = TextReport().render(analysis)
    #expect(text.contains("KB961799 (high confidence)"))
    #expect(text.contains("fixed version unknown"))
    let json = try JSONReport.render([analysis])
    #expect(json.contains("\"kb_verdicts\""))
    #expect(json.contains("\"confidence\" : \"high\""))
  }

  @Test func stopCodeAloneIsAtMostLow() throws {
    let analysis = try analyze("srv2003sp2-x86-0xD1-no-netbt.dmp")
    #expect(strong(analysis).isEmpty)
    #expect(analysis.kbVerdicts.first { $0.kb == "KB961799" }?.confidence == .low)
  }

  @Test func redirectorSampleIsKB944904() throws {
    let analysis = try analyze("xpsp2-x86-0xC2-mrxsmb.dmp")
    #expect(strong(analysis) == ["KB944904 medium"])
    #expect(TextReport().render(analysis).contains("KB944904"))
  }

  @Test(arguments: ["srv2003sp2-x86-0x9C-storport-A.dmp", "srv2003sp2-x86-0x9C-storport-B.dmp"])
  func storportSamplesAreKB939315(_ name: String) throws {
    let analysis = try analyze(name)
    #expect(strong(analysis) == ["KB939315 medium"])
    let verdict = try #require(analysis.kbVerdicts.first)
    // The patch state depends on whether the pipeline found storport.sys's version (symbol
    // store image); without it the rule must say so rather than guess.
    if analysis.facts.module(named: "storport.sys")?.version == nil {
      #expect(verdict.patch.summary == "unknown: module version not in dump")
    } else {
      #expect([.installed, .notInstalled].contains(verdict.patch.state))
    }
  }

  @Test(arguments: [
    "win10-x64-0xE2-manual.dmp", "win10-x64-0x7E-contosoflt.dmp",
    "win11-arm64-0xD1-fabrikamwlan.dmp",
  ])
  func otherSamplesMatchNoKB(_ name: String) throws {
    #expect(try analyze(name).kbVerdicts.isEmpty)
  }

  @Test func noDefaultRulesMeansNoVerdicts() throws {
    var options = TriageOptions()
    options.rules = RuleSet()
    let analysis = try Triage.analyze(
      path: Self.samples.appendingPathComponent("srv2003sp2-x86-0xD1-netbt.dmp").path,
      options: options)
    #expect(analysis.kbVerdicts.isEmpty)
  }

  static let realDumps = [
    "kernel/triage_x64.dmp", "kernel/win10_arm64_mem.dmp", "kernel/win10_arm_rpi3_mem.dmp",
  ]

  @Test(arguments: realDumps)
  func realDumpsGiveNothingAboveLow(_ relative: String) throws {
    guard let url = TestPaths.corpusFile(relative) else { return }
    guard let analysis = try? Triage.analyze(path: url.path) else { return }
    #expect(strong(analysis).isEmpty, "\(relative): \(strong(analysis))")
  }

  @Test func ruleDumpExamplesMatchThroughThePipeline() throws {
    let root = TestPaths.repositoryRoot.path
    let rules = try RuleSet.builtIn().rules.filter { !$0.examples.dumps.isEmpty }
    #expect(!rules.isEmpty)
    for rule in rules {
      let result = RuleTester.test(rule) { path in
        try Triage.analyze(path: (root as NSString).appendingPathComponent(path)).facts
      }
      #expect(result.failures.isEmpty, "\(result.failures)")
    }
  }
}
