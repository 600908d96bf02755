import Foundation

/// A four-part Windows file version (`5.2.3790.4318`).
///
/// Microsoft services a file on several branches at once (GDR and LDR/QFE): for Windows 7 RTM,
/// `6.1.7600.16xxx` is GDR and `6.1.7600.20xxx` is LDR. ``branch`` identifies the branch so that a
/// "fixed in" comparison is made only against the fixed version of the same branch.
public struct FileVersion: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
  /// Major, minor, build, revision.
  public var parts: [UInt32]

  /// Creates a version from up to four parts (missing parts are 0).
  public init(_ major: UInt32, _ minor: UInt32 = 0, _ build: UInt32 = 0, _ revision: UInt32 = 0) {
    parts = [major, minor, build, revision]
  }

  /// Parses `a.b.c.d` (1–4 numeric parts; `,` also accepted as separator); `nil` otherwise.
  public init?(_ text: String) {
    let pieces = text.trimmingCharacters(in: .whitespaces).split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
    guard (1...4).contains(pieces.count) else { return nil }
    var values: [UInt32] = []
    for piece in pieces {
      guard let value = UInt32(piece.trimmingCharacters(in: .whitespaces)) else { return nil }
      values.append(value)
    }
    while values.count < 4 { values.append(0) }
    parts = values
  }

  /// From VS_FIXEDFILEINFO's `dwFileVersionMS` / `dwFileVersionLS`.
  public init(ms: UInt32, ls: UInt32) {
    self.init(ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF)
  }

  /// Major part.
  public var major: UInt32 { parts[0] }
  /// Minor part.
  public var minor: UInt32 { parts[1] }
  /// Build part.
  public var build: UInt32 { parts[2] }
  /// Revision part.
  public var revision: UInt32 { parts[3] }

  /// The servicing branch key: major.minor.build plus the revision's leading digits.
  ///
  /// `6.1.7600.16385` → `6.1.7600.16`, `6.1.7600.20xxx` → `6.1.7600.20`. For revisions below
  /// 10000 (Windows XP/2003 era: `5.2.3790.4318`) the branch is the build alone.
  public var branch: String {
    let head = "\(major).\(minor).\(build)"
    guard revision >= 10_000 else { return head }
    return head + "." + String(revision / 1000)
  }

  public var description: String { parts.map(String.init).joined(separator: ".") }

  public static func < (lhs: FileVersion, rhs: FileVersion) -> Bool {
    lhs.parts.lexicographicallyPrecedes(rhs.parts)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = FileVersion(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "not a file version: \(text)")
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
