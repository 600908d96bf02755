import BinaryReading

/// Why a dump could not be read at all (a bad header, an unsupported format, an I/O error).
///
/// The message names the file and, when known, the byte offset.
public struct TriageError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file (display name).
  public var file: String
  /// A stable code: `io`, `unsupported`, `unrecognised`, or a ``ReadError`` code.
  public var code: String
  /// What went wrong.
  public var message: String
  /// The byte offset in the file, when known.
  public var offset: UInt64?

  /// Creates an error.
  public init(file: String, code: String, message: String, offset: UInt64? = nil) {
    self.file = file
    self.code = code
    self.message = message
    self.offset = offset
  }

  /// Wraps a reader error.
  public init(file: String, _ error: ReadError) {
    var text = "\(error.context): \(error.code)"
    if let detail = error.detail, !detail.isEmpty { text += " (\(detail))" }
    self.init(file: file, code: error.code.description, message: text, offset: error.offset)
  }

  /// `FILE: message (at byte offset 0x…)`.
  public var description: String {
    var text = "\(file): \(message)"
    if let offset { text += " (at byte offset 0x\(String(offset, radix: 16)))" }
    return text
  }
}
