import BinaryReading
import DumpFormats
import Foundation

/// A Windows kernel crash dump (`PAGEDUMP` / `PAGEDU64`): header, context, modules and memory.
///
/// Only an unreadable header fails ``init(data:baseOffset:)``; every later problem becomes a
/// ``Note`` and the rest of the dump is still read.
public struct KernelDump: Sendable {
  /// The kernel dump header.
  public let header: KernelDumpHeader
  /// Size of the file in bytes.
  public let fileSize: Int
  /// The triage (small memory dump) part, for DumpType 4.
  public private(set) var triage: TriageDump?
  /// The physical memory layout, for full, kernel and bitmap dumps.
  public private(set) var physicalMemory: PhysicalMemoryLayout?
  /// Virtual memory through the dump's page tables, for full, kernel and bitmap dumps.
  public private(set) var pagedMemory: PagedMemory?
  /// The crashing processor's context (the dump's CONTEXT record), when readable.
  public private(set) var context: CPUContext?
  /// The bug check context saved in the KPRCB, when the dump has one (triage dumps; full dumps
  /// with a decoded KDBG block).
  ///
  /// In x64 triage dumps of exception bug checks, ``context`` is the exception context and this
  /// is the `KeBugCheckEx` context (formats.md §2.5).
  public private(set) var processorContext: CPUContext?
  /// The dump's exception record, unless it is absent (`PAGE`-filled).
  public private(set) var exception: KernelExceptionRecord?
  /// Loaded modules (drivers), in list order.
  public private(set) var modules: [LoadedModule]
  /// Drivers unloaded before the crash.
  public private(set) var unloadedDrivers: [UnloadedDriver]
  /// The kernel's virtual memory as far as the dump carries it.
  public private(set) var memory: any VirtualMemory
  /// The debugger data block (KDBG), when found and decoded.
  public private(set) var debuggerData: DebuggerData?
  /// Problems found while reading.
  public private(set) var notes: [Note]

  /// The stack range a symbol-free scan looks at: the triage dump's call stack, or for full
  /// dumps a 16 KiB window from the context's stack pointer (reads stop where pages are missing).
  public var stackRange: Range<UInt64>? {
    if let triage { return triage.stackRange }
    guard pagedMemory != nil, let sp = context?.stackPointer,
      let end = sp.checkedAdding(Self.fullDumpStackWindow)
    else { return nil }
    return sp..<end
  }

  /// Bytes above the stack pointer scanned in full dumps.
  public static let fullDumpStackWindow: UInt64 = 0x4000

  /// The processor architecture.
  public var architecture: CPUArchitecture { header.architecture }

  /// The service pack number (2 for Service Pack 2), from the triage dump's CSD version.
  public var servicePack: UInt32? {
    guard let csd = triage?.header.servicePackBuild, csd != 0, csd != KernelDumpHeader.absent32
    else { return nil }
    return (csd >> 8) & 0xFF
  }

  /// Reads a kernel dump.
  ///
  /// - Parameters:
  ///   - data: The whole file (memory-mapped is best).
  ///   - baseOffset: The file offset of `data` (non-zero inside containers), for messages.
  /// - Throws: ``ReadError`` when the header is not a kernel dump header or is cut short.
  public init(data: Data, baseOffset: UInt64 = 0) throws(ReadError) {
    let reader = ByteReader(data, baseOffset: baseOffset)
    let header = try KernelDumpHeader(parsing: reader)
    self.header = header
    self.fileSize = reader.count
    var notes: [Note] = []
    let architecture = header.architecture
    if ContextRecord.size(of: architecture) == nil {
      notes.append(
        Note(
          code: "kernel.architecture",
          message:
            "machine type 0x\(String(header.machineImageType, radix: 16)) (\(architecture)) has no CONTEXT layout here; registers are not read",
          offset: header.is64Bit ? 0x30 : 0x20))
    }
    if let attributes = header.attributesIfPresent, attributes & 0x100 != 0 {
      notes.append(
        Note(
          code: "kernel.encrypted",
          message:
            "the dump data is encrypted (DUMP_FILE_ATTRIBUTES bit 8); only the header is read",
          offset: header.is64Bit ? 0x1050 : 0x8A0))
    }
    if reader.count < header.headerSize {
      notes.append(
        Note(
          code: "kernel.header.truncated",
          message:
            "the file ends inside the 0x\(String(header.headerSize, radix: 16))-byte header (0x\(String(reader.count, radix: 16)) bytes)",
          offset: UInt64(reader.count)))
    }

    triage = nil
    pagedMemory = nil
    physicalMemory = nil
    processorContext = nil
    debuggerData = nil
    modules = []
    unloadedDrivers = []
    memory = FileRegionMemory(reader: reader, regions: [])

    var contextOffset = header.contextRecordOffset
    var exceptionOffset = header.exceptionRecordOffset
    if header.dumpType == .triage {
      do {
        let triage = try TriageDump(parsing: reader, kernelHeader: header)
        self.triage = triage
        notes += triage.notes
        modules = triage.drivers
        unloadedDrivers = triage.unloadedDrivers
        memory = triage.memory
        debuggerData = triage.debuggerData
        processorContext = triage.processorContext
        if triage.header.contextOffset != 0 { contextOffset = Int(triage.header.contextOffset) }
        if triage.header.exceptionOffset != 0 {
          exceptionOffset = Int(triage.header.exceptionOffset)
        }
      } catch {
        notes.append(
          Note(
            code: "triage.header",
            message: "the triage dump header cannot be read: \(error)", offset: error.offset))
      }
    } else if !Self.headerOnlyTypes.contains(header.dumpType) {
      let full = FullDumpReader(reader: reader, header: header)
      notes += full.notes
      physicalMemory = full.layout
      if let paged = full.memory {
        memory = paged
        pagedMemory = paged
      }
      modules = full.modules
      debuggerData = full.debuggerData
      processorContext = full.processorContext
    } else {
      notes.append(
        Note(
          code: "kernel.dump_type",
          message: "dump type \(header.dumpType) carries no memory this tool reads; header only",
          offset: header.is64Bit ? 0xF98 : 0xF88))
    }

    if ContextRecord.size(of: architecture) != nil {
      do {
        context = try ContextRecord.parse(reader, at: contextOffset, architecture: architecture)
      } catch {
        context = nil
        notes.append(
          Note(
            code: "kernel.context", message: "the CONTEXT record cannot be read: \(error)",
            offset: error.offset))
      }
    } else {
      context = nil
    }
    if let record = try? KernelExceptionRecord(
      parsing: reader, at: exceptionOffset, is64Bit: header.is64Bit), !record.isAbsent
    {
      exception = record
    } else {
      exception = nil
    }
    self.notes = notes
  }

  /// Dump types whose body this tool does not read.
  static let headerOnlyTypes: Set<DumpType> = [.invalid, .unknown, .header]
}
