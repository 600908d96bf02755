import ContainerFormats
import Foundation

/// Dumps inside gzip, zip and cabinet files, in the pipeline.
///
/// Batches (``BatchRunner``) expand every container input into its members and triage each one
/// under the name `archive!member`; ``Triage/analyze(data:displayName:options:)`` opens a
/// container that holds exactly one dump (the usual `.dumpcab` / WER cabinet) the same way.
/// The report for a dump read from a container equals the report for the extracted file,
/// except for its path.
extension Triage {
  /// Triages the single dump inside a container.
  ///
  /// - Parameters:
  ///   - data: The container's bytes.
  ///   - displayName: The container's name; the analysis is named `displayName!member`.
  ///   - options: Pipeline options (``TriageOptions/containerLimits`` applies).
  /// - Returns: The analysis of the one member.
  /// - Throws: ``TriageError`` when the container cannot be expanded, holds no member or more
  ///   than one (batches handle those), or its member is not a dump.
  static func analyzeSingleMember(
    container data: Data, displayName: String, options: TriageOptions
  ) throws(TriageError) -> DumpAnalysis {
    let members: [ContainerMember]
    do {
      members = try ContainerFormats.expand(
        data, name: displayName, limits: options.containerLimits)
    } catch {
      throw TriageError(file: displayName, container: error)
    }
    guard members.count == 1, let member = members.first else {
      throw TriageError(
        file: displayName, code: "container",
        message:
          "the container holds \(members.count) files; triage it as a batch "
          + "(dumptriage \(displayName)) to get one report per member", offset: nil)
    }
    switch member.content {
    case .failure(let error):
      throw TriageError(file: member.path, container: error)
    case .success(let bytes):
      if ContainerFormats.kind(of: bytes) != nil {
        throw TriageError(
          file: member.path, code: "container",
          message: "a container inside a container: triage it as a batch", offset: nil)
      }
      return try analyze(data: bytes, displayName: member.path, options: options)
    }
  }
}

extension TriageError {
  /// Wraps a container expansion error (its message names any limit and how to raise it).
  init(file: String, container error: ContainerError) {
    self.init(
      file: error.path.isEmpty ? file : error.path, code: error.code.rawValue,
      message: error.message, offset: error.offset)
  }
}

/// Sizes given on the command line, such as `--max-expanded-size 16G`.
public enum ByteSize {
  /// Parses a byte count with an optional binary suffix: `4096`, `512K`, `64M`, `8G`, `1T`
  /// (also `KiB`, `MB`… — all powers of 1024).
  ///
  /// - Parameter text: The size.
  /// - Returns: The number of bytes, or `nil` when the text is not a positive size.
  public static func parse(_ text: String) -> UInt64? {
    var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
    for suffix in ["IB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
      digits.removeLast(suffix.count)
      break
    }
    var shift: UInt64 = 0
    if let last = digits.last, let index = ["K", "M", "G", "T"].firstIndex(of: String(last)) {
      shift = UInt64(10 * (index + 1))
      digits.removeLast()
    }
    guard let value = UInt64(digits), value > 0 else { return nil }
    let (result, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
    return overflow ? nil : result
  }

  /// The expansion limits for `--max-expanded-size SIZE`.
  ///
  /// - Parameter bytes: The largest expanded size of one member.
  /// - Returns: The default limits with that member size (and a total at least twice it).
  public static func expansionLimits(maxExpandedSize bytes: UInt64) -> ExpansionLimits {
    ExpansionLimits.maxExpandedSize(bytes)
  }
}
