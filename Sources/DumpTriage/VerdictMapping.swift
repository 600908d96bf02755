import TriageFacts
import TriageReporting
import TriageRules

/// Runs the rules over facts and maps their verdicts into report verdicts, with a trace of every
/// rule for `--explain`.
public enum VerdictMapping {
  /// Verdicts (best first) and, when `trace` is set, one line per rule and selection.
  public static func evaluate(
    _ facts: CrashFacts, rules: [Rule], trace wantTrace: Bool = true
  ) -> (verdicts: [ReportVerdict], trace: [String]) {
    guard wantTrace else {
      return (RuleMatcher.verdicts(for: facts, rules: rules).map(report), [])
    }
    var verdicts: [RuleVerdict] = []
    var trace: [String] = []
    for rule in rules {
      let evaluation = RuleMatcher.evaluate(rule, facts: facts)
      if let verdict = evaluation.verdict {
        verdicts.append(verdict)
        trace.append(
          "\(rule.id): matched, confidence \(verdict.confidence.rawValue), "
            + "patch \(verdict.patch.state.rawValue)")
      } else {
        trace.append("\(rule.id): no match")
      }
      for selection in evaluation.selections {
        let mark = selection.matched ? "matched" : "not matched"
        let details =
          selection.details.isEmpty ? "" : ": " + selection.details.joined(separator: "; ")
        trace.append("  \(selection.name) (\(selection.role.rawValue)) \(mark)\(details)")
      }
    }
    verdicts.sort { a, b in
      if a.confidence != b.confidence { return a.confidence > b.confidence }
      if a.specificity != b.specificity { return a.specificity > b.specificity }
      return a.ruleID < b.ruleID
    }
    return (verdicts.map(report), trace)
  }

  /// One rule verdict as the report shows it.
  public static func report(_ verdict: RuleVerdict) -> ReportVerdict {
    let confidence: ReportVerdict.Confidence =
      switch verdict.confidence {
      case .high: .high
      case .medium: .medium
      case .low: .low
      }
    let installed: Bool? =
      switch verdict.patch.state {
      case .installed: true
      case .notInstalled: false
      default: nil
      }
    return ReportVerdict(
      ruleID: verdict.ruleID, kb: verdict.kb, title: verdict.title, url: verdict.url,
      confidence: confidence, evidence: verdict.evidence.map(\.description),
      missingEvidence: verdict.missing.map(\.description), patchInstalled: installed,
      patchStatus: verdict.patch.summary, hotfix: verdict.fix?.hotfix ?? verdict.fix?.resolution,
      workarounds: verdict.fix?.workarounds ?? [])
  }
}
