import BinaryReading
import DumpFormats
import Foundation
import MinidumpParsing
import MinidumpSynth
import Testing
import TriageTestSupport

/// Parses a dump completely: every stream, every accessor, every thread's stack bytes.
///
/// Returns the number of notes, so callers can check that something was read.
@discardableResult
func exerciseEverything(_ dump: Minidump) -> Int {
  let notes = dump.notes
  _ = dump.systemInfo
  _ = dump.miscInfo
  _ = dump.exception?.summary
  _ = dump.modules
  _ = dump.unloadedModules
  _ = dump.threadNames
  _ = dump.crashContext
  _ = dump.wow64Context
  _ = dump.otherStreams
  let memory = dump.memory
  for thread in dump.threads {
    _ = memory.bytes(at: thread.stack.start, count: Int(min(thread.stack.size, 0x1000)))
  }
  if let ip = dump.crashContext?.instructionPointer { _ = dump.moduleAndOffset(of: ip) }
  return notes.count
}

/// Every file under `robustness/` ends in a result or a clear error, quickly.
@Suite("Robustness corpus")
struct RobustnessCorpusTests {
  static let files: [String] = {
    guard let corpus = TestPaths.sharedCorpus else { return [] }
    let folder = corpus.appendingPathComponent("robustness")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.sorted()
  }()

  @Test("robustness file ends in a result or a clear error within 1 s", arguments: files)
  func endsQuickly(_ name: String) throws {
    let url = try #require(TestPaths.corpusFile("robustness/\(name)"))
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      do throws(ReadError) {
        let dump = try Minidump(path: url.path)
        exerciseEverything(dump)
      } catch {
        // A clear error names a structure and, for header problems, a byte offset.
        #expect(!error.context.isEmpty)
        #expect(error.description.contains(":"))
      }
    }
    #expect(elapsed < .seconds(1), "\(name) took \(elapsed)")
  }

  @Test("mdmp-dos (a 60-byte file that hangs a public parser) fails with a header error")
  func mdmpDOS() throws {
    guard let url = TestPaths.corpusFile("robustness/mdmp-dos") else { return }
    #expect {
      try Minidump(path: url.path)
    } throws: { error in
      guard let error = error as? ReadError else { return false }
      return error.context.hasPrefix("MINIDUMP_HEADER.NumberOfStreams")
        && error.code == .limitExceeded
    }
  }

  @Test("trunc_memory64.dmp: a truncated Memory64List keeps what is there")
  func truncatedMemory64() throws {
    guard let url = TestPaths.corpusFile("robustness/trunc_memory64.dmp") else { return }
    let dump = try Minidump(path: url.path)
    let notes = dump.notes
    #expect(!notes.isEmpty)
    _ = dump.memory
  }
}
