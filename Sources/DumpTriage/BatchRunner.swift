import BinaryReading
import ContainerFormats
import Foundation
import TriageReporting

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A flag set by SIGINT (or a test) that makes a batch stop taking new dumps.
public final class BatchStopFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var stopped = false
  private let signalCounter: UnsafeMutablePointer<sig_atomic_t>?

  /// Creates an unset flag; with `signalCounter`, a signal handler's count also sets it.
  public init(signalCounter: UnsafeMutablePointer<sig_atomic_t>? = nil) {
    self.signalCounter = signalCounter
  }

  /// Whether a stop was requested.
  public var isSet: Bool {
    if let signalCounter, signalCounter.pointee > 0 { return true }
    lock.lock()
    defer { lock.unlock() }
    return stopped
  }

  /// Requests a stop.
  public func set() {
    lock.lock()
    stopped = true
    lock.unlock()
  }
}

/// Counts of one batch run.
public struct BatchStatistics: Sendable, Hashable {
  /// Dumps given.
  public var total = 0
  /// Inputs finished (a dump file, or an archive with all its members).
  public var finished = 0
  /// Dumps reported (archive members count one each).
  public var dumps = 0
  /// Dumps answered by the cache.
  public var cached = 0
  /// Dumps that failed.
  public var failed = 0
  /// Wall-clock seconds.
  public var seconds = 0.0
  /// Whether the run was interrupted before every dump was done.
  public var interrupted = false

  /// Dumps per second.
  public var rate: Double { seconds > 0 ? Double(dumps) / seconds : 0 }
}

/// Runs many dumps with bounded parallelism and returns their reports sorted by path.
///
/// Each worker memory-maps one dump at a time, so memory is bounded by `jobs` dumps (the pages
/// the analysis touches), never by the batch size. The order of the reports does not depend on
/// which worker finished first.
public struct BatchRunner: Sendable {
  /// The analysis of one dump: the pipeline, or a test double.
  public typealias Analyze = @Sendable (_ input: BatchInput, _ data: Data) -> DumpReport

  /// Worker count.
  public var jobs: Int
  /// The cache, when enabled.
  public var cache: BatchCache?
  /// The analysis.
  public var analyze: Analyze
  /// How archive members are given machine names (the archive's machine otherwise).
  public var naming: MachineNaming
  /// Limits for archives (zip, cab, gzip) found among the inputs.
  public var containerLimits: ExpansionLimits

  /// Creates a runner.
  public init(
    jobs: Int, cache: BatchCache? = nil, naming: MachineNaming = .layout,
    containerLimits: ExpansionLimits = .default, analyze: @escaping Analyze
  ) {
    self.jobs = max(1, jobs)
    self.cache = cache
    self.naming = naming
    self.containerLimits = containerLimits
    self.analyze = analyze
  }

  /// Progress callback: finished count, total, the file just done.
  public typealias Progress = @Sendable (_ finished: Int, _ total: Int, _ current: String) -> Void

  /// Runs `inputs`; stops taking new dumps once `stop` is set and finishes those in flight.
  public func run(
    _ inputs: [BatchInput], stop: BatchStopFlag = BatchStopFlag(), progress: Progress? = nil
  ) -> (reports: [DumpReport], statistics: BatchStatistics) {
    let start = Date()
    let state = RunState(count: inputs.count)
    let workers = min(jobs, max(1, inputs.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while !stop.isSet, let index = state.next() {
        let input = inputs[index]
        let results = process(input)
        let finished = state.finish(index, results)
        progress?(finished, inputs.count, input.displayName)
      }
    }
    try? cache?.flush()
    var statistics = state.statistics
    statistics.total = inputs.count
    statistics.seconds = Date().timeIntervalSince(start)
    statistics.interrupted = statistics.finished < inputs.count
    let reports = state.reports.compactMap { $0 }.flatMap { $0 }.sorted { $0.path < $1.path }
    return (reports, statistics)
  }

  /// One input: a dump, or an archive whose members are each a dump.
  func process(_ input: BatchInput) -> [(DumpReport, Bool)] {
    let data: Data
    do {
      data = try MappedFile.open(input.path)
    } catch {
      return [
        (
          .failed(
            path: input.displayName, error: "\(input.displayName): cannot read: \(error)",
            machine: input.machine), false
        )
      ]
    }
    guard ContainerFormats.kind(of: data) != nil else { return [process(input, data: data)] }
    let members: [ContainerMember]
    do {
      members = try ContainerFormats.expand(
        data, name: input.displayName, limits: containerLimits)
    } catch {
      return [
        (.failed(path: input.displayName, error: "\(error)", machine: input.machine), false)
      ]
    }
    return members.map { member in
      let machine =
        naming.machine(
          for: member.path.replacingOccurrences(of: "!", with: "/"), root: input.displayName)
        ?? input.machine
      let memberInput = BatchInput(path: input.path, displayName: member.path, machine: machine)
      switch member.content {
      case .success(let bytes): return process(memberInput, data: bytes)
      case .failure(let error):
        return (.failed(path: member.path, error: "\(error)", machine: machine), false)
      }
    }
  }

  /// One dump's bytes: hash, ask the cache, else analyse and remember.
  func process(_ input: BatchInput, data: Data) -> (DumpReport, Bool) {
    var hash: String?
    if let cache {
      let contentHash = BatchFingerprint.hex(data)
      hash = contentHash
      if var cached = cache.lookup(contentHash: contentHash) {
        cached.path = input.displayName
        cached.fileName = DumpReport(path: input.displayName).fileName
        cached.machine = input.machine ?? cached.machine
        return (cached, true)
      }
    }
    var report = analyze(input, data)
    report.machine = report.machine ?? input.machine
    if let cache, let hash {
      report.contentHash = hash
      var stored = report
      stored.machine = nil
      try? cache.store(stored, contentHash: hash)
    }
    return (report, false)
  }
}

/// Shared bookkeeping of the workers.
private final class RunState: @unchecked Sendable {
  private let lock = NSLock()
  private var cursor = 0
  private let count: Int
  var reports: [[DumpReport]?]
  var statistics = BatchStatistics()

  init(count: Int) {
    self.count = count
    reports = Array(repeating: nil, count: count)
  }

  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard cursor < count else { return nil }
    cursor += 1
    return cursor - 1
  }

  func finish(_ index: Int, _ results: [(DumpReport, Bool)]) -> Int {
    lock.lock()
    defer { lock.unlock() }
    reports[index] = results.map(\.0)
    statistics.finished += 1
    statistics.dumps += results.count
    statistics.cached += results.filter(\.1).count
    statistics.failed += results.filter { $0.0.status == .failed }.count
    return statistics.finished
  }
}
