import Foundation
import Testing
import TriageTestSupport

/// Goldens of help texts and of `show-bugcheck`; `docs/cli.md` quotes them.
///
/// `DUMPTRIAGE_RECORD_GOLDENS=1` rewrites them and fails, so recording never passes silently.
@Suite(.enabled(if: CLI.executable != nil)) struct CLIGoldenTests {
  static let directory = TestPaths.repositoryRoot.appendingPathComponent("Tests/CLITests/Goldens")

  func assertGolden(_ actual: String, named name: String) throws {
    let url = Self.directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["DUMPTRIAGE_RECORD_GOLDENS"] == "1" {
      try actual.write(to: url, atomically: true, encoding: .utf8)
      Issue.record("recorded \(name); run again without DUMPTRIAGE_RECORD_GOLDENS")
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(actual == expected, "\(name) differs from the golden")
  }

  @Test(arguments: [
    (["triage", "--help"], "triage-help.txt"),
    (["show-bugcheck", "--help"], "show-bugcheck-help.txt"),
    (["show-bugcheck", "0xD1", "10", "2", "1", "fffff804`12345678"], "show-bugcheck-d1.txt"),
  ])
  func golden(_ arguments: [String], _ name: String) throws {
    let result = try CLI.run(arguments)
    #expect(result.status == 0)
    try assertGolden(result.stdout, named: name)
  }
}
