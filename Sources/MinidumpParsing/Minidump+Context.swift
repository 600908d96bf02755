import BinaryReading
import DumpFormats

/// Reads CONTEXT records (winnt.h) into ``CPUContext`` values.
///
/// The layout is chosen from SystemInfo's architecture; `ContextFlags` is only a cross-check,
/// and decides when SystemInfo is missing or the blob cannot hold the expected layout.
public enum ContextReader {
  /// The CONTEXT flag bit for x86 (`CONTEXT_i386`).
  static let x86Flag: UInt32 = 0x0001_0000
  /// The CONTEXT flag bit for x64 (`CONTEXT_AMD64`).
  static let amd64Flag: UInt32 = 0x0010_0000
  /// The CONTEXT flag bit for 32-bit ARM (`CONTEXT_ARM`).
  static let armFlag: UInt32 = 0x0020_0000
  /// The CONTEXT flag bit for ARM64 (`CONTEXT_ARM64`).
  static let arm64Flag: UInt32 = 0x0040_0000

  /// Sizes of the base CONTEXT records; real blobs may be longer (XSTATE follows).
  static let x86Size = 0x2CC
  static let amd64Size = 0x4D0
  static let arm64Size = 0x390
  static let armSize = 0x1A0
  /// Bytes needed to hold the integer and control registers.
  static let x86Minimum = 0xCC
  static let amd64Minimum = 0x100
  static let arm64Minimum = 0x110
  static let armMinimum = 0x4C

  /// Parses a CONTEXT blob.
  ///
  /// Folklore: a context blob may be longer than the base CONTEXT (a Windows 10 dump written
  /// with MiniDumpWithAvxXStateContext stores 0x67F-byte x64 contexts). Only the leading base
  /// record is read.
  ///
  /// - Parameters:
  ///   - blob: The bytes at `ThreadContext`.
  ///   - architecture: SystemInfo's architecture, when known.
  /// - Returns: The registers by name.
  /// - Throws: ``ReadError`` when the blob matches no supported layout.
  public static func context(from blob: ByteReader, architecture: CPUArchitecture?)
    throws(ReadError) -> CPUContext
  {
    let flagsAt0 = (try? blob.read(UInt32.self, at: 0)) ?? 0
    let flagsAt30 = (try? blob.read(UInt32.self, at: 0x30)) ?? 0
    func fits(_ arch: CPUArchitecture) -> Bool {
      switch arch {
      case .x86: blob.count >= x86Minimum
      case .amd64: blob.count >= amd64Minimum
      case .arm64: blob.count >= arm64Minimum
      case .arm: blob.count >= armMinimum
      default: false
      }
    }
    var chosen: CPUArchitecture?
    if let architecture, fits(architecture) {
      chosen = architecture
      // Folklore: a WOW64 process dumped by a 32-bit writer carries x86 contexts while
      // SystemInfo says AMD64; the flags and the size tell.
      if architecture == .amd64, flagsAt30 & amd64Flag == 0, flagsAt0 & 0xFFFF_0000 == x86Flag,
        blob.count < amd64Size
      {
        chosen = .x86
      }
    } else if blob.count >= amd64Minimum, flagsAt30 & 0xFFFF_0000 == amd64Flag {
      chosen = .amd64
    } else if flagsAt0 & 0xFFFF_0000 == arm64Flag, fits(.arm64) {
      chosen = .arm64
    } else if flagsAt0 & 0xFFFF_0000 == armFlag, fits(.arm) {
      chosen = .arm
    } else if flagsAt0 & 0xFFFF_0000 == x86Flag, fits(.x86) {
      chosen = .x86
    }
    switch chosen {
    case .x86: return try x86(blob)
    case .amd64: return try amd64(blob)
    case .arm64: return try arm64(blob)
    case .arm: return try arm(blob)
    default:
      throw ReadError(
        code: .unsupported, offset: blob.fileOffset(of: 0), context: "CONTEXT",
        detail:
          "no supported CONTEXT layout for \(architecture.map { "\($0)" } ?? "an unknown architecture"), \(blob.count) bytes, flags 0x\(String(flagsAt0, radix: 16))"
      )
    }
  }

  /// x86 CONTEXT (0x2CC bytes).
  static func x86(_ blob: ByteReader) throws(ReadError) -> CPUContext {
    let layout: [(String, Int)] = [
      ("dr0", 0x04), ("dr1", 0x08), ("dr2", 0x0C), ("dr3", 0x10), ("dr6", 0x14), ("dr7", 0x18),
      ("gs", 0x8C), ("fs", 0x90), ("es", 0x94), ("ds", 0x98), ("edi", 0x9C), ("esi", 0xA0),
      ("ebx", 0xA4), ("edx", 0xA8), ("ecx", 0xAC), ("eax", 0xB0), ("ebp", 0xB4), ("eip", 0xB8),
      ("cs", 0xBC), ("eflags", 0xC0), ("esp", 0xC4), ("ss", 0xC8),
    ]
    var registers: [(String, UInt64)] = []
    for (name, offset) in layout {
      registers.append(
        (name, UInt64(try blob.read(UInt32.self, at: offset, "CONTEXT.x86." + name))))
    }
    return CPUContext(
      architecture: .x86, flags: try blob.read(UInt32.self, at: 0, "CONTEXT.ContextFlags"),
      registers: registers)
  }

  /// x64 CONTEXT (0x4D0 bytes).
  static func amd64(_ blob: ByteReader) throws(ReadError) -> CPUContext {
    var registers: [(String, UInt64)] = []
    registers.append(("mxcsr", UInt64(try blob.read(UInt32.self, at: 0x34, "CONTEXT.MxCsr"))))
    for (index, name) in ["cs", "ds", "es", "fs", "gs", "ss"].enumerated() {
      registers.append(
        (name, UInt64(try blob.read(UInt16.self, at: 0x38 + 2 * index, "CONTEXT.Seg" + name))))
    }
    registers.append(("eflags", UInt64(try blob.read(UInt32.self, at: 0x44, "CONTEXT.EFlags"))))
    for (index, name) in ["dr0", "dr1", "dr2", "dr3", "dr6", "dr7"].enumerated() {
      registers.append((name, try blob.read(UInt64.self, at: 0x48 + 8 * index, "CONTEXT." + name)))
    }
    let general = [
      "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
      "r13", "r14", "r15", "rip",
    ]
    for (index, name) in general.enumerated() {
      registers.append((name, try blob.read(UInt64.self, at: 0x78 + 8 * index, "CONTEXT." + name)))
    }
    return CPUContext(
      architecture: .amd64, flags: try blob.read(UInt32.self, at: 0x30, "CONTEXT.ContextFlags"),
      registers: registers)
  }

  /// ARM64 CONTEXT (`ARM64_NT_CONTEXT`, 0x390 bytes).
  static func arm64(_ blob: ByteReader) throws(ReadError) -> CPUContext {
    var registers: [(String, UInt64)] = []
    registers.append(("cpsr", UInt64(try blob.read(UInt32.self, at: 4, "CONTEXT.Cpsr"))))
    for index in 0..<29 {
      registers.append(
        ("x\(index)", try blob.read(UInt64.self, at: 8 + 8 * index, "CONTEXT.X\(index)")))
    }
    registers.append(("fp", try blob.read(UInt64.self, at: 0xF0, "CONTEXT.Fp")))
    registers.append(("lr", try blob.read(UInt64.self, at: 0xF8, "CONTEXT.Lr")))
    registers.append(("sp", try blob.read(UInt64.self, at: 0x100, "CONTEXT.Sp")))
    registers.append(("pc", try blob.read(UInt64.self, at: 0x108, "CONTEXT.Pc")))
    if blob.count >= 0x318 {
      registers.append(("fpcr", UInt64(try blob.read(UInt32.self, at: 0x310, "CONTEXT.Fpcr"))))
      registers.append(("fpsr", UInt64(try blob.read(UInt32.self, at: 0x314, "CONTEXT.Fpsr"))))
    }
    return CPUContext(
      architecture: .arm64, flags: try blob.read(UInt32.self, at: 0, "CONTEXT.ContextFlags"),
      registers: registers)
  }

  /// 32-bit ARM CONTEXT (0x1A0 bytes).
  static func arm(_ blob: ByteReader) throws(ReadError) -> CPUContext {
    var registers: [(String, UInt64)] = []
    for index in 0..<13 {
      registers.append(
        ("r\(index)", UInt64(try blob.read(UInt32.self, at: 4 + 4 * index, "CONTEXT.R\(index)"))))
    }
    registers.append(("sp", UInt64(try blob.read(UInt32.self, at: 0x38, "CONTEXT.Sp"))))
    registers.append(("lr", UInt64(try blob.read(UInt32.self, at: 0x3C, "CONTEXT.Lr"))))
    registers.append(("pc", UInt64(try blob.read(UInt32.self, at: 0x40, "CONTEXT.Pc"))))
    registers.append(("cpsr", UInt64(try blob.read(UInt32.self, at: 0x44, "CONTEXT.Cpsr"))))
    registers.append(("fpscr", UInt64(try blob.read(UInt32.self, at: 0x48, "CONTEXT.Fpscr"))))
    return CPUContext(
      architecture: .arm, flags: try blob.read(UInt32.self, at: 0, "CONTEXT.ContextFlags"),
      registers: registers)
  }

  /// Reads the context a location descriptor points at.
  static func context(
    at location: MinidumpLocation, in file: ByteReader, architecture: CPUArchitecture?,
    _ name: String
  ) throws(ReadError) -> CPUContext {
    let blob = try file.slice(
      at: UInt64(location.rva), count: UInt64(location.dataSize), name)
    return try context(from: blob, architecture: architecture)
  }

  /// The 32-bit view of an x64 context captured while a WOW64 thread ran 32-bit code.
  ///
  /// Folklore: in a WOW64 process dumped by a 64-bit writer, the exception context of a
  /// 32-bit fault is an x64 CONTEXT whose `cs` is 0x23 (the 32-bit code segment) and whose
  /// registers hold the 32-bit values (`rip` = `eip`). Returns `nil` for anything else.
  public static func wow64View(of context: CPUContext) -> CPUContext? {
    guard context.architecture == .amd64, context["cs"] == 0x23 else { return nil }
    let pairs: [(String, String)] = [
      ("gs", "gs"), ("fs", "fs"), ("es", "es"), ("ds", "ds"), ("edi", "rdi"), ("esi", "rsi"),
      ("ebx", "rbx"), ("edx", "rdx"), ("ecx", "rcx"), ("eax", "rax"), ("ebp", "rbp"),
      ("eip", "rip"), ("cs", "cs"), ("eflags", "eflags"), ("esp", "rsp"), ("ss", "ss"),
    ]
    var registers: [(String, UInt64)] = []
    for (name, source) in pairs {
      registers.append((name, (context[source] ?? 0) & 0xFFFF_FFFF))
    }
    return CPUContext(architecture: .x86, flags: x86Flag, registers: registers)
  }
}
