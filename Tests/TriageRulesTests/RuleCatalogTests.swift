import Foundation
import Testing
import TriageFacts

@testable import TriageRules

/// The lazily parsed rule catalog a triage uses: same verdicts as matching every rule, and only
/// the rules a dump's stop code admits are parsed.
@Suite struct RuleCatalogTests {
  static let triageOptions = RuleSet.Options(examples: false)

  /// The generated ids and gates are those of the parsed rules.
  @Test func compiledInIdsAndGatesMatchTheParsedRules() throws {
    let rules = try RuleSet.builtIn().rules
    #expect(DefaultRules.files.count == rules.count)
    for file in DefaultRules.files {
      let rule = try RuleLoader.parse(file.text, file: file.path, isBuiltIn: true, examples: false)
      #expect(file.id == rule.id)
      #expect(file.gate == RuleIndex.gate(rule), "\(file.path)")
    }
  }

  /// For every example of every rule, the catalog's candidates give the verdicts of matching
  /// all rules, and a fresh catalog parses only the candidates.
  @Test func candidatesGiveTheVerdictsOfEveryRule() throws {
    let rules = try RuleSet.builtIn().rules
    let shared = try RuleCatalog(Self.triageOptions)
    #expect(shared.count == rules.count)
    var fewer = 0
    for rule in rules {
      for (number, example) in (rule.examples.triggering + rule.examples.nonTriggering)
        .enumerated()
      {
        let facts = example.facts
        let candidates = shared.candidates(for: facts)
        #expect(
          RuleMatcher.verdicts(for: facts, rules: candidates)
            == RuleMatcher.verdicts(for: facts, rules: rules), "\(rule.id)")
        guard number == 0 else { continue }
        let fresh = try RuleCatalog(Self.triageOptions)
        #expect(fresh.parsedBuiltInCount == 0)
        #expect(fresh.candidates(for: facts).map(\.id) == candidates.map(\.id))
        #expect(fresh.parsedBuiltInCount == candidates.count)
        if candidates.count < rules.count / 2 { fewer += 1 }
      }
    }
    #expect(fewer > rules.count / 2, "most rules' first examples need few rules")
    #expect(shared.problems.isEmpty)
  }

  @Test func oneStopCodeParsesFewRules() throws {
    let catalog = try RuleCatalog(Self.triageOptions)
    var facts = CrashFacts()
    facts.bugCheck = BugCheckFact(code: 0xD1, parameters: [0, 2, 0, 0])
    let candidates = catalog.candidates(for: facts)
    #expect(candidates.contains { $0.kb == "KB961799" })
    #expect(catalog.parsedBuiltInCount == candidates.count)
    #expect(candidates.count < catalog.count / 3, "\(candidates.count) of \(catalog.count)")
    #expect(catalog.all().count == catalog.count)
    #expect(catalog.parsedBuiltInCount == catalog.count)
    #expect(catalog.all().map(\.id) == (try RuleSet.builtIn()).rules.map(\.id))
  }

  @Test func folderRulesOverrideBuiltInRulesById() throws {
    let builtIn = try RuleSet.builtIn()
    let target = try #require(builtIn.rules.first { $0.kb == "KB961799" })
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("catalog-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // The same rule (same id) with another title.
    var lines = target.source.text.components(separatedBy: "\n")
    let titleLine = try #require(lines.firstIndex { $0.hasPrefix("title:") })
    lines[titleLine] = "title: \"replaced\""
    try lines.joined(separator: "\n").write(
      to: folder.appendingPathComponent(target.id + ".yml"), atomically: true, encoding: .utf8)
    let catalog = try RuleCatalog(
      RuleSet.Options(directories: [folder.path], examples: false))
    #expect(catalog.count == builtIn.rules.count)
    let all = catalog.all()
    #expect(all.filter { $0.id == target.id }.map(\.title) == ["replaced"])
    #expect(catalog.digestEntries.filter { $0.id == target.id }.count == 1)
    let none = try RuleCatalog(RuleSet.Options(includeDefaults: false))
    #expect(none.count == 0 && none.all().isEmpty)
  }
}
