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
    let record = try reader.slice(at: offset, count: needed, "CONTEXT(\(architecture))")
    return try parse(record: record, architecture: architecture)
  }

  /// Parses a CONTEXT from raw bytes (for example read from dump memory).
  public static func parse(bytes: [UInt8], architecture: CPUArchitecture) throws(ReadError)
    -> CPUContext
  {
    try parse(ByteReader(bytes), at: 0, architecture: architecture)
  }

  private static func parse(record: ByteReader, architecture: CPUArchitecture) throws(ReadError)
    -> CPUContext
  {
    var registers: [(String, UInt64)] = []
    func u16(_ name: String, _ offset: Int) throws(ReadError) {
      registers.append((name, UInt64(try record.read(UInt16.self, at: offset, "CONTEXT.\(name)"))))
    }
    func u32(_ name: String, _ offset: Int) throws(ReadError) {
      registers.append((name, UInt64(try record.read(UInt32.self, at: offset, "CONTEXT.\(name)"))))
    }
    func u64(_ name: String, _ offset: Int) throws(ReadError) {
      registers.append((name, try record.read(UInt64.self, at: offset, "CONTEXT.\(name)")))
    }
    let flags = try record.read(UInt32.self, at: architecture == .amd64 ? 0x30 : 0, "ContextFlags")
    switch architecture {
    case .x86:
      for (index, name) in ["dr0", "dr1", "dr2", "dr3", "dr6", "dr7"].enumerated() {
        try u32(name, 4 + 4 * index)
      }
      for (index, name) in ["gs", "fs", "es", "ds", "edi", "esi", "ebx", "edx", "ecx", "eax"]
        .enumerated()
      {
        try u32(name, 0x8C + 4 * index)
      }
      try u32("ebp", 0xB4)
      try u32("eip", 0xB8)
      try u32("cs", 0xBC)
      try u32("eflags", 0xC0)
      try u32("esp", 0xC4)
      try u32("ss", 0xC8)
    case .amd64:
      try u32("mxcsr", 0x34)
      for (index, name) in ["cs", "ds", "es", "fs", "gs", "ss"].enumerated() {
        try u16(name, 0x38 + 2 * index)
      }
      try u32("rflags", 0x44)
      for (index, name) in ["dr0", "dr1", "dr2", "dr3", "dr6", "dr7"].enumerated() {
        try u64(name, 0x48 + 8 * index)
      }
      let names = [
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
        "r13", "r14", "r15", "rip",
      ]
      for (index, name) in names.enumerated() { try u64(name, 0x78 + 8 * index) }
    case .arm64:
      try u32("cpsr", 4)
      for index in 0..<29 { try u64("x\(index)", 8 + 8 * index) }
      try u64("fp", 0xF0)
      try u64("lr", 0xF8)
      try u64("sp", 0x100)
      try u64("pc", 0x108)
    case .arm:
      for index in 0..<13 { try u32("r\(index)", 4 + 4 * index) }
      try u32("sp", 0x38)
      try u32("lr", 0x3C)
      try u32("pc", 0x40)
      try u32("cpsr", 0x44)
    default:
      break
    }
    return CPUContext(architecture: architecture, flags: flags, registers: registers)
  }
}
