import Foundation

/// Describes a full, bitmap or kernel memory dump with real page tables and writes its bytes.
///
/// The kernel's module list (KLDR entries with UNICODE_STRING names), the PE headers of the
/// modules, a KDBG block, the stack and any extra data are placed in virtual memory through
/// ``SynthPhysicalMemory``; the header's CONTEXT points into the stack.
public struct SynthFullDump: Sendable {
  /// How the physical pages are stored.
  public enum Layout: Sendable {
    /// DumpType 1: PHYSICAL_MEMORY_DESCRIPTOR runs, pages back to back after the header.
    case runs
    /// DumpType 5: `SDMP` bitmap sub-header, pages in frame order after the bitmap.
    case bitmap
    /// DumpType 8 (kernel memory dump, `.dump /k`): `RDMP` sub-header with PFN ranges.
    case rdmp
  }

  /// Processor.
  public var architecture: SynthArchitecture
  /// Page layout.
  public var layout: Layout
  /// Build number.
  public var build: UInt32
  /// Bug check code and parameters.
  public var bugCheckCode: UInt32
  /// Parameters 1–4.
  public var parameters: [UInt64] = [0, 0, 0, 0]
  /// Modules in load order.
  public var drivers: [SynthDriver] = []
  /// Context registers (the instruction pointer may be given as module+offset).
  public var registers: [String: UInt64] = [:]
  /// The instruction pointer as (module file name, offset).
  public var contextIP: (String, UInt64)?
  /// Stack pointer (lowest stack address written).
  public var stackPointer: UInt64 = 0
  /// Stack words from the stack pointer upwards.
  public var stack: [SynthStackWord] = []
  /// Where the loader list head lives.
  public var moduleListHead: UInt64 = 0
  /// Where the KDBG block lives.
  public var debuggerDataBlock: UInt64 = 0
  /// Whether to store the KDBG block encoded (its tag is not `KDBG`), as Windows 8+ does.
  public var encodeDebuggerData = false
  /// Where loader entries and name strings are placed.
  public var loaderArea: UInt64 = 0
  /// Extra mappings the tests use: (virtual address, bytes).
  public var extraMappings: [(UInt64, [UInt8])] = []
  /// Registers of the bug check context the KPRCB points at, or `nil` for none.
  ///
  /// Reached through KDBG KiProcessorBlock → KPRCB + OffsetPrcbContext → CONTEXT; the stack
  /// pointer is the header context's.
  public var processorContextRegisters: [String: UInt64]?
  /// Whether to cut the file short (tests of the "pages missing" note): bytes to drop.
  public var truncateBy = 0

  /// Creates a description.
  public init(architecture: SynthArchitecture, layout: Layout, build: UInt32, bugCheckCode: UInt32)
  {
    self.architecture = architecture
    self.layout = layout
    self.build = build
    self.bugCheckCode = bugCheckCode
  }

  /// The paging mode used (x86 dumps use PAE unless `pae` is false).
  public var pae = true
  /// x64 only: five-level paging (the KDBG flags word says PagingLevels = 5).
  public var fiveLevelPaging = false

  var pagingMode: SynthPhysicalMemory.PagingMode {
    switch architecture {
    case .x86: pae ? .x86PAE : .x86
    case .x64: fiveLevelPaging ? .x64FiveLevel : .x64
    case .arm64: .arm64
    case .arm: .x86
    }
  }

  /// The address `offset` bytes into the driver named `module`.
  public func address(_ module: String, _ offset: UInt64) -> UInt64 {
    (drivers.first { $0.fileName.lowercased() == module.lowercased() }?.base ?? 0) &+ offset
  }

  /// Builds physical memory (page tables included) for this dump.
  public func physicalMemory() -> SynthPhysicalMemory {
    var memory = SynthPhysicalMemory(mode: pagingMode)
    let wide = architecture.is64Bit
    let pointer = architecture.pointerSize
    // Loader entries: 64-bit 0xA0 bytes, 32-bit 0x50 bytes; then the name strings.
    let entrySize: UInt64 = wide ? 0xA0 : 0x50
    var entries: [UInt64] = []
    for index in drivers.indices { entries.append(loaderArea + UInt64(index) * entrySize) }
    var names = loaderArea + UInt64(drivers.count) * entrySize + 0x100
    var loaderBytes = [UInt8](repeating: 0, count: Int(names - loaderArea))
    var nameBlobs: [(UInt64, [UInt8])] = []
    func put(_ value: UInt64, _ size: Int, at offset: UInt64) {
      for index in 0..<size {
        loaderBytes[Int(offset) + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))
      }
    }
    for (index, driver) in drivers.enumerated() {
      let entry = entries[index] - loaderArea
      let next = index + 1 < drivers.count ? entries[index + 1] : moduleListHead
      let previous = index > 0 ? entries[index - 1] : moduleListHead
      put(next, pointer, at: entry)
      put(previous, pointer, at: entry + UInt64(pointer))
      let full = SynthBytes.utf16(driver.name)
      let base = SynthBytes.utf16(driver.fileName)
      let fullAddress = names
      names += UInt64(full.count + 8) & ~7
      let baseAddress = names
      names += UInt64(base.count + 8) & ~7
      nameBlobs.append((fullAddress, full))
      nameBlobs.append((baseAddress, base))
      if wide {
        put(driver.base, 8, at: entry + 0x30)
        put(UInt64(driver.size), 4, at: entry + 0x40)
        put(UInt64(full.count), 2, at: entry + 0x48)
        put(UInt64(full.count + 2), 2, at: entry + 0x4A)
        put(fullAddress, 8, at: entry + 0x50)
        put(UInt64(base.count), 2, at: entry + 0x58)
        put(UInt64(base.count + 2), 2, at: entry + 0x5A)
        put(baseAddress, 8, at: entry + 0x60)
      } else {
        put(driver.base, 4, at: entry + 0x18)
        put(UInt64(driver.size), 4, at: entry + 0x20)
        put(UInt64(full.count), 2, at: entry + 0x24)
        put(UInt64(full.count + 2), 2, at: entry + 0x26)
        put(fullAddress, 4, at: entry + 0x28)
        put(UInt64(base.count), 2, at: entry + 0x2C)
        put(UInt64(base.count + 2), 2, at: entry + 0x2E)
        put(baseAddress, 4, at: entry + 0x30)
      }
    }
    memory.map(loaderArea, bytes: loaderBytes)
    for (address, blob) in nameBlobs { memory.map(address, bytes: blob) }
    // List head {Flink, Blink}.
    memory.map(
      moduleListHead,
      bytes: SynthBytes.word(entries.first ?? moduleListHead, size: pointer)
        + SynthBytes.word(entries.last ?? moduleListHead, size: pointer))
    // PE headers: MZ, e_lfanew = 0x80, PE\0\0, TimeDateStamp at +8, CheckSum at +0x58.
    for driver in drivers {
      var header = [UInt8](repeating: 0, count: 0x200)
      header[0] = 0x4D
      header[1] = 0x5A
      header[0x3C] = 0x80
      header.replaceSubrange(0x80..<0x84, with: [0x50, 0x45, 0, 0])
      header.replaceSubrange(
        0x88..<0x8C, with: SynthBytes.word(UInt64(driver.timeDateStamp), size: 4))
      header.replaceSubrange(0xD8..<0xDC, with: SynthBytes.word(UInt64(driver.checksum), size: 4))
      if let version = driver.fileVersion, version.count == 4 {
        // Optional header magic, 16 data directories, resource directory at RVA 0x1000.
        let optional = 0x98
        let directories = optional + (wide ? 0x70 : 0x60)
        header.replaceSubrange(
          optional..<(optional + 2), with: wide ? [0x0B, 0x02] : [0x0B, 0x01])
        header.replaceSubrange((directories - 4)..<directories, with: [16, 0, 0, 0])
        header.replaceSubrange(
          (directories + 16)..<(directories + 24),
          with: SynthBytes.word(0x1000, size: 4) + SynthBytes.word(0xC0, size: 4))
        memory.map(driver.base &+ 0x1000, bytes: Self.versionResource(version))
      }
      memory.map(driver.base, bytes: header)
    }
    // KDBG block (0x380 bytes): KernBase, PsLoadedModuleList, flags word (PAE, paging levels).
    if debuggerDataBlock != 0 {
      var kdbg = [UInt8](repeating: 0, count: 0x380)
      func set(_ value: UInt64, _ size: Int, _ offset: Int) {
        kdbg.replaceSubrange(offset..<(offset + size), with: SynthBytes.word(value, size: size))
      }
      set(encodeDebuggerData ? 0x9A3C_55E1 : 0x4742_444B, 4, 0x10)
      set(0x380, 4, 0x14)
      set(signExtend(drivers.first?.base ?? 0), 8, 0x18)
      let levels: UInt64 = architecture == .x86 ? (pae ? 3 : 2) : (fiveLevelPaging ? 5 : 4)
      set((pae && architecture == .x86 ? 1 : 0) | levels << 2, 2, 0x36)
      set(signExtend(moduleListHead), 8, 0x48)
      if processorContextRegisters != nil {
        set(signExtend(debuggerDataBlock &+ 0x1000), 8, 0x218)  // KiProcessorBlock
        set(0x40, 2, 0x338)  // OffsetPrcbContext
      }
      if encodeDebuggerData {
        for index in stride(from: 0x18, to: 0x380, by: 8) {
          kdbg[index] ^= 0x5A
        }
      }
      memory.map(debuggerDataBlock, bytes: kdbg)
    }
    if var registers = processorContextRegisters, debuggerDataBlock != 0 {
      let array = debuggerDataBlock &+ 0x1000
      let prcb = debuggerDataBlock &+ 0x2000
      let context = debuggerDataBlock &+ 0x3000
      memory.map(array, bytes: SynthBytes.word(prcb, size: pointer))
      var prcbBytes = [UInt8](repeating: 0, count: 0x100)
      prcbBytes.replaceSubrange(
        0x40..<(0x40 + pointer), with: SynthBytes.word(context, size: pointer))
      memory.map(prcb, bytes: prcbBytes)
      registers[architecture.spName] = stackPointer
      memory.map(context, bytes: SynthContext.bytes(architecture, registers: registers))
    }
    memory.map(stackPointer, bytes: stackBytes)
    for (address, bytes) in extraMappings { memory.map(address, bytes: bytes) }
    return memory
  }

  /// A resource tree (RT_VERSION → name 1 → language 0x409) with a VS_VERSIONINFO whose
  /// VS_FIXEDFILEINFO holds `version` as file and product version; placed at RVA 0x1000.
  static func versionResource(_ version: [UInt16]) -> [UInt8] {
    var out = SynthBytes(count: 0xC0)
    func directory(at offset: Int, id: UInt32, target: UInt32) {
      out.put(UInt16(1), at: offset + 14)  // one id entry
      out.put(id, at: offset + 16)
      out.put(target, at: offset + 20)
    }
    directory(at: 0x00, id: 16, target: 0x8000_0018)
    directory(at: 0x18, id: 1, target: 0x8000_0030)
    directory(at: 0x30, id: 0x409, target: 0x48)
    out.put(UInt32(0x1060), at: 0x48)  // data RVA
    out.put(UInt32(0x5C), at: 0x4C)  // data size
    out.put(UInt16(0x5C), at: 0x60)  // wLength
    out.put(UInt16(0x34), at: 0x62)  // wValueLength
    out.put(bytes: SynthBytes.utf16("VS_VERSION_INFO") + [0, 0], at: 0x66)
    let fixed = 0x60 + 40
    out.put(UInt32(0xFEEF_04BD), at: fixed)
    out.put(UInt32(0x1_0000), at: fixed + 4)
    let ms = UInt32(version[0]) << 16 | UInt32(version[1])
    let ls = UInt32(version[2]) << 16 | UInt32(version[3])
    for offset in [8, 16] {
      out.put(ms, at: fixed + offset)
      out.put(ls, at: fixed + offset + 4)
    }
    return out.bytes
  }

  private func signExtend(_ value: UInt64) -> UInt64 {
    guard !architecture.is64Bit else { return value }
    return value & 0x8000_0000 != 0 ? value | 0xFFFF_FFFF_0000_0000 : value
  }

  var stackBytes: [UInt8] {
    stack.flatMap { word -> [UInt8] in
      switch word {
      case .value(let value): SynthBytes.word(value, size: architecture.pointerSize)
      case .returnAddress(let module, let offset):
        SynthBytes.word(address(module, offset), size: architecture.pointerSize)
      }
    }
  }

  /// Writes the dump.
  public func write() -> [UInt8] { write(memory: physicalMemory()) }

  /// Writes the dump from prepared physical memory (tests may add odd entries first).
  public func write(memory: SynthPhysicalMemory) -> [UInt8] {
    let wide = architecture.is64Bit
    let headerSize = wide ? 0x2000 : 0x1000
    var out = SynthBytes()
    out.fillPAGE(at: 0, count: headerSize)
    out.put(ascii: wide ? "PAGEDU64" : "PAGEDUMP", at: 0)
    out.put(UInt32(0xF), at: 8)
    out.put(build, at: 0xC)
    func pointer(_ value: UInt64, _ off32: Int, _ off64: Int) {
      if wide {
        out.put(value, at: off64)
      } else {
        out.put(UInt32(truncatingIfNeeded: value), at: off32)
      }
    }
    pointer(memory.directoryTableBase, 0x10, 0x10)
    pointer(moduleListHead, 0x18, 0x20)
    out.put(architecture.machineType, at: wide ? 0x30 : 0x20)
    out.put(UInt32(1), at: wide ? 0x34 : 0x24)
    out.put(bugCheckCode, at: wide ? 0x38 : 0x28)
    for (index, value) in parameters.prefix(4).enumerated() {
      pointer(value, 0x2C + 4 * index, 0x40 + 8 * index)
    }
    if !wide { out.put(UInt8(pae ? 1 : 0), at: 0x5C) }
    pointer(debuggerDataBlock, 0x60, 0x80)
    var registerValues = registers
    if let (module, offset) = contextIP {
      registerValues[architecture.ipName] = address(module, offset)
    }
    registerValues[architecture.spName] = stackPointer
    out.put(
      bytes: SynthContext.bytes(architecture, registers: registerValues), at: wide ? 0x348 : 0x320)
    let dumpType: UInt32 =
      switch layout {
      case .runs: 1
      case .bitmap: 5
      case .rdmp: 8
      }
    out.put(dumpType, at: wide ? 0xF98 : 0xF88)
    out.put(UInt32(1), at: wide ? 0x1040 : 0xF94)  // ProductType

    let frames = memory.pages.keys.sorted()
    var body = SynthBytes()
    switch layout {
    case .runs:
      // Group consecutive frames into runs.
      var runs: [(UInt64, UInt64)] = []
      for frame in frames {
        if let last = runs.last, last.0 + last.1 == frame {
          runs[runs.count - 1].1 += 1
        } else {
          runs.append((frame, 1))
        }
      }
      let block = wide ? 0x88 : 0x64
      out.put(UInt32(runs.count), at: block)
      if wide {
        out.put(UInt32(0x4547_4150), at: block + 4)
        out.put(UInt64(frames.count), at: block + 8)
        for (index, run) in runs.enumerated() {
          out.put(run.0, at: block + 0x10 + 16 * index)
          out.put(run.1, at: block + 0x18 + 16 * index)
        }
      } else {
        out.put(UInt32(frames.count), at: block + 4)
        for (index, run) in runs.enumerated() {
          out.put(UInt32(run.0), at: block + 8 + 8 * index)
          out.put(UInt32(run.1), at: block + 12 + 8 * index)
        }
      }
      for frame in frames { body.append(memory.pages[frame] ?? []) }
      out.put(UInt64(headerSize + body.count), at: 0xFA0)
    case .rdmp:
      var ranges: [(UInt64, UInt64)] = []
      for frame in frames {
        if let last = ranges.last, last.0 + last.1 == frame {
          ranges[ranges.count - 1].1 += 1
        } else {
          ranges.append((frame, 1))
        }
      }
      // Ranges from +0x30, a zero range ends the list; pages from the next page boundary.
      let firstPage = (headerSize + 0x30 + 16 * (ranges.count + 1) + 0xFFF) & ~0xFFF
      var sub = SynthBytes(count: firstPage - headerSize)
      sub.put(UInt32(0x40), at: 0)
      sub.put(ascii: "RDMPDUMP", at: 4)
      sub.put(UInt64(firstPage - 0x2020), at: 0x10)  // MetadataSize
      sub.put(UInt64(firstPage), at: 0x18)
      for (index, range) in ranges.enumerated() {
        sub.put(range.0, at: 0x30 + 16 * index)
        sub.put(range.1, at: 0x38 + 16 * index)
      }
      body.append(sub.bytes)
      for frame in frames { body.append(memory.pages[frame] ?? []) }
      out.put(UInt64(headerSize + body.count), at: 0xFA0)
    case .bitmap:
      let bits = (frames.last ?? 0) + 1
      let bitmapBytes = Int((bits + 7) / 8)
      var sub = SynthBytes(count: 0x38 + bitmapBytes)
      sub.put(ascii: "SDMPDUMP", at: 0)
      let firstPage = (headerSize + 0x38 + bitmapBytes + 0xFFF) & ~0xFFF
      sub.put(UInt64(firstPage), at: 0x20)
      sub.put(UInt64(frames.count), at: 0x28)
      sub.put(bits, at: 0x30)
      for frame in frames {
        let index = 0x38 + Int(frame / 8)
        var byte = sub.bytes[index]
        byte |= 1 << UInt8(frame % 8)
        sub.put(byte, at: index)
      }
      sub.grow(to: firstPage - headerSize)
      body.append(sub.bytes)
      for frame in frames { body.append(memory.pages[frame] ?? []) }
      out.put(UInt64(headerSize + body.count), at: 0xFA0)
    }
    var bytes = out.bytes + body.bytes
    if truncateBy > 0 { bytes.removeLast(min(truncateBy, bytes.count)) }
    return bytes
  }
}

extension SynthFullDump {
  /// Writes a run-based full dump whose single run covers `totalPages` page frames, storing only
  /// the pages this dump uses; every other page is a hole, so a multi-gigabyte dump costs a few
  /// kilobytes of disk on file systems with sparse files (for benchmarks).
  public func writeSparse(to url: URL, totalPages: UInt64) throws {
    let memory = physicalMemory()
    let frames = memory.pages.keys.sorted()
    guard (frames.last ?? 0) < totalPages else {
      throw CocoaError(.fileWriteInvalidFileName)  // the dump's pages do not fit in totalPages
    }
    let wide = architecture.is64Bit
    let headerSize = UInt64(wide ? 0x2000 : 0x1000)
    // Start from the normal header, then replace the descriptor by one run [0, totalPages).
    var header = Array(write(memory: memory).prefix(Int(headerSize)))
    var patch = SynthBytes()
    patch.put(bytes: header, at: 0)
    let block = wide ? 0x88 : 0x64
    patch.put(UInt32(1), at: block)
    if wide {
      patch.put(totalPages, at: block + 8)
      patch.put(UInt64(0), at: block + 0x10)
      patch.put(totalPages, at: block + 0x18)
    } else {
      patch.put(UInt32(totalPages), at: block + 4)
      patch.put(UInt32(0), at: block + 8)
      patch.put(UInt32(totalPages), at: block + 12)
    }
    patch.put(headerSize + totalPages * 0x1000, at: 0xFA0)
    header = patch.bytes
    FileManager.default.createFile(atPath: url.path, contents: Data(header))
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    for frame in frames {
      try handle.seek(toOffset: headerSize + frame * 0x1000)
      try handle.write(contentsOf: Data(memory.pages[frame] ?? []))
    }
    try handle.truncate(atOffset: headerSize + totalPages * 0x1000)
  }
}
