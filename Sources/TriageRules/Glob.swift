/// A case-insensitive glob pattern with `*` (any run of characters) and `?` (one character).
///
/// Matching is iterative with a single backtrack point (the most recent `*`), so its cost is
/// bounded by pattern length × text length whatever the pattern looks like: `*a*a*a*a*b` cannot
/// go exponential as a backtracking regular expression would. The loader still rejects absurd
/// patterns (see ``GlobPattern/maximumLength`` and ``GlobPattern/maximumStars``) so rule authors
/// hear about them.
public struct GlobPattern: Hashable, Sendable, CustomStringConvertible {
  /// Longest pattern accepted by ``init(validating:)``.
  public static let maximumLength = 256
  /// Most `*` wildcards accepted by ``init(validating:)``.
  public static let maximumStars = 8

  /// The pattern as written.
  public let text: String
  private let scalars: [Unicode.Scalar]

  /// Creates a pattern without validation (used for internal, trusted patterns).
  public init(_ text: String) {
    self.text = text
    scalars = Array(text.lowercased().unicodeScalars)
  }

  /// Creates a pattern, or explains why it is rejected.
  public static func validated(_ text: String) -> Result<GlobPattern, GlobError> {
    if text.isEmpty { return .failure(GlobError(message: "empty pattern")) }
    if text.unicodeScalars.count > maximumLength {
      return .failure(
        GlobError(message: "pattern longer than \(maximumLength) characters"))
    }
    if text.contains("**") {
      return .failure(GlobError(message: "'**' is not allowed in a pattern (use a single '*')"))
    }
    let stars = text.unicodeScalars.filter { $0 == "*" }.count
    if stars > maximumStars {
      return .failure(
        GlobError(message: "pattern has \(stars) '*' wildcards (at most \(maximumStars))"))
    }
    return .success(GlobPattern(text))
  }

  /// Whether the pattern has no wildcard.
  public var isLiteral: Bool { !scalars.contains("*") && !scalars.contains("?") }

  /// Number of literal (non-wildcard) characters, a rough specificity measure.
  public var literalCount: Int { scalars.filter { $0 != "*" && $0 != "?" }.count }

  public var description: String { text }

  /// Whether `candidate` matches the whole pattern (case-insensitive).
  public func matches(_ candidate: String) -> Bool {
    let text = Array(candidate.lowercased().unicodeScalars)
    var p = 0
    var t = 0
    var starP = -1
    var starT = 0
    while t < text.count {
      if p < scalars.count, scalars[p] == "?" || scalars[p] == text[t] {
        p += 1
        t += 1
      } else if p < scalars.count, scalars[p] == "*" {
        starP = p
        starT = t
        p += 1
      } else if starP >= 0 {
        p = starP + 1
        starT += 1
        t = starT
      } else {
        return false
      }
    }
    while p < scalars.count, scalars[p] == "*" { p += 1 }
    return p == scalars.count
  }
}

/// Why a glob pattern was rejected.
public struct GlobError: Error, Hashable, Sendable {
  /// The reason.
  public var message: String
}
