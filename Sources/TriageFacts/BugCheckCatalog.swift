import Foundation

/// Bug check (stop code) names, parameter meanings and decodes.
///
/// Names cover every published code (``generatedNames``, from `bugcodes.csv`); parameter meanings
/// and fixed decodes cover the common codes (formats.md §5.3), in our own words. The `0x1000000x`
/// "_M" variants have their own names but share the parameters of their base code.
public enum BugCheckCatalog {
  /// The modifier bit of the "_M" variants (0x1000007E = 0x7E | modifier).
  public static let modifier: UInt32 = 0x1000_0000

  /// The symbolic name of `code` (`DRIVER_IRQL_NOT_LESS_OR_EQUAL`), or `nil` when unpublished.
  ///
  /// An "_M" code without its own entry falls back to the base name with an `_M` suffix.
  public static func name(for code: UInt32) -> String? {
    if let name = generatedNames[code] { return name }
    if code & modifier != 0, let base = generatedNames[code & ~modifier] { return base + "_M" }
    // BUGCHECK_CONTEXT_MODIFIER (0x80000000): no source explains it, so the code is reported as
    // modified and the bit is not stripped for matching (formats.md §5.2).
    if code & contextModifier != 0, let base = name(for: code & ~contextModifier) {
      return base + " (with BUGCHECK_CONTEXT_MODIFIER)"
    }
    return nil
  }

  /// `BUGCHECK_CONTEXT_MODIFIER` (bugcodes.h): the high bit of a code.
  public static let contextModifier: UInt32 = 0x8000_0000

  /// Every known code, sorted.
  public static var allCodes: [UInt32] { generatedNames.keys.sorted() }

  /// What the parameters of `code` mean, or `nil` when the catalog has no entry.
  ///
  /// "_M" variants return the entry of their base code with the variant's own code and name.
  public static func entry(for code: UInt32) -> BugCheckEntry? {
    let base =
      code & modifier != 0 && generatedNames[code & ~modifier] != nil ? code & ~modifier : code
    guard var entry = entries[base] else { return nil }
    entry.code = code
    entry.name = name(for: code) ?? entry.name
    return entry
  }

  /// A readable decode of parameter `index` (1…4) of `code`, when its meaning is fixed.
  ///
  /// For example 0xD1 P3 = 1 decodes as `write`, and 0x7E P1 = 0xC0000005 as
  /// `STATUS_ACCESS_VIOLATION`.
  public static func decode(code: UInt32, parameter index: Int, value: UInt64) -> String? {
    guard let entry = entry(for: code), (1...4).contains(index) else { return nil }
    let kind = entry.parameters[index - 1].kind
    return kind.decode(value, code: code & ~modifier, parameters: [])
  }

  /// Explains a bug check with its parameters, like WinDbg's `!analyze -show CODE P1 P2 P3 P4`.
  public static func explain(code: UInt32, parameters: [UInt64]) -> BugCheckExplanation {
    let entry = entry(for: code)
    var arguments: [BugCheckExplanation.Argument] = []
    for index in 1...4 {
      let value = index <= parameters.count ? parameters[index - 1] : nil
      let info = entry?.parameters[index - 1]
      let decoded = value.flatMap {
        info?.kind.decode($0, code: code & ~modifier, parameters: parameters)
      }
      arguments.append(
        .init(
          index: index, value: value, meaning: info?.meaning ?? "not documented here",
          decoded: decoded))
    }
    return BugCheckExplanation(
      code: code, name: name(for: code), summary: entry?.summary,
      category: entry?.category ?? .software, culpritParameter: entry?.culpritParameter,
      arguments: arguments)
  }

  /// Parses a code as typed by users: `0xD1`, `D1`, `0x000000d1` or `209`.
  public static func parseCode(_ text: String) -> UInt32? {
    parseNumber(text).flatMap { UInt32(exactly: $0) }
  }

  /// Parses a parameter as typed by users: hexadecimal with `0x`, `` ` `` separators allowed
  /// (`fffff804`8b58334c`), or bare hexadecimal as WinDbg reads it.
  public static func parseNumber(_ text: String) -> UInt64? {
    var digits = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
      .replacingOccurrences(of: "_", with: "")
    if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
      digits.removeFirst(2)
      return UInt64(digits, radix: 16)
    }
    if digits.hasPrefix("0n") { return UInt64(digits.dropFirst(2)) }
    return UInt64(digits, radix: 16)
  }
}

/// What a bug check code's parameters mean.
public struct BugCheckEntry: Hashable, Sendable {
  /// The code (as asked for, including the "_M" modifier).
  public var code: UInt32
  /// Its symbolic name.
  public var name: String
  /// One sentence saying what happened.
  public var summary: String
  /// Meanings of P1…P4 (always four).
  public var parameters: [BugCheckParameter]
  /// The parameter (1-based) holding the address of the faulting code, when one does.
  public var culpritParameter: Int?
  /// Whether the code points at software, hardware, or a manual crash.
  public var category: BugCheckCategory
}

/// The broad kind of a bug check, used to decide whether a driver can be blamed at all.
public enum BugCheckCategory: String, Codable, Hashable, Sendable {
  /// A software fault: some driver or the kernel is to blame.
  case software
  /// A hardware error (machine check, WHEA): no driver blame.
  case hardware
  /// A crash requested by a person (keyboard, power button, debugger): no blame.
  case manual
}

/// One parameter of a bug check.
public struct BugCheckParameter: Hashable, Sendable {
  /// What the value is.
  public var meaning: String
  /// How to decode the value.
  public var kind: BugCheckParameterKind

  init(_ meaning: String, _ kind: BugCheckParameterKind = .value) {
    self.meaning = meaning
    self.kind = kind
  }
}

/// How a bug check parameter's value is decoded.
public enum BugCheckParameterKind: Hashable, Sendable {
  /// A plain value (no fixed decode).
  case value
  /// The address of code (an instruction pointer): maps to `driver+offset`.
  case codeAddress
  /// The address of data.
  case dataAddress
  /// An IRQL.
  case irql
  /// An access kind: 0 read, 1 write, 8 (or 2) execute.
  case accessKind
  /// 0x50 P2: access kind with the Windows 10 values (0 read, 2 write, 0x10 execute).
  case pageFaultAccess
  /// An NTSTATUS or exception code.
  case status
  /// A value from a fixed table.
  case table([UInt64: String])
  /// Reserved or unused.
  case reserved

  func decode(_ value: UInt64, code: UInt32, parameters: [UInt64]) -> String? {
    switch self {
    case .value, .codeAddress, .dataAddress, .reserved: return nil
    case .irql: return IRQLNames.name(value)
    case .accessKind:
      switch value {
      case 0: return "read"
      case 1: return "write"
      case 2, 8: return "execute"
      default: return nil
      }
    case .pageFaultAccess:
      switch value {
      case 0: return "read"
      case 1, 2: return "write"
      case 8, 0x10: return "execute"
      default: return nil
      }
    case .status: return NTStatusNames.name(UInt32(truncatingIfNeeded: value))
    case .table(let names): return names[value]
    }
  }
}

/// A bug check explained with its parameter values (the `show-bugcheck` output).
public struct BugCheckExplanation: Codable, Hashable, Sendable {
  /// One argument.
  public struct Argument: Codable, Hashable, Sendable {
    /// 1…4.
    public var index: Int
    /// The value, when given.
    public var value: UInt64?
    /// What the parameter means.
    public var meaning: String
    /// The decoded value, when the meaning is fixed.
    public var decoded: String?
  }

  /// The code.
  public var code: UInt32
  /// Its name, when published.
  public var name: String?
  /// One sentence, when the catalog has an entry.
  public var summary: String?
  /// Software, hardware or manual.
  public var category: BugCheckCategory
  /// The parameter holding the faulting code address, when one does.
  public var culpritParameter: Int?
  /// The four arguments.
  public var arguments: [Argument]
}

/// IRQL names (the values every architecture shares).
public enum IRQLNames {
  /// `PASSIVE_LEVEL`, `APC_LEVEL`, `DISPATCH_LEVEL`, or a description of a device level.
  public static func name(_ value: UInt64) -> String? {
    switch value {
    case 0: "PASSIVE_LEVEL"
    case 1: "APC_LEVEL"
    case 2: "DISPATCH_LEVEL"
    case 3...31: "above DISPATCH_LEVEL (device or higher IRQL)"
    default: nil
    }
  }
}

/// Names of the NTSTATUS values that show up in bug check parameters.
public enum NTStatusNames {
  /// The `STATUS_…` name of `code`, or `nil` when not in the short table.
  public static func name(_ code: UInt32) -> String? { table[code] }

  static let table: [UInt32: String] = [
    0x0000_0000: "STATUS_SUCCESS",
    0x8000_0002: "STATUS_DATATYPE_MISALIGNMENT",
    0x8000_0003: "STATUS_BREAKPOINT",
    0x8000_0004: "STATUS_SINGLE_STEP",
    0xC000_0005: "STATUS_ACCESS_VIOLATION",
    0xC000_0006: "STATUS_IN_PAGE_ERROR",
    0xC000_0008: "STATUS_INVALID_HANDLE",
    0xC000_000D: "STATUS_INVALID_PARAMETER",
    0xC000_000E: "STATUS_NO_SUCH_DEVICE",
    0xC000_001D: "STATUS_ILLEGAL_INSTRUCTION",
    0xC000_0017: "STATUS_NO_MEMORY",
    0xC000_0034: "STATUS_OBJECT_NAME_NOT_FOUND",
    0xC000_008C: "STATUS_ARRAY_BOUNDS_EXCEEDED",
    0xC000_0094: "STATUS_INTEGER_DIVIDE_BY_ZERO",
    0xC000_0095: "STATUS_INTEGER_OVERFLOW",
    0xC000_0096: "STATUS_PRIVILEGED_INSTRUCTION",
    0xC000_009A: "STATUS_INSUFFICIENT_RESOURCES",
    0xC000_009C: "STATUS_DEVICE_DATA_ERROR",
    0xC000_009D: "STATUS_DEVICE_NOT_CONNECTED",
    0xC000_00FD: "STATUS_STACK_OVERFLOW",
    0xC000_0102: "STATUS_FILE_CORRUPT_ERROR",
    0xC000_0185: "STATUS_IO_DEVICE_ERROR",
    0xC000_016A: "STATUS_DISK_OPERATION_FAILED",
    0xC000_0221: "STATUS_IMAGE_CHECKSUM_MISMATCH",
    0xC000_0409: "STATUS_STACK_BUFFER_OVERRUN",
    0xC000_0420: "STATUS_ASSERTION_FAILURE",
    0xC000_0374: "STATUS_HEAP_CORRUPTION",
    0xC000_0032: "STATUS_DISK_CORRUPT_ERROR",
    0xC000_00B5: "STATUS_IO_TIMEOUT",
  ]
}
