import BinaryReading
import Foundation
import Testing

@testable import BreakpadSymbols

/// The line limit of the Breakpad `.sym` reader (docs/fuzzing.md, "Limits").
@Suite struct SymbolLimitsTests {
  @Test func lineLimitIsNamedInTheError() throws {
    #expect(BreakpadSymbolFile.maxLines == 50_000_000)
    let text =
      "MODULE windows x86 5A9832E5287241C1838ED98914E9B7FF1 a.pdb\n"
      + String(repeating: "PUBLIC 1000 0 f\n", count: 20)
    let underLimit = try BreakpadSymbolFile(data: Data(text.utf8), source: "a.sym", maxLines: 21)
    #expect(underLimit.notes.isEmpty)
    do {
      _ = try BreakpadSymbolFile(data: Data(text.utf8), source: "a.sym", maxLines: 20)
      Issue.record("21 lines were accepted with a 20-line limit")
    } catch {
      #expect(error.code == .limitExceeded)
      #expect(error.context == "a.sym")
      #expect("\(error)".contains("more than 20 lines (the line limit)"), "\(error)")
    }
  }
}
