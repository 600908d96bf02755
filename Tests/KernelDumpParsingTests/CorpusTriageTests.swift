import BinaryReading
import DumpFormats
import Foundation
import KernelDumpParsing
import Testing
import TriageTestSupport

/// Reads a corpus file, or returns `nil` (the test then skips) when the corpus is absent.
func corpusData(_ relative: String) throws -> Data? {
  guard let url = TestPaths.corpusFile(relative) else { return nil }
  return try Data(contentsOf: url, options: .alwaysMapped)
}

/// Parses rizin's `Name : 0x…` lines and `reg = 0x…` lines from the oracle file.
func rizinFields() throws -> (fields: [String: UInt64], registers: [String: UInt64])? {
  guard let url = TestPaths.sharedCorpus?.appendingPathComponent("expected/triage_x64.rizin.txt"),
    let text = try? String(contentsOf: url, encoding: .utf8)
  else { return nil }
  var fields: [String: UInt64] = [:]
  var registers: [String: UInt64] = [:]
  for line in text.split(separator: "\n") {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if let range = trimmed.range(of: " : 0x") {
      let name = String(trimmed[..<range.lowerBound])
      let rest = trimmed[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
      if let value = UInt64(rest, radix: 16) { fields[name] = value }
    } else if let range = trimmed.range(of: " = 0x") {
      let name = String(trimmed[..<range.lowerBound])
      if let value = UInt64(trimmed[range.upperBound...], radix: 16) { registers[name] = value }
    }
  }
  return (fields, registers)
}

@Suite struct CorpusTriageTests {
  @Test func triageX64MatchesRizin() throws {
    guard let data = try corpusData("kernel/triage_x64.dmp"), let oracle = try rizinFields()
    else { return }
    let dump = try KernelDump(data: data)
    let h = dump.header
    let t = try #require(dump.triage).header
    let ours: [String: UInt64] = [
      "MajorVersion": UInt64(h.majorVersion), "MinorVersion": UInt64(h.minorVersion),
      "DirectoryTableBase": h.directoryTableBase, "PfnDataBase": h.pfnDataBase,
      "PsLoadedModuleList": h.psLoadedModuleList, "PsActiveProcessHead": h.psActiveProcessHead,
      "MachineImageType": UInt64(h.machineImageType),
      "NumberProcessors": UInt64(h.numberProcessors), "BugCheckCode": UInt64(h.bugCheckCode),
      "BugCheckParameter1": h.bugCheckParameters[0], "BugCheckParameter2": h.bugCheckParameters[1],
      "BugCheckParameter3": h.bugCheckParameters[2], "BugCheckParameter4": h.bugCheckParameters[3],
      "KdDebuggerDataBlock": h.kdDebuggerDataBlock,
      "SecondaryDataState": UInt64(h.secondaryDataState), "ProductType": UInt64(h.productType),
      "SuiteMask": UInt64(h.suiteMask),
      "ServicePackBuild": UInt64(t.servicePackBuild), "SizeOfDump": UInt64(t.sizeOfDump),
      "ValidOffset": UInt64(t.validOffset), "ContextOffset": UInt64(t.contextOffset),
      "ExceptionOffset": UInt64(t.exceptionOffset), "MmOffset": UInt64(t.mmOffset),
      "UnloadedDriversOffset": UInt64(t.unloadedDriversOffset),
      "PrcbOffset": UInt64(t.prcbOffset), "ProcessOffset": UInt64(t.processOffset),
      "ThreadOffset": UInt64(t.threadOffset), "CallStackOffset": UInt64(t.callStackOffset),
      "SizeOfCallStack": UInt64(t.sizeOfCallStack),
      "DriverListOffset": UInt64(t.driverListOffset), "DriverCount": UInt64(t.driverCount),
      "StringPoolOffset": UInt64(t.stringPoolOffset),
      "StringPoolSize": UInt64(t.stringPoolSize),
      "BrokenDriverOffset": UInt64(t.brokenDriverOffset),
      "TriageOptions": UInt64(t.triageOptions), "TopOfStack": t.topOfStack,
      "BStoreOffset": UInt64(t.bStoreOffset), "SizeOfBStore": UInt64(t.sizeOfBStore),
      "LimitOfBStore": t.limitOfBStore, "DataPageAddress": t.dataPageAddress,
      "DataPageOffset": UInt64(t.dataPageOffset), "DataPageSize": UInt64(t.dataPageSize),
      "DebuggerDataOffset": UInt64(t.debuggerDataOffset),
      "DebuggerDataSize": UInt64(t.debuggerDataSize),
      "DataBlocksOffset": UInt64(t.dataBlocksOffset),
      "DataBlocksCount": UInt64(t.dataBlocksCount),
    ]
    #expect(oracle.fields.count == ours.count)
    for (name, expected) in oracle.fields {
      #expect(ours[name] == expected, "\(name)")
    }
    // rizin prints the KeBugCheckEx context saved in the KPRCB (formats.md §2.5).
    let context = try #require(dump.processorContext)
    #expect(oracle.registers.count == 19)
    for (name, expected) in oracle.registers {
      #expect(context[name] == expected, "register \(name)")
    }
    #expect(context.stackPointer == t.topOfStack)
    // The header context is the exception context: Rip = P2 in amdppm.sys.
    #expect(dump.context?.instructionPointer == h.bugCheckParameters[1])
    #expect(dump.context?.stackPointer == 0xFFFF_8504_2989_2120)

    #expect(dump.architecture == .amd64)
    #expect(dump.header.dumpType == .triage)
    #expect(dump.modules.count == 151)
    #expect(dump.modules.first?.name == "\\SystemRoot\\system32\\ntoskrnl.exe")
    let amdppm = try #require(dump.modules.first { $0.baseName == "amdppm.sys" })
    #expect(amdppm.base == 0xFFFF_F804_8B58_0000)
    #expect(amdppm.size == 0x3B000)
    #expect(amdppm.timeDateStamp == 0xC9C0_3000)
    #expect(amdppm.codeID == "C9C030003B000")
    #expect(dump.modules.module(containing: h.bugCheckParameters[1])?.baseName == "amdppm.sys")
    #expect(dump.triage?.isValid == true)
    #expect(dump.debuggerData?.isDecoded == true)
    #expect(dump.debuggerData?.psLoadedModuleList == h.psLoadedModuleList)
    #expect(dump.notes.isEmpty, "\(dump.notes)")
    // The stack window is readable memory; the context at P4 lies inside it.
    #expect(dump.memory.readUInt64(at: t.topOfStack) != nil)
    let rip = dump.memory.readUInt64(at: h.bugCheckParameters[3] + 0xF8)
    #expect(rip == h.bugCheckParameters[1])
    #expect(dump.exception?.code == 0x8000_0003)
    // Secondary data: 20 DumpBlob records chained exactly to the end of the file.
    let blobs = try #require(dump.triage?.secondaryData)
    #expect(blobs.count == 20)
    #expect(blobs.first?.tag == "54c84888-01d1-4c1e-bed6-282c98241303")
    #expect(blobs.first?.size == 0x1000)
  }

  @Test func arm64Triage() throws {
    guard let data = try corpusData("kernel/win10_arm64_mem.dmp") else { return }
    let dump = try KernelDump(data: data)
    #expect(dump.architecture == .arm64)
    #expect(dump.header.minorVersion == 17134)
    #expect(dump.header.bugCheckCode == 0xE2)
    #expect(dump.modules.count == 228)
    let context = try #require(dump.context)
    #expect(context.stackPointer == dump.triage?.header.topOfStack)
    #expect(dump.modules.module(containing: context.instructionPointer ?? 0) != nil)
    #expect(dump.triage?.isValid == true)
    #expect(dump.triage?.secondaryData.count == 38)
  }

  @Test func arm32Triage() throws {
    guard let data = try corpusData("kernel/win10_arm_rpi3_mem.dmp") else { return }
    let dump = try KernelDump(data: data)
    #expect(dump.header.is64Bit == false)
    #expect(dump.architecture == .arm)
    #expect(dump.header.minorVersion == 17134)
    #expect(dump.modules.count == 136)
    let context = try #require(dump.context)
    #expect(context["pc"] == 0x83ED_AF2D)
    #expect(context.instructionPointer == 0x83ED_AF2C)
    #expect(context.stackPointer == dump.triage?.header.topOfStack)
    #expect(dump.unloadedDrivers.contains { $0.name == "ft5406_touch" })
    let touch = try #require(dump.unloadedDrivers.first { $0.name == "ft5406_touch" })
    #expect(touch.startAddress == 0x87AC_0000 && touch.endAddress == 0x87AC_C000)
    #expect(dump.header.attributesIfPresent == 0x10)
    #expect((dump.triage?.dataBlockCount ?? 0) > 0)
    #expect(dump.debuggerData?.kernBase == 0xFFFF_FFFF_80C0_6000)
  }

  @Test func truncatedFullDump() throws {
    guard let data = try corpusData("kernel/full_x64_header_truncated.dmp") else { return }
    let dump = try KernelDump(data: data)
    #expect(dump.header.dumpType == .full)
    #expect(dump.header.minorVersion == 19045)
    let layout = try #require(dump.physicalMemory)
    #expect(layout.runs.count == 5)
    #expect(layout.pageCount == 523_910)
    #expect(dump.header.requiredDumpSpace == 0x2000 + 523_910 * 0x1000)
    #expect(dump.header.pageDirectoryBase == 0x1AD000)
    #expect(dump.notes.contains { $0.code == "kernel.physical_memory.truncated" })
  }
}
