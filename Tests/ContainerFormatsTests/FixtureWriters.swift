import Foundation

// Independent writers for test fixtures: they follow the published layouts field by field and
// share no code with ContainerFormats, so they act as an oracle for the readers.

/// CRC-32 (IEEE, reflected, as zip and gzip use), computed bit by bit.
func testCRC32(_ bytes: some Sequence<UInt8>) -> UInt32 {
  var crc: UInt32 = 0xFFFF_FFFF
  for byte in bytes {
    crc ^= UInt32(byte)
    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
  }
  return ~crc
}

extension Array where Element == UInt8 {
  mutating func le16(_ value: Int) {
    append(UInt8(value & 0xFF))
    append(UInt8((value >> 8) & 0xFF))
  }
  mutating func le32(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
  }
  mutating func le64(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) { append(UInt8((value >> UInt64(shift)) & 0xFF)) }
  }
}

/// Writes deflate streams (RFC 1951) by hand: stored blocks and fixed-Huffman blocks.
struct DeflateWriter {
  private(set) var bytes: [UInt8] = []
  private var accumulator: UInt32 = 0
  private var count = 0

  /// Writes `bitCount` bits of `value`, least significant first.
  mutating func bits(_ value: Int, _ bitCount: Int) {
    for index in 0..<bitCount {
      accumulator |= UInt32((value >> index) & 1) << UInt32(count)
      count += 1
      if count == 8 { flushByte() }
    }
  }

  /// Writes a Huffman code (most significant bit first).
  mutating func code(_ value: Int, _ length: Int) {
    for index in (0..<length).reversed() { bits((value >> index) & 1, 1) }
  }

  private mutating func flushByte() {
    bytes.append(UInt8(accumulator & 0xFF))
    accumulator = 0
    count = 0
  }

  mutating func alignToByte() { if count > 0 { flushByte() } }

  /// A stored block holding `data`.
  mutating func stored(_ data: [UInt8], final: Bool) {
    bits(final ? 1 : 0, 1)
    bits(0, 2)
    alignToByte()
    bytes.le16(data.count)
    bytes.le16(~data.count & 0xFFFF)
    bytes.append(contentsOf: data)
  }

  /// Starts a fixed-Huffman block.
  mutating func beginFixed(final: Bool) {
    bits(final ? 1 : 0, 1)
    bits(1, 2)
  }

  /// A literal or end-of-block (256) in a fixed-Huffman block.
  mutating func fixedSymbol(_ symbol: Int) {
    switch symbol {
    case 0...143: code(0x30 + symbol, 8)
    case 144...255: code(0x190 + symbol - 144, 9)
    case 256...279: code(symbol - 256, 7)
    default: code(0xC0 + symbol - 280, 8)
    }
  }

  /// A match of length 3…10 (symbols 257…264, no extra bits) at `distance` ≤ 32768.
  mutating func fixedMatch(length: Int, distance: Int) {
    fixedSymbol(257 + length - 3)
    var base = 1
    for codeValue in 0..<30 {
      let extra = codeValue < 4 ? 0 : codeValue / 2 - 1
      if distance < base + (1 << extra) {
        code(codeValue, 5)
        bits(distance - base, extra)
        return
      }
      base += 1 << extra
    }
  }
}

/// A gzip member with stored deflate blocks (no compression tool needed).
func handMadeGzip(_ data: [UInt8], name: String?) -> [UInt8] {
  var out: [UInt8] = [0x1F, 0x8B, 8, name == nil ? 0 : 0x08, 0, 0, 0, 0, 0, 3]
  if let name { out += Array(name.utf8) + [0] }
  var deflate = DeflateWriter()
  var chunks = stride(from: 0, to: data.count, by: 65_535).map {
    Array(data[$0..<min($0 + 65_535, data.count)])
  }
  if chunks.isEmpty { chunks = [[]] }
  for (index, chunk) in chunks.enumerated() {
    deflate.stored(chunk, final: index == chunks.count - 1)
  }
  deflate.alignToByte()
  out += deflate.bytes
  out.le32(testCRC32(data))
  out.le32(UInt32(truncatingIfNeeded: data.count))
  return out
}

/// A cabinet file assembled field by field (`CFHEADER`, `CFFOLDER`, `CFFILE`, `CFDATA`).
struct CabinetWriter {
  struct Folder {
    var typeCompress: UInt16
    /// Each block: compressed payload and uncompressed size.
    var blocks: [(payload: [UInt8], size: Int)]
  }

  struct File {
    var name: String
    var folder: Int
    var offset: Int
    var size: Int
  }

  var folders: [Folder] = []
  var files: [File] = []
  var checksums = true

  /// Adds a stored folder holding the given files back to back.
  mutating func addStoredFolder(_ contents: [(name: String, data: [UInt8])]) {
    var joined: [UInt8] = []
    for item in contents {
      files.append(
        File(name: item.name, folder: folders.count, offset: joined.count, size: item.data.count))
      joined += item.data
    }
    let blocks = stride(from: 0, to: max(joined.count, 1), by: 32_768).map { start in
      let piece = Array(joined[start..<min(start + 32_768, joined.count)])
      return (payload: piece, size: piece.count)
    }
    folders.append(Folder(typeCompress: 0, blocks: blocks))
  }

  static func checksum(_ bytes: [UInt8], seed: UInt32) -> UInt32 {
    var sum = seed
    var index = 0
    while bytes.count - index >= 4 {
      sum ^=
        UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
        | UInt32(bytes[index + 3]) << 24
      index += 4
    }
    var tail: UInt32 = 0
    switch bytes.count - index {
    case 3:
      tail = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
    case 2: tail = UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
    case 1: tail = UInt32(bytes[index])
    default: break
    }
    return sum ^ tail
  }

  func build() -> [UInt8] {
    let headerSize = 36
    let folderTableSize = folders.count * 8
    let filesOffset = headerSize + folderTableSize
    var fileTable: [UInt8] = []
    for file in files {
      fileTable.le32(UInt32(file.size))
      fileTable.le32(UInt32(file.offset))
      fileTable.le16(file.folder)
      fileTable.le16(0x5A21)  // date
      fileTable.le16(0x6000)  // time
      fileTable.le16(0x20)  // attribs: archive
      fileTable += Array(file.name.utf8) + [0]
    }
    var dataArea: [UInt8] = []
    var folderOffsets: [Int] = []
    let dataStart = filesOffset + fileTable.count
    for folder in folders {
      folderOffsets.append(dataStart + dataArea.count)
      for block in folder.blocks {
        var sizes: [UInt8] = []
        sizes.le16(block.payload.count)
        sizes.le16(block.size)
        let sum = checksums ? Self.checksum(sizes, seed: Self.checksum(block.payload, seed: 0)) : 0
        dataArea.le32(sum)
        dataArea += sizes
        dataArea += block.payload
      }
    }
    var out: [UInt8] = Array("MSCF".utf8)
    out.le32(0)
    out.le32(UInt32(dataStart + dataArea.count))
    out.le32(0)
    out.le32(UInt32(filesOffset))
    out.le32(0)
    out += [3, 1]
    out.le16(folders.count)
    out.le16(files.count)
    out.le16(0)  // flags
    out.le16(0x1234)  // setID
    out.le16(0)  // iCabinet
    for (index, folder) in folders.enumerated() {
      out.le32(UInt32(folderOffsets[index]))
      out.le16(folder.blocks.count)
      out.le16(Int(folder.typeCompress))
    }
    return out + fileTable + dataArea
  }
}
