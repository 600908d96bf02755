import Foundation
import Testing

@testable import TriageRules

/// Rule file size and rule count limits (docs/fuzzing.md, "Limits").
@Suite struct RuleLimitsTests {
  static func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("rule-limits-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func ruleFileOverTheSizeLimitIsRefusedBeforeReading() throws {
    let limit = YAMLLimits.rules.maximumBytes
    #expect(limit == 256 * 1024)
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let big = folder.appendingPathComponent("big.yml")
    try Data(repeating: 0x20, count: limit + 1).write(to: big)
    do {
      _ = try RuleFiles.readRuleFile(big.path)
      Issue.record("a rule file over the limit was read")
    } catch {
      #expect(error.message == "file is \(limit + 1) bytes; the limit is \(limit)")
    }
    let atLimit = folder.appendingPathComponent("ok.yml")
    try Data(repeating: 0x20, count: limit).write(to: atLimit)
    #expect(try RuleFiles.readRuleFile(atLimit.path).utf8.count == limit)
  }

  @Test func moreRuleFilesThanTheLimitIsAnError() throws {
    let limit = RuleFiles.maximumFiles
    #expect(limit == 5000)
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for index in 0...limit {
      FileManager.default.createFile(
        atPath: folder.appendingPathComponent("r\(index).yml").path, contents: Data())
    }
    let found = RuleFiles.find(in: folder.path)
    #expect(found.diagnostics.map(\.message) == ["more than \(limit) rule files"])
    try FileManager.default.removeItem(at: folder.appendingPathComponent("r0.yml"))
    let atLimit = RuleFiles.find(in: folder.path)
    #expect(atLimit.files.count == limit && atLimit.diagnostics.isEmpty)
  }
}
