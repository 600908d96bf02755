import Foundation
import TriageFacts

/// Renders analyses as one JSON document with a `schema_version`.
public enum JSONReport {
  /// The document: schema version, the analyses, and the files that could not be read.
  public struct Document: Codable, Sendable {
    /// ``DumpAnalysis/schemaVersion``.
    public var schemaVersion: Int
    /// One entry per dump read.
    public var dumps: [DumpAnalysis]
    /// One entry per file that could not be read.
    public var errors: [ErrorEntry]
  }

  /// A file that could not be read.
  public struct ErrorEntry: Codable, Sendable {
    /// File name.
    public var file: String
    /// Stable code.
    public var code: String
    /// Message.
    public var message: String
    /// Byte offset, when known.
    public var offset: UInt64?
  }

  /// Encodes the analyses and errors (sorted keys, pretty-printed, snake_case keys, ISO dates).
  public static func render(_ analyses: [DumpAnalysis], errors: [TriageError] = []) throws
    -> String
  {
    let document = Document(
      schemaVersion: DumpAnalysis.schemaVersion, dumps: analyses,
      errors: errors.map {
        ErrorEntry(file: $0.file, code: $0.code, message: $0.message, offset: $0.offset)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    let data = try encoder.encode(document)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

/// Renders a bug check explanation as JSON with a `schema_version`.
public enum BugCheckJSON {
  private struct Document: Codable {
    var schemaVersion: Int
    var bugCheck: BugCheckExplanation
  }

  /// The JSON text.
  public static func render(_ explanation: BugCheckExplanation) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let data = try encoder.encode(
      Document(schemaVersion: DumpAnalysis.schemaVersion, bugCheck: explanation))
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
