import DumpFormats
import Foundation
import KernelDumpParsing
import TriageFacts

/// Turns a parsed kernel dump into facts, a symbol-free stack and a first verdict.
enum KernelAnalysis {
  static func analyze(
    _ dump: KernelDump, displayName: String, options: TriageOptions
  ) -> DumpAnalysis {
    let header = dump.header
    let map = AddressMap(modules: dump.modules, unloaded: dump.unloadedDrivers)
    var facts = CrashFacts(dumpKind: dumpKind(header.dumpType))

    // OS and CPU.
    let productType = header.productTypeIfPresent.flatMap { ProductType(rawProductType: $0) }
    let build = header.minorVersion
    let version = WindowsVersion.ntVersion(build: build)
    let servicePack = dump.servicePack
    facts.os = OSFacts(
      majorVersion: version?.0, minorVersion: version?.1, build: build,
      servicePack: servicePack ?? (dump.triage != nil && version?.0 == 10 ? 0 : nil),
      servicePackName: servicePack.map { $0 == 0 ? "" : "Service Pack \($0)" }.flatMap {
        $0.isEmpty ? nil : $0
      },
      productType: productType, architecture: dump.architecture.description,
      productName: WindowsVersion.productName(
        build: build, productType: productType, is64Bit: header.is64Bit))
    facts.cpu = CPUFacts(count: header.numberProcessors)
    facts.crashTime = header.crashTime
    facts.uptimeSeconds = header.upTimeSeconds

    // Bug check.
    let code = header.bugCheckCode
    let parameters = header.bugCheckParameters
    facts.bugCheck = BugCheckFact(code: code, parameters: parameters)
    let explanation = BugCheckCatalog.explain(code: code, parameters: parameters)
    let base = code & ~BugCheckCatalog.modifier
    let details = BugCheckDetails(
      code: code, name: explanation.name, summary: explanation.summary,
      category: explanation.category,
      parameters: explanation.arguments.map { argument in
        let value = argument.value ?? 0
        let entry = BugCheckCatalog.entry(for: code)
        let isCode = entry?.parameters[argument.index - 1].kind == .codeAddress
        let located = map.locate(value)
        let location =
          isCode && (located.module != nil || located.unloadedModule != nil) ? located : nil
        return BugCheckDetails.Parameter(
          index: argument.index, value: value, meaning: argument.meaning,
          decoded: argument.decoded, location: location)
      })
    if [0x1E, 0x3B, 0x7E, 0x8E].contains(base), parameters.count >= 2 {
      facts.exception = ExceptionFact(
        code: UInt32(truncatingIfNeeded: parameters[0]), address: parameters[1])
    }
    if [0x0A, 0xD1, 0xC5].contains(base), parameters.count >= 2, parameters[1] <= 31 {
      facts.irql = UInt8(parameters[1])
    }

    // Modules.
    facts.modules = dump.modules.map { module in
      let version = module.fileVersion.flatMap { parts in
        parts.count == 4
          ? FileVersion(UInt32(parts[0]), UInt32(parts[1]), UInt32(parts[2]), UInt32(parts[3]))
          : nil
      }
      return ModuleFact(
        name: module.name, base: module.base, size: module.size,
        timeDateStamp: module.timeDateStamp, checksum: module.checksum, version: version,
        versionSource: version == nil ? nil : "dump")
    }
    facts.unloadedModules = dump.unloadedDrivers.map {
      UnloadedModuleFact(
        name: $0.name, base: $0.startAddress,
        size: $0.endAddress >= $0.startAddress ? $0.endAddress - $0.startAddress : 0)
    }

    // Stack: frame 0 from the bug check context when the dump has one, else the dump context.
    let crashAddress = dump.context?.instructionPointer.map { map.locate($0) }
    let scanContext = dump.processorContext ?? dump.context
    let scan = StackScan(
      context: scanContext, stackRange: dump.stackRange, memory: dump.memory,
      addressMap: map, architecture: dump.architecture, maxFrames: options.maxScanFrames)
    let walk = StackWalking.kernel(dump, options: options)
    facts.frames = walk.map(StackWalking.frameFacts) ?? scan.frames

    // First verdict.
    let isLiveDump = (header.attributesIfPresent ?? 0) & 0x10 != 0
    let verdict =
      isLiveDump
      ? (
        blame: nil,
        decisions: [
          "a live kernel dump taken from a running system (Attributes bit 4): nothing crashed, so no driver is blamed"
        ]
      )
      : FirstVerdict.blame(bugCheck: details, crashAddress: crashAddress, frames: facts.frames)
    facts.blame = verdict.blame

    var notes = dump.notes.map {
      AnalysisNote(code: $0.code, message: $0.message, offset: $0.offset)
    }
    if verdict.blame == nil, let last = verdict.decisions.last {
      notes.append(AnalysisNote(code: "verdict.no_blame", message: last, offset: nil))
    }
    notes += (walk?.notes ?? []).map {
      AnalysisNote(code: $0.code, message: $0.message, offset: $0.offset)
    }
    facts.notes = notes.map(\.description)

    var trust: String
    if let walk, walk.frames.count > 1 {
      trust = StackWalking.trustSummary(walk)
    } else if dump.stackRange == nil {
      trust = "low: no stack in the dump; the verdict rests on the bug check parameters"
    } else {
      trust =
        "low: no symbols or unwind data used; frames after the first are raw stack values that lie in drivers (trust scan) and may be stale"
    }
    return DumpAnalysis(
      displayName: displayName, fileSize: dump.fileSize,
      format: header.is64Bit ? "64-bit kernel dump (PAGEDU64)" : "32-bit kernel dump (PAGEDUMP)",
      facts: facts, bugCheck: details, crashAddress: crashAddress,
      stackModules: scan.stackModules, trust: trust, kernel: kernelDetails(dump), notes: notes,
      stackTrace: options.traceStack ? walk?.trace : nil)
  }

  static func dumpKind(_ type: DumpType) -> DumpKind {
    switch type.rawValue {
    case 4: .kernelSmall
    case 1, 0xA: .kernelFull
    case 2, 8, 9: .kernelMemory
    case 5, 6, 7: .kernelBitmap
    default: .unknown
    }
  }

  static func kernelDetails(_ dump: KernelDump) -> KernelDumpDetails {
    let header = dump.header
    let triage = dump.triage?.header
    func registers(_ context: CPUContext?) -> [KernelDumpDetails.Register] {
      context?.registers.map { .init(name: $0.name, value: $0.value) } ?? []
    }
    return KernelDumpDetails(
      dumpType: header.dumpType.rawValue, dumpTypeName: header.dumpType.name,
      is64Bit: header.is64Bit, majorVersion: header.majorVersion,
      minorVersion: header.minorVersion, machineImageType: header.machineImageType,
      processors: header.numberProcessors, directoryTableBase: header.directoryTableBase,
      psLoadedModuleList: header.psLoadedModuleList,
      kdDebuggerDataBlock: header.kdDebuggerDataBlock,
      productType: header.productTypeIfPresent, suiteMask: header.suiteMaskIfPresent,
      attributes: header.attributesIfPresent,
      comment: header.comment.isEmpty ? nil : header.comment,
      servicePackBuild: triage?.servicePackBuild, sizeOfDump: triage?.sizeOfDump,
      triageValid: dump.triage?.isValid, topOfStack: triage?.topOfStack,
      stackSize: triage?.sizeOfCallStack, dataBlocks: dump.triage?.dataBlockCount,
      secondaryData: dump.triage.map { $0.secondaryData.map { .init(tag: $0.tag, size: $0.size) } },
      physicalPages: dump.physicalMemory?.pageCount,
      physicalPagesInFile: dump.physicalMemory?.pagesInFile,
      context: registers(dump.context),
      processorContext: dump.processorContext.map { registers($0) },
      exceptionCode: dump.exception?.code, exceptionAddress: dump.exception?.address)
  }
}
