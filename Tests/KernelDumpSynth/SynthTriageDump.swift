import Foundation

/// The processor of a synthetic dump.
public enum SynthArchitecture: String, Sendable, CaseIterable {
  case x86
  case x64
  case arm64
  case arm

  /// Whether the dump uses the 64-bit header (`PAGEDU64`).
  public var is64Bit: Bool { self == .x64 || self == .arm64 }
  /// Pointer size in bytes.
  public var pointerSize: Int { is64Bit ? 8 : 4 }
  /// IMAGE_FILE_MACHINE value.
  public var machineType: UInt32 {
    switch self {
    case .x86: 0x014C
    case .x64: 0x8664
    case .arm64: 0xAA64
    case .arm: 0x01C4
    }
  }
  /// Names of the instruction, stack and frame pointer registers.
  public var ipName: String {
    ["x86": "eip", "x64": "rip", "arm64": "pc", "arm": "pc"][rawValue] ?? "pc"
  }
  /// The stack pointer register name.
  public var spName: String {
    ["x86": "esp", "x64": "rsp", "arm64": "sp", "arm": "sp"][rawValue] ?? "sp"
  }
  /// The frame pointer register name.
  public var fpName: String {
    ["x86": "ebp", "x64": "rbp", "arm64": "fp", "arm": "r11"][rawValue] ?? "fp"
  }
}

/// A driver in a synthetic dump's driver list.
public struct SynthDriver: Sendable, Hashable {
  /// Name as stored in the string pool (`\SystemRoot\System32\drivers\netbt.sys` or `netbt.sys`).
  public var name: String
  /// Load address.
  public var base: UInt64
  /// SizeOfImage.
  public var size: UInt32
  /// TimeDateStamp.
  public var timeDateStamp: UInt32
  /// CheckSum.
  public var checksum: UInt32
  /// File version for the image's version resource (full dumps only).
  public var fileVersion: [UInt16]?

  /// Creates a driver.
  public init(
    _ name: String, base: UInt64, size: UInt32, timeDateStamp: UInt32, checksum: UInt32 = 0
  ) {
    self.name = name
    self.base = base
    self.size = size
    self.timeDateStamp = timeDateStamp
    self.checksum = checksum
  }

  /// The file name without directories.
  public var fileName: String {
    name.split(whereSeparator: { $0 == "\\" }).last.map(String.init) ?? name
  }
}

/// A driver unloaded before the crash.
public struct SynthUnloadedDriver: Sendable, Hashable {
  /// Name (cut to 12 characters as Windows does).
  public var name: String
  /// Old start address.
  public var start: UInt64
  /// Old end address.
  public var end: UInt64

  /// Creates an entry.
  public init(_ name: String, start: UInt64, end: UInt64) {
    self.name = name
    self.start = start
    self.end = end
  }
}

/// One pointer-sized word of a synthetic stack.
public enum SynthStackWord: Sendable, Hashable {
  /// A plain value (locals, saved registers, data pointers).
  case value(UInt64)
  /// A return address `offset` bytes into the driver whose file name is `module`.
  case returnAddress(String, UInt64)
}

/// Describes a kernel small memory dump (triage dump, DumpType 4) and writes its bytes.
///
/// Layout written (all offsets are file offsets): kernel header (0x1000 / 0x2000 bytes) whose
/// CONTEXT and exception slots the triage header points back to; triage header right after it;
/// then MM information, unloaded drivers, KPRCB copy, KDBG copy, driver entries, string pool,
/// call stack, data block array and data, and the `TRGD` marker as the last 4 bytes.
public struct SynthTriageDump: Sendable {
  /// Processor.
  public var architecture: SynthArchitecture
  /// OS build (header MinorVersion).
  public var build: UInt32
  /// CSD version (`ServicePackBuild`): 0x200 = Service Pack 2.
  public var servicePackBuild: UInt32 = 0
  /// NT product type: 1 workstation, 2 domain controller, 3 server.
  public var productType: UInt32 = 1
  /// Suite mask.
  public var suiteMask: UInt32 = 0x110
  /// Processor count.
  public var processors: UInt32 = 1
  /// Bug check code.
  public var bugCheckCode: UInt32
  /// Bug check parameters 1–4.
  public var parameters: [UInt64] = [0, 0, 0, 0]
  /// Crash time.
  public var crashTime = Date(timeIntervalSince1970: 1_200_000_000)
  /// Seconds since boot.
  public var upTimeSeconds: UInt64 = 3600
  /// DirectoryTableBase.
  public var directoryTableBase: UInt64 = 0x39000
  /// PfnDataBase.
  public var pfnDataBase: UInt64 = 0
  /// PsLoadedModuleList.
  public var psLoadedModuleList: UInt64 = 0
  /// PsActiveProcessHead.
  public var psActiveProcessHead: UInt64 = 0
  /// KdDebuggerDataBlock.
  public var kdDebuggerDataBlock: UInt64 = 0
  /// Loaded drivers (entry 0 should be the kernel).
  public var drivers: [SynthDriver] = []
  /// Unloaded drivers.
  public var unloadedDrivers: [SynthUnloadedDriver] = []
  /// CONTEXT register values by name; `ip` may also be given as a module+offset.
  public var registers: [String: UInt64] = [:]
  /// The instruction pointer as (module file name, offset), resolved against ``drivers``.
  public var contextIP: (String, UInt64)?
  /// Lowest stack address (the stack pointer at capture).
  public var topOfStack: UInt64 = 0
  /// Stack words from `topOfStack` upwards.
  public var stack: [SynthStackWord] = []
  /// Extra memory the dump carries: (virtual address, bytes).
  public var dataBlocks: [(address: UInt64, bytes: [UInt8])] = []
  /// Exception record: (code, address), or `nil` for a `PAGE`-filled record.
  public var exception: (code: UInt32, address: UInt64)?
  /// Whether to write a KDBG copy (Windows 10 style); old dumps had none.
  public var includeDebuggerData = false
  /// Bug check context for the KPRCB (written as a data block the KPRCB points to).
  public var processorContextRegisters: [String: UInt64]?
  /// Fixed-size 64/128 KiB file with the marker at the end, as Windows XP/2003 wrote them.
  public var fixedSize = false
  /// Whether to write the CONTEXT as a separate copy (old dumps) instead of in the header.
  public var separateContextCopy = false
  /// Header comment.
  public var comment: String?

  /// Creates a description; fill in the rest field by field.
  public init(architecture: SynthArchitecture, build: UInt32, bugCheckCode: UInt32) {
    self.architecture = architecture
    self.build = build
    self.bugCheckCode = bugCheckCode
  }

  /// The address `offset` bytes into the driver whose file name is `module` (case-insensitive).
  public func address(_ module: String, _ offset: UInt64) -> UInt64 {
    let driver = drivers.first { $0.fileName.lowercased() == module.lowercased() }
    return (driver?.base ?? 0) &+ offset
  }

  /// The stack as bytes.
  public var stackBytes: [UInt8] {
    stack.flatMap { word -> [UInt8] in
      switch word {
      case .value(let value): SynthBytes.word(value, size: architecture.pointerSize)
      case .returnAddress(let module, let offset):
        SynthBytes.word(address(module, offset), size: architecture.pointerSize)
      }
    }
  }

  /// The context registers with the instruction pointer resolved.
  public var resolvedRegisters: [String: UInt64] {
    var values = registers
    if let (module, offset) = contextIP { values[architecture.ipName] = address(module, offset) }
    if values[architecture.spName] == nil { values[architecture.spName] = topOfStack }
    return values
  }

  /// Writes the dump.
  public func write() -> [UInt8] {
    let wide = architecture.is64Bit
    let headerSize = wide ? 0x2000 : 0x1000
    var out = SynthBytes()
    out.fillPAGE(at: 0, count: headerSize)
    writeKernelHeader(&out)
    let triageBase = headerSize
    let triageSize = wide ? 0x80 : 0x68
    out.grow(to: triageBase + triageSize)
    for offset in stride(from: triageBase, to: triageBase + triageSize, by: 4) {
      out.put(UInt32(0), at: offset)
    }
    func triage(_ field: Int, _ value: UInt32) { out.put(value, at: triageBase + field) }
    func fieldOffset(_ off32: Int, _ off64: Int) -> Int { wide ? off64 : off32 }

    triage(0x00, servicePackBuild)
    triage(0x44, 0xFFFF_FFFF)  // TriageOptions
    let contextSlot = wide ? 0x348 : 0x320
    let exceptionSlot = wide ? 0xF00 : 0x7D0
    triage(0x10, UInt32(exceptionSlot))
    let contextBytes = SynthContext.bytes(architecture, registers: resolvedRegisters)

    // MM information (DUMP_MM_STORAGE): version 1, size, then zeros.
    out.align(8)
    let mm = out.append([UInt8](repeating: 0, count: wide ? 0x50 : 0x34))
    out.put(UInt32(1), at: mm)
    out.put(UInt32(wide ? 0x50 : 0x34), at: mm + 4)
    triage(0x14, UInt32(mm))

    // Unloaded drivers.
    out.align(8)
    let unloaded = out.count
    out.put(UInt32(unloadedDrivers.count), at: unloaded)
    var cursor = unloaded + (wide ? 8 : 4)
    for driver in unloadedDrivers {
      let name = Array(driver.name.utf16.prefix(12))
      let nameBytes = SynthBytes.utf16(String(decoding: name, as: UTF16.self))
      out.put(UInt16(nameBytes.count), at: cursor)
      out.put(UInt16(24), at: cursor + 2)
      if wide {
        out.put(bytes: nameBytes, at: cursor + 0x10)
        out.put(driver.start, at: cursor + 0x28)
        out.put(driver.end, at: cursor + 0x30)
        cursor += 0x38
      } else {
        out.put(bytes: nameBytes, at: cursor + 8)
        out.put(UInt32(truncatingIfNeeded: driver.start), at: cursor + 0x20)
        out.put(UInt32(truncatingIfNeeded: driver.end), at: cursor + 0x24)
        cursor += 0x28
      }
    }
    out.grow(to: cursor)
    triage(0x18, UInt32(unloaded))

    // Separate context copy (old dumps).
    if separateContextCopy {
      out.align(16)
      let copy = out.append(contextBytes)
      triage(0x0C, UInt32(copy))
    } else {
      triage(0x0C, UInt32(contextSlot))
    }

    // KPRCB copy and KDBG: the KPRCB holds, at OffsetPrcbContext, a pointer to a CONTEXT that
    // a data block carries (Windows 10 x64 style).
    let prcbSize = 0x100
    let prcbContextField = 0x40
    var blocks = dataBlocks
    var prcbOffset = 0
    if includeDebuggerData {
      out.align(16)
      prcbOffset = out.append([UInt8](repeating: 0, count: prcbSize))
      triage(0x1C, UInt32(prcbOffset))
      if let processorRegisters = processorContextRegisters {
        let contextVA = topOfStack &- 0x1000
        out.put(
          bytes: SynthBytes.word(contextVA, size: architecture.pointerSize),
          at: prcbOffset + prcbContextField)
        var registersWithSP = processorRegisters
        if registersWithSP[architecture.spName] == nil {
          registersWithSP[architecture.spName] = topOfStack
        }
        blocks.append((contextVA, SynthContext.bytes(architecture, registers: registersWithSP)))
      }
      out.align(8)
      let kdbgSize = 0x380
      let kdbg = out.append([UInt8](repeating: 0, count: kdbgSize))
      out.put(UInt32(0x4742_444B), at: kdbg + 0x10)  // 'KDBG'
      out.put(UInt32(kdbgSize), at: kdbg + 0x14)
      let kernBase = drivers.first?.base ?? 0
      out.put(signExtend(kernBase), at: kdbg + 0x18)
      out.put(signExtend(psLoadedModuleList), at: kdbg + 0x48)
      out.put(signExtend(psActiveProcessHead), at: kdbg + 0x50)
      out.put(UInt16(prcbSize), at: kdbg + 0x2B0)
      out.put(UInt16(prcbContextField), at: kdbg + 0x338)
      triage(fieldOffset(0x58, 0x70), UInt32(kdbg))
      triage(fieldOffset(0x5C, 0x74), UInt32(kdbgSize))
    }

    // Driver entries, then the string pool.
    out.align(8)
    let entrySize = wide ? 0x90 : 0x4C
    let driverList = out.append([UInt8](repeating: 0, count: entrySize * drivers.count))
    triage(0x30, UInt32(driverList))
    triage(0x34, UInt32(drivers.count))
    out.align(8)
    let pool = out.count
    triage(0x38, UInt32(pool))
    for (index, driver) in drivers.enumerated() {
      out.align(8)
      let string = out.count
      out.put(UInt32(driver.name.utf16.count), at: string)
      out.put(bytes: SynthBytes.utf16(driver.name) + [0, 0], at: string + 4)
      let entry = driverList + index * entrySize
      out.put(UInt32(string), at: entry)
      if wide {
        out.put(driver.base, at: entry + 0x38)
        out.put(driver.size, at: entry + 0x48)
        out.put(driver.checksum, at: entry + 0x80)
        out.put(driver.timeDateStamp, at: entry + 0x88)
      } else {
        out.put(UInt32(truncatingIfNeeded: driver.base), at: entry + 0x1C)
        out.put(driver.size, at: entry + 0x24)
        out.put(driver.checksum, at: entry + 0x44)
        out.put(driver.timeDateStamp, at: entry + 0x48)
      }
    }
    out.align(8)
    triage(0x3C, UInt32(out.count - pool))

    // Call stack.
    let stackData = stackBytes
    if !stackData.isEmpty {
      out.align(16)
      let stackOffset = out.append(stackData)
      triage(0x28, UInt32(stackOffset))
      triage(0x2C, UInt32(stackData.count))
    }
    if wide {
      out.put(topOfStack, at: triageBase + 0x48)
    } else {
      out.put(UInt32(truncatingIfNeeded: topOfStack), at: triageBase + 0x48)
    }

    // Data blocks: 16-byte entries {u64 address (sign-extended on 32-bit), u32 offset, u32 size}.
    if !blocks.isEmpty {
      out.align(8)
      let array = out.append([UInt8](repeating: 0, count: 16 * blocks.count))
      triage(fieldOffset(0x60, 0x78), UInt32(array))
      triage(fieldOffset(0x64, 0x7C), UInt32(blocks.count))
      for (index, block) in blocks.enumerated() {
        let data = out.append(block.bytes)
        out.put(signExtend(block.address), at: array + 16 * index)
        out.put(UInt32(data), at: array + 16 * index + 8)
        out.put(UInt32(block.bytes.count), at: array + 16 * index + 12)
      }
    }

    // Validity marker and sizes.
    var size = out.count + 4
    if fixedSize {
      let fixed = wide ? 0x20000 : 0x10000
      if size < fixed { size = fixed }
    }
    out.grow(to: size - 4)
    out.put(ascii: "TRGD", at: size - 4)
    triage(0x04, UInt32(size))
    triage(0x08, UInt32(size - 4))

    // CONTEXT and exception in the header slots (old dumps keep the header copy too).
    out.put(bytes: contextBytes, at: contextSlot)
    if let exception {
      out.put(bytes: [UInt8](repeating: 0, count: wide ? 0x98 : 0x50), at: exceptionSlot)
      out.put(exception.code, at: exceptionSlot)
      if wide {
        out.put(exception.address, at: exceptionSlot + 0x10)
      } else {
        out.put(UInt32(truncatingIfNeeded: exception.address), at: exceptionSlot + 0xC)
      }
    }
    // RequiredDumpSpace (0xFA0 on both widths).
    out.put(UInt64(size), at: 0xFA0)
    return out.bytes
  }

  private func signExtend(_ value: UInt64) -> UInt64 {
    guard !architecture.is64Bit else { return value }
    let low = value & 0xFFFF_FFFF
    return low & 0x8000_0000 != 0 ? low | 0xFFFF_FFFF_0000_0000 : low
  }

  private func writeKernelHeader(_ out: inout SynthBytes) {
    let wide = architecture.is64Bit
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
    pointer(directoryTableBase, 0x10, 0x10)
    pointer(pfnDataBase, 0x14, 0x18)
    pointer(psLoadedModuleList, 0x18, 0x20)
    pointer(psActiveProcessHead, 0x1C, 0x28)
    out.put(architecture.machineType, at: wide ? 0x30 : 0x20)
    out.put(processors, at: wide ? 0x34 : 0x24)
    out.put(bugCheckCode, at: wide ? 0x38 : 0x28)
    for (index, value) in parameters.prefix(4).enumerated() {
      pointer(value, 0x2C + 4 * index, 0x40 + 8 * index)
    }
    if !wide { out.put(UInt8(0), at: 0x5C) }  // PaeEnabled
    pointer(kdDebuggerDataBlock, 0x60, 0x80)
    if let comment {
      let field = wide ? 0xFB0 : 0x820
      out.put(bytes: [UInt8](repeating: 0, count: 128), at: field)
      out.put(ascii: String(comment.prefix(127)), at: field)
    }
    out.put(UInt32(4), at: wide ? 0xF98 : 0xF88)  // DumpType = triage
    out.put(UInt32(0xCFF), at: wide ? 0x1038 : 0xF8C)  // MiniDumpFields
    out.put(productType, at: wide ? 0x1040 : 0xF94)
    out.put(suiteMask, at: wide ? 0x1044 : 0xF98)
    out.put(UInt32(0), at: wide ? 0x1048 : 0xF9C)  // WriterStatus
    out.put(upTimeSeconds * 10_000_000, at: wide ? 0x1030 : 0xFB8)
    out.put(SynthBytes.fileTime(crashTime), at: wide ? 0xFA8 : 0xFC0)
  }
}
