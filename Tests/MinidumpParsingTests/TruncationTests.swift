import BinaryReading
import DumpFormats
import Foundation
import MinidumpParsing
import MinidumpSynth
import Testing
import TriageTestSupport

@Suite("Truncation and mutation")
struct TruncationTests {
  /// A synthetic dump with every stream this library reads.
  static func fullSynthetic() -> [UInt8] {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9, csdVersion: "Service Pack 1")
    synth.stream(type: 15, [.u32(24), .u32(3), .u32(42), .u32(1), .u32(2), .u32(3)])
    let context = synth.blob(SynthContext.amd64(["rip": 0x7FF6_0000_1234, "rsp": 0x5000_0100]))
    synth.addThread(
      id: 7, stackStart: 0x5000_0000, stack: Array(repeating: 0x11, count: 64), context: context)
    synth.addModule(
      base: 0x7FF6_0000_0000, size: 0x4000, name: "crash.exe", fileVersion: (1, 2, 3, 4),
      codeView: .pdb70(guid: "7DD47A9F-C2E8-499A-A78E-C14AE2C965A2", age: 1, pdbName: "crash.pdb"))
    synth.setException(
      threadID: 7, code: 0xC000_0005, address: 0x7FF6_0000_1234, parameters: [1, 0],
      context: context)
    let name = synth.string("worker")
    synth.stream(type: 24, [.u32(1), .u32(7), .rva64(name)])
    synth.addMemory64(start: 0x6000_0000, bytes: [1, 2, 3, 4, 5, 6, 7, 8])
    synth.unusedDirectoryEntries = 2
    return synth.finish()
  }

  @Test("the full synthetic dump reads back")
  func readsBack() throws {
    let dump = try Minidump(bytes: Self.fullSynthetic())
    #expect(dump.notes.isEmpty)
    #expect(dump.crashingThread?.id == 7)
    #expect(dump.threadNames[7] == "worker")
    #expect(dump.modules.first?.debugID == "7DD47A9FC2E8499AA78EC14AE2C965A21")
    #expect(dump.exception?.accessViolation?.description == "write to 0x0 (null pointer)")
    #expect(dump.memory.bytes(at: 0x6000_0004, count: 4) == [5, 6, 7, 8])
    #expect(dump.systemInfo?.csdVersion == "Service Pack 1")
    #expect(dump.miscInfo?.processID == 42)
  }

  @Test("every prefix of the synthetic dump ends in a result or a header error")
  func syntheticPrefixes() throws {
    let bytes = Self.fullSynthetic()
    var headerErrors = 0
    for length in 0..<bytes.count {
      do {
        let dump = try Minidump(bytes: Array(bytes[0..<length]))
        exerciseEverything(dump)
      } catch {
        headerErrors += 1
        #expect(error.context.hasPrefix("MINIDUMP_"), "prefix \(length): \(error)")
      }
    }
    // Only prefixes shorter than header + directory may fail.
    let directory = try Minidump(bytes: bytes).directory.count
    #expect(headerErrors == 32 + 12 * directory)
  }

  @Test("every prefix of a small real dump ends in a result or a header error")
  func realPrefixes() throws {
    guard let url = TestPaths.corpusFile("user/kdlibcpp/targetapp_test_cv_allreg_i386.dmp") else {
      return
    }
    let data = try Data(contentsOf: url)
    let full = try Minidump(data: data)
    let modules = full.modules.count
    #expect(modules == 8)
    var results = 0
    var dropped = 0
    var tried = 0
    // Every prefix up to 1 KiB (header, directory, the first streams), then every 61st
    // (a full parse costs about 1 ms in a debug build; all 16,727 would take 15 s).
    let lengths = Array(0..<1024) + Array(stride(from: 1024, to: data.count, by: 61))
    for length in lengths {
      guard let dump = try? Minidump(data: data.prefix(length)) else { continue }
      results += 1
      _ = dump.notes  // parses every stream
      let count = dump.modules.count
      if count != modules { dropped += 1 }
      #expect(count <= modules)
    }
    tried = lengths.filter { $0 >= 32 + 12 * full.directory.count }.count
    #expect(results == tried)
    #expect(dropped > 0)
  }

  @Test("seeded byte flips never trap")
  func mutations() throws {
    let original = Self.fullSynthetic()
    let seed: UInt64 = 0x5EED_0003
    print("mutation seed 0x\(String(seed, radix: 16))")
    var random = SeededRandom(seed: seed)
    for _ in 0..<400 {
      var bytes = original
      for _ in 0..<Int.random(in: 1...8, using: &random) {
        let index = Int.random(in: 0..<bytes.count, using: &random)
        bytes[index] = UInt8.random(in: 0...255, using: &random)
      }
      if let dump = try? Minidump(bytes: bytes) { exerciseEverything(dump) }
    }
  }
}
