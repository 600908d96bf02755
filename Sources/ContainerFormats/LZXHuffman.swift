/// A canonical Huffman decoding table for LZX (codes up to 16 bits, read MSB first).
///
/// Codes of up to ``tableBits`` bits decode with one lookup; longer codes fall back to a
/// canonical walk over the per-length counts.
struct LZXHuffman {
  let name: String
  let tableBits: Int
  /// `symbol << 5 | length` per `tableBits`-bit prefix; 0 when no short code has that prefix.
  private var table: [UInt32]
  /// Number of codes of each length 0…16.
  private var counts = [Int](repeating: 0, count: 17)
  /// Symbols sorted by code length, then value.
  private var sorted: [UInt16] = []
  /// Whether any code exists.
  private(set) var isEmpty = true

  init(name: String, tableBits: Int) {
    self.name = name
    self.tableBits = tableBits
    table = [UInt32](repeating: 0, count: 1 << tableBits)
  }

  /// Rebuilds the table from code lengths (0 = unused symbol, at most 16).
  ///
  /// An empty tree is allowed (decoding from it fails); an over-subscribed one is not.
  mutating func build(_ lengths: ArraySlice<UInt8>) throws(LZXError) {
    for index in counts.indices { counts[index] = 0 }
    for length in lengths {
      guard length <= 16 else { throw LZXError.invalidTree(name) }
      counts[Int(length)] += 1
    }
    counts[0] = 0
    // Over-subscription check: the Kraft sum must not exceed 1.
    var left = 1
    for length in 1...16 {
      left = left << 1 - counts[length]
      guard left >= 0 else { throw LZXError.invalidTree(name) }
    }
    isEmpty = left == 1 << 16
    var offsets = [Int](repeating: 0, count: 18)
    for length in 1...16 { offsets[length + 1] = offsets[length] + counts[length] }
    sorted = [UInt16](repeating: 0, count: offsets[17])
    var next = offsets
    for (symbol, length) in zip(lengths.indices, lengths) where length != 0 {
      let symbolIndex = symbol - lengths.startIndex
      sorted[next[Int(length)]] = UInt16(truncatingIfNeeded: symbolIndex)
      next[Int(length)] += 1
    }
    for index in table.indices { table[index] = 0 }
    var code = 0
    var position = 0
    for length in 1...16 {
      for _ in 0..<counts[length] {
        if length <= tableBits {
          let shift = tableBits - length
          let entry = UInt32(sorted[position]) << 5 | UInt32(length)
          let first = code << shift
          let last = (code + 1) << shift
          for slot in first..<last { table[slot] = entry }
        }
        code += 1
        position += 1
      }
      code <<= 1
    }
  }

  /// Decodes one symbol.
  @inline(__always)
  func decode(_ bits: inout LZXBitReader) throws(LZXError) -> Int {
    try bits.refill()
    let entry = table[Int(bits.peek(tableBits))]
    if entry != 0 {
      bits.consume(Int(entry & 31))
      return Int(entry >> 5)
    }
    return try decodeLong(&bits)
  }

  /// The canonical walk for codes longer than ``tableBits``.
  private func decodeLong(_ bits: inout LZXBitReader) throws(LZXError) -> Int {
    let window = Int(bits.peek(16))
    var code = 0
    var first = 0
    var index = 0
    for length in 1...16 {
      code |= (window >> (16 - length)) & 1
      let count = counts[length]
      if code - first < count {
        bits.consume(length)
        return Int(sorted[index + code - first])
      }
      index += count
      first += count
      first <<= 1
      code <<= 1
    }
    throw LZXError.badSymbol(name)
  }
}
