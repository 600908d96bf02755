import Foundation

/// A growable little-endian byte buffer with patching, for writing dumps by hand.
///
/// This writer is deliberately independent of the parsers: every offset below is written out
/// again from the format notes, so a parser bug cannot hide behind shared layout code.
public struct SynthBytes: Sendable {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8]

  /// Creates a buffer of `count` zero bytes (or filled with `fill`).
  public init(count: Int = 0, fill: UInt8 = 0) {
    bytes = [UInt8](repeating: fill, count: count)
  }

  /// Current length.
  public var count: Int { bytes.count }

  /// Grows the buffer with zero bytes to at least `size` bytes.
  public mutating func grow(to size: Int) {
    if bytes.count < size { bytes += [UInt8](repeating: 0, count: size - bytes.count) }
  }

  /// Pads with zero bytes to a multiple of `alignment`.
  public mutating func align(_ alignment: Int) {
    let remainder = bytes.count % alignment
    if remainder != 0 { grow(to: bytes.count + alignment - remainder) }
  }

  /// Writes `value` little-endian at `offset` (growing as needed).
  public mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    let size = MemoryLayout<T>.size
    grow(to: offset + size)
    for index in 0..<size {
      bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
    }
  }

  /// Writes raw bytes at `offset`.
  public mutating func put(bytes raw: [UInt8], at offset: Int) {
    grow(to: offset + raw.count)
    for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
  }

  /// Writes ASCII text at `offset`.
  public mutating func put(ascii text: String, at offset: Int) {
    put(bytes: Array(text.utf8), at: offset)
  }

  /// Appends bytes and returns their offset.
  @discardableResult
  public mutating func append(_ raw: [UInt8]) -> Int {
    let offset = bytes.count
    bytes += raw
    return offset
  }

  /// Fills `count` bytes from `offset` with the ASCII pattern `PAGE`.
  public mutating func fillPAGE(at offset: Int, count: Int) {
    let pattern = Array("PAGE".utf8)
    grow(to: offset + count)
    for index in 0..<count { bytes[offset + index] = pattern[index % 4] }
  }

  /// Little-endian bytes of a value of the given width (4 or 8).
  public static func word(_ value: UInt64, size: Int) -> [UInt8] {
    (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
  }

  /// UTF-16LE code units of `text`.
  public static func utf16(_ text: String) -> [UInt8] {
    text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
  }

  /// A Windows FILETIME for a date.
  public static func fileTime(_ date: Date) -> UInt64 {
    UInt64((date.timeIntervalSince1970 + 11_644_473_600) * 10_000_000)
  }
}
