import Foundation
import Yams

/// A YAML node with its file and position, and strict typed accessors that throw
/// ``RuleDiagnostic`` errors pointing at the node.
struct YAMLValue {
  let node: Node
  let file: String

  var line: Int { node.mark?.line ?? 0 }
  var column: Int { node.mark?.column ?? 0 }

  func error(_ message: String) -> RuleDiagnostic {
    RuleDiagnostic(file: file, line: line, column: column, message: message)
  }

  var kindName: String {
    switch node {
    case .scalar: "a scalar"
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .alias: "an alias"
    }
  }

  /// Whether the node is YAML null (`~`, `null`, or empty plain scalar).
  var isNull: Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  /// The scalar's text; throws for mappings and lists.
  func scalarText(_ what: String) throws(RuleDiagnostic) -> String {
    guard case .scalar(let scalar) = node else {
      throw error("\(what): expected a scalar, found \(kindName)")
    }
    return scalar.string
  }

  /// A non-empty string.
  func string(_ what: String) throws(RuleDiagnostic) -> String {
    let text = try scalarText(what)
    if text.trimmed.isEmpty || isNull {
      throw error("\(what): expected a non-empty string")
    }
    return text
  }

  /// A boolean (`true`/`false`).
  func bool(_ what: String) throws(RuleDiagnostic) -> Bool {
    switch try scalarText(what).lowercased() {
    case "true", "yes": return true
    case "false", "no": return false
    default: throw error("\(what): expected true or false")
    }
  }

  /// An unsigned integer: decimal, `0x` hexadecimal, with optional `_` or `` ` `` separators.
  func integer(_ what: String, max: UInt64 = .max) throws(RuleDiagnostic) -> UInt64 {
    let text = try scalarText(what)
    guard let value = YAMLValue.parseInteger(text) else {
      throw error("\(what): expected an integer (decimal or 0x hex), found '\(text.prefix(40))'")
    }
    if value > max {
      throw error("\(what): \(text) is larger than 0x\(String(max, radix: 16, uppercase: true))")
    }
    return value
  }

  static func parseInteger(_ raw: String) -> UInt64? {
    var text = raw.trimmed.replacingOccurrences(of: "_", with: "")
    text = text.replacingOccurrences(of: "`", with: "")
    if text.isEmpty || text.count > 24 { return nil }
    if text.hasPrefix("0x") || text.hasPrefix("0X") {
      return UInt64(text.dropFirst(2), radix: 16)
    }
    return UInt64(text, radix: 10)
  }

  /// The items of a list; a scalar or mapping counts as a one-item list.
  func list() -> [YAMLValue] {
    if case .sequence(let sequence) = node {
      return sequence.map { YAMLValue(node: $0, file: file) }
    }
    if isNull { return [] }
    return [self]
  }

  /// The items of a list, rejecting anything else.
  func strictList(_ what: String) throws(RuleDiagnostic) -> [YAMLValue] {
    guard case .sequence(let sequence) = node else {
      throw error("\(what): expected a list, found \(kindName)")
    }
    return sequence.map { YAMLValue(node: $0, file: file) }
  }

  /// One string or a list of strings.
  func strings(_ what: String) throws(RuleDiagnostic) -> [String] {
    var result: [String] = []
    for item in list() { result.append(try item.string(what)) }
    return result
  }

  /// The entries of a mapping, with unknown keys rejected.
  ///
  /// - Parameters:
  ///   - what: Name of the construct, for messages.
  ///   - allowed: Keys that may appear.
  /// - Returns: The entries in file order.
  /// - Throws: ``RuleDiagnostic`` at the first unknown key or when the node is not a mapping.
  func mapping(_ what: String, allowed: [String]) throws(RuleDiagnostic) -> YAMLMapping {
    guard case .mapping(let mapping) = node else {
      throw error("\(what): expected a mapping, found \(kindName)")
    }
    var entries: [(key: String, keyNode: YAMLValue, value: YAMLValue)] = []
    for (key, value) in mapping {
      let keyValue = YAMLValue(node: key, file: file)
      guard case .scalar(let scalar) = key else {
        throw keyValue.error("\(what): keys must be strings")
      }
      if !allowed.contains(scalar.string) {
        var message = "\(what): unknown key '\(scalar.string.prefix(60))'"
        if let suggestion = YAMLValue.closest(scalar.string, in: allowed) {
          message += " (did you mean '\(suggestion)'?)"
        } else {
          message += " (allowed: \(allowed.joined(separator: ", ")))"
        }
        throw keyValue.error(message)
      }
      entries.append((scalar.string, keyValue, YAMLValue(node: value, file: file)))
    }
    return YAMLMapping(owner: self, entries: entries)
  }

  /// The entries of a mapping whose keys are free-form names (selections).
  func namedEntries(_ what: String) throws(RuleDiagnostic) -> [(
    key: String, keyNode: YAMLValue, value: YAMLValue
  )] {
    guard case .mapping(let mapping) = node else {
      throw error("\(what): expected a mapping, found \(kindName)")
    }
    var entries: [(key: String, keyNode: YAMLValue, value: YAMLValue)] = []
    for (key, value) in mapping {
      let keyValue = YAMLValue(node: key, file: file)
      guard case .scalar(let scalar) = key else {
        throw keyValue.error("\(what): keys must be strings")
      }
      entries.append((scalar.string, keyValue, YAMLValue(node: value, file: file)))
    }
    return entries
  }

  static func closest(_ word: String, in candidates: [String]) -> String? {
    guard word.count <= 40 else { return nil }
    var best: (String, Int)? = nil
    for candidate in candidates {
      let distance = editDistance(Array(word.lowercased()), Array(candidate))
      if distance <= 2, best.map({ distance < $0.1 }) ?? true { best = (candidate, distance) }
    }
    return best?.0
  }

  private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, ca) in a.enumerated() {
      var current = [i + 1]
      for (j, cb) in b.enumerated() {
        current.append(
          Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
      }
      previous = current
    }
    return previous[b.count]
  }
}

/// The checked entries of a YAML mapping.
struct YAMLMapping {
  let owner: YAMLValue
  let entries: [(key: String, keyNode: YAMLValue, value: YAMLValue)]

  subscript(key: String) -> YAMLValue? {
    entries.first { $0.key == key }?.value
  }

  /// The value for a required key.
  func required(_ key: String, _ what: String) throws(RuleDiagnostic) -> YAMLValue {
    guard let value = self[key] else { throw owner.error("\(what): missing required key '\(key)'") }
    return value
  }

  /// An optional string (null counts as absent).
  func optionalString(_ key: String, _ what: String) throws(RuleDiagnostic) -> String? {
    guard let value = self[key], !value.isNull else { return nil }
    return try value.string("\(what).\(key)")
  }

  /// An optional list of strings (null counts as empty).
  func strings(_ key: String, _ what: String) throws(RuleDiagnostic) -> [String] {
    guard let value = self[key], !value.isNull else { return [] }
    return try value.strings("\(what).\(key)")
  }

  var keys: [String] { entries.map(\.key) }
}
