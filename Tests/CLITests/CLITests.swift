import Foundation
import Testing
import TriageTestSupport

/// Runs the built `dumptriage` binary.
enum CLI {
  /// The executable beside the test bundle in the build products directory.
  static let executable: URL? = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<5 {
      let candidate = directory.appendingPathComponent("dumptriage")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    let fallback = TestPaths.repositoryRoot.appendingPathComponent(".build/debug/dumptriage")
    return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
  }()

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
    let url = try #require(executable, "dumptriage was not built")
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.currentDirectoryURL = TestPaths.repositoryRoot
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  static func temporaryFile(_ bytes: [UInt8], name: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-cli-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }
}

@Suite(.enabled(if: CLI.executable != nil)) struct CLITests {
  @Test func triagesTheSampleDirectory() throws {
    let result = try CLI.run(["docs/samples/", "--no-cache"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    let headers = result.stdout.split(separator: "\n").filter { $0.hasPrefix("== docs/") }
    #expect(headers.count == 8)
    #expect(headers == headers.sorted())
    #expect(result.stdout.contains("PROBABLY CAUSED BY: netbt"))
    #expect(
      result.stdout.contains("P4 (address of the faulting instruction) 0xf6d811a8 lies in netbt"))
    #expect(result.stdout.contains("5.2.3790 (Windows Server 2003, Service Pack 2, server, x86)"))
    #expect(result.stdout.contains("== SUMMARY\n8 dumps from 8 machines; 0 failed"))
    #expect(!result.stdout.contains("README"))
  }

  @Test func jsonOutput() throws {
    let result = try CLI.run(["--json", "docs/samples/srv2003sp2-x86-0xD1-netbt.dmp"])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["schema_version"] as? Int == 1)
    let dumps = try #require(object["dumps"] as? [[String: Any]])
    #expect(dumps.count == 1)
    #expect(dumps.first?["status"] as? String == "ok")
    #expect(object["summary"] == nil)
  }

  @Test func missingAndUnreadableFilesFail() throws {
    let text = try CLI.temporaryFile(Array("just text".utf8), name: "notes.txt")
    let cut = try CLI.temporaryFile(Array("PAGEDU64".utf8) + [0x0F, 0, 0], name: "cut.dmp")
    let result = try CLI.run([
      "docs/samples/win10-x64-0xE2-manual.dmp", "no-such.dmp", text, cut,
    ])
    #expect(result.status == 1)
    #expect(result.stdout.contains("MANUALLY_INITIATED_CRASH"))
    #expect(result.stdout.contains("initiated by a person"))
    #expect(result.stderr.contains("no-such.dmp: no such file or directory"))
    #expect(result.stderr.contains("notes.txt: not a crash dump"))
    #expect(result.stderr.contains("at byte offset 0x0"))
    #expect(result.stderr.contains("cut.dmp: DUMP_HEADER.MajorVersion: truncated"))
    #expect(result.stderr.contains("at byte offset 0x8"))
  }

  @Test func jsonListsErrors() throws {
    let result = try CLI.run(["--json", "no-such.dmp"])
    #expect(result.status == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let dumps = try #require(object["dumps"] as? [[String: Any]])
    #expect(dumps.first?["path"] as? String == "no-such.dmp")
    #expect(dumps.first?["status"] as? String == "failed")
    #expect(dumps.first?["error"] as? String == "no-such.dmp: no such file or directory")
  }

  @Test func showBugCheck() throws {
    let result = try CLI.run(["show-bugcheck", "0xD1", "10", "2", "1", "fffff804`12345678"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("DRIVER_IRQL_NOT_LESS_OR_EQUAL (0x000000D1)"))
    #expect(result.stdout.contains("= write"))
    #expect(result.stdout.contains("= DISPATCH_LEVEL"))
    #expect(result.stdout.contains("Arg4: 0xfffff80412345678"))
    let modified = try CLI.run(["show-bugcheck", "1000007e"])
    #expect(modified.stdout.hasPrefix("SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M (0x1000007E)"))
    let bad = try CLI.run(["show-bugcheck", "zzz"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("not a bug check code"))
  }

  @Test func helpListsSubcommands() throws {
    let result = try CLI.run(["--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("show-bugcheck"))
    #expect(result.stdout.contains("triage"))
  }
}
