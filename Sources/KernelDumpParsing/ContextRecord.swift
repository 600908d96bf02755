import BinaryReading
import DumpFormats

/// Reads Windows CONTEXT records (winnt.h) into ``CPUContext`` values.
///
/// Layouts: x86 0x2CC bytes, x64 0x4D0, ARM64 0x390, ARM32 0x1A0 (formats.md §3). Only the
/// integer and control registers are kept; the floating-point and vector state is not needed
/// for triage.
public enum ContextRecord {
  /// The full size of the CONTEXT record of `architecture`, or `nil` when unknown.
  public static func size(of architecture: CPUArchitecture) -> Int? {
    switch architecture {
    case .x86: 0x2CC
    case .amd64: 0x4D0
    case .arm64: 0x390
    case .arm: 0x1A0
    default: nil
    }
  }

  /// The bytes needed to read the registers kept here.
  static func registerBytes(of architecture: CPUArchitecture) -> Int? {
    switch architecture {
    case .x86: 0xCC
    case .amd64: 0x100
    case .arm64: 0x110
    case .arm: 0x48
    default: nil
    }
  }

  /// Parses a CONTEXT of `architecture` at `offset` in `reader`.
  ///
  /// - Throws: ``ReadError`` when the record does not fit or the architecture has no layout.
  public static func parse(
    _ reader: ByteReader, at offset: Int, architecture: CPUArchitecture
  ) throws(ReadError) -> CPUContext {
    guard let needed = registerBytes(of: architecture) else {
      throw ReadError(
        code: .unsupported, offset: reader.fileOffset(of: max(0, offset)), context: "CONTEXT",
        detail: "no CONTEXT layout for \(architecture)")
    }
    let record = try reader.byteArray(at: offset, count: needed, "CONTEXT")
    return parse(record: LittleEndianBytes(record), architecture: architecture)
  }

  /// Parses a CONTEXT from raw bytes (for example read from dump memory).
  public static func parse(bytes: [UInt8], architecture: CPUArchitecture) throws(ReadError)
    -> CPUContext
  {
    guard let needed = registerBytes(of: architecture), bytes.count >= needed else {
      throw ReadError(
        code: .truncated, offset: nil, context: "CONTEXT",
        detail: "needs \(registerBytes(of: architecture) ?? 0) bytes, got \(bytes.count)")
    }
    return parse(record: LittleEndianBytes(bytes), architecture: architecture)
  }

  private static func parse(record: LittleEndianBytes, architecture: CPUArchitecture)
    -> CPUContext
  {
    // The caller checked that `registerBytes(of:)` bytes are present.
    var registers: [(String, UInt64)] = []
    func u16(_ name: String, _ offset: Int) {
      registers.append((name, UInt64(record.u16(offset) ?? 0)))
    }
    func u32(_ name: String, _ offset: Int) {
      registers.append((name, UInt64(record.u32(offset) ?? 0)))
    }
    func u64(_ name: String, _ offset: Int) {
      registers.append((name, record.u64(offset) ?? 0))
    }
    let flags = record.u32(architecture == .amd64 ? 0x30 : 0) ?? 0
    switch architecture {
    case .x86:
      for (index, name) in ["dr0", "dr1", "dr2", "dr3", "dr6", "dr7"].enumerated() {
        u32(name, 4 + 4 * index)
      }
      for (index, name) in ["gs", "fs", "es", "ds", "edi", "esi", "ebx", "edx", "ecx", "eax"]
        .enumerated()
      {
        u32(name, 0x8C + 4 * index)
      }
      u32("ebp", 0xB4)
      u32("eip", 0xB8)
      u32("cs", 0xBC)
      u32("eflags", 0xC0)
      u32("esp", 0xC4)
      u32("ss", 0xC8)
    case .amd64:
      u32("mxcsr", 0x34)
      for (index, name) in ["cs", "ds", "es", "fs", "gs", "ss"].enumerated() {
        u16(name, 0x38 + 2 * index)
      }
      u32("rflags", 0x44)
      for (index, name) in ["dr0", "dr1", "dr2", "dr3", "dr6", "dr7"].enumerated() {
        u64(name, 0x48 + 8 * index)
      }
      let names = [
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
        "r13", "r14", "r15", "rip",
      ]
      for (index, name) in names.enumerated() { u64(name, 0x78 + 8 * index) }
    case .arm64:
      u32("cpsr", 4)
      for index in 0..<29 { u64("x\(index)", 8 + 8 * index) }
      u64("fp", 0xF0)
      u64("lr", 0xF8)
      u64("sp", 0x100)
      u64("pc", 0x108)
    case .arm:
      for index in 0..<13 { u32("r\(index)", 4 + 4 * index) }
      u32("sp", 0x38)
      u32("lr", 0x3C)
      u32("pc", 0x40)
      u32("cpsr", 0x44)
    default:
      break
    }
    return CPUContext(architecture: architecture, flags: flags, registers: registers)
  }
}
