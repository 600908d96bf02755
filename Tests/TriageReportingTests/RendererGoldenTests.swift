import Foundation
import Testing
import TriageTestSupport

@testable import TriageReporting

/// Snapshot tests of every renderer on hand-built reports.
@Suite struct RendererGoldenTests {
  @Test func textSingle() throws {
    try assertGolden(TextRenderer().render(SampleReports.single), named: "single.txt")
  }

  @Test func textSingleColourExplain() throws {
    let renderer = TextRenderer(options: .init(color: true, explain: true, allModules: true))
    try assertGolden(renderer.render(SampleReports.single), named: "single-color-explain.txt")
  }

  @Test func textBatch() throws {
    try assertGolden(TextRenderer().render(SampleReports.batch), named: "batch.txt")
  }

  @Test func jsonSingle() throws {
    try assertGolden(try JSONRenderer().render(SampleReports.single), named: "single.json")
  }

  @Test func jsonBatch() throws {
    try assertGolden(try JSONRenderer().render(SampleReports.batch), named: "batch.json")
  }

  @Test func jsonLinesBatch() throws {
    try assertGolden(
      try JSONRenderer(style: .lines).render(SampleReports.batch), named: "batch.jsonl")
  }

  @Test func csvBatch() throws {
    try assertGolden(CSVRenderer().render(SampleReports.batch), named: "batch.csv")
  }

  @Test func csvSummary() throws {
    let summary = try #require(SampleReports.batch.summary)
    try assertGolden(CSVRenderer().renderSummary(summary), named: "batch-summary.csv")
  }

  @Test func htmlSingle() throws {
    try assertGolden(HTMLRenderer().render(SampleReports.single), named: "single.html")
  }

  @Test func htmlBatch() throws {
    try assertGolden(HTMLRenderer().render(SampleReports.batch), named: "batch.html")
  }
}

/// Properties the goldens alone would not make obvious.
@Suite struct RendererPropertyTests {
  @Test func jsonRoundTripsAndIsDeterministic() throws {
    let report = SampleReports.batch
    let text = try JSONRenderer().render(report)
    let decoded = try JSONDecoder().decode(TriageReport.self, from: Data(text.utf8))
    #expect(decoded == report)
    #expect(try JSONRenderer().render(decoded) == text)
    #expect(text.contains("\"schema_version\" : 1"))
  }

  @Test func jsonLinesAreOneObjectEach() throws {
    let text = try JSONRenderer(style: .lines).render(SampleReports.batch)
    let lines = text.split(separator: "\n")
    #expect(lines.count == SampleReports.batch.dumps.count + 1)
    for line in lines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect(object?["schema_version"] as? Int == 1)
    }
  }

  @Test func htmlEscapesEveryDumpString() {
    let html = HTMLRenderer().render(SampleReports.batch)
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.sys"))
    #expect(!html.contains("\u{1B}"))
    #expect(!html.lowercased().contains("src=\"http"))
  }

  @Test func csvNeutralisesFormulas() {
    #expect(CSVRenderer.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
    #expect(CSVRenderer.cell("+cmd") == "'+cmd")
    #expect(CSVRenderer.cell("-2") == "'-2")
    #expect(CSVRenderer.cell("@SUM(1)") == "'@SUM(1)")
    #expect(CSVRenderer.cell("a,b") == "\"a,b\"")
    #expect(CSVRenderer.cell("line\r\nbreak") == "\"line\r\nbreak\"")
    #expect(CSVRenderer.cell("plain") == "plain")
    let csv = CSVRenderer().render(SampleReports.batch)
    let header = csv.components(separatedBy: "\r\n")[0]
    #expect(header.hasPrefix("Dump File,Crash Time,Bug Check String,Bug Check Code,Parameter 1"))
    #expect(header.hasSuffix("Bucket,KB,Confidence,Patch Status,Notes"))
  }

  @Test func textStripsTerminalEscapes() {
    let text = TextRenderer(options: .init(color: false)).render(SampleReports.batch)
    #expect(!text.contains("\u{1B}"))
    let coloured = TextRenderer(options: .init(color: true)).render(SampleReports.batch)
    #expect(coloured.contains("\u{1B}[1m"))
    #expect(!coloured.contains("\u{1B}[31m<"))
  }

  @Test func textPutsVerdictsFirst() throws {
    let text = TextRenderer().render(SampleReports.single)
    let verdict = try #require(text.range(of: "VERDICT: KB4567890"))
    let bugCheck = try #require(text.range(of: "BUGCHECK_CODE:"))
    let blame = try #require(text.range(of: "PROBABLY CAUSED BY: amdppm!WriteIoMemRawEx"))
    let stack = try #require(text.range(of: "STACK_TEXT:"))
    #expect(verdict.lowerBound < bugCheck.lowerBound)
    #expect(bugCheck.lowerBound < blame.lowerBound)
    #expect(blame.lowerBound < stack.lowerBound)
    #expect(text.contains("Arg2: 0xfffff8048b58334c, address of the faulting instruction"))
  }
}

@Suite struct BatchSummaryTests {
  @Test func countsMachinesBucketsAndKBs() throws {
    let summary = try #require(SampleReports.batch.summary)
    #expect(summary.dumps == 5)
    #expect(summary.failed == 1)
    #expect(summary.machines == 4)
    let top = try #require(summary.buckets.first)
    #expect(top.id == "0x7E_c0000005_amdppm!WriteIoMemRawEx")
    #expect(top.count == 2)
    #expect(top.machines == ["PC-ACCT-07", "PC-HR-01"])
    #expect(top.isNew == true)
    let kb = try #require(summary.kbs.first)
    #expect(kb.kb == "KB4567890")
    #expect(kb.action == "deploy KB4567890 to 1 machine; already installed on 1 machine")
    #expect(summary.newBuckets?.contains("0xE2_MANUALLY_INITIATED_CRASH") == false)
    #expect(summary.drivers.first?.module == "amdppm.sys")
    #expect(summary.failures.count == 1)
  }

  @Test func actionSentences() {
    #expect(
      BatchSummaryTestHooks.action("KB961799", unpatched: 14, patched: 3, total: 17)
        == "deploy KB961799 to 14 machines; already installed on 3 machines")
    #expect(
      BatchSummaryTestHooks.action("KB1", unpatched: 0, patched: 0, total: 2)
        == "KB1: patch status unknown on 2 machines")
  }
}

enum BatchSummaryTestHooks {
  static func action(_ kb: String, unpatched: Int, patched: Int, total: Int) -> String {
    BatchSummary.action(kb: kb, unpatched: unpatched, patched: patched, total: total)
  }
}

@Suite struct HTMLLinkTests {
  @Test func onlyWebLinksBecomeAnchors() {
    #expect(HTMLRenderer.link("javascript:alert(3)", text: "x") == "x")
    #expect(HTMLRenderer.link(" JAVASCRIPT:alert(3)", text: "<y>") == "&lt;y&gt;")
    #expect(
      HTMLRenderer.link("https://support.microsoft.com/kb/1?a=1&b=\"2\"", text: "KB1")
        == "<a href=\"https://support.microsoft.com/kb/1?a=1&amp;b=&quot;2&quot;\" rel=\"noreferrer\">KB1</a>"
    )
  }
}

/// The renderers' JSON validates against `docs/report.schema.json`.
@Suite struct ReportSchemaTests {
  @Test func documentValidates() throws {
    let json = try JSONRenderer().render(SampleReports.batch)
    guard let problems = JSONSchemaCheck.problems(in: json) else { return }
    #expect(problems == [])
  }

  @Test func linesValidate() throws {
    let json = try JSONRenderer(style: .lines).render(SampleReports.batch)
    guard let problems = JSONSchemaCheck.problems(in: json, lines: true) else { return }
    #expect(problems == [])
  }

  /// The schema is strict: an unknown field fails, so the schema cannot drift from the model.
  @Test func unknownFieldRejected() throws {
    let json = try JSONRenderer().render(SampleReports.single)
      .replacingOccurrences(of: "\"schema_version\" : 1", with: "\"schema_version\" : 1, \"x\" : 2")
    guard let problems = JSONSchemaCheck.problems(in: json) else { return }
    #expect(problems.count == 1)
  }
}

@Suite struct HTMLLargeBatchTests {
  @Test func largeBatchesGetOneRowPerDump() throws {
    let renderer = HTMLRenderer(detailLimit: 3)
    let html = renderer.render(SampleReports.batch)
    #expect(html.contains("<table class=\"compact\">"))
    #expect(!html.contains("<article class=\"dump\""))
    #expect(!html.contains("<script"))
    #expect(html.contains("unreadable header: truncated"))
    try assertGolden(html, named: "batch-compact.html")
  }
}

@Suite struct TextVerdictTests {
  @Test func lowConfidenceLookAlikesGetOneLine() {
    var dump = SampleReports.kernel
    dump.verdicts.append(
      ReportVerdict(
        ruleID: "other", kb: "KB1", title: "A look-alike", confidence: .low,
        evidence: ["stop: bug check 0x7E"]))
    let report = TriageReport(dumps: [dump])
    let text = TextRenderer().render(report)
    #expect(text.contains("  also possible (low confidence): KB1 A look-alike"))
    #expect(!text.contains("evidence: stop: bug check 0x7E"))
    let explained = TextRenderer(options: .init(explain: true)).render(report)
    #expect(explained.contains("VERDICT: KB1  confidence low"))
    #expect(explained.contains("evidence: stop: bug check 0x7E"))
  }
}
