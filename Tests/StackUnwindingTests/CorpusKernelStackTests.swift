import BinaryReading
import DumpFormats
import Foundation
import KernelDumpParsing
import Testing
import TriageTestSupport

@testable import StackUnwinding

/// Walks of the corpus kernel dumps without symbols or images.
@Suite struct CorpusKernelStackTests {
  static func walk(_ name: String) throws -> (KernelDump, StackWalk)? {
    guard let url = TestPaths.corpusFile("kernel/\(name)") else { return nil }
    let dump = try KernelDump(data: try MappedFile.open(url.path))
    let walker = StackWalker(
      memory: dump.memory, modules: dump.modules, options: .init(trace: true))
    guard
      let walk = walker.walkKernelCrash(
        bugCheckContext: dump.processorContext, dumpContext: dump.context,
        bugCheckCode: dump.header.bugCheckCode, parameters: dump.header.bugCheckParameters,
        stackRange: dump.triage?.stackRange,
        parseContext: { try? ContextRecord.parse(bytes: $0, architecture: $1) })
    else { return nil }
    return (dump, walk)
  }

  /// The rizin oracle's frame addresses (`N  0x… sp: …`), in order.
  static func rizinFrames() -> [UInt64] {
    guard let url = TestPaths.corpusFile("expected/triage_x64.rizin.txt"),
      let text = try? String(contentsOf: url, encoding: .utf8)
    else { return [] }
    return text.split(separator: "\n").compactMap { line in
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      guard parts.count >= 3, Int(parts[0]) != nil, parts[1].hasPrefix("0x"), parts[2] == "sp:"
      else { return nil }
      return UInt64(parts[1].dropFirst(2), radix: 16)
    }
  }

  @Test(.enabled(if: TestPaths.corpusFile("kernel/triage_x64.dmp") != nil))
  func triageX64ReachesTheFaultingDriverThroughTheExceptionDispatch() throws {
    let (dump, walk) = try #require(try Self.walk("triage_x64.dmp"))
    let named = walk.frames.map { ($0.module?.baseName.lowercased() ?? "?", $0.moduleOffset ?? 0) }
    // The faulting frame comes from the 0x7E P4 context record with context trust, right after
    // the trap handler (KiSegmentNotPresentFault+0x335 in the oracle).
    let faulting = try #require(
      walk.frames.indices.first { $0 > 0 && walk.frames[$0].trust == .context })
    #expect(named[faulting] == ("amdppm.sys", 0x334C))
    #expect(named[faulting - 1] == ("ntoskrnl.exe", 0x4031F5))
    // amdppm.sys and the Wdf01000.sys frames that follow, in order.
    let oracle = Self.rizinFrames().compactMap { address -> (String, UInt64)? in
      guard let module = dump.modules.module(containing: address) else { return nil }
      return (module.baseName.lowercased(), address - module.base)
    }
    let required = oracle.filter { $0.0 == "amdppm.sys" || $0.0 == "wdf01000.sys" }
    #expect(required.prefix(6).map(\.1) == [0x334C, 0x313F, 0x3234, 0x20E8F, 0x283F6, 0x1F852])
    var position = faulting
    var missing: [String] = []
    for frame in required {
      if let found = named[position...].firstIndex(where: { $0 == frame }) {
        position = found + 1
      } else {
        missing.append("\(frame.0)+0x\(String(frame.1, radix: 16))")
      }
    }
    #expect(missing.isEmpty, "not found in order: \(missing)")
    // Report how much of the whole oracle stack appears in order.
    var matched = 0
    position = 0
    for frame in oracle {
      if let found = named[position...].firstIndex(where: { $0 == frame }) {
        matched += 1
        position = found + 1
      }
    }
    print(
      "triage_x64: \(walk.frames.count) frames; rizin frames found in order: \(matched)/\(oracle.count); "
        + "stop: \(walk.stopReason)")
  }

  @Test(
    arguments: ["win10_arm64_mem.dmp", "win10_arm_rpi3_mem.dmp"].filter {
      TestPaths.corpusFile("kernel/\($0)") != nil
    })
  func armTriageDumpsWalk(_ name: String) throws {
    let (_, walk) = try #require(try Self.walk(name))
    #expect(walk.frames.first?.trust == .context)
    #expect(walk.frames.count <= 256)
    print(
      "\(name): \(walk.frames.count) frames: "
        + walk.frames.prefix(12).map(\.displayName).joined(separator: ", "))
  }
}
