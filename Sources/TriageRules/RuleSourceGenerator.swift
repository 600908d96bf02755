import Foundation

/// Writes `DefaultRules+Generated.swift`, which compiles the rule files into the binary.
package enum RuleSourceGenerator {
  /// The Swift source holding `files` (paths relative to `Rules/`, sorted by the caller).
  package static func source(files: [(path: String, text: String)]) -> String {
    var out = """
      // swift-format-ignore-file
      // Generated from Rules/ by RuleCorpusTests (DUMPTRIAGE_REGENERATE=1); do not edit by hand.

      /// The rule files compiled into the binary.
      enum DefaultRules {
        /// Each rule file's path under `Rules/` and its text.
        static let files: [(path: String, text: String)] = [

      """
    for file in files {
      var hashes = "#"
      while file.text.contains("\"" + hashes) || file.text.contains("\\" + hashes) {
        hashes += "#"
      }
      out += "    (\n"
      out += "      \(literal(file.path)),\n"
      out += "      \(hashes)\"\"\"\n"
      out += file.text.hasSuffix("\n") ? file.text : file.text + "\n"
      out += "\"\"\"\(hashes)\n"
      out += "    ),\n"
    }
    out += "  ]\n}\n"
    return out
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
