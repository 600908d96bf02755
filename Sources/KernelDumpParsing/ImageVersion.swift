import DumpFormats

/// Reads the fixed file version of a module image mapped in dump memory.
///
/// Follows the image's own headers: PE optional header → resource data directory → the first
/// `RT_VERSION` (16) name and language → `VS_FIXEDFILEINFO` (signature 0xFEEF04BD). Only the
/// pages on that path are read; any missing page makes the version unknown.
enum ImageVersion {
  /// (file version, product version) as four parts each, or `nil`.
  static func read(_ memory: any VirtualMemory, base: UInt64, size: UInt64) -> (
    file: [UInt16], product: [UInt16]
  )? {
    guard let dos = memory.bytes(at: base, count: 0x40), dos[0] == 0x4D, dos[1] == 0x5A,
      let lfanew = LittleEndianBytes(dos).u32(0x3C), lfanew < 0x1000,
      let peAddress = base.checkedAdding(UInt64(lfanew)),
      let pe = memory.bytes(at: peAddress, count: 0x18 + 0x70 + 0x18),
      pe[0] == 0x50, pe[1] == 0x45, pe[2] == 0, pe[3] == 0
    else { return nil }
    let header = LittleEndianBytes(pe)
    let optional = 0x18
    let magic = header.u16(optional)
    let directories = optional + (magic == 0x20B ? 0x70 : 0x60)
    guard magic == 0x10B || magic == 0x20B, let count = header.u32(directories - 4), count > 2,
      let rva = header.u32(directories + 16), let directorySize = header.u32(directories + 20),
      rva != 0, directorySize >= 16, UInt64(rva) < size, let root = base.checkedAdding(UInt64(rva))
    else { return nil }
    // Type 16, then the first name, then the first language.
    guard let type = entry(memory, root: root, directory: 0, id: 16), type.isDirectory,
      let name = entry(memory, root: root, directory: type.offset, id: nil)
    else { return nil }
    var leaf = name
    if leaf.isDirectory {
      guard let language = entry(memory, root: root, directory: leaf.offset, id: nil),
        !language.isDirectory
      else { return nil }
      leaf = language
    }
    guard let dataAddress = root.checkedAdding(UInt64(leaf.offset)),
      let data = memory.bytes(at: dataAddress, count: 8),
      let dataRVA = LittleEndianBytes(data).u32(0), let dataSize = LittleEndianBytes(data).u32(4),
      UInt64(dataRVA) < size, let blockAddress = base.checkedAdding(UInt64(dataRVA))
    else { return nil }
    let length = Int(min(dataSize, 0x400))
    guard length >= 0x5C, let block = memory.bytes(at: blockAddress, count: length) else {
      return nil
    }
    // VS_VERSIONINFO: header, key "VS_VERSION_INFO", padding, then VS_FIXEDFILEINFO.
    let bytes = LittleEndianBytes(block)
    var offset = 0
    while offset + 0x34 <= block.count {
      if bytes.u32(offset) == 0xFEEF_04BD {
        guard let fileMS = bytes.u32(offset + 8), let fileLS = bytes.u32(offset + 12),
          let productMS = bytes.u32(offset + 16), let productLS = bytes.u32(offset + 20)
        else { return nil }
        return (parts(fileMS, fileLS), parts(productMS, productLS))
      }
      offset += 4
    }
    return nil
  }

  private static func parts(_ ms: UInt32, _ ls: UInt32) -> [UInt16] {
    [UInt16(ms >> 16), UInt16(ms & 0xFFFF), UInt16(ls >> 16), UInt16(ls & 0xFFFF)]
  }

  /// The entry with integer `id` (or the first one) of the resource directory at `directory`.
  private static func entry(
    _ memory: any VirtualMemory, root: UInt64, directory: UInt32, id: UInt32?
  ) -> (offset: UInt32, isDirectory: Bool)? {
    guard let address = root.checkedAdding(UInt64(directory)),
      let tableAddress = address.checkedAdding(16),
      let head = memory.bytes(at: address, count: 16)
    else { return nil }
    let counts = LittleEndianBytes(head)
    let total = Int(counts.u16(12) ?? 0) + Int(counts.u16(14) ?? 0)
    guard total > 0, total <= 256,
      let table = memory.bytes(at: tableAddress, count: total * 8)
    else { return nil }
    let entries = LittleEndianBytes(table)
    for index in 0..<total {
      guard let name = entries.u32(8 * index), let target = entries.u32(8 * index + 4) else {
        return nil
      }
      if id == nil || (name & 0x8000_0000 == 0 && name == id) {
        return (target & 0x7FFF_FFFF, target & 0x8000_0000 != 0)
      }
    }
    return nil
  }
}
