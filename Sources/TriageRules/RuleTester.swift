import Foundation
import TriageFacts

/// The result of running one rule's examples.
public struct RuleTestResult: Sendable {
  /// Rule id.
  public var ruleID: String
  /// Rule file.
  public var file: String
  /// Examples that behaved as stated.
  public var passed: Int
  /// Examples that did not, as `file:line` diagnostics.
  public var failures: [RuleDiagnostic]
  /// Known misses (`todo`): still missing, or now passing (time to move them).
  public var todoNotes: [RuleDiagnostic]
}

/// Runs rule examples (`rules test`, and the rule corpus tests).
public enum RuleTester {
  /// Turns a repository-relative dump path into facts (the pipeline supplies this; `nil` skips
  /// `examples.dumps`).
  public typealias DumpFacts = @Sendable (String) throws -> CrashFacts

  /// Runs every example of `rule`.
  ///
  /// - Parameters:
  ///   - rule: The rule.
  ///   - dumpFacts: How to get facts from a sample dump, or `nil` to skip dump examples.
  /// - Returns: Counts and `file:line` failures.
  public static func test(_ rule: Rule, dumpFacts: DumpFacts? = nil) -> RuleTestResult {
    var result = RuleTestResult(
      ruleID: rule.id, file: rule.source.file, passed: 0, failures: [], todoNotes: [])
    func fail(_ line: Int, _ message: String) {
      result.failures.append(
        RuleDiagnostic(file: rule.source.file, line: line, column: 0, message: message))
    }
    for example in rule.examples.triggering {
      if let problem = check(
        rule, facts: example.facts, confidence: example.confidence, patch: example.patch)
      {
        fail(example.line, "triggering example: \(problem)")
      } else {
        result.passed += 1
      }
    }
    for example in rule.examples.nonTriggering {
      let evaluation = RuleMatcher.evaluate(rule, facts: example.facts)
      if let verdict = evaluation.verdict {
        fail(
          example.line,
          "non-triggering example matched at \(verdict.confidence.rawValue) confidence: "
            + verdict.evidence.map(\.description).joined(separator: "; "))
      } else {
        result.passed += 1
      }
    }
    for example in rule.examples.todo {
      let matched = RuleMatcher.evaluate(rule, facts: example.facts).verdict != nil
      let note = example.note.map { " (\($0))" } ?? ""
      let message =
        matched == example.shouldMatch
        ? "todo example now behaves as expected: move it out of todo\(note)"
        : "todo example still a known miss\(note)"
      result.todoNotes.append(
        RuleDiagnostic(file: rule.source.file, line: example.line, message: message))
    }
    if let dumpFacts {
      for dump in rule.examples.dumps {
        do {
          let facts = try dumpFacts(dump.path)
          if let problem = check(rule, facts: facts, confidence: dump.confidence, patch: dump.patch)
          {
            fail(dump.line, "dump \(dump.path): \(problem)")
          } else {
            result.passed += 1
          }
        } catch {
          fail(dump.line, "dump \(dump.path): cannot read: \(error)")
        }
      }
    }
    return result
  }

  /// `nil` when the rule matches `facts` as expected, else what went wrong.
  static func check(_ rule: Rule, facts: CrashFacts, confidence: Confidence?, patch: PatchState?)
    -> String?
  {
    let evaluation = RuleMatcher.evaluate(rule, facts: facts)
    guard let verdict = evaluation.verdict else {
      let why = evaluation.selections.filter { !$0.matched && $0.role == .required }
        .map { "\($0.name): \($0.details.joined(separator: "; "))" }
      let excluded = evaluation.selections.filter { $0.matched && $0.role == .excluded }
        .map { "\($0.name) (excluded) matched" }
      return "did not match: " + (why + excluded).joined(separator: "; ")
    }
    if let confidence, verdict.confidence != confidence {
      return
        "expected \(confidence.rawValue) confidence, got \(verdict.confidence.rawValue) (evidence: "
        + verdict.evidence.map(\.description).joined(separator: "; ") + ")"
    }
    if let patch, verdict.patch.state != patch {
      return "expected patch \(patch.rawValue), got \(verdict.patch.summary)"
    }
    return nil
  }
}

/// Checks rule files beyond parsing (`rules lint`).
public enum RuleLinter {
  /// Problems in already-parsed rules: required metadata and examples.
  public static func lint(_ rule: Rule) -> [RuleDiagnostic] {
    var problems: [RuleDiagnostic] = []
    func problem(_ message: String) {
      problems.append(RuleDiagnostic(file: rule.source.file, line: 1, column: 1, message: message))
    }
    if rule.references.isEmpty { problem("references: at least one source is required") }
    if rule.kb == nil { problem("kb: required (the article this rule stands for)") }
    if rule.falsepositives.isEmpty { problem("falsepositives: say what else looks like this") }
    if rule.examples.triggering.isEmpty { problem("examples.triggering: at least one is required") }
    if rule.examples.nonTriggering.isEmpty {
      problem("examples.non_triggering: at least one is required")
    }
    for reference in rule.references
    where reference.hasPrefix("http:") == false
      && reference.hasPrefix("https:") == false && reference.hasPrefix("github ") == false
    {
      problem(
        "references: '\(reference.prefix(60))' is not a URL or a 'github owner/repo path' citation")
    }
    let stop = rule.selections.contains { $0.kinds.contains(.stop) }
    if !stop && rule.selections.allSatisfy({ $0.kinds.isSubset(of: [.os, .module, .context]) }) {
      problem("match: a rule needs a stop code, exception, frame, version or CPU selection")
    }
    return problems
  }

  /// Loads, lints and (optionally) tests every rule under `directory`.
  public static func run(
    directory: String, runExamples: Bool, dumpFacts: RuleTester.DumpFacts? = nil
  )
    -> (rules: [Rule], problems: [RuleDiagnostic], notes: [RuleDiagnostic], passed: Int)
  {
    let loaded = RuleFiles.load(directory: directory)
    var problems = loaded.diagnostics
    var notes: [RuleDiagnostic] = []
    var passed = 0
    for rule in loaded.rules {
      problems.append(contentsOf: lint(rule))
      if runExamples {
        let result = RuleTester.test(rule, dumpFacts: dumpFacts)
        problems.append(contentsOf: result.failures)
        notes.append(contentsOf: result.todoNotes)
        passed += result.passed
      }
    }
    return (loaded.rules, problems, notes, passed)
  }
}
