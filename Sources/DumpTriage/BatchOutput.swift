import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output files atomically: a temporary file beside the target, then a rename, so a
/// reader never sees half a report and an interrupted run never truncates the previous one.
public enum AtomicFile {
  /// Writes `text` to `path` (`-` = standard output).
  ///
  /// - Throws: When the folder is not writable or the rename fails.
  public static func write(_ text: String, to path: String) throws {
    if path == "-" {
      FileHandle.standardOutput.write(Data(text.utf8))
      return
    }
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).\(getpid()).tmp")
    do {
      try Data(text.utf8).write(to: temporary)
      let handle = try FileHandle(forUpdating: temporary)
      try handle.synchronize()
      try handle.close()
      if rename(temporary.path, url.path) != 0 {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }
}

/// Progress on standard error when it is a terminal: count, rate, ETA and the current file.
public final class BatchProgressPrinter: @unchecked Sendable {
  private let lock = NSLock()
  private let start = Date()
  private var lastPrint = Date.distantPast
  private var printed = false
  /// Seconds between updates.
  public var interval = 0.1

  /// Creates a printer.
  public init() {}

  /// Whether standard error is a terminal.
  public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// Reports one finished dump.
  public func update(finished: Int, total: Int, current: String) {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    guard finished == total || now.timeIntervalSince(lastPrint) >= interval else { return }
    lastPrint = now
    let elapsed = max(0.001, now.timeIntervalSince(start))
    let rate = Double(finished) / elapsed
    let remaining = rate > 0 ? Double(total - finished) / rate : 0
    let eta = Self.clock(remaining)
    var name = current
    if name.count > 40 { name = "…" + name.suffix(39) }
    let line = "[\(finished)/\(total)] \(Int(rate)) dumps/s, ETA \(eta)  \(name)"
    FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    printed = true
  }

  /// Ends the progress line.
  public func finish() {
    lock.lock()
    defer { lock.unlock() }
    if printed { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }

  static func clock(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0, seconds < 360_000 else { return "?" }
    let total = Int(seconds.rounded())
    return String(format: "%d:%02d", total / 60, total % 60)
  }
}

/// SIGINT handling for batches: the first Ctrl-C sets the stop flag (finish what is in flight,
/// write a partial report); a second one exits at once with status 130.
///
/// A plain signal handler that bumps a counter, not a Dispatch signal source: on Linux a
/// Dispatch source only sees the signal when it is delivered to the thread that set the source
/// up, and with `SIG_IGN` for the others the batch workers swallowed it.
public enum BatchInterrupt {
  /// Signals received; allocated once, before the handler is installed.
  nonisolated(unsafe) static let counter: UnsafeMutablePointer<sig_atomic_t> = {
    let pointer = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
  }()

  /// Installs the handler; returns the flag it sets.
  public static func install() -> BatchStopFlag {
    let counter = Self.counter
    counter.pointee = 0
    // A parent may start us with SIGINT blocked (Foundation's Process does); unblock it here,
    // on the main thread, which also runs batch work.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    signal(SIGINT) { _ in
      let counter = BatchInterrupt.counter
      counter.pointee += 1
      if counter.pointee >= 2 { _exit(130) }
    }
    return BatchStopFlag(signalCounter: counter)
  }
}
