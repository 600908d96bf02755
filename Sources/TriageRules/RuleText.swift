import TriageFacts

/// Plain-text output for the `rules` subcommands (`list`, `explain`).
public enum RuleText {
  /// One line per rule: id, KB, ceiling, status, title.
  public static func list(_ rules: [Rule]) -> String {
    let idWidth = min(48, rules.map(\.id.count).max() ?? 2)
    var lines: [String] = []
    lines.append(
      pad("ID", idWidth) + "  " + pad("KB", 10) + "  " + pad("CEILING", 7) + "  "
        + pad("STATUS", 12) + "  TITLE")
    for rule in rules {
      lines.append(
        pad(rule.id, idWidth) + "  " + pad(rule.kb ?? "-", 10) + "  "
          + pad(RuleCoverage.ceiling(of: rule).rawValue, 7) + "  " + pad(rule.status.rawValue, 12)
          + "  "
          + rule.title)
    }
    lines.append("\(rules.count) rules (\(rules.filter(\.source.isBuiltIn).count) built in)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Every selection of one rule against one crash, matched or not, and why; then the verdict.
  public static func explain(_ evaluation: RuleEvaluation) -> String {
    let rule = evaluation.rule
    var lines: [String] = []
    lines.append("Rule \(rule.id)\(rule.kb.map { " (\($0))" } ?? ""): \(rule.title)")
    lines.append("File: \(rule.source.file)\(rule.source.isBuiltIn ? " (built in)" : "")")
    lines.append(
      "Condition: \(rule.conditionText) -> \(evaluation.conditionHolds ? "holds" : "does not hold")"
    )
    lines.append("")
    lines.append("Selections:")
    for outcome in evaluation.selections {
      let mark = outcome.matched ? "matched" : "no match"
      var head =
        "  \(outcome.name) [\(outcome.role.rawValue)\(outcome.inferred ? ", inferred" : "")]: \(mark)"
      head += " (" + outcome.kinds.map(\.rawValue).sorted().joined(separator: ", ") + ")"
      lines.append(head)
      for detail in outcome.details { lines.append("      \(detail)") }
      if let hint = outcome.hint { lines.append("      hint: \(hint)") }
    }
    lines.append("")
    if let verdict = evaluation.verdict {
      lines.append(
        "Verdict: \(verdict.kb ?? verdict.ruleID), \(verdict.confidence.rawValue) confidence (specificity \(verdict.specificity))"
      )
      lines.append("Patch: \(verdict.patch.summary)")
      if let fix = verdict.fix {
        if !fix.replaces.isEmpty {
          lines.append("Replaces: \(fix.replaces.joined(separator: ", "))")
        }
        for workaround in fix.workarounds { lines.append("Workaround: \(workaround)") }
      }
      for missing in verdict.missing { lines.append("Missing: \(missing)") }
    } else {
      lines.append("Verdict: no match")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
