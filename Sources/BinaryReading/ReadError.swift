/// An error raised while reading untrusted bytes.
///
/// Every error says what went wrong (``code``), where in the file (``offset``, a byte offset
/// from the start of the file or container member) and in which structure (``context``, a path
/// such as `"TriageDump.driverList[3].name"`).
public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A stable, machine-readable classification of a read failure.
  ///
  /// A struct rather than a public enum, so new codes can be added without breaking clients.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: String, Hashable, Sendable {
      case truncated
      case outOfBounds = "out_of_bounds"
      case invalidValue = "invalid_value"
      case limitExceeded = "limit_exceeded"
      case unsupported
      case io
    }

    private var kind: Kind

    /// The data ends before the structure does.
    public static var truncated: Self { .init(kind: .truncated) }
    /// An offset or size points outside the data.
    public static var outOfBounds: Self { .init(kind: .outOfBounds) }
    /// A field holds a value that cannot be right (bad signature, impossible count).
    public static var invalidValue: Self { .init(kind: .invalidValue) }
    /// A resource limit (frames, modules, expansion size…) was reached.
    public static var limitExceeded: Self { .init(kind: .limitExceeded) }
    /// The data is valid but uses a feature this tool does not read.
    public static var unsupported: Self { .init(kind: .unsupported) }
    /// The file could not be opened or mapped.
    public static var io: Self { .init(kind: .io) }

    /// The stable code string, for example `out_of_bounds`.
    public var description: String { kind.rawValue }
  }

  /// What went wrong.
  public var code: Code
  /// The byte offset in the file where it went wrong, when known.
  public var offset: UInt64?
  /// The structure being read, as a path.
  public var context: String
  /// Extra detail for people.
  public var detail: String?

  /// Creates an error.
  ///
  /// - Parameters:
  ///   - code: The classification.
  ///   - offset: The byte offset in the file, when known.
  ///   - context: The structure being read.
  ///   - detail: Extra detail for people.
  public init(code: Code, offset: UInt64? = nil, context: String, detail: String? = nil) {
    self.code = code
    self.offset = offset
    self.context = context
    self.detail = detail
  }

  /// Creates an error at an `Int` offset.
  public init(code: Code, at offset: Int, context: String, detail: String? = nil) {
    self.init(code: code, offset: UInt64(exactly: offset), context: context, detail: detail)
  }

  /// A one-line message: `context: code at byte offset 0x… (detail)`.
  public var description: String {
    var text = "\(context): \(code)"
    if let offset { text += " at byte offset 0x\(String(offset, radix: 16))" }
    if let detail, !detail.isEmpty { text += " (\(detail))" }
    return text
  }
}
