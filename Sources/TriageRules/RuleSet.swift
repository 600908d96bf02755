import Foundation

/// A set of rules: the built-in ones and any added folders, later ones overriding by `id`.
public struct RuleSet: Sendable {
  /// The rules, sorted by id.
  public private(set) var rules: [Rule]

  /// Creates a set from rules (later duplicates override earlier ones by id).
  public init(_ rules: [Rule] = []) {
    self.rules = []
    merge(rules)
  }

  /// Adds rules; a rule with an existing id replaces it.
  public mutating func merge(_ more: [Rule]) {
    var byID: [String: Rule] = [:]
    for rule in rules { byID[rule.id] = rule }
    for rule in more { byID[rule.id] = rule }
    rules = byID.values.sorted { $0.id < $1.id }
  }

  /// The rule with this id.
  public func rule(id: String) -> Rule? { rules.first { $0.id == id } }

  /// The built-in rules (parsed on first use, then cached).
  ///
  /// - Throws: ``RuleDiagnostics`` if a compiled-in rule does not parse (a build defect that
  ///   the rule corpus tests catch).
  public static func builtIn() throws -> RuleSet {
    try BuiltInRules.shared.load(examples: true)
  }

  /// Options for assembling the rules a triage run uses (`--rules DIR`, `--no-default-rules`).
  public struct Options: Sendable, Hashable {
    /// Rule folders, in order; later folders override earlier ones (and the defaults) by id.
    public var directories: [String]
    /// Whether to start from the built-in rules.
    public var includeDefaults: Bool
    /// Whether to parse (and so check) the rules' self-test examples; triage does not use them.
    public var examples: Bool

    /// Creates options.
    public init(directories: [String] = [], includeDefaults: Bool = true, examples: Bool = true) {
      self.directories = directories
      self.includeDefaults = includeDefaults
      self.examples = examples
    }
  }

  /// Assembles the rules for a run.
  ///
  /// - Throws: ``RuleDiagnostics`` listing every problem in the given folders.
  public static func load(_ options: Options) throws -> RuleSet {
    var set =
      options.includeDefaults ? try BuiltInRules.shared.load(examples: options.examples) : RuleSet()
    set.merge(try folders(options.directories, examples: options.examples).rules)
    return set
  }

  /// The rules of `directories`, later folders overriding earlier ones by id.
  ///
  /// - Throws: ``RuleDiagnostics`` listing every problem of the first folder that has any.
  static func folders(_ directories: [String], examples: Bool) throws(RuleDiagnostics) -> RuleSet {
    var set = RuleSet()
    for directory in directories {
      let result = RuleFiles.load(directory: directory, examples: examples)
      if !result.diagnostics.isEmpty { throw RuleDiagnostics(result.diagnostics) }
      set.merge(result.rules)
    }
    return set
  }
}

/// The compiled-in rule texts, parsed lazily once.
final class BuiltInRules: @unchecked Sendable {
  static let shared = BuiltInRules()
  private let lock = NSLock()
  /// Parsed sets, with and without examples.
  private var cached: [Bool: RuleSet] = [:]

  func load(examples: Bool) throws -> RuleSet {
    lock.lock()
    defer { lock.unlock() }
    if let cached = cached[examples] { return cached }
    // Parsed on all cores: the YAML of 92 rules is most of what a one-dump run does.
    let files = DefaultRules.files
    let results = ParseResults(count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { index in
      let file = files[index]
      let result: Result<Rule, RuleDiagnostic>
      do throws(RuleDiagnostic) {
        result = .success(
          try RuleLoader.parse(file.text, file: file.path, isBuiltIn: true, examples: examples))
      } catch {
        result = .failure(error)
      }
      results.set(index, result)
    }
    var rules: [Rule] = []
    var problems: [RuleDiagnostic] = []
    for result in results.all {
      switch result {
      case .success(let rule): rules.append(rule)
      case .failure(let problem): problems.append(problem)
      case nil: break
      }
    }
    if !problems.isEmpty { throw RuleDiagnostics(problems) }
    let set = RuleSet(rules)
    cached[examples] = set
    return set
  }
}

/// Results of parsing the built-in rules on several threads, by file index.
private final class ParseResults: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [Result<Rule, RuleDiagnostic>?]

  init(count: Int) {
    results = Array(repeating: nil, count: count)
  }

  func set(_ index: Int, _ result: Result<Rule, RuleDiagnostic>) {
    lock.lock()
    results[index] = result
    lock.unlock()
  }

  var all: [Result<Rule, RuleDiagnostic>?] {
    lock.lock()
    defer { lock.unlock() }
    return results
  }
}

/// Finding and reading rule files on disk.
public enum RuleFiles {
  /// Most rule files read from one folder.
  public static let maximumFiles = 5000

  /// Rule files (`*.yml`, `*.yaml`) under `directory`, recursively, sorted; paths relative to it.
  public static func find(in directory: String) -> (files: [String], diagnostics: [RuleDiagnostic])
  {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      return ([], [RuleDiagnostic(file: directory, message: "not a folder")])
    }
    guard let enumerator = manager.enumerator(atPath: directory) else {
      return ([], [RuleDiagnostic(file: directory, message: "cannot list the folder")])
    }
    var files: [String] = []
    while let path = enumerator.nextObject() as? String {
      let lower = path.lowercased()
      // Ownership lists and other data files live beside rules but are not rules.
      if path.split(separator: "/").first == "ownership" { continue }
      if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") { files.append(path) }
      if files.count > maximumFiles {
        return (
          files, [RuleDiagnostic(file: directory, message: "more than \(maximumFiles) rule files")]
        )
      }
    }
    return (files.sorted(), [])
  }

  /// Loads every rule file under `directory`; problems are collected, not thrown.
  public static func load(directory: String, examples: Bool = true) -> (
    rules: [Rule], diagnostics: [RuleDiagnostic]
  ) {
    let found = find(in: directory)
    var rules: [Rule] = []
    var problems = found.diagnostics
    var seen: [String: String] = [:]
    for relative in found.files {
      let path = (directory as NSString).appendingPathComponent(relative)
      do {
        let text = try readRuleFile(path)
        let rule = try RuleLoader.parse(text, file: path, examples: examples)
        if let first = seen[rule.id] {
          problems.append(
            RuleDiagnostic(
              file: path, line: 1, column: 1,
              message: "duplicate id '\(rule.id)' (also in \(first))"))
          continue
        }
        seen[rule.id] = path
        rules.append(rule)
      } catch {
        problems.append(error)
      }
    }
    return (rules, problems)
  }

  /// Reads a rule file as UTF-8, refusing oversized files before reading them.
  public static func readRuleFile(_ path: String) throws(RuleDiagnostic) -> String {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    if size > YAMLLimits.rules.maximumBytes {
      throw RuleDiagnostic(
        file: path, line: 1, column: 1,
        message: "file is \(size) bytes; the limit is \(YAMLLimits.rules.maximumBytes)")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RuleDiagnostic(file: path, message: "cannot read the file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw RuleDiagnostic(file: path, line: 1, column: 1, message: "file is not UTF-8")
    }
    return text
  }
}
