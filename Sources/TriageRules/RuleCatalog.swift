import Foundation
import TriageFacts

/// One rule file compiled into the binary (generated into `DefaultRules` by
/// ``RuleSourceGenerator``, checked against `Rules/` by the rule corpus tests).
struct BuiltInRuleFile: Sendable {
  /// The path under `Rules/`.
  let path: String
  /// The rule's `id`.
  let id: String
  /// The stop codes the rule needs (``RuleIndex/gate(_:)`` of the parsed rule).
  let gate: RuleIndex.Gate?
  /// The file's text.
  let text: String
}

/// The rules of a triage run, each parsed only when a dump can use it.
///
/// Rules from folders (`--rules DIR`) are parsed up front, so their problems are reported
/// before any dump is read. The built-in rules are compiled in with their ids and the stop
/// codes each one needs: a built-in rule is parsed the first time a dump with one of its stop
/// codes is matched (a rule that needs none, on the first dump) and kept for later dumps. A
/// one-dump run so parses the few rules that can hold for its stop code instead of all of them
/// (parsing the rule YAML was most of a one-dump run). Matching the candidates gives the same
/// verdicts as matching every rule (``RuleMatcher/verdicts(for:index:)`` skips the same rules).
public final class RuleCatalog: @unchecked Sendable {
  /// Rules parsed from folders, sorted by id; they override built-in rules with the same id.
  private let folderRules: [Rule]
  /// The built-in rule files that no folder rule overrides, sorted by id.
  private let builtIns: [BuiltInRuleFile]
  /// Whether to parse the rules' self-test examples.
  private let examples: Bool
  /// Candidate positions by stop code; `rule(at:)` numbers folder rules first, then built-ins.
  private let byBugCheck: [UInt32: [Int]]
  private let byException: [UInt32: [Int]]
  private let ungated: [Int]
  /// Parsed built-in rules, by position in `builtIns` (guarded by `lock`).
  private var parsed: [Rule?]
  /// Built-in rules that did not parse (a build defect the rule corpus tests catch), by
  /// position in `builtIns` (guarded by `lock`).
  private var broken: [Int: RuleDiagnostic] = [:]
  private let lock = NSLock()

  /// Number of rules in the catalog.
  public var count: Int { folderRules.count + builtIns.count }

  /// Assembles the rules for a run: the built-in ones (unless `includeDefaults` is off) and
  /// every rule of `directories`, later folders overriding earlier ones and the defaults by id.
  ///
  /// - Throws: ``RuleDiagnostics`` listing every problem in the given folders.
  public convenience init(_ options: RuleSet.Options) throws(RuleDiagnostics) {
    self.init(
      folderRules: try RuleSet.folders(options.directories, examples: options.examples).rules,
      builtIns: options.includeDefaults ? DefaultRules.files : [], examples: options.examples)
  }

  /// A catalog of rules made elsewhere (tests, tools), without the built-in ones.
  public convenience init(rules: [Rule]) {
    self.init(folderRules: RuleSet(rules).rules, builtIns: [], examples: true)
  }

  init(folderRules: [Rule], builtIns: [BuiltInRuleFile], examples: Bool) {
    self.folderRules = folderRules
    let overridden = Set(folderRules.map(\.id))
    self.builtIns = builtIns.filter { !overridden.contains($0.id) }.sorted { $0.id < $1.id }
    self.examples = examples
    parsed = Array(repeating: nil, count: self.builtIns.count)
    var byBugCheck: [UInt32: [Int]] = [:]
    var byException: [UInt32: [Int]] = [:]
    var ungated: [Int] = []
    let gates = folderRules.map(RuleIndex.gate) + self.builtIns.map(\.gate)
    for (position, gate) in gates.enumerated() {
      switch gate {
      case nil: ungated.append(position)
      case .bugChecks(let codes):
        for code in codes { byBugCheck[code, default: []].append(position) }
      case .exceptions(let codes):
        for code in codes { byException[code, default: []].append(position) }
      }
    }
    self.byBugCheck = byBugCheck
    self.byException = byException
    self.ungated = ungated
  }

  /// The rules whose stop codes admit `facts` (parsing the built-in ones not parsed yet).
  public func candidates(for facts: CrashFacts) -> [Rule] {
    var positions = ungated
    if let bugCheck = facts.bugCheck { positions += byBugCheck[bugCheck.baseCode] ?? [] }
    if let exception = facts.exception { positions += byException[exception.code] ?? [] }
    return rules(at: positions.sorted())
  }

  /// Every rule, sorted by id (parses all built-in rules; `--explain` traces each one).
  public func all() -> [Rule] {
    rules(at: Array(0..<count)).sorted { $0.id < $1.id }
  }

  /// The rules with these ids.
  public func rules(ids: Set<String>) -> [Rule] {
    var positions: [Int] = []
    for (position, rule) in folderRules.enumerated() where ids.contains(rule.id) {
      positions.append(position)
    }
    for (index, file) in builtIns.enumerated() where ids.contains(file.id) {
      positions.append(folderRules.count + index)
    }
    return rules(at: positions)
  }

  /// Each rule's id and file text, sorted by id, for digests (no parsing).
  ///
  /// A rule made in code has no text; it is described as Swift prints it.
  public var digestEntries: [(id: String, text: String)] {
    let entries =
      folderRules.map {
        (id: $0.id, text: $0.source.text.isEmpty ? String(reflecting: $0) : $0.source.text)
      } + builtIns.map { (id: $0.id, text: $0.text) }
    return entries.sorted { $0.id < $1.id }
  }

  /// Built-in rules that failed to parse so far.
  public var problems: [RuleDiagnostic] {
    lock.lock()
    defer { lock.unlock() }
    return broken.keys.sorted().compactMap { broken[$0] }
  }

  /// How many built-in rules have been parsed (for tests of the laziness).
  var parsedBuiltInCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return parsed.lazy.filter { $0 != nil }.count
  }

  private func rules(at positions: [Int]) -> [Rule] {
    var result: [Rule] = []
    result.reserveCapacity(positions.count)
    lock.lock()
    defer { lock.unlock() }
    for position in positions {
      if position < folderRules.count {
        result.append(folderRules[position])
        continue
      }
      let index = position - folderRules.count
      guard index < builtIns.count else { continue }
      if let rule = parsed[index] {
        result.append(rule)
        continue
      }
      guard broken[index] == nil else { continue }
      let file = builtIns[index]
      do throws(RuleDiagnostic) {
        let rule = try RuleLoader.parse(
          file.text, file: file.path, isBuiltIn: true, examples: examples)
        parsed[index] = rule
        result.append(rule)
      } catch {
        broken[index] = error
      }
    }
    return result
  }
}
