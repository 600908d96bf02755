import TriageFacts

/// One comparison in a range: `>= 7600`, `< 5.2.3790.4121`, `== 62.26.0.64`.
public struct Bound<Value: Comparable & Hashable & Sendable>: Hashable, Sendable {
  /// The comparison operator.
  public enum Operator: String, Hashable, Sendable, CaseIterable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="
  }

  /// The operator.
  public var op: Operator
  /// The value compared against.
  public var value: Value

  /// Whether `candidate` satisfies the bound.
  public func admits(_ candidate: Value) -> Bool {
    switch op {
    case .less: candidate < value
    case .lessOrEqual: candidate <= value
    case .greater: candidate > value
    case .greaterOrEqual: candidate >= value
    case .equal: candidate == value
    case .notEqual: candidate != value
    }
  }
}

/// A conjunction of bounds; several ranges in a list are alternatives.
///
/// Written `">= 7600, < 7602"`, `"7600..7601"`, or a bare value (equality).
public struct ValueRange<Value: Comparable & Hashable & Sendable>: Hashable, Sendable,
  CustomStringConvertible
{
  /// All bounds must hold.
  public var bounds: [Bound<Value>]

  /// Creates a range from bounds.
  public init(bounds: [Bound<Value>]) { self.bounds = bounds }

  /// Whether `candidate` satisfies every bound.
  public func contains(_ candidate: Value) -> Bool { bounds.allSatisfy { $0.admits(candidate) } }

  public var description: String {
    bounds.map { "\($0.op.rawValue) \($0.value)" }.joined(separator: ", ")
  }

  /// Parses a range expression with `parseValue` for the operands.
  static func parse(_ text: String, value parseValue: (String) -> Value?) -> ValueRange? {
    var bounds: [Bound<Value>] = []
    let pieces = text.split(separator: ",")
    if pieces.isEmpty || pieces.count > 4 { return nil }
    for raw in pieces {
      let piece = String(raw).trimmed
      if let dots = piece.range(of: "..") {
        guard let low = parseValue(String(piece[..<dots.lowerBound]).trimmed),
          let high = parseValue(String(piece[dots.upperBound...]).trimmed), low <= high
        else { return nil }
        bounds.append(Bound(op: .greaterOrEqual, value: low))
        bounds.append(Bound(op: .lessOrEqual, value: high))
        continue
      }
      var op = Bound<Value>.Operator.equal
      var rest = Substring(piece)
      for candidate in [Bound<Value>.Operator.lessOrEqual, .greaterOrEqual, .equal, .notEqual] {
        if rest.hasPrefix(candidate.rawValue) {
          op = candidate
          rest = rest.dropFirst(candidate.rawValue.count)
          break
        }
      }
      if op == .equal && !piece.hasPrefix("==") {
        if rest.hasPrefix("<") {
          op = .less
          rest = rest.dropFirst()
        } else if rest.hasPrefix(">") {
          op = .greater
          rest = rest.dropFirst()
        } else if rest.hasPrefix("=") {
          rest = rest.dropFirst()
        }
      }
      guard let value = parseValue(String(rest).trimmed) else { return nil }
      bounds.append(Bound(op: op, value: value))
    }
    return ValueRange(bounds: bounds)
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs (`CharacterSet.whitespaces`: tab
  /// and the Unicode space separators); the string itself when there are none, which is the
  /// usual case and costs no Foundation bridging (rule loading called this thousands of times).
  var trimmed: String {
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
      scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }
    let scalars = unicodeScalars
    guard let first = scalars.first, let last = scalars.last else { return self }
    if !isSpace(first) && !isSpace(last) { return self }
    guard let start = scalars.firstIndex(where: { !isSpace($0) }),
      let end = scalars.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(scalars[start...end])
  }
}

/// A range of integers (OS build, service pack, CPU model …).
public typealias IntRange = ValueRange<UInt64>
/// A range of four-part file versions.
public typealias VersionRange = ValueRange<FileVersion>

/// Integer alternatives: any of several ranges.
public struct IntPredicate: Hashable, Sendable, CustomStringConvertible {
  /// Any range may match.
  public var alternatives: [IntRange]

  /// Creates a predicate.
  public init(alternatives: [IntRange]) { self.alternatives = alternatives }

  /// Whether `value` lies in one of the ranges.
  public func admits(_ value: UInt64) -> Bool { alternatives.contains { $0.contains(value) } }

  public var description: String {
    alternatives.map { range in
      if range.bounds.count == 1, range.bounds[0].op == .equal {
        return String(range.bounds[0].value)
      }
      return range.description
    }.joined(separator: " | ")
  }
}

extension IntPredicate {
  /// Reads an integer, a list of integers, or range strings.
  static func read(_ value: YAMLValue, _ what: String, max: UInt64 = .max) throws(RuleDiagnostic)
    -> IntPredicate
  {
    var alternatives: [IntRange] = []
    let items = value.list()
    if items.isEmpty { throw value.error("\(what): expected an integer, a list or a range") }
    for item in items {
      let text = try item.scalarText(what)
      if let number = YAMLValue.parseInteger(text) {
        if number > max { throw item.error("\(what): \(text) is out of range") }
        alternatives.append(IntRange(bounds: [Bound(op: .equal, value: number)]))
      } else if let range = IntRange.parse(text, value: YAMLValue.parseInteger) {
        alternatives.append(range)
      } else {
        throw item.error(
          "\(what): '\(text.prefix(40))' is not an integer or a range like '>= 7600, < 7602'")
      }
    }
    return IntPredicate(alternatives: alternatives)
  }
}

extension VersionRange {
  /// Reads a version range string (`"< 5.2.3790.4121"`, `"== 62.26.0.64"`, `"1.0..2.0"`).
  static func read(_ value: YAMLValue, _ what: String) throws(RuleDiagnostic) -> VersionRange {
    let text = try value.scalarText(what)
    guard let range = VersionRange.parse(text, value: { FileVersion($0) }) else {
      throw value.error(
        "\(what): '\(text.prefix(60))' is not a version range like '< 5.2.3790.4121'")
    }
    return range
  }
}
