import TriageFacts

/// A crash bucket: crashes with the same ID are the same problem.
///
/// The ID has the shape of WinDbg's `FAILURE_BUCKET_ID`: `<class>_<module>!<function>`, where the
/// class is the bug check code (`0xD1`) or an exception class (`NULL_POINTER_READ_c0000005`), with
/// a parameter-derived subtype where the code defines one (`0x139_3_CORRUPT_LIST_ENTRY`). Without
/// symbols the function is `unknown_function`. Offsets, versions and timestamps stay out of the ID
/// (the offset is kept in ``functionOffset``), so the same crash in a rebuilt driver lands in the
/// same bucket.
public struct Bucket: Hashable, Sendable, Codable {
  /// The bucket ID (`0x7E_c0000005_amdppm!WriteIoMemRawEx`).
  public var id: String
  /// A short stable hash of the ID (12 hex digits of FNV-1a 64).
  public var hash: String
  /// The class part (`0x7E_c0000005`).
  public var crashClass: String
  /// The module part (`amdppm`), when a module was blamed.
  public var module: String?
  /// The function part (`WriteIoMemRawEx` or `unknown_function`), when a module was blamed.
  public var function: String?
  /// Offset in the function (with symbols) or in the module (without), kept out of the ID.
  public var functionOffset: UInt64?
  /// How the ID was built, for `--explain`.
  public var decisions: [String]

  /// Creates a bucket from its parts.
  public init(
    id: String, crashClass: String, module: String? = nil, function: String? = nil,
    functionOffset: UInt64? = nil, decisions: [String] = []
  ) {
    self.id = id
    self.hash = Bucket.stableHash(id)
    self.crashClass = crashClass
    self.module = module
    self.function = function
    self.functionOffset = functionOffset
    self.decisions = decisions
  }

  /// FNV-1a 64 of the UTF-8 bytes, first 12 hex digits: stable across runs and platforms.
  public static func stableHash(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    return String(padded.prefix(12))
  }
}

/// Builds bucket IDs from facts and blame.
public struct BucketBuilder: Sendable {
  /// The lists used to canonicalise module names (`ntkrnlmp.exe` → `nt`).
  public var lists: OwnershipLists

  /// Creates a builder over `lists`.
  public init(lists: OwnershipLists = .standard) {
    self.lists = lists
  }

  /// The bucket of a crash.
  public func bucket(for facts: CrashFacts, blame: BlameAnalysis) -> Bucket {
    var decisions: [String] = []
    let crashClass = self.crashClass(facts, &decisions)
    switch blame.kind {
    case .manual:
      let code = facts.bugCheck?.code ?? 0xE2
      let name = BugCheckReference.name(for: code) ?? "MANUALLY_INITIATED_CRASH"
      decisions.append("manual crash: the bucket names the bug check, not a module")
      let id = "\(crashClass)_\(name)"
      return Bucket(id: id, crashClass: crashClass, decisions: decisions)
    case .hardware:
      decisions.append("hardware error: the bucket names the class only")
      let id = "\(crashClass)_HARDWARE"
      return Bucket(id: id, crashClass: crashClass, decisions: decisions)
    case .undetermined:
      decisions.append("no module blamed: unknown_module")
      return Bucket(
        id: "\(crashClass)_unknown_module!unknown_function", crashClass: crashClass,
        decisions: decisions)
    case .module:
      guard let fact = blame.fact else {
        return Bucket(
          id: "\(crashClass)_unknown_module!unknown_function", crashClass: crashClass,
          decisions: decisions)
      }
      let module = lists.canonicalModule(fact.module)
      let function = fact.function.map(Self.cleanFunction) ?? "unknown_function"
      var offset: UInt64?
      if fact.function != nil {
        offset =
          facts.frames.first { $0.index == fact.frameIndex }?.functionOffset
          ?? functionOffset(facts, fact)
        decisions.append("function \(function) from symbols; its offset is kept out of the ID")
      } else {
        offset = fact.moduleOffset
        decisions.append("no symbols for \(module): unknown_function; module offset kept apart")
      }
      let id = "\(crashClass)_\(module)!\(function)"
      return Bucket(
        id: id, crashClass: crashClass, module: module, function: function,
        functionOffset: offset, decisions: decisions)
    }
  }

  private func functionOffset(_ facts: CrashFacts, _ fact: BlameFact) -> UInt64? {
    guard let address = fact.address else { return nil }
    return facts.frames.first { $0.address == address }?.functionOffset
  }

  /// Removes characters that would make an ID ambiguous (spaces, `_` is kept).
  static func cleanFunction(_ name: String) -> String {
    String(name.map { $0 == " " || $0 == "\n" || $0 == "\t" ? "_" : $0 })
  }

  private func crashClass(_ facts: CrashFacts, _ decisions: inout [String]) -> String {
    if let bugCheck = facts.bugCheck {
      let code = BugCheckReference.hex(bugCheck.baseCode)
      if let subtype = BugCheckReference.subtype(for: bugCheck) {
        decisions.append("class \(code) with subtype \(subtype) from its parameters")
        return "\(code)_\(subtype)"
      }
      decisions.append("class \(code) (the bug check code)")
      return code
    }
    if let exception = facts.exception {
      let cls = Self.exceptionClass(exception)
      decisions.append("class \(cls) from the exception")
      return cls
    }
    decisions.append("no bug check or exception: class UNKNOWN")
    return "UNKNOWN"
  }

  /// WinDbg-like failure class for a user-mode exception.
  static func exceptionClass(_ exception: ExceptionFact) -> String {
    let code = String(exception.code, radix: 16)
    switch exception.code {
    case 0xC000_0005:
      let kind = exception.parameters.first ?? 0
      let target = exception.parameters.count > 1 ? exception.parameters[1] : nil
      let access = kind == 1 ? "WRITE" : kind == 8 ? "EXECUTE" : "READ"
      if let target, target < 0x10000 { return "NULL_POINTER_\(access)_\(code)" }
      return "INVALID_POINTER_\(access)_\(code)"
    case 0xC000_0409:
      let subtype = exception.parameters.first.map { "_" + String($0, radix: 16) } ?? ""
      return "FAIL_FAST\(subtype)_\(code)"
    case 0xC000_00FD: return "STACK_OVERFLOW_\(code)"
    case 0xC000_0374: return "HEAP_CORRUPTION_\(code)"
    case 0xC000_001D: return "ILLEGAL_INSTRUCTION_\(code)"
    case 0xC000_0094: return "INTEGER_DIVIDE_BY_ZERO_\(code)"
    case 0x8000_0003: return "BREAKPOINT_\(code)"
    case 0xC000_0006: return "IN_PAGE_ERROR_\(code)"
    case 0xE06D_7363: return "CPP_EXCEPTION_\(code)"
    default: return "APPLICATION_FAULT_\(code)"
    }
  }
}
