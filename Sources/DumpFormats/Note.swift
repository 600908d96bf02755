/// A problem found while analysing a dump that did not stop the analysis.
///
/// A corrupt stream, a missing page or an unreadable symbol file becomes a note; the report
/// lists notes so a user knows what the verdict could not see.
public struct Note: Hashable, Sendable, CustomStringConvertible {
  /// A stable code, for example `triage.driver_list.truncated`.
  public var code: String
  /// A sentence for people.
  public var message: String
  /// The byte offset in the file the note is about, when known.
  public var offset: UInt64?

  /// Creates a note.
  public init(code: String, message: String, offset: UInt64? = nil) {
    self.code = code
    self.message = message
    self.offset = offset
  }

  /// `message (at byte offset 0x…)`.
  public var description: String {
    guard let offset else { return message }
    return "\(message) (at byte offset 0x\(String(offset, radix: 16)))"
  }
}
