import DumpFormats
import MinidumpParsing
import MinidumpSynth
import Testing

@Suite("Modules")
struct ModuleListTests {
  @Test("RSDS CodeView gives the PDB name and Breakpad's debug id; versions are read")
  func rsds() throws {
    var synth = SynthMinidump()
    synth.addModule(
      base: 0x7C80_0000, size: 0xF_4000, name: #"C:\WINDOWS\system32\kernel32.dll"#,
      timeDateStamp: 0x44AB_9A84, checksum: 0xF_724D, fileVersion: (5, 1, 2600, 2945),
      codeView: .pdb70(
        guid: "BCE8785C-57B4-4245-A669-896B6A19B954", age: 2, pdbName: "kernel32.pdb"))
    let dump = try parse(synth)
    let raw = try #require(dump.minidumpModules.first)
    let module = try #require(dump.modules.first)
    #expect(module.name == #"C:\WINDOWS\system32\kernel32.dll"#)
    #expect(module.baseName == "kernel32.dll")
    #expect(module.base == 0x7C80_0000 && module.size == 0xF_4000)
    #expect(module.timeDateStamp == 0x44AB_9A84 && module.checksum == 0xF_724D)
    #expect(module.fileVersion == [5, 1, 2600, 2945])
    #expect(module.productVersion == [5, 1, 2600, 2945])
    #expect(module.debugFile == "kernel32.pdb")
    #expect(module.debugID == "BCE8785C57B44245A669896B6A19B9542")
    #expect(raw.versionString == "5.1.2600.2945")
    #expect(raw.codeID == "44AB9A84f4000")
    if case .pdb70(let guid, _, _) = raw.codeView {
      #expect(guid.description == "bce8785c-57b4-4245-a669-896b6a19b954")
    } else {
      Issue.record("expected an RSDS record")
    }
  }

  @Test("ages of 10 and more print in lower-case hex, as Breakpad does")
  func ageHex() throws {
    var synth = SynthMinidump()
    synth.addModule(
      base: 0x1000, size: 0x1000, name: "a.dll",
      codeView: .pdb70(guid: "00000000-0000-0000-0000-000000000001", age: 0x1A, pdbName: "a.pdb"))
    #expect(try parse(synth).modules.first?.debugID == "000000000000000000000000000000011a")
  }

  @Test("NB10 CodeView: signature + age")
  func nb10() throws {
    var synth = SynthMinidump()
    synth.addModule(
      base: 0x1000, size: 0x1000, name: "old.dll",
      codeView: .pdb20(signature: 0x3A2B_1C0D, age: 3, pdbName: #"d:\build\old.pdb"#))
    let module = try #require(try parse(synth).modules.first)
    #expect(module.debugID == "3A2B1C0D3")
    #expect(module.debugFile == #"d:\build\old.pdb"#)
  }

  @Test("Wine writes no CodeView record and no version: no debug id, no note")
  func wine() throws {
    var synth = SynthMinidump()
    synth.addModule(base: 0x1_4000_0000, size: 0x3_F000, name: "crashkinds.exe")
    let dump = try parse(synth)
    let module = try #require(dump.modules.first)
    #expect(module.debugID == nil && module.debugFile == nil && module.fileVersion == nil)
    #expect(dump.notes.isEmpty)
  }

  @Test("unknown or broken CodeView records do not lose the module")
  func brokenCodeView() throws {
    var synth = SynthMinidump()
    synth.addModule(
      base: 0x1000, size: 0x1000, name: "nb09.dll", codeView: .raw(Array("NB09xxxx".utf8)))
    synth.addModule(
      base: 0x2000, size: 0x1000, name: "short.dll", codeView: .raw(Array("RSDS1234".utf8)))
    let dump = try parse(synth)
    #expect(dump.modules.map(\.name) == ["nb09.dll", "short.dll"])
    #expect(dump.modules.allSatisfy { $0.debugID == nil })
    if case .other(let signature, let size) = dump.minidumpModules[0].codeView {
      #expect(signature == 0x3930_424E && size == 8)
    } else {
      Issue.record("expected an unknown record")
    }
    #expect(dump.notes.map(\.code) == ["minidump.module.codeview"])
  }

  @Test("an unreadable module name becomes a note; the module stays")
  func badName() throws {
    var synth = SynthMinidump()
    synth.stream(
      type: 4,
      [
        .u32(1), .u64(0x1000), .u32(0x1000), .u32(0), .u32(0), .u32(0xFFFF_0000),
        .zeros(52 + 16 + 16),
      ])
    let dump = try parse(synth)
    #expect(dump.modules.count == 1)
    #expect(dump.notes.map(\.code) == ["minidump.module.name"])
  }

  @Test("a module listed twice identically (WOW64 main executable) is kept once, with a note")
  func duplicateModule() throws {
    var synth = SynthMinidump()
    synth.addModule(base: 0x85_0000, size: 0x4_8000, name: #"D:\out\Win32\targetapp.exe"#)
    synth.addModule(base: 0x7FFC_8D70_0000, size: 0x1E_1000, name: "ntdll.dll")
    synth.addModule(base: 0x85_0000, size: 0x4_8000, name: #"D:\out\Win32\targetapp.exe"#)
    let dump = try parse(synth)
    #expect(dump.modules.map(\.baseName) == ["targetapp.exe", "ntdll.dll"])
    #expect(dump.notes.map(\.code) == ["minidump.module.duplicate"])
  }

  @Test("crash address as module + offset")
  func moduleOffset() throws {
    var synth = SynthMinidump()
    synth.addModule(base: 0x40_0000, size: 0x2D000, name: #"c:\test_app.exe"#)
    synth.addModule(base: 0x7C90_0000, size: 0xB_0000, name: "ntdll.dll")
    let dump = try parse(synth)
    let hit = try #require(dump.moduleAndOffset(of: 0x40_429E))
    #expect(hit.module.baseName == "test_app.exe" && hit.offset == 0x429E)
    #expect(dump.moduleAndOffset(of: 0x42_D000) == nil)
    #expect(dump.mainModule?.name == #"c:\test_app.exe"#)
  }

  @Test("UnloadedModuleList uses the sizes from its header")
  func unloaded() throws {
    var synth = SynthMinidump()
    let name = synth.string("gone.dll")
    // SizeOfEntry 28: a future, larger entry; the extra 4 bytes are skipped.
    synth.stream(
      type: 14,
      [
        .u32(12), .u32(28), .u32(2),
        .u64(0x1000_0000), .u32(0x5000), .u32(1), .u32(0x5F00_0000), .rva(name), .u32(0xEEEE),
        .u64(0x2000_0000), .u32(0x6000), .u32(2), .u32(0x5F00_0001), .rva(name), .u32(0xEEEE),
      ])
    let modules = try parse(synth).unloadedModules
    #expect(modules.map(\.base) == [0x1000_0000, 0x2000_0000])
    #expect(modules.map(\.name) == ["gone.dll", "gone.dll"])
    #expect(modules[1].timeDateStamp == 0x5F00_0001)
  }

  @Test("HandleData: count and type names")
  func handles() throws {
    var synth = SynthMinidump()
    let file = synth.string("File")
    synth.stream(
      type: 12,
      [
        .u32(16), .u32(32), .u32(1), .u32(0), .u64(0x44), .rva(file), .u32(0), .u32(0),
        .u32(0x12019F), .u32(1), .u32(2),
      ])
    let handles = try #require(try parse(synth).stream(HandleData.self))
    #expect(handles.declaredCount == 1)
    #expect(handles.handles.first?.typeName == "File")
    #expect(handles.handles.first?.objectName == nil)
    #expect(handles.handles.first?.handleCount == 1)
  }
}
