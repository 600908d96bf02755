import Foundation

/// The report of one run: one entry per dump and, for batches, a summary.
///
/// This is the stable JSON contract documented field by field in `docs/report-schema.md` and
/// checked by `docs/report.schema.json`. Every type here is a plain value with no reference to a
/// parser or the rule engine: the pipeline fills it, the renderers read it. Keys are snake_case
/// and encoded in sorted order; absent values are left out, so readers should treat every field
/// except `schema_version` and `dumps` as optional.
public struct TriageReport: Codable, Hashable, Sendable {
  /// The version of this schema; bumped only when a field changes meaning or is removed.
  public static let currentSchemaVersion = 1

  /// Schema version of this report.
  public var schemaVersion: Int
  /// The tool that wrote the report.
  public var tool: ReportTool?
  /// Whether the run stopped early (interrupted), so some dumps are missing.
  public var partial: Bool?
  /// One entry per dump, sorted by path.
  public var dumps: [DumpReport]
  /// Counts across the dumps (batches).
  public var summary: BatchSummary?

  /// Creates a report.
  public init(
    tool: ReportTool? = nil, partial: Bool? = nil, dumps: [DumpReport],
    summary: BatchSummary? = nil
  ) {
    self.schemaVersion = Self.currentSchemaVersion
    self.tool = tool
    self.partial = partial
    self.dumps = dumps
    self.summary = summary
  }

  enum CodingKeys: String, CodingKey {
    case schemaVersion = "schema_version"
    case tool, partial, dumps, summary
  }
}

/// The tool and rule set that produced a report.
public struct ReportTool: Codable, Hashable, Sendable {
  /// `dumptriage`.
  public var name: String
  /// The tool version.
  public var version: String
  /// A digest of the rule set used, so results can be compared across runs.
  public var rulesDigest: String?

  /// Creates a tool description.
  public init(name: String = "dumptriage", version: String, rulesDigest: String? = nil) {
    self.name = name
    self.version = version
    self.rulesDigest = rulesDigest
  }

  enum CodingKeys: String, CodingKey {
    case name, version
    case rulesDigest = "rules_digest"
  }
}

/// Everything the report says about one dump.
public struct DumpReport: Codable, Hashable, Sendable {
  /// Whether the dump could be analysed.
  public enum Status: String, Codable, Hashable, Sendable {
    /// Analysed (possibly with notes about damaged parts).
    case ok
    /// Could not be analysed; ``DumpReport/error`` says why.
    case failed
  }

  /// Path as given or found (archive members as `archive.zip/member.dmp`).
  public var path: String
  /// File name without directories.
  public var fileName: String
  /// Machine the dump came from, when known (from the folder layout or the dump).
  public var machine: String?
  /// File size in bytes.
  public var fileSize: UInt64?
  /// File modification time (UTC, ISO 8601).
  public var fileTime: String?
  /// Content fingerprint of the file (128-bit, hex), used by the batch cache.
  public var contentHash: String?
  /// `ok` or `failed`.
  public var status: Status
  /// Why the dump could not be analysed (with the byte offset when known).
  public var error: String?
  /// `kernel_small`, `kernel_full`, `kernel_memory`, `kernel_bitmap`, `user_minidump`, `unknown`.
  public var dumpKind: String?
  /// Operating system.
  public var os: ReportOS?
  /// Processor.
  public var cpu: ReportCPU?
  /// When the crash happened (UTC, ISO 8601).
  public var crashTime: String?
  /// Seconds the system or process had run.
  public var uptimeSeconds: Double?
  /// The bug check (kernel dumps).
  public var bugCheck: ReportBugCheck?
  /// The exception (user dumps).
  public var exception: ReportException?
  /// IRQL at the crash (WinDbg `CURRENT_IRQL`).
  public var irql: Int?
  /// Process running at the crash (WinDbg `PROCESS_NAME`).
  public var processName: String?
  /// The crashed process of a user-mode dump: id, path, WOW64, crashing thread.
  public var process: ReportProcess? = nil
  /// Known issues that match, best first.
  public var verdicts: [ReportVerdict]
  /// The probable cause.
  public var blame: ReportBlame?
  /// The crash bucket.
  public var bucket: ReportBucket?
  /// Frames of the crashing thread, innermost first.
  public var frames: [ReportFrame]
  /// Loaded modules.
  public var modules: [ReportModule]
  /// Modules unloaded before the crash.
  public var unloadedModules: [ReportUnloadedModule]
  /// Problems met while reading the dump (damaged streams, missing symbols).
  public var notes: [String]
  /// What each rule decided, for `--explain`.
  public var ruleTrace: [String]

  /// Creates a dump entry.
  public init(
    path: String, fileName: String? = nil, machine: String? = nil, fileSize: UInt64? = nil,
    fileTime: String? = nil, contentHash: String? = nil, status: Status = .ok,
    error: String? = nil, dumpKind: String? = nil, os: ReportOS? = nil, cpu: ReportCPU? = nil,
    crashTime: String? = nil, uptimeSeconds: Double? = nil, bugCheck: ReportBugCheck? = nil,
    exception: ReportException? = nil, irql: Int? = nil, processName: String? = nil,
    verdicts: [ReportVerdict] = [], blame: ReportBlame? = nil, bucket: ReportBucket? = nil,
    frames: [ReportFrame] = [], modules: [ReportModule] = [],
    unloadedModules: [ReportUnloadedModule] = [], notes: [String] = [], ruleTrace: [String] = []
  ) {
    self.path = path
    self.fileName =
      fileName ?? path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)
      ?? path
    self.machine = machine
    self.fileSize = fileSize
    self.fileTime = fileTime
    self.contentHash = contentHash
    self.status = status
    self.error = error
    self.dumpKind = dumpKind
    self.os = os
    self.cpu = cpu
    self.crashTime = crashTime
    self.uptimeSeconds = uptimeSeconds
    self.bugCheck = bugCheck
    self.exception = exception
    self.irql = irql
    self.processName = processName
    self.verdicts = verdicts
    self.blame = blame
    self.bucket = bucket
    self.frames = frames
    self.modules = modules
    self.unloadedModules = unloadedModules
    self.notes = notes
    self.ruleTrace = ruleTrace
  }

  /// A failed dump: path and error only.
  public static func failed(path: String, error: String, machine: String? = nil) -> DumpReport {
    DumpReport(path: path, machine: machine, status: .failed, error: error)
  }

  enum CodingKeys: String, CodingKey {
    case path
    case fileName = "file_name"
    case machine
    case fileSize = "file_size"
    case fileTime = "file_time"
    case contentHash = "content_hash"
    case status, error
    case dumpKind = "dump_kind"
    case os, cpu
    case crashTime = "crash_time"
    case uptimeSeconds = "uptime_seconds"
    case bugCheck = "bug_check"
    case exception, irql
    case processName = "process_name"
    case process
    case verdicts, blame, bucket, frames, modules
    case unloadedModules = "unloaded_modules"
    case notes
    case ruleTrace = "rule_trace"
  }
}

/// Operating system of the crashed machine.
public struct ReportOS: Codable, Hashable, Sendable {
  /// `10.0.19041`, `5.2.3790`.
  public var version: String?
  /// Major version.
  public var major: Int?
  /// Minor version.
  public var minor: Int?
  /// Build number.
  public var build: Int?
  /// Service pack text (`Service Pack 2`).
  public var servicePack: String?
  /// `workstation`, `server`, `domain_controller`.
  public var productType: String?
  /// Product name when derivable (`Windows Server 2003`).
  public var productName: String?
  /// `x86`, `x64`, `arm`, `arm64`.
  public var architecture: String?

  /// Creates OS facts for the report.
  public init(
    version: String? = nil, major: Int? = nil, minor: Int? = nil, build: Int? = nil,
    servicePack: String? = nil, productType: String? = nil, productName: String? = nil,
    architecture: String? = nil
  ) {
    self.version = version
    self.major = major
    self.minor = minor
    self.build = build
    self.servicePack = servicePack
    self.productType = productType
    self.productName = productName
    self.architecture = architecture
  }

  enum CodingKeys: String, CodingKey {
    case version, major, minor, build
    case servicePack = "service_pack"
    case productType = "product_type"
    case productName = "product_name"
    case architecture
  }
}

/// Processor of the crashed machine.
public struct ReportCPU: Codable, Hashable, Sendable {
  /// `GenuineIntel`, `AuthenticAMD`.
  public var vendor: String?
  /// Family.
  public var family: Int?
  /// Model.
  public var model: Int?
  /// Stepping.
  public var stepping: Int?
  /// Number of processors.
  public var count: Int?

  /// Creates processor facts for the report.
  public init(
    vendor: String? = nil, family: Int? = nil, model: Int? = nil, stepping: Int? = nil,
    count: Int? = nil
  ) {
    self.vendor = vendor
    self.family = family
    self.model = model
    self.stepping = stepping
    self.count = count
  }
}

/// A bug check with decoded parameters.
public struct ReportBugCheck: Codable, Hashable, Sendable {
  /// The code as recorded, hex (`0x1000007E`).
  public var code: String
  /// The symbolic name (`SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M`), when known.
  public var name: String?
  /// The four parameters with their meanings.
  public var parameters: [ReportParameter]

  /// Creates a bug check entry.
  public init(code: String, name: String? = nil, parameters: [ReportParameter] = []) {
    self.code = code
    self.name = name
    self.parameters = parameters
  }
}

/// One bug check parameter (WinDbg `Arg1`…`Arg4`).
public struct ReportParameter: Codable, Hashable, Sendable {
  /// 1 to 4.
  public var index: Int
  /// Value, hex (`0xfffff8048b58334c`).
  public var value: String
  /// What the value means for this code, when known.
  public var meaning: String?

  /// Creates a parameter.
  public init(index: Int, value: String, meaning: String? = nil) {
    self.index = index
    self.value = value
    self.meaning = meaning
  }
}

/// The crashed process of a user-mode dump.
public struct ReportProcess: Codable, Hashable, Sendable {
  /// Process id.
  public var id: Int?
  /// Full path of the main executable.
  public var path: String?
  /// The process's architecture (`x86` for a WOW64 process).
  public var architecture: String?
  /// Whether the process is 32-bit on 64-bit Windows.
  public var isWOW64: Bool
  /// The crashing thread's id.
  public var crashingThreadID: Int?
  /// The crashing thread's name, when the dump has one.
  public var crashingThreadName: String?
  /// Annotations the program attached (Crashpad crash keys), when any.
  public var annotations: [String: String]? = nil

  /// Creates a process entry.
  public init(
    id: Int? = nil, path: String? = nil, architecture: String? = nil, isWOW64: Bool = false,
    crashingThreadID: Int? = nil, crashingThreadName: String? = nil
  ) {
    self.id = id
    self.path = path
    self.architecture = architecture
    self.isWOW64 = isWOW64
    self.crashingThreadID = crashingThreadID
    self.crashingThreadName = crashingThreadName
  }

  enum CodingKeys: String, CodingKey {
    case id, path, architecture
    case isWOW64 = "is_wow64"
    case crashingThreadID = "crashing_thread_id"
    case crashingThreadName = "crashing_thread_name"
    case annotations
  }
}

/// An exception (user dumps).
public struct ReportException: Codable, Hashable, Sendable {
  /// NTSTATUS code, hex (`0xC0000005`).
  public var code: String
  /// Name (`EXCEPTION_ACCESS_VIOLATION`), when known.
  public var name: String?
  /// Address of the faulting instruction, hex.
  public var address: String?
  /// Exception parameters, hex.
  public var parameters: [String]
  /// Crashing thread id.
  public var threadID: Int?
  /// The parameters decoded (`write to 0x45 (null pointer)`, `FAST_FAIL_FATAL_APP_EXIT`).
  public var decode: String?

  /// Creates an exception entry.
  public init(
    code: String, name: String? = nil, address: String? = nil, parameters: [String] = [],
    threadID: Int? = nil, decode: String? = nil
  ) {
    self.code = code
    self.name = name
    self.address = address
    self.parameters = parameters
    self.threadID = threadID
    self.decode = decode
  }

  enum CodingKeys: String, CodingKey {
    case code, name, address, parameters, decode
    case threadID = "thread_id"
  }
}
