import BinaryReading
import DumpFormats
import Foundation
import PEImageParsing
import Testing
import TriageTestSupport

@Suite struct PEImageTests {
  @Test func x86DriverHeadersAndCodeView() throws {
    let image = try PEImage.open(path: Fixtures.out("x86/netbt.sys"))
    #expect(image.architecture == .x86)
    #expect(!image.isPE32Plus)
    #expect(image.timeDateStamp == 0x7212_D8C4)
    #expect(image.sizeOfImage == 0x5000)
    #expect(image.codeID == "7212D8C45000")
    #expect(image.subsystem == 1)  // native
    let codeView = try #require(image.codeView)
    #expect(codeView.pdbPath == "netbt.pdb")
    #expect(codeView.age == 1)
    #expect(codeView.debugID.count == 33)
    #expect(image.runtimeFunctions.isEmpty)  // x86 has no .pdata
    #expect(image.notes.isEmpty)
    #expect(image.sections.map(\.name).contains(".text"))
  }

  @Test(arguments: ["x86/netbt.sys", "x64/netbt.sys", "arm64/netbt.sys", "x64/fixdll.dll"])
  func headersAgreeWithLLVMReadobj(path: String) throws {
    guard let readobj = Fixtures.tool("llvm-readobj") else { return }
    let image = try PEImage.open(path: Fixtures.out(path))
    let text = try #require(Fixtures.run(readobj, ["--file-headers", Fixtures.out(path)]))
    #expect(text.contains("(0x\(String(image.timeDateStamp, radix: 16, uppercase: true)))"))
    #expect(text.contains("SizeOfImage: \(image.sizeOfImage)"))
    #expect(
      text.contains(
        "AddressOfEntryPoint: 0x\(String(image.entryPointRVA, radix: 16, uppercase: true))"))
  }

  @Test func x64RuntimeFunctionsMatchLLVMReadobj() throws {
    let image = try PEImage.open(path: Fixtures.out("x64/netbt.sys"))
    #expect(image.architecture == .amd64)
    #expect(image.runtimeFunctions.count == 3)
    for entry in image.runtimeFunctions {
      #expect(entry.endRVA > entry.beginRVA)
      #expect(image.runtimeFunction(containing: entry.beginRVA) == entry)
      #expect(image.runtimeFunction(containing: entry.endRVA - 1) == entry)
      let info = try X64UnwindInfo(image: image, rva: entry.unwindData)
      #expect(info.version == 1)
      #expect(info.stackAdjustment % 8 == 0)
    }
    // The large-frame function allocates more than 0xC00 bytes.
    let adjustments = try image.runtimeFunctions.map {
      try X64UnwindInfo(image: image, rva: $0.unwindData).stackAdjustment
    }
    #expect(adjustments.contains { $0 >= 0xC00 })
    guard let readobj = Fixtures.tool("llvm-readobj") else { return }
    let text = try #require(Fixtures.run(readobj, ["--unwind", Fixtures.out("x64/netbt.sys")]))
    for entry in image.runtimeFunctions {
      let start = String(image.imageBase + UInt64(entry.beginRVA), radix: 16).uppercased()
      #expect(text.uppercased().contains("STARTADDRESS: 0X\(start)") || text.contains(start))
    }
  }

  @Test func arm64PackedAndFullUnwindEntries() throws {
    let image = try PEImage.open(path: Fixtures.out("arm64/netbt.sys"))
    #expect(image.architecture == .arm64)
    #expect(image.runtimeFunctions.count == 3)
    let packed = image.runtimeFunctions.filter { $0.unwindData & 3 != 0 }
    let full = image.runtimeFunctions.filter { $0.unwindData & 3 == 0 }
    #expect(!packed.isEmpty && !full.isEmpty)
    // Lengths from llvm-readobj --unwind: 284 (xdata), 40 and 148 (packed).
    #expect(image.runtimeFunctions.map { $0.endRVA - $0.beginRVA } == [284, 40, 148])
    for entry in full {
      let xdata = try #require(image.bytes(atRVA: entry.unwindData, count: 4))
      #expect(xdata.count == 4)
    }
    #expect(image.runtimeFunction(containing: 0) == nil)
  }

  @Test func exportsIncludeOrdinalOnlyAndForwarders() throws {
    for arch in ["x86", "x64", "arm64"] {
      let image = try PEImage.open(path: Fixtures.out("\(arch)/fixdll.dll"))
      let exports = try #require(try image.exports())
      #expect(exports.dllName == "fixdll.dll")
      let names = Set(exports.entries.compactMap(\.name))
      #expect(names == ["FixEntryPoint", "FixWithFrame", "FixLeaf", "FixForwarded"])
      let forwarded = try #require(exports.entries.first { $0.name == "FixForwarded" })
      #expect(forwarded.forwarder == "ntoskrnl.RtlZeroMemory")
      let ordinalOnly = try #require(exports.entries.first { $0.ordinal == 7 })
      #expect(ordinalOnly.name == nil)
      let leaf = try #require(exports.entries.first { $0.name == "FixLeaf" })
      #expect(exports.entry(atOrBelow: leaf.rva + 1)?.name == "FixLeaf")
    }
  }

  @Test(arguments: [("4000", UInt16(4000)), ("4121", UInt16(4121))])
  func storportVersionResource(suffix: String, build: UInt16) throws {
    let image = try PEImage.open(path: Fixtures.out("x86/storport-\(suffix)/storport.sys"))
    let version = try #require(try image.versionInfo())
    #expect(version.fileVersion == [5, 2, 3790, build])
    #expect(version.productVersion == [5, 2, 3790, build])
    #expect(version.fileVersionString == "5.2.3790.\(build)")
    #expect(version.companyName == "Microsoft Corporation")
    #expect(version.fileDescription == "Microsoft Storage Port Driver")
    #expect(version.strings["FileVersion"] == "5.2.3790.\(build) (srv03_sp2_gdr.fixture)")
    #expect(version.fileType == 3)
    #expect(
      try image.exports()?.entries.compactMap(\.name).sorted() == [
        "_StorPortGetBusData@8", "_StorPortInitialize@8",
      ])
  }

  @Test func bytesAtRVAReadSectionData() throws {
    let image = try PEImage.open(path: Fixtures.out("x64/netbt.sys"))
    let text = try #require(image.sections.first { $0.name == ".text" })
    let first = try #require(image.bytes(atRVA: text.virtualAddress, count: 16))
    let file = try Fixtures.bytes("x64/netbt.sys")
    let offset = Int(text.pointerToRawData)
    #expect(first == [UInt8](file[offset..<(offset + 16)]))
    #expect(image.bytes(atRVA: 0xFFFF_FFF0, count: 32) == nil)
    #expect(image.bytes(atRVA: 0, count: 2) == [0x4D, 0x5A])
    // A mapped copy answers the same.
    var mapped = [UInt8](repeating: 0, count: Int(image.sizeOfImage))
    for section in image.sections {
      let bytes = try #require(
        image.bytes(atRVA: section.virtualAddress, count: Int(section.virtualSize)))
      for (i, byte) in bytes.enumerated() { mapped[Int(section.virtualAddress) + i] = byte }
    }
    for i in 0..<Int(image.sizeOfHeaders) { mapped[i] = file[i] }
    let memory = try PEImage(data: Data(mapped), layout: .mapped)
    #expect(memory.codeView == image.codeView)
    #expect(memory.runtimeFunctions == image.runtimeFunctions)
  }

  @Test func rejectsNonPEWithOffset() {
    #expect(throws: ReadError.self) { try PEImage(data: Data("hello world".utf8)) }
    do {
      _ = try PEImage(
        data: Data([0x4D, 0x5A] + [UInt8](repeating: 0, count: 0x3A) + [0x40, 0, 0, 0]))
      Issue.record("expected an error")
    } catch {
      #expect(error.context.contains("Signature") || error.code == .truncated)
    }
  }

  /// Every prefix and seeded byte flips of each fixture image: errors or notes, never a trap.
  @Test func corruptImagesNeverCrash() throws {
    for path in [
      "x86/netbt.sys", "x64/fixdll.dll", "arm64/netbt.sys", "x86/storport-4121/storport.sys",
    ] {
      let original = [UInt8](try Fixtures.bytes(path))
      for length in stride(from: 0, through: original.count, by: 7) {
        if let image = try? PEImage(data: Data(original.prefix(length))) {
          _ = try? image.exports()
          _ = try? image.versionInfo()
          _ = image.runtimeFunction(containing: 0x1010)
        }
      }
      let seed: UInt64 = 0x5EED_0005
      var random = SeededRandom(seed: seed)
      for _ in 0..<300 {
        var mutated = original
        for _ in 0..<8 {
          let index = Int(random.next() % UInt64(mutated.count))
          mutated[index] = UInt8(truncatingIfNeeded: random.next())
        }
        if let image = try? PEImage(data: Data(mutated)) {
          _ = try? image.exports()
          _ = try? image.versionInfo()
          for entry in image.runtimeFunctions.prefix(8) {
            _ = try? X64UnwindInfo(image: image, rva: entry.unwindData)
          }
          _ = image.bytes(atRVA: 0x1000, count: 64)
        }
      }
    }
  }
}
