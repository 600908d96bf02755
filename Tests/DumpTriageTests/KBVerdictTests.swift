import DumpTriage
import Foundation
import Testing
import TriageFacts
import TriageReporting
import TriageRules
import TriageTestSupport

/// The seed samples give exactly the KB verdicts issue 8 states, in text and JSON; real dumps
/// give nothing above `low`; every rule's `examples.dumps` match through the real pipeline.
@Suite struct KBVerdictTests {
  static let samples = TestPaths.repositoryRoot.appendingPathComponent("docs/samples")

  func report(_ path: String, rules: [Rule]? = nil) throws -> DumpReport {
    let analysis = try Triage.analyze(path: path)
    let pipeline = DumpPipeline(rules: try rules ?? RuleSet.builtIn().rules)
    return pipeline.report(for: analysis)
  }

  func sample(_ name: String) throws -> DumpReport {
    try report(Self.samples.appendingPathComponent(name).path)
  }

  /// Verdicts above `low`, as "KB confidence".
  func strong(_ report: DumpReport) -> [String] {
    report.verdicts.filter { $0.confidence != .low }.map {
      "\($0.kb ?? $0.ruleID) \($0.confidence.rawValue)"
    }
  }

  @Test func netbtSampleIsKB961799High() throws {
    let report = try sample("srv2003sp2-x86-0xD1-netbt.dmp")
    #expect(strong(report) == ["KB961799 high"])
    let verdict = try #require(report.verdicts.first)
    #expect(verdict.patchStatus?.hasPrefix("fixed version unknown") == true)
    #expect(verdict.patchInstalled == nil)
    let text = TextRenderer().render(report)
    #expect(text.contains("KB961799"))
    let json = try JSONRenderer().renderLine(report)
    #expect(json.contains("KB961799"))
    #expect(json.contains("\"high\""))
  }

  @Test func stopCodeAloneIsAtMostLow() throws {
    let report = try sample("srv2003sp2-x86-0xD1-no-netbt.dmp")
    #expect(strong(report).isEmpty)
    #expect(report.verdicts.first { $0.kb == "KB961799" }?.confidence == .low)
  }

  @Test func redirectorSampleIsKB944904() throws {
    let report = try sample("xpsp2-x86-0xC2-mrxsmb.dmp")
    #expect(strong(report) == ["KB944904 medium"])
    #expect(TextRenderer().render(report).contains("KB944904"))
  }

  @Test(arguments: ["srv2003sp2-x86-0x9C-storport-A.dmp", "srv2003sp2-x86-0x9C-storport-B.dmp"])
  func storportSamplesAreKB939315(_ name: String) throws {
    let report = try sample(name)
    #expect(strong(report) == ["KB939315 medium"])
    let verdict = try #require(report.verdicts.first)
    // The patch state depends on whether the pipeline found storport.sys's version (symbol
    // store image); without one the rule must say so rather than guess.
    let status = try #require(verdict.patchStatus)
    #expect(
      status == "unknown: module version not in dump" || status.hasPrefix("installed")
        || status.hasPrefix("not installed"), "\(status)")
  }

  @Test(arguments: [
    "win10-x64-0xE2-manual.dmp", "win10-x64-0x7E-contosoflt.dmp",
    "win11-arm64-0xD1-fabrikamwlan.dmp",
  ])
  func otherSamplesMatchNoKB(_ name: String) throws {
    #expect(try sample(name).verdicts.isEmpty)
  }

  @Test func noDefaultRulesMeansNoVerdicts() throws {
    let path = Self.samples.appendingPathComponent("srv2003sp2-x86-0xD1-netbt.dmp").path
    let rules = try RuleSet.load(.init(includeDefaults: false)).rules
    #expect(try report(path, rules: rules).verdicts.isEmpty)
  }

  static let realDumps = [
    "kernel/triage_x64.dmp", "kernel/win10_arm64_mem.dmp", "kernel/win10_arm_rpi3_mem.dmp",
  ]

  @Test(arguments: realDumps)
  func realDumpsGiveNothingAboveLow(_ relative: String) throws {
    guard let url = TestPaths.corpusFile(relative) else { return }
    guard let report = try? report(url.path) else { return }
    #expect(strong(report).isEmpty, "\(relative): \(strong(report))")
  }

  @Test func ruleDumpExamplesMatchThroughThePipeline() throws {
    let root = TestPaths.repositoryRoot.path
    let rules = try RuleSet.builtIn().rules.filter { !$0.examples.dumps.isEmpty }
    #expect(rules.count >= 3)
    for rule in rules {
      let result = RuleTester.test(rule) { path in
        var facts = try Triage.analyze(path: (root as NSString).appendingPathComponent(path)).facts
        _ = ReportAssembler().analyze(&facts)
        return facts
      }
      #expect(result.failures.isEmpty, "\(result.failures)")
    }
  }
}
