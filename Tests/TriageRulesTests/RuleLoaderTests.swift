import Foundation
import Testing
import TriageFacts
import TriageTestSupport

@testable import TriageRules

/// Malformed rule files give `file:line:col` errors and never crash or hang.
@Suite struct RuleLoaderTests {
  let valid = """
    id: test-rule
    title: T
    match:
      stop: { bugcheck: 0xD1 }
    condition: stop
    """

  @Test func validRuleParses() throws {
    let rule = try RuleLoader.parse(valid, file: "x/test-rule.yml")
    #expect(rule.id == "test-rule")
    #expect(rule.area == "x")
  }

  @Test func badYAMLReportsPosition() throws {
    let error = try #require(parseError("id: test-rule\ntitle: [unclosed\nmatch: {}\n"))
    #expect(error.line >= 2)
    #expect(error.description.hasPrefix("x/test-rule.yml:"))
  }

  @Test func wrongTypesReportTheValue() throws {
    let error = try #require(
      parseError(valid.replacingOccurrences(of: "bugcheck: 0xD1", with: "bugcheck: hello")))
    #expect(error.line == 4)
    #expect(error.message.contains("expected an integer"))
    let title = try #require(
      parseError(valid.replacingOccurrences(of: "title: T", with: "title: [a, b]")))
    #expect(title.line == 2)
    #expect(title.message.contains("expected a scalar"))
    let trust = try #require(
      parseError(
        valid.replacingOccurrences(
          of: "{ bugcheck: 0xD1 }", with: "{ frame: x.sys, min_trust: great }")))
    #expect(trust.message.contains("min_trust"))
  }

  @Test func unknownKeysAreRejectedWithSuggestion() throws {
    let inSelection = try #require(
      parseError(valid.replacingOccurrences(of: "{ bugcheck: 0xD1 }", with: "{ bugchek: 0xD1 }")))
    #expect(inSelection.line == 4)
    #expect(inSelection.column > 1)
    #expect(inSelection.message.contains("did you mean 'bugcheck'"))
    let top = try #require(parseError(valid + "\nfalsepositive: [x]\n"))
    #expect(top.line == 6)
    #expect(top.message.contains("unknown key 'falsepositive'"))
    let duplicate = try #require(parseError(valid + "\ntitle: again\n"))
    #expect(duplicate.message.contains("duplicate"))
  }

  @Test func idMustEqualFileStemAndBeKebabCase() throws {
    #expect(parseError(valid, file: "x/other.yml")?.message.contains("file name stem") == true)
    let upper = valid.replacingOccurrences(of: "id: test-rule", with: "id: Test_Rule")
    #expect(parseError(upper, file: "x/Test_Rule.yml")?.message.contains("kebab-case") == true)
  }

  @Test func conditionErrorsPointAtTheCondition() throws {
    let unknown = try #require(
      parseError(
        valid.replacingOccurrences(of: "condition: stop", with: "condition: stop and frame")))
    #expect(unknown.line == 5)
    #expect(unknown.message.contains("unknown selection 'frame'"))
    let grammar = try #require(
      parseError(valid.replacingOccurrences(of: "condition: stop", with: "condition: stop and (")))
    #expect(grammar.message.contains("condition"))
    let onlyNot = try #require(
      parseError(valid.replacingOccurrences(of: "condition: stop", with: "condition: not stop")))
    #expect(onlyNot.message.contains("not negated"))
  }

  @Test func catastrophicGlobIsRejected() throws {
    let glob = "\"" + String(repeating: "*a", count: 12) + "!b\""
    let error = try #require(
      parseError(valid.replacingOccurrences(of: "{ bugcheck: 0xD1 }", with: "{ frame: \(glob) }")))
    #expect(error.line == 4)
    #expect(error.message.contains("wildcards"))
  }

  @Test func hugeDocumentIsRejectedBeforeParsing() throws {
    let huge =
      valid + "\nnotes:\n"
      + String(repeating: "  - " + String(repeating: "x", count: 100) + "\n", count: 4000)
    let start = Date()
    let error = try #require(parseError(huge))
    #expect(error.message.contains("limit"))
    #expect(Date().timeIntervalSince(start) < 2)
  }

  @Test(arguments: [
    String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
    "a: " + String(repeating: "{b: ", count: 5000) + "1" + String(repeating: "}", count: 5000),
    String(repeating: "- ", count: 20_000) + "x",
    (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " v",
  ])
  func deepNestingIsRejectedWithoutCrashing(_ text: String) throws {
    let error = try #require(parseError(text))
    #expect(error.message.contains("deep") || error.message.contains("nesting"), "\(error)")
    #expect(error.line >= 1)
  }

  @Test func aliasBombIsBounded() throws {
    var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in 1...9 {
      let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
      lines.append("a\(i): &a\(i) [\(refs)]")
    }
    let start = Date()
    let error = try #require(parseError(lines.joined(separator: "\n")))
    #expect(error.message.contains("nodes") || error.message.contains("unknown key"))
    #expect(Date().timeIntervalSince(start) < 2)
    // The node budget holds even when the aliases sit under an allowed key.
    let bomb = lines.joined(separator: "\n").replacingOccurrences(of: "a9: ", with: "notes: ")
    #expect(parseError("id: test-rule\ntitle: T\n" + bomb) != nil)
  }

  @Test func badExampleFactsReportTheirLine() throws {
    let text =
      valid + """

        examples:
          triggering:
            - { bugcheck: 0xD1, frames: [netbt.sys+0xZZ] }
        """
    let error = try #require(parseError(text))
    #expect(error.line == 8)
    #expect(error.message.contains("offset"))
  }

  @Test func seededMutationsNeverCrash() throws {
    let seed: UInt64 = 0x5EED_0007
    var random = SeededRandom(seed: seed)
    let rulesDirectory = TestPaths.repositoryRoot.appendingPathComponent("Rules").path
    let files = RuleFiles.find(in: rulesDirectory).files
    let first = try #require(files.first)
    let base = Array(
      try RuleFiles.readRuleFile((rulesDirectory as NSString).appendingPathComponent(first)).utf8)
    let alphabet = Array("[]{}:-*&!|>'\"#\n  \t0x".utf8)
    var parsed = 0
    for _ in 0..<100 {
      var bytes = base
      for _ in 0..<Int(random.next() % 4 + 1) {
        let index = Int(random.next() % UInt64(bytes.count))
        bytes[index] = alphabet[Int(random.next() % UInt64(alphabet.count))]
      }
      if random.next() % 4 == 0 {
        bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
      }
      let text = String(decoding: bytes, as: UTF8.self)
      if (try? RuleLoader.parse(text, file: first)) != nil { parsed += 1 }
    }
    // Most mutations break the file; the point is that none crashed (seed printed on failure).
    #expect(parsed < 100, "seed \(seed)")
  }

  @Test func unreadableFilesAreDiagnosed() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rules-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: directory.appendingPathComponent("bad.yml"))
    try "id: dup\ntitle: T\nmatch: { s: { bugcheck: 1 } }\ncondition: s\n".write(
      to: directory.appendingPathComponent("a/dup.yml").creatingDirectory(), atomically: true,
      encoding: .utf8)
    try "id: dup\ntitle: T\nmatch: { s: { bugcheck: 1 } }\ncondition: s\n".write(
      to: directory.appendingPathComponent("b/dup.yml").creatingDirectory(), atomically: true,
      encoding: .utf8)
    let result = RuleFiles.load(directory: directory.path)
    #expect(result.rules.count == 1)
    #expect(result.diagnostics.contains { $0.message.contains("UTF-8") })
    #expect(result.diagnostics.contains { $0.message.contains("duplicate id 'dup'") })
  }
}

extension URL {
  func creatingDirectory() throws -> URL {
    try FileManager.default.createDirectory(
      at: deletingLastPathComponent(), withIntermediateDirectories: true)
    return self
  }
}

@Suite struct RuleSetTests {
  @Test func rulesFoldersOverrideByID() throws {
    let builtIn = try RuleSet.builtIn()
    let seed = try #require(builtIn.rules.first { $0.kb == "KB961799" })
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rules-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let override = """
      id: \(seed.id)
      title: Local override
      match: { s: { bugcheck: 0xD1 } }
      condition: s
      """
    try override.write(
      to: directory.appendingPathComponent("local/\(seed.id).yml").creatingDirectory(),
      atomically: true,
      encoding: .utf8)
    let extra = """
      id: local-extra
      title: Extra
      match: { s: { bugcheck: 0xE2 } }
      condition: s
      """
    try extra.write(
      to: directory.appendingPathComponent("local/local-extra.yml"), atomically: true,
      encoding: .utf8)

    let merged = try RuleSet.load(.init(directories: [directory.path]))
    #expect(merged.rules.count == builtIn.rules.count + 1)
    #expect(merged.rule(id: seed.id)?.title == "Local override")
    #expect(merged.rule(id: seed.id)?.source.isBuiltIn == false)

    let only = try RuleSet.load(.init(directories: [directory.path], includeDefaults: false))
    #expect(only.rules.map(\.id).sorted() == ["local-extra", seed.id].sorted())

    // A later folder overrides an earlier one.
    let second = directory.deletingLastPathComponent().appendingPathComponent(
      directory.lastPathComponent + "-second")
    defer { try? FileManager.default.removeItem(at: second) }
    try override.replacingOccurrences(of: "Local override", with: "Second").write(
      to: second.appendingPathComponent("\(seed.id).yml").creatingDirectory(), atomically: true,
      encoding: .utf8)
    let layered = try RuleSet.load(.init(directories: [directory.path, second.path]))
    #expect(layered.rule(id: seed.id)?.title == "Second")
  }

  @Test func brokenRulesFolderThrowsDiagnostics() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rules-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    try "id: broken\ntitle: [\n".write(
      to: directory.appendingPathComponent("broken.yml").creatingDirectory(), atomically: true,
      encoding: .utf8)
    #expect(throws: RuleDiagnostics.self) { try RuleSet.load(.init(directories: [directory.path])) }
    #expect(throws: RuleDiagnostics.self) {
      try RuleSet.load(.init(directories: ["/nonexistent/rules"]))
    }
  }
}
