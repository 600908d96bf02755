import BinaryReading
import Foundation

/// An MSF 7.0 multi-stream container, the file format under every modern PDB.
///
/// Reads the superblock, the block map and the stream directory up front (small), and nothing
/// else: streams are read on demand through ``MSFStream``, which copies only when a requested
/// range crosses non-adjacent blocks. Layout per LLVM's MsfFile.rst and pdb-rs's msf.md.
public struct MSFFile: Sendable {
  /// The file bytes.
  public let data: Data
  /// `BlockSize` (a power of two, 512…65536).
  public let blockSize: Int
  /// `NumBlocks`.
  public let blockCount: Int
  /// The size of each stream (`nil` for a nil stream, size 0xFFFFFFFF).
  public let streamSizes: [UInt32?]
  /// The blocks of each stream.
  let streamBlocks: [[UInt32]]

  static let magic: [UInt8] =
    Array("Microsoft C/C++ MSF 7.00\r\n".utf8) + [0x1A, 0x44, 0x53, 0, 0, 0]
  static let oldMagic: [UInt8] = Array("Microsoft C/C++ program database 2.00\r\n".utf8)
  /// Limit on streams in the directory.
  static let maxStreams = 1 << 20

  /// Parses the container.
  ///
  /// - Throws: ``ReadError``: ``ReadError/Code/unsupported`` for the old PDB 2.0 format, and
  ///   truncation or invalid-value errors for a bad superblock or directory.
  public init(data: Data) throws(ReadError) {
    self.data = data
    let file = ByteReader(data)
    if file.matches(Self.oldMagic) {
      throw ReadError(
        code: .unsupported, offset: 0, context: "PDB",
        detail:
          "old PDB 2.0 (small MSF) format; only MSF 7.0 PDBs (Visual C++ 7.0 and later) are read")
    }
    guard file.matches(Self.magic) else {
      throw ReadError(
        code: .invalidValue, offset: 0, context: "MSF.SuperBlock.FileMagic",
        detail: "not a PDB: no \"Microsoft C/C++ MSF 7.00\" signature")
    }
    let blockSize = try file.read(UInt32.self, at: 0x20, "MSF.SuperBlock.BlockSize")
    guard blockSize >= 512, blockSize <= 65536, blockSize & (blockSize - 1) == 0 else {
      throw ReadError(
        code: .invalidValue, offset: 0x20, context: "MSF.SuperBlock.BlockSize",
        detail: "\(blockSize) is not a power of two between 512 and 65536")
    }
    self.blockSize = Int(blockSize)
    let blockCount = try file.read(UInt32.self, at: 0x28, "MSF.SuperBlock.NumBlocks")
    self.blockCount = Int(blockCount)
    let directoryBytes = Int(
      try file.read(UInt32.self, at: 0x2C, "MSF.SuperBlock.NumDirectoryBytes"))
    guard directoryBytes >= 4, directoryBytes <= data.count else {
      throw ReadError(
        code: .invalidValue, offset: 0x2C, context: "MSF.SuperBlock.NumDirectoryBytes",
        detail: "\(directoryBytes) bytes for a \(data.count)-byte file")
    }
    let directoryBlockCount = (directoryBytes + self.blockSize - 1) / self.blockSize
    let mapBlockCount = (directoryBlockCount * 4 + self.blockSize - 1) / self.blockSize
    guard 0x34 + mapBlockCount * 4 <= self.blockSize else {
      throw ReadError(
        code: .invalidValue, offset: 0x34, context: "MSF.SuperBlock.BlockMapAddr",
        detail: "\(mapBlockCount) block-map blocks do not fit in the superblock")
    }
    var mapBlocks: [UInt32] = []
    for index in 0..<mapBlockCount {
      mapBlocks.append(
        try file.read(UInt32.self, at: 0x34 + index * 4, "MSF.SuperBlock.BlockMapAddr"))
    }
    let blockList = try Self.gather(
      file: file, blocks: mapBlocks, blockSize: self.blockSize, blockCount: self.blockCount,
      length: directoryBlockCount * 4, context: "MSF.BlockMap")
    var directoryBlocks: [UInt32] = []
    directoryBlocks.reserveCapacity(directoryBlockCount)
    for index in 0..<directoryBlockCount {
      directoryBlocks.append(try blockList.read(UInt32.self, at: index * 4, "MSF.BlockMap"))
    }
    let directory = try Self.gather(
      file: file, blocks: directoryBlocks, blockSize: self.blockSize, blockCount: self.blockCount,
      length: directoryBytes, context: "MSF.StreamDirectory")

    var cursor = directory
    let declared = try cursor.read(UInt32.self, "MSF.StreamDirectory.NumStreams")
    let streamCount = try checkCount(
      UInt64(declared), stride: 4, available: cursor.remaining, limit: Self.maxStreams,
      offset: directory.fileOffset(of: 0), "MSF.StreamDirectory.NumStreams")
    var sizes: [UInt32?] = []
    sizes.reserveCapacity(streamCount)
    for _ in 0..<streamCount {
      let size = try cursor.read(UInt32.self, "MSF.StreamDirectory.StreamSizes")
      sizes.append(size == 0xFFFF_FFFF ? nil : size)
    }
    var blocks: [[UInt32]] = []
    blocks.reserveCapacity(streamCount)
    for (index, size) in sizes.enumerated() {
      let count = Int(((UInt64(size ?? 0)) + UInt64(blockSize) - 1) / UInt64(blockSize))
      let checked = try checkCount(
        UInt64(count), stride: 4, available: cursor.remaining, offset: cursor.fileOffset,
        "MSF.StreamDirectory.StreamBlocks[\(index)]")
      var list: [UInt32] = []
      list.reserveCapacity(checked)
      for _ in 0..<checked {
        let block = try cursor.read(UInt32.self, "MSF.StreamDirectory.StreamBlocks[\(index)]")
        guard block < blockCount else {
          throw ReadError(
            code: .outOfBounds, offset: cursor.fileOffset,
            context: "MSF.StreamDirectory.StreamBlocks[\(index)]",
            detail: "block \(block) is past NumBlocks \(blockCount)")
        }
        list.append(block)
      }
      blocks.append(list)
    }
    streamSizes = sizes
    streamBlocks = blocks
  }

  /// Concatenates the first `length` bytes of `blocks`.
  static func gather(
    file: ByteReader, blocks: [UInt32], blockSize: Int, blockCount: Int, length: Int,
    context: String
  ) throws(ReadError) -> ByteReader {
    var result = Data()
    result.reserveCapacity(min(length, blocks.count * blockSize))
    var remaining = length
    for block in blocks where remaining > 0 {
      guard Int(block) < blockCount, let offset = Int(block).checkedMultiplying(by: blockSize)
      else {
        throw ReadError(
          code: .outOfBounds, context: context,
          detail: "block \(block) is past NumBlocks \(blockCount)")
      }
      let take = min(remaining, blockSize)
      result.append(try file.bytes(at: offset, count: take, context))
      remaining -= take
    }
    guard remaining == 0 else {
      throw ReadError(code: .truncated, context: context, detail: "\(remaining) bytes missing")
    }
    return ByteReader(result)
  }

  /// The number of streams.
  public var streamCount: Int { streamSizes.count }

  /// A stream, or `nil` when the index is out of range or the stream is nil.
  public func stream(_ index: Int) -> MSFStream? {
    guard index >= 0, index < streamSizes.count, let size = streamSizes[index] else { return nil }
    return MSFStream(
      file: self, index: index, size: Int(size), blocks: streamBlocks[index])
  }
}

/// One stream of an ``MSFFile``: a byte sequence scattered over blocks.
public struct MSFStream: Sendable {
  let file: MSFFile
  /// The stream index.
  public let index: Int
  /// The stream size in bytes.
  public let size: Int
  let blocks: [UInt32]

  /// A reader over `count` bytes at `offset` of the stream.
  ///
  /// Returns a window on the file when the range lies in adjacent blocks, otherwise a copy.
  ///
  /// - Throws: ``ReadError`` when the range leaves the stream or its blocks leave the file.
  public func reader(at offset: Int, count: Int, _ context: @autoclosure () -> String)
    throws(ReadError) -> ByteReader
  {
    guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
      throw ReadError(
        code: .outOfBounds, context: "\(context()) (stream \(index))",
        detail:
          "range 0x\(String(offset, radix: 16))+0x\(String(count, radix: 16)) is outside the 0x\(String(size, radix: 16))-byte stream"
      )
    }
    let blockSize = file.blockSize
    let whole = ByteReader(file.data)
    if count == 0 { return ByteReader([UInt8]()) }
    let first = offset / blockSize
    let last = (offset + count - 1) / blockSize
    guard last < blocks.count else {
      throw ReadError(code: .truncated, context: "\(context()) (stream \(index))")
    }
    var adjacent = true
    var block = first
    while block < last {
      if blocks[block + 1] != blocks[block] &+ 1 {
        adjacent = false
        break
      }
      block += 1
    }
    let within = offset % blockSize
    if adjacent {
      guard let start = Int(blocks[first]).checkedMultiplying(by: blockSize) else {
        throw ReadError(code: .outOfBounds, context: context())
      }
      return try whole.slice(at: start + within, count: count, "\(context()) (stream \(index))")
    }
    var result = Data()
    result.reserveCapacity(count)
    var remaining = count
    var position = within
    for index in first...last {
      guard let start = Int(blocks[index]).checkedMultiplying(by: blockSize) else {
        throw ReadError(code: .outOfBounds, context: context())
      }
      let take = min(remaining, blockSize - position)
      result.append(
        try whole.bytes(at: start + position, count: take, "\(context()) (stream \(self.index))"))
      remaining -= take
      position = 0
    }
    return ByteReader(result)
  }

  /// A reader over the whole stream.
  public func all(_ context: @autoclosure () -> String) throws(ReadError) -> ByteReader {
    try reader(at: 0, count: size, context())
  }

  /// A little-endian integer at `offset` of the stream.
  public func read<T: FixedWidthInteger>(
    _ type: T.Type, at offset: Int, _ context: @autoclosure () -> String
  ) throws(ReadError) -> T {
    try reader(at: offset, count: MemoryLayout<T>.size, context()).read(T.self, at: 0, context())
  }
}
