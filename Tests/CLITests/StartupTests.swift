import Foundation
import Testing
import TriageTestSupport

/// What the tool loads at start-up (docs/performance.md, "Start-up").
@Suite struct StartupTests {
  static let readelf: String? = ["/usr/bin/readelf", "/usr/bin/llvm-readelf"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// Networking is loaded on first use only: linking libcurl or FoundationNetworking (which
  /// links it) made every start map about 30 TLS, Kerberos and LDAP libraries, about 7 ms.
  @Test(.enabled(if: CLI.executable != nil && readelf != nil))
  func theToolLinksNoNetworkingLibraries() throws {
    let tool = try #require(CLI.executable)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(Self.readelf))
    process.arguments = ["--dynamic", tool.path]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let needed = text.split(separator: "\n").filter { $0.contains("(NEEDED)") }
    #expect(needed.contains { $0.contains("libc.so") }, "\(needed)")
    #expect(!needed.contains { $0.contains("libcurl") }, "\(needed)")
    #expect(!needed.contains { $0.contains("FoundationNetworking") }, "\(needed)")
  }
}
