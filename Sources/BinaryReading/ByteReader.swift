import Foundation

/// A bounds-checked little-endian reader over a window of bytes.
///
/// Every read checks the window and throws ``ReadError`` instead of trapping. Offsets passed to
/// `…(at:)` methods and ``slice(at:count:_:)`` are relative to the start of the window; errors
/// carry the absolute offset in the underlying data (``baseOffset`` + window position), so a
/// message can name the byte in the file.
///
/// Verbs follow swift-nio: `read…` consumes, `peek…` looks ahead, `…(at:)` reads an absolute
/// position in the window.
public struct ByteReader: Sendable {
  /// The underlying bytes (possibly a memory-mapped file).
  public let data: Data
  /// Index in `data` of the first byte of the window.
  @usableFromInline let start: Int
  /// Index in `data` one past the last byte of the window.
  @usableFromInline let end: Int
  /// The absolute file offset of `data[data.startIndex]` (non-zero for container members).
  public let baseOffset: UInt64
  @usableFromInline var cursor: Int = 0
  /// Current position relative to the window start.
  public var position: Int { cursor }

  /// Creates a reader over all of `data`.
  ///
  /// - Parameters:
  ///   - data: The bytes.
  ///   - baseOffset: The file offset of the first byte, for error messages.
  public init(_ data: Data, baseOffset: UInt64 = 0) {
    self.data = data
    self.start = data.startIndex
    self.end = data.endIndex
    self.baseOffset = baseOffset
  }

  /// Creates a reader over all of `bytes`.
  public init(_ bytes: [UInt8]) {
    self.init(Data(bytes))
  }

  private init(data: Data, start: Int, end: Int, baseOffset: UInt64) {
    self.data = data
    self.start = start
    self.end = end
    self.baseOffset = baseOffset
  }

  /// The number of bytes in the window.
  public var count: Int { end - start }
  /// The number of bytes after the current position.
  public var remaining: Int { count - position }
  /// Whether the position is at the end of the window.
  public var isAtEnd: Bool { position >= count }

  /// The absolute file offset of a window-relative position (saturating, for messages).
  public func fileOffset(of relative: Int) -> UInt64 {
    let inData = UInt64(clamping: start - data.startIndex)
    let rel = UInt64(clamping: relative)
    let (sum1, o1) = baseOffset.addingReportingOverflow(inData)
    let (sum2, o2) = sum1.addingReportingOverflow(rel)
    return (o1 || o2) ? UInt64.max : sum2
  }

  /// The absolute file offset of the current position.
  public var fileOffset: UInt64 { fileOffset(of: position) }

  // MARK: Positioning

  /// Moves to a window-relative position.
  ///
  /// - Throws: ``ReadError/Code/outOfBounds`` when `offset` is past the end.
  public mutating func seek(to offset: Int, _ context: @autoclosure () -> String = "seek")
    throws(ReadError)
  {
    guard offset >= 0, offset <= count else {
      throw ReadError(code: .outOfBounds, offset: fileOffset(of: offset), context: context())
    }
    cursor = offset
  }

  /// Moves to a window-relative position given as an untrusted `UInt64`.
  public mutating func seek(to offset: UInt64, _ context: @autoclosure () -> String = "seek")
    throws(ReadError)
  {
    guard let value = Int(exactly: offset), value <= count else {
      throw ReadError(
        code: .outOfBounds, offset: fileOffset(of: count), context: context(),
        detail:
          "offset 0x\(String(offset, radix: 16)) is past the end (0x\(String(count, radix: 16)) bytes)"
      )
    }
    cursor = value
  }

  /// Skips `n` bytes.
  public mutating func skip(_ n: Int, _ context: @autoclosure () -> String = "skip")
    throws(ReadError)
  {
    guard n >= 0, n <= remaining else {
      throw ReadError(
        code: .truncated, offset: fileOffset, context: context(),
        detail: "needs \(n) bytes, \(remaining) remain")
    }
    cursor += n
  }

  // MARK: Integers

  /// Reads a little-endian integer at a window-relative offset without moving.
  @inlinable
  public func read<T: FixedWidthInteger>(
    _ type: T.Type, at offset: Int, _ context: @autoclosure () -> String = "value"
  ) throws(ReadError) -> T {
    let size = MemoryLayout<T>.size
    guard offset >= 0, offset <= count - size else {
      throw ReadError(
        code: .truncated, offset: fileOffset(of: max(offset, 0)), context: context(),
        detail:
          "needs \(size) bytes at window offset 0x\(String(offset, radix: 16)), window has 0x\(String(count, radix: 16))"
      )
    }
    var value: T = 0
    var index = start + offset
    var shift = 0
    for _ in 0..<size {
      value |= T(truncatingIfNeeded: data[index]) << shift
      shift += 8
      index += 1
    }
    return value
  }

  /// Reads a little-endian integer at an untrusted `UInt64` window offset without moving.
  @inlinable
  public func read<T: FixedWidthInteger>(
    _ type: T.Type, at offset: UInt64, _ context: @autoclosure () -> String = "value"
  ) throws(ReadError) -> T {
    guard let value = Int(exactly: offset) else {
      throw ReadError(code: .outOfBounds, offset: offset, context: context())
    }
    return try read(type, at: value, context())
  }

  /// Reads a little-endian integer and advances.
  @inlinable
  public mutating func read<T: FixedWidthInteger>(
    _ type: T.Type, _ context: @autoclosure () -> String = "value"
  ) throws(ReadError) -> T {
    let value = try read(type, at: position, context())
    cursor += MemoryLayout<T>.size
    return value
  }

  /// Reads a little-endian integer at the current position without advancing.
  @inlinable
  public func peek<T: FixedWidthInteger>(
    _ type: T.Type, _ context: @autoclosure () -> String = "value"
  ) throws(ReadError) -> T {
    try read(type, at: position, context())
  }

  // MARK: Bytes

  /// Returns `count` bytes at a window-relative offset without moving.
  public func bytes(at offset: Int, count n: Int, _ context: @autoclosure () -> String = "bytes")
    throws(ReadError) -> Data
  {
    guard offset >= 0, n >= 0, offset <= count, n <= count - offset else {
      throw ReadError(
        code: .truncated, offset: fileOffset(of: max(offset, 0)), context: context(),
        detail: "needs \(n) bytes")
    }
    return data[(start + offset)..<(start + offset + n)]
  }

  /// Reads `count` bytes and advances.
  public mutating func readBytes(_ n: Int, _ context: @autoclosure () -> String = "bytes")
    throws(ReadError) -> Data
  {
    let value = try bytes(at: position, count: n, context())
    cursor += n
    return value
  }

  /// Returns the byte array for `count` bytes at a window-relative offset.
  public func byteArray(
    at offset: Int, count n: Int, _ context: @autoclosure () -> String = "bytes"
  )
    throws(ReadError) -> [UInt8]
  {
    [UInt8](try bytes(at: offset, count: n, context()))
  }

  /// All bytes of the window.
  public var windowBytes: Data { data[start..<end] }

  // MARK: Slices

  /// Returns a reader over `count` bytes at a window-relative offset (both untrusted).
  ///
  /// - Throws: ``ReadError/Code/outOfBounds`` when the range overflows or leaves the window.
  public func slice(
    at offset: UInt64, count size: UInt64, _ context: @autoclosure () -> String = "slice"
  ) throws(ReadError) -> ByteReader {
    guard let lower = Int(exactly: offset), let length = Int(exactly: size),
      case (let upper, false) = lower.addingReportingOverflow(length), upper <= count
    else {
      throw ReadError(
        code: .outOfBounds,
        offset: offset <= UInt64(count)
          ? fileOffset(of: Int(clamping: offset)) : fileOffset(of: count),
        context: context(),
        detail:
          "range 0x\(String(offset, radix: 16))+0x\(String(size, radix: 16)) is outside 0x\(String(count, radix: 16)) bytes"
      )
    }
    return ByteReader(data: data, start: start + lower, end: start + upper, baseOffset: baseOffset)
  }

  /// Returns a reader over `count` bytes at a window-relative `Int` offset.
  public func slice(at offset: Int, count size: Int, _ context: @autoclosure () -> String = "slice")
    throws(ReadError) -> ByteReader
  {
    guard offset >= 0, size >= 0 else {
      throw ReadError(code: .outOfBounds, offset: fileOffset, context: context())
    }
    return try slice(at: UInt64(offset), count: UInt64(size), context())
  }

  /// Returns a reader over the rest of the window from `offset`.
  public func slice(from offset: Int, _ context: @autoclosure () -> String = "slice")
    throws(ReadError) -> ByteReader
  {
    guard offset >= 0, offset <= count else {
      throw ReadError(
        code: .outOfBounds, offset: fileOffset(of: max(0, offset)), context: context())
    }
    return try slice(at: offset, count: count - offset, context())
  }

  /// Reads a slice of `count` bytes at the current position and advances.
  public mutating func readSlice(_ n: Int, _ context: @autoclosure () -> String = "slice")
    throws(ReadError) -> ByteReader
  {
    let value = try slice(at: position, count: n, context())
    cursor += n
    return value
  }

  // MARK: Strings

  /// Reads a fixed-size ASCII/Latin-1 field, stopping at the first NUL.
  public func fixedString(
    at offset: Int, count n: Int, _ context: @autoclosure () -> String = "string"
  )
    throws(ReadError) -> String
  {
    let raw = try bytes(at: offset, count: n, context())
    let prefix = raw.prefix { $0 != 0 }
    return String(decoding: prefix, as: UTF8.self)
  }

  /// Reads `units` UTF-16LE code units at an offset, stopping at the first NUL.
  public func utf16String(
    at offset: Int, units: Int, _ context: @autoclosure () -> String = "string"
  )
    throws(ReadError) -> String
  {
    guard units >= 0, case (let byteCount, false) = units.multipliedReportingOverflow(by: 2) else {
      throw ReadError(
        code: .invalidValue, offset: fileOffset(of: max(0, offset)), context: context())
    }
    let raw = try bytes(at: offset, count: byteCount, context())
    var codeUnits: [UInt16] = []
    codeUnits.reserveCapacity(units)
    var index = raw.startIndex
    while index + 1 < raw.endIndex {
      let unit = UInt16(raw[index]) | UInt16(raw[index + 1]) << 8
      if unit == 0 { break }
      codeUnits.append(unit)
      index += 2
    }
    return String(decoding: codeUnits, as: UTF16.self)
  }

  /// Reads a NUL-terminated byte string of at most `maxLength` bytes at an offset.
  ///
  /// - Returns: The string and the number of bytes consumed including the terminator.
  public func cString(
    at offset: Int, maxLength: Int, _ context: @autoclosure () -> String = "string"
  )
    throws(ReadError) -> (value: String, consumed: Int)
  {
    guard offset >= 0, offset <= count else {
      throw ReadError(
        code: .outOfBounds, offset: fileOffset(of: max(0, offset)), context: context())
    }
    let limit = min(maxLength, count - offset)
    var length = 0
    while length < limit, data[start + offset + length] != 0 { length += 1 }
    guard length < limit else {
      throw ReadError(
        code: .truncated, offset: fileOffset(of: offset), context: context(),
        detail: "no terminator within \(limit) bytes")
    }
    let raw = data[(start + offset)..<(start + offset + length)]
    return (String(decoding: raw, as: UTF8.self), length + 1)
  }

  /// Whether the bytes at `offset` equal `signature`.
  public func matches(_ signature: [UInt8], at offset: Int = 0) -> Bool {
    guard offset >= 0, signature.count <= count, offset <= count - signature.count else {
      return false
    }
    for (i, byte) in signature.enumerated() where data[start + offset + i] != byte { return false }
    return true
  }
}
