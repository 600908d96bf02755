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

  @Test("a handle list longer than the handle limit is cut there, with a note naming it")
  func handleLimit() throws {
    let limit = HandleData.maximumHandles
    #expect(limit == 100_000)
    func handles(_ count: Int) throws -> HandleData {
      var synth = SynthMinidump()
      synth.stream(
        type: 12, [.u32(16), .u32(32), .u32(UInt32(count)), .u32(0), .zeros(32 * count)])
      return try #require(try parse(synth).stream(HandleData.self))
    }
    let over = try handles(limit + 2)
    #expect(over.handles.count == limit && over.declaredCount == UInt32(limit + 2))
    let note = try #require(over.notes.first { $0.code == "minidump.list.limit" })
    #expect(note.message.contains("\(limit + 2) entries; reading the first \(limit) (the limit)"))
    let exact = try handles(limit)
    #expect(exact.handles.count == limit && exact.notes.isEmpty)
  }

  @Test("Crashpad dictionaries and lists longer than 4096 entries are cut, with notes")
  func crashpadLimit() throws {
    func info(entries count: Int) throws -> CrashpadInfo {
      var synth = SynthMinidump()
      func utf8(_ text: String) -> SynthMinidump.Label {
        synth.blob([.u32(UInt32(text.utf8.count)), .bytes(Array(text.utf8) + [0])])
      }
      let key = utf8("k")
      let value = utf8("v")
      var pairs: [SynthMinidump.Field] = [.u32(UInt32(count))]
      var items: [SynthMinidump.Field] = [.u32(UInt32(count))]
      for _ in 0..<count {
        pairs += [.rva(key), .rva(value)]
        items.append(.rva(value))
      }
      let dictionary = synth.blob(pairs)
      let list = synth.blob(items)
      let module = synth.blob([.u32(1), .location(list), .zeros(8), .zeros(8)])
      let modules = synth.blob([.u32(1), .u32(0), .location(module)])
      synth.stream(
        type: 0x4350_0001,
        [.u32(1), .zeros(16), .zeros(16), .location(dictionary), .location(modules)])
      return try #require(try parse(synth).crashpadInfo)
    }
    let over = try info(entries: 4097)
    #expect(over.simpleAnnotations == ["k": "v"])
    #expect(over.modules.first?.list.count == 4096)
    let limitNotes = over.notes.filter { $0.code == "minidump.list.limit" }
    #expect(limitNotes.count == 2, "\(over.notes)")
    #expect(limitNotes.allSatisfy { $0.message.contains("4097 entries; reading the first 4096") })
    #expect(limitNotes.contains { $0.message.contains("simple_annotations") })
    #expect(limitNotes.contains { $0.message.contains("list_annotations") })
    let exact = try info(entries: 4096)
    #expect(exact.modules.first?.list.count == 4096 && exact.notes.isEmpty)
  }
}
