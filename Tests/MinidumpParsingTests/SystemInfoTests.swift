import DumpFormats
import MinidumpParsing
import MinidumpSynth
import Testing

@Suite("SystemInfo and MiscInfo")
struct SystemInfoTests {
  @Test("x86 system info: version, CSD string, product type, CPU vendor and model")
  func x86() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(
      architecture: 0, level: 6, revision: 0x0D08, processors: 1, productType: 3, major: 5,
      minor: 2, build: 3790, csdVersion: "Service Pack 2", suiteMask: 0x110)
    let info = try #require(try parse(synth).systemInfo)
    #expect(info.architecture == .x86)
    #expect(info.osVersion == "5.2.3790")
    #expect(info.csdVersion == "Service Pack 2")
    #expect(info.servicePack == 2)
    #expect(info.productType == 3)
    #expect(info.platform == .windowsNT)
    #expect(info.platform.description == "Windows NT")
    #expect(info.cpuVendor == "GenuineIntel")
    #expect(info.cpuFamily == 6 && info.cpuModel == 13 && info.cpuStepping == 8)
    #expect(info.processorCount == 1)
    #expect(info.suiteMask == 0x110)
  }

  @Test(
    "architectures: known values map, unknown ones are kept",
    arguments: [
      (UInt16(0), CPUArchitecture.x86), (5, .arm), (6, .ia64), (9, .amd64), (12, .arm64),
      (0x8003, .unknown(0x8003)),
    ])
  func architectures(raw: UInt16, expected: CPUArchitecture) throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: raw, csdVersion: "")
    let info = try #require(try parse(synth).systemInfo)
    #expect(info.architecture == expected)
    #expect(info.processorArchitecture == raw)
    #expect(info.csdVersion == nil)
    if raw != 0 { #expect(info.cpuVendor == nil && info.processorFeatures.count == 2) }
  }

  @Test("MiscInfo: fields count only inside SizeOfInfo and with their flag")
  func miscInfo() throws {
    var synth = SynthMinidump()
    // MINIDUMP_MISC_INFO_2 (44 bytes), Flags1 = PROCESS_ID | PROCESS_TIMES (no power info).
    synth.stream(
      type: 15,
      [
        .u32(44), .u32(0x3), .u32(4242), .u32(0x45D3_5F73), .u32(3), .u32(1), .u32(2000),
        .u32(1800), .u32(2000), .u32(1), .u32(0),
      ])
    let misc = try #require(try parse(synth).miscInfo)
    #expect(misc.processID == 4242)
    #expect(misc.processCreateTime == 0x45D3_5F73)
    #expect(misc.processUserTime == 3)
    #expect(misc.processKernelTime == 1)
    #expect(misc.processorPower == nil)
    #expect(misc.buildString == nil)
  }

  @Test("MiscInfo 4: build string and time zone")
  func miscInfo4() throws {
    var fields: [SynthMinidump.Field] = [.u32(832), .u32(0x1 | 0x4 | 0x40 | 0x100), .u32(7)]
    fields += Array(repeating: .u32(0), count: 3)  // times (flag clear)
    fields += [.u32(3000), .u32(2900), .u32(3000), .u32(2), .u32(1)]  // power
    fields += [.u32(0), .u32(0), .u32(0)]  // integrity, execute flags, protected
    fields += [.u32(2)]  // TimeZoneId
    fields += [.u32(UInt32(bitPattern: -60))] + utf16Field("W. Europe Standard Time", units: 32)
    fields += [.zeros(16), .u32(0)] + utf16Field("W. Europe Daylight Time", units: 32)
    fields += [.zeros(16), .u32(UInt32(bitPattern: -60))]
    fields += utf16Field("19041.1.amd64fre.vb_release.191206-1406", units: 260)
    fields += utf16Field("dbghelp.dll", units: 40)
    var synth = SynthMinidump()
    synth.stream(type: 15, fields)
    let misc = try #require(try parse(synth).miscInfo)
    #expect(misc.sizeOfInfo == 832)
    #expect(misc.processID == 7)
    #expect(misc.processCreateTime == nil)
    #expect(misc.processorPower?.maxMhz == 3000)
    #expect(misc.processorPower?.currentMhz == 2900)
    #expect(misc.timeZoneID == 2)
    #expect(misc.timeZone?.bias == -60)
    #expect(misc.timeZone?.standardName == "W. Europe Standard Time")
    #expect(misc.timeZone?.daylightName == "W. Europe Daylight Time")
    #expect(misc.buildString == "19041.1.amd64fre.vb_release.191206-1406")
    #expect(misc.debugBuildString == "dbghelp.dll")
  }

  @Test("MiscInfo 5: the process cookie lies past XStateData")
  func miscInfo5() throws {
    var synth = SynthMinidump()
    synth.stream(
      type: 15, [.u32(1364), .u32(0x200 | 0x1), .u32(5), .zeros(0x550 - 12), .u32(0xC00C1E)])
    let misc = try #require(try parse(synth).miscInfo)
    #expect(misc.processCookie == 0xC0_0C1E)
    #expect(misc.processID == 5)
    #expect(misc.timeZone == nil && misc.buildString == nil)
  }

  @Test("MiscInfo larger than its stream reads what is there and notes it")
  func miscInfoShort() throws {
    var synth = SynthMinidump()
    synth.stream(type: 15, [.u32(1364), .u32(0x1), .u32(99)])
    let misc = try #require(try parse(synth).miscInfo)
    #expect(misc.processID == 99)
    #expect(misc.notes.map(\.code) == ["minidump.misc_info.short"])
  }
}

/// A fixed-size UTF-16 field of `units` code units.
func utf16Field(_ text: String, units: Int) -> [SynthMinidump.Field] {
  var bytes: [UInt8] = []
  for unit in text.utf16.prefix(units) { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
  bytes += Array(repeating: 0, count: units * 2 - bytes.count)
  return [.bytes(bytes)]
}

@Suite("Comments")
struct CommentTests {
  @Test("CommentStreamW wins over CommentStreamA; empty comments are nil")
  func comments() throws {
    var synth = SynthMinidump()
    synth.stream(type: 10, [.bytes(Array("ansi note".utf8) + [0, 0x41])])
    #expect(try parse(synth).comment == "ansi note")
    synth.stream(type: 11, utf16Field("wide note", units: 12))
    #expect(try parse(synth).comment == "wide note")
    var empty = SynthMinidump()
    empty.stream(type: 10, [.zeros(4)])
    #expect(try parse(empty).comment == nil)
  }
}
