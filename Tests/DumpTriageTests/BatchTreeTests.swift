import Foundation
import KernelDumpSynth
import Testing
import TriageReporting
import TriageRules
import TriageTestSupport

@testable import DumpTriage

/// A generated share of many machines' `Minidump` folders.
enum BatchTree {
  /// The bucket each sample scenario must land in.
  static let expectedBucket: [String: String] = [
    "srv2003sp2-x86-0x9C-storport-A.dmp": "0x9C_HARDWARE",
    "srv2003sp2-x86-0x9C-storport-B.dmp": "0x9C_HARDWARE",
    "srv2003sp2-x86-0xD1-netbt.dmp": "0xD1_netbt!unknown_function",
    "srv2003sp2-x86-0xD1-no-netbt.dmp": "0xD1_b57xp32!unknown_function",
    "win10-x64-0x7E-contosoflt.dmp": "0x7E_c0000005_contosoflt!unknown_function",
    "win10-x64-0xE2-manual.dmp": "0xE2_MANUALLY_INITIATED_CRASH",
    "win11-arm64-0xD1-fabrikamwlan.dmp": "0xD1_fabrikamwlan!unknown_function",
    "xpsp2-x86-0xC2-mrxsmb.dmp": "0xC2_7_mrxsmb!unknown_function",
  ]

  /// What the tree should produce.
  struct Expected {
    var good = 0
    var corrupt = 0
    var machines = Set<String>()
    var buckets: [String: (count: Int, machines: Set<String>)] = [:]
  }

  /// Writes `machines` machines × `dumpsPerMachine` dumps (scenarios rotated, every
  /// `corruptEvery`-th dump cut to 100 bytes); machines listed in `zipped` get their folder
  /// zipped instead (needs the `zip` tool).
  static func write(
    machines: Int, dumpsPerMachine: Int, corruptEvery: Int = 0, zipped: Set<Int> = [],
    to root: URL
  ) throws -> Expected {
    let scenarios = SampleScenarios.all
    var expected = Expected()
    for machine in 0..<machines {
      let name = String(format: "PC-%04d", machine)
      let base = zipped.contains(machine) ? root.appendingPathComponent("staging") : root
      let folder = base.appendingPathComponent("\(name)/Minidump")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      expected.machines.insert(name)
      for index in 0..<dumpsPerMachine {
        let serial = machine * dumpsPerMachine + index
        let scenario = scenarios[serial % scenarios.count]
        var dump = scenario.dump
        dump.crashTime = Date(timeIntervalSince1970: 1_200_000_000 + Double(serial) * 60)
        var bytes = dump.write()
        if corruptEvery > 0, serial % corruptEvery == corruptEvery - 1 {
          bytes = Array(bytes.prefix(100))
          expected.corrupt += 1
        } else {
          expected.good += 1
          let bucket = expectedBucket[scenario.fileName] ?? "?"
          expected.buckets[bucket, default: (0, [])].count += 1
          expected.buckets[bucket, default: (0, [])].machines.insert(name)
        }
        let file = String(
          format: "Mini%02d%02d09-%02d.dmp", machine % 12 + 1, index % 28 + 1, index)
        try Data(bytes).write(to: folder.appendingPathComponent(file))
      }
      if zipped.contains(machine) {
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.arguments = ["zip", "-qr", root.appendingPathComponent("\(name).zip").path, name]
        zip.currentDirectoryURL = base
        try zip.run()
        zip.waitUntilExit()
        try FileManager.default.removeItem(at: base.appendingPathComponent(name))
      }
    }
    try? FileManager.default.removeItem(at: root.appendingPathComponent("staging"))
    return expected
  }

  static var zipAvailable: Bool {
    ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/zip")
    } ?? false
  }
}

@Suite struct BatchTreeTests {
  /// 60 machines × 5 dumps, some corrupt, two machines' folders zipped: grouping, machine counts
  /// and failures come out exactly as generated.
  @Test func manyMachinesGroupedWithCorruptAndZipped() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-tree-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let zipped: Set<Int> = BatchTree.zipAvailable ? [3, 17] : []
    let expected = try BatchTree.write(
      machines: 60, dumpsPerMachine: 5, corruptEvery: 23, zipped: zipped, to: root)
    let (inputs, problems) = BatchInputs.expand([root.path])
    #expect(problems.isEmpty)
    #expect(inputs.count == 300 - zipped.count * 5 + zipped.count)
    let pipeline = DumpPipeline(rules: try RuleSet.builtIn().rules)
    let runner = BatchRunner(jobs: 2) { input, data in pipeline.report(for: input, data: data) }
    let (reports, statistics) = runner.run(inputs)
    #expect(reports.count == 300)
    #expect(statistics.failed == expected.corrupt)
    #expect(reports.map(\.path) == reports.map(\.path).sorted())
    let summary = BatchSummary(dumps: reports)
    #expect(summary.dumps == 300)
    #expect(summary.failed == expected.corrupt)
    #expect(summary.machines == 60)
    #expect(Set(reports.compactMap(\.machine)) == expected.machines)
    #expect(summary.buckets.count == expected.buckets.count)
    for bucket in summary.buckets {
      let want = try #require(expected.buckets[bucket.id], "unexpected bucket \(bucket.id)")
      #expect(bucket.count == want.count, "\(bucket.id)")
      #expect(Set(bucket.machines) == want.machines, "\(bucket.id)")
    }
    if !zipped.isEmpty {
      let members = reports.filter { $0.path.contains(".zip!") }
      #expect(members.count == zipped.count * 5)
      #expect(Set(members.compactMap(\.machine)) == ["PC-0003", "PC-0017"])
    }
    let kb = try #require(summary.kbs.first { $0.kb == "KB961799" })
    #expect(
      kb.machines.count
        == expected.buckets["0xD1_netbt!unknown_function"].map {
          $0.machines.union(expected.buckets["0xD1_b57xp32!unknown_function"]?.machines ?? []).count
        })
  }
}
