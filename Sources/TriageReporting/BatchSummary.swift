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
    func machine(_ dump: DumpReport) -> String { dump.machine ?? dump.path }
    let sorted = reports.sorted { $0.path < $1.path }
    dumps = sorted.count
    failed = sorted.filter { $0.status == .failed }.count
    machines = Set(sorted.map(machine)).count
    failures = sorted.filter { $0.status == .failed }.map {
      FailedDump(path: $0.path, machine: $0.machine, error: $0.error ?? "failed")
    }

    var bucketOrder: [String] = []
    var bucketMap: [String: BucketCount] = [:]
    var kbMap: [String: KBCount] = [:]
    var kbLatest: [String: [String: (time: String, installed: Bool?)]] = [:]
    var driverMap: [String: DriverCount] = [:]
    for dump in sorted where dump.status == .ok {
      let host = machine(dump)
      if let bucket = dump.bucket {
        if bucketMap[bucket.id] == nil {
          bucketOrder.append(bucket.id)
          bucketMap[bucket.id] = BucketCount(
            id: bucket.id, hash: bucket.hash, count: 0, machines: [],
            blame: dump.blame.map { $0.module ?? $0.kind }, kbs: [],
            isNew: previousBuckets.map { !$0.contains(bucket.id) })
        }
        bucketMap[bucket.id]?.count += 1
        bucketMap[bucket.id]?.machines.append(host)
        bucketMap[bucket.id]?.kbs += dump.verdicts.compactMap(\.kb)
      }
      for verdict in dump.verdicts {
        guard let kb = verdict.kb else { continue }
        if kbMap[kb] == nil {
          kbMap[kb] = KBCount(
            kb: kb, title: verdict.title, url: verdict.url, dumps: 0, machines: [],
            unpatchedMachines: [], patchedMachines: [], action: "")
        }
        kbMap[kb]?.dumps += 1
        kbMap[kb]?.machines.append(host)
        let time = dump.crashTime ?? ""
        if let previous = kbLatest[kb]?[host], previous.time > time { continue }
        kbLatest[kb, default: [:]][host] = (time, verdict.patchInstalled)
      }
      if let blame = dump.blame, blame.kind == "module", let module = blame.module?.lowercased() {
        if driverMap[module] == nil {
          driverMap[module] = DriverCount(
            module: module, versions: [], count: 0, machines: [], isMicrosoft: blame.isMicrosoft)
        }
        driverMap[module]?.count += 1
        driverMap[module]?.machines.append(host)
        if let version = blame.imageVersion { driverMap[module]?.versions.append(version) }
      }
    }
    func unique(_ values: [String]) -> [String] { Array(Set(values)).sorted() }
    buckets = bucketOrder.compactMap { id in
      guard var bucket = bucketMap[id] else { return nil }
      bucket.machines = unique(bucket.machines)
      bucket.kbs = unique(bucket.kbs)
      return bucket
    }.sorted { ($0.count, $1.id) > ($1.count, $0.id) }
    kbs = kbMap.values.map { entry in
      var entry = entry
      entry.machines = unique(entry.machines)
      let latest = kbLatest[entry.kb] ?? [:]
      entry.patchedMachines = latest.filter { $0.value.installed == true }.map(\.key).sorted()
      entry.unpatchedMachines = latest.filter { $0.value.installed == false }.map(\.key).sorted()
      entry.action = Self.action(
        kb: entry.kb, unpatched: entry.unpatchedMachines.count,
        patched: entry.patchedMachines.count, total: entry.machines.count)
      return entry
    }.sorted { ($0.machines.count, $1.kb) > ($1.machines.count, $0.kb) }
    drivers = driverMap.values.map { entry in
      var entry = entry
      entry.machines = unique(entry.machines)
      entry.versions = unique(entry.versions)
      return entry
    }.sorted { ($0.count, $1.module) > ($1.count, $0.module) }
    newBuckets = previousBuckets.map { previous in
      buckets.map(\.id).filter { !previous.contains($0) }
    }
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
