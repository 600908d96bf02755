import TriageFacts

/// The outcome of blame: a driver, a person, hardware, or nobody, with every decision made.
public struct BlameAnalysis: Hashable, Sendable {
  /// What kind of answer blame reached.
  public enum Kind: String, Hashable, Sendable, Codable {
    /// A module (driver or DLL) is the probable cause.
    case module
    /// Someone crashed the machine on purpose (keyboard, debugger, power button).
    case manual
    /// The bug check points at hardware.
    case hardware
    /// Nothing on the stack or in the parameters could be blamed.
    case undetermined
  }

  /// The kind of answer.
  public var kind: Kind
  /// The blamed module, for ``Kind/module``.
  public var fact: BlameFact?
  /// One sentence for people: why this module, or why no module.
  public var reason: String
  /// Every decision taken, in order, for `--explain`.
  public var decisions: [String]
  /// The follow-up owner from the ownership lists, when one matched the blamed frame.
  public var owner: String?
  /// Whether the blamed module ships with Windows.
  public var isMicrosoft: Bool?
  /// Trust of the blamed frame, when blame came from a frame.
  public var trust: FrameTrust?
  /// Where the evidence came from: `exception`, `bug_check_parameter`, `context`, `frame`.
  public var evidence: String?

  /// Creates an analysis.
  public init(
    kind: Kind, fact: BlameFact? = nil, reason: String, decisions: [String] = [],
    owner: String? = nil, isMicrosoft: Bool? = nil, trust: FrameTrust? = nil,
    evidence: String? = nil
  ) {
    self.kind = kind
    self.fact = fact
    self.reason = reason
    self.decisions = decisions
    self.owner = owner
    self.isMicrosoft = isMicrosoft
    self.trust = trust
    self.evidence = evidence
  }
}

/// Finds the probable culprit of a crash from its facts and the ownership lists.
///
/// The order of evidence: the faulting instruction (the exception address, or the bug check
/// parameter that holds a code address, or the user-mode context), then the frames from the top,
/// skipping the frames the lists mark `ignore` and lowering `maybe_`/`last_` owners. When that
/// lands on a Microsoft module and a third-party module is on the stack with trust above `scan`,
/// the third-party module is blamed instead: inbox filter drivers are usually victims.
public struct BlameAnalyzer: Sendable {
  /// The lists consulted.
  public var lists: OwnershipLists

  /// Creates an analyzer over `lists` (the embedded lists by default).
  public init(lists: OwnershipLists = .standard) {
    self.lists = lists
  }

  /// One place blame could land.
  struct Candidate {
    var module: String
    var function: String?
    var address: UInt64?
    var moduleOffset: UInt64?
    var frameIndex: Int?
    var trust: FrameTrust?
    var evidence: String
    var owner: String?
    var priority: Int
    var isMicrosoft: Bool
    var unloaded: Bool = false

    var display: String {
      var text = module
      if let function { text = "\(ModuleFact.stem(module))!\(function)" }
      if function == nil, let moduleOffset { text += "+0x" + String(moduleOffset, radix: 16) }
      return text
    }

    var whereFound: String {
      var parts: [String] = []
      if let frameIndex { parts.append("frame \(frameIndex)") }
      if let trust { parts.append(trust.rawValue) }
      return parts.isEmpty ? evidence : parts.joined(separator: ", ")
    }
  }

  /// Analyses `facts` and returns the blame with its decision trail.
  public func analyze(_ facts: CrashFacts) -> BlameAnalysis {
    var decisions: [String] = []
    if let bugCheck = facts.bugCheck {
      let code = BugCheckReference.hex(bugCheck.code)
      let name = BugCheckReference.name(for: bugCheck.code) ?? "unknown bug check"
      if let who = BugCheckReference.manualInitiator(for: bugCheck.code) {
        decisions.append("bug check \(code) \(name): \(who); no driver is blamed")
        return BlameAnalysis(
          kind: .manual, reason: "The crash was \(who).", decisions: decisions,
          evidence: "bug_check_code")
      }
      if let cause = BugCheckReference.hardwareCause(for: bugCheck) {
        decisions.append("bug check \(code) \(name): \(cause)")
        return BlameAnalysis(
          kind: .hardware, reason: "Hardware, not a driver: \(cause).", decisions: decisions,
          evidence: "bug_check_parameter")
      }
    }

    var candidates: [Candidate] = []
    if let faulting = faultingInstruction(facts, &decisions) { candidates.append(faulting) }
    candidates += frameCandidates(facts, &decisions)

    guard let best = candidates.min(by: { $0.priority < $1.priority }) else {
      decisions.append("no frame or parameter points into a module")
      return BlameAnalysis(
        kind: .undetermined,
        reason: "No module could be blamed: no usable frame or code address in the dump.",
        decisions: decisions)
    }
    if best.priority > 0 {
      decisions.append(
        "every candidate has a lowered owner; taking \(best.display) (\(best.owner ?? ""))")
    }
    var chosen = best
    if best.isMicrosoft {
      let thirdParty = candidates.first {
        !$0.isMicrosoft && $0.priority == 0 && $0.frameIndex != nil && ($0.trust ?? .none) > .scan
      }
      if let thirdParty {
        decisions.append(
          "\(ModuleFact.normalizedName(best.module)) is a Microsoft module; chose "
            + "\(thirdParty.display) (\(thirdParty.whereFound)), a third-party module on the stack")
        chosen = thirdParty
      } else {
        let scanned = candidates.first { !$0.isMicrosoft && $0.frameIndex != nil }
        if let scanned {
          decisions.append(
            "\(ModuleFact.normalizedName(best.module)) is a Microsoft module; third-party "
              + "\(scanned.display) (\(scanned.whereFound)) was found by stack scan only, so "
              + "it is not preferred")
        } else {
          decisions.append(
            "\(ModuleFact.normalizedName(best.module)) is a Microsoft module and no third-party "
              + "module is on the stack; keeping it")
        }
      }
    }
    let reason = sentence(for: chosen, facts: facts)
    decisions.append("blamed \(chosen.display): \(reason)")
    let fact = BlameFact(
      module: ModuleFact.normalizedName(chosen.module), function: chosen.function,
      frameIndex: chosen.frameIndex, address: chosen.address, moduleOffset: chosen.moduleOffset,
      reason: reason, decisions: decisions)
    return BlameAnalysis(
      kind: .module, fact: fact, reason: reason, decisions: decisions, owner: chosen.owner,
      isMicrosoft: chosen.isMicrosoft, trust: chosen.trust, evidence: chosen.evidence)
  }

  private func sentence(for candidate: Candidate, facts: CrashFacts) -> String {
    let module = ModuleFact.normalizedName(candidate.module)
    let offset = candidate.moduleOffset.map { "+0x" + String($0, radix: 16) } ?? ""
    let unloaded = candidate.unloaded ? " (unloaded before the crash)" : ""
    switch candidate.evidence {
    case "frame":
      return "first frame not on the ignore lists: frame \(candidate.frameIndex ?? 0) "
        + "\(candidate.display) (\(candidate.trust?.rawValue ?? "unknown trust"))"
    case "context":
      return "the faulting instruction (context of the crashing thread) lies in "
        + "\(module)\(offset)\(unloaded)"
    default:
      let address = candidate.address.map { "0x" + String($0, radix: 16) } ?? ""
      return "\(candidate.evidence) \(address) lies in \(module)\(offset)\(unloaded)"
    }
  }

  private func isMicrosoft(_ module: String, facts: CrashFacts) -> Bool {
    // Only consult the facts when some module carries its own answer (rare): looking a module
    // up by name normalises every module name.
    if facts.modules.contains(where: { $0.isMicrosoft != nil }),
      let known = facts.module(named: module)?.isMicrosoft
    {
      return known
    }
    return lists.isMicrosoft(module)
  }

  /// The module holding the faulting instruction, from the strongest evidence present.
  private func faultingInstruction(_ facts: CrashFacts, _ decisions: inout [String])
    -> Candidate?
  {
    var sources: [(address: UInt64, label: String, evidence: String)] = []
    if let bugCheck = facts.bugCheck,
      let (index, label) = BugCheckReference.faultingInstructionParameter(for: bugCheck.code)
    {
      if let value = bugCheck.parameter(index), value != 0 {
        sources.append((value, "P\(index) (\(label))", "bug_check_parameter"))
      } else {
        decisions.append("P\(index) (\(label)) is zero or absent: no faulting address")
      }
    }
    if let exception = facts.exception, let address = exception.address, address != 0 {
      sources.append((address, "exception address", "exception"))
    }
    if facts.dumpKind == .userMinidump, let top = facts.frames.first, top.trust == .context,
      let address = top.address
    {
      sources.append((address, "context instruction pointer", "context"))
    }
    for source in sources {
      let hex = "0x" + String(source.address, radix: 16)
      let frame = facts.frames.first { $0.address == source.address }
      if let module = facts.module(containing: source.address) {
        let function = frame?.function
        let offset = source.address &- module.base
        switch lists.disposition(module: module.name, function: function) {
        case .ignore(let entry):
          let shown = function.map { "\(lists.canonicalModule(module.name))!\($0)" } ?? module.name
          decisions.append("\(source.label) \(hex) is in \(shown): ignore-list (\(entry))")
          continue
        case .owned(let owner, let priority, _):
          decisions.append(
            "\(source.label) \(hex) lies in \(ModuleFact.normalizedName(module.name))"
              + "+0x\(String(offset, radix: 16)) (owner \(owner))")
          return Candidate(
            module: module.name, function: function, address: source.address,
            moduleOffset: offset, frameIndex: nil, trust: nil, evidence: source.label,
            owner: owner, priority: priority,
            isMicrosoft: isMicrosoft(module.name, facts: facts))
        case .unlisted:
          decisions.append(
            "\(source.label) \(hex) lies in \(ModuleFact.normalizedName(module.name))"
              + "+0x\(String(offset, radix: 16))")
          return Candidate(
            module: module.name, function: function, address: source.address,
            moduleOffset: offset, frameIndex: nil, trust: nil,
            evidence: source.evidence == "context" ? "context" : source.label, owner: nil,
            priority: 0, isMicrosoft: isMicrosoft(module.name, facts: facts))
        }
      }
      if let unloaded = facts.unloadedModules.first(where: {
        source.address >= $0.base && source.address &- $0.base < $0.size
      }) {
        let offset = source.address &- unloaded.base
        decisions.append(
          "\(source.label) \(hex) lies in \(unloaded.name)+0x\(String(offset, radix: 16)), "
            + "a driver unloaded before the crash")
        return Candidate(
          module: unloaded.name, function: nil, address: source.address, moduleOffset: offset,
          frameIndex: nil, trust: nil, evidence: source.label, owner: nil, priority: 0,
          isMicrosoft: lists.isMicrosoft(unloaded.name), unloaded: true)
      }
      decisions.append("\(source.label) \(hex) is not inside any loaded or unloaded module")
    }
    return nil
  }

  /// Frames from the top that are not ignored, each with its priority.
  private func frameCandidates(_ facts: CrashFacts, _ decisions: inout [String]) -> [Candidate] {
    var result: [Candidate] = []
    for frame in facts.frames {
      let moduleName =
        frame.module ?? frame.address.flatMap { facts.module(containing: $0)?.name }
      guard let moduleName else {
        let address = frame.address.map { "0x" + String($0, radix: 16) } ?? "?"
        decisions.append("skipped frame \(frame.index) \(address): not in any module")
        continue
      }
      let name =
        frame.function.map { "\(lists.canonicalModule(moduleName))!\($0)" }
        ?? frame.displayName
      if frame.trust == .none {
        decisions.append("skipped frame \(frame.index) \(name): no trust")
        continue
      }
      var owner: String?
      var priority = 0
      switch lists.disposition(module: moduleName, function: frame.function) {
      case .ignore(let entry):
        decisions.append("skipped frame \(frame.index) \(name): ignore-list (\(entry))")
        continue
      case .owned(let entryOwner, let entryPriority, let entry):
        owner = entryOwner
        priority = entryPriority
        if entryPriority > 0 {
          decisions.append(
            "frame \(frame.index) \(name) has lowered owner \(entryOwner) (\(entry))")
        }
      case .unlisted:
        // Without symbols a kernel or HAL frame cannot be told apart from the bug check and
        // trap machinery the ignore list names (frame 0 of every kernel stack is
        // nt!KeBugCheckEx), so it is taken only when nothing else is on the stack.
        let core = lists.canonicalModule(moduleName)
        if frame.function == nil, core == "nt" || core == "hal", facts.dumpKind != .userMinidump {
          priority = 2
          decisions.append(
            "frame \(frame.index) \(name) has no symbols and is in \(core): it may be bug check "
              + "machinery, so it is taken only when nothing else is left")
        }
      }
      let offset =
        frame.moduleOffset
        ?? frame.address.flatMap { address in
          facts.module(named: moduleName).map { address &- $0.base }
        }
      result.append(
        Candidate(
          module: moduleName, function: frame.function, address: frame.address,
          moduleOffset: offset, frameIndex: frame.index, trust: frame.trust, evidence: "frame",
          owner: owner, priority: priority, isMicrosoft: isMicrosoft(moduleName, facts: facts)))
    }
    return result
  }
}
