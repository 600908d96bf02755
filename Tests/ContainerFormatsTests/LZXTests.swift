import Foundation
import Testing

@testable import ContainerFormats

/// LZX streams built by ``LZXWriter`` and decoded by ``LZXDecoder`` (and by cabextract).
@Suite struct LZXTests {
  /// Code lengths for window 2^16 (512 main symbols): every main symbol 9 bits (complete).
  static let fullMain = [Int](repeating: 9, count: 512)
  /// 249 length symbols: 7 of 7 bits and 242 of 8 bits (complete).
  static let fullLength = (0..<249).map { $0 < 7 ? 7 : 8 }
  /// Literals only: 256 × 8 bits, no match symbols, empty length tree.
  static let literalMain = (0..<512).map { $0 < 256 ? 8 : 0 }

  /// A stream with every block type, tree-delta run codes, and several 32 KiB frames.
  static func mixedStream(_ data: [UInt8]) -> (writer: LZXWriter, frames: [Int]) {
    var writer = LZXWriter(windowBits: 16)
    writer.header(translationSize: nil)
    let first = 40_000
    let second = 80_000
    let rawEnd = second + 777
    let tokens1 = LZXWriter.tokenize(Array(data[0..<first]), maxOffset: 60_000)
    writer.compressedBlock(
      tokens1, aligned: false, mainLengths: fullMain, lengthLengths: fullLength, runs: false)
    // The second block may refer back into the first: tokenize the prefix and keep the tail.
    let tokens2 = tokensOf(data, from: first, to: second)
    writer.compressedBlock(
      tokens2, aligned: true, mainLengths: fullMain, lengthLengths: fullLength, runs: true)
    writer.uncompressedBlock(Array(data[second..<rawEnd]))
    let literals = data[rawEnd...].map { LZXWriter.Token.literal($0) }
    writer.compressedBlock(
      literals, aligned: false, mainLengths: literalMain,
      lengthLengths: [Int](repeating: 0, count: 249), runs: true)
    writer.finish()
    var frames = [Int](repeating: 32_768, count: data.count / 32_768)
    if data.count % 32_768 != 0 { frames.append(data.count % 32_768) }
    return (writer, frames)
  }

  /// Greedy tokens for `data[from..<to]` that may match anywhere earlier in `data`.
  static func tokensOf(_ data: [UInt8], from: Int, to: Int) -> [LZXWriter.Token] {
    let all = LZXWriter.tokenize(Array(data[0..<to]), maxOffset: 60_000)
    var position = 0
    var result: [LZXWriter.Token] = []
    for token in all {
      if position >= from {
        result.append(token)
      } else if position + token.length > from {
        // A token straddling the boundary: emit its tail as literals.
        for index in from..<(position + token.length) { result.append(.literal(data[index])) }
      }
      position += token.length
    }
    return result
  }

  @Test("verbatim, aligned and uncompressed blocks over several frames decode exactly")
  func mixedBlocks() throws {
    let data = [UInt8](sampleBytes(count: 100_001, seed: 42))
    let (writer, frames) = Self.mixedStream(data)
    var decoder = try LZXDecoder(windowBits: 16, input: writer.bytes)
    let output = try decoder.decode(outputSize: frames.reduce(0, +)) { _ in }
    #expect(output.count == data.count)
    #expect(output == data)
  }

  @Test("the same stream in a cabinet expands through the public API and through cabextract")
  func mixedBlocksInCabinet() throws {
    let data = [UInt8](sampleBytes(count: 100_001, seed: 7))
    let (writer, frames) = Self.mixedStream(data)
    var cabinet = CabinetWriter()
    var blocks: [(payload: [UInt8], size: Int)] = []
    var start = 0
    for (index, size) in frames.enumerated() {
      let end = index < writer.frameEnds.count ? writer.frameEnds[index] : writer.bytes.count
      blocks.append((Array(writer.bytes[start..<end]), size))
      start = end
    }
    cabinet.folders.append(.init(typeCompress: 0x1003, blocks: blocks))
    cabinet.files.append(.init(name: "lzx.dmp", folder: 0, offset: 0, size: data.count))
    let cab = Data(cabinet.build())
    if let dumpPath = ProcessInfo.processInfo.environment["LZX_TEST_DUMP"] {
      try cab.write(to: URL(fileURLWithPath: dumpPath))
    }
    let members = try ContainerFormats.expand(cab, name: "t.cab", limits: .default)
    #expect(members.map(\.path) == ["t.cab!lzx.dmp"])
    #expect(members.first?.data == Data(data))

    if let cabextract = Tool.find("cabextract") {
      let directory = try Tool.temporaryDirectory()
      defer { Tool.cleanUp(directory) }
      let file = directory.appendingPathComponent("t.cab")
      try cab.write(to: file)
      let result = try Tool.run(cabextract, ["-q", "-p", file.path], in: directory)
      #expect(result.status == 0)
      #expect(result.output == Data(data), "cabextract disagrees with the test's LZX writer")
    }
  }

  @Test("E8 call translation is undone, except in a frame's last 10 bytes")
  func e8Translation() throws {
    var data = [UInt8](repeating: 0x90, count: 100)
    // Absolute target 120 at position 20 → relative 100.
    data[20] = 0xE8
    data.replaceSubrange(21..<25, with: [120, 0, 0, 0])
    // Absolute -10 at position 50 (≥ -50) → relative -10 + translation size.
    data[50] = 0xE8
    data.replaceSubrange(51..<55, with: [0xF6, 0xFF, 0xFF, 0xFF])
    // Absolute 0x20000 ≥ translation size: left alone.
    data[60] = 0xE8
    data.replaceSubrange(61..<65, with: [0, 0, 2, 0])
    // Inside the last 10 bytes: left alone.
    data[92] = 0xE8
    data.replaceSubrange(93..<97, with: [120, 0, 0, 0])
    var writer = LZXWriter(windowBits: 15)
    writer.header(translationSize: 0x10000)
    writer.uncompressedBlock(data)
    writer.finish()
    var decoder = try LZXDecoder(windowBits: 15, input: writer.bytes)
    let output = try decoder.decode(outputSize: data.count) { _ in }
    var expected = data
    expected.replaceSubrange(21..<25, with: [100, 0, 0, 0])
    let relative = UInt32(truncatingIfNeeded: -10 + 0x10000)
    expected.replaceSubrange(
      51..<55,
      with: [
        UInt8(relative & 0xFF), UInt8((relative >> 8) & 0xFF), UInt8((relative >> 16) & 0xFF),
        UInt8(relative >> 24),
      ])
    #expect(output == expected)
  }

  @Test("truncated and corrupted LZX streams give errors, never a crash or hang")
  func corruptStreams() throws {
    let data = [UInt8](sampleBytes(count: 40_000, seed: 3))
    let (writer, frames) = Self.mixedStream(data + data + data[0..<20_001])
    let size = frames.reduce(0, +)
    let stream = writer.bytes
    var failures = 0
    let cuts = Array(stride(from: 0, to: stream.count - 4, by: 97))
    for cut in cuts {
      var decoder = try LZXDecoder(windowBits: 16, input: Array(stream[0..<cut]))
      do {
        _ = try decoder.decode(outputSize: size) { _ in }
      } catch {
        failures += 1
      }
    }
    #expect(failures == cuts.count)
    var random = SplitMix(seed: 0x1234)
    for _ in 0..<200 {
      var mutated = stream
      for _ in 0..<4 {
        let index = Int(random.next() % UInt64(mutated.count))
        mutated[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
      }
      var decoder = try LZXDecoder(windowBits: 16, input: mutated)
      _ = try? decoder.decode(outputSize: size) { _ in }
    }
    for seed in 0..<20 {
      var bytes = SplitMix(seed: UInt64(seed))
      let noise = (0..<2_000).map { _ in UInt8(truncatingIfNeeded: bytes.next()) }
      var decoder = try LZXDecoder(windowBits: 21, input: noise)
      _ = try? decoder.decode(outputSize: 1 << 18) { _ in }
    }
  }

  @Test("a window outside 2^15…2^21 is rejected")
  func badWindow() {
    #expect(throws: LZXError.invalidWindow(22)) { try LZXDecoder(windowBits: 22, input: []) }
  }
}

/// SplitMix64, for seeded mutations (seeds are fixed in the tests).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
