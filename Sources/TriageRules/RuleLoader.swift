import Foundation
import TriageFacts

/// Loads rules from YAML text, validating every key and value.
public enum RuleLoader {
  static let topKeys = [
    "id", "title", "kb", "url", "status", "description", "references", "falsepositives", "notes",
    "renamed_from", "match", "condition", "max_confidence", "fix", "examples",
  ]
  static let clauseKeys = [
    "bugcheck", "exception", "p1", "p2", "p3", "p4", "frame", "position", "within_top",
    "min_trust", "module", "version", "blamed", "os", "cpu", "process", "irql", "dump_kind",
  ]
  static let selectionMetaKeys = ["any", "inferred", "note"]
  static let osKeys = ["windows", "major", "minor", "build", "sp", "product_type", "arch"]
  static let cpuKeys = ["vendor", "family", "model", "stepping"]
  static let parameterKeys = ["equals", "any_of", "mask", "value", "range", "in_module", "same_as"]
  static let fixKeys = [
    "hotfix", "resolution", "files", "versions_unknown", "replaces", "prerequisites", "restart",
    "workarounds", "related",
  ]
  static let fixedFileKeys = ["name", "version", "arch", "windows", "branch", "note"]
  static let architectures = ["x86", "x64", "ia64", "arm", "arm64"]

  /// Parses one rule file.
  ///
  /// - Parameters:
  ///   - text: The YAML text.
  ///   - file: The path shown in diagnostics (and compared with `id`).
  ///   - isBuiltIn: Whether the rule is compiled in.
  ///   - examples: Whether to parse the self-test examples (`rules test` needs them, triage
  ///     does not; without them a run starts faster, and examples are not checked).
  /// - Returns: The validated rule.
  /// - Throws: ``RuleDiagnostic`` with the position of the first problem.
  public static func parse(
    _ text: String, file: String, isBuiltIn: Bool = false, examples: Bool = true
  ) throws(RuleDiagnostic) -> Rule {
    let document = try YAMLDocument.compose(text, file: file)
    let root = YAMLValue(node: document.root, file: file)
    let map = try root.mapping("rule", allowed: topKeys)

    let idValue = try map.required("id", "rule")
    let id = try idValue.string("id")
    if !isKebabCase(id) {
      throw idValue.error("id '\(id.prefix(60))' must be lowercase kebab-case (a-z, 0-9, '-')")
    }
    let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    if stem != id {
      throw idValue.error("id '\(id)' must equal the file name stem '\(stem)'")
    }
    let title = try map.required("title", "rule").string("title")
    let status: RuleStatus
    if let value = map["status"] {
      let text = try value.string("status")
      guard let parsed = RuleStatus(rawValue: text) else {
        throw value.error(
          "status: '\(text.prefix(30))' is not one of \(RuleStatus.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      status = parsed
    } else {
      status = .experimental
    }
    var kb = try map.optionalString("kb", "rule")
    if let text = kb {
      let digits = text.uppercased().hasPrefix("KB") ? String(text.dropFirst(2)) : text
      guard !digits.isEmpty, digits.allSatisfy(\.isNumber), digits.count <= 8 else {
        throw (map["kb"] ?? root).error("kb: '\(text.prefix(30))' is not a KB number like KB961799")
      }
      kb = "KB" + digits
    }
    var maximum: Confidence? = nil
    if let value = map["max_confidence"] {
      let text = try value.string("max_confidence")
      guard let parsed = Confidence(rawValue: text) else {
        throw value.error("max_confidence: expected low, medium or high")
      }
      maximum = parsed
    }
    var notes = try map.strings("notes", "rule")
    if let description = try map.optionalString("description", "rule") {
      notes.insert(description, at: 0)
    }

    let selections = try parseSelections(try map.required("match", "rule"))
    let conditionValue = try map.required("condition", "rule")
    let conditionText = try conditionValue.string("condition")
    let condition: Condition
    switch Condition.parse(conditionText) {
    case .success(let parsed): condition = parsed
    case .failure(let error): throw conditionValue.error(error.description)
    }
    let names = selections.map(\.name)
    for reference in condition.references(names: names)
    where !names.contains(reference.name) {
      throw conditionValue.error("condition names unknown selection '\(reference.name)'")
    }
    try checkQuantifiers(condition, names: names, at: conditionValue)
    if condition.references(names: names).allSatisfy(\.negated) {
      throw conditionValue.error("condition needs at least one selection that is not negated")
    }

    let fix = try map["fix"].map { value throws(RuleDiagnostic) in try parseFix(value) }
    let parsedExamples =
      try map["examples"].flatMap { value throws(RuleDiagnostic) in
        guard examples else { return nil }
        return try ExampleParser.parseExamples(value)
      } ?? RuleExamples()

    let area = file.split(separator: "/").dropLast().last.map(String.init)
    return Rule(
      id: id, title: title, kb: kb, url: try map.optionalString("url", "rule"), status: status,
      area: area, references: try map.strings("references", "rule"),
      falsepositives: try map.strings("falsepositives", "rule"), notes: notes,
      renamedFrom: try map.strings("renamed_from", "rule"), selections: selections,
      condition: condition, conditionText: conditionText, maximumConfidence: maximum, fix: fix,
      examples: parsedExamples, source: RuleSource(file: file, isBuiltIn: isBuiltIn, text: text))
  }

  static func isKebabCase(_ id: String) -> Bool {
    guard let first = id.unicodeScalars.first, ("a"..."z").contains(first), id.count <= 80,
      !id.hasSuffix("-"), !id.contains("--")
    else { return false }
    return id.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
    }
  }

  private static func checkQuantifiers(
    _ condition: Condition, names: [String], at value: YAMLValue
  ) throws(RuleDiagnostic) {
    switch condition {
    case .selection: return
    case .and(let l, let r), .or(let l, let r):
      try checkQuantifiers(l, names: names, at: value)
      try checkQuantifiers(r, names: names, at: value)
    case .not(let inner): try checkQuantifiers(inner, names: names, at: value)
    case .anyOf(let p), .allOf(let p):
      if !names.contains(where: { p.matches($0) }) {
        throw value.error("condition: no selection matches '\(p.text)'")
      }
    }
  }

  // MARK: Selections

  static func parseSelections(_ value: YAMLValue) throws(RuleDiagnostic) -> [Selection] {
    let entries = try value.namedEntries("match")
    if entries.isEmpty { throw value.error("match: needs at least one selection") }
    if entries.count > 32 { throw value.error("match: more than 32 selections") }
    var selections: [Selection] = []
    for entry in entries {
      let name = entry.key
      guard !name.isEmpty, name.count <= 64,
        name.unicodeScalars.allSatisfy({
          CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-"
        }),
        !["and", "or", "not", "of", "any", "all", "them"].contains(name.lowercased())
      else {
        throw entry.keyNode.error(
          "selection name '\(name.prefix(40))' must be letters, digits, '_' or '-' and not a keyword"
        )
      }
      selections.append(try parseSelection(name: name, entry.value))
    }
    return selections
  }

  static func parseSelection(name: String, _ value: YAMLValue) throws(RuleDiagnostic) -> Selection {
    let what = "selection '\(name)'"
    var inferred = false
    var note: String? = nil
    var alternatives: [Clause] = []
    switch value.node {
    case .sequence:
      for item in value.list() {
        alternatives.append(try parseClause(item, what: what, allowed: clauseKeys))
      }
    case .mapping:
      let map = try value.mapping(what, allowed: clauseKeys + selectionMetaKeys)
      if let flag = map["inferred"] { inferred = try flag.bool("\(what).inferred") }
      note = try map.optionalString("note", what)
      if let any = map["any"] {
        if map.keys.contains(where: { clauseKeys.contains($0) }) {
          throw any.error("\(what): 'any' cannot be combined with fields at the same level")
        }
        for item in try any.strictList("\(what).any") {
          alternatives.append(try parseClause(item, what: what, allowed: clauseKeys))
        }
      } else {
        alternatives.append(
          try parseClause(value, what: what, allowed: clauseKeys + selectionMetaKeys))
      }
    default:
      throw value.error("\(what): expected a mapping of fields or a list of alternatives")
    }
    if alternatives.isEmpty { throw value.error("\(what): no fields") }
    return Selection(
      name: name, alternatives: alternatives, inferred: inferred, note: note, line: value.line)
  }

  static func parseClause(_ value: YAMLValue, what: String, allowed: [String])
    throws(RuleDiagnostic)
    -> Clause
  {
    let map = try value.mapping(what, allowed: allowed)
    var clause = Clause()
    if map.keys.allSatisfy({ selectionMetaKeys.contains($0) }) {
      throw value.error("\(what): no fields (use bugcheck, frame, module, os …)")
    }
    if let v = map["bugcheck"] {
      for item in v.list() {
        clause.bugChecks.append(
          UInt32(try item.integer("\(what).bugcheck", max: 0xFFFF_FFFF)) & ~0x1000_0000)
      }
    }
    if let v = map["exception"] {
      for item in v.list() {
        clause.exceptions.append(UInt32(try item.integer("\(what).exception", max: 0xFFFF_FFFF)))
      }
    }
    for index in 1...4 {
      if let v = map["p\(index)"] {
        clause.parameters.append(try parseParameter(v, index: index, what: "\(what).p\(index)"))
      }
    }
    if let v = map["frame"] {
      var patterns: [FramePattern] = []
      for item in v.list() { patterns.append(try parseFramePattern(item, what: "\(what).frame")) }
      if patterns.isEmpty { throw v.error("\(what).frame: expected at least one pattern") }
      var position = FramePosition.anywhere
      if let p = map["position"] {
        switch try p.string("\(what).position") {
        case "anywhere": position = .anywhere
        case "blamed": position = .blamed
        case "top": position = .top(5)
        default: throw p.error("\(what).position: expected anywhere, top or blamed")
        }
      }
      if let top = map["within_top"] {
        let n = try top.integer("\(what).within_top", max: 256)
        if n == 0 { throw top.error("\(what).within_top: must be at least 1") }
        if position == .blamed {
          throw top.error("\(what): within_top conflicts with position: blamed")
        }
        position = .top(Int(n))
      }
      var trust = FrameTrust.cfiScan
      if let t = map["min_trust"] {
        let text = try t.string("\(what).min_trust")
        guard let parsed = FrameTrust(rawValue: text) else {
          throw t.error(
            "\(what).min_trust: expected one of \(FrameTrust.allCases.map(\.rawValue).joined(separator: ", "))"
          )
        }
        trust = parsed
      }
      clause.frames = FrameRequirement(patterns: patterns, position: position, minimumTrust: trust)
    } else {
      for key in ["position", "within_top", "min_trust"] where map[key] != nil {
        throw (map[key] ?? value).error("\(what).\(key): only meaningful with 'frame'")
      }
    }
    if let v = map["module"] {
      var names: [GlobPattern] = []
      for item in v.list() { names.append(try parseGlob(item, what: "\(what).module")) }
      let version = try map["version"].map { value throws(RuleDiagnostic) in
        try VersionRange.read(value, "\(what).version")
      }
      clause.module = ModuleRequirement(names: names, version: version)
    } else if let v = map["version"] {
      throw v.error("\(what).version: only meaningful with 'module'")
    }
    if let v = map["blamed"] {
      for item in v.list() { clause.blamed.append(try parseGlob(item, what: "\(what).blamed")) }
    }
    if let v = map["os"] {
      for item in v.list() { clause.os.append(try parseOS(item, what: "\(what).os")) }
    }
    if let v = map["cpu"] { clause.cpu = try parseCPU(v, what: "\(what).cpu") }
    if let v = map["process"] {
      for item in v.list() { clause.process.append(try parseGlob(item, what: "\(what).process")) }
    }
    if let v = map["irql"] { clause.irql = try IntPredicate.read(v, "\(what).irql", max: 31) }
    if let v = map["dump_kind"] {
      for item in v.list() {
        let text = try item.string("\(what).dump_kind")
        guard let kind = DumpKind(rawValue: text) else {
          throw item.error(
            "\(what).dump_kind: expected one of \(DumpKind.allCases.map(\.rawValue).joined(separator: ", "))"
          )
        }
        clause.dumpKinds.append(kind)
      }
    }
    return clause
  }

  static func parseGlob(_ value: YAMLValue, what: String) throws(RuleDiagnostic) -> GlobPattern {
    let text = try value.string(what)
    switch GlobPattern.validated(text) {
    case .success(let pattern): return pattern
    case .failure(let error): throw value.error("\(what): \(error.message)")
    }
  }

  static func parseFramePattern(_ value: YAMLValue, what: String) throws(RuleDiagnostic)
    -> FramePattern
  {
    let text = try value.string(what)
    let parts = text.split(separator: "!", maxSplits: 1, omittingEmptySubsequences: false)
    func glob(_ part: Substring) throws(RuleDiagnostic) -> GlobPattern {
      switch GlobPattern.validated(String(part)) {
      case .success(let pattern): return pattern
      case .failure(let error): throw value.error("\(what): '\(text.prefix(60))': \(error.message)")
      }
    }
    if text.contains("+") {
      throw value.error("\(what): write the frame without an offset ('\(text.prefix(60))')")
    }
    let module = try glob(parts[0])
    let function = parts.count > 1 ? try glob(parts[1]) : nil
    return FramePattern(module: module, function: function)
  }

  static func parseParameter(_ value: YAMLValue, index: Int, what: String) throws(RuleDiagnostic)
    -> ParameterPredicate
  {
    switch value.node {
    case .scalar:
      let text = try value.scalarText(what)
      if YAMLValue.parseInteger(text) != nil {
        return ParameterPredicate(index: index, test: .anyOf([try value.integer(what)]))
      }
      return ParameterPredicate(index: index, test: .range(try IntPredicate.read(value, what)))
    case .sequence:
      var values: [UInt64] = []
      for item in value.list() { values.append(try item.integer(what)) }
      return ParameterPredicate(index: index, test: .anyOf(values))
    default:
      let map = try value.mapping(what, allowed: parameterKeys)
      if map.entries.count != 1
        && !(map.entries.count == 2 && map["mask"] != nil && map["value"] != nil)
      {
        throw value.error(
          "\(what): use exactly one of equals, any_of, mask+value, range, in_module, same_as")
      }
      if let v = map["equals"] {
        return ParameterPredicate(index: index, test: .anyOf([try v.integer(what)]))
      }
      if let v = map["any_of"] {
        var values: [UInt64] = []
        for item in try v.strictList(what) { values.append(try item.integer(what)) }
        return ParameterPredicate(index: index, test: .anyOf(values))
      }
      if let m = map["mask"] {
        guard let v = map["value"] else { throw m.error("\(what): mask needs value") }
        let mask = try m.integer("\(what).mask")
        let expected = try v.integer("\(what).value")
        if expected & ~mask != 0 { throw v.error("\(what).value has bits outside the mask") }
        return ParameterPredicate(index: index, test: .mask(mask: mask, expected: expected))
      }
      if let v = map["range"] {
        return ParameterPredicate(
          index: index, test: .range(try IntPredicate.read(v, "\(what).range")))
      }
      if let v = map["in_module"] {
        return ParameterPredicate(
          index: index, test: .inModule(try parseGlob(v, what: "\(what).in_module")))
      }
      if let v = map["same_as"] {
        let text = try v.string("\(what).same_as")
        guard text.count == 2, text.hasPrefix("p"), let other = Int(text.dropFirst()),
          (1...4).contains(other),
          other != index
        else { throw v.error("\(what).same_as: expected another parameter, p1 … p4") }
        return ParameterPredicate(index: index, test: .sameAs(other))
      }
      throw value.error("\(what): value missing")
    }
  }

  static func parseOS(_ value: YAMLValue, what: String) throws(RuleDiagnostic) -> OSRequirement {
    let map = try value.mapping(what, allowed: osKeys)
    var os = OSRequirement()
    if let v = map["windows"] {
      for item in v.list() {
        let name = try item.string("\(what).windows")
        guard let release = WindowsRelease.named(name) else {
          throw item.error(
            "\(what).windows: unknown release '\(name.prefix(30))' (known: \(WindowsRelease.all.map(\.name).joined(separator: ", ")))"
          )
        }
        os.releases.append(release)
      }
    }
    os.major = try map["major"].map { v throws(RuleDiagnostic) in
      try IntPredicate.read(v, "\(what).major")
    }
    os.minor = try map["minor"].map { v throws(RuleDiagnostic) in
      try IntPredicate.read(v, "\(what).minor")
    }
    os.build = try map["build"].map { v throws(RuleDiagnostic) in
      try IntPredicate.read(v, "\(what).build")
    }
    os.servicePack = try map["sp"].map { v throws(RuleDiagnostic) in
      try IntPredicate.read(v, "\(what).sp", max: 10)
    }
    if let v = map["product_type"] {
      let text = try v.string("\(what).product_type")
      guard ["workstation", "server"].contains(text) else {
        throw v.error("\(what).product_type: expected workstation or server")
      }
      os.productType = text
    }
    if let v = map["arch"] {
      for item in v.list() {
        let text = try item.string("\(what).arch").lowercased()
        guard architectures.contains(text) else {
          throw item.error("\(what).arch: expected one of \(architectures.joined(separator: ", "))")
        }
        os.architectures.append(text)
      }
    }
    if map.entries.isEmpty { throw value.error("\(what): empty") }
    return os
  }

  static func parseCPU(_ value: YAMLValue, what: String) throws(RuleDiagnostic) -> CPURequirement {
    let map = try value.mapping(what, allowed: cpuKeys)
    var cpu = CPURequirement()
    cpu.vendors = try map.strings("vendor", what)
    cpu.family = try map["family"].map { v throws(RuleDiagnostic) in
      try IntPredicate.read(v, "\(what).family")
    }
    cpu.model = try map["model"].map { v throws(RuleDiagnostic) in
      try IntPredicate.read(v, "\(what).model")
    }
    cpu.stepping = try map["stepping"].map { v throws(RuleDiagnostic) in
      try IntPredicate.read(v, "\(what).stepping")
    }
    if map.entries.isEmpty { throw value.error("\(what): empty") }
    return cpu
  }

  // MARK: Fix

  static func parseFix(_ value: YAMLValue) throws(RuleDiagnostic) -> Fix {
    let map = try value.mapping("fix", allowed: fixKeys)
    var hotfix = try map.optionalString("hotfix", "fix")
    if let text = hotfix {
      let digits = text.uppercased().hasPrefix("KB") ? String(text.dropFirst(2)) : text
      guard !digits.isEmpty, digits.allSatisfy(\.isNumber), digits.count <= 8 else {
        throw (map["hotfix"] ?? value).error("fix.hotfix: '\(text.prefix(30))' is not a KB number")
      }
      hotfix = "KB" + digits
    }
    var files: [FixedFile] = []
    if let list = map["files"], !list.isNull {
      for item in try list.strictList("fix.files") {
        let f = try item.mapping("fix.files[]", allowed: fixedFileKeys)
        let name = try f.required("name", "fix.files[]").string("fix.files[].name")
        var version: FileVersion? = nil
        if let v = f["version"], !v.isNull {
          let text = try v.scalarText("fix.files[].version")
          guard let parsed = FileVersion(text), text.split(separator: ".").count == 4 else {
            throw v.error("fix.files[].version: '\(text.prefix(40))' is not a four-part version")
          }
          version = parsed
        }
        let arch = try f.strings("arch", "fix.files[]").map { $0.lowercased() }
        for a in arch where !(architectures.contains(a) || a == "all") {
          throw (f["arch"] ?? item).error("fix.files[].arch: unknown architecture '\(a)'")
        }
        let windows = try f.strings("windows", "fix.files[]")
        for w in windows where WindowsRelease.named(w) == nil {
          throw (f["windows"] ?? item).error(
            "fix.files[].windows: unknown release '\(w.prefix(30))'")
        }
        files.append(
          FixedFile(
            name: name, version: version, architectures: arch.filter { $0 != "all" },
            windows: windows, branchLabel: try f.optionalString("branch", "fix.files[]"),
            note: try f.optionalString("note", "fix.files[]")))
      }
    }
    let unknown = try map.optionalString("versions_unknown", "fix")
    if hotfix != nil, !files.contains(where: { $0.version != nil }), unknown == nil {
      throw value.error(
        "fix: a hotfix without fixed file versions must say why in 'versions_unknown' (never invent a version)"
      )
    }
    return Fix(
      hotfix: hotfix, resolution: try map.optionalString("resolution", "fix"), files: files,
      versionsUnknownReason: unknown, replaces: try map.strings("replaces", "fix").map(kbName),
      prerequisites: try map.strings("prerequisites", "fix"),
      restart: try map.optionalString("restart", "fix"),
      workarounds: try map.strings("workarounds", "fix"),
      related: try map.strings("related", "fix").map(kbName))
  }

  static func kbName(_ text: String) -> String {
    let digits = text.uppercased().hasPrefix("KB") ? String(text.dropFirst(2)) : text
    return digits.allSatisfy(\.isNumber) && !digits.isEmpty ? "KB" + digits : text
  }
}
