/// Limits that stop decompression bombs while expanding containers.
///
/// The defaults let a 4 GiB full memory dump through but stop a small file that claims (or
/// expands to) far more: sizes are checked against the claimed size before decoding and
/// against the running output while decoding, so memory stays bounded by the limits.
public struct ExpansionLimits: Sendable, Hashable {
  /// The largest expanded size of one member, in bytes (`--max-expanded-size`).
  public var maxMemberSize: UInt64
  /// The largest expanded size of all members of one top-level input together, in bytes.
  public var maxTotalSize: UInt64
  /// The largest ratio of expanded to compressed size, checked once a member's output is
  /// larger than ``ratioFloor``.
  public var maxRatio: UInt64
  /// Output size below which the ratio is not checked (small, very compressible files pass).
  public var ratioFloor: UInt64
  /// How many containers deep expansion goes (`dumps.zip!inner.cab!x.dmp` is depth 2).
  public var maxDepth: Int
  /// The largest number of members in one container.
  public var maxMembers: Int

  /// The default limits.
  ///
  /// 8 GiB per member, 16 GiB in total, ratio 1000:1 above 64 MiB, depth 2, 10 000 members.
  public static var `default`: Self {
    .init(
      maxMemberSize: 8 << 30, maxTotalSize: 16 << 30, maxRatio: 1000, ratioFloor: 64 << 20,
      maxDepth: 2, maxMembers: 10_000)
  }

  /// Creates limits.
  ///
  /// - Parameters:
  ///   - maxMemberSize: The largest expanded size of one member, in bytes.
  ///   - maxTotalSize: The largest expanded size of all members together, in bytes.
  ///   - maxRatio: The largest expanded:compressed ratio above `ratioFloor`.
  ///   - ratioFloor: Output size below which the ratio is not checked.
  ///   - maxDepth: How many containers deep expansion goes.
  ///   - maxMembers: The largest number of members in one container.
  public init(
    maxMemberSize: UInt64, maxTotalSize: UInt64, maxRatio: UInt64, ratioFloor: UInt64,
    maxDepth: Int, maxMembers: Int
  ) {
    self.maxMemberSize = maxMemberSize
    self.maxTotalSize = maxTotalSize
    self.maxRatio = maxRatio
    self.ratioFloor = ratioFloor
    self.maxDepth = maxDepth
    self.maxMembers = maxMembers
  }

  /// Returns the default limits with a different per-member size (`--max-expanded-size`).
  ///
  /// The total limit becomes twice the member limit when that is larger than the default.
  ///
  /// - Parameter bytes: The largest expanded size of one member.
  /// - Returns: The adjusted limits.
  public static func maxExpandedSize(_ bytes: UInt64) -> Self {
    var limits = Self.default
    limits.maxMemberSize = bytes
    let doubled = bytes.multipliedReportingOverflow(by: 2)
    limits.maxTotalSize = max(
      limits.maxTotalSize, doubled.overflow ? UInt64.max : doubled.partialValue)
    return limits
  }
}

/// Tracks output against the limits for one top-level expansion.
///
/// A class so nested expansions share one running total; used from one thread at a time.
final class ExpansionBudget: @unchecked Sendable {
  let limits: ExpansionLimits
  private(set) var total: UInt64 = 0
  /// Whether the whole-input total limit was hit (expansion must stop, not skip a member).
  private(set) var totalExceeded = false

  init(_ limits: ExpansionLimits) { self.limits = limits }

  /// Fails when a member that claims `size` bytes cannot fit.
  func checkClaim(_ size: UInt64, path: String) throws(ContainerError) {
    if size > limits.maxMemberSize {
      throw memberLimitError(path: path, size: size, claimed: true)
    }
    let (sum, overflow) = total.addingReportingOverflow(size)
    if overflow || sum > limits.maxTotalSize {
      throw totalLimitError(path: path, claimed: true)
    }
  }

  /// Fails when a member's output of `produced` bytes from `compressed` input breaks a limit.
  ///
  /// With `perMember` false (a cabinet folder holding several files) only the total and
  /// ratio limits apply; each file's size is checked against its claim.
  func checkProgress(
    produced: UInt64, compressed: UInt64, path: String, perMember: Bool = true
  ) throws(ContainerError) {
    if perMember && produced > limits.maxMemberSize {
      throw memberLimitError(path: path, size: produced, claimed: false)
    }
    let (sum, overflow) = total.addingReportingOverflow(produced)
    if overflow || sum > limits.maxTotalSize {
      throw totalLimitError(path: path, claimed: false)
    }
    if produced > limits.ratioFloor {
      let (allowed, over) = max(compressed, 1).multipliedReportingOverflow(by: limits.maxRatio)
      if !over, produced > allowed {
        throw ContainerError(
          .limitExceeded, path: path,
          "expands more than \(limits.maxRatio):1 (\(produced) bytes from \(compressed)); "
            + "the expansion-ratio limit stops decompression bombs; raise it with "
            + "ExpansionLimits.maxRatio if this file is genuine")
      }
    }
  }

  /// Adds a finished member to the running total.
  func commit(_ size: Int) {
    total = total.addingReportingOverflow(UInt64(clamping: size)).partialValue
  }

  private func memberLimitError(path: String, size: UInt64, claimed: Bool) -> ContainerError {
    ContainerError(
      .limitExceeded, path: path,
      "member \(claimed ? "claims" : "expands to more than") \(size) bytes, over the "
        + "maximum expanded size of \(limits.maxMemberSize) bytes; raise it with "
        + "--max-expanded-size (ExpansionLimits.maxMemberSize)")
  }

  private func totalLimitError(path: String, claimed: Bool) -> ContainerError {
    totalExceeded = true
    return ContainerError(
      .limitExceeded, path: path,
      "the archive \(claimed ? "would expand" : "expands") to more than the total limit of "
        + "\(limits.maxTotalSize) bytes; raise it with --max-expanded-size "
        + "(ExpansionLimits.maxTotalSize)")
  }
}
