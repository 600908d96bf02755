import ArgumentParser
import DumpTriage
import Foundation
import SymbolStore
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

  /// Parse, stack walk and module versions with images and symbols from `_NT_SYMBOL_PATH`,
  /// `_NT_ALT_SYMBOL_PATH` and `Symbols` (so storport.sys's version is known), then blame.
  private static let factsPipeline: DumpPipeline = {
    var options = TriageOptions()
    options.symbols = SymbolStore.configured(symbolPath: nil)
    return DumpPipeline(options: options, rules: [])
  }()

  private static func analyzedFacts(_ path: String) throws -> CrashFacts {
    try factsPipeline.ruleFacts(path: path)
  }
}
