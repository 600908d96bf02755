import Foundation
import Testing
import TriageTestSupport

@testable import TriageRules

/// The complete rule shown in `docs/rules.md` parses, lints and passes its own examples.
@Suite struct DocumentationExamplesTests {
  @Test func authoringGuideRuleWorks() throws {
    let url = TestPaths.repositoryRoot.appendingPathComponent("docs/rules.md")
    let text = try String(contentsOf: url, encoding: .utf8)
    let blocks = text.components(separatedBy: "```yaml\n").dropFirst().compactMap {
      $0.components(separatedBy: "```").first
    }
    let ruleText = try #require(blocks.first { $0.hasPrefix("id: ") })
    let id = String(ruleText.dropFirst(4).prefix { $0 != "\n" })
    let rule = try RuleLoader.parse(ruleText, file: "docs/\(id).yml")
    #expect(RuleLinter.lint(rule).isEmpty)
    let result = RuleTester.test(rule)
    #expect(result.failures.isEmpty, "\(result.failures)")
    #expect(result.passed == 3)
  }
}
