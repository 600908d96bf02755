import DumpFormats

/// Recognises the call instruction that should precede a return address (scan validation).
enum CallSite {
  /// Whether the code before `returnRVA` ends with a call; nil when the bytes are unavailable or
  /// the architecture has no check.
  static func precededByCall(
    image: any ExecutableImage, returnRVA: UInt32, _ architecture: CPUArchitecture
  ) -> Bool? {
    switch architecture {
    case .x86, .amd64:
      guard returnRVA >= 7, let bytes = image.bytes(atRVA: returnRVA - 7, count: 7) else {
        return nil
      }
      return x86CallEnds(bytes)
    case .arm64:
      guard returnRVA >= 4, let bytes = image.bytes(atRVA: returnRVA - 4, count: 4),
        bytes.count == 4
      else { return nil }
      return arm64IsCall(word(bytes, 0))
    case .arm:
      guard returnRVA >= 4, let bytes = image.bytes(atRVA: returnRVA - 4, count: 4),
        bytes.count == 4
      else { return nil }
      let first = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
      let second = UInt16(bytes[2]) | UInt16(bytes[3]) << 8
      // Thumb-2 BL / BLX (immediate): 11110xxx xxxxxxxx, 11x1xxxx / 11x0xxxx.
      if first & 0xF800 == 0xF000 && second & 0xC000 == 0xC000 { return true }
      // BLX Rm (16-bit): 010001111 Rm 000.
      return second & 0xFF87 == 0x4780
    default:
      return nil
    }
  }

  /// Little-endian u32 at `offset`.
  static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
    return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
      | UInt32(bytes[offset + 3]) << 24
  }

  /// ARM64 BL, BLR, BLRAA/BLRAB/BLRAAZ/BLRABZ.
  static func arm64IsCall(_ word: UInt32) -> Bool {
    word & 0xFC00_0000 == 0x9400_0000 || word & 0xFFFF_FC1F == 0xD63F_0000
      || word & 0xFEFF_F800 == 0xD63F_0800
  }

  /// Whether the 7 bytes before a return address end with an x86/x64 call: `E8 rel32`, or
  /// `FF /2` (`FF /3`) with any ModRM/SIB/displacement form whose length ends exactly there.
  static func x86CallEnds(_ bytes: [UInt8]) -> Bool {
    guard bytes.count == 7 else { return false }
    if bytes[2] == 0xE8 { return true }
    for start in 0...5 where bytes[start] == 0xFF {
      let modrm = bytes[start + 1]
      let reg = (modrm >> 3) & 7
      guard reg == 2 || reg == 3 else { continue }
      let mod = modrm >> 6
      let rm = modrm & 7
      var length = 2
      if mod != 3 && rm == 4 {
        length += 1  // SIB
        if start + 2 < bytes.count, mod == 0, bytes[start + 2] & 7 == 5 { length += 4 }
      }
      switch mod {
      case 0 where rm == 5: length += 4
      case 1: length += 1
      case 2: length += 4
      default: break
      }
      if start + length == 7 { return true }
    }
    return false
  }
}
