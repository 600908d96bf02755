import Foundation
import TriageFacts

@testable import TriageRules

/// Builds a rule from YAML for tests (the id is `test-rule`, the file `test/test-rule.yml`).
func makeRule(_ body: String, extra: String = "") throws -> Rule {
  let text = """
    id: test-rule
    title: Test rule
    kb: KB123456
    references: [https://example.com/kb/123456]
    falsepositives: [none]
    \(body)
    \(extra)
    """
  return try RuleLoader.parse(text, file: "test/test-rule.yml")
}

/// Parses facts in the example short form.
func facts(_ yaml: String) throws -> CrashFacts {
  try ExampleParser.facts(fromYAML: yaml)
}

/// The verdict of `rule` on `facts`, or `nil`.
func verdict(_ rule: Rule, _ facts: CrashFacts) -> RuleVerdict? {
  RuleMatcher.evaluate(rule, facts: facts).verdict
}

/// The diagnostic thrown when parsing `text` as `file`, or `nil` when it parses.
func parseError(_ text: String, file: String = "x/test-rule.yml") -> RuleDiagnostic? {
  do {
    _ = try RuleLoader.parse(text, file: file)
    return nil
  } catch {
    return error
  }
}
