import BinaryReading
import DumpFormats
import MinidumpParsing
import MinidumpSynth
import Testing

/// Parses the bytes a synth writer produces.
func parse(_ synth: SynthMinidump) throws -> Minidump {
  try Minidump(bytes: synth.finish())
}

@Suite("Header and directory")
struct MinidumpHeaderTests {
  @Test("header fields are read; the version's high half is free")
  func header() throws {
    var synth = SynthMinidump()
    synth.version = 0x5128_A793
    synth.flags = 0x0020_0121
    synth.timeDateStamp = 0x45D3_5F73
    synth.setSystemInfo(architecture: 9)
    let dump = try parse(synth)
    #expect(dump.header.version == 0x5128_A793)
    #expect(dump.header.flags == 0x0020_0121)
    #expect(dump.header.timeDateStamp == 0x45D3_5F73)
    #expect(dump.header.streamDirectoryRVA == 0x20)
    #expect(dump.directory.count == 1)
  }

  @Test("a wrong signature or version fails with the field and offset")
  func badSignature() throws {
    var bytes = SynthMinidump().finish()
    bytes[0] = UInt8(ascii: "X")
    #expect {
      try Minidump(bytes: bytes)
    } throws: { error in
      (error as? ReadError).map { $0.context == "MINIDUMP_HEADER.Signature" && $0.offset == 0 }
        ?? false
    }
    var synth = SynthMinidump()
    synth.version = 0x0000_1234
    #expect {
      try parse(synth)
    } throws: { error in
      (error as? ReadError).map { $0.code == .unsupported && $0.offset == 4 } ?? false
    }
    #expect(throws: ReadError.self) { try Minidump(bytes: Array("MDMP".utf8)) }
    #expect(throws: ReadError.self) { try Minidump(bytes: [0x4D]) }
  }

  @Test("a directory that does not fit, or is absurdly long, fails with a header error")
  func directoryBounds() throws {
    var synth = SynthMinidump()
    synth.streamCountOverride = 1000
    #expect {
      try parse(synth)
    } throws: { error in
      (error as? ReadError)?.context == "MINIDUMP_HEADER.NumberOfStreams"
    }
    var far = SynthMinidump()
    far.setSystemInfo(architecture: 0)
    far.directoryRVAOverride = 0xFFFF_FFF0
    #expect(throws: ReadError.self) { try parse(far) }
  }

  @Test("padding entries (type 0) are skipped")
  func unusedEntries() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.unusedDirectoryEntries = 3
    let dump = try parse(synth)
    #expect(dump.directory.count == 4)
    #expect(dump.directory.filter { $0.type == .unused }.count == 3)
    #expect(dump.systemInfo?.architecture == .amd64)
    #expect(dump.otherStreams.isEmpty)
    #expect(dump.directoryNotes.isEmpty)
  }

  @Test("a repeated stream type keeps the first and notes the rest")
  func duplicateStreams() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9, build: 1111)
    synth.setSystemInfo(architecture: 0, build: 2222)
    let dump = try parse(synth)
    #expect(dump.systemInfo?.buildNumber == 1111)
    #expect(dump.directoryNotes.map(\.code) == ["minidump.directory.duplicate_stream"])
    #expect(dump.notes.contains { $0.code == "minidump.directory.duplicate_stream" })
  }

  @Test("Wine's private 0xFFF0 stream and vendor streams are listed, never fatal")
  func vendorStreams() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.stream(type: 0xFFF0, [.bytes(Array(repeating: 0xAB, count: 868))])
    synth.stream(type: 0x4B6B_0002, [.zeros(52)])
    synth.stream(type: 0x1234_5678, [.zeros(3)])
    let dump = try parse(synth)
    let other = dump.otherStreams
    #expect(other.map(\.type.rawValue) == [0xFFF0, 0x4B6B_0002, 0x1234_5678])
    #expect(other.map(\.dataSize) == [868, 52, 3])
    #expect(other[0].type.name == "WinePrivateStream")
    #expect(other[0].type.isVendor)
    try #require(other.count == 3)
    #expect(other[2].type.description == "0x12345678")
    #expect(dump.notes.isEmpty)
  }

  @Test("a stream outside the file is noted in the directory and fails alone")
  func streamOutsideFile() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.rawDirectoryEntry(type: 4, rva: 0xFFFF_FF00, size: 0x200)
    let dump = try parse(synth)
    #expect(dump.directoryNotes.map(\.code) == ["minidump.directory.outside_file"])
    #expect(throws: ReadError.self) { try dump.stream(ModuleList.self) }
    #expect(dump.modules.isEmpty)
    #expect(dump.systemInfo != nil)
    #expect(dump.notes.contains { $0.code == "minidump.stream.unreadable" })
  }

  @Test("streams are parsed once and cached, errors included")
  func caching() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    let dump = try parse(synth)
    let first = try dump.stream(SystemInfo.self)
    let second = try dump.stream(SystemInfo.self)
    #expect(first == second)
    #expect(try dump.stream(ThreadList.self) == nil)
  }
}
