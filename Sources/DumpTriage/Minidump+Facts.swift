import DumpFormats
import Foundation
import MinidumpParsing
import StackUnwinding
import TriageFacts

/// Turns a parsed user-mode minidump into the plain ``CrashFacts`` rules and reports read.
///
/// Everything here is a mapping: the parser decides (crashing thread, exception context first,
/// WOW64), this file only copies into the facts model. The crash address becomes frame 0 as
/// `module+offset`; a stack walker, when run, replaces the frames.
public enum MinidumpFacts {
  /// Builds the facts for a minidump.
  ///
  /// - Parameters:
  ///   - dump: The parsed dump.
  ///   - walk: The crashing thread's stack walk, when one was made; without it frame 0 is the
  ///     crash address.
  /// - Returns: Facts with dump kind `user_minidump`, OS, CPU, exception with its decode, the
  ///   process, modules with versions and debug ids, frame 0 and the parser's notes.
  public static func facts(from dump: Minidump, walk: StackWalk? = nil) -> CrashFacts {
    var facts = CrashFacts(dumpKind: .userMinidump)
    let system = dump.systemInfo
    if let system {
      facts.os = OSFacts(
        majorVersion: system.majorVersion, minorVersion: system.minorVersion,
        build: system.buildNumber, servicePack: system.servicePack,
        servicePackName: system.csdVersion,
        productType: ProductType(rawProductType: UInt32(system.productType)),
        architecture: system.architecture.description,
        productName: productName(system))
      facts.cpu = CPUFacts(
        vendor: system.cpuVendor, family: system.cpuFamily, model: system.cpuModel,
        stepping: system.cpuStepping, count: UInt32(system.processorCount))
    }
    facts.crashTime = dump.header.date
    let misc = dump.miscInfo
    if let created = misc?.processCreateTime, created > 0, dump.header.timeDateStamp >= created {
      facts.uptimeSeconds = Double(dump.header.timeDateStamp - created)
    }
    if let exception = dump.exception {
      let decode = dump.exceptionDecode
      facts.exception = ExceptionFact(
        code: exception.code.rawValue, address: exception.address,
        parameters: exception.parameters, threadID: exception.threadID,
        name: exception.code.name, meaning: exception.code.meaning, decode: decode)
    }
    let modules = dump.modules
    facts.modules = modules.map(moduleFact)
    facts.unloadedModules = dump.unloadedModules.map {
      UnloadedModuleFact(
        name: $0.name, base: $0.base, size: UInt64($0.size), timeDateStamp: $0.timeDateStamp)
    }
    facts.processName = dump.mainModule.map {
      LoadedModule(name: $0.name, base: 0, size: 0).baseName
    }
    if let walk, !walk.frames.isEmpty {
      facts.frames = walk.frames.enumerated().map { index, frame in
        FrameFact(
          index: index, address: frame.instructionAddress, module: frame.module?.baseName,
          moduleOffset: frame.moduleOffset, function: frame.function,
          functionOffset: frame.functionOffset,
          trust: FrameTrust(rawValue: frame.trust.rawValue) ?? .none)
      }
      facts.notes += walk.notes.map(\.description)
    } else if let address = dump.crashInstructionAddress {
      var frame = FrameFact(index: 0, address: address, trust: .context)
      if let (module, offset) = dump.moduleAndOffset(of: address) {
        frame.module = module.baseName
        frame.moduleOffset = offset
      }
      facts.frames = [frame]
    }
    let threadID = dump.crashingThreadID
    let isWOW64 = dump.isWOW64
    facts.process = ProcessFact(
      id: misc?.processID, path: dump.mainModule?.name,
      startTime: misc?.processCreateDate,
      architecture: isWOW64 ? "x86" : (dump.architecture?.description),
      isWOW64: isWOW64, crashingThreadID: threadID,
      crashingThreadName: threadID.flatMap { dump.threadNames[$0] },
      threadCount: dump.threads.count,
      registers: registers(dump.crashContext),
      wow64Registers: isWOW64 ? registers(dump.wow64Context) : [])
    facts.notes = dump.notes.map(\.description) + facts.notes
    return facts
  }

  /// Parses a minidump held in memory and builds its facts.
  ///
  /// - Parameter data: The file's bytes.
  /// - Returns: The facts.
  /// - Throws: The parser's `ReadError` when the header or directory is unreadable.
  public static func facts(data: Data) throws -> CrashFacts {
    facts(from: try Minidump(data: data))
  }

  /// Walks the crashing thread's stack from the crash context.
  ///
  /// For a WOW64 process whose crash context is an x64 context captured in 32-bit code, the
  /// walk starts from the 32-bit view, since the frames are 32-bit code.
  ///
  /// - Parameters:
  ///   - dump: The parsed dump.
  ///   - symbols: Where symbols and images come from.
  ///   - options: Walker limits.
  /// - Returns: The walk, or `nil` when the dump has no crash context.
  public static func walkCrashingThread(
    _ dump: Minidump, symbols: any SymbolResolver = NoSymbols(),
    options: StackWalker.Options = StackWalker.Options()
  ) -> StackWalk? {
    guard var context = dump.crashContext else { return nil }
    if let wow64 = dump.wow64Context { context = wow64 }
    let walker = StackWalker(
      memory: dump.memory, modules: dump.modules, symbols: symbols, options: options)
    return walker.walk(from: context)
  }

  /// Parses a minidump, walks the crashing thread without symbols, and builds its facts.
  ///
  /// - Parameter data: The file's bytes.
  /// - Returns: The facts, frames from the walk.
  /// - Throws: The parser's `ReadError` when the header or directory is unreadable.
  public static func factsWithStack(data: Data) throws -> CrashFacts {
    let dump = try Minidump(data: data)
    return facts(from: dump, walk: walkCrashingThread(dump))
  }

  /// A module with its version (from the dump) and debug identity.
  static func moduleFact(_ module: LoadedModule) -> ModuleFact {
    var version: FileVersion?
    if let parts = module.fileVersion, parts.count == 4 {
      version = FileVersion(
        UInt32(parts[0]), UInt32(parts[1]), UInt32(parts[2]), UInt32(parts[3]))
    }
    // The file name: reports list modules by name; the full path stays in UserDumpDetails.
    return ModuleFact(
      name: module.baseName, base: module.base, size: module.size,
      timeDateStamp: module.timeDateStamp, checksum: module.checksum, version: version,
      versionSource: version == nil ? nil : "dump", debugFile: module.debugFile,
      debugID: module.debugID)
  }

  static func registers(_ context: CPUContext?) -> [RegisterFact] {
    context?.registers.map { RegisterFact(name: $0.name, value: $0.value) } ?? []
  }

  /// The Windows product name for an NT version, when it is unambiguous.
  static func productName(_ system: SystemInfo) -> String? {
    guard system.platform == .windowsNT else { return nil }
    let server = system.productType != 1
    switch (system.majorVersion, system.minorVersion) {
    case (5, 0): return server ? "Windows 2000 Server" : "Windows 2000"
    case (5, 1): return "Windows XP"
    case (5, 2):
      return server ? "Windows Server 2003" : "Windows XP Professional x64 Edition"
    case (6, 0): return server ? "Windows Server 2008" : "Windows Vista"
    case (6, 1): return server ? "Windows Server 2008 R2" : "Windows 7"
    case (6, 2): return server ? "Windows Server 2012" : "Windows 8"
    case (6, 3): return server ? "Windows Server 2012 R2" : "Windows 8.1"
    case (10, 0):
      let build = system.buildNumber
      if server {
        if build >= 26100 { return "Windows Server 2025" }
        if build >= 20348 { return "Windows Server 2022" }
        if build >= 17763 { return "Windows Server 2019" }
        if build >= 14393 { return "Windows Server 2016" }
        return "Windows Server"
      }
      return build >= 22000 ? "Windows 11" : "Windows 10"
    default: return nil
    }
  }
}
