import DumpFormats

/// What the dump itself says about a module's code when no image file is available: the
/// executable sections from a PE header page the dump captured, and code bytes around return
/// addresses (triage dumps keep the faulting code page and some pages the stack points at).
struct ModuleCode {
  /// Executable section ranges (RVA ranges), or nil when the header is not in the dump.
  var executableRanges: [Range<UInt32>]?

  /// Reads the section table at `module.base` from dump memory.
  init(module: LoadedModule, memory: any VirtualMemory) {
    executableRanges = Self.sections(module: module, memory: memory)
  }

  /// Whether `rva` is code, or nil when unknown.
  func isExecutable(_ rva: UInt32) -> Bool? {
    guard let executableRanges else { return nil }
    return executableRanges.contains { $0.contains(rva) }
  }

  private static func sections(module: LoadedModule, memory: any VirtualMemory) -> [Range<UInt32>]?
  {
    guard let dos = memory.bytes(at: module.base, count: 0x40), dos.count == 0x40,
      dos[0] == 0x4D, dos[1] == 0x5A
    else { return nil }
    let peOffset = CallSite.word(dos, 0x3C)
    guard peOffset < 0x1000, let headerAddress = module.base.checkedAddingOffset(UInt64(peOffset)),
      let header = memory.bytes(at: headerAddress, count: 24), header.count == 24,
      header[0] == 0x50, header[1] == 0x45, header[2] == 0, header[3] == 0
    else { return nil }
    let sectionCount = Int(header[6]) | Int(header[7]) << 8
    let optionalSize = UInt64(header[20]) | UInt64(header[21]) << 8
    guard sectionCount > 0, sectionCount <= 96,
      let tableAddress = headerAddress.checkedAddingOffset(24 + optionalSize),
      let table = memory.bytes(at: tableAddress, count: sectionCount * 40),
      table.count == sectionCount * 40
    else { return nil }
    var ranges: [Range<UInt32>] = []
    for index in 0..<sectionCount {
      let entry = index * 40
      let virtualSize = CallSite.word(table, entry + 8)
      let virtualAddress = CallSite.word(table, entry + 12)
      let characteristics = CallSite.word(table, entry + 36)
      // IMAGE_SCN_CNT_CODE (0x20) or IMAGE_SCN_MEM_EXECUTE (0x20000000).
      guard characteristics & 0x2000_0020 != 0 else { continue }
      let (end, overflow) = virtualAddress.addingReportingOverflow(virtualSize)
      if !overflow && end > virtualAddress { ranges.append(virtualAddress..<end) }
    }
    return ranges
  }
}

extension UInt64 {
  /// `self + offset`, or nil on overflow.
  func checkedAddingOffset(_ offset: UInt64) -> UInt64? {
    let (sum, overflow) = addingReportingOverflow(offset)
    return overflow ? nil : sum
  }
}

/// Dump memory seen as the bytes of one module, for call-site checks without an image file.
struct MemoryBackedCode: ExecutableImage {
  var module: LoadedModule
  var memory: any VirtualMemory
  var architecture: CPUArchitecture

  var sizeOfImage: UInt32 { UInt32(clamping: module.size) }

  func runtimeFunction(containing rva: UInt32) -> RuntimeFunction? { nil }

  func bytes(atRVA rva: UInt32, count: Int) -> [UInt8]? {
    guard let address = module.base.checkedAddingOffset(UInt64(rva)) else { return nil }
    return memory.bytes(at: address, count: count)
  }
}
