import Foundation
import PDBSymbols
import PEImageParsing
import SymbolStore
import Testing

/// `Symbols/README.md` tells the sample-dump writers ids and RVAs; they must be true.
@Suite struct StoreReadmeTests {
  static func readme() throws -> String {
    try String(contentsOfFile: Fixtures.store + "/README.md", encoding: .utf8)
  }

  /// Table rows `| `name` | `0x…` | `0x…` | …` (function, RVA, size).
  static func rows(_ text: String) -> [(String, UInt32, UInt32)] {
    text.split(separator: "\n").compactMap { line in
      let cells = line.split(separator: "|").map {
        $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
      }
      guard cells.count >= 3, cells[1].hasPrefix("0x"), cells[2].hasPrefix("0x"),
        let rva = UInt32(cells[1].dropFirst(2), radix: 16),
        let size = UInt32(cells[2].dropFirst(2), radix: 16)
      else { return nil }
      return (String(cells[0].split(separator: " ").first ?? ""), rva, size)
    }
  }

  @Test func functionTablesMatchThePDBs() throws {
    let text = try Self.readme()
    let netbt = try PDBFile.open(path: Fixtures.out("x86/netbt.pdb"))
    let storport = try PDBFile.open(path: Fixtures.out("x86/storport-4121/storport.pdb"))
    let rows = Self.rows(text)
    #expect(rows.count == 9)
    for (name, rva, size) in rows {
      let pdb = name.hasPrefix("StorPort") || rva < 0x1040 && size == 0xE ? storport : netbt
      let symbol = try #require(pdb.symbol(at: rva), "\(name)")
      #expect(symbol.name == name && symbol.rva == rva && symbol.size == size, "\(name)")
    }
  }

  @Test func codeIDsAndReturnAddressesAreTrue() throws {
    let text = try Self.readme()
    for path in [
      "x86/netbt.sys", "x86/storport-4000/storport.sys", "x86/storport-4121/storport.sys",
    ] {
      let image = try PEImage.open(path: Fixtures.out(path))
      #expect(text.contains("`\(image.codeID)`"), "\(path)")
      #expect(text.contains(try #require(image.codeView?.debugID)), "\(path)")
    }
    // "| caller → callee | `0x110D` | `NbtBuildLargeFrame+0x6d` |": RVA and name+offset agree.
    let netbt = try PDBFile.open(path: Fixtures.out("x86/netbt.pdb"))
    var checked = 0
    for line in text.split(separator: "\n") where line.contains("→") {
      let cells = line.split(separator: "|").map {
        $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
      }
      guard cells.count >= 3, let rva = UInt32(cells[1].dropFirst(2), radix: 16) else { continue }
      let symbol = try #require(netbt.symbol(at: rva))
      #expect("\(symbol.name)+0x\(String(rva - symbol.rva, radix: 16))" == cells[2])
      checked += 1
    }
    #expect(checked == 6)
  }
}
