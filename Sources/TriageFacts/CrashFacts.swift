import Foundation

/// Everything the rules and the report know about one crash, as plain values.
///
/// The pipeline (`DumpTriage`) fills this from a parsed dump; rule examples fill it from YAML;
/// tests fill it by hand. Nothing here refers to a parser type, so rules and renderers can be
/// written and tested without a dump.
public struct CrashFacts: Codable, Hashable, Sendable {
  /// What kind of dump the facts came from.
  public var dumpKind: DumpKind
  /// Operating system of the crashed machine, when the dump says.
  public var os: OSFacts?
  /// Processor of the crashed machine, when the dump says.
  public var cpu: CPUFacts?
  /// When the crash happened (UTC).
  public var crashTime: Date?
  /// Seconds the system (kernel) or process (user) had been running.
  public var uptimeSeconds: Double?
  /// The bug check (kernel dumps).
  public var bugCheck: BugCheckFact?
  /// The exception (user dumps; kernel dumps that carry an exception record).
  public var exception: ExceptionFact?
  /// Current IRQL at the crash, when known.
  public var irql: UInt8?
  /// Name of the process that was running (kernel) or crashed (user).
  public var processName: String?
  /// Loaded modules (drivers or DLLs).
  public var modules: [ModuleFact]
  /// Frames of the crashing thread, top (innermost) first.
  public var frames: [FrameFact]
  /// Modules unloaded before the crash.
  public var unloadedModules: [UnloadedModuleFact]
  /// The probable culprit, once blame has run.
  public var blame: BlameFact?
  /// Problems found while reading the dump.
  public var notes: [String]
  /// The crashed process (user-mode dumps): id, path, WOW64, crashing thread and registers.
  public var process: ProcessFact?

  /// Creates facts; everything but the dump kind is optional.
  public init(
    dumpKind: DumpKind = .unknown, os: OSFacts? = nil, cpu: CPUFacts? = nil, crashTime: Date? = nil,
    uptimeSeconds: Double? = nil, bugCheck: BugCheckFact? = nil, exception: ExceptionFact? = nil,
    irql: UInt8? = nil, processName: String? = nil, modules: [ModuleFact] = [],
    frames: [FrameFact] = [], unloadedModules: [UnloadedModuleFact] = [], blame: BlameFact? = nil,
    notes: [String] = [], process: ProcessFact? = nil
  ) {
    self.dumpKind = dumpKind
    self.os = os
    self.cpu = cpu
    self.crashTime = crashTime
    self.uptimeSeconds = uptimeSeconds
    self.bugCheck = bugCheck
    self.exception = exception
    self.irql = irql
    self.processName = processName
    self.modules = modules
    self.frames = frames
    self.unloadedModules = unloadedModules
    self.blame = blame
    self.notes = notes
    self.process = process
  }

  /// The loaded module whose file name equals `name` (case-insensitive, directories ignored).
  public func module(named name: String) -> ModuleFact? {
    let wanted = ModuleFact.normalizedName(name)
    return modules.first { ModuleFact.normalizedName($0.name) == wanted }
  }

  /// The loaded module whose range holds `address`.
  public func module(containing address: UInt64) -> ModuleFact? {
    modules.first { $0.contains(address) }
  }
}

/// The kind of dump.
public enum DumpKind: String, Codable, Hashable, Sendable, CaseIterable {
  /// Kernel small memory dump (DumpType 4, `Mini*.dmp`).
  case kernelSmall = "kernel_small"
  /// Kernel full / complete memory dump (DumpType 1, 0xA).
  case kernelFull = "kernel_full"
  /// Kernel memory dump (DumpType 2, 8).
  case kernelMemory = "kernel_memory"
  /// Bitmap / automatic / live kernel dump (DumpType 5, 6, 7).
  case kernelBitmap = "kernel_bitmap"
  /// User-mode minidump (`MDMP`).
  case userMinidump = "user_minidump"
  /// Unknown.
  case unknown
}

/// Operating system facts.
public struct OSFacts: Codable, Hashable, Sendable {
  /// Major version (5 = 2000/XP/2003, 6 = Vista…8.1, 10 = 10/11).
  public var majorVersion: UInt32?
  /// Minor version.
  public var minorVersion: UInt32?
  /// Build number (for example 3790, 19041).
  public var build: UInt32?
  /// Service pack number (2 for "Service Pack 2"), when known.
  public var servicePack: UInt32?
  /// Service pack text as recorded ("Service Pack 2").
  public var servicePackName: String?
  /// Workstation, server or domain controller.
  public var productType: ProductType?
  /// Architecture: `x86`, `x64`, `arm`, `arm64`, `ia64`.
  public var architecture: String?
  /// Product name when derivable ("Windows Server 2003").
  public var productName: String?

  /// Creates OS facts.
  public init(
    majorVersion: UInt32? = nil, minorVersion: UInt32? = nil, build: UInt32? = nil,
    servicePack: UInt32? = nil, servicePackName: String? = nil, productType: ProductType? = nil,
    architecture: String? = nil, productName: String? = nil
  ) {
    self.majorVersion = majorVersion
    self.minorVersion = minorVersion
    self.build = build
    self.servicePack = servicePack
    self.servicePackName = servicePackName
    self.productType = productType
    self.architecture = architecture
    self.productName = productName
  }
}

/// Windows product type (`VER_NT_WORKSTATION` 1, `VER_NT_DOMAIN_CONTROLLER` 2, `VER_NT_SERVER` 3).
public enum ProductType: String, Codable, Hashable, Sendable {
  case workstation
  case domainController = "domain_controller"
  case server

  /// From the raw `ProductType` value; `nil` when unknown.
  public init?(rawProductType: UInt32) {
    switch rawProductType {
    case 1: self = .workstation
    case 2: self = .domainController
    case 3: self = .server
    default: return nil
    }
  }

  /// Whether this is a server SKU (servers and domain controllers).
  public var isServer: Bool { self != .workstation }
}

/// CPU facts, for hardware errata rules.
public struct CPUFacts: Codable, Hashable, Sendable {
  /// The vendor string, such as `GenuineIntel` or `AuthenticAMD`.
  public var vendor: String?
  /// Family.
  public var family: UInt32?
  /// Model.
  public var model: UInt32?
  /// Stepping.
  public var stepping: UInt32?
  /// Number of processors.
  public var count: UInt32?

  /// Creates CPU facts.
  public init(
    vendor: String? = nil, family: UInt32? = nil, model: UInt32? = nil, stepping: UInt32? = nil,
    count: UInt32? = nil
  ) {
    self.vendor = vendor
    self.family = family
    self.model = model
    self.stepping = stepping
    self.count = count
  }
}

/// A bug check: code and four parameters.
public struct BugCheckFact: Codable, Hashable, Sendable {
  /// The code as recorded (may carry the 0x10000000 "_M" modifier).
  public var code: UInt32
  /// Parameters 1–4 (fewer only in hand-written facts).
  public var parameters: [UInt64]

  /// Creates a bug check fact.
  public init(code: UInt32, parameters: [UInt64] = []) {
    self.code = code
    self.parameters = parameters
  }

  /// The code without the 0x10000000 modifier (0x1000007E → 0x7E).
  public var baseCode: UInt32 { code & ~0x1000_0000 }

  /// Parameter `n` (1-based), or `nil`.
  public func parameter(_ n: Int) -> UInt64? {
    n >= 1 && n <= parameters.count ? parameters[n - 1] : nil
  }
}

/// An exception (NTSTATUS code and address).
public struct ExceptionFact: Codable, Hashable, Sendable {
  /// The exception code, for example 0xC0000005.
  public var code: UInt32
  /// The address of the faulting instruction.
  public var address: UInt64?
  /// Exception parameters.
  public var parameters: [UInt64]
  /// The crashing thread id (user dumps).
  public var threadID: UInt32?
  /// The code's Windows name (`EXCEPTION_ACCESS_VIOLATION`), when known.
  public var name: String?
  /// What the code means in a few words ("access violation"), when known.
  public var meaning: String?
  /// The decoded parameters ("write to 0x45 (null pointer)", `FAST_FAIL_FATAL_APP_EXIT`).
  public var decode: String?

  /// Creates an exception fact.
  public init(
    code: UInt32, address: UInt64? = nil, parameters: [UInt64] = [], threadID: UInt32? = nil,
    name: String? = nil, meaning: String? = nil, decode: String? = nil
  ) {
    self.code = code
    self.address = address
    self.parameters = parameters
    self.threadID = threadID
    self.name = name
    self.meaning = meaning
    self.decode = decode
  }
}
