import Foundation

/// A test-side LZX compressor written from the format description (independent of the decoder).
///
/// It emits verbatim, aligned-offset and uncompressed blocks with chosen (not optimal) code
/// lengths, greedy matches, the repeated-offset slots, 16-bit realignment after every 32 KiB of
/// output, and records where each 32 KiB frame ends so the stream can be cut into CFDATA blocks.
struct LZXWriter {
  enum Token {
    case literal(UInt8)
    case match(length: Int, offset: Int)
    var length: Int {
      switch self {
      case .literal: 1
      case .match(let length, _): length
      }
    }
  }

  let windowBits: Int
  let slots: Int
  private var extraBits: [Int] = []
  private var positionBase: [Int] = []
  private(set) var bytes: [UInt8] = []
  private var accumulator: UInt32 = 0
  private var bitCount = 0
  private var previousMain: [Int]
  private var previousLength = [Int](repeating: 0, count: 249)
  private var repeated = [1, 1, 1]
  private(set) var produced = 0
  private var nextFrame = 32_768
  /// Compressed byte offsets where each complete 32 KiB frame ends.
  private(set) var frameEnds: [Int] = []

  init(windowBits: Int) {
    self.windowBits = windowBits
    slots = windowBits == 21 ? 50 : windowBits == 20 ? 42 : windowBits * 2
    var base = 0
    for slot in 0..<slots {
      let extra = slot < 4 ? 0 : min(slot / 2 - 1, 17)
      extraBits.append(extra)
      positionBase.append(base)
      base += 1 << extra
    }
    previousMain = [Int](repeating: 0, count: 256 + 8 * slots)
  }

  var mainCount: Int { 256 + 8 * slots }

  // MARK: Bits

  mutating func bits(_ value: Int, _ count: Int) {
    for index in (0..<count).reversed() {
      accumulator = accumulator << 1 | UInt32((value >> index) & 1)
      bitCount += 1
      if bitCount == 16 {
        bytes.append(UInt8(accumulator & 0xFF))
        bytes.append(UInt8((accumulator >> 8) & 0xFF))
        accumulator = 0
        bitCount = 0
      }
    }
  }

  mutating func alignTo16() { if bitCount > 0 { bits(0, 16 - bitCount) } }

  private mutating func advance(_ count: Int) {
    produced += count
    while produced >= nextFrame {
      alignTo16()
      frameEnds.append(bytes.count)
      nextFrame += 32_768
    }
  }

  /// Canonical codes for code lengths (0 = unused).
  static func codes(_ lengths: [Int]) -> [Int] {
    var codes = [Int](repeating: 0, count: lengths.count)
    var code = 0
    for length in 1...16 {
      for (symbol, value) in lengths.enumerated() where value == length {
        codes[symbol] = code
        code += 1
      }
      code <<= 1
    }
    return codes
  }

  // MARK: Stream parts

  /// The stream header: the E8 translation flag and size.
  mutating func header(translationSize: Int?) {
    if let translationSize {
      bits(1, 1)
      bits(translationSize >> 16, 16)
      bits(translationSize & 0xFFFF, 16)
    } else {
      bits(0, 1)
    }
  }

  private mutating func blockHeader(type: Int, size: Int) {
    bits(type, 3)
    bits(size >> 16, 8)
    bits((size >> 8) & 0xFF, 8)
    bits(size & 0xFF, 8)
  }

  /// Writes pretree-coded deltas from `previous` to `lengths`, with run codes when `runs`.
  private mutating func treeDeltas(
    _ lengths: ArraySlice<Int>, previous: ArraySlice<Int>, runs: Bool
  ) {
    let pretreeLengths = (0..<20).map { $0 < 12 ? 4 : 5 }
    for length in pretreeLengths { bits(length, 4) }
    let codes = Self.codes(pretreeLengths)
    func emit(_ symbol: Int, _ writer: inout LZXWriter) {
      writer.bits(codes[symbol], pretreeLengths[symbol])
    }
    var index = lengths.startIndex
    while index < lengths.endIndex {
      let value = lengths[index]
      var run = 0
      while index + run < lengths.endIndex, lengths[index + run] == value { run += 1 }
      if runs && value == 0 && run >= 20 {
        let take = min(run, 51)
        emit(18, &self)
        bits(take - 20, 5)
        index += take
      } else if runs && value == 0 && run >= 4 {
        let take = min(run, 19)
        emit(17, &self)
        bits(take - 4, 4)
        index += take
      } else if runs && run >= 4 {
        let take = min(run, 5)
        emit(19, &self)
        bits(take - 4, 1)
        emit((previous[index] - value + 17) % 17, &self)
        index += take
      } else {
        emit((previous[index] - value + 17) % 17, &self)
        index += 1
      }
    }
  }

  /// A verbatim (or aligned-offset) block of `tokens` with the given code lengths.
  mutating func compressedBlock(
    _ tokens: [Token], aligned: Bool, mainLengths: [Int], lengthLengths: [Int], runs: Bool
  ) {
    blockHeader(type: aligned ? 2 : 1, size: tokens.reduce(0) { $0 + $1.length })
    if aligned { for _ in 0..<8 { bits(3, 3) } }
    treeDeltas(mainLengths[0..<256], previous: previousMain[0..<256], runs: runs)
    treeDeltas(mainLengths[256...], previous: previousMain[256...], runs: runs)
    treeDeltas(lengthLengths[...], previous: previousLength[...], runs: runs)
    previousMain = mainLengths
    previousLength = lengthLengths
    let mainCodes = Self.codes(mainLengths)
    let lengthCodes = Self.codes(lengthLengths)
    for token in tokens {
      switch token {
      case .literal(let byte):
        bits(mainCodes[Int(byte)], mainLengths[Int(byte)])
      case .match(let length, let offset):
        let header = min(length - 2, 7)
        var slot: Int
        var verbatim = 0
        if offset == repeated[0] {
          slot = 0
        } else if offset == repeated[1] {
          slot = 1
          repeated.swapAt(0, 1)
        } else if offset == repeated[2] {
          slot = 2
          repeated.swapAt(0, 2)
        } else {
          let formatted = offset + 2
          slot = 3
          while slot + 1 < slots && positionBase[slot + 1] <= formatted { slot += 1 }
          verbatim = formatted - positionBase[slot]
          repeated = [offset, repeated[0], repeated[1]]
        }
        let symbol = 256 + slot * 8 + header
        bits(mainCodes[symbol], mainLengths[symbol])
        if header == 7 { bits(lengthCodes[length - 9], lengthLengths[length - 9]) }
        if slot >= 3 {
          let extra = extraBits[slot]
          if aligned && extra >= 3 {
            bits(verbatim >> 3, extra - 3)
            bits(verbatim & 7, 3)  // all aligned lengths are 3, so code == symbol
          } else {
            bits(verbatim, extra)
          }
        }
      }
      advance(token.length)
    }
  }

  /// An uncompressed block (with the current repeated offsets and a pad byte when odd).
  mutating func uncompressedBlock(_ data: [UInt8]) {
    blockHeader(type: 3, size: data.count)
    if bitCount == 0 { bits(0, 16) } else { alignTo16() }
    for value in repeated { bytes.le32(UInt32(value)) }
    for byte in data {
      bytes.append(byte)
      produced += 1
      if produced == nextFrame {
        frameEnds.append(bytes.count)
        nextFrame += 32_768
      }
    }
    if data.count % 2 == 1 { bytes.append(0) }
  }

  /// Ends the stream (pads the last word).
  mutating func finish() { alignTo16() }

  /// Greedy LZ77 tokens for `data` (3-byte hash, offsets up to `maxOffset`).
  ///
  /// Matches never cross a 32 KiB frame boundary: decoders (libmspack) require every frame to
  /// end exactly on a symbol boundary.
  static func tokenize(_ data: [UInt8], maxOffset: Int) -> [Token] {
    var tokens: [Token] = []
    var last: [Int: Int] = [:]
    var index = 0
    var previousOffset = 0
    while index < data.count {
      var best = (length: 0, offset: 0)
      if index + 3 <= data.count {
        let key = Int(data[index]) << 16 | Int(data[index + 1]) << 8 | Int(data[index + 2])
        // Try the previous offset first (exercises the repeated-offset slots), then the hash.
        for candidate in [index - previousOffset, last[key] ?? -1] where candidate >= 0 {
          let offset = index - candidate
          guard offset > 0, offset <= maxOffset else { continue }
          let frameLimit = (index / 32_768 + 1) * 32_768 - index
          var length = 0
          while length < min(257, frameLimit), index + length < data.count,
            data[candidate + length] == data[index + length]
          {
            length += 1
          }
          if length > best.length { best = (length, offset) }
        }
        last[key] = index
      }
      if best.length >= 3 {
        tokens.append(.match(length: best.length, offset: best.offset))
        previousOffset = best.offset
        index += best.length
      } else {
        tokens.append(.literal(data[index]))
        index += 1
      }
    }
    return tokens
  }
}
