import Foundation
import Testing

@testable import TriageReporting

/// The streaming renderers give, piece by piece, exactly what the whole-report renderers give.
@Suite struct StreamingRendererTests {
  /// Renders `report` through `stream`, one dump at a time, with or without each dump's compact
  /// encoding.
  func streamed(
    _ stream: any StreamingRenderer, _ report: TriageReport, compact: Bool = false
  ) throws -> String {
    var stream = stream
    var text = ""
    for dump in report.dumps {
      let json = compact ? try JSONRenderer.encoder(pretty: false).encode(dump) : nil
      text += try stream.add(dump, json: json)
    }
    text += try stream.finish(tool: report.tool, partial: report.partial, summary: report.summary)
    return text
  }

  /// Reports of every shape: one dump, a batch with a summary, partial runs, no dumps.
  var reports: [TriageReport] {
    let batch = SampleReports.batch
    var partial = batch
    partial.partial = true
    var partialWithoutSummary = SampleReports.single
    partialWithoutSummary.partial = true
    let empty = TriageReport(tool: SampleReports.tool, dumps: [], summary: BatchSummary(dumps: []))
    let bare = TriageReport(dumps: [])
    return [SampleReports.single, batch, partial, partialWithoutSummary, empty, bare]
  }

  @Test func jsonDocumentAndLines() throws {
    for report in reports {
      for compact in [false, true] {
        let document = JSONRenderer()
        #expect(
          try streamed(document.stream(), report, compact: compact) == document.render(report))
        let lines = JSONRenderer(style: .lines)
        #expect(try streamed(lines.stream(), report, compact: compact) == lines.render(report))
      }
    }
  }

  @Test func textCSVAndHTML() throws {
    for report in reports {
      for options in [TextRenderer.Options(), .init(color: true, explain: true, allModules: true)] {
        let text = TextRenderer(options: options)
        #expect(try streamed(text.stream(), report) == text.render(report))
      }
      #expect(try streamed(CSVRenderer().stream(), report) == CSVRenderer().render(report))
      #expect(try streamed(HTMLRenderer().stream(), report) == HTMLRenderer().render(report))
    }
  }

  /// Past the detail limit the page switches to one row per dump, also when streamed.
  @Test func htmlPastTheDetailLimit() throws {
    var dumps: [DumpReport] = []
    for index in 0..<7 {
      var dump = index % 3 == 0 ? SampleReports.failed : SampleReports.kernel
      dump.path = "share/PC-\(index)/Minidump/Mini\(index).dmp"
      dump.machine = "PC-\(index)"
      dumps.append(dump)
    }
    let report = TriageReport(
      tool: SampleReports.tool, dumps: dumps, summary: BatchSummary(dumps: dumps))
    for limit in [3, 6, 7, 8] {
      let renderer = HTMLRenderer(detailLimit: limit)
      #expect(try streamed(renderer.stream(), report) == renderer.render(report))
    }
  }

  /// Compact JSON re-indented equals what the pretty encoder writes, at any depth, with empty
  /// containers, escaped quotes and brackets inside strings.
  @Test func prettyPrintingCompactJSON() throws {
    struct Odd: Codable {
      var text = "a \\\"quoted\\\" [not] {an: array}, \\ end"
      var empty: [Int] = []
      var nested: [[String: [Int]]] = [[:], ["k": []], ["k": [1, 2]]]
      var number = 1.5
      var flag = true
      var url = "https://example.com/a/b"
    }
    let pretty = JSONRenderer.encoder(pretty: true)
    let compact = JSONRenderer.encoder(pretty: false)
    for value in [Odd()] {
      let expected = try pretty.encode(value)
      #expect(
        JSONRenderer.prettyPrinted(compact: try compact.encode(value), level: 0) == Array(expected))
    }
    let dump = SampleReports.hostile
    let indented = JSONRenderer.prettyPrinted(compact: try compact.encode(dump), level: 2)
    let expected = String(decoding: try pretty.encode(dump), as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    #expect(String(decoding: indented, as: UTF8.self) == expected)
  }

  /// The summary built one dump at a time equals the one computed from all reports.
  @Test func summaryBuilderMatchesWholeSummary() {
    let dumps = SampleReports.batch.dumps
    var builder = BatchSummary.Builder()
    for dump in dumps { builder.add(dump) }
    for previous in [nil, Set(["0xE2_MANUALLY_INITIATED_CRASH"])] {
      #expect(
        builder.summary(previousBuckets: previous)
          == BatchSummary(dumps: dumps, previousBuckets: previous))
    }
    #expect(builder.bucketIDs == Set(dumps.compactMap { $0.bucket?.id }))
  }
}
