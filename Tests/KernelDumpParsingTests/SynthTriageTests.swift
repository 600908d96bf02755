import DumpFormats
import Foundation
import KernelDumpParsing
import KernelDumpSynth
import Testing

@Suite struct SynthTriageTests {
  @Test func server2003NetbtReadsBackEveryField() throws {
    let synth = SampleScenarios.server2003NetbtD1
    let bytes = synth.write()
    #expect(bytes.count == 0x10000)
    let dump = try KernelDump(data: Data(bytes))
    let header = dump.header
    #expect(header.is64Bit == false)
    #expect(header.majorVersion == 0xF)
    #expect(header.minorVersion == 3790)
    #expect(header.architecture == .x86)
    #expect(header.numberProcessors == 2)
    #expect(header.bugCheckCode == 0xD1)
    #expect(header.bugCheckParameters == synth.parameters)
    #expect(header.bugCheckParameters[3] == 0xF6D8_11A8)
    #expect(header.directoryTableBase == synth.directoryTableBase)
    #expect(header.dumpType == .triage)
    #expect(header.productTypeIfPresent == 3)
    #expect(header.suiteMaskIfPresent == 0x110)
    #expect(header.miniDumpFields == 0xCFF)
    #expect(header.crashTime == synth.crashTime)
    #expect(header.upTimeSeconds == 3600)
    #expect(header.attributesIfPresent == nil)
    #expect(header.versionUser.isEmpty)
    #expect(header.requiredDumpSpace == 0x10000)

    let triage = try #require(dump.triage)
    #expect(triage.isValid)
    #expect(triage.header.servicePackBuild == 0x200)
    #expect(dump.servicePack == 2)
    #expect(triage.header.sizeOfDump == 0x10000)
    #expect(triage.header.validOffset == 0xFFFC)
    #expect(triage.header.triageOptions == 0xFFFF_FFFF)
    #expect(triage.header.contextOffset == 0x320)
    #expect(triage.header.topOfStack == synth.topOfStack)
    #expect(triage.header.sizeOfCallStack == UInt32(synth.stack.count * 4))
    #expect(triage.debuggerData == nil)

    #expect(dump.modules.count == synth.drivers.count)
    for (module, driver) in zip(dump.modules, synth.drivers) {
      #expect(module.name == driver.name)
      #expect(module.base == driver.base)
      #expect(module.size == UInt64(driver.size))
      #expect(module.timeDateStamp == driver.timeDateStamp)
      #expect(module.checksum == driver.checksum)
    }
    #expect(
      dump.unloadedDrivers == [
        UnloadedDriver(name: "Fips.SYS", startAddress: 0xF7C1_0000, endAddress: 0xF7C2_1000)
      ])

    let context = try #require(dump.context)
    #expect(context.architecture == .x86)
    #expect(context.flags == 0x1_003F)
    #expect(context.instructionPointer == synth.address("ntkrnlpa.exe", 0x5_E4B0))
    #expect(context.stackPointer == synth.topOfStack)
    #expect(context.framePointer == 0xF78A_2B08)
    #expect(context["eax"] == 0xD1)
    #expect(context["ecx"] == 0xE1C0_0040)
    #expect(dump.exception == nil)

    // The stack window reads back word by word; netbt.sys is on it.
    let netbt = try #require(dump.modules.module(containing: 0xF6D8_11A8))
    #expect(netbt.baseName == "netbt.sys")
    var netbtWords = 0
    for index in 0..<synth.stack.count {
      let value = try #require(dump.memory.readUInt32(at: synth.topOfStack + UInt64(4 * index)))
      if netbt.contains(UInt64(value)) { netbtWords += 1 }
    }
    // P4, DbgEip/Eip, the return address, NbtIndicate/its buffer (data) and saved EBPs.
    #expect(netbtWords == 9)
    #expect(dump.memory.readUInt32(at: synth.topOfStack - 4) == nil)
    #expect(dump.notes.isEmpty, "\(dump.notes)")
  }

  @Test func xpSeparateContextCopy() throws {
    let synth = SampleScenarios.xpMrxsmbC2
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.header.minorVersion == 2600)
    #expect(dump.header.productTypeIfPresent == 1)
    let triage = try #require(dump.triage)
    #expect(triage.header.contextOffset != 0x320)
    #expect(dump.context?.instructionPointer == synth.address("ntkrnlpa.exe", 0x4_6D9E))
    #expect(dump.modules.map(\.baseName).contains("mrxsmb.sys"))
  }

  @Test func x64ProcessorContextAndDebuggerData() throws {
    let synth = SampleScenarios.windows10FilterException
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.header.is64Bit)
    #expect(dump.header.bugCheckCode == 0x1000_007E)
    #expect(dump.header.bugCheckParameters == synth.parameters)
    let kdbg = try #require(dump.debuggerData)
    #expect(kdbg.isDecoded)
    #expect(kdbg.size == 0x380)
    #expect(kdbg.kernBase == synth.drivers[0].base)
    #expect(kdbg.offsetPrcbContext == 0x40)
    let context = try #require(dump.context)
    #expect(context.instructionPointer == synth.address("contosoflt.sys", 0x41B2))
    #expect(context.stackPointer == 0xFFFF_A001_7788_3120)
    #expect(context["rflags"] == 0)
    #expect(context["mxcsr"] == 0x1F80)
    let processor = try #require(dump.processorContext)
    #expect(processor.instructionPointer == synth.address("ntoskrnl.exe", 0x3F_8A40))
    #expect(processor.stackPointer == synth.topOfStack)
    #expect(processor["rcx"] == 0x7E)
    let exception = try #require(dump.exception)
    #expect(exception.code == 0x8000_0003)
    #expect(exception.address == synth.address("ntoskrnl.exe", 0x3F_8A40))
    #expect(dump.triage?.dataBlockCount == 1)
    #expect(dump.notes.isEmpty, "\(dump.notes)")
  }

  @Test func arm64Context() throws {
    let synth = SampleScenarios.windows11ArmWlan
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.architecture == .arm64)
    #expect(dump.header.minorVersion == 22621)
    let context = try #require(dump.context)
    #expect(context.instructionPointer == synth.address("fabrikamwlan.sys", 0x2_17C8))
    #expect(context["lr"] == synth.address("fabrikamwlan.sys", 0x1_9A04))
    #expect(context.framePointer == 0xFFFF_D681_4C2F_6B00)
    #expect(context.stackPointer == synth.topOfStack)
    #expect(context.flags == 0x40_0007)
    #expect(dump.modules.count == 4)
  }

  @Test func arm32ContextAndSignExtendedBlocks() throws {
    var synth = SynthTriageDump(architecture: .arm, build: 17134, bugCheckCode: 0xD1)
    synth.drivers = [
      SynthDriver(
        "\\SystemRoot\\system32\\ntoskrnl.exe", base: 0x80C0_6000, size: 0x60_0000,
        timeDateStamp: 0x1234),
      SynthDriver(
        "\\SystemRoot\\System32\\drivers\\sdport.sys", base: 0x8700_0000, size: 0x2_0000,
        timeDateStamp: 0x5678),
    ]
    synth.topOfStack = 0x9A2F_1000
    synth.contextIP = ("sdport.sys", 0x1235)  // Thumb bit set
    synth.registers = ["r11": 0x9A2F_1040, "lr": 0x8700_2001]
    synth.stack = [.value(0), .returnAddress("sdport.sys", 0x2001)]
    synth.dataBlocks = [(0x80E1_71A0, [1, 2, 3, 4, 5, 6, 7, 8])]
    synth.includeDebuggerData = true
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.header.is64Bit == false)
    #expect(dump.architecture == .arm)
    let context = try #require(dump.context)
    #expect(context["pc"] == 0x8700_1235)
    #expect(context.instructionPointer == 0x8700_1234)
    #expect(context.framePointer == 0x9A2F_1040)
    // Data block addresses are stored sign-extended; they map at the 32-bit address.
    #expect(dump.memory.bytes(at: 0x80E1_71A0, count: 8) == [1, 2, 3, 4, 5, 6, 7, 8])
    #expect(dump.debuggerData?.kernBase == 0xFFFF_FFFF_80C0_6000)
  }
}

@Suite struct TriageValidityTests {
  @Test func truncatedTriageDumpIsNoted() throws {
    let bytes = SampleScenarios.windows10FilterException.write()
    let dump = try KernelDump(data: Data(bytes.prefix(bytes.count - 64)))
    #expect(dump.triage?.isValid == false)
    let note = try #require(dump.notes.first { $0.code == "triage.invalid" })
    #expect(note.message.hasPrefix("truncated or corrupt triage dump"))
    // What is still in the file is still read.
    #expect(dump.modules.count == SampleScenarios.windows10FilterException.drivers.count)
  }
}

/// Every sample scenario (x86, x64, ARM64) reads back field by field.
@Suite struct SampleReadBackTests {
  @Test(arguments: SampleScenarios.all.map(\.fileName))
  func readsBack(_ fileName: String) throws {
    let synth = try #require(SampleScenarios.all.first { $0.fileName == fileName }).dump
    let bytes = synth.write()
    let dump = try KernelDump(data: Data(bytes))
    let header = dump.header
    #expect(header.is64Bit == synth.architecture.is64Bit)
    #expect(header.machineImageType == synth.architecture.machineType)
    #expect(header.minorVersion == synth.build)
    #expect(header.majorVersion == 0xF)
    #expect(header.bugCheckCode == synth.bugCheckCode)
    #expect(header.bugCheckParameters == synth.parameters)
    #expect(header.numberProcessors == synth.processors)
    #expect(header.productTypeIfPresent == synth.productType)
    #expect(header.suiteMaskIfPresent == synth.suiteMask)
    #expect(header.directoryTableBase == synth.directoryTableBase)
    #expect(header.psLoadedModuleList == synth.psLoadedModuleList)
    #expect(header.kdDebuggerDataBlock == synth.kdDebuggerDataBlock)
    #expect(header.crashTime == synth.crashTime)
    #expect(header.upTimeSeconds == Double(synth.upTimeSeconds))
    #expect(header.dumpType == .triage)

    let triage = try #require(dump.triage)
    #expect(triage.isValid)
    #expect(triage.header.sizeOfDump == UInt32(bytes.count))
    #expect(triage.header.validOffset == UInt32(bytes.count - 4))
    #expect(triage.header.servicePackBuild == synth.servicePackBuild)
    #expect(triage.header.topOfStack == synth.topOfStack)
    #expect(triage.header.driverCount == UInt32(synth.drivers.count))
    #expect(triage.header.sizeOfCallStack == UInt32(synth.stackBytes.count))
    #expect(triage.header.triageOptions == 0xFFFF_FFFF)
    #expect((triage.debuggerData != nil) == synth.includeDebuggerData)

    #expect(dump.modules.count == synth.drivers.count)
    for (module, driver) in zip(dump.modules, synth.drivers) {
      #expect(module.name == driver.name)
      #expect(module.base == driver.base)
      #expect(module.size == UInt64(driver.size))
      #expect(module.timeDateStamp == driver.timeDateStamp)
      #expect(module.checksum == driver.checksum)
    }
    #expect(dump.unloadedDrivers.map(\.name) == synth.unloadedDrivers.map(\.name))
    #expect(dump.unloadedDrivers.map(\.startAddress) == synth.unloadedDrivers.map(\.start))
    #expect(dump.unloadedDrivers.map(\.endAddress) == synth.unloadedDrivers.map(\.end))
    #expect(
      dump.memory.bytes(at: synth.topOfStack, count: synth.stackBytes.count) == synth.stackBytes)

    let context = try #require(dump.context)
    for (name, value) in synth.resolvedRegisters {
      #expect(context[name] == value, "register \(name)")
    }
    if let processor = synth.processorContextRegisters {
      let parsed = try #require(dump.processorContext)
      for (name, value) in processor { #expect(parsed[name] == value, "KPRCB register \(name)") }
    }
    #expect(dump.notes.isEmpty, "\(dump.notes)")
  }
}
