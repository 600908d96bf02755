import Foundation
import Testing
import TriageTestSupport

/// Compares `actual` with `Tests/TriageReportingTests/Goldens/<name>`.
///
/// With `DUMPTRIAGE_RECORD_GOLDENS=1` the golden is rewritten and the test fails, so recording
/// never passes silently.
func assertGolden(
  _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let url = TestPaths.repositoryRoot.appendingPathComponent("Tests/TriageReportingTests/Goldens")
    .appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["DUMPTRIAGE_RECORD_GOLDENS"] == "1" {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try actual.write(to: url, atomically: true, encoding: .utf8)
    Issue.record(
      "recorded golden \(name); run again without DUMPTRIAGE_RECORD_GOLDENS",
      sourceLocation: sourceLocation)
    return
  }
  guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
    Issue.record(
      "missing golden \(name): record with DUMPTRIAGE_RECORD_GOLDENS=1",
      sourceLocation: sourceLocation)
    return
  }
  if expected != actual {
    let expectedLines = expected.components(separatedBy: "\n")
    let actualLines = actual.components(separatedBy: "\n")
    let firstDifference =
      zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(expectedLines.count, actualLines.count)
    let expectedLine =
      firstDifference < expectedLines.count ? expectedLines[firstDifference] : "<end>"
    let actualLine = firstDifference < actualLines.count ? actualLines[firstDifference] : "<end>"
    Issue.record(
      """
      \(name) differs at line \(firstDifference + 1):
        expected: \(expectedLine)
        actual:   \(actualLine)
      """, sourceLocation: sourceLocation)
  }
}
