import Foundation
import TriageFacts
import TriageRules

extension DumpPipeline {
  /// The facts the rules see for an analysed dump: as ``report(for:machine:)`` builds them,
  /// with the blame set (a live dump blames nobody).
  public func ruleFacts(for analysis: DumpAnalysis) -> CrashFacts {
    var facts = analysis.facts
    _ = assembler.analyze(&facts)
    if let attributes = analysis.kernel?.attributes, attributes & 0x10 != 0 {
      facts.blame = nil
    }
    return facts
  }

  /// The facts the rules see for the dump file at `path`.
  ///
  /// - Throws: ``TriageError`` when the file cannot be read as a dump.
  public func ruleFacts(path: String) throws(TriageError) -> CrashFacts {
    ruleFacts(for: try Triage.analyze(path: path, options: options))
  }

  /// A ``RuleTester/DumpFacts`` for `examples.dumps`: repository-relative paths are looked up
  /// under each of `roots` in turn (the repository, then the working directory).
  public func dumpFactsForRuleExamples(roots: [String]) -> RuleTester.DumpFacts {
    let pipeline = self
    return { relative in
      let candidates = roots.map { ($0 as NSString).appendingPathComponent(relative) }
      let path =
        candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates.first
        ?? relative
      return try pipeline.ruleFacts(path: path)
    }
  }
}
