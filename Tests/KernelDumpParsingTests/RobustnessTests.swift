import BinaryReading
import DumpFormats
import Foundation
import KernelDumpParsing
import KernelDumpSynth
import Testing
import TriageTestSupport

/// Truncations and byte flips must give an error or notes, never a crash or a hang.
@Suite struct RobustnessTests {
  static let corpusFiles = [
    "kernel/triage_x64.dmp", "kernel/win10_arm64_mem.dmp", "kernel/win10_arm_rpi3_mem.dmp",
    "kernel/full_x64_header_truncated.dmp",
  ]

  /// Parses `data` and touches everything a later stage reads.
  static func exercise(_ data: Data, readMemory: Bool = true) {
    guard let dump = try? KernelDump(data: data) else { return }
    _ = dump.modules.count
    if readMemory, let range = dump.stackRange {
      var address = range.lowerBound
      var reads = 0
      while address < range.upperBound, reads < 256 {
        _ = dump.memory.readUInt64(at: address)
        address += 8
        reads += 1
      }
    }
    _ = dump.context?.instructionPointer
    _ = dump.processorContext?.stackPointer
  }

  @Test(arguments: corpusFiles)
  func everyPrefix(_ file: String) throws {
    guard let data = try corpusData(file) else { return }
    var lengths = Set(0...min(0x3000, data.count))
    lengths.formUnion(stride(from: 0, through: data.count, by: 512))
    // Every prefix is parsed; every 8th also has its memory read (that builds the region index).
    for (index, length) in lengths.sorted().enumerated() {
      Self.exercise(data.prefix(length), readMemory: index % 8 == 0)
    }
  }

  @Test(arguments: corpusFiles)
  func seededByteFlips(_ file: String) throws {
    guard let data = try corpusData(file) else { return }
    let seed: UInt64 = 0x5EED_0000 &+ UInt64(file.utf8.count)
    var random = SeededRandom(seed: seed)
    var bytes = [UInt8](data)
    for round in 0..<100 {
      var changed: [(Int, UInt8)] = []
      for _ in 0..<(1 + Int(random.next() % 8)) {
        // Half the flips hit the headers, where the offsets and counts are.
        let limit = random.next() % 2 == 0 ? min(bytes.count, 0x2100) : bytes.count
        let index = Int(random.next() % UInt64(limit))
        changed.append((index, bytes[index]))
        bytes[index] = UInt8(truncatingIfNeeded: random.next())
      }
      Self.exercise(Data(bytes), readMemory: round % 4 == 0)
      for (index, old) in changed.reversed() { bytes[index] = old }
    }
  }

  @Test func synthPrefixesAndFlips() {
    for scenario in SampleScenarios.all.prefix(8) {
      let bytes = scenario.dump.write()
      for length in stride(from: 0, through: bytes.count, by: 97) {
        Self.exercise(Data(bytes.prefix(length)))
      }
      var random = SeededRandom(seed: 42)
      var mutated = bytes
      for _ in 0..<64 {
        let index = Int(random.next() % UInt64(mutated.count))
        mutated[index] = UInt8(truncatingIfNeeded: random.next())
        Self.exercise(Data(mutated))
      }
    }
  }

  @Test func fullDumpPrefixesAndFlips() {
    let dumps = [
      FullDumpScenarios.x64(layout: .runs).write(), FullDumpScenarios.x64(layout: .bitmap).write(),
      FullDumpScenarios.x86(pae: true).write(), FullDumpScenarios.arm64.write(),
      FullDumpScenarios.x64(layout: .rdmp).write(),
    ]
    var random = SeededRandom(seed: 0xF011)
    for bytes in dumps {
      for length in stride(from: 0, through: bytes.count, by: 509) {
        Self.exercise(Data(bytes.prefix(length)), readMemory: length % 4 == 0)
      }
      var mutated = bytes
      for round in 0..<60 {
        // Flip bytes in the header (descriptor, bitmap) or in the page tables and lists.
        let index = Int(
          random.next() % UInt64(round % 2 == 0 ? min(0x2100, bytes.count) : bytes.count))
        mutated[index] = UInt8(truncatingIfNeeded: random.next())
        Self.exercise(Data(mutated))
      }
    }
  }

  @Test func hostileCountsAreRejectedWithNotes() throws {
    var bytes = SampleScenarios.windows10FilterException.write()
    // DriverCount (triage +0x34) and DataBlocksCount (+0x7C) set to huge values.
    for (offset, value) in [(0x2034, UInt32.max), (0x207C, UInt32(0x7FFF_FFFF))] {
      for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
    let dump = try KernelDump(data: Data(bytes))
    #expect(dump.modules.isEmpty)
    #expect(dump.notes.contains { $0.code == "triage.driver_list" })
    #expect(dump.notes.contains { $0.code == "triage.data_blocks" })
  }

  @Test func headerErrorsNameTheOffset() {
    #expect(throws: ReadError.self) { try KernelDump(data: Data("PAGEDU64".utf8)) }
    do {
      _ = try KernelDump(data: Data("PAGEDU64".utf8))
    } catch {
      #expect(error.offset == 8)
      #expect(error.context.contains("MajorVersion"))
    }
    do {
      _ = try KernelDump(data: Data("MDMP____________".utf8))
    } catch {
      #expect(error.offset == 0)
    }
  }
}
