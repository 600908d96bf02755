import TriageFacts

/// The first verdict without symbols: which driver probably caused the crash, and why.
///
/// Order of evidence (formats.md §5.4): a bug check parameter that holds the faulting code
/// address; the crash address (context instruction pointer); the first non-core driver found on
/// the raw stack; finally a core kernel module. Hardware and manual bug checks blame nobody.
/// Blame rules (TriageRules) replace this verdict when they know better.
enum FirstVerdict {
  static func blame(
    bugCheck: BugCheckDetails?, crashAddress: LocatedAddress?, frames: [FrameFact]
  ) -> (blame: BlameFact?, decisions: [String]) {
    var decisions: [String] = []
    var fallback: BlameFact?
    if let bugCheck {
      switch bugCheck.category {
      case .manual:
        return (nil, ["\(bugCheck.name ?? "this bug check") is a manual crash: no driver to blame"])
      case .hardware:
        return (
          nil, ["\(bugCheck.name ?? "this bug check") reports a hardware error: no driver to blame"]
        )
      case .software: break
      }
      let culprit = BugCheckCatalog.entry(for: bugCheck.code)?.culpritParameter
      if let index = culprit,
        let parameter = bugCheck.parameters.first(where: { $0.index == index })
      {
        let label = shortLabel(code: bugCheck.code & ~BugCheckCatalog.modifier)
        if let location = parameter.location, let module = location.module {
          let reason = "P\(index) (\(label)) lies in \(location.text)"
          let fact = BlameFact(
            module: module, address: location.address, moduleOffset: location.moduleOffset,
            reason: reason, decisions: decisions + [reason])
          if !AddressMap.isCore(module) { return (fact, fact.decisions) }
          decisions.append(reason + ", a core kernel module; looking for a driver")
          fallback = fallback ?? fact
        } else if let location = parameter.location, let unloaded = location.unloadedModule {
          let reason = "P\(index) (\(label)) lies in the old range of unloaded driver \(unloaded)"
          return (
            BlameFact(
              module: unloaded, address: location.address, moduleOffset: location.moduleOffset,
              reason: reason, decisions: decisions + [reason]), decisions + [reason]
          )
        } else if parameter.value != 0 {
          decisions.append(
            "P\(index) (\(label)) 0x\(String(parameter.value, radix: 16)) is in no loaded module")
        }
      }
    }
    if let crashAddress, let module = crashAddress.module {
      let reason = "the crash address (context instruction pointer) lies in \(crashAddress.text)"
      let fact = BlameFact(
        module: module, frameIndex: nil, address: crashAddress.address,
        moduleOffset: crashAddress.moduleOffset, reason: reason, decisions: decisions + [reason])
      if !AddressMap.isCore(module) { return (fact, fact.decisions) }
      decisions.append(reason + ", a core kernel module")
      fallback = fallback ?? fact
    }
    for frame in frames where frame.index > 0 {
      guard let module = frame.module else { continue }
      if AddressMap.isCore(module) { continue }
      let reason =
        frame.trust == .scan
        ? "first driver found on the stack by raw scan: \(frame.displayName) (frame \(frame.index))"
        : "first driver found on the walked stack: \(frame.displayName) (frame \(frame.index), trust \(frame.trust.rawValue))"
      let fact = BlameFact(
        module: module, frameIndex: frame.index, address: frame.address,
        moduleOffset: frame.moduleOffset, reason: reason, decisions: decisions + [reason])
      return (fact, fact.decisions)
    }
    if var fallback {
      decisions.append("no other driver found on the stack: blaming the core module")
      fallback.decisions = decisions
      return (fallback, decisions)
    }
    decisions.append("no address in the dump lies in a loaded module")
    return (nil, decisions)
  }

  private static func shortLabel(code: UInt32) -> String {
    switch code {
    case 0x1E, 0x3B, 0x7E, 0x8E: "exception address"
    default: "faulting instruction"
    }
  }
}
