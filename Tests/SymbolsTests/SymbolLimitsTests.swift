import BinaryReading
import Foundation
import PEImageParsing
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

/// The export-count limit of the PE reader.
@Suite struct PEExportLimitTests {
  @Test func exportCountOverTheLimitIsAnErrorNamingIt() throws {
    var bytes = [UInt8](try Fixtures.bytes("x64/fixdll.dll"))
    let image = try PEImage(data: Data(bytes))
    let directory = try #require(image.directory(0))
    let section = try #require(image.section(containing: directory.rva))
    // NumberOfFunctions is at +20 of IMAGE_EXPORT_DIRECTORY.
    let offset = Int(section.pointerToRawData + (directory.rva - section.virtualAddress)) + 20
    let count = UInt32(PEImage.maxExports + 1)
    for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: count >> (8 * index)) }
    do {
      _ = try PEImage(data: Data(bytes)).exports()
      Issue.record("an export directory over the limit was read")
    } catch {
      #expect(error.code == .limitExceeded)
      #expect("\(error)".contains("1048577 functions"), "\(error)")
      #expect("\(error)".contains("the limit is 1048576"), "\(error)")
    }
  }
}
