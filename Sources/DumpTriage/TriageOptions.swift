import ContainerFormats
import DumpFormats
import StackUnwinding

/// Options for ``Triage/analyze(data:displayName:options:)``.
///
/// Later stages (symbols, stack walking, rules) add their options here, each with a default
/// that keeps today's behaviour.
public struct TriageOptions: Sendable {
  /// The most raw-stack candidates kept as `scan` frames.
  public var maxScanFrames: Int
  /// Where symbols and images come from for stack walks (user-mode minidumps use it today).
  public var symbols: any SymbolResolver = NoSymbols()
  /// The most frames the stack walker returns.
  public var maxStackFrames = StackWalker.Options.defaultMaxFrames
  /// Record each unwind decision in ``DumpAnalysis/stackTrace`` (`--trace-stack`).
  public var traceStack = false
  /// Limits for dumps read from gzip, zip and cabinet files (`--max-expanded-size`).
  public var containerLimits: ExpansionLimits = .default

  /// Creates options with the defaults.
  public init(maxScanFrames: Int = 64) {
    self.maxScanFrames = maxScanFrames
  }
}
