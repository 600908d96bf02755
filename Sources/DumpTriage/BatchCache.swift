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
  /// Guards `pending`, `writing`, `writerStarted`, `known` and `writeError`.
  private let condition = NSCondition()
  private var pending: [(key: String, hash: String, json: Data)] = []
  /// Whether a transaction is being written (by the writer thread or by ``flush()``).
  private var writing = false
  private var writerStarted = false
  /// Content hashes with a committed result for this tool version and rules digest: a lookup
  /// of anything else (every dump of a cold run) answers at once, without a query.
  private var known: Set<String> = []
  private var writeError: (any Error)?
  // Results are committed in the background by a thread of the cache's own, so no worker
  // waits for SQLite (a commit, or the WAL checkpoint one in a thousand pages triggers, with
  // its fsync). Not a dispatch queue: while a batch's workers fill Dispatch's threads, a block
  // queued for the writer could wait for seconds (seen in the parallel test run).
  /// Results queued before a worker waits for the writer (bounds memory).
  private var queueLimit: Int { batchSize * 16 }
  /// Results written per transaction at least (`DUMPTRIAGE_CACHE_BATCH` overrides, for tests);
  /// when the writer falls behind, one transaction takes everything queued.
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
    let suffix = "|\(toolVersion)|\(rulesDigest)"
    known = Set(
      (try? opened.read { db in
        try String.fetchAll(
          db, sql: "SELECT content_hash FROM results WHERE key = content_hash || ?",
          arguments: [suffix])
      }) ?? [])
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
    condition.lock()
    let isKnown = known.contains(contentHash)
    condition.unlock()
    guard isKnown else { return nil }
    let key = key(contentHash: contentHash)
    guard
      let data = try? pool.read({ db in
        try Data.fetchOne(db, sql: "SELECT report FROM results WHERE key = ?", arguments: [key])
      })
    else { return nil }
    return try? JSONDecoder().decode(DumpReport.self, from: data)
  }

  /// Queues a result; committed in the background once ``batchSize`` are queued, and by
  /// ``flush()``.
  public func store(_ report: DumpReport, contentHash: String) throws {
    try store(json: try JSONEncoder().encode(report), contentHash: contentHash)
  }

  /// Queues a result already encoded as JSON (as the batch runner encodes it for the output).
  public func store(json data: Data, contentHash: String) throws {
    condition.lock()
    defer { condition.unlock() }
    pending.append((key(contentHash: contentHash), contentHash, data))
    if pending.count >= batchSize {
      startWriter()
      condition.broadcast()
    }
    // A writer far behind (a slow disk) holds the workers back rather than the queue growing.
    while pending.count >= queueLimit { condition.wait() }
  }

  /// Starts the writer thread once; called with `condition` locked.
  ///
  /// The thread holds the cache only while it commits or waits (half a second at most), so a
  /// cache no longer used is released and its thread ends.
  private func startWriter() {
    guard !writerStarted else { return }
    writerStarted = true
    let thread = Thread { [weak self] in
      while let cache = self {
        cache.writerStep()
      }
    }
    thread.name = "dumptriage cache writer"
    thread.start()
  }

  /// One turn of the writer: waits for a full batch (or half a second), then commits whatever
  /// is queued while at least ``batchSize`` results wait.
  private func writerStep() {
    condition.lock()
    defer { condition.unlock() }
    if pending.count < batchSize || writing {
      _ = condition.wait(until: Date().addingTimeInterval(0.5))
    }
    while !writing, pending.count >= batchSize {
      commitPending()
    }
  }

  /// Writes everything queued in one transaction; called with `condition` locked and no write
  /// under way, returns with it locked.
  private func commitPending() {
    let batch = pending
    pending.removeAll(keepingCapacity: true)
    writing = true
    condition.unlock()
    var failure: (any Error)?
    do {
      try pool.write { db in
        let statement = try db.cachedStatement(
          sql: "INSERT OR REPLACE INTO results (key, content_hash, report) VALUES (?, ?, ?)")
        for item in batch {
          try statement.execute(arguments: [item.key, item.hash, item.json])
        }
      }
    } catch {
      failure = error
    }
    condition.lock()
    writing = false
    if let failure {
      writeError = writeError ?? failure
    } else {
      for item in batch { known.insert(item.hash) }
    }
    condition.broadcast()
  }

  /// Commits queued results in one transaction and waits for the writer; throws the first
  /// error a background commit met.
  public func flush() throws {
    condition.lock()
    defer { condition.unlock() }
    while writing { condition.wait() }
    if !pending.isEmpty { commitPending() }
    if let error = writeError {
      writeError = nil
      throw error
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
