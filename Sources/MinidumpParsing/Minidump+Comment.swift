import BinaryReading
import DumpFormats

/// `CommentStreamA` (10): a NUL-terminated ANSI comment the dump writer added.
public struct CommentA: MinidumpStream, Hashable {
  /// The stream type (10).
  public static var streamType: MinidumpStreamType { .commentA }
  /// The comment (bytes read as UTF-8, stopping at the first NUL).
  public var text: String
  /// Problems found while parsing.
  public var notes: [Note] { [] }

  /// Reads the whole stream as text.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    text = try stream.fixedString(at: 0, count: stream.count, "CommentStreamA")
  }
}

/// `CommentStreamW` (11): a NUL-terminated UTF-16 comment the dump writer added.
public struct CommentW: MinidumpStream, Hashable {
  /// The stream type (11).
  public static var streamType: MinidumpStreamType { .commentW }
  /// The comment.
  public var text: String
  /// Problems found while parsing.
  public var notes: [Note] { [] }

  /// Reads the whole stream as UTF-16LE text.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    text = try stream.utf16String(at: 0, units: stream.count / 2, "CommentStreamW")
  }
}

extension Minidump {
  /// The writer's comment (CommentStreamW, else CommentStreamA), when present and not empty.
  public var comment: String? {
    let text = streamIfReadable(CommentW.self)?.text ?? streamIfReadable(CommentA.self)?.text
    return text?.isEmpty == false ? text : nil
  }
}
