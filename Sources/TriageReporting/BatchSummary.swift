import Foundation

/// Counts across the dumps of a run: what is hitting which machines, and what to deploy.
public struct BatchSummary: Codable, Hashable, Sendable {
  /// Dumps in the run.
  public var dumps: Int
  /// Dumps that could not be analysed.
  public var failed: Int
  /// Distinct machines (a dump whose machine is unknown counts as its own machine).
  public var machines: Int
  /// Buckets, most frequent first.
  public var buckets: [BucketCount]
  /// KB articles, most machines first.
  public var kbs: [KBCount]
  /// Blamed drivers, most frequent first.
  public var drivers: [DriverCount]
  /// Buckets not seen in the previous run; absent when there was no previous run.
  public var newBuckets: [String]?
  /// The dumps that failed, with their errors.
  public var failures: [FailedDump]

  /// One bucket and where it was seen.
  public struct BucketCount: Codable, Hashable, Sendable {
    /// Bucket ID.
    public var id: String
    /// Bucket hash.
    public var hash: String
    /// Dumps in the bucket.
    public var count: Int
    /// Machines in the bucket, sorted.
    public var machines: [String]
    /// The blamed module or cause, as shown for the first dump.
    public var blame: String?
    /// KBs matched by dumps of the bucket.
    public var kbs: [String]
    /// Whether the bucket is new since the previous run (absent without one).
    public var isNew: Bool?

    enum CodingKeys: String, CodingKey {
      case id, hash, count, machines, blame, kbs
      case isNew = "is_new"
    }
  }

  /// One KB article and where its fix is needed.
  public struct KBCount: Codable, Hashable, Sendable {
    /// `KB961799`.
    public var kb: String
    /// The verdict title.
    public var title: String
    /// Where to read more.
    public var url: String?
    /// Dumps that matched.
    public var dumps: Int
    /// Machines that matched, sorted.
    public var machines: [String]
    /// Machines whose latest matching dump says the fix is missing.
    public var unpatchedMachines: [String]
    /// Machines whose latest matching dump says the fix is installed.
    public var patchedMachines: [String]
    /// "deploy KB961799 to 14 machines; already installed on 3".
    public var action: String

    enum CodingKeys: String, CodingKey {
      case kb, title, url, dumps, machines
      case unpatchedMachines = "unpatched_machines"
      case patchedMachines = "patched_machines"
      case action
    }
  }

  /// A blamed driver and where.
  public struct DriverCount: Codable, Hashable, Sendable {
    /// Module file name (lower case).
    public var module: String
    /// Versions seen, sorted.
    public var versions: [String]
    /// Dumps that blamed it.
    public var count: Int
    /// Machines that blamed it, sorted.
    public var machines: [String]
    /// Whether it ships with Windows.
    public var isMicrosoft: Bool?

    enum CodingKeys: String, CodingKey {
      case module, versions, count, machines
      case isMicrosoft = "is_microsoft"
    }
  }

  /// A dump that failed.
  public struct FailedDump: Codable, Hashable, Sendable {
    /// Its path.
    public var path: String
    /// Its machine, when known.
    public var machine: String?
    /// The error.
    public var error: String
  }

  enum CodingKeys: String, CodingKey {
    case dumps, failed, machines, buckets, kbs, drivers
    case newBuckets = "new_buckets"
    case failures
  }

  /// Computes the summary of `dumps`; `previousBuckets` are the bucket IDs of the previous run.
  public init(dumps reports: [DumpReport], previousBuckets: Set<String>? = nil) {
    var builder = Builder()
    for dump in reports.sorted(by: { $0.path < $1.path }) { builder.add(dump) }
    self = builder.summary(previousBuckets: previousBuckets)
  }

  /// Builds a summary one dump at a time, keeping counts and name sets rather than reports, so
  /// a batch can stream its reports and still end with the summary.
  ///
  /// Add the dumps in path order: the first dump of a bucket, KB or driver names its blame,
  /// title and vendor, as ``BatchSummary/init(dumps:previousBuckets:)`` does.
  public struct Builder: Sendable {
    private struct Bucket: Sendable {
      var hash: String
      var count = 0
      var machines: Set<String> = []
      var blame: String?
      var kbs: Set<String> = []
    }

    private struct KB: Sendable {
      var title: String
      var url: String?
      var dumps = 0
      var machines: Set<String> = []
      /// Per machine, the crash time and patch status of its latest matching dump.
      var latest: [String: (time: String, installed: Bool?)] = [:]
    }

    private struct Driver: Sendable {
      var versions: Set<String> = []
      var count = 0
      var machines: Set<String> = []
      var isMicrosoft: Bool?
    }

    private var dumps = 0
    private var failures: [FailedDump] = []
    private var machines: Set<String> = []
    private var buckets: [String: Bucket] = [:]
    private var kbs: [String: KB] = [:]
    private var drivers: [String: Driver] = [:]

    /// Creates an empty builder.
    public init() {}

    /// Counts one dump.
    public mutating func add(_ dump: DumpReport) {
      let host = dump.machine ?? dump.path
      dumps += 1
      machines.insert(host)
      if dump.status == .failed {
        failures.append(
          FailedDump(path: dump.path, machine: dump.machine, error: dump.error ?? "failed"))
      }
      guard dump.status == .ok else { return }
      if let bucket = dump.bucket {
        var entry =
          buckets[bucket.id]
          ?? Bucket(hash: bucket.hash, blame: dump.blame.map { $0.module ?? $0.kind })
        entry.count += 1
        entry.machines.insert(host)
        entry.kbs.formUnion(dump.verdicts.compactMap(\.kb))
        buckets[bucket.id] = entry
      }
      for verdict in dump.verdicts {
        guard let kb = verdict.kb else { continue }
        var entry = kbs[kb] ?? KB(title: verdict.title, url: verdict.url)
        entry.dumps += 1
        entry.machines.insert(host)
        let time = dump.crashTime ?? ""
        if entry.latest[host].map({ $0.time > time }) != true {
          entry.latest[host] = (time, verdict.patchInstalled)
        }
        kbs[kb] = entry
      }
      if let blame = dump.blame, blame.kind == "module", let module = blame.module?.lowercased() {
        var entry = drivers[module] ?? Driver(isMicrosoft: blame.isMicrosoft)
        entry.count += 1
        entry.machines.insert(host)
        if let version = blame.imageVersion { entry.versions.insert(version) }
        drivers[module] = entry
      }
    }

    /// The bucket IDs of the dumps added.
    public var bucketIDs: Set<String> { Set(buckets.keys) }

    /// The summary of the dumps added; `previousBuckets` are the bucket IDs of the previous run.
    public func summary(previousBuckets: Set<String>? = nil) -> BatchSummary {
      BatchSummary(
        dumps: dumps, failed: failures.count, machines: machines.count,
        buckets: buckets.map { id, entry in
          BucketCount(
            id: id, hash: entry.hash, count: entry.count, machines: entry.machines.sorted(),
            blame: entry.blame, kbs: entry.kbs.sorted(),
            isNew: previousBuckets.map { !$0.contains(id) })
        }.sorted { ($0.count, $1.id) > ($1.count, $0.id) },
        kbs: kbs.map { kb, entry in
          let patched = entry.latest.filter { $0.value.installed == true }.map(\.key).sorted()
          let unpatched = entry.latest.filter { $0.value.installed == false }.map(\.key).sorted()
          return KBCount(
            kb: kb, title: entry.title, url: entry.url, dumps: entry.dumps,
            machines: entry.machines.sorted(), unpatchedMachines: unpatched,
            patchedMachines: patched,
            action: BatchSummary.action(
              kb: kb, unpatched: unpatched.count, patched: patched.count,
              total: entry.machines.count))
        }.sorted { ($0.machines.count, $1.kb) > ($1.machines.count, $0.kb) },
        drivers: drivers.map { module, entry in
          DriverCount(
            module: module, versions: entry.versions.sorted(), count: entry.count,
            machines: entry.machines.sorted(), isMicrosoft: entry.isMicrosoft)
        }.sorted { ($0.count, $1.module) > ($1.count, $0.module) },
        previousBuckets: previousBuckets, failures: failures)
    }
  }

  private init(
    dumps: Int, failed: Int, machines: Int, buckets: [BucketCount], kbs: [KBCount],
    drivers: [DriverCount], previousBuckets: Set<String>?, failures: [FailedDump]
  ) {
    self.dumps = dumps
    self.failed = failed
    self.machines = machines
    self.buckets = buckets
    self.kbs = kbs
    self.drivers = drivers
    self.newBuckets = previousBuckets.map { previous in
      buckets.map(\.id).filter { !previous.contains($0) }
    }
    self.failures = failures
  }

  static func machines(_ count: Int) -> String { Self.count(count, "machine") }

  /// `1 dump`, `3 dumps`.
  static func count(_ value: Int, _ noun: String) -> String {
    value == 1 ? "1 \(noun)" : "\(value) \(noun)s"
  }

  /// The deployment sentence for a KB.
  static func action(kb: String, unpatched: Int, patched: Int, total: Int) -> String {
    let unknown = total - unpatched - patched
    var parts: [String] = []
    if unpatched > 0 { parts.append("deploy \(kb) to \(machines(unpatched))") }
    if patched > 0 {
      parts.append(
        (parts.isEmpty ? "\(kb) " : "") + "already installed on \(machines(patched))")
    }
    if unknown > 0 {
      parts.append(
        (parts.isEmpty ? "\(kb): " : "") + "patch status unknown on \(machines(unknown))")
    }
    return parts.joined(separator: "; ")
  }
}
