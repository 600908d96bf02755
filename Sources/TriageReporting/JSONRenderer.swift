import Foundation

/// Renders reports as JSON: one document per run, or JSON Lines (one object per line).
///
/// Output is deterministic: keys sorted, no escaped slashes, absent values left out.
public struct JSONRenderer: Sendable {
  /// Whether to indent (one document) or write one compact object per line.
  public enum Style: Sendable {
    /// A single pretty-printed document holding the whole ``TriageReport``.
    case document
    /// JSON Lines: one `{"schema_version":1,"dump":{…}}` line per dump, then a
    /// `{"schema_version":1,"summary":{…}}` line when the report has a summary.
    case lines
  }

  /// The style.
  public var style: Style

  /// Creates a renderer.
  public init(style: Style = .document) {
    self.style = style
  }

  /// One JSON Lines record.
  public struct Line: Codable, Hashable, Sendable {
    /// Schema version (as in ``TriageReport``).
    public var schemaVersion: Int
    /// A dump, for dump lines.
    public var dump: DumpReport?
    /// The summary, for the last line.
    public var summary: BatchSummary?
    /// Whether the run was interrupted, on the summary line.
    public var partial: Bool?

    enum CodingKeys: String, CodingKey {
      case schemaVersion = "schema_version"
      case dump, summary, partial
    }
  }

  /// The rendered text (ends with a newline).
  public func render(_ report: TriageReport) throws -> String {
    switch style {
    case .document:
      let data = try Self.encoder(pretty: true).encode(report)
      return String(decoding: data, as: UTF8.self) + "\n"
    case .lines:
      let encoder = Self.encoder(pretty: false)
      var text = ""
      for dump in report.dumps {
        let line = Line(schemaVersion: report.schemaVersion, dump: dump)
        text += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
      }
      if report.summary != nil || report.partial != nil {
        let line = Line(
          schemaVersion: report.schemaVersion, summary: report.summary, partial: report.partial)
        text += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
      }
      return text
    }
  }

  /// One dump as a JSON Lines record (for streaming output in batches).
  public func renderLine(_ dump: DumpReport) throws -> String {
    let line = Line(schemaVersion: TriageReport.currentSchemaVersion, dump: dump)
    return String(decoding: try Self.encoder(pretty: false).encode(line), as: UTF8.self) + "\n"
  }

  /// The encoder every JSON output uses.
  public static func encoder(pretty: Bool) -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      pretty
      ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      : [
        .sortedKeys, .withoutEscapingSlashes,
      ]
    return encoder
  }
}
