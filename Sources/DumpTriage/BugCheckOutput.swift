import Foundation
import TriageFacts

/// Renders a bug check explanation like WinDbg's `!analyze -show`.
public enum BugCheckText {
  /// The text for `show-bugcheck`.
  public static func render(_ explanation: BugCheckExplanation) -> String {
    var lines: [String] = []
    let name = explanation.name ?? "unknown bug check"
    lines.append("\(name) (0x\(BugCheckText.hex8(explanation.code)))")
    if let summary = explanation.summary { lines.append(summary) }
    if explanation.code & BugCheckCatalog.modifier != 0,
      BugCheckCatalog.name(for: explanation.code & ~BugCheckCatalog.modifier) != nil
    {
      lines.append(
        "The 0x10000000 bit marks the \"_M\" variant: same meaning and parameters as 0x\(String(explanation.code & ~BugCheckCatalog.modifier, radix: 16, uppercase: true))."
      )
    }
    switch explanation.category {
    case .hardware: lines.append("Category: hardware error (no driver is blamed).")
    case .manual: lines.append("Category: manually initiated crash (no driver is blamed).")
    case .software: break
    }
    lines.append("Arguments:")
    for argument in explanation.arguments {
      var text = "Arg\(argument.index): "
      text += argument.value.map { BugCheckText.hex($0) } ?? "(not given)"
      text = text.padding(toLength: 28, withPad: " ", startingAt: 0) + argument.meaning
      if let decoded = argument.decoded { text += " = \(decoded)" }
      if argument.index == explanation.culpritParameter {
        text += " [identifies the faulting driver]"
      }
      lines.append(text)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

  static func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
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
