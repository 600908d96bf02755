import BinaryReading
import Foundation
import PEImageParsing
import Testing

@testable import BreakpadSymbols
@testable import PDBSymbols

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

/// The record and module limits of the PDB reader: reaching one is an error or a note naming it,
/// never a silent stop.
@Suite struct PDBLimitTests {
  @Test func recordLimitIsAnErrorAndLookupsFallBackToPublics() throws {
    #expect(PDBFile.maxRecords == 20_000_000)
    var pdb = try PDBFile.open(path: Fixtures.out("x86/netbt.pdb"))
    let publics = try pdb.allPublics().count
    let procedures = try pdb.allProcedures().count
    #expect(publics > 3 && procedures > 3)
    #expect(pdb.symbol(at: 0x11AA)?.isPublic == false)
    pdb.recordLimit = 3
    do {
      _ = try pdb.allPublics()
      Issue.record("a symbol record stream over the limit was read")
    } catch {
      #expect(error.code == .limitExceeded)
      #expect("\(error)".contains("more than 3 records (the record limit)"), "\(error)")
    }
    #expect(throws: ReadError.self) { try pdb.allProcedures() }
    // The procedure scan stops at the limit; the lookup answers the public instead.
    let fallback = try #require(pdb.symbol(at: 0x11AA))
    #expect(fallback.isPublic && fallback.name == "NbtCopyToStartOfIndicate")
  }

  @Test func moduleLimitStopsWithANote() throws {
    #expect(PDBFile.maxModules == 1 << 20)
    let pdb = try PDBFile.open(path: Fixtures.out("x86/netbt.pdb"))
    #expect(pdb.modules.count >= 2)
    #expect(!pdb.notes.contains { $0.code == "pdb_modules_limit" })
    // The module list as the reader sees it: DBI (stream 3), ModInfo right after the 64-byte header.
    let dbi = try #require(pdb.msf.stream(3))
    let size = Int(try dbi.read(Int32.self, at: 0x18, "ModInfoSize"))
    let list = try dbi.reader(at: 64, count: size, "DBI.ModInfo")
    let all = try PDBFile.readModules(list, limit: pdb.modules.count)
    #expect(!all.stopped && all.modules == pdb.modules)
    let first = try PDBFile.readModules(list, limit: 1)
    #expect(first.stopped && first.modules == [pdb.modules[0]])
    let note = PDBFile.moduleLimitNote(limit: 1)
    #expect(note.message.contains("more than 1 modules; reading the first 1 (the limit)"))
  }
}

/// A section contribution naming a module the DBI module list does not have.
@Suite struct PDBModuleIndexTests {
  @Test func contributionWithAnUnknownModuleIndexIsIgnored() throws {
    var bytes = [UInt8](try Fixtures.bytes("x86/netbt.pdb"))
    let pdb = try PDBFile(data: Data(bytes))
    #expect(pdb.symbol(at: 0x11AA)?.isPublic == false)
    let dbi = try #require(pdb.msf.stream(3))
    let blockSize = pdb.msf.blockSize
    let contributions = pdb.sectionContributions
    #expect(contributions.count > 0)
    // Every SectionContrib.ModuleIndex (u16 at +16 of each entry) set to 0xFFFF, written
    // through the DBI stream's block map.
    for entry in 0..<contributions.count {
      let offset = contributions.offset + entry * contributions.stride + 16
      let fileOffset = Int(dbi.blocks[offset / blockSize]) * blockSize + offset % blockSize
      bytes[fileOffset] = 0xFF
      bytes[fileOffset + 1] = 0xFF
    }
    let patched = try PDBFile(data: Data(bytes))
    #expect(try patched.moduleIndex(containing: 0x11AA) == nil)
    // The procedure and line lookups find no module; the public symbol still answers.
    let symbol = try #require(patched.symbol(at: 0x11AA))
    #expect(symbol.isPublic && symbol.name == "NbtCopyToStartOfIndicate")
  }
}
