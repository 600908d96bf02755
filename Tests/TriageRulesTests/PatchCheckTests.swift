import Foundation
import Testing
import TriageFacts

@testable import TriageRules

@Suite struct PatchCheckTests {
  let gdr = FileVersion(6, 1, 7600, 16485)
  let ldr = FileVersion(6, 1, 7600, 20595)

  @Test func comparesWithinTheBranch() {
    // GDR file below the GDR fix.
    #expect(
      PatchCheck.compare(
        file: "hvix64.exe", loaded: FileVersion(6, 1, 7600, 16385), fixed: [gdr, ldr]
      ).state == .notInstalled)
    // GDR file at the GDR fix: installed, although it is below the LDR number.
    #expect(
      PatchCheck.compare(
        file: "hvix64.exe", loaded: FileVersion(6, 1, 7600, 16490), fixed: [gdr, ldr]
      ).state == .installed)
    // LDR file above the GDR number but below the LDR fix: not installed.
    let ldrOld = PatchCheck.compare(
      file: "hvix64.exe", loaded: FileVersion(6, 1, 7600, 20500), fixed: [gdr, ldr])
    #expect(ldrOld.state == .notInstalled)
    #expect(ldrOld.summary == "not installed: hvix64.exe 6.1.7600.20500 < 6.1.7600.20595")
    #expect(
      PatchCheck.compare(file: "hvix64.exe", loaded: ldr, fixed: [gdr, ldr]).state == .installed)
    // A later service pack build counts as installed; an unknown branch of the same build is unknown.
    #expect(
      PatchCheck.compare(
        file: "hvix64.exe", loaded: FileVersion(6, 1, 7601, 17514), fixed: [gdr, ldr]
      ).state == .installed)
    #expect(
      PatchCheck.compare(
        file: "hvix64.exe", loaded: FileVersion(6, 1, 7600, 18000), fixed: [gdr, ldr]
      ).state == .unknown)
    #expect(
      PatchCheck.compare(file: "x.sys", loaded: FileVersion(6, 0, 6002, 18000), fixed: [gdr]).state
        == .notInstalled)
  }

  @Test func xpEraVersionsShareOneBranch() {
    let status = PatchCheck.compare(
      file: "netbt.sys", loaded: FileVersion(5, 2, 3790, 4318),
      fixed: [FileVersion(5, 2, 3790, 4446)])
    #expect(status.summary == "not installed: netbt.sys 5.2.3790.4318 < 5.2.3790.4446")
  }

  func fix(_ yaml: String) throws -> Fix? {
    try makeRule("match: { s: { bugcheck: 0x9C } }\ncondition: s", extra: yaml).fix
  }

  @Test func statusFromFacts() throws {
    let storport = try fix(
      """
      fix:
        hotfix: KB939315
        files: [{ name: storport.sys, version: 5.2.3790.4121, arch: [x86, x64, ia64] }]
      """)
    let old = try facts(
      "{ bugcheck: 0x9C, os: { windows: server-2003, sp: 2, arch: x86 }, modules: [\"storport.sys 5.2.3790.4021\"] }"
    )
    #expect(
      PatchCheck.status(of: storport, facts: old).summary
        == "not installed: storport.sys 5.2.3790.4021 < 5.2.3790.4121")
    let new = try facts(
      "{ bugcheck: 0x9C, os: { windows: server-2003, sp: 2, arch: x86 }, modules: [\"storport.sys 5.2.3790.4121\"] }"
    )
    #expect(PatchCheck.status(of: storport, facts: new).state == .installed)
    let noVersion = try facts("{ bugcheck: 0x9C, modules: [storport.sys] }")
    #expect(
      PatchCheck.status(of: storport, facts: noVersion).summary
        == "unknown: module version not in dump")
    let notLoaded = try facts("{ bugcheck: 0x9C }")
    #expect(PatchCheck.status(of: storport, facts: notLoaded).state == .unknown)

    let unknownVersion = try fix(
      "fix: { hotfix: KB961799, versions_unknown: file table not retrievable }")
    #expect(
      PatchCheck.status(of: unknownVersion, facts: old).summary
        == "fixed version unknown: file table not retrievable")
    let workaround = try fix("fix: { workarounds: [Disable 8.3 names] }")
    #expect(PatchCheck.status(of: workaround, facts: old).state == .noHotfix)
  }

  @Test func hotfixWithoutVersionsMustSaySo() {
    let error = parseError(
      """
      id: test-rule
      title: T
      match: { s: { bugcheck: 0x9C } }
      condition: s
      fix: { hotfix: KB1 }
      """)
    #expect(error?.message.contains("never invent") == true)
  }
}
