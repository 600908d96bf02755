import Foundation
import SymbolStore
import Testing

/// The download cache's size limit: least recently used files go first, this run's files stay.
@Suite struct SymbolCacheTests {
  /// Writes `bytes` bytes at `relative` with the given modification time.
  func file(_ scratch: ScratchDirectory, _ relative: String, bytes: Int, age: TimeInterval) throws
    -> String
  {
    let path = scratch.path + "/" + relative
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(repeating: 0x41, count: bytes).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: path)
    return path
  }

  func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  @Test func removesLeastRecentlyUsedFilesUntilUnderTheLimit() throws {
    let scratch = try ScratchDirectory()
    let oldest = try file(scratch, "a.pdb/1/a.pdb", bytes: 4000, age: 300)
    let older = try file(scratch, "b.pdb/2/b.pdb", bytes: 4000, age: 200)
    let recent = try file(scratch, "c.pdb/3/c.pdb", bytes: 4000, age: 100)
    let thisRun = try file(scratch, "d.sys/4/d.sys", bytes: 4000, age: 0)
    let result = SymbolCache.trim(
      directory: scratch.path, maxBytes: 9000, keepSince: Date(timeIntervalSinceNow: -10))
    #expect(result.bytesBefore == 16000)
    #expect(result.bytesAfter == 8000)
    #expect(result.removedFiles == 2)
    #expect(!exists(oldest) && !exists(older))
    #expect(exists(recent) && exists(thisRun))
    // The emptied <file>/<key> folders go too.
    #expect(!exists(scratch.path + "/a.pdb"))
  }

  @Test func keepsThisRunsFilesEvenOverTheLimit() throws {
    let scratch = try ScratchDirectory()
    let old = try file(scratch, "a.pdb/1/a.pdb", bytes: 5000, age: 600)
    let used = try file(scratch, "b.pdb/2/b.pdb", bytes: 5000, age: 0)
    let result = SymbolCache.trim(
      directory: scratch.path, maxBytes: 1000, keepSince: Date(timeIntervalSinceNow: -60))
    #expect(!exists(old))
    #expect(exists(used))
    #expect(result.bytesAfter == 5000)
  }

  @Test func underTheLimitNothingIsRemovedButStaleLeftoversAre() throws {
    let scratch = try ScratchDirectory()
    let kept = try file(scratch, "a.pdb/1/a.pdb", bytes: 100, age: 9000)
    let abandoned = try file(scratch, "a.pdb/1/.download-x.tmp", bytes: 100, age: 7200)
    let fresh = try file(scratch, "b.pdb/1/.download-y.tmp", bytes: 100, age: 10)
    let expired = try file(scratch, ".negative/abc.404", bytes: 10, age: 2 * 86400)
    let valid = try file(scratch, ".negative/def.404", bytes: 10, age: 60)
    let result = SymbolCache.trim(directory: scratch.path, maxBytes: 1 << 20, keepSince: Date())
    #expect(exists(kept) && exists(fresh) && exists(valid))
    #expect(!exists(abandoned) && !exists(expired))
    #expect(result.removedFiles == 2)
  }

  /// A symbolic link in the cache is neither followed nor counted: the trim cannot be made to
  /// delete files outside the cache.
  @Test func symbolicLinksAreNotFollowed() throws {
    let scratch = try ScratchDirectory()
    let outside = try ScratchDirectory()
    let precious = try file(outside, "keep/me.pdb", bytes: 50000, age: 9000)
    try FileManager.default.createDirectory(
      atPath: scratch.path + "/x.pdb", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: scratch.path + "/x.pdb/link", withDestinationPath: outside.path + "/keep")
    try FileManager.default.createSymbolicLink(
      atPath: scratch.path + "/y.pdb", withDestinationPath: precious)
    let small = try file(scratch, "z.pdb/1/z.pdb", bytes: 10, age: 9000)
    let result = SymbolCache.trim(directory: scratch.path, maxBytes: 1, keepSince: Date())
    #expect(exists(precious))
    #expect(!exists(small))
    #expect(result.bytesBefore == 10)
  }

  @Test func storeTrimsOnlyItsDownloadCaches() throws {
    let scratch = try ScratchDirectory()
    let cache = scratch.path + "/cache"
    let local = scratch.path + "/local"
    let cached = try file(scratch, "cache/a.pdb/1/a.pdb", bytes: 3000, age: 900)
    let localFile = try file(scratch, "local/b.pdb/1/b.pdb", bytes: 3000, age: 900)
    let store = SymbolStore(
      path: SymbolPath(parsing: "\(local);srv*\(cache)*https://symbols.invalid"))
    #expect(store.downloadCaches == [cache])
    let lines = store.trimDownloadCaches(maxBytes: 1000, keepSince: Date())
    #expect(lines.count == 1)
    #expect(lines.first?.contains("1 file(s) removed") == true)
    #expect(!exists(cached))
    #expect(exists(localFile))
  }
}
