import BinaryReading
import DumpFormats

/// Virtual memory of a full, kernel or bitmap dump: virtual → physical through the page tables
/// in the dump, physical → file offset through the ``PhysicalMemoryLayout``.
///
/// Every level's table is read from the dump, so a table page that is missing (a kernel-only
/// dump, a truncated file) makes the address unreadable instead of failing the dump.
public struct PagedMemory: VirtualMemory {
  /// How virtual addresses are translated (formats.md §1.9).
  public enum Mode: String, Hashable, Sendable {
    /// x86 without PAE: PDE (VA[31:22]) → PTE (VA[21:12]); 4-byte entries; 4 MiB large pages.
    case x86
    /// x86 PAE: PDPTE (VA[31:30]) → PDE (VA[29:21]) → PTE (VA[20:12]); 8-byte entries.
    case x86PAE
    /// x64 four-level paging (PML4 → PDPT → PD → PT).
    case x64
    /// x64 five-level paging (PML5 first), when the kernel says so.
    case x64FiveLevel
    /// ARMv8 with a 4 KiB granule and four levels (48-bit addresses); not checked against a
    /// real dump (formats.md §1.9 rule 5).
    case arm64
  }

  /// The physical page layout.
  public let layout: PhysicalMemoryLayout
  /// The translation mode.
  public let mode: Mode
  /// The top-level table's physical address.
  public let root: UInt64
  private let reader: ByteReader

  /// Creates memory over the dump's file.
  ///
  /// - Parameters:
  ///   - reader: The whole file.
  ///   - layout: Where physical pages are.
  ///   - mode: How to translate.
  ///   - directoryTableBase: CR3 / TTBR as stored in the header (low bits are masked).
  public init(
    reader: ByteReader, layout: PhysicalMemoryLayout, mode: Mode, directoryTableBase: UInt64
  ) {
    self.reader = reader
    self.layout = layout
    self.mode = mode
    // PAE's PDPT is 32-byte aligned; everything else is page aligned (x64 CR3 low bits can hold
    // a PCID, formats.md §1.3).
    self.root =
      mode == .x86PAE ? directoryTableBase & 0xFFFF_FFE0 : directoryTableBase & ~0xFFF
  }

  /// Reads `count` bytes at a physical address, or `nil` when any page is not in the file.
  public func physicalBytes(at address: UInt64, count: Int) -> [UInt8]? {
    guard count >= 0, address.checkedAdding(UInt64(count)) != nil else { return nil }
    var result: [UInt8] = []
    var cursor = address
    var remaining = count
    while remaining > 0 {
      guard let offset = layout.fileOffset(ofPhysical: cursor), let start = Int(exactly: offset)
      else { return nil }
      let inPage = Int(PhysicalMemoryLayout.pageSize - cursor % PhysicalMemoryLayout.pageSize)
      let take = min(remaining, inPage)
      guard let chunk = try? reader.byteArray(at: start, count: take, "physical memory") else {
        return nil
      }
      if take == count { return chunk }
      result += chunk
      cursor += UInt64(take)
      remaining -= take
    }
    return result
  }

  private func entry(at address: UInt64, size: Int) -> UInt64? {
    guard let raw = physicalBytes(at: address, count: size) else { return nil }
    var value: UInt64 = 0
    for (index, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
    return value
  }

  /// Translates a virtual address, or `nil` when it is not mapped or its tables are missing.
  ///
  /// Not-present entries count only when they are Windows *transition* entries (bit 11 set,
  /// bit 10 clear): the page is still in RAM (formats.md §1.9 rule 3).
  public func translate(_ va: UInt64) -> UInt64? {
    switch mode {
    case .x86:
      guard va <= 0xFFFF_FFFF else { return nil }
      guard let pde = entry(at: root + ((va >> 22) & 0x3FF) * 4, size: 4), pde & 1 != 0 else {
        return nil
      }
      if pde & 0x80 != 0 { return (pde & 0xFFC0_0000) | (va & 0x3F_FFFF) }
      guard let pte = entry(at: (pde & 0xFFFF_F000) + ((va >> 12) & 0x3FF) * 4, size: 4),
        Self.isUsable(pte)
      else { return nil }
      return (pte & 0xFFFF_F000) | (va & 0xFFF)
    case .x86PAE:
      guard va <= 0xFFFF_FFFF else { return nil }
      let mask: UInt64 = 0x000F_FFFF_FFFF_F000
      guard let pdpte = entry(at: root + ((va >> 30) & 0x3) * 8, size: 8), pdpte & 1 != 0,
        let pde = entry(at: (pdpte & mask) + ((va >> 21) & 0x1FF) * 8, size: 8), pde & 1 != 0
      else { return nil }
      if pde & 0x80 != 0 { return (pde & 0x000F_FFFF_FFE0_0000) | (va & 0x1F_FFFF) }
      guard let pte = entry(at: (pde & mask) + ((va >> 12) & 0x1FF) * 8, size: 8),
        Self.isUsable(pte)
      else { return nil }
      return (pte & mask) | (va & 0xFFF)
    case .x64, .x64FiveLevel:
      let mask: UInt64 = 0x000F_FFFF_FFFF_F000
      let levels = mode == .x64FiveLevel ? 5 : 4
      // Canonical check: the bits above the top index copy its highest bit.
      let topBit = UInt64(levels == 5 ? 56 : 47)
      let high = va >> topBit
      guard high == 0 || high == (UInt64.max >> topBit) else { return nil }
      var table = root
      for level in (0..<levels).reversed() {
        let shift = 12 + 9 * UInt64(level)
        guard let value = entry(at: table + ((va >> shift) & 0x1FF) * 8, size: 8) else {
          return nil
        }
        if level == 0 {
          guard Self.isUsable(value) else { return nil }
          return (value & mask) | (va & 0xFFF)
        }
        guard value & 1 != 0 else { return nil }
        if value & 0x80 != 0, level <= 2 {
          // 1 GiB (PDPTE) or 2 MiB (PDE) page.
          let span: UInt64 = 1 << shift
          return (value & mask & ~(span - 1)) | (va & (span - 1))
        }
        table = value & mask
      }
      return nil
    case .arm64:
      let mask: UInt64 = 0x0000_FFFF_FFFF_F000
      var table = root
      for level in 0..<4 {
        let shift = 39 - 9 * UInt64(level)
        guard let value = entry(at: table + ((va >> shift) & 0x1FF) * 8, size: 8),
          value & 1 != 0
        else { return nil }
        let isTable = value & 2 != 0
        if level == 3 {
          guard isTable else { return nil }  // at level 3, 0b11 is a page descriptor
          return (value & mask) | (va & 0xFFF)
        }
        if !isTable {
          guard level == 1 || level == 2 else { return nil }
          let span: UInt64 = 1 << shift
          return (value & mask & ~(span - 1)) | (va & (span - 1))
        }
        table = value & mask
      }
      return nil
    }
  }

  /// A present entry, or a Windows transition entry (bit 11 set, prototype bit 10 clear).
  static func isUsable(_ entry: UInt64) -> Bool {
    entry & 1 != 0 || (entry & 0x800 != 0 && entry & 0x400 == 0)
  }

  public func bytes(at address: UInt64, count: Int) -> [UInt8]? {
    guard count >= 0, address.checkedAdding(UInt64(count)) != nil else { return nil }
    var result: [UInt8] = []
    var cursor = address
    var remaining = count
    while remaining > 0 {
      guard let physical = translate(cursor) else { return nil }
      let inPage = Int(PhysicalMemoryLayout.pageSize - cursor % PhysicalMemoryLayout.pageSize)
      let take = min(remaining, inPage)
      guard let chunk = physicalBytes(at: physical, count: take) else { return nil }
      if take == count { return chunk }
      result += chunk
      cursor += UInt64(take)
      remaining -= take
    }
    return result
  }
}
