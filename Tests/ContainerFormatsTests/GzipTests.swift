import ContainerFormats
import Foundation
import Testing

/// gzip files made by hand and by the `gzip` tool.
@Suite struct GzipTests {
  @Test("a hand-made gzip with FNAME expands under the stored name")
  func handMade() throws {
    let data = [UInt8](sampleBytes(count: 70_000, seed: 1))
    let gz = Data(handMadeGzip(data, name: "Mini112308-01.dmp"))
    #expect(ContainerFormats.kind(of: gz) == .gzip)
    let members = try ContainerFormats.expand(gz, name: "upload.bin", limits: .default)
    #expect(members.map(\.path) == ["upload.bin!Mini112308-01.dmp"])
    #expect(members.first?.data == Data(data))
  }

  @Test("several members are concatenated, like gzip -d")
  func multiMember() throws {
    let first = [UInt8](sampleBytes(count: 1_000, seed: 2))
    let second = [UInt8](sampleBytes(count: 3_000, seed: 3))
    let gz = Data(handMadeGzip(first, name: nil) + handMadeGzip(second, name: nil))
    let members = try ContainerFormats.expand(gz, name: "dir/crash.dmp.gz", limits: .default)
    #expect(members.map(\.path) == ["dir/crash.dmp.gz!crash.dmp"])
    #expect(members.first?.data == Data(first + second))
    #expect(members.first?.notes.map(\.code) == ["multi_member"])
  }

  @Test("trailing garbage is a note, zero padding is ignored")
  func trailingData() throws {
    let data = [UInt8](sampleBytes(count: 500, seed: 4))
    let padded = try ContainerFormats.expand(
      Data(handMadeGzip(data, name: nil) + [0, 0, 0, 0]), name: "a.gz")
    #expect(padded.first?.notes.isEmpty == true)
    let garbage = try ContainerFormats.expand(
      Data(handMadeGzip(data, name: nil) + Array("junk".utf8)), name: "a.gz")
    #expect(garbage.first?.data == Data(data))
    #expect(garbage.first?.notes.map(\.code) == ["trailing_data"])
  }

  @Test("a CRC mismatch and a truncated stream fail the member with a clear error")
  func corrupt() throws {
    var gz = handMadeGzip([UInt8](sampleBytes(count: 2_000, seed: 5)), name: "x.dmp")
    gz[gz.count - 8] ^= 0xFF
    let bad = try ContainerFormats.expand(Data(gz), name: "x.gz")
    #expect(throws: ContainerError.self) { try bad.first?.content.get() }
    if case .failure(let error) = bad.first?.content {
      #expect(error.code == .checksumMismatch)
      #expect(error.description.contains("CRC-32"))
    }
    let truncated = try ContainerFormats.expand(Data(gz.prefix(gz.count / 2)), name: "x.gz")
    if case .failure(let error) = truncated.first?.content {
      #expect(error.code == .truncated)
    } else {
      Issue.record("a truncated gzip expanded")
    }
    #expect(throws: ContainerError.self) {
      try ContainerFormats.expand(Data([0x1F, 0x8B, 0x08]), name: "short.gz")
    }
  }

  @Test("gzip files made by the gzip tool expand", .enabled(if: Tool.find("gzip") != nil))
  func toolMade() throws {
    let gzip = try #require(Tool.find("gzip"))
    let directory = try Tool.temporaryDirectory()
    defer { Tool.cleanUp(directory) }
    let data = sampleBytes(count: 300_000, seed: 6)
    try data.write(to: directory.appendingPathComponent("MEMORY.DMP"))
    #expect(try Tool.run(gzip, ["-9", "MEMORY.DMP"], in: directory).status == 0)
    let gz = try Data(contentsOf: directory.appendingPathComponent("MEMORY.DMP.gz"))
    let members = try ContainerFormats.expand(gz, name: "MEMORY.DMP.gz")
    #expect(members.map(\.path) == ["MEMORY.DMP.gz!MEMORY.DMP"])
    #expect(members.first?.data == data)
  }

  @Test(
    "a gzip bomb stops at the member-size and ratio limits",
    .enabled(if: Tool.find("gzip") != nil))
  func bomb() throws {
    let gzip = try #require(Tool.find("gzip"))
    let directory = try Tool.temporaryDirectory()
    defer { Tool.cleanUp(directory) }
    try Data(count: 16 << 20).write(to: directory.appendingPathComponent("zeros"))
    #expect(try Tool.run(gzip, ["-9", "zeros"], in: directory).status == 0)
    let gz = try Data(contentsOf: directory.appendingPathComponent("zeros.gz"))
    #expect(gz.count < 64 << 10)

    var limits = ExpansionLimits.default
    limits.maxMemberSize = 1 << 20
    let sized = try ContainerFormats.expand(gz, name: "zeros.gz", limits: limits)
    guard case .failure(let sizeError) = sized.first?.content else {
      Issue.record("the bomb expanded")
      return
    }
    #expect(sizeError.code == .limitExceeded)
    #expect(sizeError.message.contains("--max-expanded-size"))

    limits = .default
    limits.ratioFloor = 1 << 20
    limits.maxRatio = 100
    let ratio = try ContainerFormats.expand(gz, name: "zeros.gz", limits: limits)
    guard case .failure(let ratioError) = ratio.first?.content else {
      Issue.record("the bomb expanded")
      return
    }
    #expect(ratioError.code == .limitExceeded)
    #expect(ratioError.message.contains("100:1"))

    limits = .default
    limits.maxTotalSize = 1 << 20
    #expect(throws: ContainerError.self) {
      try ContainerFormats.expand(gz, name: "zeros.gz", limits: limits)
    }
  }
}
