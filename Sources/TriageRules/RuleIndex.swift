import TriageFacts

/// The rules with the stop codes each one needs, so a dump is matched only against the rules
/// that can hold for its bug check or exception code.
///
/// Most rules require a selection whose every alternative names bug check codes (or exception
/// codes); such a rule cannot hold for a dump with another code, whatever else it says. The
/// index keeps, per rule, the codes of one such selection; rules without one are always
/// candidates. ``RuleMatcher/verdicts(for:index:)`` gives the same verdicts as
/// ``RuleMatcher/verdicts(for:rules:)`` (a test checks it on every rule example).
public struct RuleIndex: Sendable {
  /// The rules, in the order given.
  public let rules: [Rule]
  /// Per rule: the stop codes one of which it needs, or `nil` when it needs none.
  let gates: [Gate?]

  /// Stop codes a rule needs: any of these bug check base codes, or any of these exception
  /// codes.
  enum Gate: Sendable, Hashable {
    case bugChecks(Set<UInt32>)
    case exceptions(Set<UInt32>)
  }

  /// Indexes `rules`.
  public init(_ rules: [Rule]) {
    self.rules = rules
    gates = rules.map(Self.gate)
  }

  /// The gate of one rule: from the first selection the condition cannot hold without whose
  /// alternatives all name bug checks (or all name exceptions).
  static func gate(_ rule: Rule) -> Gate? {
    let names = rule.selections.map(\.name)
    for selection in rule.selections where !selection.alternatives.isEmpty {
      guard rule.condition.requires(selection.name, names: names) else { continue }
      if selection.alternatives.allSatisfy({ !$0.bugChecks.isEmpty }) {
        return .bugChecks(Set(selection.alternatives.flatMap(\.bugChecks)))
      }
      if selection.alternatives.allSatisfy({ !$0.exceptions.isEmpty }) {
        return .exceptions(Set(selection.alternatives.flatMap(\.exceptions)))
      }
    }
    return nil
  }

  /// Whether rule `index` can hold for `facts` as far as its stop codes tell.
  func admits(_ index: Int, facts: CrashFacts) -> Bool {
    switch gates[index] {
    case nil: return true
    case .bugChecks(let codes):
      guard let bugCheck = facts.bugCheck else { return false }
      return codes.contains(bugCheck.baseCode)
    case .exceptions(let codes):
      guard let exception = facts.exception else { return false }
      return codes.contains(exception.code)
    }
  }
}

extension Condition {
  /// Whether the condition can hold only when selection `name` holds.
  ///
  /// Conservative: `false` where it cannot tell (under `not`, `any of`).
  func requires(_ name: String, names: [String]) -> Bool {
    switch self {
    case .selection(let selected): selected == name
    case .and(let left, let right):
      left.requires(name, names: names) || right.requires(name, names: names)
    case .or(let left, let right):
      left.requires(name, names: names) && right.requires(name, names: names)
    case .not: false
    case .anyOf: false
    // `all of` holds only when the names it matches are not empty and all hold.
    case .allOf(let pattern): names.contains(name) && pattern.matches(name)
    }
  }
}
