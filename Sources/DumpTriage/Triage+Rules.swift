import Foundation
import TriageFacts
import TriageRules

extension Triage {
  /// Adds the KB verdicts of `options.rules` (the built-in rules when `nil`) to an analysis.
  ///
  /// The built-in rules are parsed on first use, not at start-up. A defect in them (which the
  /// rule corpus tests prevent) becomes a note instead of failing the triage.
  public static func matchRules(_ analysis: DumpAnalysis, options: TriageOptions) -> DumpAnalysis {
    var result = analysis
    let rules: RuleSet
    if let chosen = options.rules {
      rules = chosen
    } else {
      do {
        rules = try RuleSet.builtIn()
      } catch {
        result.notes.append(
          AnalysisNote(
            code: "rules.builtin", message: "built-in rules unusable: \(error)", offset: nil))
        return result
      }
    }
    result.kbVerdicts = RuleMatcher.verdicts(for: analysis.facts, rules: rules.rules)
    return result
  }
}

extension TextReport {
  /// The "KB articles" lines of the text report.
  static func kbLines(_ verdicts: [RuleVerdict]) -> [String] {
    guard !verdicts.isEmpty else { return ["KB articles:       none matched"] }
    var lines = ["KB articles:"]
    for verdict in verdicts {
      let name = verdict.kb ?? verdict.ruleID
      lines.append("  \(name) (\(verdict.confidence.rawValue) confidence): \(verdict.title)")
      guard verdict.confidence > .low else { continue }
      for item in verdict.evidence { lines.append("    evidence: \(item.detail)") }
      for item in verdict.missing {
        lines.append("    missing: \(item.detail)" + (item.hint.map { "; hint: \($0)" } ?? ""))
      }
      lines.append("    patch: \(verdict.patch.summary)")
      if let fix = verdict.fix {
        if let hotfix = fix.hotfix { lines.append("    hotfix: \(hotfix)") }
        for workaround in fix.workarounds { lines.append("    workaround: \(workaround)") }
      }
      if let url = verdict.url { lines.append("    \(url)") }
    }
    let low = verdicts.filter { $0.confidence == .low }.count
    if low > 0 {
      lines.append(
        "  (\(low) low-confidence match\(low == 1 ? "" : "es"): stop code and OS only; see `dumptriage rules explain RULE DUMP`)"
      )
    }
    return lines
  }
}
