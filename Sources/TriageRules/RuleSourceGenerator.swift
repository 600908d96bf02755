import Foundation

/// Writes `DefaultRules+Generated.swift`, which compiles the rule files into the binary.
///
/// Besides each file's text it records the rule's id and the stop codes the rule needs
/// (``RuleIndex/Gate``), so a triage parses only the rules that can hold for its dump.
package enum RuleSourceGenerator {
  /// The Swift source holding `files` (paths relative to `Rules/`, sorted by the caller).
  ///
  /// - Throws: ``RuleDiagnostic`` when a file is not a valid rule.
  package static func source(files: [(path: String, text: String)]) throws(RuleDiagnostic)
    -> String
  {
    var out = """
      // swift-format-ignore-file
      // Generated from Rules/ by RuleCorpusTests (DUMPTRIAGE_REGENERATE=1); do not edit by hand.

      /// The rule files compiled into the binary.
      enum DefaultRules {
        /// Each rule file's path under `Rules/`, the rule's id, the stop codes it needs and the
        /// file's text.
        static let files: [BuiltInRuleFile] = [

      """
    for file in files {
      let rule = try RuleLoader.parse(file.text, file: file.path, isBuiltIn: true, examples: false)
      var hashes = "#"
      while file.text.contains("\"" + hashes) || file.text.contains("\\" + hashes) {
        hashes += "#"
      }
      out += "    BuiltInRuleFile(\n"
      out += "      path: \(literal(file.path)),\n"
      out += "      id: \(literal(rule.id)),\n"
      out += "      gate: \(literal(RuleIndex.gate(rule))),\n"
      out += "      text: \(hashes)\"\"\"\n"
      out += file.text.hasSuffix("\n") ? file.text : file.text + "\n"
      out += "\"\"\"\(hashes)\n"
      out += "    ),\n"
    }
    out += "  ]\n}\n"
    return out
  }

  private static func literal(_ gate: RuleIndex.Gate?) -> String {
    func codes(_ set: Set<UInt32>) -> String {
      set.sorted().map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ", ")
    }
    switch gate {
    case nil: return "nil"
    case .bugChecks(let set): return ".bugChecks([\(codes(set))])"
    case .exceptions(let set): return ".exceptions([\(codes(set))])"
    }
  }

  private static func literal(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      default:
        if scalar.isASCII && scalar.value >= 0x20 {
          escaped.unicodeScalars.append(scalar)
        } else {
          escaped += "\\u{\(String(scalar.value, radix: 16))}"
        }
      }
    }
    return "\"" + escaped + "\""
  }

  /// The rule files under `rulesDirectory` (ownership lists excluded), sorted, with their text.
  package static func collect(rulesDirectory: String) throws -> [(path: String, text: String)] {
    let found = RuleFiles.find(in: rulesDirectory)
    if let problem = found.diagnostics.first { throw problem }
    var files: [(path: String, text: String)] = []
    for path in found.files {
      files.append(
        (
          path,
          try RuleFiles.readRuleFile((rulesDirectory as NSString).appendingPathComponent(path))
        ))
    }
    return files
  }
}
