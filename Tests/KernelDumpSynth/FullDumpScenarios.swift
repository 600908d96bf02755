/// Full-dump scenarios for tests: modules, stack and addresses in one place.
public enum FullDumpScenarios {
  /// A Windows 10 x64 full dump (0xD1 in netio.sys-like driver `contosonet.sys`).
  public static func x64(layout: SynthFullDump.Layout) -> SynthFullDump {
    var dump = SynthFullDump(architecture: .x64, layout: layout, build: 19045, bugCheckCode: 0xD1)
    dump.drivers = [
      SynthDriver(
        "\\SystemRoot\\system32\\ntoskrnl.exe", base: 0xFFFF_F805_6200_0000, size: 0x104_6000,
        timeDateStamp: 0x2F1C_8E35, checksum: 0xA4_B8C1),
      SynthDriver(
        "\\SystemRoot\\system32\\hal.dll", base: 0xFFFF_F805_6170_0000, size: 0x6000,
        timeDateStamp: 0x1A7B_E8E9, checksum: 0xD_3C5),
      SynthDriver(
        "\\SystemRoot\\System32\\drivers\\contosonet.sys", base: 0xFFFF_F805_6900_0000,
        size: 0x3_0000, timeDateStamp: 0x6500_1122, checksum: 0x3_1A2B),
    ]
    dump.drivers[2].fileVersion = [2, 4, 1907, 12]
    dump.parameters = [0x18, 2, 0, dump.address("contosonet.sys", 0x1F2E)]
    dump.contextIP = ("ntoskrnl.exe", 0x3F_8A40)
    dump.stackPointer = 0xFFFF_8C01_2345_6E88
    dump.stack = [
      .returnAddress("ntoskrnl.exe", 0x41_04E1), .value(0xD1), .value(0x18),
      .returnAddress("contosonet.sys", 0x1F2E), .value(0),
      .returnAddress("contosonet.sys", 0x4410), .returnAddress("ntoskrnl.exe", 0x25_2F55),
    ]
    dump.moduleListHead = 0xFFFF_F805_62C2_A390
    dump.debuggerDataBlock = 0xFFFF_F805_62C0_0B20
    dump.loaderArea = 0xFFFF_A000_0010_0000
    return dump
  }

  /// A Windows Server 2003 SP2 x86 PAE full dump (0xD1 in netbt.sys).
  public static func x86(pae: Bool) -> SynthFullDump {
    var dump = SynthFullDump(architecture: .x86, layout: .runs, build: 3790, bugCheckCode: 0xD1)
    dump.pae = pae
    dump.drivers = Array(SampleScenarios.server2003Drivers().prefix(8))
    dump.drivers[7].fileVersion = [5, 2, 3790, 4121]  // netbt.sys
    dump.parameters = [0x10, 2, 0, dump.address("netbt.sys", 0x3A1C)]
    dump.contextIP = ("ntkrnlpa.exe", 0x5_E4B0)
    dump.stackPointer = 0xF78A_2B00
    dump.stack = [
      .value(0xD1), .returnAddress("netbt.sys", 0x3A1C), .returnAddress("netbt.sys", 0x4F21),
      .returnAddress("tcpip.sys", 0x1_E4C2), .returnAddress("ntkrnlpa.exe", 0x2_F3E1),
    ]
    dump.moduleListHead = 0x8089_A390
    dump.debuggerDataBlock = 0x8088_0B20
    dump.loaderArea = 0x8A10_0000
    return dump
  }

  /// A Windows 11 ARM64 full dump.
  public static var arm64: SynthFullDump {
    var dump = SynthFullDump(architecture: .arm64, layout: .runs, build: 22621, bugCheckCode: 0xD1)
    dump.drivers = SampleScenarios.windows11ArmDrivers
    dump.parameters = [0x28, 2, 0, dump.address("fabrikamwlan.sys", 0x2_17C8)]
    dump.contextIP = ("fabrikamwlan.sys", 0x2_17C8)
    dump.stackPointer = 0xFFFF_D681_4C2F_6A10
    dump.stack = [
      .returnAddress("fabrikamwlan.sys", 0x1_9A04), .returnAddress("ndis.sys", 0x4_22F0),
    ]
    dump.moduleListHead = 0xFFFF_F800_1B2A_0390
    dump.debuggerDataBlock = 0xFFFF_F800_1B20_0B20
    dump.loaderArea = 0xFFFF_A000_0020_0000
    return dump
  }
}
