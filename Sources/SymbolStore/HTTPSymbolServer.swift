import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads symbol files from SymStore HTTP(S) servers (Microsoft's public server, company
/// shares behind IIS, Mozilla-style Breakpad servers) with Foundation's `URLSession`.
///
/// Per request: `GET <server>/<file>/<key>/<leaf>`, then the compressed form
/// `<server>/<file>/<key>/<leaf minus last char>_` (a cabinet, decoded by the container code),
/// then `<server>/<file>/<key>/file.ptr` (a redirect to a path or URL). 5xx answers and transport
/// errors are retried with exponential backoff; 404s are remembered in a negative cache (with
/// expiry) so the next run does not ask again. A download is written to a temporary file beside
/// its destination, verified by the caller's check (GUID/age, timestamp/size, MODULE id) and only
/// then renamed into place. Concurrent requests are limited by a semaphore.
public final class HTTPSymbolServer: RemoteSymbolSource, @unchecked Sendable {
  /// Tunables.
  public struct Options: Sendable {
    /// Seconds to wait for a connection or for the next bytes (URLSession's request timeout).
    public var idleTimeout: TimeInterval = 10
    /// Seconds one download may take in total.
    public var totalTimeout: TimeInterval = 300
    /// Attempts per URL for 5xx answers and transport errors.
    public var attempts: Int = 3
    /// Delay before the first retry (doubled each time).
    public var backoff: TimeInterval = 0.5
    /// Requests in flight at once.
    public var maxConcurrent: Int = 4
    /// Largest file accepted, in bytes.
    public var maxBytes: Int64 = 2 << 30
    /// How long a 404 is remembered.
    public var negativeCacheLifetime: TimeInterval = 24 * 3600
    /// Where the negative cache lives (`nil`: not persisted).
    public var negativeCacheDirectory: String?
    /// Use only what is cached: never touch the network.
    public var offline = false

    /// Default options.
    public init() {}
  }

  /// One request's outcome, for the run summary.
  public struct Fetch: Hashable, Sendable {
    /// What happened.
    public enum Outcome: String, Hashable, Sendable {
      /// Downloaded and verified.
      case fetched
      /// The server does not have it (404).
      case notFound = "not_found"
      /// Skipped: a recent 404 is remembered.
      case negativeCached = "negative_cached"
      /// Downloaded but the verification rejected it (wrong file, truncated).
      case rejected
      /// Network or server failure after the retries.
      case failed
      /// Skipped because of `--offline`.
      case offline
      /// Not asked again: another lookup was already downloading the same file; its result
      /// was used.
      case shared
    }
    /// The URL asked for.
    public var url: String
    /// What happened.
    public var outcome: Outcome
    /// Bytes received.
    public var bytes: Int64
    /// Seconds spent.
    public var seconds: Double
    /// Extra detail (HTTP status, error).
    public var detail: String
  }

  /// Tunables.
  public let options: Options
  private let session: URLSession
  private let slots: DispatchSemaphore
  private let lock = NSLock()
  private var fetches: [Fetch] = []
  /// Downloads in progress by destination path: a second request for the same file waits for
  /// the first instead of downloading it again (two dumps of a batch needing one PDB).
  private var inFlight: [String: DispatchGroup] = [:]

  /// Creates a client.
  public init(options: Options = Options()) {
    self.options = options
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = options.idleTimeout
    configuration.timeoutIntervalForResource = options.totalTimeout
    configuration.httpMaximumConnectionsPerHost = max(1, options.maxConcurrent)
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.urlCache = nil
    configuration.httpAdditionalHeaders = ["User-Agent": "dumptriage-symsrv/1"]
    session = URLSession(configuration: configuration)
    slots = DispatchSemaphore(value: max(1, options.maxConcurrent))
  }

  deinit { session.invalidateAndCancel() }

  /// Every request made so far, in order.
  public var summary: [Fetch] { lock.withLock { fetches } }

  private func record(_ fetch: Fetch) { lock.withLock { fetches.append(fetch) } }

  // MARK: RemoteSymbolSource

  public func fetch(
    server: String, file: String, key: String, leaf: String, into directory: String,
    decompressor: (@Sendable (Data) throws -> Data)?, verify: (String) -> Bool
  ) -> String? {
    guard StoreLayout.isSafeComponent(file), StoreLayout.isSafeComponent(key),
      StoreLayout.isSafeComponent(leaf)
    else { return nil }
    let base = server.hasSuffix("/") ? String(server.dropLast()) : server
    let folder = "\(base)/\(Self.escape(file))/\(Self.escape(key))/"
    let destination = "\(directory)/\(file)/\(key)/\(leaf)"
    let plainURL = folder + Self.escape(leaf)
    if options.offline {
      record(Fetch(url: plainURL, outcome: .offline, bytes: 0, seconds: 0, detail: ""))
      return nil
    }
    if isNegativelyCached(plainURL) {
      record(Fetch(url: plainURL, outcome: .negativeCached, bytes: 0, seconds: 0, detail: ""))
      return nil
    }
    let (group, isFirst) = lock.withLock { () -> (DispatchGroup, Bool) in
      if let running = inFlight[destination] { return (running, false) }
      let group = DispatchGroup()
      group.enter()
      inFlight[destination] = group
      return (group, true)
    }
    guard isFirst else {
      let start = Date()
      group.wait()
      // The first request verified and renamed the file into place, or found nothing.
      let stored = FileManager.default.fileExists(atPath: destination)
      record(
        Fetch(
          url: plainURL, outcome: .shared, bytes: 0, seconds: Date().timeIntervalSince(start),
          detail: stored ? "stored by a concurrent request" : "a concurrent request found nothing"))
      return stored ? destination : nil
    }
    defer {
      lock.withLock { inFlight[destination] = nil }
      group.leave()
    }
    return fetchFirst(
      folder: folder, plainURL: plainURL, leaf: leaf, destination: destination,
      decompressor: decompressor, verify: verify)
  }

  /// The three lookups of ``fetch(server:file:key:leaf:into:decompressor:verify:)`` for the
  /// first request of a file.
  private func fetchFirst(
    folder: String, plainURL: String, leaf: String, destination: String,
    decompressor: (@Sendable (Data) throws -> Data)?, verify: (String) -> Bool
  ) -> String? {
    var anyFailure = false
    // 1. The plain file.
    switch download(plainURL, destination: destination, transform: nil, verify: verify) {
    case .stored: return destination
    case .notFound: break
    case .failedOrRejected: anyFailure = true
    }
    // 2. The compressed cabinet.
    if let decompressor {
      let compressedURL = folder + Self.escape(StoreLayout.compressedName(leaf))
      switch download(
        compressedURL, destination: destination, transform: decompressor, verify: verify)
      {
      case .stored: return destination
      case .notFound: break
      case .failedOrRejected: anyFailure = true
      }
    }
    // 3. file.ptr.
    let pointerURL = folder + "file.ptr"
    if case .body(let data) = get(pointerURL, limit: 4096) {
      let text = String(decoding: data, as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines)
      // Only URLs are followed: a server must not make us read local files (a UNC path in a
      // company store's file.ptr has no meaning here anyway).
      if let target = Self.pointerTarget(text), SymbolPath.isURL(target),
        case .stored = download(target, destination: destination, transform: nil, verify: verify)
      {
        return destination
      }
      anyFailure = true
    }
    if !anyFailure { rememberNotFound(plainURL) }
    return nil
  }

  /// The target of a `file.ptr` body (`PATH:` optional; `MSG:` is a refusal).
  static func pointerTarget(_ text: String) -> String? {
    guard !text.isEmpty, !text.uppercased().hasPrefix("MSG:"), !text.contains("\0") else {
      return nil
    }
    let target = text.uppercased().hasPrefix("PATH:") ? String(text.dropFirst(5)) : text
    return SymbolPath.isURL(target) ? target : target.replacingOccurrences(of: "\\", with: "/")
  }

  static func escape(_ component: String) -> String {
    component.addingPercentEncoding(
      withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
      ?? component
  }

  // MARK: Requests

  enum Answer {
    case body(Data)
    case status(Int)
    case failure(String)
  }

  enum Stored {
    case stored
    case notFound
    case failedOrRejected
  }

  /// Downloads `url`, transforms (decompresses) it, verifies it and stores it atomically.
  private func download(
    _ url: String, destination: String, transform: (@Sendable (Data) throws -> Data)?,
    verify: (String) -> Bool
  ) -> Stored {
    let start = Date()
    switch get(url, limit: options.maxBytes) {
    case .body(let data):
      let seconds = Date().timeIntervalSince(start)
      var payload = data
      if let transform {
        guard let plain = try? transform(data) else {
          record(
            Fetch(
              url: url, outcome: .rejected, bytes: Int64(data.count), seconds: seconds,
              detail: "cannot decompress"))
          return .failedOrRejected
        }
        payload = plain
      }
      guard storeVerified(payload, destination: destination, verify: verify) else {
        record(
          Fetch(
            url: url, outcome: .rejected, bytes: Int64(data.count), seconds: seconds,
            detail: "verification failed (wrong or truncated file)"))
        return .failedOrRejected
      }
      record(
        Fetch(
          url: url, outcome: .fetched, bytes: Int64(data.count), seconds: seconds, detail: "200"))
      return .stored
    case .status(let code):
      let seconds = Date().timeIntervalSince(start)
      if code == 404 || code == 410 {
        record(Fetch(url: url, outcome: .notFound, bytes: 0, seconds: seconds, detail: "\(code)"))
        return .notFound
      }
      record(Fetch(url: url, outcome: .failed, bytes: 0, seconds: seconds, detail: "HTTP \(code)"))
      return .failedOrRejected
    case .failure(let message):
      record(
        Fetch(
          url: url, outcome: .failed, bytes: 0, seconds: Date().timeIntervalSince(start),
          detail: message))
      return .failedOrRejected
    }
  }

  /// Writes `data` beside `destination`, runs `verify` on it, then renames it into place.
  private func storeVerified(_ data: Data, destination: String, verify: (String) -> Bool) -> Bool {
    let directory = (destination as NSString).deletingLastPathComponent
    let temporary = directory + "/.download-\(UUID().uuidString).tmp"
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try data.write(to: URL(fileURLWithPath: temporary))
    } catch {
      return false
    }
    guard verify(temporary) else {
      try? FileManager.default.removeItem(atPath: temporary)
      return false
    }
    guard let verified = FileManager.default.contents(atPath: temporary),
      StoreLayout.writeAtomically(verified, to: destination)
    else {
      try? FileManager.default.removeItem(atPath: temporary)
      return false
    }
    try? FileManager.default.removeItem(atPath: temporary)
    return true
  }

  /// GET with retries on 5xx and transport errors.
  func get(_ url: String, limit: Int64) -> Answer {
    guard let target = URL(string: url) else { return .failure("bad URL") }
    var delay = options.backoff
    var last: Answer = .failure("no attempt")
    for attempt in 0..<max(1, options.attempts) {
      if attempt > 0 {
        Thread.sleep(forTimeInterval: delay)
        delay *= 2
      }
      last = once(target, limit: limit)
      switch last {
      case .body: return last
      case .status(let code) where code < 500: return last
      default: continue
      }
    }
    return last
  }

  /// One GET, holding a concurrency slot.
  ///
  /// Blocks the calling thread until the answer arrives; call it from ordinary threads (see
  /// ``SymbolStore/prefetch(_:maxConcurrent:)``), not from many Dispatch workers at once, or
  /// URLSession's completion delivery waits for Dispatch to grow its pool.
  private func once(_ url: URL, limit: Int64) -> Answer {
    slots.wait()
    defer { slots.signal() }
    let done = DispatchSemaphore(value: 0)
    let box = AnswerBox()
    var request = URLRequest(url: url)
    request.httpMethod = "GET"
    request.timeoutInterval = options.idleTimeout
    let task = session.dataTask(with: request) { data, response, error in
      defer { done.signal() }
      if let error {
        box.answer = .failure(error.localizedDescription)
        return
      }
      guard let http = response as? HTTPURLResponse else {
        box.answer = .failure("not an HTTP response")
        return
      }
      guard http.statusCode == 200 else {
        box.answer = .status(http.statusCode)
        return
      }
      let body = data ?? Data()
      let expected = http.expectedContentLength
      if expected >= 0, Int64(body.count) != expected {
        box.answer = .failure("truncated: \(body.count) of \(expected) bytes")
      } else if Int64(body.count) > limit {
        box.answer = .failure("larger than the \(limit)-byte limit")
      } else {
        box.answer = .body(body)
      }
    }
    task.resume()
    if done.wait(timeout: .now() + options.totalTimeout + 1) == .timedOut {
      task.cancel()
      return .failure("timed out after \(options.totalTimeout) s")
    }
    return box.answer
  }

  private final class AnswerBox: @unchecked Sendable {
    var answer: Answer = .failure("no answer")
  }

  // MARK: Negative cache

  private func negativePath(_ url: String) -> String? {
    guard let directory = options.negativeCacheDirectory else { return nil }
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in url.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return directory + "/" + String(hash, radix: 16) + ".404"
  }

  private var memoryNegatives: [String: Date] = [:]

  func isNegativelyCached(_ url: String) -> Bool {
    if let when = lock.withLock({ memoryNegatives[url] }),
      Date().timeIntervalSince(when) < options.negativeCacheLifetime
    {
      return true
    }
    guard let path = negativePath(url),
      let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let modified = attributes[.modificationDate] as? Date,
      let content = FileManager.default.contents(atPath: path),
      String(decoding: content, as: UTF8.self) == url
    else { return false }
    return Date().timeIntervalSince(modified) < options.negativeCacheLifetime
  }

  private func rememberNotFound(_ url: String) {
    lock.withLock { memoryNegatives[url] = Date() }
    if let path = negativePath(url) {
      StoreLayout.writeAtomically(Data(url.utf8), to: path)
    }
  }
}
