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
      node = try Yams.compose(yaml: text, .basic)
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
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      var indent = 0
      var dashes = 0
      var scalars = line.unicodeScalars.makeIterator()
      var pending: Unicode.Scalar? = nil
      while let c = scalars.next() {
        if c == " " || c == "\t" {
          indent += 1
        } else if c == "-" || c == "?" {
          guard let next = scalars.next() else { break }
          if next == " " || next == "\t" {
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
      var quote: Unicode.Scalar? = nil
      var column = indent
      func visit(_ c: Unicode.Scalar) throws(RuleDiagnostic) -> Bool {
        column += 1
        if let q = quote {
          if c == q { quote = nil }
          return true
        }
        switch c {
        case "#": return false
        case "'", "\"": quote = c
        case "[", "{":
          flowDepth += 1
          if flowDepth > maxFlow {
            throw RuleDiagnostic(
              file: file, line: lineNumber, column: column,
              message: "nesting too deep (more than \(maxFlow) open brackets)")
          }
        case "]", "}": flowDepth = max(0, flowDepth - 1)
        default: break
        }
        return true
      }
      if let first = pending, try visit(first) {
        while let c = scalars.next() {
          if try !visit(c) { break }
        }
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
