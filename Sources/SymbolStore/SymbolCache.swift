import Foundation

/// Keeps a download cache (the downstream store of an `srv*cache*https://…` element) under a
/// size limit.
///
/// Symbol caches only grow: Microsoft's public PDBs for one Windows build's kernel add tens of
/// megabytes, and a helpdesk share holds dumps of many builds. When the files under the cache
/// add up to more than the limit, the least recently used ones (by modification time: a cache
/// hit touches its file) are deleted until the total fits. Files used since `keepSince` (this
/// run's files) are never deleted, even when they alone exceed the limit. Abandoned temporary
/// downloads (`*.tmp` older than an hour) and expired `.404` markers go first.
///
/// Only regular files are counted and deleted; symbolic links are neither followed nor removed,
/// so a link planted in the cache cannot make the trim delete files elsewhere.
public enum SymbolCache {
  /// What a trim did.
  public struct TrimResult: Hashable, Sendable {
    /// Bytes under the cache before the trim.
    public var bytesBefore: Int64 = 0
    /// Bytes after.
    public var bytesAfter: Int64 = 0
    /// Files deleted.
    public var removedFiles = 0
    /// Files examined.
    public var files = 0
  }

  /// The default limit: 5 GiB.
  public static let defaultLimit: Int64 = 5 << 30

  /// The most files one trim examines (a bigger folder is trimmed in part).
  static let maxFiles = 1_000_000

  /// Deletes the least recently used files under `directory` until they total at most
  /// `maxBytes`.
  ///
  /// - Parameters:
  ///   - directory: The cache directory.
  ///   - maxBytes: The limit.
  ///   - keepSince: Files modified at or after this time are kept (in use by this run).
  ///   - negativeLifetime: How long a `.404` marker stays valid.
  ///   - now: The current time.
  /// - Returns: What was found and deleted.
  @discardableResult
  public static func trim(
    directory: String, maxBytes: Int64, keepSince: Date,
    negativeLifetime: TimeInterval = 24 * 3600, now: Date = Date()
  ) -> TrimResult {
    var result = TrimResult()
    var entries: [(path: String, size: Int64, modified: Date)] = []
    let root = URL(fileURLWithPath: directory)
    guard
      let walker = FileManager.default.enumerator(
        at: root,
        includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey],
        options: [])
    else { return result }
    for case let url as URL in walker {
      guard entries.count < maxFiles else { break }
      guard
        let values = try? url.resourceValues(forKeys: [
          .isRegularFileKey, .fileSizeKey, .contentModificationDateKey,
        ]),
        values.isRegularFile == true
      else { continue }
      let size = Int64(values.fileSize ?? 0)
      let modified = values.contentModificationDate ?? .distantPast
      let name = url.lastPathComponent
      let stale =
        (name.hasSuffix(".tmp") && now.timeIntervalSince(modified) > 3600)
        || (name.hasSuffix(".404") && now.timeIntervalSince(modified) > negativeLifetime)
      if stale, (try? FileManager.default.removeItem(at: url)) != nil {
        result.removedFiles += 1
        result.bytesBefore += size
        continue
      }
      entries.append((url.path, size, modified))
    }
    result.files = entries.count + result.removedFiles
    let total = entries.reduce(Int64(0)) { $0 &+ $1.size }
    result.bytesBefore &+= total
    var remaining = total
    if remaining > maxBytes {
      for entry in entries.sorted(by: { $0.modified < $1.modified }) {
        guard remaining > maxBytes else { break }
        guard entry.modified < keepSince else { continue }
        if (try? FileManager.default.removeItem(atPath: entry.path)) != nil {
          remaining -= entry.size
          result.removedFiles += 1
          removeEmptyParents(of: entry.path, below: root.path)
        }
      }
    }
    result.bytesAfter = remaining
    return result
  }

  /// Removes the now empty `<file>/<key>` folders above a deleted file.
  private static func removeEmptyParents(of path: String, below root: String) {
    var folder = (path as NSString).deletingLastPathComponent
    while folder.count > root.count, folder.hasPrefix(root + "/") {
      guard let contents = try? FileManager.default.contentsOfDirectory(atPath: folder),
        contents.isEmpty, (try? FileManager.default.removeItem(atPath: folder)) != nil
      else { return }
      folder = (folder as NSString).deletingLastPathComponent
    }
  }
}

extension SymbolStore {
  /// The caches downloads go to: the first write directory of each HTTP(S) chain (or the
  /// default cache).
  public var downloadCaches: [String] {
    var seen: Set<String> = []
    return path.chains.compactMap { chain -> String? in
      guard chain.url != nil else { return nil }
      let cache = chain.writeDirectories.first ?? path.defaultCache
      return seen.insert(cache).inserted ? cache : nil
    }
  }

  /// Trims every download cache to `maxBytes`, keeping files used since `keepSince`.
  ///
  /// - Returns: One line per cache that was over the limit.
  public func trimDownloadCaches(maxBytes: Int64, keepSince: Date) -> [String] {
    downloadCaches.compactMap { cache in
      let result = SymbolCache.trim(directory: cache, maxBytes: maxBytes, keepSince: keepSince)
      guard result.removedFiles > 0 || result.bytesAfter > maxBytes else { return nil }
      let mib = { (bytes: Int64) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
      return
        "cache \(cache): \(mib(result.bytesBefore)) → \(mib(result.bytesAfter)) "
        + "(limit \(mib(maxBytes))), \(result.removedFiles) file(s) removed"
    }
  }
}
