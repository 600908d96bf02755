import Foundation
import Testing
import TriageTestSupport

@testable import TriageRules

/// `docs/rules.schema.json` names exactly the keys the loader accepts, so editors and the
/// loader agree.
@Suite struct SchemaTests {
  func schema() throws -> [String: Any] {
    let url = TestPaths.repositoryRoot.appendingPathComponent("docs/rules.schema.json")
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    return try #require(object as? [String: Any])
  }

  func keys(_ object: Any?) -> Set<String> {
    Set(((object as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
  }

  @Test func topLevelKeysMatchTheLoader() throws {
    #expect(keys(try schema()) == Set(RuleLoader.topKeys))
  }

  @Test func selectionKeysMatchTheLoader() throws {
    let definitions = try #require(try schema()["definitions"] as? [String: Any])
    #expect(keys(definitions["clause"]) == Set(RuleLoader.clauseKeys))
  }

  @Test func fixKeysMatchTheLoader() throws {
    let properties = try #require(try schema()["properties"] as? [String: Any])
    #expect(keys(properties["fix"]) == Set(RuleLoader.fixKeys))
  }

  @Test func releaseNamesMatchTheLoader() throws {
    let text = try String(
      contentsOf: TestPaths.repositoryRoot.appendingPathComponent("docs/rules.schema.json"),
      encoding: .utf8)
    for release in WindowsRelease.all { #expect(text.contains("\"\(release.name)\"")) }
  }
}
