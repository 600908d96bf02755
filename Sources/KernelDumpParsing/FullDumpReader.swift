import BinaryReading
import DumpFormats

/// Reads the memory side of full, kernel and bitmap dumps: the physical page layout, and from
/// it virtual memory, the KDBG block and the loaded-module list.
struct FullDumpReader {
  var layout: PhysicalMemoryLayout?
  var memory: PagedMemory?
  var modules: [LoadedModule] = []
  var debuggerData: DebuggerData?
  var processorContext: CPUContext?
  var notes: [Note] = []

  /// The most loader entries walked.
  static let maxModules = 4096

  init(reader: ByteReader, header: KernelDumpHeader) {
    let type = header.dumpType
    do {
      if type == .full {
        layout = try PhysicalMemoryLayout(runsFrom: reader, header: header)
      } else if type == .bitmapFull || type == .bitmapKernel || type == .summary
        || type == .automatic
      {
        layout = try PhysicalMemoryLayout(bitmapFrom: reader, header: header)
      } else if type == .kernelMemory || type == .kernelAndUserMemory || type == .complete,
        header.is64Bit
      {
        layout = try PhysicalMemoryLayout(rangesFrom: reader, header: header)
      } else {
        notes.append(
          Note(
            code: "kernel.dump_type.unsupported",
            message: "the memory of a \(type) dump is not read by this version; header only",
            offset: header.is64Bit ? 0xF98 : 0xF88))
        return
      }
    } catch {
      notes.append(
        Note(
          code: "kernel.physical_memory",
          message: "the physical memory layout cannot be read: \(error)", offset: error.offset))
      return
    }
    guard let layout else { return }
    let required = layout.requiredFileSize
    if required > UInt64(reader.count) {
      let missing = layout.pageCount - layout.pagesInFile
      notes.append(
        Note(
          code: "kernel.physical_memory.truncated",
          message:
            "the dump announces \(layout.pageCount) pages (0x\(String(required, radix: 16)) bytes) but the file ends at 0x\(String(reader.count, radix: 16)): \(missing) pages are missing, so memory past the end cannot be read",
          offset: UInt64(reader.count)))
    }

    // Page tables (formats.md §1.8, §1.9).
    let mode: PagedMemory.Mode
    switch header.architecture {
    case .x86: mode = header.paeEnabled ? .x86PAE : .x86
    case .amd64: mode = .x64
    case .arm64: mode = .arm64
    default:
      notes.append(
        Note(
          code: "kernel.paging.unsupported",
          message: "virtual memory of \(header.architecture) dumps is not translated",
          offset: header.is64Bit ? 0x30 : 0x20))
      return
    }
    var memory = PagedMemory(
      reader: reader, layout: layout, mode: mode, directoryTableBase: header.directoryTableBase)
    // Five-level x64 paging is not recorded in the header: when neither the KDBG block nor the
    // module list head translates with four levels but does with five, use five.
    if mode == .x64 {
      let probes = [header.kdDebuggerDataBlockIfPresent, header.psLoadedModuleList].compactMap {
        $0
      }
      let five = PagedMemory(
        reader: reader, layout: layout, mode: .x64FiveLevel,
        directoryTableBase: header.directoryTableBase)
      if !probes.contains(where: { memory.translate($0) != nil }),
        probes.contains(where: { five.translate($0) != nil })
      {
        memory = five
      }
    }

    // KDBG (formats.md §1.10): decoded blocks carry the 'KDBG' tag; Windows 8+ encodes it.
    if let address = header.kdDebuggerDataBlockIfPresent {
      if let head = memory.bytes(at: address, count: 0x18) {
        let tag = LittleEndianBytes(head).u32(0x10) ?? 0
        if tag == DebuggerData.tag {
          let size = Int(min(LittleEndianBytes(head).u32(0x14) ?? 0x18, 0x1000))
          if let block = memory.bytes(at: address, count: max(size, 0x18)),
            let data = try? DebuggerData(parsing: ByteReader(block))
          {
            debuggerData = data
          }
        } else {
          notes.append(
            Note(
              code: "kernel.kdbg.encoded",
              message:
                "the debugger data block (KDBG) at 0x\(String(address, radix: 16)) is encoded (Windows 8 and later); decoding needs kernel symbols, so the header's PsLoadedModuleList is used"
            ))
        }
      } else {
        notes.append(
          Note(
            code: "kernel.kdbg.missing",
            message:
              "the debugger data block (KDBG) at 0x\(String(address, radix: 16)) is not in the dump"
          ))
      }
    }
    if memory.mode == .x64, let data = debuggerData, data.pagingLevels == 5 {
      memory = PagedMemory(
        reader: reader, layout: layout, mode: .x64FiveLevel,
        directoryTableBase: header.directoryTableBase)
    }
    self.memory = memory
    processorContext = Self.processorContext(
      memory: memory, header: header, debuggerData: debuggerData,
      headerContext: try? ContextRecord.parse(
        reader, at: header.contextRecordOffset, architecture: header.architecture))

    // Loaded modules (formats.md §1.11).
    var head = header.psLoadedModuleList
    if let fromKDBG = debuggerData?.psLoadedModuleList, fromKDBG != 0 {
      head = header.is64Bit ? fromKDBG : fromKDBG & 0xFFFF_FFFF
    }
    let walk = ModuleListWalk(memory: memory, head: head, is64Bit: header.is64Bit)
    modules = walk.modules
    notes += walk.notes
  }
}

extension FullDumpReader {
  /// The bug check context of the crashing processor: `KiProcessorBlock[i]` → KPRCB → the
  /// CONTEXT its `OffsetPrcbContext` pointer names (or the one embedded at
  /// `OffsetPrcbProcStateContext`); the processor whose saved stack pointer equals the header
  /// context's is the crashing one (kdmp-parser-rs does the same).
  static func processorContext(
    memory: PagedMemory, header: KernelDumpHeader, debuggerData: DebuggerData?,
    headerContext: CPUContext?
  ) -> CPUContext? {
    guard let kdbg = debuggerData, let blockVA = kdbg.kiProcessorBlock,
      let sp = headerContext?.stackPointer,
      let size = ContextRecord.size(of: header.architecture)
    else { return nil }
    let pointer = header.is64Bit ? 8 : 4
    let block = header.is64Bit ? blockVA : blockVA & 0xFFFF_FFFF
    for index in 0..<Int(min(header.numberProcessors, 256)) {
      guard let slot = block.checkedAdding(UInt64(index * pointer)),
        let prcb = memory.readPointer(at: slot, size: pointer), prcb != 0
      else { continue }
      var candidates: [UInt64] = []
      if let offset = kdbg.offsetPrcbContext, offset != 0,
        let field = prcb.checkedAdding(UInt64(offset)),
        let address = memory.readPointer(at: field, size: pointer), address != 0
      {
        candidates.append(address)
      }
      if let offset = kdbg.offsetPrcbProcStateContext, offset != 0,
        let address = prcb.checkedAdding(UInt64(offset))
      {
        candidates.append(address)
      }
      for address in candidates {
        guard let bytes = memory.bytes(at: address, count: size),
          let context = try? ContextRecord.parse(bytes: bytes, architecture: header.architecture),
          context.stackPointer == sp, context.instructionPointer ?? 0 != 0
        else { continue }
        return context
      }
    }
    return nil
  }
}

/// Walks `PsLoadedModuleList` (KLDR_DATA_TABLE_ENTRY) with cycle and count limits.
struct ModuleListWalk {
  var modules: [LoadedModule] = []
  var notes: [Note] = []

  init(memory: PagedMemory, head: UInt64, is64Bit: Bool) {
    let pointer = is64Bit ? 8 : 4
    guard head != 0, head != KernelDumpHeader.absent64,
      let first = memory.readPointer(at: head, size: pointer)
    else {
      notes.append(
        Note(
          code: "kernel.modules.head",
          message: "the loaded-module list head at 0x\(String(head, radix: 16)) is not in the dump")
      )
      return
    }
    var visited: Set<UInt64> = [head]
    var current = first
    var rejected = 0
    while current != head {
      guard modules.count + rejected < FullDumpReader.maxModules else {
        notes.append(
          Note(
            code: "kernel.modules.limit",
            message:
              "the loaded-module list has more than \(FullDumpReader.maxModules) entries; stopped"))
        break
      }
      guard visited.insert(current).inserted else {
        notes.append(
          Note(
            code: "kernel.modules.cycle",
            message: "the loaded-module list loops back to 0x\(String(current, radix: 16)); stopped"
          ))
        break
      }
      guard current % UInt64(pointer) == 0,
        let entry = memory.bytes(at: current, count: is64Bit ? 0x68 : 0x34)
      else {
        notes.append(
          Note(
            code: "kernel.modules.broken",
            message:
              "the loaded-module list is broken at 0x\(String(current, radix: 16)) (entry not readable); \(modules.count) modules read"
          ))
        break
      }
      let raw = LittleEndianBytes(entry)
      let next = (is64Bit ? raw.u64(0) : raw.u32(0).map(UInt64.init)) ?? 0
      let base = (is64Bit ? raw.u64(0x30) : raw.u32(0x18).map(UInt64.init)) ?? 0
      let size = raw.u32(is64Bit ? 0x40 : 0x20) ?? 0
      let full = Self.unicodeString(memory, raw, at: is64Bit ? 0x48 : 0x24, is64Bit: is64Bit)
      let short = Self.unicodeString(memory, raw, at: is64Bit ? 0x58 : 0x2C, is64Bit: is64Bit)
      // Reject entries the way MemProcFS does: unaligned or zero base, absurd sizes, no name.
      if base == 0 || base & 0xFFF != 0 || size == 0 || size >= 0x4000_0000
        || (full ?? short) == nil
      {
        rejected += 1
      } else {
        let (stamp, checksum) = Self.peHeaderFields(memory, base: base)
        let version = ImageVersion.read(memory, base: base, size: UInt64(size))
        modules.append(
          LoadedModule(
            name: full ?? short ?? "", base: base, size: UInt64(size), timeDateStamp: stamp ?? 0,
            checksum: checksum ?? 0, fileVersion: version?.file,
            productVersion: version?.product))
      }
      current = next
    }
    if rejected > 0 {
      notes.append(
        Note(
          code: "kernel.modules.rejected",
          message: "\(rejected) loaded-module entries looked invalid and were skipped"))
    }
  }

  /// A UNICODE_STRING {Length (bytes), MaximumLength, Buffer} read through memory.
  static func unicodeString(
    _ memory: PagedMemory, _ entry: LittleEndianBytes, at offset: Int, is64Bit: Bool
  ) -> String? {
    guard let length = entry.u16(offset), length > 0, length < 0x1000, length % 2 == 0,
      let buffer = is64Bit ? entry.u64(offset + 8) : entry.u32(offset + 4).map(UInt64.init),
      let bytes = memory.bytes(at: buffer, count: Int(length))
    else { return nil }
    return LittleEndianBytes(bytes).utf16(0, units: Int(length) / 2)
  }

  /// TimeDateStamp and CheckSum from the PE header at `base`, when that page is in the dump.
  static func peHeaderFields(_ memory: PagedMemory, base: UInt64) -> (UInt32?, UInt32?) {
    guard let dos = memory.bytes(at: base, count: 0x40), dos[0] == 0x4D, dos[1] == 0x5A,
      let lfanew = LittleEndianBytes(dos).u32(0x3C), lfanew < 0x1000,
      let peAddress = base.checkedAdding(UInt64(lfanew)),
      let pe = memory.bytes(at: peAddress, count: 0x5C),
      pe[0] == 0x50, pe[1] == 0x45, pe[2] == 0, pe[3] == 0
    else { return (nil, nil) }
    let fields = LittleEndianBytes(pe)
    return (fields.u32(8), fields.u32(0x58))
  }
}
