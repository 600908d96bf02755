import DumpFormats
import Foundation

extension SymbolStore {
  /// Resolves symbols and images for `modules` ahead of the stack walk, `maxConcurrent` at a
  /// time, in the order given (pass frame and blamed modules first).
  ///
  /// Later `symbols(for:)` / `image(for:)` calls answer from the per-run cache. The HTTP client
  /// has its own request limit as well, so two stores cannot together exceed it.
  public func prefetch(_ modules: [LoadedModule], maxConcurrent: Int = 4) {
    // Dedicated threads, not Dispatch workers: the lookups block on downloads, and with its
    // workers blocked Dispatch adds threads about once a second (under URLSession, which
    // delivered its answers on Dispatch workers, that serialised four downloads into 1, 2, 3,
    // 4 s). libcurl blocks only the calling thread, but a batch's Dispatch workers stay free.
    run(modules, maxConcurrent: maxConcurrent) { module in
      _ = self.symbols(for: module)
      _ = self.peImage(for: module)
    }
  }

  /// Looks up the images of `modules` (servers included), `maxConcurrent` at a time, so
  /// later ``peImage(for:remote:)`` calls answer from the per-run cache.
  public func prefetchImages(_ modules: [LoadedModule], maxConcurrent: Int = 4) {
    guard remote != nil, modules.count > 1 else { return }
    run(modules, maxConcurrent: maxConcurrent) { _ = self.peImage(for: $0) }
  }

  /// Runs `body` for each module on dedicated threads.
  private func run(
    _ modules: [LoadedModule], maxConcurrent: Int, body: @escaping @Sendable (LoadedModule) -> Void
  ) {
    let queue = WorkQueue(modules)
    let done = DispatchGroup()
    for _ in 0..<min(max(1, maxConcurrent), modules.count) {
      done.enter()
      let thread = Thread {
        while let module = queue.next() { body(module) }
        done.leave()
      }
      thread.start()
    }
    done.wait()
  }

  /// Hands out modules to the prefetch threads in order.
  private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [LoadedModule]
    private var index = 0
    init(_ items: [LoadedModule]) { self.items = items }
    func next() -> LoadedModule? {
      lock.withLock {
        guard index < items.count else { return nil }
        defer { index += 1 }
        return items[index]
      }
    }
  }

  /// What the HTTP client did this run, one line per outcome and server, for the report.
  public var downloadSummary: [String] {
    guard let server = remote as? HTTPSymbolServer else { return [] }
    return HTTPSymbolServer.describe(server.summary)
  }
}

extension HTTPSymbolServer {
  /// Groups fetches by outcome: `fetched 2 files (79.5 KiB) in 0.02 s: http://…/netbt.pdb, …`.
  public static func describe(_ fetches: [Fetch]) -> [String] {
    var lines: [String] = []
    for outcome in [
      Fetch.Outcome.fetched, .shared, .notFound, .negativeCached, .rejected, .failed, .offline,
    ] {
      let group = fetches.filter { $0.outcome == outcome }
      guard !group.isEmpty else { continue }
      let bytes = group.reduce(Int64(0)) { $0 + $1.bytes }
      let seconds = group.reduce(0.0) { $0 + $1.seconds }
      let size = String(format: "%.1f KiB", Double(bytes) / 1024)
      let time = String(format: "%.2f s", seconds)
      let urls = group.prefix(5).map(\.url).joined(separator: ", ")
      let more = group.count > 5 ? ", …" : ""
      // Why requests failed or were rejected (network errors, HTTP status, missing libcurl).
      var reasons = ""
      if outcome == .failed || outcome == .rejected {
        var seen: [String] = []
        for fetch in group where !fetch.detail.isEmpty && !seen.contains(fetch.detail) {
          seen.append(fetch.detail)
        }
        if !seen.isEmpty {
          reasons = "; " + seen.prefix(3).joined(separator: "; ") + (seen.count > 3 ? "; …" : "")
        }
      }
      lines.append(
        "\(outcome.rawValue) \(group.count) (\(size), \(time)\(reasons)): \(urls)\(more)")
    }
    return lines
  }
}
