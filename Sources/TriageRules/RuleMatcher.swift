import TriageFacts

/// How one selection fared against the facts (for verdicts and `rules explain`).
public struct SelectionOutcome: Hashable, Sendable {
  /// Selection name.
  public var name: String
  /// How the condition uses it.
  public var role: Role
  /// Whether it matched.
  public var matched: Bool
  /// Evidence kinds it provides.
  public var kinds: Set<EvidenceKind>
  /// Whether its facts are inferred.
  public var inferred: Bool
  /// What matched (when matched) or why not, one line each.
  public var details: [String]
  /// How to confirm when it did not match, when there is a way.
  public var hint: String?

  /// How a selection takes part in the condition.
  public enum Role: String, Hashable, Sendable {
    /// Referenced without negation.
    case required
    /// Referenced under `not`: an exclusion.
    case excluded
    /// Not referenced: raises confidence when it matches.
    case optional
  }
}

/// The full evaluation of one rule: every selection, the condition, and the verdict if any.
public struct RuleEvaluation: Hashable, Sendable {
  /// The rule.
  public var rule: Rule
  /// Every selection's outcome, in file order.
  public var selections: [SelectionOutcome]
  /// Whether the condition holds.
  public var conditionHolds: Bool
  /// The verdict, when the condition holds.
  public var verdict: RuleVerdict?
}

/// Matches rules against crash facts.
public enum RuleMatcher {
  /// Verdicts of every matching rule, most confident and most specific first.
  public static func verdicts(for facts: CrashFacts, rules: [Rule]) -> [RuleVerdict] {
    // Most rules fail on their stop code: decide the condition first, short-circuiting, and
    // build evidence, hints and patch status only for the rules that hold.
    // By index, and with closures that capture no rule: copying a rule (or the facts) into a
    // closure context per rule and selection was a fifth of a batch's time.
    var verdicts: [RuleVerdict] = []
    for index in rules.indices where conditionHolds(rules[index], facts: facts) {
      if let verdict = evaluate(rules[index], facts: facts).verdict { verdicts.append(verdict) }
    }
    return sorted(verdicts)
  }

  /// The verdicts of the indexed rules, skipping those whose stop codes rule them out; the
  /// same as ``verdicts(for:rules:)`` of the same rules.
  public static func verdicts(for facts: CrashFacts, index: RuleIndex) -> [RuleVerdict] {
    let rules = index.rules
    var verdicts: [RuleVerdict] = []
    for position in rules.indices
    where index.admits(position, facts: facts) && conditionHolds(rules[position], facts: facts) {
      if let verdict = evaluate(rules[position], facts: facts).verdict {
        verdicts.append(verdict)
      }
    }
    return sorted(verdicts)
  }

  /// Verdicts in report order: confidence, then specificity, then rule id.
  static func sorted(_ verdicts: [RuleVerdict]) -> [RuleVerdict] {
    verdicts.sorted { a, b in
      if a.confidence != b.confidence { return a.confidence > b.confidence }
      if a.specificity != b.specificity { return a.specificity > b.specificity }
      return a.ruleID < b.ruleID
    }
  }

  /// Whether the rule's condition holds, evaluating only the selections the condition needs.
  ///
  /// Gives the same answer as ``evaluate(_:facts:)``'s `conditionHolds`, which evaluates every
  /// selection to explain the result.
  static func conditionHolds(_ rule: Rule, facts: CrashFacts) -> Bool {
    let selections = rule.selections
    var names: [String] = []
    names.reserveCapacity(selections.count)
    for index in selections.indices { names.append(selections[index].name) }
    var known: [String: Bool] = [:]
    return rule.condition.evaluate(names: names) { name in
      if let matched = known[name] { return matched }
      var matched = false
      for index in selections.indices where selections[index].name == name {
        // Most selections fail on the stop code: decide that without building the
        // explanation strings of a full evaluation.
        let excluded = selections[index].alternatives.allSatisfy {
          stopCodeExcludes($0, facts: facts)
        }
        matched = !excluded && evaluate(selections[index], role: .required, facts: facts).matched
        break
      }
      known[name] = matched
      return matched
    }
  }

  /// Evaluates one rule completely.
  public static func evaluate(_ rule: Rule, facts: CrashFacts) -> RuleEvaluation {
    let names = rule.selections.map(\.name)
    let references = rule.condition.references(names: names)
    var outcomes: [SelectionOutcome] = []
    for selection in rule.selections {
      let refs = references.filter { $0.name == selection.name }
      let role: SelectionOutcome.Role =
        refs.isEmpty ? .optional : (refs.allSatisfy(\.negated) ? .excluded : .required)
      outcomes.append(evaluate(selection, role: role, facts: facts))
    }
    let holds = rule.condition.evaluate(names: names) { name in
      outcomes.first { $0.name == name }?.matched ?? false
    }
    guard holds else {
      return RuleEvaluation(rule: rule, selections: outcomes, conditionHolds: false, verdict: nil)
    }
    let positive = outcomes.filter { $0.matched && $0.role != .excluded }
    let confidence = self.confidence(rule: rule, positive: positive, all: outcomes)
    var evidence: [Evidence] = []
    for outcome in positive {
      for detail in outcome.details {
        evidence.append(
          Evidence(
            selection: outcome.name, kinds: outcome.kinds.sorted { $0.rawValue < $1.rawValue },
            detail: outcome.inferred ? detail + " (inferred)" : detail))
      }
    }
    let missing = outcomes.filter { !$0.matched && $0.role == .optional }.map { outcome in
      MissingEvidence(
        selection: outcome.name, detail: outcome.details.joined(separator: "; "), hint: outcome.hint
      )
    }
    let verdict = RuleVerdict(
      ruleID: rule.id, title: rule.title, kb: rule.kb, url: rule.url, status: rule.status,
      confidence: confidence, specificity: specificity(positive), evidence: evidence,
      missing: missing, patch: PatchCheck.status(of: rule.fix, facts: facts), fix: rule.fix,
      references: rule.references, falsepositives: rule.falsepositives, source: rule.source)
    return RuleEvaluation(rule: rule, selections: outcomes, conditionHolds: true, verdict: verdict)
  }

  /// Confidence from the kinds of evidence that matched.
  ///
  /// `high`: stop code + identifying evidence (a frame, the blamed module, a module in a version
  /// range, the CPU model; not inferred) + OS in scope. `medium`: stop code + supporting evidence
  /// (a loaded module, parameter values, inferred identifying evidence), or identifying evidence
  /// without the stop code or the scope. `low`: anything else (a stop code alone).
  static func confidence(rule: Rule, positive: [SelectionOutcome], all: [SelectionOutcome])
    -> Confidence
  {
    let identifyingKinds: Set<EvidenceKind> = [.frame, .blame, .moduleVersion, .cpu]
    let supportingKinds: Set<EvidenceKind> = [.parameters, .module, .context]
    let stop = positive.contains { $0.kinds.contains(.stop) }
    let identifying = positive.contains {
      !$0.inferred && !$0.kinds.isDisjoint(with: identifyingKinds)
    }
    let supporting = positive.contains {
      !$0.kinds.isDisjoint(with: supportingKinds)
        || ($0.inferred && !$0.kinds.isDisjoint(with: identifyingKinds))
    }
    let hasScope = rule.selections.contains { $0.kinds.contains(.os) }
    let inScope = !hasScope || positive.contains { $0.kinds.contains(.os) && !$0.inferred }
    var result: Confidence
    if stop && identifying && inScope {
      result = .high
    } else if (stop && supporting) || identifying {
      result = .medium
    } else {
      result = .low
    }
    if let ceiling = rule.maximumConfidence, ceiling < result { result = ceiling }
    return result
  }

  static func specificity(_ positive: [SelectionOutcome]) -> Int {
    positive.reduce(0) { total, outcome in
      total
        + outcome.kinds.reduce(0) { sum, kind in
          switch kind {
          case .frame, .blame, .moduleVersion, .cpu: sum + (outcome.inferred ? 2 : 4)
          case .parameters, .module: sum + 2
          case .stop, .os, .context: sum + 1
          }
        }
    }
  }

  // MARK: Selections

  static func evaluate(_ selection: Selection, role: SelectionOutcome.Role, facts: CrashFacts)
    -> SelectionOutcome
  {
    var failures: [String] = []
    var hint: String? = nil
    for clause in selection.alternatives {
      let result = evaluate(clause, facts: facts)
      if result.matched {
        return SelectionOutcome(
          name: selection.name, role: role, matched: true, kinds: selection.kinds,
          inferred: selection.inferred, details: result.details, hint: nil)
      }
      failures.append(contentsOf: result.details)
      if hint == nil { hint = result.hint }
    }
    return SelectionOutcome(
      name: selection.name, role: role, matched: false, kinds: selection.kinds,
      inferred: selection.inferred, details: failures, hint: hint)
  }

  /// Whether the clause's bug check or exception codes rule it out for these facts: the first
  /// checks of a clause's full evaluation, without the explanation.
  static func stopCodeExcludes(_ clause: Clause, facts: CrashFacts) -> Bool {
    if !clause.bugChecks.isEmpty {
      guard let bugCheck = facts.bugCheck, clause.bugChecks.contains(bugCheck.baseCode) else {
        return true
      }
    }
    if !clause.exceptions.isEmpty {
      guard let exception = facts.exception, clause.exceptions.contains(exception.code) else {
        return true
      }
    }
    return false
  }

  struct ClauseResult {
    var matched: Bool
    var details: [String]
    var hint: String?
  }

  static func evaluate(_ clause: Clause, facts: CrashFacts) -> ClauseResult {
    var details: [String] = []
    func fail(_ why: String, hint: String? = nil) -> ClauseResult {
      ClauseResult(matched: false, details: [why], hint: hint)
    }
    if !clause.bugChecks.isEmpty {
      guard let bugCheck = facts.bugCheck else { return fail("no bug check in the dump") }
      let list = clause.bugChecks.map(hex).joined(separator: ", ")
      guard clause.bugChecks.contains(bugCheck.baseCode) else {
        return fail("bug check \(hex(bugCheck.baseCode)) is not one of \(list)")
      }
      details.append(
        clause.bugChecks.count == 1
          ? "bug check \(hex(bugCheck.baseCode))"
          : "bug check \(hex(bugCheck.baseCode)) (one of \(list))")
    }
    if !clause.exceptions.isEmpty {
      guard let exception = facts.exception else { return fail("no exception in the dump") }
      guard clause.exceptions.contains(exception.code) else {
        return fail(
          "exception \(hex(exception.code)) is not one of \(clause.exceptions.map(hex).joined(separator: ", "))"
        )
      }
      details.append("exception \(hex(exception.code))")
    }
    for predicate in clause.parameters {
      let values = facts.bugCheck?.parameters ?? facts.exception?.parameters ?? []
      let result = evaluate(predicate, values: values, facts: facts)
      guard result.matched else { return result }
      details.append(contentsOf: result.details)
    }
    if let os = clause.os.isEmpty ? nil : clause.os {
      guard let osFacts = facts.os else {
        return fail("OS not in the dump", hint: "the dump does not record the OS version")
      }
      var matchedDetail: String? = nil
      var why: [String] = []
      for requirement in os {
        let result = evaluate(requirement, osFacts)
        if result.matched {
          matchedDetail = result.details.first
          break
        }
        why.append(contentsOf: result.details)
      }
      guard let matchedDetail else {
        return fail("OS \(describe(osFacts)) is out of scope (\(why.joined(separator: "; ")))")
      }
      details.append(matchedDetail)
    }
    if let cpu = clause.cpu {
      let result = evaluate(cpu, facts.cpu)
      guard result.matched else { return result }
      details.append(contentsOf: result.details)
    }
    if let module = clause.module {
      let result = evaluate(module, facts: facts)
      guard result.matched else { return result }
      details.append(contentsOf: result.details)
    }
    if !clause.blamed.isEmpty {
      guard let blame = facts.blame else { return fail("no blamed module") }
      guard clause.blamed.contains(where: { moduleMatches($0, blame.module) }) else {
        return fail(
          "blamed module \(blame.module) is not \(clause.blamed.map(\.text).joined(separator: " or "))"
        )
      }
      details.append("blamed module \(blame.module) (\(blame.reason))")
    }
    if let frames = clause.frames {
      let result = evaluate(frames, facts: facts)
      guard result.matched else { return result }
      details.append(contentsOf: result.details)
    }
    if !clause.process.isEmpty {
      guard let name = facts.processName else { return fail("process name not in the dump") }
      guard clause.process.contains(where: { $0.matches(name) }) else {
        return fail("process \(name) does not match")
      }
      details.append("process \(name)")
    }
    if let irql = clause.irql {
      guard let value = facts.irql else { return fail("IRQL not in the dump") }
      guard irql.admits(UInt64(value)) else { return fail("IRQL \(value) is not \(irql)") }
      details.append("IRQL \(value)")
    }
    if !clause.dumpKinds.isEmpty {
      guard clause.dumpKinds.contains(facts.dumpKind) else {
        return fail("dump kind \(facts.dumpKind.rawValue) does not match")
      }
      details.append("dump kind \(facts.dumpKind.rawValue)")
    }
    return ClauseResult(matched: true, details: details, hint: nil)
  }

  static func evaluate(_ predicate: ParameterPredicate, values: [UInt64], facts: CrashFacts)
    -> ClauseResult
  {
    let name = "P\(predicate.index)"
    guard predicate.index >= 1, predicate.index <= values.count else {
      return ClauseResult(matched: false, details: ["\(name) not in the dump"], hint: nil)
    }
    let value = values[predicate.index - 1]
    let ok: Bool
    var detail = "\(name) = \(hex64(value))"
    switch predicate.test {
    case .anyOf(let allowed):
      ok = allowed.contains(value)
      if !ok { detail += " is not \(allowed.map(hex64).joined(separator: " or "))" }
    case .mask(let mask, let expected):
      ok = value & mask == expected
      detail +=
        ok ? " (& \(hex64(mask)) == \(hex64(expected)))" : " & \(hex64(mask)) != \(hex64(expected))"
    case .range(let range):
      ok = range.admits(value)
      if !ok { detail += " is outside \(range)" }
    case .inModule(let pattern):
      if let module = facts.module(containing: value) {
        ok = moduleMatches(pattern, module.name)
        detail +=
          ok
          ? " (in \(module.name)+\(hex64(value &- module.base)))"
          : " is in \(module.name), not \(pattern.text)"
      } else {
        ok = false
        detail += " is in no loaded module"
      }
    case .sameAs(let other):
      if other >= 1, other <= values.count {
        ok = values[other - 1] == value
        detail +=
          ok ? " (same as P\(other))" : " differs from P\(other) = \(hex64(values[other - 1]))"
      } else {
        ok = false
        detail += "; P\(other) not in the dump"
      }
    }
    return ClauseResult(matched: ok, details: [detail], hint: nil)
  }

  static func evaluate(_ requirement: OSRequirement, _ os: OSFacts) -> ClauseResult {
    var unknown: [String] = []
    func no(_ why: String) -> ClauseResult {
      ClauseResult(matched: false, details: [why], hint: nil)
    }
    if !requirement.releases.isEmpty {
      var matched = false
      for release in requirement.releases {
        let result = release.admits(os)
        if result.matches {
          matched = true
          unknown.append(contentsOf: result.unknown)
          break
        }
      }
      if !matched {
        return no("not \(requirement.releases.map(\.displayName).joined(separator: " or "))")
      }
    }
    func check(_ predicate: IntPredicate?, _ value: UInt32?, _ label: String) -> String? {
      guard let predicate else { return nil }
      guard let value else {
        unknown.append(label)
        return nil
      }
      return predicate.admits(UInt64(value)) ? nil : "\(label) \(value) is not \(predicate)"
    }
    if let why = check(requirement.major, os.majorVersion, "major version") { return no(why) }
    if let why = check(requirement.minor, os.minorVersion, "minor version") { return no(why) }
    if let why = check(requirement.build, os.build, "build") { return no(why) }
    if let why = check(requirement.servicePack, os.servicePack, "service pack") { return no(why) }
    if let type = requirement.productType {
      if let actual = os.productType {
        if (type == "server") != actual.isServer {
          return no("product type \(actual.rawValue) is not \(type)")
        }
      } else {
        unknown.append("product type")
      }
    }
    if !requirement.architectures.isEmpty {
      if let arch = os.architecture?.lowercased() {
        if !requirement.architectures.contains(arch) {
          return no(
            "architecture \(arch) is not \(requirement.architectures.joined(separator: "/"))")
        }
      } else {
        unknown.append("architecture")
      }
    }
    var detail = "OS \(describe(os)) in scope"
    if !unknown.isEmpty { detail += " (\(unknown.joined(separator: ", ")) unknown)" }
    return ClauseResult(matched: true, details: [detail], hint: nil)
  }

  static func evaluate(_ requirement: CPURequirement, _ cpu: CPUFacts?) -> ClauseResult {
    func no(_ why: String) -> ClauseResult {
      ClauseResult(matched: false, details: [why], hint: nil)
    }
    guard let cpu else { return no("CPU identification not in the dump") }
    if !requirement.vendors.isEmpty {
      guard let vendor = cpu.vendor else { return no("CPU vendor not in the dump") }
      guard requirement.vendors.contains(where: { $0.lowercased() == vendor.lowercased() }) else {
        return no("CPU vendor \(vendor) is not \(requirement.vendors.joined(separator: " or "))")
      }
    }
    for (predicate, value, label) in [
      (requirement.family, cpu.family, "family"), (requirement.model, cpu.model, "model"),
      (requirement.stepping, cpu.stepping, "stepping"),
    ] {
      guard let predicate else { continue }
      guard let value else { return no("CPU \(label) not in the dump") }
      if !predicate.admits(UInt64(value)) { return no("CPU \(label) \(value) is not \(predicate)") }
    }
    var parts: [String] = []
    if let vendor = cpu.vendor { parts.append(vendor) }
    if let family = cpu.family { parts.append("family \(family)") }
    if let model = cpu.model { parts.append("model \(model)") }
    if let stepping = cpu.stepping { parts.append("stepping \(stepping)") }
    return ClauseResult(matched: true, details: ["CPU \(parts.joined(separator: " "))"], hint: nil)
  }

  static func evaluate(_ requirement: ModuleRequirement, facts: CrashFacts) -> ClauseResult {
    let loaded = facts.modules.filter { module in
      requirement.names.contains { moduleMatches($0, module.name) }
    }
    let names = requirement.names.map(\.text).joined(separator: " or ")
    guard !loaded.isEmpty else {
      return ClauseResult(matched: false, details: ["\(names) not loaded"], hint: nil)
    }
    guard let range = requirement.version else {
      let module = loaded[0]
      let version = module.version.map { " \($0)" } ?? ""
      return ClauseResult(
        matched: true,
        details: ["module \(ModuleFact.normalizedName(module.name))\(version) loaded"], hint: nil)
    }
    var why: [String] = []
    var hint: String? = nil
    for module in loaded {
      guard let version = module.version else {
        why.append("\(module.name) loaded but its version is not in the dump")
        hint = "put \(module.name) in the symbol store so its version can be read"
        continue
      }
      if range.contains(version) {
        return ClauseResult(
          matched: true,
          details: [
            "module \(ModuleFact.normalizedName(module.name)) \(version) loaded (\(range))"
          ],
          hint: nil)
      }
      why.append("\(module.name) \(version) is not \(range)")
    }
    return ClauseResult(matched: false, details: why, hint: hint)
  }

  static func evaluate(_ requirement: FrameRequirement, facts: CrashFacts) -> ClauseResult {
    let patterns = requirement.patterns.map(\.description).joined(separator: " or ")
    var candidates: [FrameFact]
    switch requirement.position {
    case .anywhere: candidates = facts.frames
    case .top(let n): candidates = Array(facts.frames.prefix(n))
    case .blamed:
      guard let blame = facts.blame else {
        return ClauseResult(matched: false, details: ["no blamed frame"], hint: nil)
      }
      if let index = blame.frameIndex, let frame = facts.frames.first(where: { $0.index == index })
      {
        candidates = [frame]
      } else {
        candidates = [
          FrameFact(index: -1, module: blame.module, function: blame.function, trust: .context)
        ]
      }
    }
    var weak: [FrameFact] = []
    for frame in candidates where requirement.patterns.contains(where: { $0.matches(frame) }) {
      if frame.trust >= requirement.minimumTrust {
        let number = frame.index >= 0 ? "frame #\(frame.index)" : "blamed"
        let place = requirement.position == .blamed ? "blamed \(number)" : number
        return ClauseResult(
          matched: true, details: ["\(place) \(frame.displayName) (trust \(frame.trust.rawValue))"],
          hint: nil)
      }
      weak.append(frame)
    }
    let whereText: String
    switch requirement.position {
    case .anywhere: whereText = "on the stack"
    case .top(let n): whereText = "in the top \(n) frames"
    case .blamed: whereText = "as the blamed frame"
    }
    if let frame = weak.first {
      return ClauseResult(
        matched: false,
        details: [
          "\(frame.displayName) found only with trust \(frame.trust.rawValue) (needs \(requirement.minimumTrust.rawValue) or better)"
        ],
        hint: "a better stack (symbols or unwind data for the modules above it) would confirm")
    }
    // Say why, so the user knows what would confirm it.
    for pattern in requirement.patterns {
      let framesInModule = candidates.filter { $0.module.map(pattern.matchesModule) ?? false }
      if pattern.function != nil, !framesInModule.isEmpty,
        framesInModule.allSatisfy({ $0.function == nil })
      {
        let module = framesInModule[0].module ?? pattern.module.text
        return ClauseResult(
          matched: false,
          details: [
            "\(module) is on the stack but without function names, so \(pattern) cannot be checked"
          ],
          hint: "no symbols for \(module): add its PDB to confirm")
      }
    }
    let loaded = facts.modules.first { module in
      requirement.patterns.contains { $0.matchesModule(module.name) }
    }
    if let loaded,
      !facts.frames.contains(where: {
        $0.module.map(ModuleFact.stem) == ModuleFact.stem(loaded.name)
      })
    {
      return ClauseResult(
        matched: false,
        details: [
          "no frame \(patterns) \(whereText) (\(ModuleFact.normalizedName(loaded.name)) is loaded)"
        ],
        hint: facts.frames.isEmpty
          ? "the dump has no stack: a dump with the crashing thread would confirm" : nil)
    }
    return ClauseResult(matched: false, details: ["no frame \(patterns) \(whereText)"], hint: nil)
  }

  // MARK: Helpers

  /// Whether a module file name matches a pattern written as a file name or a stem
  /// (`netbt`, `netbt.sys`, `nt` for the kernel).
  public static func moduleMatches(_ pattern: GlobPattern, _ name: String) -> Bool {
    let file = ModuleFact.normalizedName(name)
    let stem = ModuleFact.stem(name)
    if pattern.matches(file) || pattern.matches(stem) { return true }
    let kernels = ["ntoskrnl", "ntkrnlmp", "ntkrnlpa", "ntkrpamp"]
    if pattern.text.lowercased() == "nt" { return kernels.contains(stem) }
    return false
  }

  static func hex(_ value: UInt32) -> String {
    "0x" + String(value, radix: 16, uppercase: true).leftPadded(to: 2)
  }

  static func hex64(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

  static func describe(_ os: OSFacts) -> String {
    var text = WindowsRelease.identify(os)?.displayName ?? ""
    if text.isEmpty {
      text = "\(os.majorVersion.map(String.init) ?? "?").\(os.minorVersion.map(String.init) ?? "?")"
    }
    if let build = os.build { text += " build \(build)" }
    if let sp = os.servicePack, sp > 0 { text += " SP\(sp)" }
    if let arch = os.architecture { text += " \(arch)" }
    return text
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
