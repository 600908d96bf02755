import Foundation
import Testing
import TriageReporting

@testable import DumpTriage

@Suite struct BatchContentHashTests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func fipsVectors(input: String, digest: String) {
    #expect(BatchContentHash.hex(Data(input.utf8)) == digest)
  }

  @Test func millionAs() {
    let data = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(
      BatchContentHash.hex(data)
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// Lengths around the 55/56/64-byte padding boundaries agree with a slice of a longer buffer.
  @Test func paddingBoundaries() {
    for length in [55, 56, 57, 63, 64, 65, 119, 120, 128] {
      let data = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) })
      let sliced = Data([0xFF] + Array(data)).dropFirst()
      #expect(BatchContentHash.hex(data) == BatchContentHash.hex(Data(sliced)), "\(length)")
      #expect(BatchContentHash.hex(data).count == 64)
    }
  }
}

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
