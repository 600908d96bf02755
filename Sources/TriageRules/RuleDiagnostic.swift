/// A problem found in a rule file, with its position (`file:line:col: message`).
public struct RuleDiagnostic: Error, Hashable, Sendable, CustomStringConvertible, Codable {
  /// The file the problem is in (as given to the loader).
  public var file: String
  /// 1-based line, or 0 when unknown.
  public var line: Int
  /// 1-based column, or 0 when unknown.
  public var column: Int
  /// What is wrong.
  public var message: String

  /// Creates a diagnostic.
  public init(file: String, line: Int = 0, column: Int = 0, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:col: message` (the position parts that are known).
  public var description: String { formatted(severity: nil) }

  /// `file:line:col: error: message`, the form compilers and editors recognise.
  public func formatted(severity: String?) -> String {
    var position = file
    if line > 0 { position += ":\(line)" }
    if line > 0 && column > 0 { position += ":\(column)" }
    return position + ": " + (severity.map { "\($0): " } ?? "") + message
  }
}

/// Several problems found in one or more rule files.
public struct RuleDiagnostics: Error, Sendable, CustomStringConvertible {
  /// The problems, in file order.
  public var diagnostics: [RuleDiagnostic]

  /// Creates the error.
  public init(_ diagnostics: [RuleDiagnostic]) { self.diagnostics = diagnostics }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
