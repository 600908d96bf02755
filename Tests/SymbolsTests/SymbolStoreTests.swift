import BreakpadSymbols
import DumpFormats
import Foundation
import PDBSymbols
import PEImageParsing
import SymbolStore
import Testing
import TriageTestSupport

/// A scratch directory removed when the test ends.
final class ScratchDirectory {
  let path: String
  init() throws {
    path =
      FileManager.default.temporaryDirectory.appendingPathComponent(
        "symstore-\(UUID().uuidString)"
      ).path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(atPath: path) }

  func copy(_ source: String, to relative: String) throws {
    let target = path + "/" + relative
    try FileManager.default.createDirectory(
      atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: source, toPath: target)
  }
}

@Suite struct SymbolPathTests {
  @Test func parsesNTSymbolPathSyntax() {
    let path = SymbolPath(
      parsing:
        "C:\\MySyms; srv*C:\\WebSyms*https://msdl.microsoft.com/download/symbols;cache*/tmp/c;"
        + "symsrv*symsrv.dll*/down*https://corp.example/syms;srv*https://only.example;srv**/up;cache*",
      defaultCache: "/default")
    #expect(
      path.elements == [
        .directory("C:\\MySyms"),
        .server(
          downstream: ["C:\\WebSyms"], upstream: "https://msdl.microsoft.com/download/symbols"),
        .cache("/tmp/c"),
        .server(downstream: ["/down"], upstream: "https://corp.example/syms"),
        .server(downstream: ["/default"], upstream: "https://only.example"),
        .server(downstream: ["/default"], upstream: "/up"),
        .cache("/default"),
      ])
    let chains = path.chains
    #expect(chains.count == 5)
    #expect(chains[0].isPlain && chains[0].searchDirectories == ["C:\\MySyms"])
    #expect(chains[1].url == "https://msdl.microsoft.com/download/symbols")
    #expect(chains[2].caches == ["/tmp/c"] && chains[2].local == ["/down"])
    #expect(chains[4].url == nil && chains[4].searchDirectories == ["/tmp/c", "/default", "/up"])
    #expect(SymbolPath(parsing: " ; ;").elements.isEmpty)
    #expect(
      SymbolPath.combined(["a", nil, "", "srv*b*c"], defaultCache: "/d").description
        == "a;srv*b*c")
  }

  @Test func defaultCacheHonoursEnvironment() {
    #expect(
      SymbolPath.defaultCacheDirectory(environment: ["DUMPTRIAGE_SYMBOL_CACHE": "/x"]) == "/x")
    #expect(
      SymbolPath.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "/xdg", "HOME": "/h"])
        == "/xdg/dumptriage/symbols")
    #expect(
      SymbolPath.defaultCacheDirectory(environment: ["HOME": "/h"])
        == "/h/.cache/dumptriage/symbols")
  }
}

@Suite struct SymbolStoreTests {
  static let netbt = LoadedModule(
    name: "\\SystemRoot\\System32\\DRIVERS\\netbt.sys", base: 0x8000_0000, size: 0x5000,
    timeDateStamp: 0x7212_D8C4)

  @Test func kernelModuleResolvesThroughImageToPDB() throws {
    let store = SymbolStore(path: SymbolPath(parsing: Fixtures.store))
    let symbols = try #require(store.symbols(for: Self.netbt))
    #expect(symbols is PDBFile)
    #expect(symbols.symbol(at: 0x11AA)?.name == "NbtCopyToStartOfIndicate")
    #expect(symbols.symbol(at: 0x121B)?.name == "NbtCopyToStartOfIndicate")
    #expect(symbols.symbol(at: 0x1135)?.name == "NbtRotate")
    #expect(symbols.x86FrameData(at: 0x10B0)?.localSize == 0xC00)
    let image = try #require(store.image(for: Self.netbt))
    #expect(image.architecture == .x86 && image.sizeOfImage == 0x5000)
    let summary = try #require(store.lookupSummary.first)
    #expect(summary.module == "netbt.sys" && summary.source == .pdb)
    #expect(summary.debugID == "2176D6FF6B9E8EA04C4C44205044422E1")
    #expect(
      summary.symbolPath?.hasSuffix("netbt.pdb/2176D6FF6B9E8EA04C4C44205044422E1/netbt.pdb") == true
    )
    // Cached: the same object answers again.
    #expect(store.symbols(for: Self.netbt)?.sourceDescription == symbols.sourceDescription)
    // A different size is a different build: not found.
    var other = Self.netbt
    other.size = 0x6000
    #expect(store.symbols(for: other) == nil)
    #expect(store.image(for: other) == nil)
  }

  @Test(arguments: [(UInt32(0x1793_34E2), UInt16(4000)), (UInt32(0x6B29_5B9C), UInt16(4121))])
  func storportVersionsComeFromTheStore(stamp: UInt32, build: UInt16) throws {
    let store = SymbolStore(path: SymbolPath(parsing: Fixtures.store))
    let module = LoadedModule(
      name: "storport.sys", base: 0x8010_0000, size: 0x4000, timeDateStamp: stamp)
    let version = try #require(store.versionInfo(for: module))
    #expect(version.fileVersion == [5, 2, 3790, build])
    // No PDB for storport in the store: names come from the exports.
    let symbols = try #require(store.symbols(for: module))
    #expect(symbols.symbol(at: 0x1012)?.name == "_StorPortInitialize@8")
    #expect(store.lookupSummary.first?.source == .exports)
  }

  @Test func minidumpModuleResolvesBreakpadSymbols() throws {
    guard let root = TestPaths.corpusFile("user/breakpad/symbols") else { return }
    let store = SymbolStore(path: SymbolPath(parsing: "/nonexistent;" + root.path))
    let module = LoadedModule(
      name: "c:\\test_app.exe", base: 0x40_0000, size: 0x2D000, debugFile: "c:\\test_app.pdb",
      debugID: "5a9832e5287241c1838ed98914e9b7ff1")
    let symbols = try #require(store.symbols(for: module))
    #expect(symbols is BreakpadSymbolFile)
    #expect(symbols.symbol(at: 0x429E)?.name == "`anonymous namespace'::CrashFunction")
    #expect(store.lookupSummary.first?.source == .breakpad)
  }

  @Test func layoutVariantsAndVerification() throws {
    let scratch = try ScratchDirectory()
    let pdb = Fixtures.out("x64/netbt.pdb")
    let image = try PEImage.open(path: Fixtures.out("x64/netbt.sys"))
    let id = try #require(image.codeView?.debugID)
    // Two-tier layout with a lower-case key, in the second element.
    try FileManager.default.createDirectory(
      atPath: scratch.path + "/two", withIntermediateDirectories: true)
    try Data().write(to: URL(fileURLWithPath: scratch.path + "/two/index2.txt"))
    try scratch.copy(pdb, to: "two/ne/netbt.pdb/\(id.lowercased())/netbt.pdb")
    let twoTier = SymbolStore(
      path: SymbolPath(parsing: scratch.path + "/empty;" + scratch.path + "/two"))
    #expect(twoTier.findPDB(name: "netbt.pdb", debugID: id) != nil)
    // file.ptr redirect.
    try FileManager.default.createDirectory(
      atPath: scratch.path + "/ptr/netbt.pdb/\(id)", withIntermediateDirectories: true)
    try Data("PATH:\(pdb)".utf8).write(
      to: URL(fileURLWithPath: scratch.path + "/ptr/netbt.pdb/\(id)/file.ptr"))
    #expect(
      SymbolStore(path: SymbolPath(parsing: scratch.path + "/ptr")).findPDB(
        name: "netbt.pdb", debugID: id) != nil)
    // Flat directory (plain element only), verified on the id.
    try scratch.copy(pdb, to: "flat/netbt.pdb")
    #expect(
      SymbolStore(path: SymbolPath(parsing: scratch.path + "/flat")).findPDB(
        name: "netbt.pdb", debugID: id) != nil)
    // The wrong PDB under the right key is rejected.
    try scratch.copy(Fixtures.out("arm64/netbt.pdb"), to: "wrong/netbt.pdb/\(id)/netbt.pdb")
    #expect(
      SymbolStore(path: SymbolPath(parsing: scratch.path + "/wrong")).findPDB(
        name: "netbt.pdb", debugID: id) == nil)
    // Path tricks in names never leave the store.
    #expect(
      SymbolStore(path: SymbolPath(parsing: scratch.path)).findPDB(name: "../flat", debugID: id)
        == nil)
    // A compressed entry without a decoder is skipped.
    try scratch.copy(pdb, to: "cab/netbt.pdb/\(id)/netbt.pd_")
    #expect(
      SymbolStore(path: SymbolPath(parsing: scratch.path + "/cab")).findPDB(
        name: "netbt.pdb", debugID: id) == nil)
  }

  @Test func addCopiesIntoStoreLayout() throws {
    let scratch = try ScratchDirectory()
    let sym = scratch.path + "/in/test.sym"
    try FileManager.default.createDirectory(
      atPath: scratch.path + "/in", withIntermediateDirectories: true)
    try Data("MODULE windows x86 ABCDEF1 test.pdb\nFUNC 10 2 0 f\n".utf8).write(
      to: URL(fileURLWithPath: sym))
    let image = try SymbolStore.add(path: Fixtures.out("x86/netbt.sys"), to: scratch.path + "/s")
    let pdb = try SymbolStore.add(path: Fixtures.out("x86/netbt.pdb"), to: scratch.path + "/s")
    let breakpad = try SymbolStore.add(path: sym, to: scratch.path + "/s")
    #expect(image.entry.relativePath == "netbt.sys/7212D8C45000/netbt.sys")
    #expect(pdb.entry.relativePath == "netbt.pdb/2176D6FF6B9E8EA04C4C44205044422E1/netbt.pdb")
    #expect(breakpad.entry.relativePath == "test.pdb/ABCDEF1/test.sym")
    for path in [image.destination, pdb.destination, breakpad.destination] {
      #expect(FileManager.default.fileExists(atPath: path))
    }
    // Exactly what Symbols/ holds for the fixture.
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: image.destination))
        == Data(
          contentsOf: URL(fileURLWithPath: Fixtures.store + "/netbt.sys/7212D8C45000/netbt.sys")))
    #expect(throws: (any Error).self) {
      try SymbolStore.add(path: scratch.path + "/in", to: scratch.path + "/s")
    }
  }

  /// `srv*down*up` with a local upstream: a hit in `up` is copied into `down`.
  @Test func cascadeCopiesHitsDownstream() throws {
    let scratch = try ScratchDirectory()
    let image = try PEImage.open(path: Fixtures.out("x86/netbt.sys"))
    let id = try #require(image.codeView?.debugID)
    try scratch.copy(Fixtures.out("x86/netbt.pdb"), to: "up/netbt.pdb/\(id)/netbt.pdb")
    let store = SymbolStore(
      path: SymbolPath(parsing: "srv*\(scratch.path)/down*\(scratch.path)/up"))
    #expect(
      store.findPDB(name: "netbt.pdb", debugID: id)?.path == scratch.path
        + "/up/netbt.pdb/\(id)/netbt.pdb")
    let copy = scratch.path + "/down/netbt.pdb/\(id)/netbt.pdb"
    #expect(FileManager.default.fileExists(atPath: copy))
    let next = SymbolStore(path: SymbolPath(parsing: "srv*\(scratch.path)/down*\(scratch.path)/up"))
    #expect(next.findPDB(name: "netbt.pdb", debugID: id)?.path == copy)
  }
}
