/// The LZX bit stream: 16-bit little-endian words, each read most significant bit first.
///
/// Past the end of the input the reader supplies zero bits for look-ahead only; consuming
/// more than a few bytes beyond the end throws, so a truncated stream cannot loop forever.
struct LZXBitReader {
  let input: [UInt8]
  /// Index of the next input byte to load into the buffer (may pass the end by the zero fill).
  private(set) var position = 0
  /// Buffered bits, aligned to the most significant end.
  private var buffer: UInt64 = 0
  /// Number of valid bits in ``buffer``.
  private var bitCount = 0

  init(_ input: [UInt8]) { self.input = input }

  /// The logical stream position in bits.
  var bitPosition: Int { position &* 8 &- bitCount }

  /// Whether more bits were consumed than the input holds.
  var isOverrun: Bool { bitPosition > input.count &* 8 }

  /// Loads words until at least 48 bits are buffered.
  @inline(__always)
  mutating func refill() throws(LZXError) {
    while bitCount <= 48 {
      var word: UInt64 = 0
      if position + 1 < input.count {
        word = UInt64(input[position]) | UInt64(input[position + 1]) << 8
      } else if position < input.count {
        word = UInt64(input[position])
      } else if position > input.count + 16 {
        throw LZXError.truncated
      }
      buffer |= word << UInt64(48 - bitCount)
      bitCount += 16
      position += 2
    }
  }

  /// Returns the next `count` (1…32) bits without consuming them; call ``refill()`` first.
  @inline(__always)
  func peek(_ count: Int) -> UInt32 {
    UInt32(truncatingIfNeeded: buffer >> UInt64(64 - count))
  }

  /// Consumes `count` bits (at most the buffered number).
  @inline(__always)
  mutating func consume(_ count: Int) {
    buffer <<= UInt64(count)
    bitCount -= count
  }

  /// Reads `count` (0…32) bits as an unsigned number.
  @inline(__always)
  mutating func read(_ count: Int) throws(LZXError) -> UInt32 {
    guard count > 0 else { return 0 }
    if bitCount < count { try refill() }
    let value = peek(count)
    consume(count)
    return value
  }

  /// Discards the rest of a partly read 16-bit word (the realignment after each 32 KiB frame).
  mutating func alignToWord() {
    consume(bitCount & 15)
  }

  /// Switches to byte reading for an uncompressed block.
  ///
  /// The block header is followed by 1 to 16 bits of padding up to the next 16-bit boundary
  /// (16 when the stream is already aligned).
  mutating func enterByteMode() {
    let bits = bitPosition
    position = (bits / 16) &* 2 &+ 2
    buffer = 0
    bitCount = 0
  }

  /// Reads raw bytes in byte mode (after ``enterByteMode()``).
  mutating func readBytes(_ count: Int) throws(LZXError) -> ArraySlice<UInt8> {
    guard count >= 0, position >= 0, position <= input.count, count <= input.count - position
    else { throw LZXError.truncated }
    let slice = input[position..<(position + count)]
    position += count
    return slice
  }

  /// Reads a little-endian `UInt32` in byte mode.
  mutating func readUInt32() throws(LZXError) -> UInt32 {
    let bytes = try readBytes(4)
    var value: UInt32 = 0
    for (shift, byte) in zip(stride(from: 0, to: 32, by: 8), bytes) {
      value |= UInt32(byte) << UInt32(shift)
    }
    return value
  }

  /// Skips one byte in byte mode (the pad after an odd-sized uncompressed block).
  mutating func skipPadByte() throws(LZXError) {
    _ = try readBytes(1)
  }
}

/// Why an LZX stream could not be decoded.
enum LZXError: Error, Equatable, CustomStringConvertible {
  case truncated
  case invalidBlockType(UInt32)
  case invalidTree(String)
  case badSymbol(String)
  case badMatch(String)
  case invalidWindow(Int)

  var description: String {
    switch self {
    case .truncated: "the LZX stream ends early"
    case .invalidBlockType(let type): "invalid LZX block type \(type)"
    case .invalidTree(let which): "invalid LZX Huffman tree (\(which))"
    case .badSymbol(let which): "bit pattern matches no code in the \(which) tree"
    case .badMatch(let detail): "invalid LZX match (\(detail))"
    case .invalidWindow(let bits): "LZX window of 2^\(bits) bytes is outside 2^15…2^21"
    }
  }
}
