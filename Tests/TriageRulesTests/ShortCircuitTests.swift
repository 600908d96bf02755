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

  /// Matching through the stop-code index gives the same verdicts as matching every rule, for
  /// every rule example, and it does skip rules.
  @Test func indexAgreesWithMatchingEveryRule() throws {
    let rules = try RuleSet.builtIn().rules
    let index = RuleIndex(rules)
    #expect(index.gates.compactMap { $0 }.count > rules.count / 2)
    var skipped = 0
    for rule in rules {
      for example in rule.examples.triggering + rule.examples.nonTriggering {
        let facts = example.facts
        #expect(
          RuleMatcher.verdicts(for: facts, index: index)
            == RuleMatcher.verdicts(for: facts, rules: rules), "\(rule.id)")
        skipped += rules.indices.filter { !index.admits($0, facts: facts) }.count
      }
    }
    #expect(skipped > 0)
  }

  /// What a condition needs: a name under `and`, under both sides of `or`, matched by
  /// `all of`; never under `not` or `any of`.
  @Test func conditionRequirements() throws {
    func condition(_ text: String) throws -> Condition { try Condition.parse(text).get() }
    let names = ["stop", "frame", "driver_a", "driver_b"]
    #expect(try condition("stop and frame").requires("stop", names: names))
    #expect(try condition("stop and (frame or driver_a)").requires("stop", names: names))
    #expect(try !condition("stop or frame").requires("stop", names: names))
    #expect(try condition("(stop and frame) or (stop and driver_a)").requires("stop", names: names))
    #expect(try !condition("not stop and frame").requires("stop", names: names))
    #expect(try condition("all of driver_*").requires("driver_a", names: names))
    #expect(try !condition("any of driver_*").requires("driver_a", names: names))
    #expect(try !condition("frame").requires("stop", names: names))
  }
}
