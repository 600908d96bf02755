// Parameter meanings of the common bug checks, summarised in our own words from the Microsoft
// bug check reference pages (formats.md §5.3, §5.4).

extension BugCheckCatalog {
  private typealias P = BugCheckParameter

  private static func make(
    _ code: UInt32, _ summary: String, _ p1: P, _ p2: P, _ p3: P, _ p4: P,
    culprit: Int? = nil, category: BugCheckCategory = .software
  ) -> (UInt32, BugCheckEntry) {
    (
      code,
      BugCheckEntry(
        code: code, name: generatedNames[code] ?? "UNKNOWN_BUG_CHECK", summary: summary,
        parameters: [p1, p2, p3, p4], culpritParameter: culprit, category: category)
    )
  }

  private static let reserved = P("reserved", .reserved)

  private static let trapNames: [UInt64: String] = [
    0: "divide error", 1: "debug trap", 3: "breakpoint", 4: "overflow", 5: "bound check",
    6: "invalid opcode", 7: "coprocessor not available",
    8: "double fault (kernel stack overflow or hardware)",
    0xA: "invalid TSS", 0xB: "segment not present", 0xC: "stack fault", 0xD: "general protection",
    0x10: "coprocessor error", 0x11: "alignment check",
  ]

  private static let badPoolCallerTypes: [UInt64: String] = [
    0: "zero-byte pool request", 1: "pool header corrupt", 2: "pool header corrupt",
    4: "pool header corrupt", 6: "double free", 7: "double free",
    8: "allocation at a bad IRQL", 9: "free at a bad IRQL", 0xA: "free with the wrong tag",
    0xB: "quota release on a corrupt allocation", 0xC: "quota release on a corrupt allocation",
    0xD: "quota release on a corrupt allocation", 0x40: "kernel pool freed at a user address",
    0x41: "free of unallocated nonpaged pool", 0x42: "address was never in any pool",
    0x43: "address was never in any pool", 0x44: "free of unallocated nonpaged pool",
    0x46: "invalid pool address", 0x47: "free of unallocated nonpaged pool",
    0x48: "free of unallocated paged pool", 0x50: "free of unallocated paged pool",
    0x60: "bad contiguous-memory pointer", 0x99: "invalid address or pool header corruption",
  ]

  private static let badPoolHeaderTypes: [UInt64: String] = [
    0x2: "special pool pattern check failed", 0x3: "pool free list corrupt",
    0x5: "adjacent pool headers disagree", 0x6: "previous size too large",
    0x7: "block size corrupt", 0x8: "block size zero", 0x9: "block size too large",
    0xA: "pool entry not found where expected", 0xD: "freed block header modified",
    0xE: "freed block header modified", 0xF: "freed block header modified",
    0x20: "block size corrupt", 0x21: "data after the block corrupted at free",
    0x22: "freed address has no tracking entry", 0x23: "freed block header modified",
    0x24: "freed block header modified", 0x25: "freed block header modified",
  ]

  private static let memoryManagementTypes: [UInt64: String] = [
    0x31: "relocation fix-ups or code stream corrupt (likely hardware)",
    0x3F: "in-page CRC mismatch", 0x403: "page table and PFN out of sync",
    0x404: "PFN/PTE inconsistency while deleting a system page", 0x411: "corrupt PTE",
    0x1010: "unlock of a section that is not locked",
    0x1233: "driver mapped an unlocked physical page", 0x3300: "copy-on-write misuse",
    0x3451: "PTEs of a swapped-out kernel stack corrupt", 0x3470: "cached kernel stack corrupted",
    0x41201: "corrupt PTE", 0x41202: "corrupt PTE found while computing protection",
    0x41286: "free of an invalid pool address",
    0x41287: "illegal page fault while holding working-set synchronization",
    0x41785: "working-set list corrupt", 0x41790: "page-table page corrupt",
    0x41792: "corrupt PTE", 0x61941: "paging hierarchy corrupt",
  ]

  private static let pfnListTypes: [UInt64: String] = [
    0x1: "list head corrupt", 0x2: "list entry corrupt",
    0x6: "hardware or prototype PTE corrupt", 0x7: "page unlocked more often than locked",
    0x8D: "free list corrupt (likely hardware)", 0x8F: "free or zeroed list head corrupt",
    0x99: "PTE or PFN corrupt", 0x9A: "driver freed a page still locked for I/O",
  ]

  private static let powerFailureTypes: [UInt64: String] = [
    1: "a freed device object still has a pending power request",
    2: "a system power IRP completed without PoStartNextPowerIrp",
    3: "a device blocked a power IRP too long", 4: "power transition timed out waiting on PnP",
    5: "directed-power transition timeout", 6: "directed-power callback failed",
    0x500: "a system power IRP completed without PoStartNextPowerIrp",
  ]

  private static let specialPoolTypes: [UInt64: String] = [
    0x20: "free of unallocated pool", 0x21: "bad address freed", 0x22: "bad address freed",
    0x23: "nearby bytes in the page corrupted", 0x24: "bytes past the allocation overwritten",
    0x30: "allocation at the wrong IRQL", 0x31: "free at the wrong IRQL",
    0x32: "single-bit error near the allocation",
  ]

  private static let securityCheckTypes: [UInt64: String] = [
    0: "legacy /GS stack buffer overrun", 1: "VTGuard", 2: "/GS stack cookie check failed",
    3: "LIST_ENTRY corruption", 5: "fatal invalid parameter", 6: "uninitialised security cookie",
    7: "fatal program exit", 8: "array bounds",
    9: "RtlQueryRegistryValues direct read without type check",
    10: "CFG indirect call check failed", 11: "write guard", 12: "invalid fiber",
    13: "invalid register context", 14: "invalid reference count", 18: "invalid jmp_buf",
    19: "write to read-only data", 20: "crypto self-test", 21: "invalid exception chain",
    22: "crypto library", 23: "invalid call in DllMain", 24: "invalid image base",
    25: "delay-load protection", 26: "unsafe extension call", 27: "deprecated service",
    28: "out-of-bounds buffer", 29: "RTL_BALANCED_NODE corruption",
    37: "switch jump table out of range", 38: "invalid longjmp target",
    39: "export-suppressed call target",
  ]

  private static let wheaSources: [UInt64: String] = [
    0: "machine check exception", 1: "corrected machine check", 2: "corrected platform error",
    3: "non-maskable interrupt (NMI)", 4: "PCI Express error", 5: "generic error",
    6: "initialization error", 7: "boot error", 8: "SCI generic error",
    9: "IA-64 machine check abort", 0xA: "IA-64 corrected machine check",
    0xB: "IA-64 corrected platform error", 0xC: "other error source",
    0xD: "generic hardware error source v2", 0xE: "BMC error", 0xF: "persistent memory (ARS) error",
    0x10: "device driver error source", 0x11: "Arm synchronous external abort",
    0x12: "Arm SError interrupt",
  ]

  private static let corruptRegionTypes: [UInt64: String] = [
    0: "generic data region", 1: "function modification", 2: "processor IDT", 3: "processor GDT",
    4: "type 1 process list corruption", 5: "type 2 process list corruption",
    6: "debug routine modification", 7: "critical MSR modification", 8: "object type",
    9: "processor IVT", 0xA: "system service function modification",
    0xB: "generic session data region", 0xC: "session function or .pdata modification",
    0xD: "import table modification", 0xE: "session import table modification",
    0xF: "Ps Win32 callout modification", 0x10: "debug switch routine modification",
    0x11: "IRP allocator modification", 0x12: "driver call dispatcher modification",
    0x13: "IRP completion dispatcher modification", 0x14: "IRP deallocator modification",
    0x15: "processor control register", 0x16: "critical floating point control register",
    0x17: "local APIC modification", 0x18: "kernel notification callout modification",
    0x19: "loaded module list modification", 0x1A: "type 3 process list corruption",
    0x1B: "type 4 process list corruption", 0x1C: "driver object corruption",
    0x1D: "executive callback object modification", 0x1E: "module padding modification",
    0x1F: "modification of a protected process", 0x20: "generic data region",
    0x21: "page hash mismatch", 0x22: "session page hash mismatch",
    0x23: "load config directory modification", 0x24: "inverted function table modification",
    0x25: "session configuration modification", 0x26: "extended processor control register",
    0x27: "type 1 pool corruption", 0x28: "type 2 pool corruption", 0x29: "type 3 pool corruption",
  ]

  static let entries: [UInt32: BugCheckEntry] = Dictionary(
    uniqueKeysWithValues: [
      make(
        0x0A, "Kernel code touched pageable or invalid memory at a raised IRQL.",
        P("memory referenced", .dataAddress), P("IRQL at the time of the reference", .irql),
        P("access kind: 0 read, 1 write, 8 execute", .accessKind),
        P("address of the instruction that referenced memory", .codeAddress), culprit: 4),
      make(
        0x19, "A pool header is corrupt.",
        P("type of corruption", .table(badPoolHeaderTypes)),
        P("depends on the type (often the pool entry examined)"), P("depends on the type"),
        P("depends on the type")),
      make(
        0x1A, "The memory manager found an inconsistency.",
        P("type of error", .table(memoryManagementTypes)), P("depends on the type"),
        P("depends on the type"), P("depends on the type")),
      make(
        0x1E, "A kernel-mode exception was not handled.",
        P("exception code", .status), P("address where the exception happened", .codeAddress),
        P("exception parameter 0 (for access violations: 0 read, 1 write, 8 execute)"),
        P("exception parameter 1 (for access violations: the address accessed)", .dataAddress),
        culprit: 2),
      make(
        0x24, "The NTFS file system driver hit a problem.",
        P("source location: high 16 bits = NTFS source file, low 16 bits = line"),
        P("exception record address", .dataAddress), P("context record address", .dataAddress),
        reserved),
      make(
        0x3B, "An exception happened while running a system service.",
        P("exception code", .status), P("address of the faulting instruction", .codeAddress),
        P("context record address", .dataAddress), reserved, culprit: 2),
      make(
        0x3D, "An exception in an interrupt was not handled.",
        P("exception record address", .dataAddress), P("context record address", .dataAddress),
        reserved, reserved),
      make(
        0x4E, "The page frame number (PFN) list is corrupt.",
        P("type of error", .table(pfnListTypes)), P("depends on the type"),
        P("depends on the type"), P("depends on the type")),
      make(
        0x50, "Invalid system memory was referenced.",
        P("memory referenced", .dataAddress),
        P(
          "access kind: 0 read, 2 write, 0x10 execute (before Windows 10 1507: 0 read, 1 write)",
          .pageFaultAccess),
        P("address of the instruction that referenced memory, if known", .codeAddress),
        P(
          "fault type",
          .table([
            0: "freed page table entry", 2: "page table not present", 3: "wrong session",
            4: "non-canonical address", 0xF: "kernel access to a user address not allowed",
          ])),
        culprit: 3),
      make(
        0x77, "A page of kernel stack data could not be read from the paging file.",
        P("0 page cache, 1 disk, 2 disk (short read); otherwise the status code"),
        P("value found where the stack signature should be, or the I/O status"),
        P("0, or the page file number"),
        P("address of the stack signature, or the offset in the page file")),
      make(
        0x7A, "A page of kernel data could not be read from the paging file.",
        P("lock type held, or the address of the PTE"), P("I/O status code", .status),
        P("current process, InPageSupport structure, or PTE contents"),
        P("virtual address that could not be paged in", .dataAddress)),
      make(
        0x7B, "Windows lost access to the boot device during startup.",
        P("address of the ARC name string or the device object", .dataAddress), reserved, reserved,
        reserved),
      make(
        0x7E, "A system thread raised an exception that no handler caught.",
        P("exception code", .status), P("address where the exception happened", .codeAddress),
        P("exception record address", .dataAddress), P("context record address", .dataAddress),
        culprit: 2),
      make(
        0x7F, "The processor raised a trap that the kernel did not catch.",
        P("trap number", .table(trapNames)), P("not documented"), P("not documented"),
        P("not documented")),
      make(
        0x8E, "A kernel-mode exception was not handled.",
        P("exception code", .status), P("address where the exception happened", .codeAddress),
        P("trap frame address", .dataAddress), reserved, culprit: 2),
      make(
        0x9C, "The processor reported a fatal machine check (a hardware error).",
        P("machine check bank number"), P("address of the MCA_EXCEPTION structure", .dataAddress),
        P("high 32 bits of MCi_STATUS"), P("low 32 bits of MCi_STATUS"), category: .hardware),
      make(
        0x9F, "A driver left a power request pending too long.",
        P("subtype", .table(powerFailureTypes)),
        P("device object (subtype 3: the physical device object of the stack)", .dataAddress),
        P("depends on the subtype (3: nt!_TRIAGE_9F_POWER)"),
        P("depends on the subtype (3: the blocked IRP)", .dataAddress)),
      make(
        0xA0, "The power policy manager hit a fatal error.",
        P(
          "subtype",
          .table([
            1: "power IRP handling error", 2: "internal failure",
            3: "hibernation page checksum mismatch", 4: "hibernation page checksum mismatch",
            5: "unknown shutdown code", 7: "unhandled exception", 8: "fatal power event",
            9: "hibernation file preparation failed", 0xA: "bug check requested on resume",
            0xB: "hibernation file too small", 0xC: "dump stack initialization failed",
            0xD: "power transition timed out", 0xF: "power transition timed out",
          ])), P("depends on the subtype"), P("depends on the subtype"),
        P("depends on the subtype")),
      make(
        0xBE, "A driver wrote to read-only memory.",
        P("virtual address written", .dataAddress), P("PTE contents"), reserved, reserved),
      make(
        0xC1, "Special pool detected memory corruption by a driver.",
        P("address being freed, or the current IRQL", .dataAddress),
        P("bytes requested, corrupted address or pool type"), P("depends on the subtype"),
        P("subtype", .table(specialPoolTypes))),
      make(
        0xC2, "A driver made a bad pool request.",
        P("type of violation", .table(badPoolCallerTypes)), P("depends on the type"),
        P("depends on the type"), P("depends on the type")),
      make(
        0xC4, "Driver Verifier caught a driver breaking a rule.",
        P(
          "violation code",
          .table([
            0: "zero-byte allocation", 1: "allocation at a bad IRQL", 2: "allocation at a bad IRQL",
            0x10: "free of an address that was not allocated", 0x11: "free at a bad IRQL",
            0x12: "free at a bad IRQL", 0x13: "double free", 0x14: "double free",
            0x15: "free of pool containing an active timer",
            0x17: "free of pool containing an active ERESOURCE",
            0x30: "bad KeRaiseIrql argument", 0x31: "bad KeLowerIrql argument",
            0x32: "spin lock released at the wrong IRQL",
            0x3C: "bad handle passed to ObReferenceObjectByHandle",
            0x3F: "reference count of an object went below zero",
          ])), P("depends on P1 (often the current IRQL or the pool address)"),
        P("depends on P1"), P("depends on P1")),
      make(
        0xC5, "A driver corrupted the system pool or touched it at a raised IRQL.",
        P("memory referenced", .dataAddress), P("IRQL at the time of the reference", .irql),
        P("access kind: 0 read, 1 write", .accessKind),
        P("address of the instruction that referenced memory", .codeAddress), culprit: 4),
      make(
        0xD1, "A driver touched pageable or invalid memory at a raised IRQL.",
        P("memory referenced", .dataAddress), P("IRQL at the time of the reference", .irql),
        P("access kind: 0 read, 1 write, 2 or 8 execute", .accessKind),
        P("address of the instruction that referenced memory", .codeAddress), culprit: 4),
      make(
        0xD5, "A driver touched special pool memory that was already freed.",
        P("memory referenced", .dataAddress), P("access kind: 0 read, 1 write", .accessKind),
        P("address of the instruction that referenced memory, if known", .codeAddress), reserved,
        culprit: 3),
      make(
        0xD6, "A driver read or wrote past the end of its pool allocation.",
        P("memory referenced", .dataAddress), P("access kind: 0 read, 1 write", .accessKind),
        P("address of the instruction that referenced memory, if known", .codeAddress), reserved,
        culprit: 3),
      make(
        0xD8, "A driver used too many system page table entries.",
        P("address of the culprit driver's name (UNICODE_STRING), or 0", .dataAddress),
        P("PTEs used by that driver"), P("free system PTEs"), P("total system PTEs")),
      make(
        0xE2, "Someone crashed the system on purpose (keyboard or debugger).",
        reserved, reserved, reserved, reserved, category: .manual),
      make(
        0xEA, "A thread spun in a device driver (usually a display driver) waiting for hardware.",
        P("stuck thread object", .dataAddress), P("DEFERRED_WATCHDOG object", .dataAddress),
        P("address of the offending driver's name", .dataAddress),
        P("times the intercepted bug check was hit")),
      make(
        0xED, "The boot volume could not be mounted.",
        P("boot volume device object", .dataAddress), P("file system status", .status), reserved,
        reserved),
      make(
        0xEF, "A critical system process died.",
        P("process object", .dataAddress),
        P("what ended", .table([0: "a process terminated", 1: "a thread terminated"])), reserved,
        reserved),
      make(
        0xF4, "A process or thread crucial to the system ended.",
        P("object type", .table([3: "process", 6: "thread"])),
        P("terminating object", .dataAddress), P("process image file name", .dataAddress),
        P("address of an explanatory message (ASCII)", .dataAddress)),
      make(
        0xFC, "Code tried to run from memory marked non-executable.",
        P("virtual address executed", .dataAddress), P("PTE contents"), reserved, reserved),
      make(
        0x101, "A processor stopped answering clock interrupts.",
        P("clock interrupt timeout interval, in ticks"), reserved,
        P("KPRCB address of the unresponsive processor", .dataAddress),
        P("index of the unresponsive processor")),
      make(
        0x109, "Kernel code or critical kernel data was modified.",
        reserved, reserved, reserved, P("type of corrupted region", .table(corruptRegionTypes))),
      make(
        0x116, "The display driver did not recover from a timeout (TDR).",
        P("TDR recovery context", .dataAddress),
        P("pointer into the responsible display driver", .codeAddress),
        P("error code of the last failed operation", .status), P("internal context data")),
      make(
        0x119, "The video scheduler detected a fatal violation.",
        P(
          "subtype",
          .table([
            1: "invalid fence ID reported", 2: "command submission failed",
            3: "command buffer patch failed", 4: "invalid flip capability",
            5: "system or paging command faulted", 6: "null adapter mask",
            7: "VSync on a render-only adapter", 8: "invalid node mask", 9: "cancel failed",
            0xA: "invalid aborted fence", 0xC: "fatal hardware page fault",
          ])), P("depends on the subtype"), P("depends on the subtype"),
        P("depends on the subtype")),
      make(
        0x124, "The hardware reported an uncorrectable error (WHEA).",
        P("error source", .table(wheaSources)),
        P("address of the WHEA_ERROR_RECORD", .dataAddress), P("depends on the error source"),
        P("depends on the error source"), category: .hardware),
      make(
        0x12B, "A single-bit memory error was found on a page (faulty hardware).",
        P("virtual address, or the failure status"), P("physical page number, or compressed size"),
        P("0, or the source buffer"), P("0, or the target buffer"), category: .hardware),
      make(
        0x133, "A deferred procedure call (DPC) or ISR ran too long.",
        P(
          "what overran",
          .table([
            0: "a single DPC or ISR exceeded its time allotment",
            1: "the system spent too long at DISPATCH_LEVEL or above",
          ])), P("DPC time count in ticks, or the watchdog period"),
        P("time allotment in ticks, or nt!DPC_WATCHDOG_GLOBAL_TRIAGE_BLOCK"),
        P("nt!DPC_WATCHDOG_GLOBAL_TRIAGE_BLOCK, or reserved")),
      make(
        0x139, "The kernel detected corruption of a critical data structure (a security check).",
        P("type of corruption", .table(securityCheckTypes)),
        P("trap frame address", .dataAddress), P("exception record address", .dataAddress),
        reserved),
      make(
        0x13A, "The kernel heap manager found corruption.",
        P(
          "type of corruption",
          .table([
            0x3: "corrupt entry header", 0x4: "multiple corrupt entries",
            0x5: "corrupt entry header", 0x6: "buffer overrun", 0x7: "buffer overrun",
            0x8: "corrupt heap or a use of an invalid heap", 0x9: "corrupt free list",
            0xA: "buffer underrun", 0xB: "use after free", 0xC: "wrong heap",
            0xD: "corrupt free list", 0x11: "NULL heap handle", 0x13: "corrupt header",
            0x17: "corrupt entry",
          ])), P("heap address", .dataAddress),
        P("address where the corruption was found", .dataAddress), reserved),
      make(
        0x154, "The memory compression store hit an unexpected exception.",
        P("store context or data manager", .dataAddress), P("exception information"), reserved,
        reserved),
      make(
        0x1C8, "Someone held the power button to crash the system on purpose.",
        P("milliseconds the power button was held"),
        P("nt!_POP_POWER_BUTTON_TRIAGE_BLOCK", .dataAddress), reserved, reserved,
        category: .manual),
      make(
        0xDEAD_DEAD, "Someone crashed the system on purpose (keyboard).",
        reserved, reserved, reserved, reserved, category: .manual),
    ])
}
