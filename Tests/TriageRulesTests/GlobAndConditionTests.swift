import Foundation
import Testing

@testable import TriageRules

@Suite struct GlobPatternTests {
  @Test(arguments: [
    ("netbt", "netbt", true), ("NetBT", "netbt", true), ("nbt*", "NbtCopyToStartOfIndicate", true),
    ("*Indicate", "NbtCopyToStartOfIndicate", true),
    ("*Copy*Start*", "NbtCopyToStartOfIndicate", true),
    ("Nbt?opy*", "NbtCopyToStartOfIndicate", true), ("nbt", "nbtx", false), ("*x", "abc", false),
    ("a*b*c", "aXbYc", true), ("a*b*c", "aXcYb", false), ("*", "", true), ("?", "", false),
  ])
  func matches(_ pattern: String, _ text: String, _ expected: Bool) {
    #expect(GlobPattern(pattern).matches(text) == expected)
  }

  @Test func pathologicalPatternIsFast() {
    let pattern = GlobPattern("*a*a*a*a*a*a*a*b")
    let text = String(repeating: "a", count: 20_000)
    let start = Date()
    #expect(!pattern.matches(text))
    #expect(Date().timeIntervalSince(start) < 2)
  }

  @Test func validationRejectsAbsurdPatterns() {
    #expect((try? GlobPattern.validated("a**b").get()) == nil)
    #expect((try? GlobPattern.validated(String(repeating: "*a", count: 9)).get()) == nil)
    #expect((try? GlobPattern.validated(String(repeating: "x", count: 300)).get()) == nil)
    #expect((try? GlobPattern.validated("").get()) == nil)
    #expect((try? GlobPattern.validated("netbt!*").get()) != nil)
  }
}

@Suite struct ConditionTests {
  let names = ["stop", "frame_a", "frame_b", "os", "x_one", "x_two"]

  func eval(_ text: String, _ holding: Set<String>) throws -> Bool {
    let condition = try Condition.parse(text).get()
    return condition.evaluate(names: names) { holding.contains($0) }
  }

  @Test func precedenceAndParentheses() throws {
    #expect(try eval("stop and frame_a or frame_b", ["frame_b"]))
    #expect(try !eval("stop and (frame_a or frame_b)", ["frame_b"]))
    #expect(try eval("stop and (frame_a or frame_b)", ["stop", "frame_b"]))
    #expect(try eval("stop and not os", ["stop"]))
    #expect(try !eval("stop and not os", ["stop", "os"]))
    #expect(try eval("not not stop", ["stop"]))
    #expect(try eval("STOP AND OS", ["stop", "os"]) == false)  // names are case-sensitive
  }

  @Test func quantifiers() throws {
    #expect(try eval("any of x_*", ["x_two"]))
    #expect(try !eval("all of x_*", ["x_two"]))
    #expect(try eval("all of x_*", ["x_one", "x_two"]))
    #expect(try eval("1 of frame_*", ["frame_a"]))
    #expect(try eval("all of them", Set(names)))
    #expect(try !eval("all of them", ["stop"]))
  }

  @Test func referencesCarryPolarity() throws {
    let condition = try Condition.parse("stop and not (os or any of x_*)").get()
    let refs = condition.references(names: names)
    #expect(refs.first { $0.name == "stop" }?.negated == false)
    #expect(refs.first { $0.name == "os" }?.negated == true)
    #expect(refs.first { $0.name == "x_two" }?.negated == true)
  }

  @Test(arguments: [
    ("", "empty"), ("stop and", "end"), ("(stop", "missing ')'"), ("stop)", "unexpected ')'"),
    ("stop && os", "unexpected character"), ("and stop", "expected a selection"),
    ("frame_*", "quantifier"), ("any of", "pattern"), ("stop os", "unexpected 'os'"),
  ])
  func errors(_ text: String, _ fragment: String) {
    switch Condition.parse(text) {
    case .success: Issue.record("'\(text)' parsed")
    case .failure(let error): #expect(error.description.contains(fragment), "\(error)")
    }
  }

  @Test func nestingIsBounded() {
    let deep = String(repeating: "(", count: 40) + "stop" + String(repeating: ")", count: 40)
    guard case .failure(let error) = Condition.parse(deep) else {
      Issue.record("deep nesting accepted")
      return
    }
    #expect(error.message.contains("deeper"))
    let nots = String(repeating: "not ", count: 10_000) + "stop"
    #expect((try? Condition.parse(nots).get()) == nil)
    let shallow = String(repeating: "(", count: 10) + "stop" + String(repeating: ")", count: 10)
    #expect((try? Condition.parse(shallow).get()) != nil)
  }
}
