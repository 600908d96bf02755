import BinaryReading
import DumpFormats
import Foundation
import PDBSymbols
import Testing
import TriageTestSupport

/// Corrupt PDBs: truncations, wild stream sizes, cyclic block maps, huge counts.
///
/// Every case ends in a clear ``ReadError`` or a degraded answer, never a trap.
@Suite struct CorruptPDBTests {
  /// Little-endian patching of a byte array (written by hand, independent of the reader).
  struct Patch {
    var bytes: [UInt8]
    func u32(_ at: Int) -> UInt32 {
      UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16
        | UInt32(bytes[at + 3]) << 24
    }
    mutating func set(_ at: Int, _ value: UInt32) {
      for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }
    /// File offset of the stream directory (first directory block) of an MSF 7.0 file.
    var directoryOffset: Int {
      let blockSize = Int(u32(0x20))
      let mapBlock = Int(u32(0x34))
      return Int(u32(mapBlock * blockSize)) * blockSize
    }
  }

  static func exercise(_ data: Data) {
    guard let pdb = try? PDBFile(data: data) else { return }
    for rva: UInt32 in [0, 0x1000, 0x1135, 0x11AA, 0x1250, 0xFFFF_FFFF] {
      _ = pdb.symbol(at: rva)
      _ = pdb.x86FrameData(at: rva)
    }
    _ = try? pdb.allProcedures()
    _ = try? pdb.allPublics()
    _ = try? pdb.allFrameData()
  }

  static let original = (try? Fixtures.bytes("x86/netbt.pdb")).map { [UInt8]($0) } ?? []

  @Test func truncationsNeverCrash() throws {
    #expect(Self.original.count == 77824)
    for length in stride(from: 0, to: Self.original.count, by: 256) {
      Self.exercise(Data(Self.original.prefix(length)))
    }
  }

  @Test func seededMutationsNeverCrash() {
    let seed: UInt64 = 0x5EED_0009
    var random = SeededRandom(seed: seed)
    for _ in 0..<400 {
      var mutated = Self.original
      for _ in 0..<12 {
        let index = Int(random.next() % UInt64(mutated.count))
        mutated[index] = UInt8(truncatingIfNeeded: random.next())
      }
      Self.exercise(Data(mutated))
    }
  }

  @Test func wildHeaderFieldsGiveClearErrors() throws {
    var patch = Patch(bytes: Self.original)
    patch.set(0x20, 3000)
    #expect(throws: ReadError.self) { try PDBFile(data: Data(patch.bytes)) }
    patch = Patch(bytes: Self.original)
    patch.set(0x2C, 0xFFFF_FFF0)  // NumDirectoryBytes
    do {
      _ = try PDBFile(data: Data(patch.bytes))
      Issue.record("expected an error")
    } catch {
      #expect(error.context.contains("NumDirectoryBytes") && error.offset == 0x2C)
    }
    patch = Patch(bytes: Self.original)
    patch.set(0x34, 0xFFFF)  // block map past the end
    #expect(throws: ReadError.self) { try PDBFile(data: Data(patch.bytes)) }
  }

  @Test func wildDirectoryEntriesGiveClearErrors() throws {
    let base = Patch(bytes: Self.original)
    let directory = base.directoryOffset
    let streamCount = Int(base.u32(directory))
    #expect(streamCount > 10 && streamCount < 100)
    // Huge NumStreams.
    var patch = base
    patch.set(directory, 0x7FFF_FFFF)
    #expect(throws: ReadError.self) { try PDBFile(data: Data(patch.bytes)) }
    // A wild stream size (DBI = stream 3) needs more block numbers than the directory holds.
    patch = base
    patch.set(directory + 4 + 3 * 4, 0x7FFF_0000)
    #expect(throws: ReadError.self) { try PDBFile(data: Data(patch.bytes)) }
    // A block number past NumBlocks.
    patch = base
    let firstBlockList = directory + 4 + streamCount * 4
    var index = firstBlockList
    var patched = false
    for stream in 0..<streamCount {
      let size = base.u32(directory + 4 + stream * 4)
      let blocks = size == 0xFFFF_FFFF ? 0 : Int((size + 4095) / 4096)
      if stream == 1, blocks > 0 {
        patch.set(index, 0x00FF_FFFF)
        patched = true
      }
      index += blocks * 4
    }
    #expect(patched)
    #expect(throws: ReadError.self) { try PDBFile(data: Data(patch.bytes)) }
  }

  /// Every stream's blocks point at the superblock (a cycle back to block 0), or at the
  /// directory itself: reads return garbage that fails validation, not a loop or a trap.
  @Test func cyclicBlockMapsAreHarmless() throws {
    let base = Patch(bytes: Self.original)
    let directory = base.directoryOffset
    let streamCount = Int(base.u32(directory))
    for target: UInt32 in [0, UInt32(directory / 4096), base.u32(0x34)] {
      var patch = base
      var index = directory + 4 + streamCount * 4
      for stream in 0..<streamCount {
        let size = base.u32(directory + 4 + stream * 4)
        let blocks = size == 0xFFFF_FFFF ? 0 : Int((size + 4095) / 4096)
        for _ in 0..<blocks {
          patch.set(index, target)
          index += 4
        }
      }
      Self.exercise(Data(patch.bytes))
      // The block map pointing at itself.
      var selfMap = base
      selfMap.set(Int(base.u32(0x34)) * 4096, base.u32(0x34))
      Self.exercise(Data(selfMap.bytes))
    }
  }
}
