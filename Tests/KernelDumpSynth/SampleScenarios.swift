import Foundation

/// One synthetic sample dump shipped in `docs/samples/`.
public struct SampleScenario: Sendable {
  /// File name under `docs/samples/`.
  public var fileName: String
  /// One line for the samples README.
  public var summary: String
  /// The dump description.
  public var dump: SynthTriageDump
}

/// The synthetic sample dumps: every driver name, timestamp, size and stack address of every
/// scenario lives in this file, so rules and symbol fixtures can be lined up with it.
///
/// All samples are synthetic (written by ``SynthTriageDump``); none comes from a real machine.
public enum SampleScenarios {
  // MARK: Timestamps the KB rules key on

  /// storport.sys TimeDateStamp of scenario 2 ("timestamp A"): the code id of the fixture image
  /// `Symbols/storport.sys/179334E24000` (FileVersion 5.2.3790.4000, older than KB939315).
  public static let storportTimestampA: UInt32 = 0x1793_34E2
  /// storport.sys TimeDateStamp of scenario 3 ("timestamp B"): the code id of the fixture image
  /// `Symbols/storport.sys/6B295B9C4000` (FileVersion 5.2.3790.4121, the KB939315 version).
  public static let storportTimestampB: UInt32 = 0x6B29_5B9C
  /// SizeOfImage of both fixture storport.sys images.
  public static let storportImageSize: UInt32 = 0x4000
  /// netbt.sys TimeDateStamp: the code id of the fixture image `Symbols/netbt.sys/7212D8C45000`
  /// (with `netbt.pdb`, so its functions symbolize).
  public static let netbtTimestamp: UInt32 = 0x7212_D8C4
  /// SizeOfImage of the fixture netbt.sys.
  public static let netbtImageSize: UInt32 = 0x5000

  // MARK: Driver sets

  /// Windows Server 2003 SP2 x86 (build 3790) drivers; storport.sys gets `storportStamp`.
  public static func server2003Drivers(storportStamp: UInt32 = storportTimestampA) -> [SynthDriver]
  {
    [
      SynthDriver(
        "\\WINDOWS\\system32\\ntkrnlpa.exe", base: 0x8080_0000, size: 0x23D000,
        timeDateStamp: 0x45D6_9710, checksum: 0x23_9F1E),
      SynthDriver(
        "\\WINDOWS\\system32\\hal.dll", base: 0x80A3_D000, size: 0x2C000,
        timeDateStamp: 0x45D6_9594, checksum: 0x2_8E2A),
      SynthDriver(
        "\\WINDOWS\\system32\\KDCOM.DLL", base: 0xF7B8_F000, size: 0x2000,
        timeDateStamp: 0x3E80_0016),
      SynthDriver(
        "\\SystemRoot\\System32\\Drivers\\Ntfs.sys", base: 0xF72A_0000, size: 0x92000,
        timeDateStamp: 0x45D6_9864, checksum: 0x9_4F2B),
      SynthDriver(
        "\\SystemRoot\\System32\\Drivers\\storport.sys", base: 0xF744_0000,
        size: storportImageSize, timeDateStamp: storportStamp),
      SynthDriver(
        "\\SystemRoot\\System32\\Drivers\\NDIS.sys", base: 0xF738_0000, size: 0x6D000,
        timeDateStamp: 0x45D6_9887, checksum: 0x6_E0B1),
      SynthDriver(
        "\\SystemRoot\\System32\\Drivers\\tcpip.sys", base: 0xF6E0_0000, size: 0x5A000,
        timeDateStamp: 0x45D6_98F2, checksum: 0x5_B3C0),
      SynthDriver(
        "\\SystemRoot\\System32\\Drivers\\netbt.sys", base: 0xF6D8_0000, size: netbtImageSize,
        timeDateStamp: netbtTimestamp),
      SynthDriver(
        "\\SystemRoot\\System32\\Drivers\\afd.sys", base: 0xF6D0_0000, size: 0x5B000,
        timeDateStamp: 0x45D6_98B3, checksum: 0x5_C010),
      SynthDriver(
        "\\SystemRoot\\System32\\Drivers\\b57xp32.sys", base: 0xF6C8_0000, size: 0x3D000,
        timeDateStamp: 0x4401_2A5C, checksum: 0x3_E55A),
    ]
  }

  /// Windows XP SP2 x86 (build 2600) drivers.
  public static let xpDrivers: [SynthDriver] = [
    SynthDriver(
      "\\WINDOWS\\system32\\ntkrnlpa.exe", base: 0x804D_7000, size: 0x1FA000,
      timeDateStamp: 0x4110_8004, checksum: 0x1F_E2E5),
    SynthDriver(
      "\\WINDOWS\\system32\\hal.dll", base: 0x806D_1000, size: 0x21000, timeDateStamp: 0x4110_7F7A,
      checksum: 0x2_3D6B),
    SynthDriver(
      "\\SystemRoot\\System32\\Drivers\\Ntfs.sys", base: 0xBA2E_1000, size: 0x84000,
      timeDateStamp: 0x4110_7F94),
    SynthDriver(
      "\\SystemRoot\\System32\\Drivers\\tcpip.sys", base: 0xB9F0_0000, size: 0x58000,
      timeDateStamp: 0x4110_7FB4),
    SynthDriver(
      "\\SystemRoot\\System32\\Drivers\\mrxsmb.sys", base: 0xB9E1_C000, size: 0x6D000,
      timeDateStamp: 0x4110_7FA8, checksum: 0x7_1C3D),
    SynthDriver(
      "\\SystemRoot\\System32\\Drivers\\rdbss.sys", base: 0xB9E8_9000, size: 0x2D000,
      timeDateStamp: 0x4110_7FA2, checksum: 0x2_F4B2),
    SynthDriver(
      "\\SystemRoot\\System32\\Drivers\\afd.sys", base: 0xB9C0_0000, size: 0x21000,
      timeDateStamp: 0x4110_7F8E),
  ]

  /// Windows 10 x64 drivers (build 19045).
  public static let windows10Drivers: [SynthDriver] = [
    SynthDriver(
      "\\SystemRoot\\system32\\ntoskrnl.exe", base: 0xFFFF_F805_6200_0000, size: 0x1046000,
      timeDateStamp: 0x2F1C_8E35, checksum: 0xA4_B8C1),
    SynthDriver(
      "\\SystemRoot\\system32\\hal.dll", base: 0xFFFF_F805_6170_0000, size: 0x6000,
      timeDateStamp: 0x1A7B_E8E9, checksum: 0xD_3C5),
    SynthDriver(
      "\\SystemRoot\\System32\\drivers\\i8042prt.sys", base: 0xFFFF_F805_6650_0000, size: 0x26000,
      timeDateStamp: 0x9B3C_4D12, checksum: 0x2_B0A3),
    SynthDriver(
      "\\SystemRoot\\System32\\drivers\\kbdclass.sys", base: 0xFFFF_F805_6653_0000, size: 0x14000,
      timeDateStamp: 0x5E1F_0A77, checksum: 0x1_88F0),
    SynthDriver(
      "\\SystemRoot\\System32\\drivers\\kbdhid.sys", base: 0xFFFF_F805_6655_0000, size: 0x10000,
      timeDateStamp: 0x7C3A_11D4, checksum: 0x1_30C2),
    SynthDriver(
      "\\SystemRoot\\System32\\drivers\\tcpip.sys", base: 0xFFFF_F805_6700_0000, size: 0x2D3000,
      timeDateStamp: 0x66E2_31A9, checksum: 0x2_C9D11),
    SynthDriver(
      "\\SystemRoot\\System32\\drivers\\contosoflt.sys", base: 0xFFFF_F805_6800_0000, size: 0x18000,
      timeDateStamp: 0x6123_4567, checksum: 0x2_1E4F),
  ]

  /// Windows 11 ARM64 drivers (build 22621).
  public static let windows11ArmDrivers: [SynthDriver] = [
    SynthDriver(
      "\\SystemRoot\\system32\\ntoskrnl.exe", base: 0xFFFF_F800_1A20_0000, size: 0x1400000,
      timeDateStamp: 0x3B0E_98A1, checksum: 0xD8_1A2F),
    SynthDriver(
      "\\SystemRoot\\system32\\hal.dll", base: 0xFFFF_F800_1960_0000, size: 0x9000,
      timeDateStamp: 0x5C2B_17E0),
    SynthDriver(
      "\\SystemRoot\\System32\\drivers\\ndis.sys", base: 0xFFFF_F800_1D00_0000, size: 0x1A0000,
      timeDateStamp: 0x80D4_22B7, checksum: 0x1_9F3E2),
    SynthDriver(
      "\\SystemRoot\\System32\\drivers\\fabrikamwlan.sys", base: 0xFFFF_F800_1E40_0000,
      size: 0x9C000, timeDateStamp: 0x6412_ABCD, checksum: 0xA_1234),
  ]

  // MARK: Scenarios

  /// (1) Windows Server 2003 SP2 x86, stop 0xD1 in `netbt!NbtCopyToStartOfIndicate`.
  ///
  /// The fault is the fixture netbt.sys instruction at RVA 0x11A8 (`movzx ebx, byte [ebx+ebp]`,
  /// reading `Buffer[Offset + i]` with an `Offset` taken from a malformed packet). The stack is
  /// laid out as the code would leave it: `KeBugCheckEx`'s frame, whose saved EBP is the
  /// KTRAP_FRAME `KiTrap0E` built (its `DbgEbp`/`DbgEip` continue the EBP chain into netbt.sys),
  /// then `NbtCopyToStartOfIndicate`'s own frame as its FrameData describes it (4 bytes of
  /// locals, ESI/EDI/EBX/EBP saved, return to `NbtReceiveHandler+0xb`, two stdcall arguments),
  /// the return into tcpip.sys, and an EBP chain through tcpip.sys and NDIS.sys to nt.
  public static var server2003NetbtD1: SynthTriageDump {
    var dump = server2003Base(bugCheck: 0xD1)
    dump.drivers = server2003Drivers()
    let netbt = dump.address("netbt.sys", 0)
    let faultingIP = netbt &+ netbtFaultRVA
    let indicate = netbt &+ 0x3000  // NbtIndicate, in netbt.sys's data section
    let buffer = indicate &+ 0x10
    let index: UInt64 = 0x40
    let badOffset: UInt64 = 0xEAE7_CFF0  // Indicate->Offset from the malformed packet
    let ebp = buffer &+ index  // lea ebp, [esi+ecx]
    let referenced = (ebp &+ badOffset) & 0xFFFF_FFFF  // a paged-pool address at DISPATCH_LEVEL
    dump.parameters = [referenced, 2, 0, faultingIP]

    let top: UInt64 = 0xF78A_2B00
    let trapFrame = top &+ 0x28
    let chain1 = top &+ 0xC8  // tcpip.sys frame
    let chain2 = top &+ 0xD4  // tcpip.sys caller frame
    let chain3 = top &+ 0xE0  // NDIS.sys caller frame (nt)
    let bytesToCopy: UInt64 = 0x100
    let stale: UInt64 = 0x8A1F_2E08  // stale pool pointers in unused slots
    dump.contextIP = ("ntkrnlpa.exe", 0x5_E4B0)
    dump.registers = ["ebp": top &+ 8, "eax": 0xD1, "ecx": referenced]
    dump.topOfStack = top
    // KTRAP_FRAME (x86, kernel to kernel: 0x74 bytes, HardwareEsp/SegSs not pushed).
    let trap: [SynthStackWord] = [
      .value(ebp), .value(faultingIP),  // DbgEbp, DbgEip
      .value(0xBADB_0D00), .value(trapFrame &+ 0x74),  // DbgArgMark, DbgArgPointer
      .value(0), .value(0),  // TempSegCs, TempEsp
      .value(stale), .value(stale), .value(stale), .value(stale),  // Dr0–Dr3 (not saved: stale)
      .value(0xFFFF_0FF0), .value(0x400),  // Dr6, Dr7
      .value(0), .value(0x23), .value(0x23),  // SegGs, SegEs, SegDs
      .value(bytesToCopy & ~3), .value(index), .value(0),  // Edx, Ecx, Eax
      .value(0), .value(0xF78A_2FF0), .value(0x30),  // PreviousPreviousMode, ExceptionList, SegFs
      .value(indicate), .value(buffer), .value(badOffset), .value(ebp),  // Edi, Esi, Ebx, Ebp
      .value(0), .value(faultingIP), .value(8), .value(0x1_0246),  // ErrCode, Eip, SegCs, EFlags
    ]
    dump.stack =
      [
        // KeBugCheckEx: locals, saved EBP (= the trap frame), return into KiTrap0E, arguments.
        .value(stale), .value(0), .value(trapFrame), .returnAddress("ntkrnlpa.exe", 0x8_A8F3),
        .value(0xD1), .value(referenced), .value(2), .value(0), .value(faultingIP),
        .value(0),
      ] + trap + [
        // NbtCopyToStartOfIndicate: local, saved ESI/EDI/EBX/EBP, return, Indicate, BytesToCopy.
        .value(bytesToCopy), .value(0x8A33_0C28), .value(stale), .value(0), .value(chain1),
        .returnAddress("netbt.sys", 0x125B), .value(indicate), .value(bytesToCopy),
        // NbtReceiveHandler returns into tcpip.sys; tcpip.sys and NDIS.sys keep EBP frames.
        .returnAddress("tcpip.sys", 0x1_E4C2), .value(0x8A33_0C28), .value(0),
        .value(chain2), .returnAddress("tcpip.sys", 0x2A13), .value(0x8A33_0C28),
        .value(chain3), .returnAddress("NDIS.sys", 0x1C8B), .value(stale),
        .value(0), .returnAddress("ntkrnlpa.exe", 0x2_F3E1), .value(0),
      ]
    return dump
  }

  /// RVA in the fixture netbt.sys of the faulting instruction of scenario (1):
  /// `NbtCopyToStartOfIndicate+0x58`.
  public static let netbtFaultRVA: UInt64 = 0x11A8

  /// (2) Windows Server 2003 SP2 x86, stop 0x9C (machine check), storport.sys timestamp A.
  public static var server2003MachineCheckA: SynthTriageDump {
    machineCheck(storportStamp: storportTimestampA)
  }

  /// (3) Same as (2) with storport.sys timestamp B.
  public static var server2003MachineCheckB: SynthTriageDump {
    machineCheck(storportStamp: storportTimestampB)
  }

  /// (4) Windows XP SP2 x86 workstation, stop 0xC2 with mrxsmb.sys and rdbss.sys on the stack.
  public static var xpMrxsmbC2: SynthTriageDump {
    var dump = SynthTriageDump(architecture: .x86, build: 2600, bugCheckCode: 0xC2)
    dump.servicePackBuild = 0x200
    dump.productType = 1
    dump.suiteMask = 0x100
    dump.fixedSize = true
    dump.separateContextCopy = true
    dump.crashTime = Date(timeIntervalSince1970: 1_151_404_800)  // 2006-06-27
    dump.drivers = xpDrivers
    dump.parameters = [7, 0xCD4, 0x0204_0001, 0xE1A2_B3C8]
    dump.contextIP = ("ntkrnlpa.exe", 0x4_6D9E)
    dump.registers = ["ebp": 0xB8A1_3C10, "eax": 0xC2]
    dump.topOfStack = 0xB8A1_3B40
    dump.stack = [
      .value(0xC2), .value(7), .value(0xCD4), .value(0x0204_0001), .value(0xE1A2_B3C8),
      .returnAddress("ntkrnlpa.exe", 0x5_0C42), .value(0xE1A2_B3C8), .value(0),
      .returnAddress("mrxsmb.sys", 0x1_2F6A), .value(0x89D4_1008),
      .returnAddress("mrxsmb.sys", 0x8_4B3), .returnAddress("rdbss.sys", 0xB5F1),
      .value(0x89D4_1008), .returnAddress("rdbss.sys", 0x1_3A20),
      .returnAddress("ntkrnlpa.exe", 0x1_8E3C), .value(0),
    ]
    return dump
  }

  /// (5) Windows Server 2003 SP2 x86, stop 0xD1 in a NIC driver; netbt.sys loaded, not on the
  /// stack.
  public static var server2003D1WithoutNetbt: SynthTriageDump {
    var dump = server2003Base(bugCheck: 0xD1)
    dump.drivers = server2003Drivers()
    dump.parameters = [0x0000_0004, 2, 1, dump.address("b57xp32.sys", 0x1_2B40)]
    dump.contextIP = ("ntkrnlpa.exe", 0x5_E4B0)
    dump.registers = ["ebp": 0xF78A_6C40, "eax": 0xD1]
    dump.topOfStack = 0xF78A_6B20
    dump.stack = [
      .value(0xD1), .returnAddress("ntkrnlpa.exe", 0x8_A8F3), .value(4), .value(2), .value(1),
      .returnAddress("b57xp32.sys", 0x1_2B40), .value(0x8A44_1000),
      .returnAddress("b57xp32.sys", 0x9E12), .returnAddress("NDIS.sys", 0x2_3A55),
      .value(0x8A44_1000), .returnAddress("NDIS.sys", 0x1C8B),
      .returnAddress("ntkrnlpa.exe", 0x2_F3E1), .value(0),
    ]
    return dump
  }

  /// (6) Windows 10 x64, stop 0xE2 MANUALLY_INITIATED_CRASH from the keyboard.
  public static var windows10ManualCrash: SynthTriageDump {
    var dump = SynthTriageDump(architecture: .x64, build: 19045, bugCheckCode: 0xE2)
    dump.productType = 1
    dump.processors = 8
    dump.crashTime = Date(timeIntervalSince1970: 1_700_000_000)
    dump.drivers = windows10Drivers
    dump.includeDebuggerData = true
    dump.psLoadedModuleList = 0xFFFF_F805_62C2_A390
    dump.kdDebuggerDataBlock = 0xFFFF_F805_62C0_0B20
    dump.topOfStack = 0xFFFF_8C01_2345_6E88
    dump.contextIP = ("ntoskrnl.exe", 0x3F_8A40)
    dump.registers = ["rbp": 0xFFFF_8C01_2345_7000, "rcx": 0xE2]
    dump.processorContextRegisters = ["rip": dump.address("ntoskrnl.exe", 0x3F_8A40), "rcx": 0xE2]
    dump.stack = [
      .returnAddress("i8042prt.sys", 0x1_2F0C), .value(0), .value(0xE2), .value(0),
      .returnAddress("i8042prt.sys", 0x3A41), .value(0xFFFF_A28B_1C3D_2000),
      .returnAddress("kbdhid.sys", 0x2_1E4), .returnAddress("kbdclass.sys", 0x6B73),
      .returnAddress("ntoskrnl.exe", 0x2_5C0E1), .value(0),
    ]
    return dump
  }

  /// An x64 sample: Windows 10 stop 0x7E (access violation) in a third-party filter driver.
  public static var windows10FilterException: SynthTriageDump {
    var dump = SynthTriageDump(architecture: .x64, build: 19041, bugCheckCode: 0x1000_007E)
    dump.processors = 4
    dump.crashTime = Date(timeIntervalSince1970: 1_650_000_000)
    dump.drivers = windows10Drivers
    dump.includeDebuggerData = true
    dump.topOfStack = 0xFFFF_A001_7788_1EE8
    let faulting = dump.address("contosoflt.sys", 0x41B2)
    dump.parameters = [
      0xFFFF_FFFF_C000_0005, faulting, 0xFFFF_A001_7788_2EE8, 0xFFFF_A001_7788_2720,
    ]
    dump.exception = (0x8000_0003, dump.address("ntoskrnl.exe", 0x3F_8A40))
    dump.contextIP = ("contosoflt.sys", 0x41B2)
    dump.registers = ["rsp": 0xFFFF_A001_7788_3120, "rbp": 0xFFFF_A001_7788_3200]
    dump.processorContextRegisters = ["rip": dump.address("ntoskrnl.exe", 0x3F_8A40), "rcx": 0x7E]
    dump.stack = [
      .returnAddress("ntoskrnl.exe", 0x41_04E1), .value(0x7E), .value(0xFFFF_FFFF_C000_0005),
      .returnAddress("ntoskrnl.exe", 0x3C_C052), .value(0),
      .returnAddress("contosoflt.sys", 0x41B2), .value(0),
      .returnAddress("contosoflt.sys", 0x2F7C), .returnAddress("tcpip.sys", 0x3_0C21),
      .returnAddress("ntoskrnl.exe", 0x25_2F55), .value(0),
    ]
    return dump
  }

  /// An ARM64 sample: Windows 11 stop 0xD1 in a Wi-Fi driver.
  public static var windows11ArmWlan: SynthTriageDump {
    var dump = SynthTriageDump(architecture: .arm64, build: 22621, bugCheckCode: 0xD1)
    dump.processors = 8
    dump.crashTime = Date(timeIntervalSince1970: 1_690_000_000)
    dump.drivers = windows11ArmDrivers
    dump.includeDebuggerData = true
    dump.topOfStack = 0xFFFF_D681_4C2F_6A10
    let faulting = dump.address("fabrikamwlan.sys", 0x2_17C8)
    dump.parameters = [0x28, 2, 0, faulting]
    dump.contextIP = ("fabrikamwlan.sys", 0x2_17C8)
    dump.registers = [
      "fp": 0xFFFF_D681_4C2F_6B00, "lr": dump.address("fabrikamwlan.sys", 0x1_9A04),
    ]
    dump.stack = [
      .value(0xFFFF_D681_4C2F_6B00), .returnAddress("fabrikamwlan.sys", 0x1_9A04),
      .value(0xFFFF_D681_4C2F_6B60), .returnAddress("ndis.sys", 0x4_22F0), .value(0),
      .returnAddress("ntoskrnl.exe", 0x2_8C10), .value(0),
    ]
    return dump
  }

  /// Every sample, in the order of `docs/samples/README.md`.
  public static var all: [SampleScenario] {
    [
      SampleScenario(
        fileName: "srv2003sp2-x86-0xD1-netbt.dmp",
        summary:
          "Windows Server 2003 SP2 x86 (build 3790, server), stop 0xD1 DRIVER_IRQL_NOT_LESS_OR_EQUAL at netbt!NbtCopyToStartOfIndicate+0x58 (P4); KeBugCheckEx frame, KTRAP_FRAME, then netbt.sys, tcpip.sys, NDIS.sys and nt frames. netbt.sys has the code id of the fixture `Symbols/netbt.sys/7212D8C45000`, so the default store symbolizes it.",
        dump: server2003NetbtD1),
      SampleScenario(
        fileName: "srv2003sp2-x86-0x9C-storport-A.dmp",
        summary:
          "Windows Server 2003 SP2 x86, stop 0x9C MACHINE_CHECK_EXCEPTION; storport.sys loaded with TimeDateStamp 0x179334E2, SizeOfImage 0x4000: the fixture image `Symbols/storport.sys/179334E24000`, FileVersion 5.2.3790.4000 (older than KB939315's 5.2.3790.4121).",
        dump: server2003MachineCheckA),
      SampleScenario(
        fileName: "srv2003sp2-x86-0x9C-storport-B.dmp",
        summary:
          "Same as the previous one with storport.sys TimeDateStamp 0x6B295B9C, SizeOfImage 0x4000: the fixture image `Symbols/storport.sys/6B295B9C4000`, FileVersion 5.2.3790.4121 (KB939315 installed).",
        dump: server2003MachineCheckB),
      SampleScenario(
        fileName: "xpsp2-x86-0xC2-mrxsmb.dmp",
        summary:
          "Windows XP SP2 x86 (build 2600, workstation), stop 0xC2 BAD_POOL_CALLER (double free); mrxsmb.sys and rdbss.sys on the stack.",
        dump: xpMrxsmbC2),
      SampleScenario(
        fileName: "srv2003sp2-x86-0xD1-no-netbt.dmp",
        summary:
          "Windows Server 2003 SP2 x86, stop 0xD1 in b57xp32.sys; netbt.sys is loaded but not on the stack.",
        dump: server2003D1WithoutNetbt),
      SampleScenario(
        fileName: "win10-x64-0xE2-manual.dmp",
        summary:
          "Windows 10 x64 (build 19045), stop 0xE2 MANUALLY_INITIATED_CRASH from the keyboard (i8042prt.sys, kbdhid.sys on the stack).",
        dump: windows10ManualCrash),
      SampleScenario(
        fileName: "win10-x64-0x7E-contosoflt.dmp",
        summary:
          "Windows 10 x64 (build 19041), stop 0x1000007E, access violation at contosoflt.sys+0x41b2 (a made-up third-party driver).",
        dump: windows10FilterException),
      SampleScenario(
        fileName: "win11-arm64-0xD1-fabrikamwlan.dmp",
        summary:
          "Windows 11 ARM64 (build 22621), stop 0xD1 at fabrikamwlan.sys+0x217c8 (a made-up Wi-Fi driver).",
        dump: windows11ArmWlan),
    ]
  }

  private static func server2003Base(bugCheck: UInt32) -> SynthTriageDump {
    var dump = SynthTriageDump(architecture: .x86, build: 3790, bugCheckCode: bugCheck)
    dump.servicePackBuild = 0x200
    dump.productType = 3
    dump.suiteMask = 0x110
    dump.processors = 2
    dump.fixedSize = true
    dump.crashTime = Date(timeIntervalSince1970: 1_195_800_000)  // 2007-11-23
    dump.unloadedDrivers = [SynthUnloadedDriver("Fips.SYS", start: 0xF7C1_0000, end: 0xF7C2_1000)]
    return dump
  }

  private static func machineCheck(storportStamp: UInt32) -> SynthTriageDump {
    var dump = server2003Base(bugCheck: 0x9C)
    dump.drivers = server2003Drivers(storportStamp: storportStamp)
    dump.parameters = [0, 0x8054_8B50, 0xB200_0000, 0x0007_0F0F]
    dump.contextIP = ("ntkrnlpa.exe", 0x5_E4B0)
    dump.registers = ["ebp": 0x8054_8A10, "eax": 0x9C]
    dump.topOfStack = 0x8054_8980
    dump.stack = [
      .value(0x9C), .value(0), .value(0x8054_8B50), .value(0xB200_0000), .value(0x0007_0F0F),
      .returnAddress("hal.dll", 0x1_A3E2), .value(0), .returnAddress("hal.dll", 0x1_9C71),
      .returnAddress("ntkrnlpa.exe", 0x8_D2E4), .value(0),
    ]
    return dump
  }
}
