import TriageFacts

/// One rule: "this crash is KB961799", the evidence that identifies it, and its fix.
///
/// Rules are loaded from YAML (see `docs/rules.md`); ``RuleMatcher`` evaluates them against
/// ``CrashFacts``.
public struct Rule: Hashable, Sendable {
  /// Lowercase kebab-case identifier, equal to the file stem.
  public var id: String
  /// One-line title.
  public var title: String
  /// Knowledge-base article (`KB961799`), when the rule stands for one.
  public var kb: String?
  /// Address of the article.
  public var url: String?
  /// Maturity.
  public var status: RuleStatus
  /// Component area (`network`, `storage` …), from the folder.
  public var area: String?
  /// Where the facts came from (URLs or citations).
  public var references: [String]
  /// Situations that look like this rule but are something else.
  public var falsepositives: [String]
  /// Author notes, including what is inferred or unverified.
  public var notes: [String]
  /// Former ids of this rule.
  public var renamedFrom: [String]
  /// Named selections, in file order.
  public var selections: [Selection]
  /// Which selections must hold.
  public var condition: Condition
  /// The condition as written.
  public var conditionText: String
  /// Highest confidence this rule may report.
  public var maximumConfidence: Confidence?
  /// The fix.
  public var fix: Fix?
  /// Self-test examples.
  public var examples: RuleExamples
  /// Where the rule was loaded from.
  public var source: RuleSource

  /// The selection with this name.
  public func selection(named name: String) -> Selection? {
    selections.first { $0.name == name }
  }
}

/// Where a rule came from: its file path (as shown to users) and the line of `id`.
public struct RuleSource: Hashable, Sendable, Codable {
  /// File path (relative for built-in rules: `network/kb961799.yml`).
  public var file: String
  /// Whether the rule is compiled into the binary.
  public var isBuiltIn: Bool
  /// The rule file's text, when the rule was loaded from one (for digests of a rule set; not
  /// encoded).
  public var text: String

  /// Creates a source.
  public init(file: String, isBuiltIn: Bool, text: String = "") {
    self.file = file
    self.isBuiltIn = isBuiltIn
    self.text = text
  }

  enum CodingKeys: String, CodingKey {
    case file, isBuiltIn
  }

  /// Decodes a source (without its text).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    file = try container.decode(String.self, forKey: .file)
    isBuiltIn = try container.decode(Bool.self, forKey: .isBuiltIn)
    text = ""
  }
}

/// Rule maturity (Sigma's levels).
public enum RuleStatus: String, Hashable, Sendable, Codable, CaseIterable {
  case experimental
  case test
  case stable
  case deprecated
}

/// How sure a verdict is.
public enum Confidence: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
  /// Stop code (and scope) only: possible, unproven.
  case low
  /// Stop code plus supporting evidence (loaded module, parameters), or identifying evidence
  /// without the stop code or OS scope.
  case medium
  /// Stop code plus identifying frame/module/CPU evidence, OS in scope.
  case high

  private var rank: Int {
    switch self {
    case .low: 0
    case .medium: 1
    case .high: 2
    }
  }

  public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}

/// A named selection: a list of alternatives (OR), each a clause of fields (AND).
public struct Selection: Hashable, Sendable {
  /// The name used in the condition.
  public var name: String
  /// Alternatives; any may match.
  public var alternatives: [Clause]
  /// Whether the facts behind this selection are inferred (counts as supporting evidence only).
  public var inferred: Bool
  /// Free-text note.
  public var note: String?
  /// 1-based line of the selection in its file.
  public var line: Int

  /// The evidence kinds its fields provide.
  public var kinds: Set<EvidenceKind> {
    alternatives.reduce(into: Set<EvidenceKind>()) { $0.formUnion($1.kinds) }
  }
}

/// What a selection field proves.
public enum EvidenceKind: String, Hashable, Sendable, Codable, CaseIterable {
  /// Bug check or exception code.
  case stop
  /// Bug check / exception parameters.
  case parameters
  /// A frame on the stack.
  case frame
  /// The blamed module.
  case blame
  /// A loaded module (any version).
  case module
  /// A loaded module in a version range.
  case moduleVersion = "module_version"
  /// Operating system scope.
  case os
  /// Processor identification.
  case cpu
  /// Process name, IRQL or dump kind.
  case context
}

/// All fields of one alternative; every present field must hold.
public struct Clause: Hashable, Sendable {
  /// Bug check codes (any of; compared without the 0x10000000 modifier).
  public var bugChecks: [UInt32] = []
  /// Exception codes (any of).
  public var exceptions: [UInt32] = []
  /// Parameter predicates by 1-based index.
  public var parameters: [ParameterPredicate] = []
  /// Frame patterns (any of), with position and trust.
  public var frames: FrameRequirement?
  /// Module loaded (any of the patterns), optionally in a version range.
  public var module: ModuleRequirement?
  /// Blamed module patterns (any of).
  public var blamed: [GlobPattern] = []
  /// Operating system alternatives (any of).
  public var os: [OSRequirement] = []
  /// Processor requirement.
  public var cpu: CPURequirement?
  /// Process name patterns (any of).
  public var process: [GlobPattern] = []
  /// IRQL.
  public var irql: IntPredicate?
  /// Dump kinds (any of).
  public var dumpKinds: [DumpKind] = []

  /// The evidence kinds this clause provides.
  public var kinds: Set<EvidenceKind> {
    var kinds = Set<EvidenceKind>()
    if !bugChecks.isEmpty || !exceptions.isEmpty { kinds.insert(.stop) }
    // Parameters written beside the stop code narrow the stop (`{ bugcheck: 0x7E, p1:
    // 0xC0000005 }`); in a selection of their own they are supporting evidence. An address
    // inside a named module identifies the module either way.
    if parameters.contains(where: { if case .inModule = $0.test { true } else { false } }) {
      kinds.insert(.blame)
    }
    if !parameters.isEmpty && bugChecks.isEmpty && exceptions.isEmpty {
      kinds.insert(.parameters)
    }
    if frames != nil { kinds.insert(frames?.position == .blamed ? .blame : .frame) }
    if let module { kinds.insert(module.version == nil ? .module : .moduleVersion) }
    if !blamed.isEmpty { kinds.insert(.blame) }
    if !os.isEmpty { kinds.insert(.os) }
    if cpu != nil { kinds.insert(.cpu) }
    if !process.isEmpty || irql != nil || !dumpKinds.isEmpty { kinds.insert(.context) }
    return kinds
  }
}

/// A predicate on one bug check (or exception) parameter.
public struct ParameterPredicate: Hashable, Sendable {
  /// 1-based parameter index.
  public var index: Int
  /// The test.
  public var test: Test

  /// The kinds of parameter test.
  public enum Test: Hashable, Sendable {
    /// Equals one of the values.
    case anyOf([UInt64])
    /// `(value & mask) == expected`.
    case mask(mask: UInt64, expected: UInt64)
    /// Within an integer range.
    case range(IntPredicate)
    /// An address inside a loaded module matching the pattern.
    case inModule(GlobPattern)
    /// Equal to another parameter.
    case sameAs(Int)
  }
}

/// Where on the stack a frame pattern must appear.
public enum FramePosition: Hashable, Sendable {
  /// Anywhere on the crashing thread's stack.
  case anywhere
  /// Among the first N frames.
  case top(Int)
  /// The frame blame chose.
  case blamed
}

/// Frame patterns with position and minimum trust.
public struct FrameRequirement: Hashable, Sendable {
  /// `module!function` globs (or a bare module glob); any may match.
  public var patterns: [FramePattern]
  /// Where.
  public var position: FramePosition
  /// Minimum frame trust (default: above `scan`).
  public var minimumTrust: FrameTrust
}

/// A `module!function` pattern; either side may use `*` and `?`.
public struct FramePattern: Hashable, Sendable, CustomStringConvertible {
  /// Module part (matched against the file name and its stem: `netbt` and `netbt.sys`).
  public var module: GlobPattern
  /// Function part, or `nil` for "any frame in the module".
  public var function: GlobPattern?

  public var description: String {
    function.map { "\(module.text)!\($0.text)" } ?? module.text
  }

  /// Whether the frame matches.
  public func matches(_ frame: FrameFact) -> Bool {
    guard let name = frame.module, matchesModule(name) else { return false }
    guard let function else { return true }
    guard let actual = frame.function else { return false }
    return function.matches(actual)
  }

  /// Whether a module file name matches the module part.
  public func matchesModule(_ name: String) -> Bool {
    RuleMatcher.moduleMatches(module, name)
  }
}

/// A loaded-module requirement.
public struct ModuleRequirement: Hashable, Sendable {
  /// File-name patterns (any of).
  public var names: [GlobPattern]
  /// Version range the loaded file must be in.
  public var version: VersionRange?
}

/// An operating-system requirement; every present field must hold.
public struct OSRequirement: Hashable, Sendable {
  /// Named releases (any of).
  public var releases: [WindowsRelease] = []
  /// Major version.
  public var major: IntPredicate?
  /// Minor version.
  public var minor: IntPredicate?
  /// Build number.
  public var build: IntPredicate?
  /// Service pack number (0 = none).
  public var servicePack: IntPredicate?
  /// `workstation` or `server` (server includes domain controllers).
  public var productType: String?
  /// Architectures (any of): `x86`, `x64`, `ia64`, `arm`, `arm64`.
  public var architectures: [String] = []
}

/// A processor requirement; every present field must hold.
public struct CPURequirement: Hashable, Sendable {
  /// Vendor strings (any of), such as `GenuineIntel`.
  public var vendors: [String] = []
  /// Family.
  public var family: IntPredicate?
  /// Model.
  public var model: IntPredicate?
  /// Stepping.
  public var stepping: IntPredicate?
}

/// What fixes the crash.
public struct Fix: Hashable, Sendable, Codable {
  /// Hotfix article (`KB939315`), when there is a hotfix.
  public var hotfix: String?
  /// Other fix (service pack, vendor update, none published) in words.
  public var resolution: String?
  /// Files the hotfix installs, with versions.
  public var files: [FixedFile]
  /// Why no fixed file version is known, when `files` has none with a version.
  public var versionsUnknownReason: String?
  /// Hotfixes this one replaces.
  public var replaces: [String]
  /// Prerequisites.
  public var prerequisites: [String]
  /// Restart requirement (`required`, `not required`, or unknown).
  public var restart: String?
  /// Workarounds.
  public var workarounds: [String]
  /// Related articles.
  public var related: [String]
}

/// A file a fix installs.
public struct FixedFile: Hashable, Sendable, Codable {
  /// File name (`storport.sys`).
  public var name: String
  /// Fixed version, when known.
  public var version: FileVersion?
  /// Architectures it applies to (empty = all).
  public var architectures: [String]
  /// Releases it applies to (names; empty = all).
  public var windows: [String]
  /// Branch label as published (`GDR`, `LDR`, `TSE`), informational.
  public var branchLabel: String?
  /// Note about the version's source.
  public var note: String?
}
