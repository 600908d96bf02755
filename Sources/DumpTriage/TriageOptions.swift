import TriageRules

/// Options for ``Triage/analyze(data:displayName:options:)``.
///
/// Later stages (symbols, stack walking, rules) add their options here, each with a default
/// that keeps today's behaviour.
public struct TriageOptions: Sendable {
  /// The most raw-stack candidates kept as `scan` frames.
  public var maxScanFrames: Int
  /// The most files a directory argument expands to.
  public var maxDirectoryFiles: Int
  /// The KB rules to match (`--rules`, `--no-default-rules`); `nil` means the built-in rules.
  public var rules: RuleSet? = nil

  /// Creates options with the defaults.
  public init(maxScanFrames: Int = 64, maxDirectoryFiles: Int = 10_000) {
    self.maxScanFrames = maxScanFrames
    self.maxDirectoryFiles = maxDirectoryFiles
  }
}
