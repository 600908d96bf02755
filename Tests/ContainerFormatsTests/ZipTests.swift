import ContainerFormats
import Foundation
import Testing

/// A stored zip written field by field, optionally with zip64 records and size overrides.
func handMadeZip(
  _ entries: [(name: String, data: [UInt8])], zip64: Bool = false, claimedSize: UInt64? = nil
) -> [UInt8] {
  var out: [UInt8] = []
  var central: [UInt8] = []
  for entry in entries {
    let offset = out.count
    let crc = testCRC32(entry.data)
    let size = UInt64(entry.data.count)
    let uncompressed = claimedSize ?? size
    out.le32(0x0403_4B50)
    out.le16(zip64 ? 45 : 20)
    out.le16(0x0800)  // UTF-8 names
    out.le16(0)  // stored
    out.le16(0)
    out.le16(0x21)
    out.le32(crc)
    out.le32(zip64 ? 0xFFFF_FFFF : UInt32(size))
    out.le32(zip64 ? 0xFFFF_FFFF : UInt32(uncompressed))
    out.le16(entry.name.utf8.count)
    out.le16(zip64 ? 20 : 0)
    out += Array(entry.name.utf8)
    if zip64 {
      out.le16(1)
      out.le16(16)
      out.le64(uncompressed)
      out.le64(size)
    }
    out += entry.data

    central.le32(0x0201_4B50)
    central.le16(zip64 ? 45 : 20)
    central.le16(zip64 ? 45 : 20)
    central.le16(0x0800)
    central.le16(0)
    central.le16(0)
    central.le16(0x21)
    central.le32(crc)
    central.le32(zip64 ? 0xFFFF_FFFF : UInt32(size))
    central.le32(zip64 ? 0xFFFF_FFFF : UInt32(uncompressed))
    central.le16(entry.name.utf8.count)
    central.le16(zip64 ? 28 : 0)
    central.le16(0)
    central.le16(0)
    central.le16(0)
    central.le32(0)
    central.le32(zip64 ? 0xFFFF_FFFF : UInt32(offset))
    central += Array(entry.name.utf8)
    if zip64 {
      central.le16(1)
      central.le16(24)
      central.le64(uncompressed)
      central.le64(size)
      central.le64(UInt64(offset))
    }
  }
  let centralOffset = out.count
  out += central
  if zip64 {
    let recordOffset = out.count
    out.le32(0x0606_4B50)
    out.le64(44)
    out.le16(45)
    out.le16(45)
    out.le32(0)
    out.le32(0)
    out.le64(UInt64(entries.count))
    out.le64(UInt64(entries.count))
    out.le64(UInt64(central.count))
    out.le64(UInt64(centralOffset))
    out.le32(0x0706_4B50)
    out.le32(0)
    out.le64(UInt64(recordOffset))
    out.le32(1)
  }
  out.le32(0x0605_4B50)
  out.le16(0)
  out.le16(0)
  out.le16(zip64 ? 0xFFFF : entries.count)
  out.le16(zip64 ? 0xFFFF : entries.count)
  out.le32(zip64 ? 0xFFFF_FFFF : UInt32(central.count))
  out.le32(zip64 ? 0xFFFF_FFFF : UInt32(centralOffset))
  out.le16(0)
  return out
}

@Suite struct ZipTests {
  @Test("a hand-made stored zip and its zip64 twin expand the same")
  func storedAndZip64() throws {
    let entries = [
      (name: "Minidump/Mini1.dmp", data: [UInt8](sampleBytes(count: 5_000, seed: 10))),
      (name: "Minidump/Mini2.dmp", data: [UInt8](sampleBytes(count: 7, seed: 11))),
    ]
    for zip64 in [false, true] {
      let members = try ContainerFormats.expand(
        Data(handMadeZip(entries, zip64: zip64)), name: "dumps.zip")
      #expect(
        members.map(\.path) == ["dumps.zip!Minidump/Mini1.dmp", "dumps.zip!Minidump/Mini2.dmp"])
      #expect(members.map(\.data) == entries.map { Data($0.data) })
    }
  }

  @Test("a member claiming 1 TiB from a few bytes stops at the size limit before decoding")
  func claimedBomb() throws {
    let zip = handMadeZip([(name: "huge.dmp", data: [1, 2, 3])], zip64: true, claimedSize: 1 << 40)
    let members = try ContainerFormats.expand(Data(zip), name: "bomb.zip")
    guard case .failure(let error) = members.first?.content else {
      Issue.record("the claimed bomb expanded")
      return
    }
    #expect(error.code == .limitExceeded)
    #expect(error.message.contains("--max-expanded-size"))
    #expect(error.path == "bomb.zip!huge.dmp")
  }

  @Test("member names are display strings: control characters are neutralised")
  func hostileNames() throws {
    let zip = handMadeZip([(name: "../../etc/\u{1B}[31mpasswd", data: [0x41])])
    let members = try ContainerFormats.expand(Data(zip), name: "n.zip")
    #expect(members.map(\.path) == ["n.zip!../../etc/?[31mpasswd"])
  }

  @Test("corrupt CRC, truncation and too many members give clear errors")
  func corrupt() throws {
    var zip = handMadeZip([(name: "a.dmp", data: Array("hello dump".utf8))])
    zip[40] ^= 0x01  // inside the stored data
    let members = try ContainerFormats.expand(Data(zip), name: "c.zip")
    if case .failure(let error) = members.first?.content {
      #expect(error.code == .checksumMismatch)
    } else {
      Issue.record("a corrupt member expanded")
    }
    let whole = handMadeZip([(name: "a.dmp", data: Array("hello dump".utf8))])
    #expect(throws: ContainerError.self) {
      try ContainerFormats.expand(Data(whole.prefix(whole.count - 10)), name: "t.zip")
    }
    var limits = ExpansionLimits.default
    limits.maxMembers = 3
    let many = handMadeZip((0..<5).map { (name: "f\($0)", data: [UInt8($0)]) })
    do {
      _ = try ContainerFormats.expand(Data(many), name: "many.zip", limits: limits)
      Issue.record("the member-count limit did not apply")
    } catch {
      #expect(error.code == .limitExceeded)
      #expect(error.message.contains("maxMembers"))
    }
    // Every prefix: an error or a result, never a crash.
    for cut in 0..<whole.count {
      _ = try? ContainerFormats.expand(Data(whole.prefix(cut)), name: "p.zip")
    }
  }

  @Test(
    "zip files made by the zip tool: stored, deflate, folders, encryption",
    .enabled(if: Tool.find("zip") != nil))
  func toolMade() throws {
    let zip = try #require(Tool.find("zip"))
    let directory = try Tool.temporaryDirectory()
    defer { Tool.cleanUp(directory) }
    let folder = directory.appendingPathComponent("Minidump")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let first = sampleBytes(count: 200_000, seed: 12)
    let second = sampleBytes(count: 1_234, seed: 13)
    try first.write(to: folder.appendingPathComponent("Mini112308-01.dmp"))
    try second.write(to: folder.appendingPathComponent("Mini112308-02.dmp"))
    #expect(try Tool.run(zip, ["-q", "-r", "dumps.zip", "Minidump"], in: directory).status == 0)
    #expect(
      try Tool.run(zip, ["-q", "-0", "-r", "stored.zip", "Minidump"], in: directory).status == 0)
    for archive in ["dumps.zip", "stored.zip"] {
      let members = try ContainerFormats.expand(
        try Data(contentsOf: directory.appendingPathComponent(archive)), name: archive)
      let byPath = Dictionary(uniqueKeysWithValues: members.map { ($0.path, $0.data) })
      #expect(byPath.count == 2)
      #expect(byPath["\(archive)!Minidump/Mini112308-01.dmp"] == first)
      #expect(byPath["\(archive)!Minidump/Mini112308-02.dmp"] == second)
    }
    #expect(
      try Tool.run(
        zip, ["-q", "-P", "secret", "locked.zip", "Minidump/Mini112308-02.dmp"], in: directory
      )
      .status == 0)
    let locked = try ContainerFormats.expand(
      try Data(contentsOf: directory.appendingPathComponent("locked.zip")), name: "locked.zip")
    if case .failure(let error) = locked.first?.content {
      #expect(error.code == .unsupported)
      #expect(error.message.contains("encrypted"))
    } else {
      Issue.record("an encrypted member expanded")
    }
  }

  @Test(
    "nested archives expand to depth 2; a third level is a clear limit error",
    .enabled(if: Tool.find("zip") != nil && Tool.find("gzip") != nil))
  func nested() throws {
    let zip = try #require(Tool.find("zip"))
    let gzip = try #require(Tool.find("gzip"))
    let directory = try Tool.temporaryDirectory()
    defer { Tool.cleanUp(directory) }
    let dump = sampleBytes(count: 50_000, seed: 14)
    try dump.write(to: directory.appendingPathComponent("Mini1.dmp"))
    #expect(try Tool.run(gzip, ["-k", "Mini1.dmp"], in: directory).status == 0)
    #expect(try Tool.run(zip, ["-q", "inner.zip", "Mini1.dmp.gz"], in: directory).status == 0)
    #expect(
      try Tool.run(zip, ["-q", "outer.zip", "inner.zip", "Mini1.dmp"], in: directory).status == 0)
    #expect(try Tool.run(zip, ["-q", "two.zip", "Mini1.dmp.gz"], in: directory).status == 0)

    let two = try ContainerFormats.expand(
      try Data(contentsOf: directory.appendingPathComponent("two.zip")), name: "two.zip")
    #expect(two.map(\.path) == ["two.zip!Mini1.dmp.gz!Mini1.dmp"])
    #expect(two.first?.data == dump)

    let three = try ContainerFormats.expand(
      try Data(contentsOf: directory.appendingPathComponent("outer.zip")), name: "outer.zip")
    #expect(three.map(\.path) == ["outer.zip!inner.zip!Mini1.dmp.gz", "outer.zip!Mini1.dmp"])
    if case .failure(let error) = three.first?.content {
      #expect(error.code == .limitExceeded)
      #expect(error.message.contains("maxDepth"))
    } else {
      Issue.record("a third nesting level expanded")
    }
    #expect(three.last?.data == dump)
  }
}
