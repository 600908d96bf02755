import Foundation
import KernelDumpParsing
import KernelDumpSynth
import Testing

/// Writes the sparse benchmark dumps of `Tests/Benchmarks/fulldumps.sh` when
/// `DUMPTRIAGE_BENCH_OUT` names a directory; otherwise checks a small sparse dump reads back.
@Suite struct FullDumpBenchmarkFiles {
  @Test func sparseFullDumps() throws {
    let environment = ProcessInfo.processInfo.environment
    let synth = FullDumpScenarios.x64(layout: .runs)
    if let directory = environment["DUMPTRIAGE_BENCH_OUT"] {
      let base = URL(fileURLWithPath: directory)
      try synth.writeSparse(to: base.appendingPathComponent("full-20MB.dmp"), totalPages: 5_120)
      try synth.writeSparse(to: base.appendingPathComponent("full-2GB.dmp"), totalPages: 524_288)
      return
    }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dumptriage-sparse-\(ProcessInfo.processInfo.processIdentifier).dmp")
    defer { try? FileManager.default.removeItem(at: url) }
    try synth.writeSparse(to: url, totalPages: 2_048)
    let dump = try KernelDump(data: Data(contentsOf: url, options: .alwaysMapped))
    #expect(dump.physicalMemory?.runs.count == 1)
    #expect(dump.physicalMemory?.pageCount == 2_048)
    #expect(dump.modules.count == 3)
    #expect(dump.notes.isEmpty, "\(dump.notes)")
  }
}
