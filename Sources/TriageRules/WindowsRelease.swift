import TriageFacts

/// A named Windows release, as rule authors write it in `os.windows`.
///
/// Releases that share a kernel version are told apart by product type (Windows XP x64 and
/// Windows Server 2003 are both 5.2) or by build (Windows 10 and 11 are both 10.0).
public struct WindowsRelease: Hashable, Sendable {
  /// The name used in rule files (`server-2003`).
  public var name: String
  /// What users call it (`Windows Server 2003`).
  public var displayName: String
  /// Major version.
  public var major: UInt32
  /// Minor version.
  public var minor: UInt32
  /// Builds belonging to the release, when it shares a version with another.
  public var builds: ClosedRange<UInt32>?
  /// Required product family: `true` server, `false` workstation, `nil` either.
  public var server: Bool?
  /// Required architecture, when the release exists for one only.
  public var architecture: String?

  /// Every release the rules may name.
  public static let all: [WindowsRelease] = [
    .init("nt-3.5", "Windows NT 3.5", 3, 50),
    .init("nt-3.51", "Windows NT 3.51", 3, 51),
    .init("nt-4.0", "Windows NT 4.0", 4, 0),
    .init("2000", "Windows 2000", 5, 0),
    .init("xp", "Windows XP", 5, 1),
    .init("xp-x64", "Windows XP Professional x64", 5, 2, server: false, architecture: "x64"),
    .init("server-2003", "Windows Server 2003", 5, 2, server: true),
    .init("vista", "Windows Vista", 6, 0, server: false),
    .init("server-2008", "Windows Server 2008", 6, 0, server: true),
    .init("7", "Windows 7", 6, 1, server: false),
    .init("server-2008-r2", "Windows Server 2008 R2", 6, 1, server: true),
    .init("8", "Windows 8", 6, 2, server: false),
    .init("server-2012", "Windows Server 2012", 6, 2, server: true),
    .init("8.1", "Windows 8.1", 6, 3, server: false),
    .init("server-2012-r2", "Windows Server 2012 R2", 6, 3, server: true),
    .init("10", "Windows 10", 10, 0, builds: 10240...21999, server: false),
    .init("11", "Windows 11", 10, 0, builds: 22000...99999, server: false),
    .init("server-2016", "Windows Server 2016", 10, 0, builds: 14393...14393, server: true),
    .init("server-2019", "Windows Server 2019", 10, 0, builds: 17763...17763, server: true),
    .init("server-2022", "Windows Server 2022", 10, 0, builds: 20348...20348, server: true),
  ]

  init(
    _ name: String, _ displayName: String, _ major: UInt32, _ minor: UInt32,
    builds: ClosedRange<UInt32>? = nil, server: Bool? = nil, architecture: String? = nil
  ) {
    self.name = name
    self.displayName = displayName
    self.major = major
    self.minor = minor
    self.builds = builds
    self.server = server
    self.architecture = architecture
  }

  /// The release with this rule-file name.
  public static func named(_ name: String) -> WindowsRelease? {
    let wanted = name.lowercased()
    return all.first { $0.name == wanted }
  }

  /// How `os` relates to this release: `false` when a known fact contradicts it.
  func admits(_ os: OSFacts) -> (matches: Bool, unknown: [String]) {
    var unknown: [String] = []
    guard let major = os.majorVersion, let minor = os.minorVersion else {
      return (false, ["OS version"])
    }
    guard major == self.major, minor == self.minor else { return (false, []) }
    if let builds {
      if let build = os.build {
        if !builds.contains(build) { return (false, []) }
      } else {
        unknown.append("build")
      }
    }
    if let server {
      if let type = os.productType {
        if type.isServer != server { return (false, []) }
      } else {
        unknown.append("product type")
      }
    }
    if let architecture {
      if let arch = os.architecture {
        if arch.lowercased() != architecture { return (false, []) }
      } else {
        unknown.append("architecture")
      }
    }
    return (true, unknown)
  }

  /// The release `os` belongs to, when the facts say enough.
  public static func identify(_ os: OSFacts) -> WindowsRelease? {
    all.first { release in
      let result = release.admits(os)
      return result.matches && result.unknown.isEmpty
    } ?? all.first { $0.admits(os).matches }
  }
}
