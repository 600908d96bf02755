import Foundation
import Testing
import TriageTestSupport

/// Symbol servers through the built binary: a cold run downloads what the triage needs, a
/// second run with the cache warm and the server stopped gives the same symbolized report.
@Suite(.serialized, .enabled(if: CLI.executable != nil && LoopbackSymbolServer.python != nil))
struct SymbolServerCLITests {
  static let sample = "docs/samples/srv2003sp2-x86-0xD1-netbt.dmp"
  /// A frame named from the PDB, as the JSON report writes it.
  static let symbolizedFrame = "\"function\" : \"NbtCopyToStartOfIndicate\""

  /// A scratch folder (removed by the caller) and an environment that keeps a run away from
  /// the user's symbol settings and default cache.
  static func isolated(_ prefix: String) -> (scratch: String, environment: [String: String]) {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(prefix)-\(UUID().uuidString)"
    ).path
    return (
      scratch,
      [
        "DUMPTRIAGE_SYMBOL_CACHE": scratch + "/default", "_NT_SYMBOL_PATH": "",
        "_NT_ALT_SYMBOL_PATH": "",
      ]
    )
  }

  /// A loopback server holding the repository's default store.
  static func repositoryStoreServer() throws -> LoopbackSymbolServer {
    try LoopbackSymbolServer(root: TestPaths.repositoryRoot.appendingPathComponent("Symbols").path)
  }

  /// The paths of files the server was asked for (its statistics left out).
  static func askedFiles(_ server: LoopbackSymbolServer) -> [String] {
    server.counts().keys.filter { $0 != "/__stats" && $0 != "__max_inflight" }
  }

  @Test func warmCacheWithTheServerStoppedGivesTheSameReport() throws {
    let (scratch, environment) = Self.isolated("symsrv-cli")
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    // The server holds the repository's default store; the run must not read it directly.
    let server = try Self.repositoryStoreServer()
    let arguments = [
      Self.sample, "--json", "--no-cache", "--no-default-symbols",
      "--symbol-path", "srv*\(scratch)/cache*\(server.url)",
    ]
    // A stale 2 MiB file from an earlier run: over the 1 MiB limit, the cold run removes it.
    let stale = scratch + "/cache/old.pdb/0123/old.pdb"
    try FileManager.default.createDirectory(
      atPath: (stale as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(count: 2 << 20).write(to: URL(fileURLWithPath: stale))
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -86400 * 30)], ofItemAtPath: stale)
    let cold = try CLI.run(arguments + ["--symbol-cache-size", "1M"], environment: environment)
    #expect(cold.status == 0, "\(cold.stderr)")
    #expect(cold.stdout.contains(Self.symbolizedFrame))
    // The summary of what was fetched, from where, and how long it took.
    #expect(cold.stderr.contains("symbols: fetched "), "\(cold.stderr)")
    #expect(cold.stderr.contains(server.url + "/netbt.pdb/"))
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(cold.stderr.contains("1 file(s) removed"), "\(cold.stderr)")
    let asked = Self.askedFiles(server)
    // Only modules on the stack (and the blamed one) are asked for, never all ten drivers.
    let stackModules = ["netbt", "ntkrnlpa", "tcpip", "ndis"]
    #expect(
      asked.allSatisfy { path in stackModules.contains { path.lowercased().contains($0) } },
      "\(asked.sorted())")
    server.stop()

    let warm = try CLI.run(arguments, environment: environment)
    #expect(warm.status == 0, "\(warm.stderr)")
    #expect(warm.stdout == cold.stdout)
    #expect(!warm.stderr.contains("fetched"), "\(warm.stderr)")

    let offline = try CLI.run(arguments + ["--offline"], environment: environment)
    #expect(offline.stdout == cold.stdout)
  }

  @Test func withoutSymbolsTheSameDumpIsNotSymbolized() throws {
    let result = try CLI.run(
      [Self.sample, "--json", "--no-cache", "--no-default-symbols"],
      environment: ["_NT_SYMBOL_PATH": "", "_NT_ALT_SYMBOL_PATH": ""])
    #expect(result.status == 0)
    #expect(!result.stdout.contains(Self.symbolizedFrame))
  }

  @Test func symbolCacheSizeIsValidated() throws {
    let result = try CLI.run([Self.sample, "--symbol-cache-size", "lots"])
    #expect(result.status == 64 || result.status == 2, "\(result.status)")
    #expect(result.stderr.contains("--symbol-cache-size"))
  }

  /// Without libcurl the triage still runs: each server request fails at once (no retries, no
  /// 404 remembered) and the summary says why.
  @Test func missingLibcurlFailsRequestsWithTheReasonAndNoRetries() throws {
    let (scratch, isolatedEnvironment) = Self.isolated("symsrv-nocurl")
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    var environment = isolatedEnvironment
    environment["DUMPTRIAGE_LIBCURL"] = scratch + "/no/libcurl.so.4"
    let server = try Self.repositoryStoreServer()
    let start = Date()
    let result = try CLI.run(
      [
        Self.sample, "--no-cache", "--no-default-symbols",
        "--symbol-path", "srv*\(scratch)/cache*\(server.url)",
      ],
      environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("VERDICT: KB961799"))
    #expect(
      result.stderr.contains("libcurl could not be loaded from DUMPTRIAGE_LIBCURL="),
      "\(result.stderr)")
    #expect(result.stderr.contains("symbols: failed "), "\(result.stderr)")
    // Retries with backoff would take seconds per module; none reached the server.
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(Self.askedFiles(server).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: scratch + "/cache/.negative"))
  }
}
