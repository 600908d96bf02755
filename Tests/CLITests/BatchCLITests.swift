import Foundation
import Testing
import TriageTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Batches through the built binary: interruption, a killed run, exit codes.
@Suite(.enabled(if: CLI.executable != nil), .serialized) struct BatchCLITests {
  /// `machines` machines × the sample dumps, each copy made unique by a trailer.
  static func tree(machines: Int) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-batch-\(UUID().uuidString)")
    let samples = TestPaths.repositoryRoot.appendingPathComponent("docs/samples")
    let files = try FileManager.default.contentsOfDirectory(atPath: samples.path)
      .filter { $0.hasSuffix(".dmp") }
    let contents = try files.map { try Data(contentsOf: samples.appendingPathComponent($0)) }
    for machine in 0..<machines {
      let name = String(format: "PC-%04d", machine)
      let folder = root.appendingPathComponent("\(name)/Minidump")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for (file, data) in zip(files, contents) {
        try (data + Data(name.utf8)).write(to: folder.appendingPathComponent(file))
      }
    }
    return root
  }

  static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
    let process = Process()
    process.executableURL = try #require(CLI.executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Waits until the cache's WAL holds committed results (the schema alone is under 40 KB; four
  /// results are about 170 KB), or `process` ends.
  static func waitForCommits(_ process: Process, cache: String) {
    let deadline = Date().addingTimeInterval(30)
    while process.isRunning, Date() < deadline {
      usleep(10_000)
      let wal = (try? FileManager.default.attributesOfItem(atPath: cache + "-wal"))?[.size]
      if let size = wal as? Int, size > 100_000 { return }
    }
  }

  static func json(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  /// SIGKILL mid-batch: the output file is never half-written, the cache stays usable, and the
  /// next run completes with the results the killed run committed.
  @Test func killedRunThenRerun() throws {
    let root = try Self.tree(machines: 10)
    defer { try? FileManager.default.removeItem(at: root) }
    let cache = root.appendingPathComponent("cache.sqlite").path
    let output = root.appendingPathComponent("out.json").path
    let arguments = [root.path, "--cache", cache, "--jobs", "1", "--json", "--output", output]
    // Commit every 8 results so the killed run leaves some behind.
    let killed = try Self.start(arguments, environment: ["DUMPTRIAGE_CACHE_BATCH": "8"])
    // Wait until results are being committed, then kill without warning.
    Self.waitForCommits(killed, cache: cache)
    if killed.isRunning {
      kill(killed.processIdentifier, SIGKILL)
    }
    killed.waitUntilExit()
    let wasKilled = killed.terminationReason == .uncaughtSignal
    if wasKilled { #expect(!FileManager.default.fileExists(atPath: output)) }

    let rerun = try CLI.run(arguments + ["--verbose"])
    #expect(rerun.status == 0, "\(rerun.stderr)")
    let report = try Self.json(output)
    #expect((report["dumps"] as? [Any])?.count == 80)
    #expect(report["partial"] == nil)
    if wasKilled { #expect(!rerun.stderr.contains(", 0 from the cache")) }
    let warm = try CLI.run(arguments + ["--verbose"])
    #expect(warm.status == 0)
    #expect(warm.stderr.contains("80 from the cache"), "\(warm.stderr)")
    #expect(!warm.stderr.contains("warning"))
  }

  /// SIGINT: in-flight dumps finish, the report is written marked partial, exit status 130.
  @Test func interruptWritesPartialReport() throws {
    let root = try Self.tree(machines: 20)
    defer { try? FileManager.default.removeItem(at: root) }
    let output = root.appendingPathComponent("out.json").path
    let cache = root.appendingPathComponent("cache.sqlite").path
    // The cache (committed every 4 results) shows when dumps are being analysed, that is when
    // the handler is installed; a SIGINT before that would meet the test runner's disposition.
    let process = try Self.start(
      [root.path, "--cache", cache, "--jobs", "1", "--json", "--output", output],
      environment: ["DUMPTRIAGE_CACHE_BATCH": "4"])
    Self.waitForCommits(process, cache: cache)
    guard process.isRunning else {
      process.waitUntilExit()
      Issue.record("the batch finished before it could be interrupted")
      return
    }
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    let report = try Self.json(output)
    #expect(report["partial"] as? Bool == true)
    let dumps = try #require(report["dumps"] as? [[String: Any]])
    #expect(dumps.count < 160)
    let paths = dumps.compactMap { $0["path"] as? String }
    #expect(paths == paths.sorted())
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect(JSONSchemaCheck.problems(in: text) ?? [] == [])
  }

  @Test func corruptDumpsExitOne() throws {
    let root = try Self.tree(machines: 2)
    defer { try? FileManager.default.removeItem(at: root) }
    let bad = root.appendingPathComponent("PC-0000/Minidump/Mini-bad.dmp")
    try Data("PAGEDU64".utf8 + [0x0F]).write(to: bad)
    let result = try CLI.run([root.path, "--no-cache", "--csv", "-"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("Mini-bad.dmp"))
    #expect(result.stdout.components(separatedBy: "\r\n").count == 17 + 2)
  }
}
