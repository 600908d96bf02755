import ArgumentParser
import Foundation
import TriageFacts

extension RulesCommand {
  /// Crash facts from a dump file, through the triage pipeline.
  static func dumpFacts(_ path: String) throws -> CrashFacts {
    FileHandle.standardError.write(
      Data(
        "dumptriage: error: \(path): reading dumps needs the triage pipeline (use a .yml facts file)\n"
          .utf8))
    throw ExitCode(1)
  }
}
