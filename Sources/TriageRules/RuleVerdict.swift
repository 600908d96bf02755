import TriageFacts

/// What one rule says about one crash: the KB, how sure, why, and whether the fix is installed.
public struct RuleVerdict: Hashable, Sendable, Codable {
  /// Rule id.
  public var ruleID: String
  /// Rule title.
  public var title: String
  /// KB article (`KB961799`).
  public var kb: String?
  /// Article address.
  public var url: String?
  /// Rule maturity.
  public var status: RuleStatus
  /// How sure.
  public var confidence: Confidence
  /// Higher = more evidence of more kinds matched (ties broken by this after confidence).
  public var specificity: Int
  /// What matched.
  public var evidence: [Evidence]
  /// What did not match (optional selections), with hints to confirm.
  public var missing: [MissingEvidence]
  /// Whether the fix is installed.
  public var patch: PatchStatus
  /// The fix.
  public var fix: Fix?
  /// Sources.
  public var references: [String]
  /// Known look-alikes.
  public var falsepositives: [String]
  /// Rule file.
  public var source: RuleSource
}

/// One piece of evidence: which selection matched what.
public struct Evidence: Hashable, Sendable, Codable, CustomStringConvertible {
  /// Selection name.
  public var selection: String
  /// What kinds of evidence it is.
  public var kinds: [EvidenceKind]
  /// What matched, in words: `frame #3 netbt!NbtCopyToStartOfIndicate+0x5a (trust cfi)`.
  public var detail: String

  public var description: String { "\(selection): \(detail)" }
}

/// Evidence the rule looks for but did not find.
public struct MissingEvidence: Hashable, Sendable, Codable, CustomStringConvertible {
  /// Selection name.
  public var selection: String
  /// What was looked for and not found.
  public var detail: String
  /// How to confirm (`no symbols for netbt.sys: add its PDB to confirm`), when there is a way.
  public var hint: String?

  public var description: String {
    hint.map { "\(selection): \(detail); hint: \($0)" } ?? "\(selection): \(detail)"
  }
}

/// Whether the fix is installed.
public enum PatchState: String, Hashable, Sendable, Codable, CaseIterable {
  /// Every fixed file present is at or above its fixed version on its branch.
  case installed
  /// A fixed file is below its fixed version on its branch.
  case notInstalled = "not_installed"
  /// Versions cannot be compared (not in the dump, file not loaded, other branch).
  case unknown
  /// The rule knows a hotfix but not its file versions.
  case fixedVersionUnknown = "fixed_version_unknown"
  /// There is no hotfix (workaround, vendor update or service pack only).
  case noHotfix = "no_hotfix"
}

/// Patch state with the sentence users read.
public struct PatchStatus: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The state.
  public var state: PatchState
  /// The sentence users read.
  ///
  /// For example `not installed: netbt.sys 5.2.3790.4318 < 5.2.3790.4446`, `installed: …` or
  /// `unknown: module version not in dump`.
  public var summary: String
  /// The file compared, when one was.
  public var file: String?
  /// Its loaded version.
  public var loadedVersion: FileVersion?
  /// Its fixed version on the same branch.
  public var fixedVersion: FileVersion?

  /// Creates a status.
  public init(
    state: PatchState, summary: String, file: String? = nil, loadedVersion: FileVersion? = nil,
    fixedVersion: FileVersion? = nil
  ) {
    self.state = state
    self.summary = summary
    self.file = file
    self.loadedVersion = loadedVersion
    self.fixedVersion = fixedVersion
  }

  public var description: String { summary }
}
