import DumpTriage
import Foundation
import Testing
import TriageReporting
import TriageRules
import TriageTestSupport

/// Dumps read from containers give the same reports as the extracted files.
@Suite struct ContainerPipelineTests {
  static func pipeline() throws -> DumpPipeline {
    DumpPipeline(rules: try RuleSet.builtIn().rules)
  }

  /// The report with its naming fields cleared, for comparison.
  static func anonymous(_ report: DumpReport) -> DumpReport {
    var copy = report
    copy.path = ""
    copy.fileName = ""
    copy.contentHash = nil
    copy.machine = nil
    return copy
  }

  @Test(
    "a kernel dump inside a cabinet (MSZIP and LZX) reports like the extracted .dmp",
    .enabled(if: TestPaths.sharedCorpus != nil),
    arguments: ["kernel/win10_arm64_mem", "kernel/win10_arm_rpi3_mem"])
  func cabinetEqualsDump(_ stem: String) throws {
    let cab = try #require(TestPaths.corpusFile(stem + ".cab"))
    let dump = try #require(TestPaths.corpusFile(stem + ".dmp"))
    let pipeline = try Self.pipeline()
    let runner = BatchRunner(jobs: 1) { input, data in pipeline.report(for: input, data: data) }
    let fromCab = runner.run([BatchInput(path: cab.path, displayName: "dumps.cab")]).reports
    let fromDump = runner.run([BatchInput(path: dump.path)]).reports
    #expect(fromCab.count == 1)
    let member = try #require(fromCab.first)
    #expect(member.path.hasPrefix("dumps.cab!"))
    #expect(member.path.hasSuffix(".dmp"))
    #expect(member.status == .ok)
    let extracted = try #require(fromDump.first)
    #expect(Self.anonymous(member) == Self.anonymous(extracted))

    // A single-dump container also opens through Triage.analyze (the WER/.dumpcab case).
    let analysis = try Triage.analyze(path: cab.path, displayName: "one.cab")
    #expect(analysis.displayName.hasPrefix("one.cab!"))
    #expect(analysis.facts.bugCheck != nil)
    #expect(extracted.bugCheck != nil)
  }

  @Test(
    "every dump in a zip of a Minidump folder is triaged as zip!Minidump/name",
    .enabled(if: Tool.zip != nil))
  func zipOfMinidumpFolder() throws {
    let zipTool = try #require(Tool.zip)
    let samples = TestPaths.repositoryRoot.appendingPathComponent("docs/samples")
    let names = try FileManager.default.contentsOfDirectory(atPath: samples.path)
      .filter { $0.hasSuffix(".dmp") }.sorted().prefix(3)
    #expect(names.count == 3)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "containers-pipeline-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let folder = directory.appendingPathComponent("Minidump")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in names {
      try FileManager.default.copyItem(
        at: samples.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: zipTool)
    process.arguments = ["-q", "-r", "dumps.zip", "Minidump"]
    process.currentDirectoryURL = directory
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)

    let pipeline = try Self.pipeline()
    let runner = BatchRunner(jobs: 1) { input, data in pipeline.report(for: input, data: data) }
    let archive = directory.appendingPathComponent("dumps.zip").path
    let reports = runner.run([BatchInput(path: archive, displayName: "dumps.zip")]).reports
    #expect(reports.map(\.path) == names.map { "dumps.zip!Minidump/\($0)" })
    for (report, name) in zip(reports, names) {
      let direct = pipeline.report(
        for: BatchInput(path: name),
        data: try Data(contentsOf: samples.appendingPathComponent(name)))
      #expect(Self.anonymous(report) == Self.anonymous(direct), "\(name)")
    }

    // --max-expanded-size: a limit below the dumps' size fails each member, naming the option.
    let limited = BatchRunner(
      jobs: 1, containerLimits: ByteSize.expansionLimits(maxExpandedSize: 1024)
    ) { input, data in pipeline.report(for: input, data: data) }
    let failed = limited.run([BatchInput(path: archive, displayName: "dumps.zip")]).reports
    #expect(failed.count == 3)
    #expect(failed.allSatisfy { $0.status == .failed })
    #expect(failed.allSatisfy { $0.error?.contains("--max-expanded-size") == true })
  }

  @Test("--max-expanded-size values parse with binary suffixes")
  func sizes() {
    #expect(ByteSize.parse("4096") == 4096)
    #expect(ByteSize.parse("512K") == 512 << 10)
    #expect(ByteSize.parse("64m") == 64 << 20)
    #expect(ByteSize.parse("16G") == 16 << 30)
    #expect(ByteSize.parse("2GiB") == 2 << 30)
    #expect(ByteSize.parse("1T") == 1 << 40)
    #expect(ByteSize.parse("0") == nil)
    #expect(ByteSize.parse("lots") == nil)
    #expect(ByteSize.parse("99999999999T") == nil)
  }
}

/// Standard tools used to make fixtures (tests skip when missing).
private enum Tool {
  static let zip: String? = ["/usr/bin/zip", "/bin/zip", "/usr/local/bin/zip"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
}
