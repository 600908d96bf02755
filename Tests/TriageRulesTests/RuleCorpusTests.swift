import Foundation
import Testing
import TriageFacts
import TriageTestSupport

@testable import TriageRules

/// Runs every rule file in `Rules/`: schema, metadata, examples; and keeps the generated
/// sources (`DefaultRules+Generated.swift`, `docs/rules-coverage.md`) in sync.
@Suite struct RuleCorpusTests {
  static let rulesDirectory = TestPaths.repositoryRoot.appendingPathComponent("Rules").path
  static let ruleFiles: [String] = RuleFiles.find(in: rulesDirectory).files
  static let loaded = RuleFiles.load(directory: rulesDirectory)
  static var regenerate: Bool {
    ProcessInfo.processInfo.environment["DUMPTRIAGE_REGENERATE"] == "1"
  }

  @Test("Rule file lints and passes its own examples", arguments: ruleFiles)
  func ruleFile(_ relative: String) throws {
    let path = (Self.rulesDirectory as NSString).appendingPathComponent(relative)
    let text = try RuleFiles.readRuleFile(path)
    let rule: Rule
    do {
      rule = try RuleLoader.parse(text, file: path)
    } catch {
      Issue.record("\(error)")
      return
    }
    for problem in RuleLinter.lint(rule) { Issue.record("\(problem)") }
    let result = RuleTester.test(rule)
    for failure in result.failures { Issue.record("\(failure)") }
    #expect(result.passed >= 2)
  }

  @Test func idsAreUniqueAndEveryRuleHasSources() throws {
    let loaded = Self.loaded
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    #expect(Set(loaded.rules.map(\.id)).count == loaded.rules.count)
    #expect(loaded.rules.allSatisfy { !$0.references.isEmpty })
    #expect(Set(loaded.rules.compactMap(\.kb)).count >= 60, "issue 8 asks for at least 60 KB rules")
  }

  @Test func seedRulesArePresent() throws {
    let set = try RuleSet.builtIn()
    let kbs = Set(set.rules.compactMap(\.kb))
    #expect(kbs.contains("KB961799"))
    #expect(kbs.contains("KB944904"))
  }

  @Test func generatedSourceIsInSync() throws {
    let files = try RuleSourceGenerator.collect(rulesDirectory: Self.rulesDirectory)
    let expected = try RuleSourceGenerator.source(files: files)
    let target = TestPaths.repositoryRoot
      .appendingPathComponent("Sources/TriageRules/DefaultRules+Generated.swift")
    let actual = (try? String(contentsOf: target, encoding: .utf8)) ?? ""
    if actual != expected {
      if Self.regenerate {
        try expected.write(to: target, atomically: true, encoding: .utf8)
        Issue.record("Regenerated \(target.path); rebuild and run the tests again.")
      } else {
        Issue.record(
          """
          Sources/TriageRules/DefaultRules+Generated.swift is stale: Rules/ changed. Regenerate with
            DUMPTRIAGE_REGENERATE=1 swift test --filter RuleCorpusTests
          then rebuild.
          """)
      }
    }
    #expect(DefaultRules.files.map(\.path) == files.map(\.path))
  }

  @Test func coverageDocumentIsInSync() throws {
    let rules = Self.loaded.rules.map { rule -> Rule in
      var copy = rule
      copy.source = RuleSource(
        file: String(rule.source.file.dropFirst(Self.rulesDirectory.count + 1)), isBuiltIn: true)
      return copy
    }
    let expected = RuleCoverage.markdown(rules)
    let target = TestPaths.repositoryRoot.appendingPathComponent("docs/rules-coverage.md")
    let actual = (try? String(contentsOf: target, encoding: .utf8)) ?? ""
    if actual != expected {
      if Self.regenerate {
        try expected.write(to: target, atomically: true, encoding: .utf8)
        Issue.record("Regenerated \(target.path).")
      } else {
        Issue.record(
          """
          docs/rules-coverage.md is stale. Regenerate with
            DUMPTRIAGE_REGENERATE=1 swift test --filter RuleCorpusTests
          """)
      }
    }
  }
}
