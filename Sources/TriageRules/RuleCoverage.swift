import TriageFacts

/// The coverage table of `docs/rules-coverage.md`, generated from the rules.
public enum RuleCoverage {
  /// The highest confidence a rule can reach (every non-excluded selection matching).
  public static func ceiling(of rule: Rule) -> Confidence {
    let names = rule.selections.map(\.name)
    let references = rule.condition.references(names: names)
    let positive = rule.selections.compactMap { selection -> SelectionOutcome? in
      let refs = references.filter { $0.name == selection.name }
      if !refs.isEmpty && refs.allSatisfy(\.negated) { return nil }
      return SelectionOutcome(
        name: selection.name, role: .required, matched: true, kinds: selection.kinds,
        inferred: selection.inferred, details: [], hint: nil)
    }
    return RuleMatcher.confidence(rule: rule, positive: positive, all: positive)
  }

  /// The markdown document.
  public static func markdown(_ rules: [Rule]) -> String {
    var lines: [String] = [
      "# Rule coverage",
      "",
      "Generated from `Rules/` by `RuleCorpusTests` (run the tests with `DUMPTRIAGE_REGENERATE=1`",
      "to refresh); do not edit by hand. \(rules.count) rules,"
        + " \(Set(rules.compactMap(\.kb)).count) KB articles.",
      "",
      "Ceiling: the highest confidence the rule can report (a stop code alone is never `high`).",
      "Fixed versions: `yes` when the rule knows fixed file versions to check the patch against.",
      "",
      "| KB | Rule | Area | Title | Stops | Modules | OS | Fixed versions | Ceiling | Status |",
      "|---|---|---|---|---|---|---|---|---|---|",
    ]
    let sorted = rules.sorted { ($0.area ?? "", $0.id) < ($1.area ?? "", $1.id) }
    for rule in sorted {
      var stops: [String] = []
      var modules: [String] = []
      var os: [String] = []
      for selection in rule.selections {
        for clause in selection.alternatives {
          for code in clause.bugChecks + clause.exceptions
          where !stops.contains(RuleMatcher.hex(code)) {
            stops.append(RuleMatcher.hex(code))
          }
          var names = clause.module?.names.map(\.text) ?? []
          names += clause.blamed.map(\.text)
          names += clause.frames?.patterns.map { $0.module.text } ?? []
          for name in names
          where !modules.contains(where: { ModuleFact.stem($0) == ModuleFact.stem(name) }) {
            modules.append(name.lowercased())
          }
          for requirement in clause.os {
            var text = requirement.releases.map(\.displayName).joined(separator: "/")
            if let sp = requirement.servicePack { text += " " + servicePackText(sp) }
            if !requirement.architectures.isEmpty {
              text += " " + requirement.architectures.joined(separator: "/")
            }
            if text.isEmpty, let major = requirement.major { text = "major \(major)" }
            if !os.contains(text) { os.append(text) }
          }
        }
      }
      let fixed: String
      if let fix = rule.fix, fix.files.contains(where: { $0.version != nil }) {
        fixed = "yes"
      } else if rule.fix?.hotfix != nil {
        fixed = "unknown"
      } else {
        fixed = "no hotfix"
      }
      let cells = [
        rule.kb ?? "", "`\(rule.id)`", rule.area ?? "", rule.title, stops.joined(separator: " "),
        modules.joined(separator: " "), os.joined(separator: "; "), fixed,
        ceiling(of: rule).rawValue, rule.status.rawValue,
      ].map { $0.replacingOccurrences(of: "|", with: "\\|") }
      lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func servicePackText(_ predicate: IntPredicate) -> String {
    predicate.alternatives.map { range -> String in
      let bounds = range.bounds
      if bounds.count == 1, bounds[0].op == .equal {
        return bounds[0].value == 0 ? "RTM" : "SP\(bounds[0].value)"
      }
      if bounds.count == 2, bounds[0].op == .greaterOrEqual, bounds[1].op == .lessOrEqual {
        return "SP\(bounds[0].value)-\(bounds[1].value)"
      }
      return "SP " + range.description
    }.joined(separator: "/")
  }
}
