import BinaryReading
import Foundation
import Testing
import TriageReporting
import TriageRules
import TriageTestSupport

@testable import DumpTriage

/// The pipeline, blame, bucket and renderers together on the real corpus dumps.
@Suite struct ReportIntegrationTests {
  static func pipeline() throws -> DumpPipeline {
    DumpPipeline(rules: try RuleSet.builtIn().rules)
  }

  static func report(_ relative: String) throws -> DumpReport? {
    guard let url = TestPaths.corpusFile(relative) else { return nil }
    let data = try MappedFile.open(url.path)
    return try pipeline().report(for: BatchInput(path: url.path, displayName: relative), data: data)
  }

  @Test func triageX64BlamesAmdppmWithReason() throws {
    guard let report = try Self.report("kernel/triage_x64.dmp") else { return }
    let blame = try #require(report.blame)
    #expect(blame.kind == "module")
    #expect(blame.module == "amdppm.sys")
    #expect(blame.moduleOffset == "0x334c")
    #expect(blame.reason == "P2 (exception address) 0xfffff8048b58334c lies in amdppm.sys+0x334c")
    #expect(report.bucket?.id.hasPrefix("0x7E_c0000005_amdppm!") == true)
    let text = TextRenderer().render(TriageReport(dumps: [report]))
    #expect(text.contains("PROBABLY CAUSED BY: amdppm.sys+0x334c"))
    #expect(text.contains("Reason: P2 (exception address) 0xfffff8048b58334c lies in amdppm.sys"))
  }

  @Test func arm64ManualCrashBlamesAPerson() throws {
    guard let report = try Self.report("kernel/win10_arm64_mem.dmp") else { return }
    #expect(report.bugCheck?.code == "0xE2")
    let blame = try #require(report.blame)
    #expect(blame.kind == "manual")
    #expect(blame.module == nil)
    #expect(blame.reason.contains("initiated by a person"))
    #expect(blame.reason.contains("not a driver"))
    #expect(report.bucket?.id == "0xE2_MANUALLY_INITIATED_CRASH")
    let text = TextRenderer().render(TriageReport(dumps: [report]))
    #expect(text.contains("initiated by a person"))
  }

  /// Every file of the shared corpus, as JSON and JSON Lines, validates against the schema.
  @Test func everyCorpusDumpValidatesAgainstSchema() throws {
    guard let corpus = TestPaths.sharedCorpus else { return }
    var files: [String] = []
    for folder in ["kernel", "user", "robustness"] {
      let root = corpus.appendingPathComponent(folder).path
      files += BatchInputs.walk(root).filter { !$0.hasSuffix(".txt") && !$0.hasSuffix(".out") }
    }
    #expect(files.count > 20)
    let pipeline = try Self.pipeline()
    let runner = BatchRunner(jobs: 2) { input, data in pipeline.report(for: input, data: data) }
    let (reports, _) = runner.run(files.map { BatchInput(path: $0) })
    #expect(reports.count == files.count)
    let report = TriageReport(
      tool: ReportTool(version: DumpTriageVersion.current, rulesDigest: "x"), dumps: reports,
      summary: BatchSummary(dumps: reports, previousBuckets: []))
    let json = try JSONRenderer().render(report)
    guard let problems = JSONSchemaCheck.problems(in: json) else { return }
    #expect(problems.isEmpty, "\(problems.prefix(5))")
    let lines = try JSONRenderer(style: .lines).render(report)
    #expect(JSONSchemaCheck.problems(in: lines, lines: true) == [])
    // Every renderer copes with every corpus dump.
    #expect(!HTMLRenderer().render(report).contains("<script"))
    #expect(CSVRenderer().render(report).components(separatedBy: "\r\n").count == reports.count + 2)
  }
}
