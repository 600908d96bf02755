import Foundation
import Testing
import TriageReporting
import TriageRules

@testable import DumpTriage

@Suite struct BatchCacheTests {
  func temporaryPath() -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("dumptriage-cache-\(UUID().uuidString).sqlite").path
  }

  func remove(_ path: String) {
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: path + suffix)
    }
  }

  @Test func storesAndFindsByContentToolAndRules() throws {
    let path = temporaryPath()
    defer { remove(path) }
    let report = DumpReport(path: "a.dmp", dumpKind: "kernel_small")
    do {
      let cache = try BatchCache(path: path, toolVersion: "1", rulesDigest: "r1")
      try cache.store(report, contentHash: "h1")
      #expect(cache.lookup(contentHash: "h1") == nil)  // not flushed yet
      try cache.flush()
      #expect(cache.lookup(contentHash: "h1") == report)
      #expect(cache.lookup(contentHash: "h2") == nil)
    }
    let reopened = try BatchCache(path: path, toolVersion: "1", rulesDigest: "r1")
    #expect(reopened.lookup(contentHash: "h1") == report)
    #expect(reopened.warnings.isEmpty)
    let otherRules = try BatchCache(path: path, toolVersion: "1", rulesDigest: "r2")
    #expect(otherRules.lookup(contentHash: "h1") == nil)
    let otherTool = try BatchCache(path: path, toolVersion: "2", rulesDigest: "r1")
    #expect(otherTool.lookup(contentHash: "h1") == nil)
  }

  /// Full batches are committed in the background, without waiting for a flush; a later cache
  /// on the same file finds them (its lookups start from the hashes already stored).
  @Test func writerCommitsFullBatchesInTheBackground() throws {
    let path = temporaryPath()
    defer { remove(path) }
    let cache = try BatchCache(path: path, toolVersion: "1", rulesDigest: "r")
    cache.batchSize = 4
    for index in 0..<10 {
      try cache.store(DumpReport(path: "p\(index)"), contentHash: "h\(index)")
    }
    let deadline = Date().addingTimeInterval(30)
    while try cache.count() < 8, Date() < deadline { usleep(5_000) }
    #expect(try cache.count() >= 8)
    #expect(cache.lookup(contentHash: "h0")?.path == "p0")
    try cache.flush()
    #expect(try cache.count() == 10)
    let other = try BatchCache(path: path, toolVersion: "1", rulesDigest: "r")
    #expect(other.lookup(contentHash: "h9")?.path == "p9")
    #expect(other.lookup(contentHash: "h10") == nil)
  }

  @Test func corruptFileIsRebuiltWithWarning() throws {
    let path = temporaryPath()
    defer { remove(path) }
    try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
    let cache = try BatchCache(path: path, toolVersion: "1", rulesDigest: "r")
    #expect(cache.warnings.count == 1)
    #expect(cache.warnings.first?.contains("rebuilding") == true)
    try cache.store(DumpReport(path: "x"), contentHash: "h")
    try cache.flush()
    #expect(try cache.count() == 1)
  }

  @Test func damagedPagesAreRebuilt() throws {
    let path = temporaryPath()
    defer { remove(path) }
    do {
      let cache = try BatchCache(path: path, toolVersion: "1", rulesDigest: "r")
      for index in 0..<200 {
        try cache.store(
          DumpReport(path: "p\(index)", notes: [String(repeating: "n", count: 500)]),
          contentHash: "h\(index)")
      }
      try cache.flush()
    }
    // Overwrite the middle of the file (SQLite b-tree pages) with garbage.
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    let size = try handle.seekToEnd()
    try handle.seek(toOffset: size / 2)
    try handle.write(contentsOf: Data(repeating: 0xEE, count: 8192))
    try handle.close()
    let cache = try BatchCache(path: path, toolVersion: "1", rulesDigest: "r")
    #expect(cache.warnings.count == 1)
    #expect(try cache.count() == 0)
  }

  @Test func previousRunBuckets() throws {
    let path = temporaryPath()
    defer { remove(path) }
    let cache = try BatchCache(path: path, toolVersion: "1", rulesDigest: "r")
    #expect(cache.previousBuckets() == nil)
    try cache.recordRun(buckets: ["A", "B"])
    #expect(cache.previousBuckets() == ["A", "B"])
    try cache.recordRun(buckets: ["C"])
    #expect(cache.previousBuckets() == ["C"])
  }
}

@Suite struct BatchFingerprintTests {
  /// MurmurHash3 x64-128 (seed 0) of the empty input is all zeros; other published values of the
  /// construction: "hello" → cbd8a7b341bd9b02 5b1e906a48ae1d19 (h1, h2).
  @Test func knownValues() {
    #expect(BatchFingerprint.hex(Data()) == String(repeating: "0", count: 32))
    let (h1, h2) = BatchFingerprint.hash(Data("hello".utf8))
    #expect(h1 == 0xcbd8_a7b3_41bd_9b02)
    #expect(h2 == 0x5b1e_906a_48ae_1d19)
  }

  /// Every tail length and every single-byte change gives a different fingerprint.
  @Test func sensitiveToEveryByte() {
    var seen = Set<String>()
    let base = (0..<70).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    for length in 0...70 { seen.insert(BatchFingerprint.hex(Data(base.prefix(length)))) }
    #expect(seen.count == 71)
    for index in 0..<70 {
      var changed = base
      changed[index] ^= 1
      #expect(BatchFingerprint.hex(Data(changed)) != BatchFingerprint.hex(Data(base)))
    }
  }
}

@Suite struct BatchDigestTests {
  /// The catalog's digest (file texts, no parsing) equals the digest of the parsed rules, so
  /// caches written before rules were parsed lazily stay valid.
  @Test func catalogDigestEqualsTheParsedRulesDigest() throws {
    let options = RuleSet.Options(examples: false)
    let catalog = try RuleCatalog(options)
    let digest = BatchDigest.rules(catalog)
    #expect(digest == BatchDigest.rules(try RuleSet.load(options).rules))
    #expect(digest.hasPrefix("fp128:"))
    let none = try RuleCatalog(RuleSet.Options(includeDefaults: false))
    #expect(BatchDigest.rules(none) != digest)
    #expect(BatchDigest.rules(none) == BatchDigest.rules([]))
  }
}
