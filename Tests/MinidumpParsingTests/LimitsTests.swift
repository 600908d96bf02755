import BinaryReading
import Foundation
import MinidumpParsing
import MinidumpSynth
import Testing

/// The global limits of the minidump parser (docs/fuzzing.md, "Limits").
@Suite("Minidump limits")
struct MinidumpLimitsTests {
  /// A module list of `count` modules sharing one name, at distinct bases.
  static func moduleList(count: Int) -> SynthMinidump {
    var synth = SynthMinidump()
    let name = synth.string("m.dll")
    var fields: [SynthMinidump.Field] = [.u32(UInt32(count))]
    for index in 0..<count {
      fields += [
        .u64(0x1_0000_0000 + UInt64(index) * 0x1_0000), .u32(0x1000), .u32(0), .u32(0),
        .rva(name), .zeros(108 - 24),
      ]
    }
    synth.stream(type: 4, fields)
    return synth
  }

  @Test("more directory entries than the stream limit: the header error names the limit")
  func streamLimit() throws {
    #expect(Minidump.maximumStreamCount == 4096)
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.streamCountOverride = UInt32(Minidump.maximumStreamCount + 1)
    do {
      _ = try Minidump(bytes: synth.finish())
      Issue.record("a directory of 4097 entries was accepted")
    } catch {
      #expect(error.code == .limitExceeded)
      #expect(error.context == "MINIDUMP_HEADER.NumberOfStreams")
      #expect("\(error)".contains("4097") && "\(error)".contains("limit of 4096"), "\(error)")
    }
    synth.streamCountOverride = nil
    #expect(throws: Never.self) { try parse(synth) }
  }

  @Test("a module list longer than the module limit is cut there, with a note naming it")
  func moduleLimit() throws {
    let limit = ModuleList.maximumModules
    #expect(limit == 16_384)
    let dump = try parse(Self.moduleList(count: limit + 3))
    let list = try #require(try dump.stream(ModuleList.self))
    #expect(list.modules.count == limit)
    let note = try #require(list.notes.first { $0.code == "minidump.list.limit" })
    #expect(note.message.contains("\(limit + 3) entries") && note.message.contains("\(limit)"))
    let exact = try #require(try parse(Self.moduleList(count: 5)).stream(ModuleList.self))
    #expect(exact.modules.count == 5 && exact.notes.isEmpty)
  }

  @Test("a list of many modules parses in linear time (duplicates found with a set)")
  func manyModulesAreLinear() throws {
    // 16 384 modules: a scan of the kept modules per entry made this 1.3 × 10^8 comparisons.
    let bytes = Self.moduleList(count: ModuleList.maximumModules).finish()
    let start = Date()
    let list = try #require(try Minidump(bytes: bytes).stream(ModuleList.self))
    #expect(list.modules.count == ModuleList.maximumModules)
    #expect(Date().timeIntervalSince(start) < 2)
  }
}
