import TriageFacts

/// What is known about bug check codes: names, parameter meanings, and which parameter names the
/// faulting instruction.
///
/// Meanings follow Microsoft's bug check reference (summarised in `../shared/reference/formats.md`
/// §5.3–5.4). Codes carrying the 0x10000000 `_M` modifier share their base code's meanings.
public enum BugCheckReference {
  /// All known codes and names, for tests.
  public static var allNames: [UInt32: String] {
    Dictionary(
      uniqueKeysWithValues: BugCheckCatalog.allCodes.compactMap { code in
        BugCheckCatalog.name(for: code).map { (code, $0) }
      })
  }

  /// The symbolic name (`DRIVER_IRQL_NOT_LESS_OR_EQUAL`), from the shared catalog.
  public static func name(for code: UInt32) -> String? {
    BugCheckCatalog.name(for: code)
  }

  /// How people usually write the code: `0xD1`, `0x1000007E`.
  public static func hex(_ code: UInt32) -> String {
    "0x" + String(code, radix: 16, uppercase: true)
  }

  /// What each of the four parameters means (empty string when the catalog says nothing).
  public static func parameterMeanings(for code: UInt32) -> [String] {
    let meanings = BugCheckCatalog.entry(for: code)?.parameters.map(\.meaning) ?? []
    return (0..<4).map { $0 < meanings.count ? meanings[$0] : "" }
  }

  /// The parameter (1-based) holding the address of the faulting instruction, and its label.
  public static func faultingInstructionParameter(for code: UInt32) -> (index: Int, label: String)?
  {
    switch code & ~0x1000_0000 {
    case 0x1E, 0x3B, 0x7E, 0x8E: (2, "exception address")
    case 0x0A, 0xD1, 0xC5, 0xD0, 0xD3: (4, "address of the faulting instruction")
    case 0x50, 0xD5, 0xD6: (3, "address of the faulting instruction")
    default: nil
    }
  }

  /// Who started a deliberate crash (keyboard, debugger, power button), or `nil`.
  public static func manualInitiator(for code: UInt32) -> String? {
    switch code {
    case 0xE2, 0xDEAD_DEAD:
      "initiated by a person (keyboard Ctrl+Scroll Lock, NMI or debugger), not a driver"
    case 0x1C8:
      "initiated by a person holding the power button, not a driver"
    case 0x184, 0x11C8, 0x21C8:
      "a live dump initiated by a person (keyboard or power button), not a driver"
    case 0x30006:
      "initiated by a person on the console, not a driver"
    default: nil
    }
  }

  /// Why a code points at hardware rather than a driver, or `nil`.
  public static func hardwareCause(for bugCheck: BugCheckFact) -> String? {
    let p1 = bugCheck.parameter(1) ?? 0
    switch bugCheck.baseCode {
    case 0x124: return "WHEA uncorrectable hardware error: check the WHEA record, not drivers"
    case 0x9C: return "machine check exception: processor or memory hardware"
    case 0x12B: return "a corrupted page found by hardware: memory"
    case 0x1A where p1 == 0x403 || p1 == 0x41792:
      return "page table corruption typical of failing memory"
    case 0x4E where p1 == 0x8D: return "PFN free list corruption typical of failing memory"
    default: return nil
    }
  }

  /// The parameter-derived subtype used in bucket IDs (`3_CORRUPT_LIST_ENTRY` for 0x139 P1 = 3),
  /// or `nil` when the code defines none.
  public static func subtype(for bugCheck: BugCheckFact) -> String? {
    func hex(_ value: UInt64) -> String { String(value, radix: 16) }
    let base = bugCheck.baseCode
    switch base {
    case 0x139:
      guard let p1 = bugCheck.parameter(1) else { return nil }
      let name = fastFailNames[p1].map { "_" + $0 } ?? ""
      return hex(p1) + name
    case 0x1E, 0x3B, 0x7E, 0x8E:
      // P1 is the exception code (NTSTATUS, sign-extended in 64-bit dumps).
      guard let p1 = bugCheck.parameter(1) else { return nil }
      return hex(p1 & 0xFFFF_FFFF)
    case 0x19, 0x1A, 0x4E, 0x7F, 0x9F, 0xA0, 0xC2, 0xC4, 0x119, 0x124, 0x133, 0x13A, 0xF4:
      guard let p1 = bugCheck.parameter(1) else { return nil }
      return hex(p1)
    case 0xC1:
      guard let p4 = bugCheck.parameter(4) else { return nil }
      return hex(p4)
    case 0x109:
      guard let p4 = bugCheck.parameter(4) else { return nil }
      return hex(p4)
    default:
      return nil
    }
  }

  /// FAST_FAIL codes (winnt.h) for 0x139's first parameter, without the `FAST_FAIL_` prefix.
  static let fastFailNames: [UInt64: String] = [
    0: "LEGACY_GS_VIOLATION", 1: "VTGUARD_CHECK_FAILURE", 2: "STACK_COOKIE_CHECK_FAILURE",
    3: "CORRUPT_LIST_ENTRY", 4: "INCORRECT_STACK", 5: "INVALID_ARG", 6: "GS_COOKIE_INIT",
    7: "FATAL_APP_EXIT", 8: "RANGE_CHECK_FAILURE", 9: "UNSAFE_REGISTRY_ACCESS",
    10: "GUARD_ICALL_CHECK_FAILURE", 11: "GUARD_WRITE_CHECK_FAILURE", 12: "INVALID_FIBER_SWITCH",
    13: "INVALID_SET_OF_CONTEXT", 14: "INVALID_REFERENCE_COUNT", 18: "INVALID_JUMP_BUFFER",
    19: "MRDATA_MODIFIED", 20: "CERTIFICATION_FAILURE", 21: "INVALID_EXCEPTION_CHAIN",
    22: "CRYPTO_LIBRARY", 23: "INVALID_CALL_IN_DLL_CALLOUT", 24: "INVALID_IMAGE_BASE",
    25: "DLOAD_PROTECTION_FAILURE", 26: "UNSAFE_EXTENSION_CALL", 27: "DEPRECATED_SERVICE_INVOKED",
    28: "INVALID_BUFFER_ACCESS", 29: "INVALID_BALANCED_TREE", 37: "GUARD_JUMPTABLE",
    38: "INVALID_LONGJUMP_TARGET", 39: "INVALID_DISPATCH_CONTEXT",
  ]
}
