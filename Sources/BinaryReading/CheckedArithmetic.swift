import Foundation

extension FixedWidthInteger {
  /// `self + other`, or `nil` on overflow.
  @inlinable
  public func checkedAdding(_ other: Self) -> Self? {
    let (value, overflow) = addingReportingOverflow(other)
    return overflow ? nil : value
  }

  /// `self - other`, or `nil` on overflow.
  @inlinable
  public func checkedSubtracting(_ other: Self) -> Self? {
    let (value, overflow) = subtractingReportingOverflow(other)
    return overflow ? nil : value
  }

  /// `self * other`, or `nil` on overflow.
  @inlinable
  public func checkedMultiplying(by other: Self) -> Self? {
    let (value, overflow) = multipliedReportingOverflow(by: other)
    return overflow ? nil : value
  }

  /// Formats as `0x…` lowercase hexadecimal.
  @inlinable
  public var hex: String { "0x" + String(self, radix: 16) }
}

/// Checks that `count` records of `stride` bytes fit in `available` bytes before allocating.
///
/// - Throws: ``ReadError/Code/invalidValue`` when they cannot fit, or when `limit` is exceeded.
public func checkCount(
  _ count: UInt64, stride: Int, available: Int, limit: Int = Int.max, offset: UInt64?,
  _ context: @autoclosure () -> String
) throws(ReadError) -> Int {
  guard let n = Int(exactly: count) else {
    throw ReadError(
      code: .invalidValue, offset: offset, context: context(),
      detail: "count \(count) is not representable")
  }
  guard n <= limit else {
    throw ReadError(
      code: .limitExceeded, offset: offset, context: context(),
      detail: "count \(n) exceeds the limit of \(limit)")
  }
  guard stride <= 0 || n <= available / stride else {
    throw ReadError(
      code: .invalidValue, offset: offset, context: context(),
      detail: "count \(n) × \(stride) bytes exceeds the \(available) bytes available")
  }
  return n
}

/// Opens files for parsing.
public enum MappedFile {
  /// Maps a file into memory (falls back to reading when mapping is impossible).
  ///
  /// Empty files are rejected before mapping.
  ///
  /// - Throws: ``ReadError`` with code ``ReadError/Code/io`` or ``ReadError/Code/truncated``.
  public static func open(_ path: String) throws(ReadError) -> Data {
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      throw ReadError(
        code: .io, context: path, detail: "cannot open: \(error.localizedDescription)")
    }
    if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
      throw ReadError(code: .io, context: path, detail: "is a directory")
    }
    let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
    guard size > 0 else {
      throw ReadError(code: .truncated, offset: 0, context: path, detail: "the file is empty")
    }
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw ReadError(
        code: .io, context: path, detail: "cannot read: \(error.localizedDescription)")
    }
  }
}
