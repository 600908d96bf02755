import DumpTriage
import Foundation
import KernelDumpSynth
import Testing
import TriageTestSupport

/// The committed `docs/samples/` files equal what the writer makes.
///
/// Set `DUMPTRIAGE_RECORD_SAMPLES=1` to rewrite them; the test then fails, so recording never
/// passes silently.
@Suite struct SampleDumpTests {
  static let directory = TestPaths.repositoryRoot.appendingPathComponent("docs/samples")
  static let recording = ProcessInfo.processInfo.environment["DUMPTRIAGE_RECORD_SAMPLES"] == "1"

  static var readme: String {
    var text = """
      # Sample dumps

      Every file here is **synthetic**: written byte by byte by the project's own test writer
      (`Tests/KernelDumpSynth`, `SynthTriageDump`), never taken from a real machine. The driver
      names, timestamps, sizes and stack addresses of every scenario are in
      `Tests/KernelDumpSynth/SampleScenarios.swift`. The made-up third-party drivers
      (`contosoflt.sys`, `fabrikamwlan.sys`) do not exist.

      The Windows Server 2003 samples load `netbt.sys` and `storport.sys` with the code ids
      (TimeDateStamp + SizeOfImage) of the fixture images in `Symbols/` (see
      `Symbols/README.md`; built from `Tests/SymbolsTests/Fixtures`, not Microsoft binaries).
      With the default store, netbt.sys frames symbolize (`netbt!NbtCopyToStartOfIndicate+0x58`)
      and storport.sys's file version is read from the image's version resource, which a kernel
      small dump does not carry. Without `Symbols/` the same dumps still triage, with
      `netbt.sys+0x…` frames and no storport.sys version.

      Their verdicts are checked by `Tests/DumpTriageTests/SeedScenarioTests.swift`.

      Regenerate with `DUMPTRIAGE_RECORD_SAMPLES=1 swift test --filter SampleDumpTests` (the
      run fails on purpose after writing); without the variable the same test checks that
      these files equal what the writer makes.

      Try them: `swift run dumptriage docs/samples/`.

      | file | what it is |
      |---|---|

      """
    for scenario in SampleScenarios.all {
      text += "| `\(scenario.fileName)` | \(scenario.summary) |\n"
    }
    return text
  }

  @Test func committedSamplesMatchTheWriter() throws {
    var mismatches: [String] = []
    var files = SampleScenarios.all.map { ($0.fileName, $0.dump.write()) }
    files.append(("README.md", Array(Self.readme.utf8)))
    for (name, bytes) in files {
      let url = Self.directory.appendingPathComponent(name)
      if Self.recording {
        try FileManager.default.createDirectory(
          at: Self.directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
      } else if (try? Data(contentsOf: url)) != Data(bytes) {
        mismatches.append(name)
      }
    }
    #expect(!Self.recording, "recorded the samples; run again without DUMPTRIAGE_RECORD_SAMPLES")
    #expect(mismatches.isEmpty, "differ from the writer: \(mismatches)")
  }

  @Test func everySampleTriages() throws {
    for scenario in SampleScenarios.all {
      let url = Self.directory.appendingPathComponent(scenario.fileName)
      guard FileManager.default.fileExists(atPath: url.path) else { continue }
      let analysis = try Triage.analyze(path: url.path)
      #expect(analysis.notes.allSatisfy { $0.code == "verdict.no_blame" }, "\(scenario.fileName)")
    }
  }
}
