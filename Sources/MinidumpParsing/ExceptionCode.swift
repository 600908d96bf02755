/// An exception code from `MINIDUMP_EXCEPTION.ExceptionCode` (an NTSTATUS or a language
/// runtime's private code).
///
/// Unknown codes stay representable and print as hex.
public struct ExceptionCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The raw code.
  public var rawValue: UInt32
  /// Creates a code from its raw value.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// Access violation.
  ///
  /// The corresponding Windows constant is `EXCEPTION_ACCESS_VIOLATION` (0xC0000005).
  public static var accessViolation: Self { .init(rawValue: 0xC000_0005) }
  // swift-format-ignore: AlwaysUseLowerCamelCase
  @available(*, unavailable, renamed: "accessViolation")
  public static var EXCEPTION_ACCESS_VIOLATION: Self { accessViolation }
  /// Paging I/O failed.
  ///
  /// The Windows constant is `EXCEPTION_IN_PAGE_ERROR` (0xC0000006).
  public static var inPageError: Self { .init(rawValue: 0xC000_0006) }
  /// Breakpoint reached (`int 3`, `__debugbreak`).
  ///
  /// The Windows constant is `EXCEPTION_BREAKPOINT` (0x80000003).
  public static var breakpoint: Self { .init(rawValue: 0x8000_0003) }
  /// Stack overflow.
  ///
  /// The Windows constant is `EXCEPTION_STACK_OVERFLOW` (0xC00000FD).
  public static var stackOverflow: Self { .init(rawValue: 0xC000_00FD) }
  /// Fast fail (`__fastfail`, /GS).
  ///
  /// The Windows constant is `STATUS_STACK_BUFFER_OVERRUN` (0xC0000409).
  public static var stackBufferOverrun: Self { .init(rawValue: 0xC000_0409) }
  /// Heap corruption.
  ///
  /// The Windows constant is `STATUS_HEAP_CORRUPTION` (0xC0000374).
  public static var heapCorruption: Self { .init(rawValue: 0xC000_0374) }
  /// A thrown C++ exception (MSVC `throw`, 'msc' | 0xE0000000).
  public static var cppException: Self { .init(rawValue: 0xE06D_7363) }
  /// A .NET exception ('CCR' | 0xE0000000).
  public static var clrException: Self { .init(rawValue: 0xE043_4352) }
  /// A 32-bit breakpoint in a WOW64 process.
  ///
  /// The Windows constant is `STATUS_WX86_BREAKPOINT` (0x4000001F).
  public static var wx86Breakpoint: Self { .init(rawValue: 0x4000_001F) }

  private static let table: [UInt32: (name: String, meaning: String)] = [
    0x4000_001E: ("STATUS_WX86_SINGLE_STEP", "single step in a 32-bit (WOW64) process"),
    0x4000_001F: ("STATUS_WX86_BREAKPOINT", "breakpoint in a 32-bit (WOW64) process"),
    0x4001_0005: ("DBG_CONTROL_C", "Ctrl+C sent to a console process under a debugger"),
    0x4001_0008: ("DBG_CONTROL_BREAK", "Ctrl+Break sent to a console process under a debugger"),
    0x406D_1388: ("MS_VC_EXCEPTION", "thread name set by the Visual C++ convention"),
    0x8000_0001: ("EXCEPTION_GUARD_PAGE", "access to a guard page"),
    0x8000_0002: ("EXCEPTION_DATATYPE_MISALIGNMENT", "misaligned data access"),
    0x8000_0003: ("EXCEPTION_BREAKPOINT", "breakpoint reached"),
    0x8000_0004: ("EXCEPTION_SINGLE_STEP", "single step (trace trap)"),
    0xC000_0005: ("EXCEPTION_ACCESS_VIOLATION", "access violation"),
    0xC000_0006: ("EXCEPTION_IN_PAGE_ERROR", "a page could not be read in (I/O error)"),
    0xC000_0008: ("EXCEPTION_INVALID_HANDLE", "an invalid handle was used"),
    0xC000_000D: ("STATUS_INVALID_PARAMETER", "an invalid parameter was passed"),
    0xC000_0017: ("STATUS_NO_MEMORY", "out of memory"),
    0xC000_001D: ("EXCEPTION_ILLEGAL_INSTRUCTION", "illegal instruction"),
    0xC000_0025: ("EXCEPTION_NONCONTINUABLE_EXCEPTION", "continued a non-continuable exception"),
    0xC000_0026: ("EXCEPTION_INVALID_DISPOSITION", "an exception handler returned garbage"),
    0xC000_0028: ("STATUS_BAD_STACK", "invalid or unaligned stack during unwind"),
    0xC000_008C: ("EXCEPTION_ARRAY_BOUNDS_EXCEEDED", "array bounds exceeded"),
    0xC000_008D: ("EXCEPTION_FLT_DENORMAL_OPERAND", "floating-point denormal operand"),
    0xC000_008E: ("EXCEPTION_FLT_DIVIDE_BY_ZERO", "floating-point division by zero"),
    0xC000_008F: ("EXCEPTION_FLT_INEXACT_RESULT", "floating-point inexact result"),
    0xC000_0090: ("EXCEPTION_FLT_INVALID_OPERATION", "floating-point invalid operation"),
    0xC000_0091: ("EXCEPTION_FLT_OVERFLOW", "floating-point overflow"),
    0xC000_0092: ("EXCEPTION_FLT_STACK_CHECK", "floating-point stack check"),
    0xC000_0093: ("EXCEPTION_FLT_UNDERFLOW", "floating-point underflow"),
    0xC000_0094: ("EXCEPTION_INT_DIVIDE_BY_ZERO", "integer division by zero"),
    0xC000_0095: ("EXCEPTION_INT_OVERFLOW", "integer overflow"),
    0xC000_0096: ("EXCEPTION_PRIV_INSTRUCTION", "privileged instruction"),
    0xC000_00FD: ("EXCEPTION_STACK_OVERFLOW", "stack overflow"),
    0xC000_0135: ("STATUS_DLL_NOT_FOUND", "a required DLL was not found"),
    0xC000_0139: ("STATUS_ENTRYPOINT_NOT_FOUND", "a required DLL export was not found"),
    0xC000_013A: ("STATUS_CONTROL_C_EXIT", "terminated by Ctrl+C"),
    0xC000_0142: ("STATUS_DLL_INIT_FAILED", "a DLL's initialisation failed"),
    0xC000_0194: ("EXCEPTION_POSSIBLE_DEADLOCK", "possible deadlock (critical section timeout)"),
    0xC000_0374: ("STATUS_HEAP_CORRUPTION", "the heap manager detected heap corruption"),
    0xC000_0409: (
      "STATUS_STACK_BUFFER_OVERRUN", "fast fail: the process terminated itself (__fastfail)"
    ),
    0xC000_041D: (
      "STATUS_FATAL_USER_CALLBACK_EXCEPTION", "an exception escaped a user-mode callback"
    ),
    0xC000_0417: ("STATUS_INVALID_CRUNTIME_PARAMETER", "invalid parameter passed to the C runtime"),
    0xC000_0420: ("STATUS_ASSERTION_FAILURE", "assertion failure"),
    0xC000_0602: ("STATUS_FAIL_FAST_EXCEPTION", "fail-fast exception (RaiseFailFastException)"),
    0xC015_000F: (
      "STATUS_SXS_EARLY_DEACTIVATION", "an activation context was deactivated out of order"
    ),
    0xC015_0010: (
      "STATUS_SXS_INVALID_DEACTIVATION", "an invalid activation context was deactivated"
    ),
    0xC06D_007E: ("VcppException(ERROR_MOD_NOT_FOUND)", "delay-loaded DLL not found"),
    0xC06D_007F: ("VcppException(ERROR_PROC_NOT_FOUND)", "delay-loaded function not found"),
    0xE043_4352: ("CLR_EXCEPTION", "unhandled .NET exception"),
    0xE043_4F4D: ("CLR_EXCEPTION_V1", "unhandled .NET exception (CLR 1.x/2.0 code)"),
    0xE06D_7363: ("CPP_EH_EXCEPTION", "unhandled C++ exception (MSVC throw)"),
  ]

  /// The Windows constant name (`EXCEPTION_ACCESS_VIOLATION`), or `nil` for unknown codes.
  public var name: String? { Self.table[rawValue]?.name }

  /// A short English meaning ("access violation"), or `nil` for unknown codes.
  public var meaning: String? { Self.table[rawValue]?.meaning }

  /// Whether the code has the NTSTATUS error severity (top two bits 11).
  public var isError: Bool { rawValue >> 30 == 3 }

  /// The name, or `0x…` for unknown codes.
  public var description: String { name ?? "0x" + String(rawValue, radix: 16) }
}

/// The kind of memory access that faulted (`ExceptionInformation[0]` of an access violation).
public struct AccessKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The raw value (0 read, 1 write, 8 execute).
  public var rawValue: UInt64
  /// Creates a kind from its raw value.
  public init(rawValue: UInt64) { self.rawValue = rawValue }
  /// A read (0).
  public static var read: Self { .init(rawValue: 0) }
  /// A write (1).
  public static var write: Self { .init(rawValue: 1) }
  /// An instruction fetch from non-executable memory, a DEP violation (8).
  public static var execute: Self { .init(rawValue: 8) }

  /// `read`, `write`, `execute` or `access(0x…)`.
  public var description: String {
    switch rawValue {
    case 0: "read"
    case 1: "write"
    case 8: "execute"
    default: "access(0x" + String(rawValue, radix: 16) + ")"
    }
  }
}

/// A decoded access violation or in-page error: what kind of access, at which address.
public struct AccessViolation: Hashable, Sendable, CustomStringConvertible {
  /// Read, write or execute.
  public var kind: AccessKind
  /// The address that was accessed (`ExceptionInformation[1]`).
  public var address: UInt64
  /// For an in-page error: the NTSTATUS of the failed I/O (`ExceptionInformation[2]`).
  public var ioStatus: UInt32?

  /// Breakpad's reason string: `EXCEPTION_ACCESS_VIOLATION_READ`, `_WRITE` or `_EXEC`.
  public var breakpadReason: String {
    switch kind {
    case .read: "EXCEPTION_ACCESS_VIOLATION_READ"
    case .write: "EXCEPTION_ACCESS_VIOLATION_WRITE"
    case .execute: "EXCEPTION_ACCESS_VIOLATION_EXEC"
    default: "EXCEPTION_ACCESS_VIOLATION"
    }
  }

  /// For example `write to 0x0000000000000045 (null pointer)` or
  /// `execute at 0x3df944 (DEP: the memory is not executable)`.
  public var description: String {
    let hex = "0x" + String(address, radix: 16)
    var text: String
    switch kind {
    case .read: text = "read from \(hex)"
    case .write: text = "write to \(hex)"
    case .execute: text = "execute at \(hex) (DEP: the memory is not executable)"
    default: text = "\(kind) at \(hex)"
    }
    if address < 0x1_0000 { text += " (null pointer)" }
    if address == UInt64.max {
      text += " (Windows reports this address for a non-canonical or unknown target)"
    }
    if let ioStatus { text += ", I/O status 0x" + String(ioStatus, radix: 16) }
    return text
  }
}

/// A `__fastfail` code (`ExceptionInformation[0]` of STATUS_STACK_BUFFER_OVERRUN, winnt.h
/// `FAST_FAIL_*`).
public struct FastFailCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The raw code.
  public var rawValue: UInt64
  /// Creates a code from its raw value.
  public init(rawValue: UInt64) { self.rawValue = rawValue }

  private static let names: [UInt64: String] = [
    0: "LEGACY_GS_VIOLATION", 1: "VTGUARD_CHECK_FAILURE", 2: "STACK_COOKIE_CHECK_FAILURE",
    3: "CORRUPT_LIST_ENTRY", 4: "INCORRECT_STACK", 5: "INVALID_ARG", 6: "GS_COOKIE_INIT",
    7: "FATAL_APP_EXIT", 8: "RANGE_CHECK_FAILURE", 9: "UNSAFE_REGISTRY_ACCESS",
    10: "GUARD_ICALL_CHECK_FAILURE", 11: "GUARD_WRITE_CHECK_FAILURE", 12: "INVALID_FIBER_SWITCH",
    13: "INVALID_SET_OF_CONTEXT", 14: "INVALID_REFERENCE_COUNT", 18: "INVALID_JUMP_BUFFER",
    19: "MRDATA_MODIFIED", 20: "CERTIFICATION_FAILURE", 21: "INVALID_EXCEPTION_CHAIN",
    22: "CRYPTO_LIBRARY", 23: "INVALID_CALL_IN_DLL_CALLOUT", 24: "INVALID_IMAGE_BASE",
    25: "DLOAD_PROTECTION_FAILURE", 26: "UNSAFE_EXTENSION_CALL", 27: "DEPRECATED_SERVICE_INVOKED",
    28: "INVALID_BUFFER_ACCESS", 29: "INVALID_BALANCED_TREE", 30: "INVALID_NEXT_THREAD",
    31: "GUARD_ICALL_CHECK_SUPPRESSED", 32: "APCS_DISABLED", 33: "INVALID_IDLE_STATE",
    34: "MRDATA_PROTECTION_FAILURE", 35: "UNEXPECTED_HEAP_EXCEPTION", 36: "INVALID_LOCK_STATE",
    37: "GUARD_JUMPTABLE", 38: "INVALID_LONGJUMP_TARGET", 39: "INVALID_DISPATCH_CONTEXT",
    40: "INVALID_THREAD",
  ]

  /// `FAST_FAIL_FATAL_APP_EXIT`, or `nil` for unknown codes.
  public var name: String? { Self.names[rawValue].map { "FAST_FAIL_" + $0 } }

  /// The name, or `FAST_FAIL_0x…`.
  public var description: String { name ?? "FAST_FAIL_0x" + String(rawValue, radix: 16) }
}
