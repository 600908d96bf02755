import DumpFormats
import Foundation
import PDBSymbols
import PEImageParsing
import SymbolStore
import Testing
import TriageTestSupport

@Suite(.serialized, .enabled(if: LoopbackSymbolServer.python != nil))
struct SymbolServerTests {
  let scratch: ScratchDirectory
  let server: LoopbackSymbolServer
  let pdbID: String
  let imageKey: String

  static let fast: HTTPSymbolServer.Options = {
    var options = HTTPSymbolServer.Options()
    options.idleTimeout = 1
    options.totalTimeout = 3
    options.attempts = 3
    options.backoff = 0.05
    options.maxConcurrent = 2
    return options
  }()

  init() throws {
    scratch = try ScratchDirectory()
    let image = try PEImage.open(path: Fixtures.out("x86/netbt.sys"))
    pdbID = try #require(image.codeView?.debugID)
    imageKey = SymbolStore.imageKey(
      timeDateStamp: image.timeDateStamp, sizeOfImage: image.sizeOfImage)
    let pdb = Fixtures.out("x86/netbt.pdb")
    try scratch.copy(pdb, to: "srv/plain/netbt.pdb/\(pdbID)/netbt.pdb")
    try scratch.copy(Fixtures.out("x86/netbt.sys"), to: "srv/plain/netbt.sys/\(imageKey)/netbt.sys")
    // Compressed: a real cabinet (MSZIP) made by gcab, decoded by ContainerFormats.
    if let gcab = Fixtures.tool("gcab") {
      let folder = scratch.path + "/srv/cab/netbt.pdb/\(pdbID)"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      _ = Fixtures.run(gcab, ["-c", "-n", "-z", folder + "/netbt.pd_", pdb])
    }
    server = try LoopbackSymbolServer(
      root: scratch.path + "/srv", wrongFile: Fixtures.out("x64/netbt.pdb"))
    try FileManager.default.createDirectory(
      atPath: scratch.path + "/srv/ptr/netbt.pdb/\(pdbID)", withIntermediateDirectories: true)
    try Data("PATH:\(server.url)/plain/netbt.pdb/\(pdbID)/netbt.pdb\n".utf8).write(
      to: URL(fileURLWithPath: scratch.path + "/srv/ptr/netbt.pdb/\(pdbID)/file.ptr"))
  }

  func store(_ upstream: String, cache: String = "cache", options: HTTPSymbolServer.Options = fast)
    -> (SymbolStore, HTTPSymbolServer)
  {
    var tuned = options
    tuned.negativeCacheDirectory = scratch.path + "/\(cache)/.negative"
    let remote = HTTPSymbolServer(options: tuned)
    let path = SymbolPath(parsing: "srv*\(scratch.path)/\(cache)*\(server.url)/\(upstream)")
    return (SymbolStore(path: path, remote: remote), remote)
  }

  var cachedPDB: String { scratch.path + "/cache/netbt.pdb/\(pdbID)/netbt.pdb" }

  func leftovers() -> [String] {
    (FileManager.default.enumerator(atPath: scratch.path + "/cache")?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".tmp") }
  }

  @Test func plainDownloadIsCachedAndVerified() throws {
    let (store, remote) = store("plain")
    let found = try #require(store.findPDB(name: "netbt.pdb", debugID: pdbID))
    #expect(found.path == cachedPDB)
    #expect(found.file.debugID == pdbID)
    #expect(remote.summary.map(\.outcome) == [.fetched])
    #expect(leftovers().isEmpty)
    // Warm cache, server stopped: a new store finds it without the network.
    server.stop()
    let (again, remoteAgain) = self.store("plain")
    #expect(again.findPDB(name: "netbt.pdb", debugID: pdbID)?.path == cachedPDB)
    #expect(remoteAgain.summary.isEmpty)
  }

  @Test(.enabled(if: Fixtures.tool("gcab") != nil))
  func compressedEntryIsDecodedIntoTheCache() throws {
    let (store, remote) = store("cab")
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID)?.path == cachedPDB)
    #expect(remote.summary.map(\.outcome) == [.notFound, .fetched])
    #expect(remote.summary.last?.url.hasSuffix("/netbt.pd_") == true)
  }

  @Test func filePointerRedirectIsFollowed() throws {
    let (store, remote) = store("ptr")
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID)?.path == cachedPDB)
    #expect(remote.summary.last?.outcome == .fetched)
    #expect(remote.summary.last?.url.contains("/plain/") == true)
  }

  @Test func httpRedirectIsFollowed() throws {
    let (store, remote) = store("redirect/plain")
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID)?.path == cachedPDB)
    #expect(remote.summary.map(\.outcome) == [.fetched])
    #expect(server.counts()["/plain/netbt.pdb/\(pdbID)/netbt.pdb"] == 1)
  }

  @Test func redirectToALocalFileIsRefused() throws {
    var options = Self.fast
    options.attempts = 1
    let (store, remote) = store("fileredirect/plain", options: options)
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID) == nil)
    let first = try #require(remote.summary.first)
    #expect(first.outcome == .failed)
    #expect(!FileManager.default.fileExists(atPath: cachedPDB))
  }

  /// A server that stops answering is given up after three URLs without an HTTP answer, so
  /// the rest of the run does not pay retries and backoff for every lookup.
  @Test func unreachableServerIsGivenUpForTheRun() throws {
    let (store, remote) = store("plain")
    server.stop()
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      for digit in ["A", "B", "C"] {
        let debugID = String(repeating: digit, count: 32) + "1"
        #expect(store.findPDB(name: "netbt.pdb", debugID: debugID) == nil)
      }
    }
    let fetches = remote.summary
    #expect(fetches.allSatisfy { $0.outcome == .failed }, "\(fetches)")
    // The first lookup tries the plain file and the cabinet (each with its retries), then
    // file.ptr (not a download, so not listed): three URLs without an answer.
    let tried = fetches.filter { !$0.detail.contains("not asked again") }
    #expect(tried.count == 2, "\(fetches.map(\.detail))")
    #expect(fetches.prefix(2).map(\.url) == tried.map(\.url))
    let skipped = fetches.dropFirst(2)
    #expect(skipped.count == 4)
    #expect(
      skipped.allSatisfy {
        $0.detail.hasSuffix("gave no answer to 3 requests in a row; not asked again in this run")
      })
    #expect(elapsed < .seconds(3))
    // Nothing was found missing, so nothing is remembered as a 404.
    let negatives = try? FileManager.default.contentsOfDirectory(
      atPath: scratch.path + "/cache/.negative")
    #expect(negatives?.isEmpty ?? true)
  }

  /// An answer over the size limit is refused, and the run summary says why.
  @Test func answerOverTheSizeLimitIsRefused() throws {
    var options = Self.fast
    options.maxBytes = 1000
    let (store, remote) = store("plain", options: options)
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID) == nil)
    let first = try #require(remote.summary.first)
    #expect(first.outcome == .failed)
    #expect(first.detail == "larger than the 1000-byte limit")
    #expect(leftovers().isEmpty)
    let failed = try #require(
      HTTPSymbolServer.describe(remote.summary).first { $0.hasPrefix("failed ") })
    #expect(failed.contains("s; larger than the 1000-byte limit): "), "\(failed)")
  }

  @Test func notFoundIsNegativelyCached() throws {
    let (store, remote) = store("plain")
    let missing = "00000000000000000000000000000000" + "1"
    #expect(store.findPDB(name: "netbt.pdb", debugID: missing) == nil)
    #expect(remote.summary.map(\.outcome) == [.notFound, .notFound])
    let before = server.counts().filter { $0.key.hasPrefix("/") }.values.reduce(0, +)
    // A second store (next run) with the same cache does not ask the server again.
    let (next, nextRemote) = self.store("plain")
    #expect(next.findPDB(name: "netbt.pdb", debugID: missing) == nil)
    #expect(nextRemote.summary.map(\.outcome) == [.negativeCached])
    // Only the /__stats call is new.
    #expect(server.counts().filter { $0.key.hasPrefix("/") }.values.reduce(0, +) == before + 1)
  }

  @Test func serverErrorsAreRetriedWithBackoff() throws {
    let (store, remote) = store("fail500/plain")
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID)?.path == cachedPDB)
    #expect(remote.summary.first?.outcome == .fetched)
    let path = "/fail500/plain/netbt.pdb/\(pdbID)/netbt.pdb"
    #expect(server.counts()[path] == 3)
  }

  @Test func stallingServerTimesOut() throws {
    var options = Self.fast
    options.attempts = 1
    let (store, remote) = store("stall/plain", options: options)
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID) == nil)
    }
    #expect(elapsed < .seconds(10))
    #expect(remote.summary.first?.outcome == .failed)
    #expect(!FileManager.default.fileExists(atPath: cachedPDB))
    #expect(leftovers().isEmpty)
  }

  @Test func truncatedAnswerIsRejected() throws {
    let (store, remote) = store("truncated/plain")
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID) == nil)
    #expect(remote.summary.first?.outcome == .failed)
    #expect(!FileManager.default.fileExists(atPath: cachedPDB))
    #expect(leftovers().isEmpty)
  }

  @Test func wrongPDBIsRejected() throws {
    let (store, remote) = store("wrong/plain")
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID) == nil)
    #expect(remote.summary.first?.outcome == .rejected)
    #expect(!FileManager.default.fileExists(atPath: cachedPDB))
    #expect(leftovers().isEmpty)
  }

  @Test func offlineUsesOnlyTheCache() throws {
    var options = Self.fast
    options.offline = true
    let (store, remote) = store("plain", options: options)
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID) == nil)
    #expect(remote.summary.map(\.outcome) == [.offline])
    #expect(server.counts() == ["/__stats": 1, "__max_inflight": 1])  // only the stats call
  }

  /// A kernel module resolves over HTTP, then identically from the warm cache.
  ///
  /// The module has only name, timestamp and size: image by code id, then its PDB, both over
  /// HTTP; then the same answers from the warm cache with the server stopped. Prints timings.
  @Test func kernelModuleColdThenWarm() throws {
    let module = LoadedModule(
      name: "netbt.sys", base: 0x8000_0000, size: 0x5000, timeDateStamp: 0x7212_D8C4)
    let rvas: [UInt32] = [0x1000, 0x10B0, 0x1135, 0x11AA, 0x121B, 0x1245, 0x125B]
    let clock = ContinuousClock()
    var cold: [String?] = []
    let (store, remote) = store("plain")
    let coldTime = clock.measure {
      let symbols = store.symbols(for: module)
      cold = rvas.map { symbols?.symbol(at: $0)?.name }
    }
    #expect(cold.allSatisfy { $0 != nil })
    #expect(cold[3] == "NbtCopyToStartOfIndicate")
    #expect(remote.summary.filter { $0.outcome == .fetched }.count == 2)
    server.stop()
    var warm: [String?] = []
    let (warmStore, _) = self.store("plain")
    let warmTime = clock.measure {
      let symbols = warmStore.symbols(for: module)
      warm = rvas.map { symbols?.symbol(at: $0)?.name }
    }
    #expect(warm == cold)
    #expect(warmStore.lookupSummary.first?.source == .pdb)
    print("symbol server batch: cold \(coldTime), warm cache \(warmTime)")
  }

  /// Prefetching many modules runs requests concurrently, never more than the limit.
  @Test func prefetchHonoursTheConcurrencyLimit() throws {
    var modules: [LoadedModule] = []
    for path in PDBFileTests.images.prefix(4) {
      let image = try PEImage.open(path: Fixtures.out(path))
      let name = String(path.split(separator: "/").last ?? "")
      let key = SymbolStore.imageKey(
        timeDateStamp: image.timeDateStamp, sizeOfImage: image.sizeOfImage)
      let debugID = try #require(image.codeView?.debugID)
      let pdbName = String(name.dropLast(4)) + ".pdb"
      try? scratch.copy(Fixtures.out(path), to: "srv/many/\(name)/\(key)/\(name)")
      try? scratch.copy(
        PDBFileTests.pdbPath(forImage: path), to: "srv/many/\(pdbName)/\(debugID)/\(pdbName)")
      modules.append(
        LoadedModule(
          name: name, base: 0, size: UInt64(image.sizeOfImage), timeDateStamp: image.timeDateStamp))
    }
    var options = Self.fast
    options.maxConcurrent = 2
    let (store, remote) = store("slow/many", options: options)
    store.prefetch(modules, maxConcurrent: 8)
    let resolved = modules.filter { store.symbols(for: $0) != nil }
    #expect(resolved.count == modules.count)
    #expect(remote.summary.filter { $0.outcome == .fetched }.count == 2 * modules.count)
    let maxInflight = server.counts()["__max_inflight"] ?? 0
    #expect(maxInflight == 2)
    let summary = HTTPSymbolServer.describe(remote.summary)
    #expect(summary.first?.hasPrefix("fetched 8 (") == true)
  }

  /// Concurrent lookups of one file (two dumps of a batch needing the same PDB) download it
  /// once: the later requests wait for the first and use its verified file.
  @Test func concurrentRequestsForOneFileDownloadItOnce() throws {
    let (store, remote) = store("slow/plain")
    let pdbID = self.pdbID
    let results = ResultBox()
    let start = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    for _ in 0..<4 {
      done.enter()
      Thread {
        start.wait()
        results.append(store.findPDB(name: "netbt.pdb", debugID: pdbID)?.path)
        done.leave()
      }.start()
    }
    for _ in 0..<4 { start.signal() }
    done.wait()
    #expect(results.values.count == 4)
    #expect(results.values.allSatisfy { $0 == cachedPDB })
    #expect(server.counts()["/slow/plain/netbt.pdb/\(pdbID)/netbt.pdb"] == 1)
    let outcomes = remote.summary.map(\.outcome)
    #expect(outcomes.filter { $0 == .fetched }.count == 1)
    #expect(outcomes.allSatisfy { $0 == .fetched || $0 == .shared })
  }

  private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String?] = []
    func append(_ value: String?) { lock.withLock { items.append(value) } }
    var values: [String?] { lock.withLock { items } }
  }

  /// Mozilla-style servers: Breakpad `.sym` files by debug file and debug id.
  @Test func breakpadSymFileIsFetched() throws {
    try scratch.copy(
      Fixtures.store + "/netbt.pdb/\(pdbID)/netbt.sym",
      to: "srv/breakpad/netbt.pdb/\(pdbID)/netbt.sym")
    let (store, remote) = store("breakpad")
    let found = try #require(store.findBreakpad(debugFile: "netbt.pdb", debugID: pdbID))
    #expect(found.path == scratch.path + "/cache/netbt.pdb/\(pdbID)/netbt.sym")
    #expect(found.file.symbol(at: 0x11AA)?.name == "NbtCopyToStartOfIndicate")
    #expect(remote.summary.map(\.outcome) == [.fetched])
  }

  /// A `file.ptr` naming a local path is not followed (a server must not make us read files).
  @Test func filePointerToLocalPathIsRefused() throws {
    try FileManager.default.createDirectory(
      atPath: scratch.path + "/srv/localptr/netbt.pdb/\(pdbID)", withIntermediateDirectories: true)
    try Data("PATH:\(Fixtures.out("x86/netbt.pdb"))".utf8).write(
      to: URL(fileURLWithPath: scratch.path + "/srv/localptr/netbt.pdb/\(pdbID)/file.ptr"))
    let (store, _) = store("localptr")
    #expect(store.findPDB(name: "netbt.pdb", debugID: pdbID) == nil)
  }

  /// An expired negative-cache entry is asked again.
  @Test func negativeCacheExpires() throws {
    var options = Self.fast
    options.negativeCacheLifetime = 0
    let missing = "11111111111111111111111111111111" + "1"
    let (store, _) = store("plain", options: options)
    #expect(store.findPDB(name: "netbt.pdb", debugID: missing) == nil)
    let (next, nextRemote) = self.store("plain", options: options)
    #expect(next.findPDB(name: "netbt.pdb", debugID: missing) == nil)
    #expect(nextRemote.summary.map(\.outcome) == [.notFound, .notFound])
  }

  @Test func configuredStoreCombinesPathsAndAttachesTheClientOnlyForURLs() throws {
    let environment = [
      "_NT_SYMBOL_PATH": "srv*\(scratch.path)/envcache*\(server.url)/plain",
      "_NT_ALT_SYMBOL_PATH": "/alt", "DUMPTRIAGE_SYMBOL_CACHE": scratch.path + "/default",
    ]
    let store = SymbolStore.configured(
      symbolPath: "/first", defaultStore: Fixtures.store, options: Self.fast,
      environment: environment)
    #expect(
      store.path.description
        == "/first;srv*\(scratch.path)/envcache*\(server.url)/plain;/alt;\(Fixtures.store)")
    let remote = try #require(store.remote as? HTTPSymbolServer)
    #expect(remote.options.negativeCacheDirectory == scratch.path + "/default/.negative")
    #expect(
      store.findPDB(name: "netbt.pdb", debugID: pdbID)?.path.hasPrefix(scratch.path + "/envcache")
        == true)
    let offline = SymbolStore.configured(
      symbolPath: nil, defaultStore: nil, offline: true, environment: environment)
    #expect((offline.remote as? HTTPSymbolServer)?.options.offline == true)
    let local = SymbolStore.configured(
      symbolPath: nil, defaultStore: Fixtures.store, environment: [:])
    #expect(local.remote == nil)
  }
}
