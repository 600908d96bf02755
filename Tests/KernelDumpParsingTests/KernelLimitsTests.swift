import DumpFormats
import Foundation
import KernelDumpParsing
import KernelDumpSynth
import Testing

/// Limits of the kernel dump reader that stop a list (docs/fuzzing.md, "Limits"): each one
/// leaves a note that names it.
@Suite struct KernelLimitsTests {
  /// A triage dump followed by a `DumpBlob` chain of `count` empty records that ends exactly at
  /// the end of the file (written by hand: signature, header size, build tag, then 0x20-byte
  /// record headers {cbHeader, GUID, cbData, A, B}).
  static func withSecondaryData(records count: Int) throws -> KernelDump {
    var bytes = SampleScenarios.windows10FilterException.write()
    let sizeOfDump = bytes.count
    func u32(_ value: UInt32) {
      for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }
    bytes += Array("DumpBlob".utf8)
    u32(0x10)
    u32(0x1DB1)
    for index in 0..<count {
      u32(0x20)
      u32(UInt32(index))
      bytes += [UInt8](repeating: 0xAB, count: 12)
      u32(0)
      u32(0)
      u32(0)
    }
    let dump = try KernelDump(data: Data(bytes))
    #expect(dump.triage?.header.sizeOfDump == UInt32(sizeOfDump))
    return dump
  }

  @Test func secondaryDataOverTheLimitIsCutWithANote() throws {
    let exact = try Self.withSecondaryData(records: 4096)
    #expect(exact.triage?.secondaryData.count == 4096)
    #expect(!exact.notes.contains { $0.code == "triage.secondary_data" }, "\(exact.notes)")
    let over = try Self.withSecondaryData(records: 4097)
    #expect(over.triage?.secondaryData.count == 4096)
    let note = try #require(over.notes.first { $0.code == "triage.secondary_data" })
    #expect(note.message.contains("more than 4096 records; reading the first 4096 (the limit)"))
  }

  @Test func fullDumpModuleListOverTheLimitStopsWithANote() throws {
    func dump(extraDrivers: Int) throws -> KernelDump {
      // A bitmap dump: a page-run header holds at most 43 runs, too few for thousands of
      // separately mapped name strings.
      var synth = FullDumpScenarios.x64(layout: .bitmap)
      for index in 0..<extraDrivers {
        synth.drivers.append(
          SynthDriver(
            "\\SystemRoot\\System32\\drivers\\d\(index).sys",
            base: 0xFFFF_F806_0000_0000 + UInt64(index) * 0x10000, size: 0x8000,
            timeDateStamp: 0x6000_0000, checksum: 0))
      }
      return try KernelDump(data: Data(synth.write()))
    }
    // The scenario has 3 drivers: 4093 more fill the 4096-entry limit exactly.
    let exact = try dump(extraDrivers: 4093)
    #expect(exact.modules.count == 4096, "\(exact.notes)")
    #expect(!exact.notes.contains { $0.code == "kernel.modules.limit" }, "\(exact.notes)")
    let over = try dump(extraDrivers: 4094)
    #expect(over.modules.count == 4096)
    let note = try #require(over.notes.first { $0.code == "kernel.modules.limit" })
    #expect(note.message.contains("more than 4096 entries"))
  }
}
