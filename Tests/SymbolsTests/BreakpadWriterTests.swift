import BreakpadSymbols
import DumpFormats
import Foundation
import PDBSymbols
import PEImageParsing
import SymbolStore
import Testing
import TriageTestSupport

@Suite struct BreakpadWriterTests {
  /// `symbols dump` of each fixture gives FUNC/PUBLIC/STACK WIN records that resolve every
  /// address of every function like the PDB does.
  @Test(arguments: PDBFileTests.images) func dumpRoundTripsThroughSymReader(image path: String)
    throws
  {
    let text = try BreakpadWriter.dump(path: Fixtures.out(path))
    let sym = try BreakpadSymbolFile(data: Data(text.utf8))
    #expect(sym.notes.isEmpty, "\(sym.notes)")
    let pdb = try PDBFile.open(path: PDBFileTests.pdbPath(forImage: path))
    let image = try PEImage.open(path: Fixtures.out(path))
    #expect(sym.module?.id == pdb.debugID)
    #expect(sym.module?.name == image.codeView?.pdbFileName)
    #expect(sym.codeID == image.codeID && sym.codeFile == SymbolStoreTestsSupport.baseName(path))
    for procedure in try pdb.allProcedures() {
      for rva in procedure.rva..<(procedure.rva + procedure.length) {
        let ours = sym.symbol(at: rva)
        #expect(ours?.name == pdb.symbol(at: rva)?.name, "0x\(String(rva, radix: 16))")
        #expect(ours?.rva == procedure.rva && ours?.size == procedure.length)
        #expect(sym.x86FrameData(at: rva) == pdb.x86FrameData(at: rva))
        // Lines agree except at a function's first byte, where the PDB's zero-size opening-line
        // entry answers (a .sym line record cannot be empty).
        if rva > procedure.rva {
          #expect(ours?.line == pdb.symbol(at: rva)?.line, "0x\(String(rva, radix: 16))")
          #expect(ours?.file == pdb.symbol(at: rva)?.file)
        }
      }
    }
    if image.architecture == .x86 {
      #expect(!sym.frameData.isEmpty)
    }
    if image.architecture == .amd64 {
      #expect(sym.cfi.count == image.runtimeFunctions.count)
      for entry in image.runtimeFunctions {
        let info = try X64UnwindInfo(image: image, rva: entry.unwindData)
        let rules = try #require(sym.cfiRules(at: entry.beginRVA))
        #expect(rules[".cfa"] == "$rsp \(info.stackAdjustment + 8) +")
        #expect(rules[".ra"] == ".cfa 8 - ^")
      }
    }
  }

  @Test func dumpOfStdcallPublicsAndExportsOnlyImage() throws {
    let text = try BreakpadWriter.dump(path: Fixtures.out("x86/netbt.pdb"))
    #expect(text.hasPrefix("MODULE windows x86 2176D6FF6B9E8EA04C4C44205044422E1 netbt.pdb\n"))
    #expect(text.contains("\nFUNC 1150 e3 8 NbtCopyToStartOfIndicate\n"))
    #expect(text.contains("\nFUNC 1130 1c 0 NbtRotate\n"))
    // With no PDB beside it and no store, an image dumps its exports.
    let scratch = try ScratchDirectory()
    try scratch.copy(Fixtures.out("x86/storport-4121/storport.sys"), to: "storport.sys")
    let exportsOnly = try BreakpadWriter.dump(path: scratch.path + "/storport.sys")
    let sym = try BreakpadSymbolFile(data: Data(exportsOnly.utf8))
    #expect(sym.functions.isEmpty)
    #expect(sym.publics.map(\.name) == ["StorPortGetBusData", "StorPortInitialize"])
    #expect(sym.publics.map(\.parameterSize) == [8, 8])
    #expect(sym.codeID == "6B295B9C4000")
  }

  /// The store's `netbt.sym` is what `symbols dump` makes today.
  ///
  /// `DUMPTRIAGE_RECORD_GOLDENS=1` rewrites it and fails the run.
  @Test func storeSymFileIsCurrent() throws {
    let actual = try BreakpadWriter.dump(path: Fixtures.out("x86/netbt.sys"))
    let golden = Fixtures.store + "/netbt.pdb/2176D6FF6B9E8EA04C4C44205044422E1/netbt.sym"
    if ProcessInfo.processInfo.environment["DUMPTRIAGE_RECORD_GOLDENS"] == "1" {
      try Data(actual.utf8).write(to: URL(fileURLWithPath: golden))
      Issue.record("recorded \(golden)")
      return
    }
    let stored = try String(contentsOfFile: golden, encoding: .utf8)
    #expect(stored == actual)
  }
}

enum SymbolStoreTestsSupport {
  static func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }
}
