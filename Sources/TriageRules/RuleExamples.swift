import Foundation
import TriageFacts

/// A rule's self-test data (SwiftLint triggering / non-triggering, Semgrep `todo`).
public struct RuleExamples: Hashable, Sendable {
  /// Facts the rule must match (optionally at a given confidence and patch state).
  public var triggering: [RuleExample] = []
  /// Facts the rule must not match.
  public var nonTriggering: [RuleExample] = []
  /// Known misses: recorded, reported, never failing.
  public var todo: [RuleExample] = []
  /// Sample dumps (repository-relative paths) the rule must match.
  public var dumps: [DumpExample] = []
}

/// One example: crash facts plus what the rule should say about them.
public struct RuleExample: Hashable, Sendable {
  /// The facts.
  public var facts: CrashFacts
  /// Expected confidence (triggering examples), when stated.
  public var confidence: Confidence?
  /// Expected patch state (triggering examples), when stated.
  public var patch: PatchState?
  /// For `todo` entries: whether the rule ought to match.
  public var shouldMatch: Bool
  /// Why (free text).
  public var note: String?
  /// 1-based line of the example.
  public var line: Int
}

/// A sample dump the rule must match.
public struct DumpExample: Hashable, Sendable {
  /// Repository-relative path.
  public var path: String
  /// Expected confidence, when stated.
  public var confidence: Confidence?
  /// Expected patch state, when stated.
  public var patch: PatchState?
  /// 1-based line.
  public var line: Int
}

/// Parses example facts written in the short YAML form.
///
/// ```yaml
/// - bugcheck: 0xD1
///   params: [0x0, 0x2, 0x0, 0xf2bc8c92]
///   os: { windows: server-2003, sp: 2, arch: x86 }
///   frames: [nt!KeBugCheckEx, "netbt!NbtCopyToStartOfIndicate+0x5a", "foo.sys+0x12 [scan]"]
///   modules: [netbt.sys, "storport.sys 5.2.3790.4021", { name: tcpip.sys, base: 0xf7000000, size: 0x60000 }]
/// ```
public enum ExampleParser {
  static let factKeys = [
    "bugcheck", "params", "exception", "os", "cpu", "frames", "modules", "blame", "process", "irql",
    "dump_kind",
  ]
  static let exampleMetaKeys = ["confidence", "patch", "note"]

  /// Parses facts from YAML text (one mapping in the short form).
  public static func facts(fromYAML text: String, file: String = "<facts>") throws(RuleDiagnostic)
    -> CrashFacts
  {
    let document = try YAMLDocument.compose(text, file: file)
    let value = YAMLValue(node: document.root, file: file)
    return try facts(value, allowed: factKeys)
  }

  static func parseExamples(_ value: YAMLValue) throws(RuleDiagnostic) -> RuleExamples {
    let map = try value.mapping(
      "examples", allowed: ["triggering", "non_triggering", "todo", "dumps"])
    var examples = RuleExamples()
    if let list = map["triggering"], !list.isNull {
      for item in try list.strictList("examples.triggering") {
        examples.triggering.append(
          try example(item, allowed: factKeys + exampleMetaKeys, shouldMatch: true))
      }
    }
    if let list = map["non_triggering"], !list.isNull {
      for item in try list.strictList("examples.non_triggering") {
        examples.nonTriggering.append(
          try example(item, allowed: factKeys + ["note"], shouldMatch: false))
      }
    }
    if let list = map["todo"], !list.isNull {
      for item in try list.strictList("examples.todo") {
        let m = try item.mapping(
          "examples.todo[]", allowed: factKeys + exampleMetaKeys + ["expect"])
        let expect = try m.required("expect", "examples.todo[]").string("examples.todo[].expect")
        guard ["triggering", "non_triggering"].contains(expect) else {
          throw (m["expect"] ?? item).error("examples.todo[].expect: triggering or non_triggering")
        }
        examples.todo.append(
          try example(
            item, allowed: factKeys + exampleMetaKeys + ["expect"],
            shouldMatch: expect == "triggering"))
      }
    }
    if let list = map["dumps"], !list.isNull {
      for item in try list.strictList("examples.dumps") {
        let m = try item.mapping("examples.dumps[]", allowed: ["path", "confidence", "patch"])
        let path = try m.required("path", "examples.dumps[]").string("examples.dumps[].path")
        if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
          throw (m["path"] ?? item).error("examples.dumps[].path: must be repository-relative")
        }
        examples.dumps.append(
          DumpExample(
            path: path, confidence: try confidence(m["confidence"]), patch: try patch(m["patch"]),
            line: item.line))
      }
    }
    return examples
  }

  static func example(_ value: YAMLValue, allowed: [String], shouldMatch: Bool)
    throws(RuleDiagnostic)
    -> RuleExample
  {
    let map = try value.mapping("example", allowed: allowed)
    return RuleExample(
      facts: try facts(value, allowed: allowed), confidence: try confidence(map["confidence"]),
      patch: try patch(map["patch"]), shouldMatch: shouldMatch,
      note: try map.optionalString("note", "example"), line: value.line)
  }

  static func confidence(_ value: YAMLValue?) throws(RuleDiagnostic) -> Confidence? {
    guard let value else { return nil }
    let text = try value.string("confidence")
    guard let parsed = Confidence(rawValue: text) else {
      throw value.error("confidence: expected low, medium or high")
    }
    return parsed
  }

  static func patch(_ value: YAMLValue?) throws(RuleDiagnostic) -> PatchState? {
    guard let value else { return nil }
    let text = try value.string("patch")
    guard let parsed = PatchState(rawValue: text) else {
      throw value.error(
        "patch: expected one of \(PatchState.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return parsed
  }

  static func facts(_ value: YAMLValue, allowed: [String]) throws(RuleDiagnostic) -> CrashFacts {
    let map = try value.mapping("facts", allowed: allowed)
    var facts = CrashFacts()
    if let v = map["bugcheck"] {
      let code = UInt32(try v.integer("bugcheck", max: 0xFFFF_FFFF))
      facts.bugCheck = BugCheckFact(code: code)
      facts.dumpKind = .kernelSmall
    }
    if let v = map["exception"] {
      facts.exception = ExceptionFact(code: UInt32(try v.integer("exception", max: 0xFFFF_FFFF)))
      if facts.bugCheck == nil { facts.dumpKind = .userMinidump }
    }
    if let v = map["params"] {
      var params: [UInt64] = []
      let items = try v.strictList("params")
      if items.count > 4 { throw v.error("params: at most four") }
      for item in items { params.append(try item.integer("params")) }
      if facts.bugCheck != nil {
        facts.bugCheck?.parameters = params
      } else if facts.exception != nil {
        facts.exception?.parameters = params
      } else {
        throw v.error("params: needs a bugcheck or exception")
      }
    }
    if let v = map["os"] { facts.os = try os(v) }
    if let v = map["cpu"] {
      let m = try v.mapping("cpu", allowed: ["vendor", "family", "model", "stepping", "count"])
      var cpu = CPUFacts()
      cpu.vendor = try m.optionalString("vendor", "cpu")
      cpu.family = try m["family"].map { x throws(RuleDiagnostic) in
        UInt32(try x.integer("cpu.family", max: 0xFFFF_FFFF))
      }
      cpu.model = try m["model"].map { x throws(RuleDiagnostic) in
        UInt32(try x.integer("cpu.model", max: 0xFFFF_FFFF))
      }
      cpu.stepping = try m["stepping"].map { x throws(RuleDiagnostic) in
        UInt32(try x.integer("cpu.stepping", max: 0xFFFF_FFFF))
      }
      cpu.count = try m["count"].map { x throws(RuleDiagnostic) in
        UInt32(try x.integer("cpu.count", max: 4096))
      }
      facts.cpu = cpu
    }
    if let v = map["modules"] {
      for item in try v.strictList("modules") { facts.modules.append(try module(item)) }
    }
    if let v = map["frames"] {
      let items = try v.strictList("frames")
      if items.count > 256 { throw v.error("frames: at most 256") }
      for (index, item) in items.enumerated() {
        var frame = try frameFact(item, index: index)
        if let name = frame.module {
          let known = facts.modules.first { ModuleFact.stem($0.name) == ModuleFact.stem(name) }
          if let known {
            frame.module = known.name
            if let offset = frame.moduleOffset, known.size > 0 {
              let (sum, overflow) = known.base.addingReportingOverflow(offset)
              if !overflow { frame.address = sum }
            }
          } else {
            facts.modules.append(ModuleFact(name: name))
          }
        }
        facts.frames.append(frame)
      }
    }
    if let v = map["blame"] {
      let text = try v.string("blame")
      let parts = text.split(separator: "!", maxSplits: 1).map(String.init)
      let module =
        facts.modules.first { ModuleFact.stem($0.name) == ModuleFact.stem(parts[0]) }?.name
        ?? defaultFileName(parts[0])
      let function = parts.count > 1 ? String(parts[1].split(separator: "+").first ?? "") : nil
      let index = facts.frames.firstIndex {
        $0.module.map(ModuleFact.stem) == ModuleFact.stem(module)
          && (function == nil || $0.function == function)
      }
      facts.blame = BlameFact(
        module: module, function: function, frameIndex: index, reason: "example")
      if facts.module(named: module) == nil { facts.modules.append(ModuleFact(name: module)) }
    }
    facts.processName = try map.optionalString("process", "facts")
    if let v = map["irql"] { facts.irql = UInt8(try v.integer("irql", max: 31)) }
    if let v = map["dump_kind"] {
      let text = try v.string("dump_kind")
      guard let kind = DumpKind(rawValue: text) else { throw v.error("dump_kind: unknown kind") }
      facts.dumpKind = kind
    }
    return facts
  }

  static func os(_ value: YAMLValue) throws(RuleDiagnostic) -> OSFacts {
    let m = try value.mapping(
      "os", allowed: ["windows", "major", "minor", "build", "sp", "product_type", "arch"])
    var os = OSFacts()
    if let w = m["windows"] {
      let name = try w.string("os.windows")
      guard let release = WindowsRelease.named(name) else {
        throw w.error("os.windows: unknown release '\(name.prefix(30))'")
      }
      os.majorVersion = release.major
      os.minorVersion = release.minor
      os.build = release.builds?.lowerBound ?? defaultBuild(release)
      if let server = release.server { os.productType = server ? .server : .workstation }
      os.architecture = release.architecture
      os.productName = release.displayName
    }
    func number(_ key: String) throws(RuleDiagnostic) -> UInt32? {
      try m[key].map { x throws(RuleDiagnostic) in
        UInt32(try x.integer("os.\(key)", max: 0xFFFF_FFFF))
      }
    }
    if let v = try number("major") { os.majorVersion = v }
    if let v = try number("minor") { os.minorVersion = v }
    if let v = try number("build") { os.build = v }
    if let v = try number("sp") {
      os.servicePack = v
      os.servicePackName = v == 0 ? nil : "Service Pack \(v)"
      // Vista / Server 2008 and 7 / Server 2008 R2 number their service packs in the build.
      if m["build"] == nil, os.majorVersion == 6, v <= 2 {
        if os.minorVersion == 0 { os.build = 6000 + v }
        if os.minorVersion == 1 { os.build = 7600 + v }
      }
    }
    if let t = m["product_type"] {
      switch try t.string("os.product_type") {
      case "workstation": os.productType = .workstation
      case "server": os.productType = .server
      case "domain_controller": os.productType = .domainController
      default: throw t.error("os.product_type: workstation, server or domain_controller")
      }
    }
    if let a = m["arch"] { os.architecture = try a.string("os.arch").lowercased() }
    return os
  }

  static func defaultBuild(_ release: WindowsRelease) -> UInt32? {
    switch (release.major, release.minor) {
    case (3, 50): 807
    case (3, 51): 1057
    case (4, 0): 1381
    case (5, 0): 2195
    case (5, 1): 2600
    case (5, 2): 3790
    case (6, 0): 6002
    case (6, 1): 7601
    case (6, 2): 9200
    case (6, 3): 9600
    default: nil
    }
  }

  static func module(_ value: YAMLValue) throws(RuleDiagnostic) -> ModuleFact {
    switch value.node {
    case .scalar:
      let text = try value.string("modules[]")
      let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      var module = ModuleFact(name: parts[0])
      if parts.count > 1 {
        guard parts.count == 2, let version = FileVersion(parts[1]) else {
          throw value.error(
            "modules[]: expected 'name' or 'name a.b.c.d', found '\(text.prefix(60))'")
        }
        module.version = version
        module.versionSource = "example"
      }
      return module
    default:
      let m = try value.mapping(
        "modules[]", allowed: ["name", "version", "base", "size", "timestamp", "vendor", "symbols"])
      var module = ModuleFact(name: try m.required("name", "modules[]").string("modules[].name"))
      if let v = m["version"] {
        let text = try v.scalarText("modules[].version")
        guard let version = FileVersion(text) else {
          throw v.error("modules[].version: not a version")
        }
        module.version = version
        module.versionSource = "example"
      }
      if let v = m["base"] { module.base = try v.integer("modules[].base") }
      if let v = m["size"] { module.size = try v.integer("modules[].size") }
      if let v = m["timestamp"] {
        module.timeDateStamp = UInt32(try v.integer("modules[].timestamp", max: 0xFFFF_FFFF))
      }
      module.vendor = try m.optionalString("vendor", "modules[]")
      module.symbolFile = try m.optionalString("symbols", "modules[]")
      return module
    }
  }

  static func defaultFileName(_ stemOrName: String) -> String {
    let lower = stemOrName.lowercased()
    if lower.contains(".") { return stemOrName }
    switch lower {
    case "nt", "ntoskrnl", "ntkrnlmp", "ntkrnlpa", "ntkrpamp": return "ntoskrnl.exe"
    case "hal", "halmacpi", "halacpi": return "hal.dll"
    case "win32k", "win32kfull", "win32kbase": return lower + ".sys"
    case "hvix64", "hvax64": return lower + ".exe"
    default: return lower + ".sys"
    }
  }

  static func frameFact(_ value: YAMLValue, index: Int) throws(RuleDiagnostic) -> FrameFact {
    var text = try value.string("frames[]").trimmed
    var trust: FrameTrust = index == 0 ? .context : .cfi
    if text.hasSuffix("]"), let open = text.lastIndex(of: "[") {
      let name = text[text.index(after: open)..<text.index(before: text.endIndex)]
      guard let parsed = FrameTrust(rawValue: String(name)) else {
        throw value.error("frames[]: unknown trust '\(name.prefix(20))'")
      }
      trust = parsed
      text = String(text[..<open]).trimmed
    }
    var frame = FrameFact(index: index, trust: trust)
    if text.hasPrefix("0x"), let address = YAMLValue.parseInteger(text) {
      frame.address = address
      return frame
    }
    var body = Substring(text)
    var offset: UInt64? = nil
    if let plus = body.lastIndex(of: "+") {
      guard let parsed = YAMLValue.parseInteger(String(body[body.index(after: plus)...])) else {
        throw value.error("frames[]: bad offset in '\(text.prefix(60))'")
      }
      offset = parsed
      body = body[..<plus]
    }
    let parts = body.split(separator: "!", maxSplits: 1, omittingEmptySubsequences: false)
    guard let first = parts.first, !first.isEmpty else {
      throw value.error("frames[]: expected module!function+0x1c or module.sys+0x1a2b")
    }
    frame.module = defaultFileName(String(first))
    if parts.count > 1 {
      frame.function = String(parts[1])
      frame.functionOffset = offset
    } else {
      frame.moduleOffset = offset
    }
    return frame
  }
}
