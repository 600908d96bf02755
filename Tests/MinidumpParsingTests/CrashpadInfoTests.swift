import DumpFormats
import MinidumpParsing
import MinidumpSynth
import Testing
import TriageTestSupport

@Suite("Crashpad info")
struct CrashpadInfoTests {
  /// A MINIDUMP_UTF8_STRING.
  static func utf8(_ synth: inout SynthMinidump, _ text: String) -> SynthMinidump.Label {
    let bytes = Array(text.utf8)
    return synth.blob([.u32(UInt32(bytes.count)), .bytes(bytes + [0])])
  }

  @Test("simple annotations, module list and string annotation objects")
  func synthetic() throws {
    var synth = SynthMinidump()
    let k1 = Self.utf8(&synth, "prod")
    let v1 = Self.utf8(&synth, "Chrome")
    let k2 = Self.utf8(&synth, "ver")
    let v2 = Self.utf8(&synth, "120.0.6099.110")
    let dictionary = synth.blob([.u32(2), .rva(k1), .rva(v1), .rva(k2), .rva(v2)])
    let listItem = Self.utf8(&synth, "abort() called")
    let list = synth.blob([.u32(1), .rva(listItem)])
    let objectName = Self.utf8(&synth, "channel")
    let objectValue = synth.blob([.u32(6), .bytes(Array("stable".utf8))])
    let objects = synth.blob([.u32(1), .rva(objectName), .u16(1), .u16(0), .rva(objectValue)])
    let module = synth.blob([.u32(1), .location(list), .zeros(8), .location(objects)])
    let modules = synth.blob([.u32(1), .u32(0), .location(module)])
    synth.stream(
      type: 0x4350_0001,
      [.u32(1), .zeros(16), .zeros(16), .location(dictionary), .location(modules)])
    let dump = try parse(synth)
    let info = try #require(dump.crashpadInfo)
    #expect(info.simpleAnnotations == ["prod": "Chrome", "ver": "120.0.6099.110"])
    #expect(info.modules.first?.list == ["abort() called"])
    #expect(info.modules.first?.objects == ["channel": "stable"])
    #expect(info.notes.isEmpty)
    #expect(dump.otherStreams.isEmpty)
  }

  @Test("a dictionary pointing outside the file becomes a note")
  func broken() throws {
    var synth = SynthMinidump()
    synth.stream(
      type: 0x4350_0001, [.u32(1), .zeros(32), .u32(0x10), .u32(0xFFFF_FF00), .zeros(8)])
    let info = try #require(try parse(synth).crashpadInfo)
    #expect(info.simpleAnnotations.isEmpty)
    #expect(info.notes.map(\.code) == ["minidump.crashpad.unreadable"])
  }

  @Test("the corpus Crashpad dumps read their annotations")
  func corpus() throws {
    guard let mac = TestPaths.corpusFile("robustness/simple-crashpad.dmp"),
      let ios = TestPaths.corpusFile("user/breakpad/minidump_crashpad_annotation.dmp")
    else { return }
    for url in [mac, ios] {
      let info = try #require(try Minidump(path: url.path).crashpadInfo)
      #expect(info.notes.isEmpty, "\(url.lastPathComponent): \(info.notes)")
      let total =
        info.simpleAnnotations.count
        + info.modules.reduce(0) { $0 + $1.list.count + $1.simple.count + $1.objects.count }
      #expect(total > 0, "\(url.lastPathComponent): no annotations")
    }
  }
}
