import Foundation
import GRDB
import TriageReporting

/// The batch results cache: an SQLite file (GRDB) of dump reports keyed by content hash, tool
/// version and rules digest, so unchanged dumps are not analysed again.
///
/// Writes are grouped into transactions; a killed process loses at most the results not yet
/// committed, never the file's consistency (WAL journal). A file that is not a readable cache is
/// moved aside and rebuilt, with a warning.
public final class BatchCache: @unchecked Sendable {
  /// The current layout; a file with another layout is rebuilt.
  static let layoutVersion = 1

  private let pool: DatabasePool
  private let toolVersion: String
  private let rulesDigest: String
  private let lock = NSLock()
  private var pending: [(key: String, hash: String, json: Data)] = []
  /// Results written per transaction (`DUMPTRIAGE_CACHE_BATCH` overrides, for tests).
  public var batchSize =
    ProcessInfo.processInfo.environment["DUMPTRIAGE_CACHE_BATCH"].flatMap { Int($0) }
    .map { max(1, $0) } ?? 256

  /// Warnings raised while opening (a rebuilt cache).
  public private(set) var warnings: [String] = []

  /// Opens or creates the cache at `path`.
  ///
  /// - Throws: When the file can neither be opened nor recreated.
  public init(path: String, toolVersion: String, rulesDigest: String) throws {
    self.toolVersion = toolVersion
    self.rulesDigest = rulesDigest
    var warnings: [String] = []
    let opened: DatabasePool
    do {
      opened = try Self.open(path)
    } catch {
      warnings.append(
        "cache \(path) is unreadable (\(Self.describe(error))); rebuilding it from scratch")
      Self.moveAside(path)
      opened = try Self.open(path)
    }
    pool = opened
    self.warnings = warnings
  }

  private static func describe(_ error: any Error) -> String {
    if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
    return "\(error)"
  }

  private static func moveAside(_ path: String) {
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: path + suffix)
    }
  }

  private static func open(_ path: String) throws -> DatabasePool {
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    // WAL with synchronous=NORMAL: a killed process loses nothing committed and never corrupts
    // the file; only a power cut may drop the last transactions, which a cache can afford.
    // FULL (an fsync per commit) made a cold batch three times slower here.
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }
    let pool = try DatabasePool(path: path, configuration: configuration)
    try pool.write { db in
      let check = try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "no answer"
      guard check == "ok" else {
        throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "quick_check: \(check)")
      }
      let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
      if version != layoutVersion {
        try db.execute(sql: "DROP TABLE IF EXISTS results")
        try db.execute(sql: "DROP TABLE IF EXISTS runs")
        try db.execute(sql: "DROP TABLE IF EXISTS run_buckets")
        try db.execute(
          sql: """
            CREATE TABLE results (
              key TEXT PRIMARY KEY NOT NULL,
              content_hash TEXT NOT NULL,
              report BLOB NOT NULL
            );
            CREATE TABLE runs (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              finished INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE run_buckets (
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              bucket TEXT NOT NULL,
              PRIMARY KEY (run_id, bucket)
            );
            PRAGMA user_version = \(layoutVersion);
            """)
      }
    }
    return pool
  }

  func key(contentHash: String) -> String { "\(contentHash)|\(toolVersion)|\(rulesDigest)" }

  /// The cached report for a file's content, without its path or machine (the caller sets them).
  public func lookup(contentHash: String) -> DumpReport? {
    let key = key(contentHash: contentHash)
    guard
      let data = try? pool.read({ db in
        try Data.fetchOne(db, sql: "SELECT report FROM results WHERE key = ?", arguments: [key])
      })
    else { return nil }
    return try? JSONDecoder().decode(DumpReport.self, from: data)
  }

  /// Queues a result; committed in groups of ``batchSize`` and by ``flush()``.
  public func store(_ report: DumpReport, contentHash: String) throws {
    let data = try JSONEncoder().encode(report)
    lock.lock()
    pending.append((key(contentHash: contentHash), contentHash, data))
    let full = pending.count >= batchSize
    lock.unlock()
    if full { try flush() }
  }

  /// Commits queued results in one transaction.
  public func flush() throws {
    lock.lock()
    let batch = pending
    pending.removeAll()
    lock.unlock()
    guard !batch.isEmpty else { return }
    try pool.write { db in
      for item in batch {
        try db.execute(
          sql: "INSERT OR REPLACE INTO results (key, content_hash, report) VALUES (?, ?, ?)",
          arguments: [item.key, item.hash, item.json])
      }
    }
  }

  /// Bucket IDs of the last finished run, or `nil` when there was none.
  public func previousBuckets() -> Set<String>? {
    try? pool.read { db in
      guard
        let run = try Int64.fetchOne(
          db, sql: "SELECT id FROM runs WHERE finished = 1 ORDER BY id DESC LIMIT 1")
      else { return nil }
      return Set(
        try String.fetchAll(
          db, sql: "SELECT bucket FROM run_buckets WHERE run_id = ?", arguments: [run]))
    }
  }

  /// Records a finished run's buckets (for "new buckets since the previous run").
  public func recordRun(buckets: Set<String>) throws {
    try flush()
    try pool.write { db in
      try db.execute(sql: "INSERT INTO runs (finished) VALUES (1)")
      let run = db.lastInsertedRowID
      for bucket in buckets.sorted() {
        try db.execute(
          sql: "INSERT OR IGNORE INTO run_buckets (run_id, bucket) VALUES (?, ?)",
          arguments: [run, bucket])
      }
      // Keep the last ten runs.
      try db.execute(
        sql: "DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT 10)")
      try db.execute(
        sql: "DELETE FROM run_buckets WHERE run_id NOT IN (SELECT id FROM runs)")
    }
  }

  /// Number of cached results (for tests and `--verbose`).
  public func count() throws -> Int {
    try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results") ?? 0 }
  }
}
