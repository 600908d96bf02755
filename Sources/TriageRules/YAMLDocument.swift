import Foundation
import Yams

/// Limits that keep hostile or accidental YAML from exhausting time, memory or stack.
public struct YAMLLimits: Sendable, Hashable {
  /// Largest document accepted, in bytes.
  public var maximumBytes: Int
  /// Deepest nesting of mappings and sequences accepted.
  public var maximumDepth: Int
  /// Most nodes (scalars, mappings, sequences, counting alias expansions) accepted.
  public var maximumNodes: Int

  /// Creates limits.
  public init(maximumBytes: Int = 256 * 1024, maximumDepth: Int = 24, maximumNodes: Int = 50_000) {
    self.maximumBytes = maximumBytes
    self.maximumDepth = maximumDepth
    self.maximumNodes = maximumNodes
  }

  /// The limits used for rule files.
  public static let rules = YAMLLimits()
}

/// A YAML document composed by Yams, checked against ``YAMLLimits`` before and after parsing.
///
/// Yams builds its node tree recursively, so a document nested thousands of levels deep could
/// overflow the stack before any structural check runs. `compose` therefore first bounds the
/// nesting from the raw text (flow brackets, indentation and leading `- ` markers per line), and
/// only then lets Yams parse. Errors carry the file name and the `line:col` of the offending node.
struct YAMLDocument {
  let file: String
  let root: Node

  static func compose(
    _ text: String, file: String, limits: YAMLLimits = .rules
  ) throws(RuleDiagnostic) -> YAMLDocument {
    if text.utf8.count > limits.maximumBytes {
      throw RuleDiagnostic(
        file: file, line: 1, column: 1,
        message: "document is \(text.utf8.count) bytes; the limit is \(limits.maximumBytes)")
    }
    try preScanNesting(text, file: file, limits: limits)
    let node: Node?
    do {
      // The basic resolver: every scalar stays a string (YAMLValue reads strings only), so no
      // tag is resolved by regular expression (8 % of a one-dump run with the built-in rules).
      // UTF-8 named here: Yams' default reads the environment on every call.
      node = try Yams.compose(yaml: text, .basic, .default, .utf8)
    } catch let error as YamlError {
      throw diagnostic(from: error, file: file)
    } catch {
      throw RuleDiagnostic(file: file, line: 1, column: 1, message: "YAML error: \(error)")
    }
    guard let node else {
      throw RuleDiagnostic(file: file, line: 1, column: 1, message: "empty document")
    }
    var budget = limits.maximumNodes
    try checkShape(node, depth: 1, budget: &budget, file: file, limits: limits)
    return YAMLDocument(file: file, root: node)
  }

  /// Bounds the nesting depth from the raw text, before the recursive composer sees it.
  private static func preScanNesting(
    _ text: String, file: String, limits: YAMLLimits
  ) throws(RuleDiagnostic) {
    // A block node can only nest one level deeper per extra indentation column, and flow
    // collections nest by brackets, so indentation + leading "- " markers + open brackets is an
    // upper bound on depth. Real rule files stay far below these caps.
    let maxIndent = limits.maximumDepth * 8
    let maxFlow = limits.maximumDepth
    var flowDepth = 0
    var lineNumber = 0
    // On UTF-8 bytes: every character that matters here is ASCII; columns count characters
    // (bytes that do not continue a multi-byte sequence).
    let space = UInt8(ascii: " ")
    let tab = UInt8(ascii: "\t")
    var bytes = text.utf8.makeIterator()
    var atEnd = false
    while !atEnd {
      lineNumber += 1
      var indent = 0
      var dashes = 0
      var pending: UInt8? = nil
      var lineDone = false
      while let c = bytes.next() {
        if c == UInt8(ascii: "\n") {
          lineDone = true
          break
        }
        if c == space || c == tab {
          indent += 1
        } else if c == UInt8(ascii: "-") || c == UInt8(ascii: "?") {
          guard let next = bytes.next() else { break }
          if next == UInt8(ascii: "\n") {
            lineDone = true
            break
          }
          if next == space || next == tab {
            dashes += 1
            indent += 2
          } else {
            pending = next
            break
          }
        } else {
          pending = c
          break
        }
      }
      if indent > maxIndent || dashes > limits.maximumDepth {
        throw RuleDiagnostic(
          file: file, line: lineNumber, column: 1,
          message: "nesting too deep (indentation \(indent), limit \(maxIndent))")
      }
      if lineDone { continue }
      guard var c = pending else {
        atEnd = true
        break
      }
      var quote: UInt8? = nil
      var column = indent
      var comment = false
      while true {
        if c == UInt8(ascii: "\n") { break }
        if !comment {
          if c & 0xC0 != 0x80 { column += 1 }
          if let q = quote {
            if c == q { quote = nil }
          } else {
            switch c {
            case UInt8(ascii: "#"): comment = true
            case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = c
            case UInt8(ascii: "["), UInt8(ascii: "{"):
              flowDepth += 1
              if flowDepth > maxFlow {
                throw RuleDiagnostic(
                  file: file, line: lineNumber, column: column,
                  message: "nesting too deep (more than \(maxFlow) open brackets)")
              }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): flowDepth = max(0, flowDepth - 1)
            default: break
            }
          }
        }
        guard let next = bytes.next() else {
          atEnd = true
          break
        }
        c = next
      }
    }
  }

  private static func checkShape(
    _ node: Node, depth: Int, budget: inout Int, file: String, limits: YAMLLimits
  ) throws(RuleDiagnostic) {
    budget -= 1
    if budget < 0 {
      throw RuleDiagnostic(
        file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
        message: "document has more than \(limits.maximumNodes) nodes (aliases included)")
    }
    if depth > limits.maximumDepth {
      throw RuleDiagnostic(
        file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
        message: "nesting deeper than \(limits.maximumDepth) levels")
    }
    switch node {
    case .scalar, .alias: return
    case .sequence(let sequence):
      for child in sequence {
        try checkShape(child, depth: depth + 1, budget: &budget, file: file, limits: limits)
      }
    case .mapping(let mapping):
      for (key, value) in mapping {
        try checkShape(key, depth: depth + 1, budget: &budget, file: file, limits: limits)
        try checkShape(value, depth: depth + 1, budget: &budget, file: file, limits: limits)
      }
    }
  }

  private static func diagnostic(from error: YamlError, file: String) -> RuleDiagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let prefix = context.map { "\($0.text): " } ?? ""
      return RuleDiagnostic(
        file: file, line: mark.line, column: mark.column, message: "YAML: \(prefix)\(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return RuleDiagnostic(
        file: file, line: context.mark.line, column: context.mark.column,
        message: "duplicate key \(duplicates.joined(separator: ", "))")
    case .reader(let problem, _, _, _):
      return RuleDiagnostic(file: file, line: 1, column: 1, message: "YAML: \(problem)")
    default:
      return RuleDiagnostic(file: file, line: 1, column: 1, message: "YAML: \(error)")
    }
  }
}
