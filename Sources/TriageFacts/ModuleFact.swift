/// A loaded module as the rules see it.
public struct ModuleFact: Codable, Hashable, Sendable {
  /// File name (`netbt.sys`), as recorded (may include a path in user dumps).
  public var name: String
  /// Load address.
  public var base: UInt64
  /// Size in memory.
  public var size: UInt64
  /// PE TimeDateStamp.
  public var timeDateStamp: UInt32?
  /// PE CheckSum.
  public var checksum: UInt32?
  /// File version, when the dump or the symbol store supplies it.
  public var version: FileVersion?
  /// Where the version came from: `dump`, `image` (symbol store) or `example`.
  public var versionSource: String?
  /// Company name from the version resource, when known.
  public var vendor: String?
  /// Whether the module ships with Windows (from the ownership lists); `nil` when unknown.
  public var isMicrosoft: Bool?
  /// Symbol file used for this module, when one was found.
  public var symbolFile: String?
  /// PDB file name from the dump's CodeView record, when known.
  public var debugFile: String?
  /// Debug identifier (GUID + age, Breakpad style), when known.
  public var debugID: String?

  /// Creates a module fact.
  public init(
    name: String, base: UInt64 = 0, size: UInt64 = 0, timeDateStamp: UInt32? = nil,
    checksum: UInt32? = nil, version: FileVersion? = nil, versionSource: String? = nil,
    vendor: String? = nil, isMicrosoft: Bool? = nil, symbolFile: String? = nil,
    debugFile: String? = nil, debugID: String? = nil
  ) {
    self.name = name
    self.base = base
    self.size = size
    self.timeDateStamp = timeDateStamp
    self.checksum = checksum
    self.version = version
    self.versionSource = versionSource
    self.vendor = vendor
    self.isMicrosoft = isMicrosoft
    self.symbolFile = symbolFile
    self.debugFile = debugFile
    self.debugID = debugID
  }

  /// Whether `address` lies inside the module.
  public func contains(_ address: UInt64) -> Bool {
    address >= base && address - base < size
  }

  /// The file name without directories, lower-cased: `C:\x\NetBT.SYS` → `netbt.sys`.
  public static func normalizedName(_ name: String) -> String {
    // Hot in rule matching (every rule × every module): works on UTF-8 bytes (separators are
    // ASCII, so byte indices are scalar boundaries), with no copy when already lower-case ASCII.
    let bytes = name.utf8
    var end = bytes.endIndex
    while end > bytes.startIndex {
      let previous = bytes.index(before: end)
      guard bytes[previous] == 0x5C || bytes[previous] == 0x2F else { break }
      end = previous
    }
    guard end > bytes.startIndex else { return name.lowercased() }
    var start = end
    while start > bytes.startIndex {
      let previous = bytes.index(before: start)
      if bytes[previous] == 0x5C || bytes[previous] == 0x2F { break }
      start = previous
    }
    let last = Substring(bytes[start..<end])
    if last.utf8.allSatisfy({ $0 < 0x41 || ($0 > 0x5A && $0 < 0x80) }) { return String(last) }
    return last.lowercased()
  }

  /// The module name without extension, lower-cased, as used in `module!function`: `netbt`.
  public static func stem(_ name: String) -> String {
    let base = normalizedName(name)
    guard let dot = base.utf8.lastIndex(of: 0x2E) else { return base }
    return String(Substring(base.utf8[..<dot]))
  }
}

/// A module unloaded before the crash.
public struct UnloadedModuleFact: Codable, Hashable, Sendable {
  /// File name.
  public var name: String
  /// Start address.
  public var base: UInt64
  /// Size.
  public var size: UInt64
  /// PE TimeDateStamp, when known.
  public var timeDateStamp: UInt32?

  /// Creates an unloaded-module fact.
  public init(name: String, base: UInt64 = 0, size: UInt64 = 0, timeDateStamp: UInt32? = nil) {
    self.name = name
    self.base = base
    self.size = size
    self.timeDateStamp = timeDateStamp
  }
}

/// How a stack frame was found, worst to best (rust-minidump / Breakpad names).
public enum FrameTrust: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
  case none
  case scan
  case cfiScan = "cfi_scan"
  case framePointer = "frame_pointer"
  case cfi
  case context

  private var rank: Int {
    switch self {
    case .none: 0
    case .scan: 1
    case .cfiScan: 2
    case .framePointer: 3
    case .cfi: 4
    case .context: 5
    }
  }

  public static func < (lhs: FrameTrust, rhs: FrameTrust) -> Bool { lhs.rank < rhs.rank }
}

/// One frame of the crashing thread's stack.
public struct FrameFact: Codable, Hashable, Sendable {
  /// Frame number, 0 = innermost.
  public var index: Int
  /// Instruction address, when known.
  public var address: UInt64?
  /// Module file name (`netbt.sys`), when the address is in a module.
  public var module: String?
  /// Offset from the module base.
  public var moduleOffset: UInt64?
  /// Function name without module (`NbtCopyToStartOfIndicate`), when symbols resolved it.
  public var function: String?
  /// Offset from the function start.
  public var functionOffset: UInt64?
  /// How the frame was found.
  public var trust: FrameTrust

  /// Creates a frame fact.
  public init(
    index: Int, address: UInt64? = nil, module: String? = nil, moduleOffset: UInt64? = nil,
    function: String? = nil, functionOffset: UInt64? = nil, trust: FrameTrust = .context
  ) {
    self.index = index
    self.address = address
    self.module = module
    self.moduleOffset = moduleOffset
    self.function = function
    self.functionOffset = functionOffset
    self.trust = trust
  }

  /// WinDbg-style text: `netbt!NbtCopyToStartOfIndicate+0x5a`, `netbt.sys+0x1a2b`, or `0x…`.
  public var displayName: String {
    if let module, let function {
      let offset = functionOffset.map { "+0x" + String($0, radix: 16) } ?? ""
      return "\(ModuleFact.stem(module))!\(function)\(offset)"
    }
    if let module {
      return "\(module)+0x" + String(moduleOffset ?? 0, radix: 16)
    }
    return "0x" + String(address ?? 0, radix: 16)
  }
}

/// The probable culprit and why.
public struct BlameFact: Codable, Hashable, Sendable {
  /// Module blamed (`amdppm.sys`).
  public var module: String
  /// Function blamed, when symbols resolved it.
  public var function: String?
  /// Index of the blamed frame, when blame came from a frame.
  public var frameIndex: Int?
  /// Address blamed.
  public var address: UInt64?
  /// Offset from the module base.
  public var moduleOffset: UInt64?
  /// One sentence: why this module ("P2 (exception address) lies in amdppm.sys+0x334c").
  public var reason: String
  /// The decision trail (frames skipped and why), for `--explain`.
  public var decisions: [String]

  /// Creates a blame fact.
  public init(
    module: String, function: String? = nil, frameIndex: Int? = nil, address: UInt64? = nil,
    moduleOffset: UInt64? = nil, reason: String, decisions: [String] = []
  ) {
    self.module = module
    self.function = function
    self.frameIndex = frameIndex
    self.address = address
    self.moduleOffset = moduleOffset
    self.reason = reason
    self.decisions = decisions
  }
}
