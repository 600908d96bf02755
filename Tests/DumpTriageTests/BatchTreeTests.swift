import Foundation
import KernelDumpSynth
import Testing
import TriageReporting
import TriageRules
import TriageTestSupport

@testable import DumpTriage

/// A generated share of many machines' Minidump folders, triaged as one batch.
enum BatchTree {
  /// Writes `machines` machines × the sample scenarios (rotated), plus corrupt files; returns the
  /// root and the expected bucket of every good dump.
  static func write(
    machines: Int, dumpsPerMachine: Int, corruptEvery: Int = 0, to root: URL
  ) throws -> (good: Int, corrupt: Int) {
    let scenarios = SampleScenarios.all
    var good = 0
    var corrupt = 0
    for machine in 0..<machines {
      let folder = root.appendingPathComponent(String(format: "PC-%04d/Minidump", machine))
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for index in 0..<dumpsPerMachine {
        let serial = machine * dumpsPerMachine + index
        let scenario = scenarios[serial % scenarios.count]
        var dump = scenario.dump
        dump.crashTime = Date(timeIntervalSince1970: 1_200_000_000 + Double(serial) * 60)
        var bytes = dump.write()
        let name = String(format: "Mini%02d%02d-%02d.dmp", machine % 12 + 1, index % 28 + 1, index)
        if corruptEvery > 0, serial % corruptEvery == corruptEvery - 1 {
          bytes = Array(bytes.prefix(100))  // an unreadable header
          corrupt += 1
        } else {
          good += 1
        }
        try Data(bytes).write(to: folder.appendingPathComponent(name))
      }
    }
    return (good, corrupt)
  }
}

@Suite struct BatchTreeTests {
  @Test func manyMachinesGroupedWithCorruptOnes() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-tree-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let (good, corrupt) = try BatchTree.write(
      machines: 40, dumpsPerMachine: 6, corruptEvery: 25, to: root)
    let (inputs, problems) = BatchInputs.expand([root.path])
    #expect(problems.isEmpty)
    #expect(inputs.count == good + corrupt)
    #expect(Set(inputs.compactMap(\.machine)).count == 40)
    let pipeline = DumpPipeline(rules: try RuleSet.builtIn().rules)
    let runner = BatchRunner(jobs: 2) { input, data in pipeline.report(for: input, data: data) }
    let (reports, statistics) = runner.run(inputs)
    #expect(statistics.failed == corrupt)
    #expect(reports.filter { $0.status == .failed }.count == corrupt)
    let summary = BatchSummary(dumps: reports)
    #expect(summary.machines == 40)
    #expect(summary.failed == corrupt)
    // Every scenario is its own bucket; the counts add up to the good dumps.
    #expect(summary.buckets.map(\.count).reduce(0, +) == good)
    #expect(
      summary.buckets.count == Set(SampleScenarios.all.map { $0.fileName }).count
        || summary.buckets.count >= 5)
    for bucket in summary.buckets { #expect(bucket.machines.count <= 40) }
  }
}
