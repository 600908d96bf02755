import CZlib
import Foundation

/// A raw-deflate decoder over zlib that appends to a growing buffer under the expansion limits.
///
/// The `z_stream` lives on the heap because zlib keeps a pointer back to it; one instance is
/// used from one thread at a time.
@safe final class Inflater {
  private let stream: UnsafeMutablePointer<z_stream>
  private var initialised = false
  private var chunk = [UInt8](repeating: 0, count: 1 << 16)

  /// Creates a raw (headerless) inflater with a 32 KiB window.
  init(path: String) throws(ContainerError) {
    unsafe stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    unsafe stream.initialize(to: z_stream())
    let status = unsafe inflateInit2_(
      stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      unsafe stream.deinitialize(count: 1)
      unsafe stream.deallocate()
      throw ContainerError(.corrupt, path: path, "zlib inflateInit2 failed (\(status))")
    }
    initialised = true
  }

  deinit {
    if initialised { _ = unsafe inflateEnd(stream) }
    unsafe stream.deinitialize(count: 1)
    unsafe stream.deallocate()
  }

  /// Starts a new deflate stream, forgetting the window.
  func reset() {
    _ = unsafe inflateReset(stream)
  }

  /// Primes the window with the last (up to 32 KiB) bytes of `history`.
  ///
  /// MSZIP blocks are separate deflate streams that may refer back into the previous
  /// block's output, so each block starts with the previous output as its dictionary.
  func setDictionary(_ history: [UInt8], path: String) throws(ContainerError) {
    let count = min(history.count, 1 << 15)
    guard count > 0 else { return }
    let start = history.count - count
    let status = unsafe history.withUnsafeBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return Z_OK }
      return unsafe inflateSetDictionary(stream, base + start, UInt32(count))
    }
    guard status == Z_OK else {
      throw ContainerError(.corrupt, path: path, "zlib inflateSetDictionary failed (\(status))")
    }
  }

  /// The result of one ``inflate(_:into:budget:compressedSoFar:path:)`` call.
  struct Progress {
    /// Input bytes consumed.
    var consumed: Int
    /// Whether the deflate stream's final block ended.
    var ended: Bool
  }

  /// Inflates `input` (a deflate stream, or its start) and appends the output.
  ///
  /// Stops at the end of the deflate stream or when the input is used up, checking the
  /// budget after every 64 KiB of output so a bomb stops early.
  ///
  /// - Parameters:
  ///   - input: Compressed bytes.
  ///   - output: The buffer to append to.
  ///   - budget: The expansion budget, checked with `output.count` as the produced size.
  ///   - compressedBase: Compressed bytes consumed before `input`, for the ratio check.
  ///   - outputLimit: Stop with an error when the output would pass this many bytes.
  ///   - perMember: Whether the per-member size limit applies (not for a cabinet folder).
  ///   - path: The member path, for errors.
  /// - Returns: The input consumed and whether the stream ended.
  /// - Throws: ``ContainerError`` for corrupt data or a limit.
  func inflate(
    _ input: some ContiguousBytes, into output: inout [UInt8], budget: ExpansionBudget,
    compressedBase: UInt64, outputLimit: Int = Int.max, perMember: Bool = true, path: String
  ) throws(ContainerError) -> Progress {
    var consumed = 0
    var ended = false
    let inputCount = unsafe input.withUnsafeBytes { $0.count }
    while !ended {
      let (status, used, produced) = unsafe input.withUnsafeBytes {
        (inBuffer: UnsafeRawBufferPointer) -> (Int32, Int, Int) in
        unsafe chunk.withUnsafeMutableBufferPointer { outBuffer -> (Int32, Int, Int) in
          let available = inputCount - consumed
          let inBase = unsafe inBuffer.baseAddress.map {
            unsafe UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self))
          }
          unsafe stream.pointee.next_in = inBase.map { unsafe $0 + consumed }
          unsafe stream.pointee.avail_in = UInt32(clamping: available)
          unsafe stream.pointee.next_out = outBuffer.baseAddress
          unsafe stream.pointee.avail_out = UInt32(outBuffer.count)
          let status = unsafe CZlib.inflate(stream, Z_NO_FLUSH)
          let used =
            min(available, Int(UInt32(clamping: available)))
            - Int(unsafe stream.pointee.avail_in)
          let produced = outBuffer.count - Int(unsafe stream.pointee.avail_out)
          return (status, used, produced)
        }
      }
      consumed += used
      if produced > 0 {
        guard produced <= outputLimit - min(outputLimit, output.count) else {
          throw ContainerError(
            .corrupt, path: path,
            "deflate data expands past the size the container declares (\(outputLimit) bytes)")
        }
        output.append(contentsOf: chunk[0..<produced])
        try budget.checkProgress(
          produced: UInt64(output.count),
          compressed: compressedBase &+ UInt64(consumed), path: path, perMember: perMember)
      }
      switch status {
      case Z_STREAM_END:
        ended = true
      case Z_OK:
        continue
      case Z_BUF_ERROR:
        // No progress possible: the input ran out before the stream ended.
        if used == 0 && produced == 0 { return Progress(consumed: consumed, ended: false) }
      case Z_DATA_ERROR:
        let reason = unsafe stream.pointee.msg.map { unsafe String(cString: $0) } ?? "bad data"
        throw ContainerError(
          .corrupt, path: path, offset: compressedBase &+ UInt64(consumed),
          "invalid deflate data (\(reason))")
      case Z_NEED_DICT:
        throw ContainerError(.corrupt, path: path, "deflate data asks for a preset dictionary")
      default:
        throw ContainerError(.corrupt, path: path, "zlib inflate failed (\(status))")
      }
      if consumed >= inputCount && produced < chunk.count && !ended {
        // Everything consumed and the output buffer was not filled: zlib needs more input.
        return Progress(consumed: consumed, ended: false)
      }
    }
    return Progress(consumed: consumed, ended: true)
  }
}

/// CRC-32 (the zip and gzip checksum) through zlib.
func crc32Of(_ bytes: [UInt8], from start: Int = 0) -> UInt32 {
  var crc: UInt = 0
  var offset = max(0, start)
  // zlib takes a 32-bit length; feed large buffers in pieces.
  while offset < bytes.count {
    let piece = min(bytes.count - offset, 1 << 30)
    crc = unsafe bytes.withUnsafeBufferPointer { buffer -> UInt in
      guard let base = buffer.baseAddress else { return crc }
      return unsafe CZlib.crc32(crc, base + offset, UInt32(piece))
    }
    offset += piece
  }
  return UInt32(truncatingIfNeeded: crc)
}
