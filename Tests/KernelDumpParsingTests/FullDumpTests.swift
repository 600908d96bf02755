import DumpFormats
import Foundation
import KernelDumpParsing
import KernelDumpSynth
import Testing

@Suite struct FullDumpTests {
  func checkModulesAndStack(_ synth: SynthFullDump, _ dump: KernelDump) throws {
    #expect(dump.modules.count == synth.drivers.count)
    for (module, driver) in zip(dump.modules, synth.drivers) {
      #expect(module.name == driver.name)
      #expect(module.base == driver.base)
      #expect(module.size == UInt64(driver.size))
      #expect(module.timeDateStamp == driver.timeDateStamp)
      #expect(module.checksum == driver.checksum)
      #expect(module.fileVersion == driver.fileVersion)
      #expect(module.productVersion == driver.fileVersion)
    }
    let context = try #require(dump.context)
    #expect(context.stackPointer == synth.stackPointer)
    #expect(
      context.instructionPointer == synth.address("ntkrnlpa.exe", 0x5_E4B0)
        || synth.architecture != .x86)
    let width = synth.architecture.pointerSize
    let first = dump.memory.readPointer(at: synth.stackPointer + UInt64(width), size: width)
    switch synth.stack[1] {
    case .returnAddress(let module, let offset): #expect(first == synth.address(module, offset))
    case .value(let value): #expect(first == value)
    }
    #expect(dump.stackRange?.lowerBound == synth.stackPointer)
  }

  @Test func x64RunBasedFullDump() throws {
    let synth = FullDumpScenarios.x64(layout: .runs)
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.header.dumpType == .full)
    let layout = try #require(dump.physicalMemory)
    #expect(layout.kind == .runs)
    #expect(layout.runs.count > 1)
    #expect(layout.pagesInFile == layout.pageCount)
    #expect(dump.pagedMemory?.mode == .x64)
    #expect(dump.debuggerData?.isDecoded == true)
    #expect(dump.debuggerData?.psLoadedModuleList == synth.moduleListHead)
    try checkModulesAndStack(synth, dump)
    #expect(dump.notes.isEmpty, "\(dump.notes)")
  }

  @Test func x64BitmapDump() throws {
    let synth = FullDumpScenarios.x64(layout: .bitmap)
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.header.dumpType == .bitmapFull)
    #expect(dump.physicalMemory?.kind == .bitmap)
    try checkModulesAndStack(synth, dump)
    #expect(dump.notes.isEmpty, "\(dump.notes)")
  }

  @Test func processorContextFromKiProcessorBlock() throws {
    var synth = FullDumpScenarios.x64(layout: .runs)
    synth.processorContextRegisters = [
      "rip": synth.address("ntoskrnl.exe", 0x3F_8A40), "rcx": 0xD1,
    ]
    let dump = try KernelDump(data: Data(synth.write()))
    let context = try #require(dump.processorContext)
    #expect(context["rcx"] == 0xD1)
    #expect(context.stackPointer == synth.stackPointer)
    #expect(context.instructionPointer == synth.address("ntoskrnl.exe", 0x3F_8A40))
    // Without the KDBG pointer there is none.
    #expect(
      try KernelDump(data: Data(FullDumpScenarios.x64(layout: .runs).write())).processorContext
        == nil)
  }

  @Test func x64FiveLevelPaging() throws {
    var synth = FullDumpScenarios.x64(layout: .runs)
    synth.fiveLevelPaging = true
    // With LA57 kernel addresses sign-extend from bit 56.
    synth.drivers[2].base = 0xFF12_3456_7800_0000
    synth.parameters[3] = synth.address("contosonet.sys", 0x1F2E)
    synth.stack[3] = .returnAddress("contosonet.sys", 0x1F2E)
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.debuggerData?.pagingLevels == 5)
    #expect(dump.pagedMemory?.mode == .x64FiveLevel)
    try checkModulesAndStack(synth, dump)
    #expect(dump.memory.readUInt64(at: synth.stackPointer + 24) == synth.drivers[2].base + 0x1F2E)
  }

  @Test func x64KernelMemoryDumpWithRanges() throws {
    let synth = FullDumpScenarios.x64(layout: .rdmp)
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.header.dumpType == .kernelMemory)
    let layout = try #require(dump.physicalMemory)
    #expect(layout.kind == .ranges)
    #expect(layout.runs.count > 1)
    try checkModulesAndStack(synth, dump)
    #expect(dump.notes.isEmpty, "\(dump.notes)")
  }

  @Test(arguments: [true, false])
  func x86FullDump(pae: Bool) throws {
    let synth = FullDumpScenarios.x86(pae: pae)
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.header.paeEnabled == pae)
    #expect(dump.pagedMemory?.mode == (pae ? .x86PAE : .x86))
    // The PAE PDPT sits 0x20 into its page: the 32-byte alignment rule, not page alignment.
    if pae { #expect(dump.header.directoryTableBase & 0xFFF == 0x20) }
    try checkModulesAndStack(synth, dump)
    #expect(dump.notes.isEmpty, "\(dump.notes)")
  }

  @Test func arm64FullDump() throws {
    let synth = FullDumpScenarios.arm64
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.pagedMemory?.mode == .arm64)
    try checkModulesAndStack(synth, dump)
  }

  @Test func largeTransitionAndPagedOutPages() throws {
    let synth = FullDumpScenarios.x64(layout: .runs)
    var memory = synth.physicalMemory()
    memory.mapLargePage(0xFFFF_B000_0040_0000, physical: 0x4000_0000, bytes: Array("large".utf8))
    memory.mapNotPresent(0xFFFF_B000_0100_0000, transitionBytes: Array("transition".utf8))
    memory.mapNotPresent(0xFFFF_B000_0100_1000, transitionBytes: nil)
    let dump = try KernelDump(data: Data(synth.write(memory: memory)))
    #expect(dump.memory.bytes(at: 0xFFFF_B000_0040_0000, count: 5) == Array("large".utf8))
    #expect(dump.pagedMemory?.translate(0xFFFF_B000_0040_0123) == 0x4000_0123)
    #expect(dump.memory.bytes(at: 0xFFFF_B000_0100_0000, count: 10) == Array("transition".utf8))
    #expect(dump.memory.bytes(at: 0xFFFF_B000_0100_1000, count: 1) == nil)
    #expect(dump.pagedMemory?.translate(0x0000_9000_0000_0000) == nil)  // not canonical
  }

  @Test func pae2MiBPage() throws {
    let synth = FullDumpScenarios.x86(pae: true)
    var memory = synth.physicalMemory()
    memory.mapLargePage(0xA040_0000, physical: 0x0120_0000, bytes: [1, 2, 3])
    let dump = try KernelDump(data: Data(synth.write(memory: memory)))
    #expect(dump.pagedMemory?.translate(0xA040_0002) == 0x0120_0002)
    #expect(dump.memory.bytes(at: 0xA040_0000, count: 3) == [1, 2, 3])
  }

  @Test func encodedDebuggerDataFallsBackToTheHeader() throws {
    var synth = FullDumpScenarios.x64(layout: .runs)
    synth.encodeDebuggerData = true
    let dump = try KernelDump(data: Data(synth.write()))
    #expect(dump.debuggerData == nil)
    #expect(dump.notes.contains { $0.code == "kernel.kdbg.encoded" })
    #expect(dump.modules.count == 3)
  }

  @Test func moduleListCycleStops() throws {
    let synth = FullDumpScenarios.x64(layout: .runs)
    var memory = synth.physicalMemory()
    // Third entry's Flink points back at the first entry.
    memory.map(synth.loaderArea + 2 * 0xA0, bytes: SynthBytes.word(synth.loaderArea, size: 8))
    let dump = try KernelDump(data: Data(synth.write(memory: memory)))
    #expect(dump.modules.count == 3)
    #expect(dump.notes.contains { $0.code == "kernel.modules.cycle" })
  }

  @Test func truncatedFullDumpNotesMissingPages() throws {
    var synth = FullDumpScenarios.x64(layout: .runs)
    synth.truncateBy = 0x3000
    let dump = try KernelDump(data: Data(synth.write()))
    let layout = try #require(dump.physicalMemory)
    #expect(layout.pagesInFile == layout.pageCount - 3)
    #expect(dump.notes.contains { $0.code == "kernel.physical_memory.truncated" })
  }
}

@Suite struct FullDumpEdgeTests {
  @Test func moduleAtTheTopOfTheAddressSpace() throws {
    var synth = FullDumpScenarios.x64(layout: .runs)
    // The resource directory RVA would wrap past 2^64: the version is unknown, nothing traps.
    synth.drivers[2].base = 0xFFFF_FFFF_FFFF_F000
    synth.drivers[2].size = 0x2000
    let dump = try KernelDump(data: Data(synth.write()))
    let module = try #require(dump.modules.first { $0.base == 0xFFFF_FFFF_FFFF_F000 })
    #expect(module.timeDateStamp == synth.drivers[2].timeDateStamp)
    #expect(module.fileVersion == nil)
  }
}
