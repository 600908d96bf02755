import Foundation

/// A known issue that matches the dump: the rule's answer, mapped by the pipeline.
public struct ReportVerdict: Codable, Hashable, Sendable {
  /// How sure the rule is.
  public enum Confidence: String, Codable, Hashable, Sendable, Comparable {
    case high
    case medium
    case low

    private var rank: Int {
      switch self {
      case .high: 3
      case .medium: 2
      case .low: 1
      }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
  }

  /// The rule that matched (`netbt-copy-to-start-of-indicate`).
  public var ruleID: String
  /// The KB article (`KB961799`), when the rule names one.
  public var kb: String?
  /// One line: what the problem is.
  public var title: String
  /// Where to read more.
  public var url: String?
  /// How sure the rule is.
  public var confidence: Confidence
  /// What in the dump matched (`netbt.sys 5.2.3790.4318 on the stack, frame 3`).
  public var evidence: [String]
  /// What the dump lacked that would raise confidence.
  public var missingEvidence: [String]
  /// Whether the fix is installed: `true` installed, `false` missing, absent when unknown.
  public var patchInstalled: Bool?
  /// The patch status in words (`not installed: netbt.sys 5.2.3790.4318 < 5.2.3790.4430`).
  public var patchStatus: String?
  /// The hotfix or update to deploy.
  public var hotfix: String?
  /// Workarounds when no fix can be deployed.
  public var workarounds: [String]

  /// Creates a verdict.
  public init(
    ruleID: String, kb: String? = nil, title: String, url: String? = nil,
    confidence: Confidence, evidence: [String] = [], missingEvidence: [String] = [],
    patchInstalled: Bool? = nil, patchStatus: String? = nil, hotfix: String? = nil,
    workarounds: [String] = []
  ) {
    self.ruleID = ruleID
    self.kb = kb
    self.title = title
    self.url = url
    self.confidence = confidence
    self.evidence = evidence
    self.missingEvidence = missingEvidence
    self.patchInstalled = patchInstalled
    self.patchStatus = patchStatus
    self.hotfix = hotfix
    self.workarounds = workarounds
  }

  enum CodingKeys: String, CodingKey {
    case ruleID = "rule_id"
    case kb, title, url, confidence, evidence
    case missingEvidence = "missing_evidence"
    case patchInstalled = "patch_installed"
    case patchStatus = "patch_status"
    case hotfix, workarounds
  }
}

/// The probable cause (WinDbg's "Probably caused by" and follow-up).
public struct ReportBlame: Codable, Hashable, Sendable {
  /// `module`, `manual` (a person crashed the machine), `hardware` or `undetermined`.
  public var kind: String
  /// Blamed module file name (`amdppm.sys`), for kind `module`.
  public var module: String?
  /// Blamed function, when symbols resolved it.
  public var function: String?
  /// Index of the blamed frame, when blame came from a frame.
  public var frameIndex: Int?
  /// Blamed address, hex.
  public var address: String?
  /// Offset from the module base, hex.
  public var moduleOffset: String?
  /// File version of the blamed module (WinDbg `IMAGE_VERSION`), when known.
  public var imageVersion: String?
  /// Whether the blamed module ships with Windows.
  public var isMicrosoft: Bool?
  /// Follow-up owner from the ownership lists.
  public var owner: String?
  /// Trust of the blamed frame.
  public var trust: String?
  /// Where the evidence came from (`P2 (exception address)`, `frame`, `bug_check_code`).
  public var evidence: String?
  /// One sentence: why.
  public var reason: String
  /// Every decision, in order (`--explain`).
  public var decisions: [String]

  /// Creates a blame entry.
  public init(
    kind: String, module: String? = nil, function: String? = nil, frameIndex: Int? = nil,
    address: String? = nil, moduleOffset: String? = nil, imageVersion: String? = nil,
    isMicrosoft: Bool? = nil, owner: String? = nil, trust: String? = nil,
    evidence: String? = nil, reason: String, decisions: [String] = []
  ) {
    self.kind = kind
    self.module = module
    self.function = function
    self.frameIndex = frameIndex
    self.address = address
    self.moduleOffset = moduleOffset
    self.imageVersion = imageVersion
    self.isMicrosoft = isMicrosoft
    self.owner = owner
    self.trust = trust
    self.evidence = evidence
    self.reason = reason
    self.decisions = decisions
  }

  /// `amdppm!WriteIoMemRawEx` or `amdppm.sys+0x334c`, or the kind when no module.
  public var display: String {
    guard let module else { return kind }
    if let function {
      let stem = module.split(separator: ".").first.map(String.init) ?? module
      return "\(stem)!\(function)"
    }
    return module + (moduleOffset.map { "+" + $0 } ?? "")
  }

  enum CodingKeys: String, CodingKey {
    case kind, module, function
    case frameIndex = "frame_index"
    case address
    case moduleOffset = "module_offset"
    case imageVersion = "image_version"
    case isMicrosoft = "is_microsoft"
    case owner, trust, evidence, reason, decisions
  }
}

/// The crash bucket (WinDbg `FAILURE_BUCKET_ID`).
public struct ReportBucket: Codable, Hashable, Sendable {
  /// `0x7E_c0000005_amdppm!WriteIoMemRawEx`.
  public var id: String
  /// Short stable hash of the ID (WinDbg `FAILURE_ID_HASH` role).
  public var hash: String
  /// Class part of the ID.
  public var crashClass: String
  /// Module part.
  public var module: String?
  /// Function part.
  public var function: String?
  /// Offset kept out of the ID (WinDbg `BUCKET_ID_FUNC_OFFSET`), hex.
  public var functionOffset: String?
  /// How the ID was built (`--explain`).
  public var decisions: [String]

  /// Creates a bucket entry.
  public init(
    id: String, hash: String, crashClass: String, module: String? = nil,
    function: String? = nil, functionOffset: String? = nil, decisions: [String] = []
  ) {
    self.id = id
    self.hash = hash
    self.crashClass = crashClass
    self.module = module
    self.function = function
    self.functionOffset = functionOffset
    self.decisions = decisions
  }

  enum CodingKeys: String, CodingKey {
    case id, hash
    case crashClass = "class"
    case module, function
    case functionOffset = "function_offset"
    case decisions
  }
}

/// One stack frame.
public struct ReportFrame: Codable, Hashable, Sendable {
  /// 0 = innermost.
  public var index: Int
  /// Instruction address, hex.
  public var address: String?
  /// Module file name.
  public var module: String?
  /// Offset from the module base, hex.
  public var moduleOffset: String?
  /// Function, when symbols resolved it.
  public var function: String?
  /// Offset from the function start, hex.
  public var functionOffset: String?
  /// `context`, `cfi`, `frame_pointer`, `cfi_scan`, `scan`, `none`.
  public var trust: String
  /// WinDbg-style call site (`amdppm!WriteIoMemRawEx+0x70`).
  public var display: String

  /// Creates a frame.
  public init(
    index: Int, address: String? = nil, module: String? = nil, moduleOffset: String? = nil,
    function: String? = nil, functionOffset: String? = nil, trust: String, display: String
  ) {
    self.index = index
    self.address = address
    self.module = module
    self.moduleOffset = moduleOffset
    self.function = function
    self.functionOffset = functionOffset
    self.trust = trust
    self.display = display
  }

  enum CodingKeys: String, CodingKey {
    case index, address, module
    case moduleOffset = "module_offset"
    case function
    case functionOffset = "function_offset"
    case trust, display
  }
}

/// A loaded module.
public struct ReportModule: Codable, Hashable, Sendable {
  /// File name as recorded.
  public var name: String
  /// Load address, hex.
  public var base: String
  /// End address (exclusive), hex.
  public var end: String
  /// PE TimeDateStamp, hex.
  public var timestamp: String?
  /// File version.
  public var version: String?
  /// Company, when known.
  public var vendor: String?
  /// Whether the module ships with Windows.
  public var isMicrosoft: Bool?
  /// Whether a frame of the crashing stack is in this module.
  public var onStack: Bool?
  /// Symbol file used.
  public var symbolFile: String?
  /// PDB name from the dump's CodeView record (user-mode dumps).
  public var debugFile: String?
  /// Debug id (GUID + age) from the dump (user-mode dumps).
  public var debugID: String?

  /// Creates a module entry.
  public init(
    name: String, base: String, end: String, timestamp: String? = nil, version: String? = nil,
    vendor: String? = nil, isMicrosoft: Bool? = nil, onStack: Bool? = nil,
    symbolFile: String? = nil, debugFile: String? = nil, debugID: String? = nil
  ) {
    self.name = name
    self.base = base
    self.end = end
    self.timestamp = timestamp
    self.version = version
    self.vendor = vendor
    self.isMicrosoft = isMicrosoft
    self.onStack = onStack
    self.symbolFile = symbolFile
    self.debugFile = debugFile
    self.debugID = debugID
  }

  enum CodingKeys: String, CodingKey {
    case name, base, end, timestamp, version, vendor
    case isMicrosoft = "is_microsoft"
    case onStack = "on_stack"
    case symbolFile = "symbol_file"
    case debugFile = "debug_file"
    case debugID = "debug_id"
  }
}

/// A module unloaded before the crash.
public struct ReportUnloadedModule: Codable, Hashable, Sendable {
  /// File name.
  public var name: String
  /// Start address, hex.
  public var base: String
  /// End address, hex.
  public var end: String
  /// PE TimeDateStamp, hex.
  public var timestamp: String?

  /// Creates an unloaded-module entry.
  public init(name: String, base: String, end: String, timestamp: String? = nil) {
    self.name = name
    self.base = base
    self.end = end
    self.timestamp = timestamp
  }
}

/// Hex formatting shared by the report and the pipeline.
public enum ReportHex {
  /// `0x1a2b` (lower case, no padding).
  public static func string(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
  /// `0x1A2B` for codes (upper case, no padding).
  public static func code(_ value: UInt32) -> String {
    "0x" + String(value, radix: 16, uppercase: true)
  }
}
