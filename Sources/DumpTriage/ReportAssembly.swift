import Foundation
import TriageAnalysis
import TriageFacts
import TriageReporting

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the report of one dump from its facts: runs blame and bucketing, then maps every fact
/// into the plain report structs the renderers read.
public struct ReportAssembler: Sendable {
  /// The ownership lists used by blame and buckets.
  public var lists: OwnershipLists

  /// Creates an assembler over the embedded ownership lists.
  public init(lists: OwnershipLists = .standard) {
    self.lists = lists
  }

  /// Blame and bucket for `facts`; sets `facts.blame` so rules can match on it.
  public func analyze(_ facts: inout CrashFacts) -> (blame: BlameAnalysis, bucket: Bucket) {
    let blame = BlameAnalyzer(lists: lists).analyze(facts)
    facts.blame = blame.fact
    let bucket = BucketBuilder(lists: lists).bucket(for: facts, blame: blame)
    return (blame, bucket)
  }

  /// The report of one dump.
  ///
  /// - Parameters:
  ///   - path: The name shown for the dump.
  ///   - facts: Its facts (with `blame` set by ``analyze(_:)``).
  ///   - blame: The blame analysis.
  ///   - bucket: The bucket.
  ///   - verdicts: Rule verdicts, already mapped to report verdicts, best first.
  ///   - ruleTrace: What each rule decided.
  ///   - fileSize: The file size in bytes.
  ///   - parameterMeanings: Meanings for the bug check parameters from the dump reader, when it
  ///     has better ones than ``BugCheckReference``.
  ///   - notes: Notes to add to the facts' notes.
  /// - Returns: The dump's report.
  public func report(
    path: String, facts: CrashFacts, blame: BlameAnalysis, bucket: Bucket,
    verdicts: [ReportVerdict] = [], ruleTrace: [String] = [], fileSize: UInt64? = nil,
    parameterMeanings: [String]? = nil, notes: [String] = []
  ) -> DumpReport {
    let hex = ReportHex.string
    var report = DumpReport(path: path, fileSize: fileSize, dumpKind: facts.dumpKind.rawValue)
    if let os = facts.os {
      let version = [os.majorVersion, os.minorVersion, os.build].compactMap { $0 }
      report.os = ReportOS(
        version: version.isEmpty ? nil : version.map(String.init).joined(separator: "."),
        major: os.majorVersion.map(Int.init), minor: os.minorVersion.map(Int.init),
        build: os.build.map(Int.init), servicePack: os.servicePackName,
        productType: os.productType?.rawValue, productName: os.productName,
        architecture: os.architecture)
    }
    if let cpu = facts.cpu {
      report.cpu = ReportCPU(
        vendor: cpu.vendor, family: cpu.family.map(Int.init), model: cpu.model.map(Int.init),
        stepping: cpu.stepping.map(Int.init), count: cpu.count.map(Int.init))
    }
    report.crashTime = facts.crashTime.map { Self.iso8601($0) }
    report.uptimeSeconds = facts.uptimeSeconds
    if let bugCheck = facts.bugCheck {
      let ours = BugCheckReference.parameterMeanings(for: bugCheck.code)
      let parameters = bugCheck.parameters.prefix(4).enumerated().map { index, value in
        let theirs = parameterMeanings.flatMap { index < $0.count ? $0[index] : nil }
        let meaning = (theirs?.isEmpty == false ? theirs : nil) ?? ours[index]
        return ReportParameter(
          index: index + 1, value: hex(value), meaning: meaning.isEmpty ? nil : meaning)
      }
      report.bugCheck = ReportBugCheck(
        code: ReportHex.code(bugCheck.code), name: BugCheckReference.name(for: bugCheck.code),
        parameters: parameters)
    }
    if let exception = facts.exception {
      report.exception = ReportException(
        code: ReportHex.code(exception.code),
        name: exception.name ?? Self.exceptionName(exception.code),
        address: exception.address.map(hex), parameters: exception.parameters.map(hex),
        threadID: exception.threadID.map(Int.init), decode: exception.decode)
    }
    report.irql = facts.irql.map(Int.init)
    report.processName = facts.processName
    report.process = facts.process.map {
      ReportProcess(
        id: $0.id.map(Int.init), path: $0.path, architecture: $0.architecture,
        isWOW64: $0.isWOW64, crashingThreadID: $0.crashingThreadID.map(Int.init),
        crashingThreadName: $0.crashingThreadName)
    }
    report.verdicts = verdicts
    report.blame = reportBlame(blame, facts: facts)
    report.bucket = ReportBucket(
      id: bucket.id, hash: bucket.hash, crashClass: bucket.crashClass, module: bucket.module,
      function: bucket.function, functionOffset: bucket.functionOffset.map(hex),
      decisions: bucket.decisions)
    report.frames = facts.frames.map { frame in
      ReportFrame(
        index: frame.index, address: frame.address.map(hex), module: frame.module,
        moduleOffset: frame.moduleOffset.map(hex), function: frame.function,
        functionOffset: frame.functionOffset.map(hex), trust: frame.trust.rawValue,
        display: frame.function != nil && frame.module != nil
          ? "\(lists.canonicalModule(frame.module ?? ""))!\(frame.function ?? "")"
            + (frame.functionOffset.map { "+" + hex($0) } ?? "")
          : frame.displayName)
    }
    let onStack = Set(
      facts.frames.compactMap { frame in
        frame.module.map(ModuleFact.normalizedName)
          ?? frame.address.flatMap { facts.module(containing: $0) }.map {
            ModuleFact.normalizedName($0.name)
          }
      })
    report.modules = facts.modules.map { module in
      ReportModule(
        name: module.name, base: hex(module.base), end: hex(module.base &+ module.size),
        timestamp: module.timeDateStamp.map { hex(UInt64($0)) },
        version: module.version?.description, vendor: module.vendor,
        isMicrosoft: module.isMicrosoft ?? lists.isMicrosoft(module.name),
        onStack: onStack.contains(ModuleFact.normalizedName(module.name)),
        symbolFile: module.symbolFile, debugFile: module.debugFile, debugID: module.debugID)
    }
    report.unloadedModules = facts.unloadedModules.map { module in
      ReportUnloadedModule(
        name: module.name, base: hex(module.base), end: hex(module.base &+ module.size),
        timestamp: module.timeDateStamp.map { hex(UInt64($0)) })
    }
    report.notes = facts.notes + notes
    report.ruleTrace = ruleTrace
    return report
  }

  private func reportBlame(_ blame: BlameAnalysis, facts: CrashFacts) -> ReportBlame {
    let hex = ReportHex.string
    let fact = blame.fact
    let module = fact.flatMap { facts.module(named: $0.module) }
    return ReportBlame(
      kind: blame.kind.rawValue, module: fact?.module, function: fact?.function,
      frameIndex: fact?.frameIndex, address: fact?.address.map(hex),
      moduleOffset: fact?.moduleOffset.map(hex), imageVersion: module?.version?.description,
      isMicrosoft: blame.isMicrosoft, owner: blame.owner, trust: blame.trust?.rawValue,
      evidence: blame.evidence, reason: blame.reason, decisions: blame.decisions)
  }

  /// `2021-02-21T01:38:22Z`, formatted by hand: `ISO8601DateFormatter` costs an ICU formatter
  /// per call on Linux, which was 14 % of a batch's time.
  static func iso8601(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970
    guard seconds.isFinite, abs(seconds) < 1e13 else { return "invalid" }
    var time = time_t(seconds.rounded(.down))
    var parts = tm()
    guard gmtime_r(&time, &parts) != nil else { return "invalid" }
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }

  static func exceptionName(_ code: UInt32) -> String? {
    switch code {
    case 0xC000_0005: "EXCEPTION_ACCESS_VIOLATION"
    case 0x8000_0003: "EXCEPTION_BREAKPOINT"
    case 0xC000_001D: "EXCEPTION_ILLEGAL_INSTRUCTION"
    case 0xC000_0094: "EXCEPTION_INT_DIVIDE_BY_ZERO"
    case 0xC000_00FD: "EXCEPTION_STACK_OVERFLOW"
    case 0xC000_0409: "STATUS_STACK_BUFFER_OVERRUN"
    case 0xC000_0374: "STATUS_HEAP_CORRUPTION"
    case 0xC000_0006: "EXCEPTION_IN_PAGE_ERROR"
    case 0xE06D_7363: "C++ exception"
    case 0x8000_0004: "EXCEPTION_SINGLE_STEP"
    case 0xC000_008C: "EXCEPTION_ARRAY_BOUNDS_EXCEEDED"
    case 0xC000_0096: "EXCEPTION_PRIV_INSTRUCTION"
    default: nil
    }
  }
}
