import Foundation
import Testing
import TriageFacts

@testable import TriageRules

@Suite struct SelectionKindTests {
  @Test func bugCheckAnyOfIgnoresModifierBit() throws {
    let rule = try makeRule("match: { s: { bugcheck: [0x0A, 0x7E] } }\ncondition: s")
    #expect(verdict(rule, try facts("bugcheck: 0x1000007E")) != nil)
    #expect(verdict(rule, try facts("bugcheck: 0x0A")) != nil)
    #expect(verdict(rule, try facts("bugcheck: 0xD1")) == nil)
    #expect(verdict(rule, try facts("exception: 0xC0000005")) == nil)
  }

  @Test func exceptionCode() throws {
    let rule = try makeRule("match: { s: { exception: 0xC0000005 } }\ncondition: s")
    #expect(verdict(rule, try facts("exception: 0xC0000005")) != nil)
    #expect(verdict(rule, try facts("exception: 0xC0000409")) == nil)
  }

  @Test func parameterPredicates() throws {
    let rule = try makeRule(
      """
      match:
        eq: { bugcheck: 0xC2, p1: 0x44 }
        anyof: { bugcheck: 0xC2, p1: [0x7, 0x44] }
        masked: { bugcheck: 0x27, p1: { mask: 0xFFFF0000, value: 0xCA550000 } }
        ranged: { bugcheck: 0xD1, p2: { range: ">= 2, <= 0x1f" } }
        inmod: { bugcheck: 0xD1, p4: { in_module: netbt.sys } }
        same: { bugcheck: 0xD1, p1: { same_as: p4 } }
      condition: any of them
      """)
    func matched(_ yaml: String) throws -> Set<String> {
      let evaluation = RuleMatcher.evaluate(rule, facts: try facts(yaml))
      return Set(evaluation.selections.filter(\.matched).map(\.name))
    }
    #expect(try matched("{ bugcheck: 0xC2, params: [0x44, 0, 0x80000000, 0] }") == ["eq", "anyof"])
    #expect(try matched("{ bugcheck: 0xC2, params: [0x7, 0, 0, 0] }") == ["anyof"])
    #expect(try matched("{ bugcheck: 0x27, params: [0xCA550123, 0, 0, 0] }") == ["masked"])
    #expect(try matched("{ bugcheck: 0x27, params: [0xC1EE0123, 0, 0, 0] }") == [])
    let inNetbt = """
      bugcheck: 0xD1
      params: [0xf2bc8c92, 2, 0, 0xf7a01234]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
      """
    #expect(try matched(inNetbt) == ["ranged", "inmod"])
    #expect(try matched("{ bugcheck: 0xD1, params: [0xf2bc8c92, 0, 0, 0xf2bc8c92] }") == ["same"])
    #expect(try matched("{ bugcheck: 0xD1 }") == [])  // parameters absent: no match
  }

  @Test func framePositionsAndTrust() throws {
    let rule = try makeRule(
      """
      match:
        anywhere: { frame: "netbt!Nbt*" }
        top2: { frame: "netbt!Nbt*", within_top: 2 }
        blamed: { frame: netbt.sys, position: blamed }
        scanned_ok: { frame: "netbt!Nbt*", min_trust: scan }
      condition: any of them
      """)
    func matched(_ yaml: String) throws -> Set<String> {
      Set(
        RuleMatcher.evaluate(rule, facts: try facts(yaml)).selections.filter(\.matched).map(\.name))
    }
    #expect(
      try matched("frames: [nt!KeBugCheckEx, netbt!NbtCopyToStartOfIndicate+0x5a]")
        == ["anywhere", "top2", "scanned_ok"])
    #expect(
      try matched("frames: [nt!KeBugCheckEx, nt!KiTrap0E, netbt!NbtCopyToStartOfIndicate+0x5a]")
        == ["anywhere", "scanned_ok"])
    // Scanned frames do not count unless the rule lowers min_trust.
    #expect(try matched("frames: [nt!KeBugCheckEx, \"netbt!NbtFoo+0x5 [scan]\"]") == ["scanned_ok"])
    #expect(
      try matched("{ frames: [nt!KeBugCheckEx, netbt.sys+0x10], blame: netbt.sys }") == ["blamed"])
    // Module written as file name or stem; function pattern needs a function name.
    #expect(try matched("frames: [nt!KeBugCheckEx, netbt.sys+0x10]") == [])
  }

  @Test func moduleLoadedWithVersionRange() throws {
    let rule = try makeRule(
      """
      match:
        loaded: { module: storport.sys }
        regressed: { module: storport.sys, version: "== 5.2.3790.4021" }
        old: { module: storport.sys, version: ">= 5.2.3790.0, < 5.2.3790.4121" }
      condition: any of them
      """)
    func matched(_ yaml: String) throws -> Set<String> {
      Set(
        RuleMatcher.evaluate(rule, facts: try facts(yaml)).selections.filter(\.matched).map(\.name))
    }
    #expect(
      try matched("modules: [\"storport.sys 5.2.3790.4021\"]") == ["loaded", "regressed", "old"])
    #expect(try matched("modules: [\"STORPORT.SYS 5.2.3790.4121\"]") == ["loaded"])
    #expect(try matched("modules: [storport.sys]") == ["loaded"])
    #expect(try matched("modules: [scsiport.sys]") == [])
  }

  @Test func operatingSystemScope() throws {
    let rule = try makeRule(
      """
      match:
        w2k3sp2: { os: { windows: server-2003, sp: 2, arch: [x86, x64] } }
        xp64: { os: { windows: xp-x64 } }
        builds: { os: { major: 6, minor: 1, build: "7600..7601", product_type: workstation } }
        win11: { os: { windows: "11" } }
      condition: any of them
      """)
    func matched(_ yaml: String) throws -> Set<String> {
      Set(
        RuleMatcher.evaluate(rule, facts: try facts(yaml)).selections.filter(\.matched).map(\.name))
    }
    #expect(try matched("os: { windows: server-2003, sp: 2, arch: x86 }") == ["w2k3sp2"])
    #expect(try matched("os: { windows: server-2003, sp: 2, arch: ia64 }") == [])
    #expect(try matched("os: { windows: server-2003, sp: 1, arch: x86 }") == [])
    #expect(try matched("os: { windows: xp-x64, sp: 2 }") == ["xp64"])
    #expect(try matched("os: { windows: \"7\", build: 7601 }") == ["builds"])
    #expect(try matched("os: { major: 6, minor: 1, build: 7601, product_type: server }") == [])
    #expect(
      try matched("os: { major: 10, minor: 0, build: 22631, product_type: workstation }") == [
        "win11"
      ])
    #expect(
      try matched("os: { major: 10, minor: 0, build: 19045, product_type: workstation }") == [])
    // Unknown product type and service pack do not exclude: 5.2 could be either release.
    #expect(try matched("os: { major: 5, minor: 2, arch: x64 }") == ["w2k3sp2", "xp64"])
    #expect(try matched("bugcheck: 0xD1") == [])  // no OS facts at all
  }

  @Test func cpuIdentification() throws {
    let rule = try makeRule(
      "match: { s: { cpu: { vendor: GenuineIntel, family: 6, model: [26, 30, 46] } } }\ncondition: s"
    )
    #expect(verdict(rule, try facts("cpu: { vendor: GenuineIntel, family: 6, model: 26 }")) != nil)
    #expect(verdict(rule, try facts("cpu: { vendor: AuthenticAMD, family: 6, model: 26 }")) == nil)
    #expect(verdict(rule, try facts("cpu: { vendor: GenuineIntel, family: 6 }")) == nil)
    #expect(verdict(rule, try facts("bugcheck: 0x101")) == nil)
  }
}

@Suite struct ConfidenceTests {
  let rule: Rule

  init() throws {
    rule = try makeRule(
      """
      match:
        stop: { bugcheck: [0xD1, 0x0A] }
        scope: { os: { windows: server-2003 } }
        on_stack: { frame: netbt.sys }
        loaded: { module: netbt.sys }
        params: { p2: 2 }
        inferred_frame: { frame: "tcpip!*", inferred: true }
      condition: stop and scope
      """)
  }

  func confidence(_ yaml: String) throws -> Confidence? {
    verdict(rule, try facts(yaml))?.confidence
  }

  @Test func levels() throws {
    let w2k3 = "os: { windows: server-2003, sp: 2, arch: x86 }"
    #expect(try confidence("{ bugcheck: 0xD1, \(w2k3) }") == .low)
    #expect(try confidence("{ bugcheck: 0x0A, \(w2k3), modules: [netbt.sys] }") == .medium)
    #expect(try confidence("{ bugcheck: 0xD1, params: [0, 2, 0, 0], \(w2k3) }") == .medium)
    #expect(
      try confidence("{ bugcheck: 0xD1, \(w2k3), frames: [\"tcpip!TcpFoo+0x1\"] }") == .medium)
    #expect(
      try confidence("{ bugcheck: 0xD1, \(w2k3), frames: [nt!KeBugCheckEx, netbt.sys+0x10] }")
        == .high)
    #expect(
      try confidence("{ bugcheck: 0xD1, os: { windows: vista }, frames: [netbt.sys+0x10] }") == nil)
  }

  @Test func ceilingCapsConfidence() throws {
    let capped = try makeRule(
      """
      match:
        stop: { bugcheck: 0xD1 }
        on_stack: { frame: netbt.sys }
      condition: stop and on_stack
      max_confidence: medium
      """)
    #expect(
      verdict(capped, try facts("{ bugcheck: 0xD1, frames: [netbt.sys+0x10] }"))?.confidence
        == .medium)
    #expect(RuleCoverage.ceiling(of: capped) == .medium)
    #expect(RuleCoverage.ceiling(of: rule) == .high)
  }

  @Test func evidenceAndMissingHints() throws {
    let v = try #require(
      verdict(
        rule,
        try facts(
          "{ bugcheck: 0xD1, os: { windows: server-2003, sp: 2 }, frames: [nt!KeBugCheckEx, \"netbt!NbtCopyToStartOfIndicate+0x5a\"] }"
        )))
    #expect(
      v.evidence.contains {
        $0.detail == "frame #1 netbt!NbtCopyToStartOfIndicate+0x5a (trust cfi)"
      })
    #expect(v.evidence.contains { $0.detail.hasPrefix("bug check 0xD1") })
    #expect(v.missing.contains { $0.selection == "params" })

    let named = try makeRule(
      """
      match:
        stop: { bugcheck: 0xD1 }
        func: { frame: "netbt!NbtCopyToStartOfIndicate" }
      condition: stop
      """)
    let noSymbols = try #require(
      verdict(named, try facts("{ bugcheck: 0xD1, frames: [nt!KeBugCheckEx, netbt.sys+0x1a2b] }")))
    #expect(noSymbols.missing.first?.hint == "no symbols for netbt.sys: add its PDB to confirm")
    let scanned = try #require(
      verdict(
        named,
        try facts(
          "{ bugcheck: 0xD1, frames: [nt!KeBugCheckEx, \"netbt!NbtCopyToStartOfIndicate+0x5a [scan]\"] }"
        )))
    #expect(scanned.missing.first?.detail.contains("trust scan") == true)
  }

  @Test func orderingByConfidenceThenSpecificity() throws {
    let a = try RuleLoader.parse(
      """
      id: a-rule
      title: A
      match: { stop: { bugcheck: 0xD1 } }
      condition: stop
      """, file: "t/a-rule.yml")
    let b = try RuleLoader.parse(
      """
      id: b-rule
      title: B
      match: { stop: { bugcheck: 0xD1 }, m: { module: netbt.sys } }
      condition: stop and m
      """, file: "t/b-rule.yml")
    let c = try RuleLoader.parse(
      """
      id: c-rule
      title: C
      match: { stop: { bugcheck: 0xD1 }, m: { module: netbt.sys }, p: { p2: 2 } }
      condition: stop and m
      """, file: "t/c-rule.yml")
    let all = RuleMatcher.verdicts(
      for: try facts("{ bugcheck: 0xD1, params: [0, 2, 0, 0], modules: [netbt.sys] }"),
      rules: [a, b, c])
    #expect(all.map(\.ruleID) == ["c-rule", "b-rule", "a-rule"])
    #expect(all.map(\.confidence) == [.medium, .medium, .low])
  }
}
