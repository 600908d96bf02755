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

/// One report of a batch, as handed to the outputs.
public struct BatchResult: Sendable {
  /// The report.
  public var report: DumpReport
  /// The report as compact JSON with sorted keys, when the runner encoded it.
  public var json: Data?

  /// Creates a result.
  public init(_ report: DumpReport, json: Data? = nil) {
    self.report = report
    self.json = json
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
  /// Whether every result carries its report as compact JSON (for JSON outputs), encoded on
  /// the worker rather than where the outputs are written one report at a time.
  public var encodeReports = false

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
    let collected = Collected()
    let statistics = run(inputs, stop: stop, progress: progress) {
      collected.reports.append($0.report)
    }
    return (collected.reports, statistics)
  }

  /// Runs `inputs` and hands every report to `emit` in path order, each as soon as no
  /// unfinished input can still give an earlier path, so reports need not be kept until the
  /// end: memory holds only the reports finished ahead of a slower one.
  ///
  /// `emit` is called for one report at a time (never concurrently), from worker threads and
  /// the calling thread. `extra` reports (arguments that named no dump) are merged into the
  /// order. Stops taking new dumps once `stop` is set, and finishes those in flight.
  public func run(
    _ inputs: [BatchInput], including extra: [DumpReport] = [],
    stop: BatchStopFlag = BatchStopFlag(), progress: Progress? = nil,
    emit: @escaping @Sendable (BatchResult) -> Void
  ) -> BatchStatistics {
    let start = Date()
    let state = RunState(inputs: inputs, extra: extra)
    let workers = min(jobs, max(1, inputs.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while !stop.isSet, let (position, index) = state.next() {
        let input = inputs[index]
        let results = process(input)
        let finished = state.finish(position: position, index: index, results)
        state.emitReady(emit)
        progress?(finished, inputs.count, input.displayName)
      }
    }
    state.releaseAll()
    state.emitReady(emit)
    try? cache?.flush()
    var statistics = state.statistics
    statistics.total = inputs.count
    statistics.seconds = Date().timeIntervalSince(start)
    statistics.interrupted = statistics.finished < inputs.count
    return statistics
  }

  /// One input: a dump, or an archive whose members are each a dump.
  func process(_ input: BatchInput) -> [(DumpReport, Bool, Data?)] {
    let data: Data
    do {
      data = try MappedFile.open(input.path)
    } catch {
      return [
        (
          .failed(
            path: input.displayName, error: "\(input.displayName): cannot read: \(error)",
            machine: input.machine), false, nil
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
        (.failed(path: input.displayName, error: "\(error)", machine: input.machine), false, nil)
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
        return (.failed(path: member.path, error: "\(error)", machine: machine), false, nil)
      }
    }
  }

  /// One dump's bytes: hash, ask the cache, else analyse and remember.
  ///
  /// The report is encoded once (compact JSON with sorted keys) when the cache stores it or
  /// ``encodeReports`` asks for it, on the worker; the output renders from that encoding.
  func process(_ input: BatchInput, data: Data) -> (DumpReport, Bool, Data?) {
    var hash: String?
    if let cache {
      let contentHash = BatchFingerprint.hex(data)
      hash = contentHash
      if var cached = cache.lookup(contentHash: contentHash) {
        cached.path = input.displayName
        cached.fileName = DumpReport(path: input.displayName).fileName
        cached.machine = input.machine
        return (cached, true, encodeReports ? encode(cached) : nil)
      }
    }
    var report = analyze(input, data)
    report.machine = report.machine ?? input.machine
    guard let cache, let hash else { return (report, false, encodeReports ? encode(report) : nil) }
    report.contentHash = hash
    // Stored as the output has it; a lookup replaces the path and the machine.
    let json = encode(report)
    if let json { try? cache.store(json: json, contentHash: hash) }
    return (report, false, json)
  }

  private func encode(_ report: DumpReport) -> Data? {
    try? JSONRenderer.encoder(pretty: false).encode(report)
  }
}

/// Reports gathered by the collecting ``BatchRunner/run(_:stop:progress:)``.
private final class Collected: @unchecked Sendable {
  var reports: [DumpReport] = []
}

/// Shared bookkeeping of the workers: which input is next, which are done, and the finished
/// reports waiting for every earlier path.
private final class RunState: @unchecked Sendable {
  /// A report's place in the output: by path; equal paths keep the order of the inputs (then
  /// archive members), as a stable sort of all reports would.
  private struct Key: Comparable {
    var path: String
    var input: Int
    var member: Int

    static func < (left: Key, right: Key) -> Bool {
      (left.path, left.input, left.member) < (right.path, right.input, right.member)
    }
  }

  private let lock = NSLock()
  /// Held while reports are handed out, so they leave one at a time and in order.
  private let emitLock = NSLock()
  /// Input indices in the order the workers take them: by display name, the reports' paths.
  private let order: [Int]
  private let names: [String]
  private var cursor = 0
  /// Positions in `order` that are done; `lowest` is the first that is not.
  private var done: [Bool]
  private var lowest = 0
  private var waiting: [(key: Key, result: BatchResult)] = []
  private var outbox: [BatchResult] = []
  var statistics = BatchStatistics()

  init(inputs: [BatchInput], extra: [DumpReport]) {
    names = inputs.map(\.displayName)
    order = inputs.indices.sorted { (inputs[$0].displayName, $0) < (inputs[$1].displayName, $1) }
    done = Array(repeating: false, count: inputs.count)
    for (offset, report) in extra.enumerated() {
      waiting.append(
        (Key(path: report.path, input: inputs.count + offset, member: 0), BatchResult(report)))
    }
  }

  func next() -> (position: Int, index: Int)? {
    lock.lock()
    defer { lock.unlock() }
    guard cursor < order.count else { return nil }
    cursor += 1
    return (cursor - 1, order[cursor - 1])
  }

  func finish(position: Int, index: Int, _ results: [(DumpReport, Bool, Data?)]) -> Int {
    lock.lock()
    defer { lock.unlock() }
    for (member, result) in results.enumerated() {
      waiting.append(
        (
          Key(path: result.0.path, input: index, member: member),
          BatchResult(result.0, json: result.2)
        ))
    }
    done[position] = true
    while lowest < done.count, done[lowest] { lowest += 1 }
    statistics.finished += 1
    statistics.dumps += results.count
    statistics.cached += results.filter(\.1).count
    statistics.failed += results.filter { $0.0.status == .failed }.count
    // An input's reports have its display name as path, or that name and `!member`: nothing
    // an unfinished input gives sorts before its name.
    release(below: lowest < order.count ? names[order[lowest]] : nil)
    return statistics.finished
  }

  /// Moves the waiting reports whose paths sort before `bound` (all without one) to the outbox.
  private func release(below bound: String?) {
    guard !waiting.isEmpty else { return }
    waiting.sort { $0.key < $1.key }
    let ready = waiting.prefix { bound == nil || $0.key.path < bound ?? "" }
    guard !ready.isEmpty else { return }
    outbox += ready.map(\.result)
    waiting.removeFirst(ready.count)
  }

  /// After the workers stop: everything still waiting goes out (an interrupted run's report
  /// holds what was finished).
  func releaseAll() {
    lock.lock()
    defer { lock.unlock() }
    release(below: nil)
  }

  /// Hands the outbox to `emit`, in order.
  func emitReady(_ emit: (BatchResult) -> Void) {
    emitLock.lock()
    defer { emitLock.unlock() }
    while true {
      lock.lock()
      let batch = outbox
      outbox.removeAll()
      lock.unlock()
      if batch.isEmpty { return }
      for report in batch { emit(report) }
    }
  }
}
