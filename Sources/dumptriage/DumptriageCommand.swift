import ArgumentParser
import Foundation

/// The `dumptriage` root command.
///
/// To add a command group (`rules …`, `symbols …`), write its `ParsableCommand` in a file of its
/// own and add one line to `subcommands`.
@main
struct DumptriageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dumptriage",
    abstract: "Triage Windows crash dumps into a verdict.",
    discussion: """
      With no subcommand, triages the given dump files and directories (see `dumptriage triage \
      --help`).
      """,
    subcommands: [
      TriageCommand.self,
      ShowBugCheckCommand.self,
      SymbolsCommand.self,
      RulesCommand.self,
    ],
    defaultSubcommand: TriageCommand.self
  )

  /// Runs the command; usage errors exit with status 2 (not ArgumentParser's 64), so scripts
  /// can tell "some dumps failed" (1) from "the command line is wrong" (2).
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}
