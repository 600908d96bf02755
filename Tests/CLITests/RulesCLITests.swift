import Foundation
import Testing
import TriageTestSupport

/// `dumptriage rules …` run as users run it: exit codes, `file:line:col` errors, explain.
@Suite struct RulesCLITests {
  @Test func lintAndTestPassOnTheShippedRules() throws {
    let lint = try CLI.run(["rules", "lint", "Rules"])
    #expect(lint.status == 0, "\(lint.stderr)")
    #expect(lint.stdout.contains("no problems"))
    let test = try CLI.run(["rules", "test", "Rules"])
    #expect(test.status == 0, "\(test.stderr)")
    #expect(test.stdout.contains("examples passed, no problems"))
  }

  @Test func lintReportsFileLineColumn() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("rules-cli-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try "id: bad\ntitle: T\nmatch: { s: { bugchek: 1 } }\ncondition: s\n".write(
      to: directory.appendingPathComponent("bad.yml"), atomically: true, encoding: .utf8)
    let result = try CLI.run(["rules", "lint", directory.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("bad.yml:3:15: error: selection 's': unknown key 'bugchek'"))
  }

  @Test func listAndExplain() throws {
    let list = try CLI.run(["rules", "list"])
    #expect(list.status == 0)
    #expect(list.stdout.contains("kb961799-netbt-malformed-packet"))
    let explain = try CLI.run([
      "rules", "explain", "kb961799-netbt-malformed-packet",
      "docs/samples/srv2003sp2-x86-0xD1-netbt.dmp",
    ])
    #expect(explain.status == 0, "\(explain.stderr)")
    #expect(explain.stdout.contains("Verdict: KB961799, high confidence"))
    // The default store (Symbols/) names the frame, so the inferred frame selection matches.
    #expect(explain.stdout.contains("netbt_copy_frame [optional, inferred]: matched (frame)"))
    let unknown = try CLI.run(["rules", "explain", "no-such-rule", "x.dmp"])
    #expect(unknown.status == 1)
  }
}
