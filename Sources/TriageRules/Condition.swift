/// A parsed rule condition: selection names joined by `and`, `or`, `not` and parentheses, with
/// `any of x_*` / `all of x_*` (and `any of them` / `all of them`) quantifiers.
public indirect enum Condition: Hashable, Sendable, CustomStringConvertible {
  /// A selection by name.
  case selection(String)
  /// Both hold.
  case and(Condition, Condition)
  /// Either holds.
  case or(Condition, Condition)
  /// Does not hold.
  case not(Condition)
  /// At least one selection whose name matches the pattern holds.
  case anyOf(GlobPattern)
  /// Every selection whose name matches the pattern holds.
  case allOf(GlobPattern)

  /// Longest condition accepted.
  public static let maximumLength = 2048
  /// Deepest nesting (parentheses and `not`) accepted.
  public static let maximumDepth = 32

  public var description: String {
    switch self {
    case .selection(let name): name
    case .and(let l, let r): "(\(l) and \(r))"
    case .or(let l, let r): "(\(l) or \(r))"
    case .not(let c): "not \(c)"
    case .anyOf(let p): "any of \(p.text)"
    case .allOf(let p): "all of \(p.text)"
    }
  }

  /// Evaluates with `value` giving each selection's result.
  public func evaluate(names: [String], _ value: (String) -> Bool) -> Bool {
    switch self {
    case .selection(let name): return value(name)
    case .and(let l, let r):
      return l.evaluate(names: names, value) && r.evaluate(names: names, value)
    case .or(let l, let r):
      return l.evaluate(names: names, value) || r.evaluate(names: names, value)
    case .not(let c): return !c.evaluate(names: names, value)
    case .anyOf(let pattern): return names.filter { pattern.matches($0) }.contains { value($0) }
    case .allOf(let pattern):
      let chosen = names.filter { pattern.matches($0) }
      return !chosen.isEmpty && chosen.allSatisfy { value($0) }
    }
  }

  /// Selection names referenced, each with whether it appears under an odd number of `not`s.
  public func references(names: [String]) -> [(name: String, negated: Bool)] {
    var result: [(String, Bool)] = []
    func walk(_ c: Condition, _ negated: Bool) {
      switch c {
      case .selection(let name): result.append((name, negated))
      case .and(let l, let r), .or(let l, let r):
        walk(l, negated)
        walk(r, negated)
      case .not(let inner): walk(inner, !negated)
      case .anyOf(let p), .allOf(let p):
        for name in names where p.matches(name) { result.append((name, negated)) }
      }
    }
    walk(self, false)
    return result
  }

  /// Parses a condition.
  ///
  /// Grammar (lowest precedence first): `or` < `and` < `not` < atom; atom is a name,
  /// `( expr )`, `any of PATTERN`, `1 of PATTERN`, `all of PATTERN`, where PATTERN is a name
  /// glob or `them`.
  public static func parse(_ text: String) -> Result<Condition, ConditionError> {
    if text.count > maximumLength {
      return .failure(
        ConditionError(message: "condition longer than \(maximumLength) characters", offset: 0))
    }
    var parser = ConditionParser(tokens: [], position: 0)
    switch ConditionParser.tokenize(text) {
    case .failure(let error): return .failure(error)
    case .success(let tokens): parser.tokens = tokens
    }
    do throws(ConditionError) {
      let condition = try parser.parseOr(depth: 0)
      if let extra = parser.peek() {
        throw ConditionError(message: "unexpected '\(extra.text)'", offset: extra.offset)
      }
      return .success(condition)
    } catch {
      return .failure(error)
    }
  }
}

/// Why a condition could not be parsed.
public struct ConditionError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What is wrong.
  public var message: String
  /// Character offset in the condition text.
  public var offset: Int

  public var description: String { "condition: \(message) (at character \(offset + 1))" }
}

private struct ConditionParser {
  struct Token {
    var text: String
    var offset: Int
  }

  var tokens: [Token]
  var position: Int

  static func tokenize(_ text: String) -> Result<[Token], ConditionError> {
    var tokens: [Token] = []
    var current = ""
    var start = 0
    var offset = 0
    func flush() {
      if !current.isEmpty { tokens.append(Token(text: current, offset: start)) }
      current = ""
    }
    for character in text {
      if character == "(" || character == ")" {
        flush()
        tokens.append(Token(text: String(character), offset: offset))
      } else if character.isWhitespace {
        flush()
      } else if character.isLetter || character.isNumber || "_-*?.".contains(character) {
        if current.isEmpty { start = offset }
        current.append(character)
      } else {
        return .failure(
          ConditionError(message: "unexpected character '\(character)'", offset: offset))
      }
      offset += 1
    }
    flush()
    if tokens.isEmpty { return .failure(ConditionError(message: "empty condition", offset: 0)) }
    return .success(tokens)
  }

  func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

  mutating func next() -> Token? {
    defer { position += 1 }
    return peek()
  }

  var endOffset: Int { tokens.last.map { $0.offset + $0.text.count } ?? 0 }

  mutating func parseOr(depth: Int) throws(ConditionError) -> Condition {
    var left = try parseAnd(depth: depth)
    while let token = peek(), token.text.lowercased() == "or" {
      position += 1
      left = .or(left, try parseAnd(depth: depth))
    }
    return left
  }

  mutating func parseAnd(depth: Int) throws(ConditionError) -> Condition {
    var left = try parseNot(depth: depth)
    while let token = peek(), token.text.lowercased() == "and" {
      position += 1
      left = .and(left, try parseNot(depth: depth))
    }
    return left
  }

  mutating func parseNot(depth: Int) throws(ConditionError) -> Condition {
    if depth > Condition.maximumDepth {
      throw ConditionError(
        message: "nesting deeper than \(Condition.maximumDepth) levels",
        offset: peek()?.offset ?? endOffset)
    }
    if let token = peek(), token.text.lowercased() == "not" {
      position += 1
      return .not(try parseNot(depth: depth + 1))
    }
    return try parseAtom(depth: depth)
  }

  mutating func parseAtom(depth: Int) throws(ConditionError) -> Condition {
    guard let token = next() else {
      throw ConditionError(message: "expected a selection name, found the end", offset: endOffset)
    }
    let word = token.text.lowercased()
    switch word {
    case "(":
      let inner = try parseOr(depth: depth + 1)
      guard let close = next(), close.text == ")" else {
        throw ConditionError(message: "missing ')' for '(' ", offset: token.offset)
      }
      return inner
    case ")", "and", "or", "of":
      throw ConditionError(
        message: "expected a selection name, found '\(token.text)'", offset: token.offset)
    case "any", "all", "1":
      guard let of = peek(), of.text.lowercased() == "of" else {
        if word == "1" { break }
        return .selection(token.text)
      }
      position += 1
      guard let target = next(), !["(", ")", "and", "or", "not"].contains(target.text.lowercased())
      else {
        throw ConditionError(
          message: "expected a selection pattern or 'them' after '\(token.text) of'",
          offset: of.offset)
      }
      let patternText = target.text.lowercased() == "them" ? "*" : target.text
      let pattern: GlobPattern
      switch GlobPattern.validated(patternText) {
      case .success(let p): pattern = p
      case .failure(let e): throw ConditionError(message: e.message, offset: target.offset)
      }
      return word == "all" ? .allOf(pattern) : .anyOf(pattern)
    default:
      break
    }
    if token.text.contains("*") || token.text.contains("?") {
      throw ConditionError(
        message: "wildcards need a quantifier: write 'any of \(token.text)'", offset: token.offset)
    }
    return .selection(token.text)
  }
}
