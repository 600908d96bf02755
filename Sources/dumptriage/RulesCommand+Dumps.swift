import ArgumentParser
import DumpTriage
import Foundation
import TriageFacts
import TriageRules

extension RulesCommand {
  /// Crash facts from a dump file, through the triage pipeline.
  static func dumpFacts(_ path: String) throws -> CrashFacts {
    do {
      return try Triage.analyze(path: path).facts
    } catch {
      FileHandle.standardError.write(Data("dumptriage: error: \(error)\n".utf8))
      throw ExitCode(1)
    }
  }

  /// Facts for `examples.dumps` (paths relative to the current directory, the repository root).
  static let pipelineFacts: RuleTester.DumpFacts = { path in
    try Triage.analyze(path: path).facts
  }
}
