import Foundation
import Testing
import TriageReporting

@testable import DumpTriage

@Suite struct MachineNamingTests {
  @Test func layoutFindsMinidumpParent() {
    let naming = MachineNaming.layout
    #expect(naming.machine(for: "/share/PC-01/Minidump/Mini1.dmp", root: "/share") == "PC-01")
    #expect(naming.machine(for: "/share/PC-02/minidump/x/Mini1.dmp", root: "/share") == "PC-02")
    #expect(naming.machine(for: "/share/SRV-9/MEMORY.DMP", root: "/share") == "SRV-9")
    #expect(naming.machine(for: "/share/loose.dmp", root: "/share") == nil)
  }

  @Test func componentCountsFromRootOrEnd() throws {
    let first = try MachineNaming(parsing: "path-component:0")
    #expect(first.machine(for: "/share/PC-01/dumps/a.dmp", root: "/share") == "PC-01")
    let parent = try MachineNaming(parsing: "component:-2")
    #expect(parent.machine(for: "/share/PC-01/dumps/a.dmp", root: "/share") == "dumps")
    #expect(first.machine(for: "/share/a.dmp", root: "/share/a.dmp") == "share")
    let outOfRange = try MachineNaming(parsing: "component:9")
    #expect(outOfRange.machine(for: "/share/a.dmp", root: "/share") == nil)
  }

  @Test func regexFirstGroup() throws {
    let naming = try MachineNaming(parsing: "regex:host-([A-Z0-9]+)_")
    #expect(naming.machine(for: "/in/host-PC7_2020.dmp", root: "/in") == "PC7")
    #expect(naming.machine(for: "/in/other.dmp", root: "/in") == nil)
  }

  @Test func badSpecificationsAreUsageErrors() {
    #expect(throws: BatchUsageError.self) { _ = try MachineNaming(parsing: "component:x") }
    #expect(throws: BatchUsageError.self) { _ = try MachineNaming(parsing: "regex:(") }
    #expect(throws: BatchUsageError.self) { _ = try MachineNaming(parsing: "hostname") }
  }
}

@Suite struct BatchInputsTests {
  func makeTree() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-inputs-\(UUID().uuidString)")
    let files: [(String, [UInt8])] = [
      ("PC-B/Minidump/Mini2.dmp", Array("PAGEDU64".utf8) + [0, 0]),
      ("PC-A/Minidump/Mini1.dmp", Array("PAGEDUMP".utf8)),
      ("PC-A/Minidump/noext", Array("MDMP".utf8) + [0x93, 0xA7]),
      ("PC-A/Minidump/readme.txt", Array("hello".utf8)),
      ("PC-C/dumps.zip", [0x50, 0x4B, 0x03, 0x04, 0]),
      ("empty/notes.txt", Array("x".utf8)),
    ]
    for (relative, bytes) in files {
      let url = root.appendingPathComponent(relative)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
    return root
  }

  @Test func foldersAreWalkedByContentSortedWithMachines() throws {
    let root = try makeTree()
    defer { try? FileManager.default.removeItem(at: root) }
    let (inputs, problems) = BatchInputs.expand([root.path])
    #expect(problems.isEmpty)
    #expect(
      inputs.map { String($0.path.dropFirst(root.path.count + 1)) } == [
        "PC-A/Minidump/Mini1.dmp", "PC-A/Minidump/noext", "PC-B/Minidump/Mini2.dmp",
        "PC-C/dumps.zip",
      ])
    #expect(inputs.map(\.machine) == ["PC-A", "PC-A", "PC-B", nil])
  }

  @Test func globsAndMissingFiles() throws {
    let root = try makeTree()
    defer { try? FileManager.default.removeItem(at: root) }
    let (inputs, problems) = BatchInputs.expand([
      root.path + "/PC-*/Minidump/Mini*.dmp", root.path + "/nothing*", root.path + "/absent.dmp",
      root.path + "/empty",
    ])
    #expect(inputs.count == 2)
    #expect(problems.count == 3)
  }
}

@Suite struct BatchRunnerTests {
  func inputs(_ count: Int) throws -> (URL, [BatchInput]) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-runner-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    var inputs: [BatchInput] = []
    for index in 0..<count {
      let url = root.appendingPathComponent(String(format: "d%03d.dmp", index))
      try Data("PAGEDU64 \(index % 5)".utf8).write(to: url)
      inputs.append(BatchInput(path: url.path, machine: "M\(index % 7)"))
    }
    return (root, inputs.shuffled())
  }

  @Test func orderIsByPathWhateverTheCompletionOrder() throws {
    let (root, inputs) = try inputs(40)
    defer { try? FileManager.default.removeItem(at: root) }
    let runner = BatchRunner(jobs: 4) { input, data in
      usleep(UInt32.random(in: 0..<2000))
      return DumpReport(path: input.displayName, notes: ["\(data.count)"])
    }
    let (reports, statistics) = runner.run(inputs)
    #expect(reports.map(\.path) == inputs.map(\.path).sorted())
    #expect(reports.allSatisfy { $0.machine != nil })
    #expect(statistics.finished == 40)
    #expect(!statistics.interrupted)
  }

  /// Streaming: every report leaves in path order (archive members after their archive, the
  /// extra reports merged in), each once, while the inputs finish in any order.
  @Test func streamedReportsLeaveInPathOrder() throws {
    let (root, inputs) = try inputs(60)
    defer { try? FileManager.default.removeItem(at: root) }
    let runner = BatchRunner(jobs: 4) { input, _ in
      // Late inputs finish first, so early ones hold reports back.
      usleep(UInt32(input.displayName.hasSuffix("d003.dmp") ? 30_000 : Int.random(in: 0..<1500)))
      return DumpReport(path: input.displayName)
    }
    let extra = [
      DumpReport.failed(path: root.appendingPathComponent("d010.dmp-missing").path, error: "x"),
      DumpReport.failed(path: root.appendingPathComponent("a-first").path, error: "x"),
      DumpReport.failed(path: root.appendingPathComponent("zz-last").path, error: "x"),
    ]
    let emitted = Collector()
    let statistics = runner.run(inputs, including: extra) { emitted.append($0.report.path) }
    let expected = (inputs.map(\.path) + extra.map(\.path)).sorted()
    #expect(emitted.paths == expected)
    #expect(statistics.finished == 60)
    #expect(statistics.dumps == 60)
  }

  @Test func cacheAnswersUnchangedDumps() throws {
    let (root, inputs) = try inputs(20)
    defer { try? FileManager.default.removeItem(at: root) }
    let cachePath = root.appendingPathComponent("cache.sqlite").path
    let counter = Counter()
    let analyze: BatchRunner.Analyze = { input, _ in
      counter.increment()
      return DumpReport(path: input.displayName, dumpKind: "kernel_small")
    }
    let first = BatchRunner(
      jobs: 2, cache: try BatchCache(path: cachePath, toolVersion: "t", rulesDigest: "r"),
      analyze: analyze
    ).run(inputs)
    #expect(counter.value == 20)
    #expect(first.statistics.cached == 0)
    let second = BatchRunner(
      jobs: 2, cache: try BatchCache(path: cachePath, toolVersion: "t", rulesDigest: "r"),
      analyze: analyze
    ).run(inputs)
    #expect(counter.value == 20)
    #expect(second.statistics.cached == 20)
    #expect(second.reports.map(\.path) == first.reports.map(\.path))
    #expect(second.reports.map(\.machine) == first.reports.map(\.machine))
    #expect(second.reports.allSatisfy { $0.contentHash?.count == 32 })
  }

  @Test func stopFlagFinishesInFlightAndStops() throws {
    let (root, inputs) = try inputs(30)
    defer { try? FileManager.default.removeItem(at: root) }
    let stop = BatchStopFlag()
    let counter = Counter()
    let runner = BatchRunner(jobs: 2) { input, _ in
      if counter.increment() == 5 { stop.set() }
      return DumpReport(path: input.displayName)
    }
    let (reports, statistics) = runner.run(inputs, stop: stop)
    #expect(statistics.interrupted)
    #expect(reports.count >= 5 && reports.count <= 6)
    #expect(reports.count == statistics.finished)
  }

  @Test func unreadableFileBecomesFailedReport() {
    let runner = BatchRunner(jobs: 1) { input, _ in DumpReport(path: input.displayName) }
    let (reports, statistics) = runner.run([BatchInput(path: "/nonexistent/x.dmp")])
    #expect(reports.first?.status == .failed)
    #expect(statistics.failed == 1)
  }
}

@Suite struct AtomicFileTests {
  @Test func replacesWholeFile() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-atomic-\(UUID().uuidString).txt")
    defer { try? FileManager.default.removeItem(at: url) }
    try AtomicFile.write("old contents that are longer", to: url.path)
    try AtomicFile.write("new", to: url.path)
    #expect(try String(contentsOf: url, encoding: .utf8) == "new")
    let leftovers = try FileManager.default.contentsOfDirectory(
      atPath: url.deletingLastPathComponent().path
    ).filter { $0.hasPrefix(".\(url.lastPathComponent)") }
    #expect(leftovers.isEmpty)
  }

  /// A streamed file is invisible until committed, replaces the old one whole, and the next
  /// writer of the same output removes a temporary file whose process is gone.
  @Test func streamingFileCommitsAndCleansUpAfterKilledRuns() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-stream-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("out.json")
    try Data("old".utf8).write(to: target)
    // A process that has ended: its pid names a stale temporary file.
    let ended = Process()
    ended.executableURL = URL(fileURLWithPath: "/bin/sh")
    ended.arguments = ["-c", "exit 0"]
    try ended.run()
    ended.waitUntilExit()
    let stale = folder.appendingPathComponent(".out.json.\(ended.processIdentifier).tmp")
    try Data("half".utf8).write(to: stale)
    let unrelated = folder.appendingPathComponent(".other.json.1.tmp")
    try Data("x".utf8).write(to: unrelated)

    let file = try StreamingFile(path: target.path)
    #expect(!FileManager.default.fileExists(atPath: stale.path))
    #expect(FileManager.default.fileExists(atPath: unrelated.path))
    try file.write("new ")
    try file.write("contents")
    #expect(try String(contentsOf: target, encoding: .utf8) == "old")
    try file.commit()
    #expect(try String(contentsOf: target, encoding: .utf8) == "new contents")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasPrefix(".out.json") }
    #expect(leftovers.isEmpty)
  }
}

final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }
  @discardableResult func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    count += 1
    return count
  }
}

/// Paths handed out by a streaming run.
private final class Collector: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []

  func append(_ path: String) {
    lock.lock()
    stored.append(path)
    lock.unlock()
  }

  var paths: [String] {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }
}
