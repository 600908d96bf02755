import BinaryReading
import DumpFormats
import Foundation
import PDBSymbols
import PEImageParsing
import Testing
import TriageTestSupport

@Suite struct PDBFileTests {
  static let images = [
    "x86/netbt.sys", "x64/netbt.sys", "arm64/netbt.sys", "x86/fixdll.dll", "x64/fixdll.dll",
    "arm64/fixdll.dll", "x86/storport-4000/storport.sys", "x86/storport-4121/storport.sys",
  ]

  static func pdbPath(forImage image: String) -> String {
    Fixtures.out(String(image.dropLast(4)) + ".pdb")
  }

  @Test(arguments: images) func identityMatchesImageRSDS(image path: String) throws {
    let image = try PEImage.open(path: Fixtures.out(path))
    let pdb = try PDBFile.open(path: Self.pdbPath(forImage: path))
    let codeView = try #require(image.codeView)
    #expect(pdb.guid == codeView.guid)
    #expect(pdb.dbiAge == codeView.age)
    #expect(pdb.debugID == codeView.debugID)
    #expect(pdb.architecture == image.architecture)
    #expect(pdb.sections.map(\.virtualAddress) == image.sections.map(\.virtualAddress))
    #expect(pdb.namedStreams["/names"] != nil)
    #expect(pdb.notes.isEmpty)
  }

  /// Procedure ranges equal `llvm-pdbutil dump -symbols` (S_GPROC32/S_LPROC32 addr + code size).
  @Test(arguments: images) func procedureRangesMatchLLVMPdbutil(image path: String) throws {
    let pdb = try PDBFile.open(path: Self.pdbPath(forImage: path))
    let ours = try pdb.allProcedures()
    #expect(!ours.isEmpty)
    guard let tool = Fixtures.tool("llvm-pdbutil"),
      let text = Fixtures.run(tool, ["dump", "-publics", "-symbols", Self.pdbPath(forImage: path)])
    else { return }
    var theirs: [String: (UInt32, UInt32)] = [:]
    var publics: [String: UInt32] = [:]
    let lines = text.split(separator: "\n").map(String.init)
    for (index, line) in lines.enumerated() where index + 1 < lines.count {
      let isProc = line.contains("S_GPROC32 ") || line.contains("S_LPROC32 ")
      let isPublic = line.contains("S_PUB32 ")
      guard isProc || isPublic, let open = line.firstIndex(of: "`"),
        let close = line.lastIndex(of: "`"), open < close
      else { continue }
      let name = String(line[line.index(after: open)..<close])
      let detail = lines[index + 1]
      guard let addr = detail.range(of: "addr = ") else { continue }
      let fields = detail[addr.upperBound...].prefix(9).split(separator: ":")
      guard fields.count == 2, let segment = UInt16(fields[0]), let offset = UInt32(fields[1]),
        let rva = pdb.rva(segment: segment, offset: offset)
      else { continue }
      if isProc, let size = detail.range(of: "code size = ") {
        let length = UInt32(detail[size.upperBound...].prefix { $0.isNumber }) ?? 0
        theirs[name] = (rva, length)
      } else if isPublic {
        publics[name] = rva
      }
    }
    #expect(theirs.count == ours.count)
    for procedure in ours {
      let expected = try #require(
        theirs[procedure.name], "\(procedure.name) missing in llvm-pdbutil")
      #expect(procedure.rva == expected.0 && procedure.length == expected.1, "\(procedure.name)")
    }
    let ourPublics = try pdb.allPublics()
    #expect(
      Dictionary(ourPublics.map { ($0.name, $0.rva) }, uniquingKeysWith: { a, _ in a }) == publics)
  }

  /// RVA → name + offset equals `llvm-symbolizer` for every byte offset of every function.
  @Test(arguments: images) func namesMatchLLVMSymbolizer(image path: String) throws {
    let image = try PEImage.open(path: Fixtures.out(path))
    let pdb = try PDBFile.open(path: Self.pdbPath(forImage: path))
    let procedures = try pdb.allProcedures()
    var addresses: [UInt32] = []
    for procedure in procedures {
      addresses += stride(from: procedure.rva, to: procedure.rva + procedure.length, by: 3)
      addresses.append(procedure.rva + procedure.length - 1)
    }
    for rva in addresses {
      let symbol = try #require(pdb.symbol(at: rva))
      #expect(!symbol.isPublic)
      #expect(rva >= symbol.rva && rva - symbol.rva < symbol.size)
    }
    guard let tool = Fixtures.tool("llvm-symbolizer") else { return }
    let directory = (Fixtures.out(path) as NSString).deletingLastPathComponent
    let input = addresses.map { "0x" + String(image.imageBase + UInt64($0), radix: 16) }
      .joined(separator: "\n")
    let output = try #require(
      Fixtures.run(
        tool, ["--obj=" + Fixtures.out(path), "--functions=linkage"],
        stdin: input + "\n", directory: directory))
    // One block per address, separated by blank lines: the function name, then file:line.
    let blocks = output.components(separatedBy: "\n\n").map { $0.split(separator: "\n") }
      .filter { !$0.isEmpty }
    #expect(blocks.count == addresses.count)
    for (rva, block) in zip(addresses, blocks) {
      let symbol = pdb.symbol(at: rva)
      // With inlining, llvm-symbolizer lists the inlined frames first; the last pair of lines
      // is the real (outermost) function and its call-site line, which is what we report.
      let outer = block.count >= 2 ? Array(block.suffix(2)) : block
      #expect(symbol?.name == String(outer[0]), "RVA 0x\(String(rva, radix: 16))")
      // "C:\fixtures\netbt.c:47:0": file and line (C13 line info) must agree too.
      if outer.count > 1, let line = symbol?.line, let file = symbol?.file {
        #expect(String(outer[1]).hasPrefix("\(file):\(line):"), "RVA 0x\(String(rva, radix: 16))")
      } else {
        #expect(
          outer.count > 1 && outer[1].hasPrefix("??"), "RVA 0x\(String(rva, radix: 16)) has no line"
        )
      }
    }
  }

  @Test func publicFallbackAndUndecoration() throws {
    let pdb = try PDBFile.open(path: Fixtures.out("x86/netbt.pdb"))
    let copy = try #require(try pdb.publicSymbol(atOrBelow: 0x11AA))
    #expect(copy.name == "_NbtCopyToStartOfIndicate@8")
    #expect(copy.rva == 0x1150)
    #expect(SymbolNames.undecorate(copy.name, architecture: .x86) == "NbtCopyToStartOfIndicate")
    #expect(SymbolNames.parameterSize(ofDecorated: copy.name) == 8)
    #expect(SymbolNames.undecorate("@Fast@12", architecture: .x86) == "Fast")
    #expect(SymbolNames.undecorate("?Cpp@@YAXXZ", architecture: .x86) == "?Cpp@@YAXXZ")
    #expect(SymbolNames.undecorate("Plain", architecture: .amd64) == "Plain")
    // The static NbtRotate has no public: the public lookup answers the previous public.
    #expect(try pdb.publicSymbol(atOrBelow: 0x1135)?.name == "_NbtBuildLargeFrame@8")
    #expect(pdb.symbol(at: 0x1135)?.name == "NbtRotate")
    #expect(
      pdb.symbol(at: 0x11AA)
        == ResolvedSymbol(
          name: "NbtCopyToStartOfIndicate", rva: 0x1150, size: 0xE3, file: #"C:\fixtures\netbt.c"#,
          line: 55))
    #expect(try pdb.publicSymbol(atOrBelow: 0xFFF) == nil)
  }

  /// x86 frame data equals `llvm-pdbutil dump -fpo` (new-FPO records with program strings).
  @Test func x86FrameDataMatchesLLVMPdbutil() throws {
    let pdb = try PDBFile.open(path: Fixtures.out("x86/netbt.pdb"))
    let all = try pdb.allFrameData()
    #expect(all.count == 20)
    let large = try #require(pdb.x86FrameData(at: 0x10B0))
    #expect(large.rva == 0x10A9 && large.localSize == 3072 && large.savedRegisterSize == 12)
    #expect(large.programString?.hasPrefix("$T0 .raSearch = $eip $T0 ^ =") == true)
    #expect(pdb.x86FrameData(at: 0x1000)?.rva == 0x1000)
    #expect(pdb.x86FrameData(at: 0x1001)?.rva == 0x1001)
    #expect(pdb.x86FrameData(at: 0x2000) == nil)
    guard let tool = Fixtures.tool("llvm-pdbutil"),
      let text = Fixtures.run(tool, ["dump", "-fpo", Fixtures.out("x86/netbt.pdb")])
    else { return }
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("0000") }
    #expect(rows.count == all.count)
    for (row, record) in zip(rows, all) {
      let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      #expect(UInt32(cells[0], radix: 16) == record.rva)
      #expect(UInt32(cells[1]) == record.codeSize)
      #expect(UInt32(cells[2]) == record.localSize)
      #expect(UInt32(cells[3]) == record.parameterSize)
      #expect(UInt32(cells[5]) == record.prologSize)
      #expect(UInt32(cells[6]) == record.savedRegisterSize)
      #expect(cells[10] == record.programString?.trimmingCharacters(in: .whitespaces))
    }
  }

  @Test func rejectsOldAndForeignFormats() {
    let old = Data("Microsoft C/C++ program database 2.00\r\n\u{1A}JG\0\0".utf8) + Data(count: 64)
    do {
      _ = try PDBFile(data: old)
      Issue.record("expected an error")
    } catch {
      #expect(error.code == .unsupported)
      #expect(error.description.contains("old PDB 2.0"))
    }
    #expect(throws: ReadError.self) { try PDBFile(data: Data(count: 4096)) }
  }
}
