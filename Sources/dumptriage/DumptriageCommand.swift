import ArgumentParser

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
      RulesCommand.self,
    ],
    defaultSubcommand: TriageCommand.self
  )
}
