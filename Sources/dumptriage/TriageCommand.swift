import ArgumentParser
import DumpTriage
import Foundation

/// `dumptriage [triage] FILE...`: prints a report per dump.
struct TriageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "triage",
    abstract: "Triage dump files (the default command).",
    discussion: """
      A directory stands for every dump below it (recognised by content, sorted by path). \
      Exit status: 0 when every dump was read, 1 otherwise; errors go to standard error with \
      the file name and byte offset.
      """)

  @Argument(help: "Dump files or directories.")
  var files: [String]

  @Flag(help: "Print JSON (with schema_version) instead of text.")
  var json = false

  @Flag(help: "List every loaded and unloaded driver, not only those on the stack.")
  var allDrivers = false

  @Option(help: "The most raw-stack frames to show.")
  var maxScanFrames = 64

  @OptionGroup(title: "KB rules") var ruleSource: RulesCommand.Source

  func run() throws {
    var options = TriageOptions()
    options.rules = try ruleSource.resolved()
    options.maxScanFrames = max(0, maxScanFrames)
    let (paths, expandErrors) = InputFiles.expand(files, options: options)
    var errors = expandErrors
    var analyses: [DumpAnalysis] = []
    let text = TextReport(showAllModules: allDrivers)
    for error in expandErrors { Self.printError(error) }
    for (index, path) in paths.enumerated() {
      do {
        let analysis = try Triage.analyze(path: path, options: options)
        if json {
          analyses.append(analysis)
        } else {
          if index > 0 { print("") }
          print(text.render(analysis), terminator: "")
        }
      } catch {
        errors.append(error)
        Self.printError(error)
      }
    }
    if json { print(try JSONReport.render(analyses, errors: errors), terminator: "") }
    if paths.isEmpty && errors.isEmpty {
      Self.printError(
        TriageError(file: files.joined(separator: " "), code: "io", message: "no dump files found"))
      throw ExitCode(1)
    }
    if !errors.isEmpty { throw ExitCode(1) }
  }

  static func printError(_ error: TriageError) {
    FileHandle.standardError.write(Data("dumptriage: error: \(error)\n".utf8))
  }
}
