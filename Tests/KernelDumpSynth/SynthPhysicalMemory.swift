/// Physical memory with real page tables, for writing full, kernel and bitmap dumps.
///
/// Pages are 4 KiB. ``map(_:bytes:)`` allocates physical pages for virtual memory and writes the
/// page-table entries of the chosen paging mode by hand (formats re-typed from the Intel/AMD
/// and ARMv8 descriptions, not shared with the parser).
public struct SynthPhysicalMemory: Sendable {
  /// How virtual addresses are translated.
  public enum PagingMode: String, Sendable {
    /// 32-bit x86, two levels, 4-byte entries.
    case x86
    /// 32-bit x86 with PAE: PDPT (4 entries), PD, PT; 8-byte entries.
    case x86PAE
    /// x64 four-level paging.
    case x64
    /// x64 five-level paging (LA57).
    case x64FiveLevel
    /// ARMv8 4 KiB granule, four levels.
    case arm64
  }

  /// The paging mode.
  public let mode: PagingMode
  /// Physical pages: frame number → 4096 bytes.
  public private(set) var pages: [UInt64: [UInt8]] = [:]
  /// The page directory base (CR3 / TTBR) as a physical address.
  public private(set) var directoryTableBase: UInt64 = 0
  private var nextFrame: UInt64

  /// Creates memory whose frames are allocated from `firstFrame`, leaving a hole every 16 frames
  /// so the dump has several runs.
  public init(mode: PagingMode, firstFrame: UInt64 = 0x100) {
    self.mode = mode
    self.nextFrame = firstFrame
    let root = allocateFrame()
    // PAE: CR3 points at a 32-byte PDPT; put it 0x20 into its page to test the alignment rule.
    directoryTableBase = root * 0x1000 + (mode == .x86PAE ? 0x20 : 0)
  }

  /// Allocates a zeroed physical frame.
  public mutating func allocateFrame() -> UInt64 {
    let frame = nextFrame
    nextFrame += 1
    if nextFrame % 16 == 15 { nextFrame += 3 }
    pages[frame] = [UInt8](repeating: 0, count: 0x1000)
    return frame
  }

  /// Writes bytes at a physical address (the pages must exist or are created).
  public mutating func writePhysical(_ address: UInt64, _ bytes: [UInt8]) {
    for (index, byte) in bytes.enumerated() {
      let target = address + UInt64(index)
      let frame = target / 0x1000
      if pages[frame] == nil { pages[frame] = [UInt8](repeating: 0, count: 0x1000) }
      pages[frame]?[Int(target % 0x1000)] = byte
    }
  }

  /// Reads a little-endian entry of `size` bytes at a physical address (0 when absent).
  public func readPhysical(_ address: UInt64, size: Int) -> UInt64 {
    guard let page = pages[address / 0x1000] else { return 0 }
    var value: UInt64 = 0
    for index in 0..<size {
      value |= UInt64(page[Int(address % 0x1000) + index]) << (8 * UInt64(index))
    }
    return value
  }

  private mutating func writeEntry(_ address: UInt64, _ value: UInt64, size: Int) {
    writePhysical(address, SynthBytes.word(value, size: size))
  }

  /// The table walk for `va`: (entry size, [(shift, index bits)]) per level, root first.
  private var levels: (size: Int, shifts: [(UInt64, UInt64)]) {
    switch mode {
    case .x86: (4, [(22, 10), (12, 10)])
    case .x86PAE: (8, [(30, 2), (21, 9), (12, 9)])
    case .x64, .arm64: (8, [(39, 9), (30, 9), (21, 9), (12, 9)])
    case .x64FiveLevel: (8, [(48, 9), (39, 9), (30, 9), (21, 9), (12, 9)])
    }
  }

  private var addressMask: UInt64 {
    switch mode {
    case .x86: 0xFFFF_F000
    case .x86PAE, .x64, .x64FiveLevel: 0x000F_FFFF_FFFF_F000
    case .arm64: 0x0000_FFFF_FFFF_F000
    }
  }

  private func tableEntry(_ frame: UInt64, last: Bool) -> UInt64 {
    let base = frame * 0x1000
    switch mode {
    case .x86PAE where !last: return base | 0x1  // PDPTEs only have the present bit
    case .arm64: return base | 0x3 | (last ? 0x400 : 0)  // table/page descriptor, AF on pages
    default: return base | 0x3  // present | writable
    }
  }

  /// Finds or creates the last-level entry address for `va`, creating intermediate tables.
  private mutating func leafEntryAddress(for va: UInt64, stopAt stopLevel: Int? = nil) -> UInt64 {
    let (size, shifts) = levels
    var table = directoryTableBase & ~(mode == .x86PAE ? 0x1F : 0xFFF)
    let lastLevel = stopLevel ?? (shifts.count - 1)
    for (level, (shift, bits)) in shifts.enumerated() {
      let index = (va >> shift) & ((1 << bits) - 1)
      let entryAddress = table + index * UInt64(size)
      if level == lastLevel { return entryAddress }
      var entry = readPhysical(entryAddress, size: size)
      if entry & 1 == 0 {
        let frame = allocateFrame()
        entry = tableEntry(frame, last: false)
        writeEntry(entryAddress, entry, size: size)
      }
      table = entry & addressMask
    }
    return table
  }

  /// Maps `bytes` at virtual address `va` on newly allocated pages.
  public mutating func map(_ va: UInt64, bytes: [UInt8]) {
    let size = levels.size
    var offset = 0
    var page = va & ~0xFFF
    let end = va + UInt64(bytes.count)
    while page < end {
      let entryAddress = leafEntryAddress(for: page)
      var entry = readPhysical(entryAddress, size: size)
      if entry & 1 == 0 {
        entry = tableEntry(allocateFrame(), last: true)
        writeEntry(entryAddress, entry, size: size)
      }
      let frameBase = entry & addressMask
      let start = max(va, page)
      // The last page of the address space has no successor: stop there.
      let (next, wrapped) = page.addingReportingOverflow(0x1000)
      let stop = wrapped ? end : min(end, next)
      let chunk = Array(bytes[offset..<(offset + Int(stop - start))])
      writePhysical(frameBase + (start - page), chunk)
      offset += chunk.count
      if wrapped { break }
      page = next
    }
  }

  /// Maps a 2 MiB (x64, PAE) or 4 MiB (x86) large page at `va` to physical `base`, storing only
  /// `bytes` at the start of it.
  public mutating func mapLargePage(_ va: UInt64, physical base: UInt64, bytes: [UInt8]) {
    let size = levels.size
    let pdLevel = levels.shifts.count - 2
    let entryAddress = leafEntryAddress(for: va, stopAt: pdLevel)
    let flags: UInt64 = mode == .arm64 ? 0x401 : 0x83  // ARM64 block descriptor / x86 PS
    writeEntry(entryAddress, base | flags, size: size)
    writePhysical(base, bytes)
  }

  /// Writes a not-present leaf entry for `va`: a transition entry (bit 11, still in RAM) whose
  /// page holds `bytes`, or a paged-out entry when `bytes` is `nil`.
  public mutating func mapNotPresent(_ va: UInt64, transitionBytes bytes: [UInt8]?) {
    let size = levels.size
    let entryAddress = leafEntryAddress(for: va)
    if let bytes {
      let frame = allocateFrame()
      writeEntry(entryAddress, frame * 0x1000 | 0x800, size: size)
      writePhysical(frame * 0x1000, bytes)
    } else {
      writeEntry(entryAddress, 0x0000_1234_0000_0080 & (size == 4 ? 0xFFFF_FFFF : ~0), size: size)
    }
  }
}
