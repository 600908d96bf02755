/// An error raised while expanding a container (gzip, zip or cabinet).
///
/// Every error has a stable ``code`` string, the container path it happened in (such as
/// `dumps.zip!inner.cab`), the byte offset in that container when known, and a message for
/// people. Limit errors name the limit and the option that raises it.
public struct ContainerError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A stable, machine-readable classification of a container failure.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code string, for example `limit_exceeded`.
    public var rawValue: String
    /// Creates a code from its string.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The data ends before the structure does.
    public static var truncated: Self { .init(rawValue: "truncated") }
    /// A field holds a value that cannot be right.
    public static var corrupt: Self { .init(rawValue: "corrupt") }
    /// A stored checksum (CRC-32 or CFDATA checksum) does not match the data.
    public static var checksumMismatch: Self { .init(rawValue: "checksum_mismatch") }
    /// The container uses a feature this tool does not read (Quantum, encryption, spanning).
    public static var unsupported: Self { .init(rawValue: "unsupported") }
    /// An expansion limit was reached.
    public static var limitExceeded: Self { .init(rawValue: "limit_exceeded") }
    /// The data is not a container this module reads.
    public static var notAContainer: Self { .init(rawValue: "not_a_container") }
    /// The code string.
    public var description: String { rawValue }
  }

  /// What went wrong.
  public var code: Code
  /// The container (or member) path, such as `dumps.zip!Minidump/Mini1.dmp`.
  public var path: String
  /// The byte offset inside that container, when known.
  public var offset: UInt64?
  /// A message for people.
  public var message: String

  /// Creates an error.
  ///
  /// - Parameters:
  ///   - code: The classification.
  ///   - path: The container or member path.
  ///   - offset: The byte offset in the container, when known.
  ///   - message: A message for people.
  public init(_ code: Code, path: String, offset: UInt64? = nil, _ message: String) {
    self.code = code
    self.path = path
    self.offset = offset
    self.message = message
  }

  /// A one-line message: `path: code at byte offset 0x…: message`.
  public var description: String {
    var text = "\(path): \(code)"
    if let offset { text += " at byte offset 0x\(String(offset, radix: 16))" }
    return text + ": " + message
  }
}

/// A remark about a container member that did not stop its expansion.
public struct ContainerNote: Sendable, Hashable, CustomStringConvertible {
  /// A stable code string, such as `trailing_data`.
  public var code: String
  /// A message for people.
  public var message: String

  /// Creates a note.
  public init(code: String, message: String) {
    self.code = code
    self.message = message
  }

  /// `code: message`.
  public var description: String { "\(code): \(message)" }
}
