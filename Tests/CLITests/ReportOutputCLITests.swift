import Foundation
import Testing
import TriageTestSupport

/// The report renderers and batch options through the built binary.
@Suite(.enabled(if: CLI.executable != nil)) struct ReportOutputCLITests {
  func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func csvHtmlAndJsonLinesFiles() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let csv = folder.appendingPathComponent("r.csv").path
    let html = folder.appendingPathComponent("r.html").path
    let jsonl = folder.appendingPathComponent("r.jsonl").path
    let result = try CLI.run([
      "docs/samples", "--no-cache", "--jsonl", "--output", jsonl, "--csv", csv, "--html", html,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    let csvText = try String(contentsOfFile: csv, encoding: .utf8)
    #expect(csvText.hasPrefix("Dump File,Crash Time,Bug Check String,Bug Check Code"))
    #expect(csvText.components(separatedBy: "\r\n").count == 8 + 2)
    let summary = try String(
      contentsOfFile: folder.appendingPathComponent("r.summary.csv").path, encoding: .utf8)
    #expect(summary.hasPrefix("Kind,Key,Count"))
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.contains("<svg"))
    #expect(!page.contains("<script"))
    let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 9)
    #expect(JSONSchemaCheck.problems(in: lines.joined(separator: "\n"), lines: true) ?? [] == [])
  }

  @Test func explainPrintsDecisions() throws {
    let result = try CLI.run([
      "docs/samples/win10-x64-0x7E-contosoflt.dmp", "--no-cache", "--explain",
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains("EXPLAIN:"))
    #expect(result.stdout.contains("  blame:"))
    #expect(result.stdout.contains("  bucket:"))
    #expect(result.stdout.contains("  rules:"))
    #expect(result.stdout.contains("kb961799-netbt-malformed-packet: no match"))
    #expect(!result.stdout.contains("\u{1B}["))
  }

  @Test(arguments: [
    ["--jobs", "0", "docs/samples"], ["--json", "--jsonl", "docs/samples"],
    ["--machine-from", "hostname", "docs/samples"], [], ["--no-such-option", "x"],
  ])
  func usageErrorsExitTwo(arguments: [String]) throws {
    let result = try CLI.run(arguments)
    #expect(result.status == 2, "\(arguments): \(result.stderr)")
    #expect(!result.stderr.isEmpty)
  }

  @Test func machineFromRegex() throws {
    let result = try CLI.run([
      "docs/samples", "--no-cache", "--json", "--machine-from", "regex:(x86|x64|arm64)",
    ])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let summary = try #require(object["summary"] as? [String: Any])
    #expect(summary["machines"] as? Int == 3)
  }
}
