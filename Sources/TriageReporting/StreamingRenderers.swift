import Foundation

/// Renders a run's report piece by piece: one piece per dump as it comes, in path order, then
/// the end with the summary; the pieces joined are exactly what the whole-report renderer gives.
///
/// A batch streams its reports through one of these, so memory does not grow with the number of
/// dumps (HTML keeps one table row per dump; see ``HTMLRenderer/Stream``).
public protocol StreamingRenderer {
  /// The text for one more dump; dumps come in path order. `json`, when given, is the dump
  /// encoded as compact JSON with sorted keys (the JSON renderers start from it).
  mutating func add(_ dump: DumpReport, json: Data?) throws -> String
  /// The text after the last dump: the summary, the partial mark, the closing brackets.
  mutating func finish(tool: ReportTool?, partial: Bool?, summary: BatchSummary?) throws -> String
}

extension StreamingRenderer {
  /// The text for one more dump.
  public mutating func add(_ dump: DumpReport) throws -> String {
    try add(dump, json: nil)
  }
}

/// An encoding that did not have the shape the streaming JSON renderer splices into.
public struct StreamingRenderError: Error, CustomStringConvertible {
  /// What was unexpected.
  public var description: String
}

extension JSONRenderer {
  /// The streaming form of this renderer: the pretty document, or JSON Lines.
  public func stream() -> any StreamingRenderer {
    switch style {
    case .document: DocumentStream()
    case .lines: LinesStream(renderer: self)
    }
  }

  /// The pretty document, its `dumps` array written element by element.
  ///
  /// Keys are sorted, so `dumps` comes first: the document is `{`, the array, then the other
  /// members, taken from the encoding of the same report with no dumps. Each dump is encoded on
  /// its own and indented two levels, which is what the encoder writes for it inside the array
  /// (JSON strings hold no raw line breaks, and empty lines get no indentation).
  struct DocumentStream: StreamingRenderer {
    let encoder = JSONRenderer.encoder(pretty: true)
    var count = 0

    mutating func add(_ dump: DumpReport, json: Data?) throws -> String {
      let compact = try json ?? JSONRenderer.encoder(pretty: false).encode(dump)
      var bytes = Array((count == 0 ? "{\n  \"dumps\" : [\n" : ",\n").utf8)
      count += 1
      bytes += JSONRenderer.prettyPrinted(compact: compact, level: 2)
      return String(decoding: bytes, as: UTF8.self)
    }

    mutating func finish(tool: ReportTool?, partial: Bool?, summary: BatchSummary?) throws
      -> String
    {
      let skeleton = TriageReport(tool: tool, partial: partial, dumps: [], summary: summary)
      let whole = String(decoding: try encoder.encode(skeleton), as: UTF8.self) + "\n"
      guard count > 0 else { return whole }
      let emptyArray = "{\n  \"dumps\" : [\n\n  ]"
      guard whole.hasPrefix(emptyArray) else {
        throw StreamingRenderError(description: "the JSON encoder wrote an unexpected document")
      }
      return "\n  ]" + whole.dropFirst(emptyArray.count)
    }
  }

  /// Re-indents compact JSON (as the compact encoder writes it) the way the pretty encoder
  /// does, starting `level` levels deep: two spaces a level, `" : "` after keys, an empty
  /// container as an open bracket, a blank line and the close bracket.
  ///
  /// Turning one encoding into the other costs a pass over the bytes, against a second run of
  /// the encoder.
  static func prettyPrinted(compact: Data, level: Int) -> [UInt8] {
    // One pass, no closures: a nested function capturing the output cost an exclusivity check
    // per byte written, more than the encoder it replaces.
    let input = [UInt8](compact)
    let space: UInt8 = 0x20
    let newline = UInt8(ascii: "\n")
    let quote = UInt8(ascii: "\"")
    let backslash = UInt8(ascii: "\\")
    var out: [UInt8] = []
    out.reserveCapacity(input.count * 2 + 64)
    var depth = level
    out.append(contentsOf: repeatElement(space, count: 2 * level))
    var inString = false
    var escaped = false
    var index = 0
    let count = input.count
    while index < count {
      let byte = input[index]
      index += 1
      if inString {
        out.append(byte)
        if escaped {
          escaped = false
        } else if byte == backslash {
          escaped = true
        } else if byte == quote {
          inString = false
        }
        continue
      }
      switch byte {
      case quote:
        inString = true
        out.append(byte)
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        out.append(byte)
        if index < count, input[index] == close {
          out.append(newline)
          out.append(newline)
          out.append(contentsOf: repeatElement(space, count: 2 * depth))
          out.append(close)
          index += 1
        } else {
          depth += 1
          out.append(newline)
          out.append(contentsOf: repeatElement(space, count: 2 * depth))
        }
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth = max(0, depth - 1)
        out.append(newline)
        out.append(contentsOf: repeatElement(space, count: 2 * depth))
        out.append(byte)
      case UInt8(ascii: ","):
        out.append(byte)
        out.append(newline)
        out.append(contentsOf: repeatElement(space, count: 2 * depth))
      case UInt8(ascii: ":"):
        out.append(space)
        out.append(byte)
        out.append(space)
      default:
        out.append(byte)
      }
    }
    return out
  }

  /// JSON Lines: a line per dump, then the summary line.
  struct LinesStream: StreamingRenderer {
    let renderer: JSONRenderer

    mutating func add(_ dump: DumpReport, json: Data?) throws -> String {
      guard let json else { return try renderer.renderLine(dump) }
      // The line's keys sorted: "dump", then "schema_version".
      var bytes = Array("{\"dump\":".utf8)
      bytes += json
      bytes += ",\"schema_version\":\(TriageReport.currentSchemaVersion)}\n".utf8
      return String(decoding: bytes, as: UTF8.self)
    }

    mutating func finish(tool: ReportTool?, partial: Bool?, summary: BatchSummary?) throws
      -> String
    {
      guard summary != nil || partial != nil else { return "" }
      let line = Line(
        schemaVersion: TriageReport.currentSchemaVersion, summary: summary, partial: partial)
      return String(decoding: try JSONRenderer.encoder(pretty: false).encode(line), as: UTF8.self)
        + "\n"
    }
  }
}

extension TextRenderer {
  /// The streaming form of this renderer.
  public func stream() -> any StreamingRenderer { Stream(renderer: self) }

  /// Dumps separated by a blank line, then the summary.
  struct Stream: StreamingRenderer {
    let renderer: TextRenderer
    var count = 0

    mutating func add(_ dump: DumpReport, json: Data?) throws -> String {
      count += 1
      return (count == 1 ? "" : "\n") + renderer.render(dump)
    }

    mutating func finish(tool: ReportTool?, partial: Bool?, summary: BatchSummary?) throws
      -> String
    {
      let separator = count == 0 ? "" : "\n"
      if let summary { return separator + renderer.render(summary, partial: partial) }
      if partial == true { return separator + "PARTIAL: the run was interrupted.\n" }
      return ""
    }
  }
}

extension CSVRenderer {
  /// The streaming form of this renderer (the dumps' table; the summary is its own file).
  public func stream() -> any StreamingRenderer { Stream(renderer: self) }

  /// The header line, then a line per dump.
  struct Stream: StreamingRenderer {
    let renderer: CSVRenderer
    var started = false

    mutating func add(_ dump: DumpReport, json: Data?) throws -> String {
      var text = started ? "" : CSVRenderer.line(CSVRenderer.columns) + "\r\n"
      started = true
      text += CSVRenderer.line(renderer.row(dump)) + "\r\n"
      return text
    }

    mutating func finish(tool: ReportTool?, partial: Bool?, summary: BatchSummary?) throws
      -> String
    {
      started ? "" : CSVRenderer.line(CSVRenderer.columns) + "\r\n"
    }
  }
}

extension HTMLRenderer {
  /// The streaming form of this renderer.
  public func stream() -> any StreamingRenderer { Stream(renderer: self) }

  /// The page needs the summary at its top and, up to ``HTMLRenderer/detailLimit`` dumps, a
  /// section per dump, else a table row per dump; so it keeps each dump's table row (a few
  /// hundred bytes) and the sections only while they may still be used, and writes everything
  /// at the end.
  struct Stream: StreamingRenderer {
    let renderer: HTMLRenderer
    var builder = BatchSummary.Builder()
    var rows: [String] = []
    var sections: [String] = []

    mutating func add(_ dump: DumpReport, json: Data?) throws -> String {
      builder.add(dump)
      rows.append(renderer.compactRow(dump))
      if rows.count <= renderer.detailLimit {
        sections.append(renderer.dumpSection(dump, number: rows.count))
      } else {
        sections.removeAll()
      }
      return ""
    }

    mutating func finish(tool: ReportTool?, partial: Bool?, summary: BatchSummary?) throws
      -> String
    {
      let summary = summary ?? builder.summary()
      var html = renderer.head(tool: tool, partial: partial, summary: summary)
      if rows.count > renderer.detailLimit {
        html += renderer.compactTableHead(count: rows.count)
        html += rows.joined()
        html += HTMLRenderer.compactTableEnd
      } else {
        html += sections.joined()
      }
      return html + HTMLRenderer.end
    }
  }
}
