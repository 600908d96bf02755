/// An LZX decoder for cabinet folders, written from the published format description.
///
/// Facts used (Microsoft's cabinet LZX description and [MS-PATCH] "LZX DELTA Compression and
/// Decompression"): the output is produced in 32 KiB frames and the bit stream is realigned to
/// 16 bits after each frame; blocks are verbatim (1), aligned-offset (2) or uncompressed (3)
/// with a 24-bit size; tree code lengths are sent as deltas through a 20-symbol pretree and
/// persist between blocks; matches use three repeated offsets R0–R2 that start at 1; the
/// optional x86 `E8` call translation is undone per frame on the output, skipping the last 10
/// bytes of a frame and stopping after the first 2^30 bytes.
struct LZXDecoder {
  static let frameSize = 32_768
  static let minimumMatch = 2
  static let lengthSymbols = 249

  let windowSize: Int
  let positionSlots: Int
  private var bits: LZXBitReader
  private var mainLengths: [UInt8]
  private var lengthLengths: [UInt8]
  private var mainTree: LZXHuffman
  private var lengthTree: LZXHuffman
  private var alignedTree: LZXHuffman
  private var pretree: LZXHuffman
  private var extraBits: [Int] = []
  private var positionBase: [Int] = []

  /// Creates a decoder for a window of 2^`windowBits` bytes over the folder's joined data.
  init(windowBits: Int, input: [UInt8]) throws(LZXError) {
    guard (15...21).contains(windowBits) else { throw LZXError.invalidWindow(windowBits) }
    windowSize = 1 << windowBits
    // Position slots per window size: 15→30 … 19→38, 20→42, 21→50.
    positionSlots = windowBits == 21 ? 50 : windowBits == 20 ? 42 : windowBits * 2
    bits = LZXBitReader(input)
    mainLengths = [UInt8](repeating: 0, count: 256 + positionSlots * 8)
    lengthLengths = [UInt8](repeating: 0, count: Self.lengthSymbols)
    mainTree = LZXHuffman(name: "main", tableBits: 12)
    lengthTree = LZXHuffman(name: "length", tableBits: 10)
    alignedTree = LZXHuffman(name: "aligned offset", tableBits: 7)
    pretree = LZXHuffman(name: "pretree", tableBits: 8)
    var base = 0
    for slot in 0..<positionSlots {
      let extra = slot < 4 ? 0 : min((slot - 2) / 2, 17)
      extraBits.append(extra)
      positionBase.append(base)
      base += 1 << extra
    }
  }

  /// Decodes `outputSize` bytes and undoes the E8 translation.
  ///
  /// - Parameters:
  ///   - outputSize: The folder's expanded size (sum of its CFDATA `cbUncomp`).
  ///   - progress: Called after each frame with the bytes produced so far; throw to stop.
  /// - Returns: The expanded folder bytes.
  /// - Throws: ``ContainerError`` (with an empty path, filled in by the caller) for corrupt or
  ///   truncated data, or whatever `progress` throws.
  mutating func decode(
    outputSize: Int, progress: (Int) throws(ContainerError) -> Void
  ) throws(ContainerError) -> [UInt8] {
    do {
      return try decodeFrames(outputSize: outputSize, progress: progress)
    } catch let error as LZXError {
      throw ContainerError(
        error == .truncated ? .truncated : .corrupt, path: "",
        offset: UInt64(clamping: max(0, bits.bitPosition / 8)), error.description)
    } catch let error as ContainerError {
      throw error
    } catch {
      throw ContainerError(.corrupt, path: "", "\(error)")
    }
  }

  private mutating func decodeFrames(
    outputSize: Int, progress: (Int) throws(ContainerError) -> Void
  ) throws -> [UInt8] {
    // Slack after the end lets a final match be copied before it is checked.
    var out = [UInt8](repeating: 0, count: outputSize + 300)
    var produced = 0
    var r0 = 1
    var r1 = 1
    var r2 = 1
    var translationSize = 0
    if try bits.read(1) == 1 {
      let high = Int(try bits.read(16))
      let low = Int(try bits.read(16))
      translationSize = high << 16 | low
    }
    var blockType: UInt32 = 0
    var blockSize = 0
    var blockRemaining = 0
    var frameEnd = 0
    while produced < outputSize {
      frameEnd = min(frameEnd + Self.frameSize, outputSize)
      while produced < frameEnd {
        if blockRemaining == 0 {
          if blockType == 3 && blockSize & 1 == 1 { try bits.skipPadByte() }
          blockType = try bits.read(3)
          blockSize = Int(try bits.read(16)) << 8 | Int(try bits.read(8))
          blockRemaining = blockSize
          switch blockType {
          case 2:
            var alignedLengths = [UInt8](repeating: 0, count: 8)
            for index in 0..<8 { alignedLengths[index] = UInt8(try bits.read(3)) }
            try alignedTree.build(alignedLengths[...])
            try readMainAndLengthTrees()
          case 1:
            try readMainAndLengthTrees()
          case 3:
            bits.enterByteMode()
            r0 = Int(try bits.readUInt32())
            r1 = Int(try bits.readUInt32())
            r2 = Int(try bits.readUInt32())
          default:
            throw LZXError.invalidBlockType(blockType)
          }
          continue
        }
        let run = min(blockRemaining, frameEnd - produced)
        if blockType == 3 {
          let bytes = try bits.readBytes(run)
          out.replaceSubrange(produced..<(produced + run), with: bytes)
          produced += run
          blockRemaining -= run
          continue
        }
        let aligned = blockType == 2
        // Local copies keep the hot loop free of exclusivity checks and retains on `self`.
        var reader = bits
        defer { bits = reader }
        let main = mainTree
        let lengths = lengthTree
        let alignedOffsets = alignedTree
        let extraBitsTable = extraBits
        let bases = positionBase
        let start = produced
        let stop = produced + run
        while produced < stop {
          let symbol = try main.decode(&reader)
          if symbol < 256 {
            out[produced] = UInt8(truncatingIfNeeded: symbol)
            produced += 1
            continue
          }
          let header = (symbol - 256) & 7
          let slot = (symbol - 256) >> 3
          var length = header + Self.minimumMatch
          if header == 7 {
            length += try lengths.decode(&reader)
          }
          var offset: Int
          switch slot {
          case 0:
            offset = r0
          case 1:
            offset = r1
            r1 = r0
            r0 = offset
          case 2:
            offset = r2
            r2 = r0
            r0 = offset
          default:
            guard slot < positionSlots else { throw LZXError.badMatch("position slot \(slot)") }
            let extra = extraBitsTable[slot]
            offset = bases[slot] - 2
            if aligned && extra >= 3 {
              offset += Int(try reader.read(extra - 3)) << 3
              offset += try alignedOffsets.decode(&reader)
            } else if extra > 0 {
              offset += Int(try reader.read(extra))
            }
            r2 = r1
            r1 = r0
            r0 = offset
          }
          guard offset > 0, offset <= produced, offset <= windowSize else {
            throw LZXError.badMatch("offset \(offset) at output position \(produced)")
          }
          guard length <= outputSize - produced else {
            throw LZXError.badMatch("length \(length) runs past the end of the folder")
          }
          Self.copyMatch(&out, from: produced - offset, to: produced, count: length)
          produced += length
        }
        let used = produced - start
        guard used <= blockRemaining else {
          throw LZXError.badMatch("a match runs past the end of its block")
        }
        blockRemaining -= used
      }
      // Realign to 16 bits after every 32 KiB of output (no-op inside an uncompressed block).
      bits.alignToWord()
      try progress(produced)
    }
    if bits.isOverrun { throw LZXError.truncated }
    out.removeLast(out.count - outputSize)
    if translationSize != 0 {
      Self.undoE8Translation(&out, translationSize: translationSize)
    }
    return out
  }

  /// Copies an LZ77 match (`count` bytes from `distance` back, possibly overlapping).
  ///
  /// Checks its own bounds (callers check them too): does nothing unless
  /// `0 <= source < destination` and `destination + count <= out.count`. Overlapping matches
  /// are copied in pieces of `distance` bytes, each of which does not overlap its source.
  @inline(__always)
  static func copyMatch(_ out: inout [UInt8], from source: Int, to destination: Int, count: Int) {
    guard source >= 0, source < destination, count >= 0, destination <= out.count - count else {
      return
    }
    let distance = destination - source
    if distance == 1 {
      let byte = out[source]
      unsafe out.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        unsafe (base + destination).update(repeating: byte, count: count)
      }
      return
    }
    var copied = 0
    unsafe out.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      if count <= 32 {
        // Short matches: a byte loop beats a memmove call.
        for index in 0..<count { unsafe base[destination + index] = unsafe base[source + index] }
        return
      }
      while copied < count {
        let piece = min(distance, count - copied)
        unsafe (base + destination + copied).update(from: base + source + copied, count: piece)
        copied += piece
      }
    }
  }

  /// Reads the main tree (literals, then match headers) and the length tree.
  private mutating func readMainAndLengthTrees() throws(LZXError) {
    var main = mainLengths
    try readLengths(&main, from: 0, to: 256)
    try readLengths(&main, from: 256, to: main.count)
    try mainTree.build(main[...])
    mainLengths = main
    var length = lengthLengths
    try readLengths(&length, from: 0, to: Self.lengthSymbols)
    try lengthTree.build(length[...])
    lengthLengths = length
  }

  /// Reads pretree-coded length deltas for `lengths[from..<to]`.
  private mutating func readLengths(_ lengths: inout [UInt8], from: Int, to: Int)
    throws(LZXError)
  {
    var pretreeLengths = [UInt8](repeating: 0, count: 20)
    for index in 0..<20 { pretreeLengths[index] = UInt8(try bits.read(4)) }
    try pretree.build(pretreeLengths[...])
    var index = from
    while index < to {
      let code = try pretree.decode(&bits)
      switch code {
      case 0...16:
        lengths[index] = UInt8((Int(lengths[index]) + 17 - code) % 17)
        index += 1
      case 17, 18:
        let run = code == 17 ? Int(try bits.read(4)) + 4 : Int(try bits.read(5)) + 20
        for _ in 0..<min(run, to - index) {
          lengths[index] = 0
          index += 1
        }
      case 19:
        let run = Int(try bits.read(1)) + 4
        let delta = try pretree.decode(&bits)
        guard delta <= 16 else { throw LZXError.invalidTree("pretree run") }
        let value = UInt8((Int(lengths[index]) + 17 - delta) % 17)
        for _ in 0..<min(run, to - index) {
          lengths[index] = value
          index += 1
        }
      default:
        throw LZXError.invalidTree("pretree code \(code)")
      }
    }
  }

  /// Turns the absolute call targets the compressor wrote after `E8` bytes back into
  /// relative displacements, frame by frame.
  static func undoE8Translation(_ out: inout [UInt8], translationSize: Int) {
    var frameStart = 0
    while frameStart < out.count && frameStart < 1 << 30 {
      let frameLength = min(frameSize, out.count - frameStart)
      if frameLength > 10 {
        var index = frameStart
        let end = frameStart + frameLength - 10
        while index < end {
          if out[index] != 0xE8 {
            index += 1
            continue
          }
          let value =
            Int32(
              bitPattern:
                UInt32(out[index + 1]) | UInt32(out[index + 2]) << 8 | UInt32(out[index + 3]) << 16
                | UInt32(out[index + 4]) << 24)
          let absolute = Int(value)
          let current = index
          if absolute >= -current && absolute < translationSize {
            let relative = absolute >= 0 ? absolute - current : absolute + translationSize
            let word = UInt32(truncatingIfNeeded: relative)
            out[index + 1] = UInt8(truncatingIfNeeded: word)
            out[index + 2] = UInt8(truncatingIfNeeded: word >> 8)
            out[index + 3] = UInt8(truncatingIfNeeded: word >> 16)
            out[index + 4] = UInt8(truncatingIfNeeded: word >> 24)
          }
          index += 5
        }
      }
      frameStart += frameSize
    }
  }
}
