import Testing
import TriageFacts

@testable import TriageRules

@Suite struct ShortCircuitTests {
  /// The short-circuit pre-check and the full evaluation agree on every rule and example.
  @Test func preCheckAgreesWithFullEvaluation() throws {
    let rules = try RuleSet.builtIn().rules
    #expect(!rules.isEmpty)
    var checked = 0
    for rule in rules {
      for example in rule.examples.triggering + rule.examples.nonTriggering {
        let facts = example.facts
        #expect(
          RuleMatcher.conditionHolds(rule, facts: facts)
            == RuleMatcher.evaluate(rule, facts: facts).conditionHolds, "\(rule.id)")
        checked += 1
      }
    }
    #expect(checked > 100)
  }
}
