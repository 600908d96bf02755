import CHTTP
import Foundation

/// Downloads symbol files from SymStore HTTP(S) servers (Microsoft's public server, company
/// shares behind IIS, Mozilla-style Breakpad servers) with libcurl.
///
/// libcurl is loaded when the first request is made (`CHTTP`), not linked: linking it (or
/// FoundationNetworking, which links it) cost every start of the tool about 7 ms of mapping
/// TLS, Kerberos and LDAP libraries. Redirects are followed (up to 5, HTTP and HTTPS only);
/// proxies come from the usual `http_proxy`/`https_proxy` variables, as libcurl reads them.
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
    /// Seconds to wait for a connection, and the longest stall (under one byte per second)
    /// tolerated during a transfer.
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
  private let slots: DispatchSemaphore
  private let lock = NSLock()
  private var fetches: [Fetch] = []
  /// Downloads in progress by destination path: a second request for the same file waits for
  /// the first instead of downloading it again (two dumps of a batch needing one PDB).
  private var inFlight: [String: DispatchGroup] = [:]

  /// Creates a client.
  public init(options: Options = Options()) {
    self.options = options
    slots = DispatchSemaphore(value: max(1, options.maxConcurrent))
  }

  /// The `User-Agent` of every request.
  static let userAgent = "dumptriage-symsrv/1"

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
    /// No HTTP answer at all (refused, unresolvable, TLS or connect failure).
    case noAnswer(String)
    /// No request can be made (libcurl missing, host given up on): not retried.
    case unavailable(String)
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
    case .failure(let message), .noAnswer(let message), .unavailable(let message):
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

  /// After this many URLs of one server in a row got no HTTP answer through all their
  /// attempts, the server is not asked again in this run: a server that is down would
  /// otherwise cost every later lookup its retries and backoff (12 s per dump, measured).
  static let unreachableAfter = 3

  /// Per server (`scheme://host:port`): URLs in a row that got no HTTP answer.
  private var silentURLs: [String: Int] = [:]

  /// GET with retries on 5xx and transport errors.
  func get(_ url: String, limit: Int64) -> Answer {
    guard let target = URL(string: url) else { return .failure("bad URL") }
    let server = Self.serverKey(target)
    if lock.withLock({ silentURLs[server, default: 0] >= Self.unreachableAfter }) {
      return .unavailable(
        "\(server) gave no answer to \(Self.unreachableAfter) requests in a row; not asked again in this run"
      )
    }
    var delay = options.backoff
    var last: Answer = .failure("no attempt")
    for attempt in 0..<max(1, options.attempts) {
      if attempt > 0 {
        Thread.sleep(forTimeInterval: delay)
        delay *= 2
      }
      last = once(target, limit: limit)
      switch last {
      case .body, .unavailable: break
      case .status(let code) where code < 500: break
      default: continue
      }
      break
    }
    lock.withLock {
      switch last {
      case .noAnswer: silentURLs[server, default: 0] += 1
      case .body, .status, .failure: silentURLs[server] = 0
      case .unavailable: break
      }
    }
    return last
  }

  /// `scheme://host:port` of a URL.
  static func serverKey(_ url: URL) -> String {
    "\(url.scheme ?? "")://\(url.host ?? "")" + (url.port.map { ":\($0)" } ?? "")
  }

  /// One GET, holding a concurrency slot; blocks the calling thread until the answer arrives.
  private func once(_ url: URL, limit: Int64) -> Answer {
    slots.wait()
    defer { slots.signal() }
    let body = BodyBuffer(limit: limit)
    let context = Unmanaged.passRetained(body)
    defer { context.release() }
    func seconds(_ interval: TimeInterval) -> Int { max(1, Int(interval.rounded(.up))) }
    let result = chttp_get(
      url.absoluteString, Self.userAgent, seconds(options.idleTimeout),
      seconds(options.idleTimeout), seconds(options.totalTimeout),
      { bytes, count, context in
        guard let bytes, let context else { return 1 }
        let buffer = Unmanaged<BodyBuffer>.fromOpaque(context).takeUnretainedValue()
        return buffer.append(UnsafeRawBufferPointer(start: bytes, count: count)) ? 0 : 1
      }, context.toOpaque())
    let message = withUnsafeBytes(of: result.message) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    if body.overflowed { return .failure("larger than the \(limit)-byte limit") }
    if result.code == -1 { return .unavailable(message) }
    guard result.code == 0 else {
      let text = message.isEmpty ? "transfer failed (libcurl \(result.code))" : message
      return result.status == 0 ? .noAnswer(text) : .failure(text)
    }
    guard result.status == 200 else { return .status(result.status) }
    return .body(body.data)
  }

  /// The body of one response, refused beyond a limit.
  private final class BodyBuffer: @unchecked Sendable {
    let limit: Int64
    var data = Data()
    var overflowed = false

    init(limit: Int64) { self.limit = limit }

    /// Appends bytes; `false` (stop the transfer) when they would pass the limit.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
      guard Int64(data.count) + Int64(bytes.count) <= limit else {
        overflowed = true
        return false
      }
      data.append(contentsOf: bytes)
      return true
    }
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
