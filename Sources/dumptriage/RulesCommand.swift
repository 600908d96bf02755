import ArgumentParser
import Foundation
import TriageFacts
import TriageRules

/// `dumptriage rules …`: lint, test, list and explain KB rules.
struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "Check, test, list and explain the KB rules.",
    subcommands: [Lint.self, Test.self, List.self, Explain.self])

  /// Where rules come from for `list` and `explain`.
  struct Source: ParsableArguments {
    @Option(
      name: .customLong("rules"),
      help: "Add a folder of rules (repeatable; later folders override by id).")
    var directories: [String] = []

    @Flag(name: .customLong("no-default-rules"), help: "Do not use the built-in rules.")
    var noDefaultRules = false

    /// The chosen rules, or `nil` for the built-in ones (parsed later, only if a dump needs them).
    func resolved() throws -> RuleSet? {
      directories.isEmpty && !noDefaultRules ? nil : try load()
    }

    func load() throws -> RuleSet {
      do {
        return try RuleSet.load(.init(directories: directories, includeDefaults: !noDefaultRules))
      } catch let problems as RuleDiagnostics {
        for problem in problems.diagnostics {
          FileHandle.standardError.write(Data((problem.formatted(severity: "error") + "\n").utf8))
        }
        throw ExitCode(1)
      }
    }
  }

  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lint",
      abstract:
        "Check rule files: schema (unknown keys rejected), unique ids, id == file name, references, examples."
    )

    @Argument(help: "Folder of rule files (default: the built-in rules).")
    var directory: String?

    func run() throws {
      try RulesCommand.check(directory: directory, runExamples: false)
    }
  }

  struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "test",
      abstract: "Lint rule files and run their triggering and non-triggering examples.")

    @Argument(help: "Folder of rule files (default: the built-in rules).")
    var directory: String?

    func run() throws {
      try RulesCommand.check(directory: directory, runExamples: true)
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List the rules in use.")

    @OptionGroup var source: Source

    func run() throws {
      print(RuleText.list(try source.load().rules), terminator: "")
    }
  }

  struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "explain",
      abstract:
        "Show how one rule fares against one crash: every selection, matched or not, and why.",
      discussion:
        "CRASH is a dump file, or crash facts in the rules' example YAML form (.yml/.yaml).")

    @Argument(help: "Rule id.")
    var rule: String

    @Argument(help: "Dump file, or a facts file (.yml/.yaml).")
    var crash: String

    @OptionGroup var source: Source

    func run() throws {
      let set = try source.load()
      guard let found = set.rule(id: rule) else {
        FileHandle.standardError.write(Data("dumptriage: error: no rule with id '\(rule)'\n".utf8))
        throw ExitCode(1)
      }
      let facts = try RulesCommand.facts(from: crash)
      print(RuleText.explain(RuleMatcher.evaluate(found, facts: facts)), terminator: "")
    }
  }

  /// Crash facts from a facts YAML file or a dump.
  static func facts(from path: String) throws -> CrashFacts {
    let lower = path.lowercased()
    if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") {
      do {
        return try ExampleParser.facts(fromYAML: try RuleFiles.readRuleFile(path), file: path)
      } catch {
        FileHandle.standardError.write(Data((error.formatted(severity: "error") + "\n").utf8))
        throw ExitCode(1)
      }
    }
    return try dumpFacts(path)
  }

  /// Lints (and tests) a folder, or the built-in rules; prints `file:line:col` problems.
  static func check(directory: String?, runExamples: Bool) throws {
    var problems: [RuleDiagnostic] = []
    var notes: [RuleDiagnostic] = []
    var count = 0
    var passed = 0
    if let directory {
      let result = RuleLinter.run(
        directory: directory, runExamples: runExamples, dumpFacts: pipelineFacts)
      problems = result.problems
      notes = result.notes
      count = result.rules.count
      passed = result.passed
    } else {
      let set: RuleSet
      do {
        set = try RuleSet.builtIn()
      } catch let diagnostics as RuleDiagnostics {
        set = RuleSet()
        problems = diagnostics.diagnostics
      }
      count = set.rules.count
      for rule in set.rules {
        problems += RuleLinter.lint(rule)
        if runExamples {
          let result = RuleTester.test(rule, dumpFacts: pipelineFacts)
          problems += result.failures
          notes += result.todoNotes
          passed += result.passed
        }
      }
    }
    for problem in problems {
      FileHandle.standardError.write(Data((problem.formatted(severity: "error") + "\n").utf8))
    }
    for note in notes { print(note.formatted(severity: "note")) }
    let what = runExamples ? "\(count) rules, \(passed) examples passed" : "\(count) rules"
    if problems.isEmpty {
      print("\(what), no problems")
    } else {
      print("\(what), \(problems.count) problem\(problems.count == 1 ? "" : "s")")
      throw ExitCode(1)
    }
  }
}
