import Foundation
import TriageReporting

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

/// An output file written as it goes and published at the end: a temporary file beside the
/// target, renamed over it by ``commit()``, so a reader never sees half a report and a killed
/// run never truncates the previous one.
///
/// Standard output (`-`) is written straight through, unless another output already streams to
/// it: then the text is held and written by ``commit()``, so two outputs never interleave.
public final class StreamingFile: @unchecked Sendable {
  private let path: String
  private let temporary: URL?
  private var handle: FileHandle?
  private var buffer = Data()
  private var held: Data?
  private static let standardOutputLock = NSLock()
  nonisolated(unsafe) private static var standardOutputTaken = false

  /// Opens `path` (`-` = standard output) for writing.
  ///
  /// - Throws: When the temporary file cannot be created (the folder is missing or not
  ///   writable).
  public init(path: String) throws {
    self.path = path
    guard path != "-" else {
      temporary = nil
      Self.standardOutputLock.lock()
      defer { Self.standardOutputLock.unlock() }
      if Self.standardOutputTaken {
        held = Data()
      } else {
        Self.standardOutputTaken = true
        handle = FileHandle.standardOutput
      }
      return
    }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    Self.removeStaleTemporaries(of: url.lastPathComponent, in: folder)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
    }
    self.temporary = temporary
    handle = try FileHandle(forWritingTo: temporary)
  }

  /// Temporary files of runs that were killed (their process is gone).
  private static func removeStaleTemporaries(of name: String, in folder: URL) {
    let prefix = ".\(name)."
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
      return
    }
    for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
      let middle = entry.dropFirst(prefix.count).dropLast(4)
      guard let pid = pid_t(middle), pid > 0, pid != getpid() else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(entry))
      }
    }
  }

  /// Appends `text`.
  public func write(_ text: String) throws {
    if held != nil {
      held?.append(contentsOf: text.utf8)
      return
    }
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 20 { try drain() }
  }

  private func drain() throws {
    guard !buffer.isEmpty, let handle else { return }
    try handle.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes what is left and publishes the file (renames it over the target).
  public func commit() throws {
    if let held {
      FileHandle.standardOutput.write(held)
      self.held = nil
      return
    }
    do {
      try drain()
      guard let temporary, let handle else { return }
      try handle.synchronize()
      try handle.close()
      self.handle = nil
      if rename(temporary.path, path) != 0 {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
      }
    } catch {
      discard()
      throw error
    }
  }

  /// Removes the temporary file (a run that cannot finish its output).
  public func discard() {
    if let temporary {
      try? handle?.close()
      handle = nil
      try? FileManager.default.removeItem(at: temporary)
    }
  }
}

/// Streams a run's reports to its outputs as they come, in path order, while counting what the
/// summary needs; nothing per dump is kept (but HTML's table row).
public final class BatchReportWriter: @unchecked Sendable {
  /// One output: how it is rendered and where it goes.
  public struct Output {
    /// The renderer.
    public var renderer: any StreamingRenderer
    /// The file.
    public var file: StreamingFile

    /// Creates an output.
    public init(renderer: any StreamingRenderer, file: StreamingFile) {
      self.renderer = renderer
      self.file = file
    }
  }

  private var outputs: [Output]
  private var builder = BatchSummary.Builder()
  private var error: (any Error)?
  /// The errors of the dumps that failed, in path order.
  public private(set) var errors: [String] = []

  /// Creates a writer for `outputs`.
  public init(outputs: [Output]) {
    self.outputs = outputs
  }

  /// Renders and writes one report.
  ///
  /// Reports come one at a time, in path order. A write error stops the writing and is thrown
  /// by ``finish(tool:partial:summary:)``.
  public func add(_ result: BatchResult) {
    let dump = result.report
    builder.add(dump)
    if dump.status == .failed { errors.append(dump.error ?? dump.path) }
    guard error == nil else { return }
    do {
      for index in outputs.indices {
        try outputs[index].file.write(try outputs[index].renderer.add(dump, json: result.json))
      }
    } catch {
      self.error = error
    }
  }

  /// The bucket IDs of the reports written.
  public var bucketIDs: Set<String> { builder.bucketIDs }

  /// The summary of the reports written.
  public func summary(previousBuckets: Set<String>?) -> BatchSummary {
    builder.summary(previousBuckets: previousBuckets)
  }

  /// Writes the ends of the outputs and publishes them; after an error while writing, none is.
  ///
  /// - Throws: The first write, render or rename error.
  public func finish(tool: ReportTool?, partial: Bool?, summary: BatchSummary?) throws {
    do {
      if let error { throw error }
      for index in outputs.indices {
        try outputs[index].file.write(
          try outputs[index].renderer.finish(tool: tool, partial: partial, summary: summary))
      }
      for output in outputs { try output.file.commit() }
    } catch {
      for output in outputs { output.file.discard() }
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
