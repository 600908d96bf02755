import Foundation
import TriageFacts
import Yams

/// The ownership lists blame consults: frames to skip, owners of frames and Microsoft modules.
///
/// The lists are data (`Rules/ownership/*.yml`), in WinDbg triage.ini's spirit: one
/// `module[!function]=owner` per entry, `*` only at the end of a name, owner `ignore` skips the
/// frame, `maybe_` and `last_` owners lower a frame's priority, and the most complete match wins.
/// ``standard`` is the copy embedded in the binary, parsed on first use.
public struct OwnershipLists: Sendable {
  /// One `module[!function]=owner` entry.
  public struct Entry: Hashable, Sendable {
    /// Canonical module name or prefix (lower case, no extension: `nt`, `fltmgr`).
    public var module: String
    /// Whether ``module`` ends in `*`.
    public var moduleIsPrefix: Bool
    /// Function name or prefix (lower case), or `nil` for the whole module.
    public var function: String?
    /// Whether ``function`` ends in `*`.
    public var functionIsPrefix: Bool
    /// The owner: `ignore`, `maybe_…`, `last_…` or a follow-up name.
    public var owner: String
    /// The entry as written, with its file, for decision notes.
    public var source: String

    /// How complete the match is; a higher value wins.
    var specificity: Int {
      var score = 0
      if let function {
        score += 10_000 + (functionIsPrefix ? 0 : 5_000) + function.count * 10
      }
      score += (moduleIsPrefix ? 0 : 1_000) + module.count
      return score
    }

    func matches(module candidate: String, function candidateFunction: String?) -> Bool {
      let moduleOK =
        moduleIsPrefix ? candidate.hasPrefix(module) : candidate == module
      guard moduleOK else { return false }
      guard let function else { return true }
      guard let candidateFunction = candidateFunction?.lowercased() else { return false }
      return functionIsPrefix
        ? candidateFunction.hasPrefix(function) : candidateFunction == function
    }
  }

  /// A Microsoft module file-name pattern (lower case; `prefix` when it ended in `*`).
  public struct ModulePattern: Hashable, Sendable {
    /// The name or prefix.
    public var name: String
    /// Whether the pattern ended in `*`.
    public var isPrefix: Bool
  }

  /// Ignore and owner entries together (ignore entries have owner `ignore`).
  public private(set) var entries: [Entry]
  /// Microsoft (inbox) module patterns.
  public private(set) var microsoftModules: [ModulePattern]
  /// Short module name → file names (`nt` → `ntoskrnl.exe`, …), lower case.
  public private(set) var aliases: [String: [String]]
  /// Reverse of ``aliases``: file name → short name.
  private var aliasByFile: [String: String]
  /// Entries whose module is an exact name, by that name (built by ``index()``).
  private var exactEntries: [String: [Entry]] = [:]
  /// Entries whose module is a prefix.
  private var prefixEntries: [Entry] = []
  /// Exact Microsoft file names.
  private var microsoftNames: Set<String> = []
  /// Microsoft file-name prefixes.
  private var microsoftPrefixes: [String] = []

  /// Builds the lookup tables after the entries change.
  mutating func index() {
    exactEntries = Dictionary(grouping: entries.filter { !$0.moduleIsPrefix }, by: \.module)
    prefixEntries = entries.filter(\.moduleIsPrefix)
    microsoftNames = Set(microsoftModules.filter { !$0.isPrefix }.map(\.name))
    microsoftPrefixes = microsoftModules.filter(\.isPrefix).map(\.name)
  }

  /// Empty lists: nothing ignored, nothing Microsoft.
  public init() {
    entries = []
    microsoftModules = []
    aliases = [:]
    aliasByFile = [:]
  }

  /// What an entry does to a frame.
  public enum Disposition: Equatable, Sendable {
    /// No entry matched.
    case unlisted
    /// Skip the frame; the entry that said so.
    case ignore(String)
    /// Keep the frame, with an owner and a priority (0 ordinary, 1 `maybe_`, 2 `last_`).
    case owned(owner: String, priority: Int, source: String)
  }

  /// The canonical module name used by patterns and bucket IDs: `ntkrnlmp.exe` → `nt`,
  /// `C:\x\FltMgr.SYS` → `fltmgr`.
  public func canonicalModule(_ name: String) -> String {
    let file = ModuleFact.normalizedName(name)
    if let alias = aliasByFile[file] { return alias }
    return ModuleFact.stem(file)
  }

  /// The best entry for a frame in `module` (any spelling) at `function`.
  public func disposition(module: String, function: String?) -> Disposition {
    let canonical = canonicalModule(module)
    var best: Entry?
    let candidates = (exactEntries[canonical] ?? []) + prefixEntries
    for entry in candidates where entry.matches(module: canonical, function: function) {
      if best.map({ entry.specificity > $0.specificity }) ?? true { best = entry }
    }
    guard let best else { return .unlisted }
    if best.owner == "ignore" { return .ignore(best.source) }
    let priority = best.owner.hasPrefix("last_") ? 2 : best.owner.hasPrefix("maybe_") ? 1 : 0
    return .owned(owner: best.owner, priority: priority, source: best.source)
  }

  /// Whether `module` (a file name or a short name such as `nt`) ships with Windows.
  public func isMicrosoft(_ module: String) -> Bool {
    let file = ModuleFact.normalizedName(module)
    if aliases[file] != nil || aliasByFile[file] != nil || microsoftNames.contains(file) {
      return true
    }
    return microsoftPrefixes.contains { file.hasPrefix($0) }
  }
}

// MARK: - Loading

/// A problem in an ownership list file.
public struct OwnershipListError: Error, Sendable, CustomStringConvertible {
  /// The file (`ignore.yml`).
  public var file: String
  /// What is wrong.
  public var message: String

  /// Creates an error.
  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "\(file): \(message)" }
}

/// The YAML shape of one list file.
struct OwnershipFile {
  var kind: String
  var entries: [String]
  var aliases: [String: [String]]?
  var examples: OwnershipExamples?

  /// Reads a list file from its YAML.
  ///
  /// Keys: `kind`, `entries` (strings), optional `aliases` (a map of names to lists of file
  /// names) and `examples` (`match`, `no_match`). Composed with the basic resolver and read by
  /// hand: decoding through `Codable` cost a one-dump run about 3 ms of runtime type lookups.
  static func parse(_ text: String) throws -> OwnershipFile {
    guard let root = try Yams.compose(yaml: text, .basic, .default, .utf8),
      case .mapping(let map) = root
    else { throw ShapeError("the document is not a mapping") }
    var fields: [String: Node] = [:]
    for (key, value) in map {
      guard let name = key.string else { throw ShapeError("a key is not a string") }
      guard ["kind", "entries", "aliases", "examples"].contains(name) else {
        throw ShapeError("unknown key `\(name)`")
      }
      fields[name] = value
    }
    guard let kind = fields["kind"]?.string else { throw ShapeError("`kind` is missing") }
    guard let entries = fields["entries"] else { throw ShapeError("`entries` is missing") }
    var file = OwnershipFile(kind: kind, entries: try strings(entries, "entries"))
    if let aliases = fields["aliases"] {
      guard case .mapping(let pairs) = aliases else {
        throw ShapeError("`aliases` is not a mapping")
      }
      var result: [String: [String]] = [:]
      for (key, value) in pairs {
        guard let name = key.string else { throw ShapeError("an alias is not a string") }
        result[name] = try strings(value, "aliases.\(name)")
      }
      file.aliases = result
    }
    if let examples = fields["examples"] {
      guard case .mapping(let pairs) = examples,
        let match = pairs["match"], let noMatch = pairs["no_match"]
      else { throw ShapeError("`examples` needs `match` and `no_match`") }
      file.examples = OwnershipExamples(
        match: try strings(match, "examples.match"),
        noMatch: try strings(noMatch, "examples.no_match"))
    }
    return file
  }

  private static func strings(_ node: Node, _ what: String) throws -> [String] {
    guard case .sequence(let items) = node else { throw ShapeError("`\(what)` is not a list") }
    return try items.map { item in
      guard let text = item.string else {
        throw ShapeError("`\(what)` has an item that is not text")
      }
      return text
    }
  }

  /// A list file whose YAML is well formed but not shaped as a list file.
  struct ShapeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}

/// The `examples` of a list file: names that must match and names that must not.
struct OwnershipExamples {
  var match: [String]
  var noMatch: [String]
}

extension OwnershipLists {
  /// The lists embedded in the binary (`Rules/ownership`), or the error that stopped them loading.
  public static let standardResult: Result<OwnershipLists, OwnershipListError> = {
    do {
      return .success(try OwnershipLists(files: OwnershipData.files))
    } catch let error as OwnershipListError {
      return .failure(error)
    } catch {
      return .failure(OwnershipListError(file: "ownership", message: "\(error)"))
    }
  }()

  /// The embedded lists; empty lists if they failed to load (a test keeps that from shipping).
  public static var standard: OwnershipLists {
    (try? standardResult.get()) ?? OwnershipLists()
  }

  /// Parses list files given as (file name, YAML text).
  public init(files: [(name: String, text: String)]) throws(OwnershipListError) {
    self.init()
    for (name, text) in files {
      let file: OwnershipFile
      do {
        file = try OwnershipFile.parse(text)
      } catch {
        throw OwnershipListError(file: name, message: "not a list file: \(error)")
      }
      try add(file, named: name)
    }
    // Aliases may come from a later file: canonicalise module names once all are read.
    for index in entries.indices where !entries[index].moduleIsPrefix {
      entries[index].module = canonicalModule(entries[index].module)
    }
    self.index()
  }

  private mutating func add(_ file: OwnershipFile, named name: String) throws(OwnershipListError) {
    for (short, names) in file.aliases ?? [:] {
      let key = short.lowercased()
      aliases[key, default: []].append(contentsOf: names.map { $0.lowercased() })
      for fileName in names { aliasByFile[fileName.lowercased()] = key }
    }
    switch file.kind {
    case "ignore":
      for text in file.entries {
        entries.append(try Self.entry(text, owner: "ignore", file: name))
      }
    case "owners":
      for text in file.entries {
        guard let equals = text.lastIndex(of: "=") else {
          throw OwnershipListError(file: name, message: "`\(text)` lacks `=owner`")
        }
        let owner = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !owner.isEmpty else {
          throw OwnershipListError(file: name, message: "`\(text)` has an empty owner")
        }
        entries.append(try Self.entry(String(text[..<equals]), owner: owner, file: name))
      }
    case "microsoft_modules":
      for text in file.entries {
        let (value, isPrefix) = try Self.namePattern(text.lowercased(), entry: text, file: name)
        microsoftModules.append(ModulePattern(name: value, isPrefix: isPrefix))
      }
    default:
      throw OwnershipListError(
        file: name, message: "unknown kind `\(file.kind)` (ignore, owners, microsoft_modules)")
    }
  }

  private static func namePattern(
    _ text: String, entry: String, file: String
  ) throws(OwnershipListError) -> (String, Bool) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let stars = trimmed.filter { $0 == "*" }.count
    guard !trimmed.isEmpty, stars == 0 || (stars == 1 && trimmed.hasSuffix("*")) else {
      throw OwnershipListError(
        file: file, message: "`\(entry)`: `*` is allowed only at the end of a name")
    }
    return stars == 1 ? (String(trimmed.dropLast()), true) : (trimmed, false)
  }

  private static func entry(_ text: String, owner: String, file: String) throws(OwnershipListError)
    -> Entry
  {
    let parts = text.split(separator: "!", maxSplits: 1).map(String.init)
    guard let modulePart = parts.first else {
      throw OwnershipListError(file: file, message: "empty entry")
    }
    let (module, moduleIsPrefix) = try namePattern(modulePart.lowercased(), entry: text, file: file)
    var function: String?
    var functionIsPrefix = false
    if parts.count == 2 {
      let (value, isPrefix) = try namePattern(parts[1].lowercased(), entry: text, file: file)
      function = value
      functionIsPrefix = isPrefix
    }
    let shown = owner == "ignore" ? text : "\(text)=\(owner)"
    return Entry(
      module: module, moduleIsPrefix: moduleIsPrefix, function: function,
      functionIsPrefix: functionIsPrefix, owner: owner, source: "\(file): \(shown)")
  }
}

extension OwnershipLists {
  /// The embedded list files' text, for digests of everything that decides blame.
  public static var embeddedText: String {
    OwnershipData.files.map { "\($0.name)\n\($0.text)" }.joined(separator: "\n")
  }
}
