import Foundation
import Testing

@testable import TriageFacts

/// The generated name table equals `../shared/reference/bugcodes.csv` (when present).
///
/// `DUMPTRIAGE_RECORD_BUGCODES=1` regenerates `BugCheckNames+Generated.swift` from the CSV and
/// fails the run, so recording never passes silently.
@Suite struct BugCheckCatalogTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let csv = repository.deletingLastPathComponent().appendingPathComponent(
    "shared/reference/bugcodes.csv")

  static func rows() -> [(UInt32, String)]? {
    guard let text = try? String(contentsOf: csv, encoding: .utf8) else { return nil }
    return text.split(separator: "\n").dropFirst().compactMap { line in
      let parts = line.split(separator: ",")
      guard parts.count == 2, let code = UInt32(parts[0].dropFirst(2), radix: 16) else {
        return nil
      }
      return (code, String(parts[1]).trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  @Test func namesMatchTheCSV() throws {
    guard let rows = Self.rows() else { return }
    if ProcessInfo.processInfo.environment["DUMPTRIAGE_RECORD_BUGCODES"] == "1" {
      var lines = [
        "// Generated from ../shared/reference/bugcodes.csv (541 codes: SDK bugcodes.h plus the Microsoft",
        "// bug check code reference). Do not edit by hand: regenerate with",
        "// `DUMPTRIAGE_RECORD_BUGCODES=1 swift test --filter BugCheckCatalogTests`.", "",
        "extension BugCheckCatalog {",
        "  /// Every published bug check code and its symbolic name.",
        "  static let generatedNames: [UInt32: String] = [",
      ]
      for (code, name) in rows {
        let hex = String(code, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: 8 - hex.count) + hex
        lines.append("    0x\(padded.prefix(4))_\(padded.suffix(4)): \"\(name)\",")
      }
      lines += ["  ]", "}", ""]
      let url = Self.repository.appendingPathComponent(
        "Sources/TriageFacts/BugCheckNames+Generated.swift")
      try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
      Issue.record("regenerated BugCheckNames+Generated.swift; run again without the variable")
      return
    }
    #expect(rows.count == 541)
    #expect(BugCheckCatalog.generatedNames.count == rows.count)
    for (code, name) in rows {
      #expect(BugCheckCatalog.name(for: code) == name, "0x\(String(code, radix: 16))")
    }
  }

  @Test func modifierVariants() {
    #expect(BugCheckCatalog.name(for: 0x1000_007E) == "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M")
    #expect(BugCheckCatalog.name(for: 0x1000_000A) == "IRQL_NOT_LESS_OR_EQUAL_M")
    let entry = BugCheckCatalog.entry(for: 0x1000_007E)
    #expect(entry?.name == "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M")
    #expect(entry?.culpritParameter == 2)
    #expect(BugCheckCatalog.name(for: 0x7FFF_FFF0) == nil)
    #expect(
      BugCheckCatalog.name(for: 0x8000_00D1)
        == "DRIVER_IRQL_NOT_LESS_OR_EQUAL (with BUGCHECK_CONTEXT_MODIFIER)")
    #expect(BugCheckCatalog.entry(for: 0x8000_00D1) == nil)
    #expect(BugCheckCatalog.name(for: 0xC000_0221) == "STATUS_IMAGE_CHECKSUM_MISMATCH")
  }

  @Test func atLeastThirtyCodesHaveParameterMeanings() {
    #expect(BugCheckCatalog.entries.count >= 30)
    for (code, entry) in BugCheckCatalog.entries {
      #expect(entry.parameters.count == 4)
      #expect(BugCheckCatalog.generatedNames[code] == entry.name, "0x\(String(code, radix: 16))")
    }
  }

  @Test func decodes() {
    #expect(BugCheckCatalog.decode(code: 0xD1, parameter: 3, value: 1) == "write")
    #expect(BugCheckCatalog.decode(code: 0xD1, parameter: 3, value: 8) == "execute")
    #expect(BugCheckCatalog.decode(code: 0xD1, parameter: 2, value: 2) == "DISPATCH_LEVEL")
    #expect(
      BugCheckCatalog.decode(code: 0x1000_007E, parameter: 1, value: 0xFFFF_FFFF_C000_0005)
        == "STATUS_ACCESS_VIOLATION")
    #expect(
      BugCheckCatalog.decode(code: 0x7F, parameter: 1, value: 8)?.hasPrefix("double fault") == true)
    #expect(BugCheckCatalog.decode(code: 0x139, parameter: 1, value: 3) == "LIST_ENTRY corruption")
    #expect(BugCheckCatalog.decode(code: 0x50, parameter: 2, value: 0x10) == "execute")
    #expect(BugCheckCatalog.decode(code: 0xC2, parameter: 1, value: 7) == "double free")
    #expect(
      BugCheckCatalog.decode(code: 0x124, parameter: 1, value: 0) == "machine check exception")
    #expect(BugCheckCatalog.decode(code: 0xD1, parameter: 4, value: 0x1234) == nil)
  }

  @Test func explainWithoutParameters() {
    let explanation = BugCheckCatalog.explain(code: 0x9C, parameters: [])
    #expect(explanation.category == .hardware)
    #expect(explanation.arguments.count == 4)
    #expect(explanation.arguments.allSatisfy { $0.value == nil })
    #expect(BugCheckCatalog.explain(code: 0xE2, parameters: []).category == .manual)
  }

  @Test func parsesUserInput() {
    #expect(BugCheckCatalog.parseCode("0xD1") == 0xD1)
    #expect(BugCheckCatalog.parseCode("d1") == 0xD1)
    #expect(BugCheckCatalog.parseCode("0n209") == 209)
    #expect(BugCheckCatalog.parseNumber("fffff804`8b58334c") == 0xFFFF_F804_8B58_334C)
    #expect(BugCheckCatalog.parseCode("0x1FFFFFFFF") == nil)
    #expect(BugCheckCatalog.parseCode("zz") == nil)
  }
}
