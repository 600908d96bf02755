import ArgumentParser
import DumpTriage
import Foundation
import TriageFacts
import TriageRules

extension RulesCommand {
  /// Crash facts from a dump file as the triage report sees them (parse, then blame).
  static func dumpFacts(_ path: String) throws -> CrashFacts {
    do {
      return try analyzedFacts(path)
    } catch {
      FileHandle.standardError.write(Data("dumptriage: error: \(error)\n".utf8))
      throw ExitCode(1)
    }
  }

  /// Facts for `examples.dumps` (paths relative to the current directory, the repository root).
  static let pipelineFacts: RuleTester.DumpFacts = { path in try analyzedFacts(path) }

  private static func analyzedFacts(_ path: String) throws -> CrashFacts {
    var facts = try Triage.analyze(path: path).facts
    _ = ReportAssembler().analyze(&facts)
    return facts
  }
}
