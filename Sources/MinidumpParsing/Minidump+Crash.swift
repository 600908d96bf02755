import BinaryReading
import DumpFormats

/// What other engineers need from a minidump, with corrupt streams turned into notes.
extension Minidump {
  /// SystemInfo, when present and readable.
  public var systemInfo: SystemInfo? { streamIfReadable(SystemInfo.self) }

  /// MiscInfo, when present and readable.
  public var miscInfo: MiscInfo? { streamIfReadable(MiscInfo.self) }

  /// The exception stream, when present and readable.
  public var exception: ExceptionStream? { streamIfReadable(ExceptionStream.self) }

  /// The architecture from SystemInfo, or from the first readable context.
  public var architecture: CPUArchitecture? {
    systemInfo?.architecture ?? exception?.context?.architecture
      ?? threads.lazy.compactMap(\.context).first?.architecture
  }

  /// Every thread (ThreadList, or ThreadExList when only that is present).
  public var threads: [MinidumpThread] {
    streamIfReadable(ThreadList.self)?.threads ?? streamIfReadable(ThreadExList.self)?.threads
      ?? []
  }

  /// Thread names from the ThreadNames stream (id → name).
  public var threadNames: [UInt32: String] { streamIfReadable(ThreadNames.self)?.names ?? [:] }

  /// The module list as raw `MINIDUMP_MODULE` values.
  public var minidumpModules: [MinidumpModule] { streamIfReadable(ModuleList.self)?.modules ?? [] }

  /// The loaded modules, with versions and debug ids, in file order.
  public var modules: [LoadedModule] { minidumpModules.map(\.loadedModule) }

  /// The unloaded modules.
  public var unloadedModules: [UnloadedModuleList.Entry] {
    streamIfReadable(UnloadedModuleList.self)?.modules ?? []
  }

  /// The main executable: the first module (Windows writes it first).
  public var mainModule: MinidumpModule? { minidumpModules.first }

  /// The process memory the dump holds: MemoryList, Memory64List and the thread stacks.
  ///
  /// Folklore: writers normally repeat each thread's stack in MemoryList, but not all do, so
  /// stacks whose descriptor has a file offset are added too. A stack descriptor with `Rva` 0
  /// (full dumps) means "in Memory64List" and is not read from offset 0.
  public var memory: MinidumpMemory {
    var descriptors = streamIfReadable(MemoryList.self)?.ranges ?? []
    descriptors += streamIfReadable(Memory64List.self)?.ranges ?? []
    descriptors += threads.map(\.stack).filter { $0.rva != 0 && $0.size != 0 }
    return MinidumpMemory(descriptors: descriptors, file: file)
  }

  /// The id of the thread that crashed.
  ///
  /// The exception stream's thread first; then Breakpad's requesting thread; then the thread
  /// the writer flagged with ERROR_THREAD in ThreadInfoList. `nil` when none says.
  public var crashingThreadID: UInt32? {
    if let exception { return exception.threadID }
    if let requesting = streamIfReadable(BreakpadInfo.self)?.requestingThreadID {
      return requesting
    }
    return streamIfReadable(ThreadInfoList.self)?.entries.first(where: \.isErrorThread)?.threadID
  }

  /// The crashing thread, when it is in the thread list.
  public var crashingThread: MinidumpThread? {
    guard let id = crashingThreadID else { return nil }
    return threads.first { $0.id == id }
  }

  /// The context to start the crashing thread's stack walk from.
  ///
  /// The exception context first: the thread-list context of the crashing thread is usually
  /// inside the exception dispatcher or the dump writer, not at the fault.
  public var crashContext: CPUContext? {
    exception?.context ?? crashingThread?.context
  }

  /// Whether the process ran 32-bit code on 64-bit Windows (WOW64).
  ///
  /// True when SystemInfo says AMD64 or ARM64 and the module list holds the WOW64 layer
  /// (`wow64.dll`, `wow64cpu.dll`, `wowarmhw.dll`, `xtajit.dll`), or a context is x86; or when
  /// SystemInfo says x86 but MiscInfo's build string names a 64-bit kernel.
  public var isWOW64: Bool {
    guard let arch = systemInfo?.architecture else { return false }
    // Folklore: a 32-bit writer dumping its own WOW64 process records SystemInfo as x86; only
    // MiscInfo's build string (`22621.1.amd64fre.…`) shows the 64-bit OS
    // (Breakpad's tiny-exe-with-cet-xsave-x86.dmp).
    if arch == .x86 || arch == .arm {
      let build = miscInfo?.buildString?.lowercased() ?? ""
      return build.contains("amd64fre") || build.contains("arm64fre")
        || build.contains("amd64chk") || build.contains("arm64chk")
    }
    guard arch == .amd64 || arch == .arm64 else { return false }
    let layer: Set<String> = ["wow64.dll", "wow64cpu.dll", "wowarmhw.dll", "xtajit.dll"]
    if modules.contains(where: { layer.contains($0.baseName.lowercased()) }) { return true }
    return crashContext?.architecture == .x86
  }

  /// The 32-bit (x86) view of the crash context of a WOW64 process, when the dump carries it.
  ///
  /// Either the context already is x86, or it is an x64 context captured in 32-bit code
  /// (`cs` = 0x23), whose low halves are the 32-bit registers.
  public var wow64Context: CPUContext? {
    guard isWOW64, let context = crashContext else { return nil }
    if context.architecture == .x86 { return context }
    return ContextReader.wow64View(of: context)
  }

  /// The address a report blames: the faulting data address of an access violation is not it;
  /// this is the instruction address (`ExceptionAddress`), or the context's instruction pointer.
  public var crashInstructionAddress: UInt64? {
    if let exception, exception.address != 0 || crashContext?.instructionPointer == nil {
      return exception.address
    }
    return crashContext?.instructionPointer
  }

  /// The MemoryInfoList entry whose region holds `address`, when the dump has one.
  public func memoryInfo(at address: UInt64) -> MemoryInfoList.Entry? {
    streamIfReadable(MemoryInfoList.self)?.entries.first { $0.contains(address) }
  }

  /// The exception's parameters decoded in one line, when there is something to say.
  ///
  /// An access violation with the target's memory state, a fast-fail code, or Breakpad's
  /// assertion record (invalid parameter, pure virtual call).
  public var exceptionDecode: String? {
    if let text = accessViolationDescription { return text }
    if let code = exception?.fastFailCode { return code.description }
    return breakpadAssertion?.summary
  }

  /// The access violation decode with the faulting address's memory state, when the dump
  /// records it (MemoryInfoList).
  ///
  /// For example `execute at 0x3df944 (DEP: the memory is not executable); the address is
  /// committed PAGE_READWRITE private memory`, which tells a DEP violation from a jump into
  /// unmapped memory.
  public var accessViolationDescription: String? {
    guard let violation = exception?.accessViolation else { return nil }
    var text = violation.description
    if let region = memoryInfo(at: violation.address) {
      text += "; the address is \(region.summary)"
    } else if streamIfReadable(MemoryInfoList.self) != nil {
      text += "; the address is in no recorded region (not mapped)"
    }
    return text
  }

  /// The module containing an address and the offset into it, as `(module, offset)`.
  public func moduleAndOffset(of address: UInt64) -> (module: LoadedModule, offset: UInt64)? {
    guard let module = modules.module(containing: address) else { return nil }
    return (module, address - module.base)
  }
}
