import ContainerFormats
import Foundation
import Testing

/// Cabinets made by hand and by `gcab`.
@Suite struct CabinetTests {
  /// Two MSZIP blocks; the second refers back into the first block's output.
  static func mszipFolder() -> (folder: CabinetWriter.Folder, output: [UInt8]) {
    let text = Array(
      "0123456789 The quick brown fox jumps over the lazy dog; MSZIP shares its window. ".utf8)
    var first = DeflateWriter()
    first.stored(text, final: true)
    var second = DeflateWriter()
    second.beginFixed(final: true)
    second.fixedMatch(length: 10, distance: text.count)  // copies "0123456789" from block 1
    second.fixedSymbol(Int(UInt8(ascii: "Z")))
    second.fixedSymbol(256)
    second.alignToByte()
    let folder = CabinetWriter.Folder(
      typeCompress: 1,
      blocks: [
        (payload: Array("CK".utf8) + first.bytes, size: text.count),
        (payload: Array("CK".utf8) + second.bytes, size: 11),
      ])
    return (folder, text + Array("0123456789Z".utf8))
  }

  @Test("several folders (stored, MSZIP sharing the window, LZX) and files in one cabinet")
  func multiFolder() throws {
    var cabinet = CabinetWriter()
    let a = [UInt8](sampleBytes(count: 40_000, seed: 20))
    let b = [UInt8](sampleBytes(count: 123, seed: 21))
    cabinet.addStoredFolder([("a.dmp", a), ("sub\\b.txt", b)])
    let (mszip, mszipOutput) = Self.mszipFolder()
    cabinet.folders.append(mszip)
    cabinet.files.append(.init(name: "m1.bin", folder: 1, offset: 0, size: 50))
    cabinet.files.append(.init(name: "m2.bin", folder: 1, offset: 50, size: mszipOutput.count - 50))
    var lzx = LZXWriter(windowBits: 15)
    let lzxData = [UInt8](sampleBytes(count: 5_000, seed: 22))
    lzx.header(translationSize: nil)
    lzx.uncompressedBlock(lzxData)
    lzx.finish()
    cabinet.folders.append(.init(typeCompress: 0x0F03, blocks: [(lzx.bytes, lzxData.count)]))
    cabinet.files.append(.init(name: "l.dmp", folder: 2, offset: 0, size: lzxData.count))
    let members = try ContainerFormats.expand(Data(cabinet.build()), name: "multi.cab")
    #expect(
      members.map(\.path) == [
        "multi.cab!a.dmp", "multi.cab!sub/b.txt", "multi.cab!m1.bin", "multi.cab!m2.bin",
        "multi.cab!l.dmp",
      ])
    #expect(
      members.map(\.data) == [
        Data(a), Data(b), Data(mszipOutput[0..<50]), Data(mszipOutput[50...]), Data(lzxData),
      ])
  }

  @Test("Quantum folders fail with an unsupported-compression error; other folders still expand")
  func quantum() throws {
    var cabinet = CabinetWriter()
    cabinet.addStoredFolder([("ok.dmp", [1, 2, 3])])
    cabinet.folders.append(.init(typeCompress: 0x1202, blocks: [([0, 0, 0, 0], 10)]))
    cabinet.files.append(.init(name: "q.dmp", folder: 1, offset: 0, size: 10))
    let members = try ContainerFormats.expand(Data(cabinet.build()), name: "q.cab")
    #expect(members.first?.data == Data([1, 2, 3]))
    guard case .failure(let error) = members.last?.content else {
      Issue.record("a Quantum folder expanded")
      return
    }
    #expect(error.code == .unsupported)
    #expect(error.message.contains("Quantum"))
    #expect(error.message.contains("unsupported compression"))
  }

  @Test("CFDATA checksums are verified when present and skipped when zero")
  func checksums() throws {
    var cabinet = CabinetWriter()
    cabinet.addStoredFolder([("a.dmp", [UInt8](sampleBytes(count: 1_001, seed: 23)))])
    var bytes = cabinet.build()
    let good = try ContainerFormats.expand(Data(bytes), name: "c.cab")
    #expect(good.first?.data?.count == 1_001)
    bytes[bytes.count - 3] ^= 0x40
    let bad = try ContainerFormats.expand(Data(bytes), name: "c.cab")
    guard case .failure(let error) = bad.first?.content else {
      Issue.record("a corrupt block passed its checksum")
      return
    }
    #expect(error.code == .checksumMismatch)
    cabinet.checksums = false
    var unchecked = cabinet.build()
    unchecked[unchecked.count - 3] ^= 0x40
    #expect(try ContainerFormats.expand(Data(unchecked), name: "u.cab").first?.data != nil)
  }

  @Test("every prefix and seeded byte flips of a cabinet give a result or an error")
  func truncationAndFlips() throws {
    var cabinet = CabinetWriter()
    cabinet.addStoredFolder([("a.dmp", [UInt8](sampleBytes(count: 3_000, seed: 24)))])
    let (mszip, _) = Self.mszipFolder()
    cabinet.folders.append(mszip)
    cabinet.files.append(.init(name: "m.bin", folder: 1, offset: 0, size: 50))
    let bytes = cabinet.build()
    let whole = try ContainerFormats.expand(Data(bytes), name: "t.cab").map(\.data)
    for cut in 0..<bytes.count {
      // A prefix either fails, fails some members, or (when only unused CFDATA blocks are cut
      // off) gives exactly the full result: never wrong bytes.
      if let members = try? ContainerFormats.expand(Data(bytes.prefix(cut)), name: "t.cab"),
        !members.contains(where: { $0.data == nil })
      {
        #expect(members.map(\.data) == whole, "prefix of \(cut) bytes")
      }
    }
    var random = SplitMix(seed: 0xCAB)
    for _ in 0..<2_000 {
      var mutated = bytes
      let index = Int(random.next() % UInt64(mutated.count))
      mutated[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
      _ = try? ContainerFormats.expand(Data(mutated), name: "f.cab")
    }
  }

  @Test("cabinets made by gcab (stored and MSZIP) expand", .enabled(if: Tool.find("gcab") != nil))
  func gcabMade() throws {
    let gcab = try #require(Tool.find("gcab"))
    let directory = try Tool.temporaryDirectory()
    defer { Tool.cleanUp(directory) }
    let files = [
      ("Mini1.dmp", sampleBytes(count: 150_000, seed: 25)),
      ("Mini2.dmp", sampleBytes(count: 33, seed: 26)),
      ("MEMORY.DMP", sampleBytes(count: 70_000, seed: 27)),
    ]
    for (name, data) in files { try data.write(to: directory.appendingPathComponent(name)) }
    for (archive, flags) in [("stored.cab", ["-c", "-n"]), ("mszip.cab", ["-c", "-z", "-n"])] {
      let status = try Tool.run(gcab, flags + [archive] + files.map(\.0), in: directory)
      #expect(status.status == 0)
      let members = try ContainerFormats.expand(
        try Data(contentsOf: directory.appendingPathComponent(archive)), name: archive)
      #expect(members.map(\.path) == files.map { "\(archive)!\($0.0)" })
      #expect(members.map(\.data) == files.map(\.1))
    }
  }

  @Test(
    "a cabinet inside a zip expands to depth 2",
    .enabled(if: Tool.find("gcab") != nil && Tool.find("zip") != nil))
  func cabinetInZip() throws {
    let gcab = try #require(Tool.find("gcab"))
    let zip = try #require(Tool.find("zip"))
    let directory = try Tool.temporaryDirectory()
    defer { Tool.cleanUp(directory) }
    let dump = sampleBytes(count: 80_000, seed: 28)
    try dump.write(to: directory.appendingPathComponent("Mini9.dmp"))
    #expect(
      try Tool.run(gcab, ["-c", "-z", "-n", "w.cab", "Mini9.dmp"], in: directory).status == 0)
    #expect(try Tool.run(zip, ["-q", "dumps.zip", "w.cab"], in: directory).status == 0)
    let members = try ContainerFormats.expand(
      try Data(contentsOf: directory.appendingPathComponent("dumps.zip")), name: "dumps.zip")
    #expect(members.map(\.path) == ["dumps.zip!w.cab!Mini9.dmp"])
    #expect(members.first?.data == dump)
  }

  @Test("detection is by magic bytes, not by name")
  func detection() {
    #expect(ContainerFormats.kind(of: Data("MSCF\0\0\0\0".utf8)) == .cabinet)
    #expect(ContainerFormats.kind(of: Data([0x50, 0x4B, 3, 4])) == .zip)
    #expect(ContainerFormats.kind(of: Data([0x1F, 0x8B, 8])) == .gzip)
    #expect(ContainerFormats.kind(of: Data("MDMP".utf8)) == nil)
    #expect(throws: ContainerError.self) {
      try ContainerFormats.expand(Data("PAGEDU64".utf8), name: "dump.zip")
    }
  }
}
