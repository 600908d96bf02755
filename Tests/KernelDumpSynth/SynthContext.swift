/// Writes CONTEXT records by hand (winnt.h layouts, re-typed from the format notes).
public enum SynthContext {
  /// x86 CONTEXT (0x2CC bytes): register name → offset.
  static let x86: [String: Int] = [
    "dr0": 0x04, "dr1": 0x08, "dr2": 0x0C, "dr3": 0x10, "dr6": 0x14, "dr7": 0x18,
    "gs": 0x8C, "fs": 0x90, "es": 0x94, "ds": 0x98, "edi": 0x9C, "esi": 0xA0, "ebx": 0xA4,
    "edx": 0xA8, "ecx": 0xAC, "eax": 0xB0, "ebp": 0xB4, "eip": 0xB8, "cs": 0xBC,
    "eflags": 0xC0, "esp": 0xC4, "ss": 0xC8,
  ]

  /// x64 CONTEXT (0x4D0 bytes): 64-bit registers → offset.
  static let x64: [String: Int] = [
    "dr0": 0x48, "dr1": 0x50, "dr2": 0x58, "dr3": 0x60, "dr6": 0x68, "dr7": 0x70,
    "rax": 0x78, "rcx": 0x80, "rdx": 0x88, "rbx": 0x90, "rsp": 0x98, "rbp": 0xA0, "rsi": 0xA8,
    "rdi": 0xB0, "r8": 0xB8, "r9": 0xC0, "r10": 0xC8, "r11": 0xD0, "r12": 0xD8, "r13": 0xE0,
    "r14": 0xE8, "r15": 0xF0, "rip": 0xF8,
  ]

  /// x64 16-bit segment registers → offset.
  static let x64Segments: [String: Int] = [
    "cs": 0x38, "ds": 0x3A, "es": 0x3C, "fs": 0x3E, "gs": 0x40, "ss": 0x42,
  ]

  /// Builds the CONTEXT bytes for `architecture` with the given register values.
  public static func bytes(_ architecture: SynthArchitecture, registers: [String: UInt64])
    -> [UInt8]
  {
    var out: SynthBytes
    switch architecture {
    case .x86:
      out = SynthBytes(count: 0x2CC)
      out.put(UInt32(0x1_003F), at: 0)
      for (name, value) in registers {
        if let offset = x86[name] { out.put(UInt32(truncatingIfNeeded: value), at: offset) }
      }
    case .x64:
      out = SynthBytes(count: 0x4D0)
      out.put(UInt32(0x10_001F), at: 0x30)
      out.put(UInt32(0x1F80), at: 0x34)
      for (name, value) in registers {
        if let offset = x64[name] { out.put(value, at: offset) }
        if let offset = x64Segments[name] { out.put(UInt16(truncatingIfNeeded: value), at: offset) }
        if name == "rflags" { out.put(UInt32(truncatingIfNeeded: value), at: 0x44) }
        if name == "mxcsr" { out.put(UInt32(truncatingIfNeeded: value), at: 0x34) }
      }
    case .arm64:
      out = SynthBytes(count: 0x390)
      out.put(UInt32(0x40_0007), at: 0)
      for (name, value) in registers {
        switch name {
        case "cpsr": out.put(UInt32(truncatingIfNeeded: value), at: 4)
        case "fp": out.put(value, at: 0xF0)
        case "lr": out.put(value, at: 0xF8)
        case "sp": out.put(value, at: 0x100)
        case "pc": out.put(value, at: 0x108)
        default:
          if name.hasPrefix("x"), let index = Int(name.dropFirst()), index < 29 {
            out.put(value, at: 8 + 8 * index)
          }
        }
      }
    case .arm:
      out = SynthBytes(count: 0x1A0)
      out.put(UInt32(0x20_000F), at: 0)
      for (name, value) in registers {
        let word = UInt32(truncatingIfNeeded: value)
        switch name {
        case "sp": out.put(word, at: 0x38)
        case "lr": out.put(word, at: 0x3C)
        case "pc": out.put(word, at: 0x40)
        case "cpsr": out.put(word, at: 0x44)
        default:
          if name.hasPrefix("r"), let index = Int(name.dropFirst()), index < 13 {
            out.put(word, at: 4 + 4 * index)
          }
        }
      }
    }
    return out.bytes
  }
}
