import DumpFormats
import MinidumpParsing
import MinidumpSynth
import Testing
import TriageTestSupport

@Suite("Crash summary and WOW64")
struct CrashSummaryTests {
  @Test("the exception context wins over the thread-list context")
  func exceptionContextFirst() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    let threadContext = synth.blob(SynthContext.amd64(["rip": 0x7FFC_0000_0001]))
    let faultContext = synth.blob(SynthContext.amd64(["rip": 0x7FF6_0000_1234]))
    synth.addThread(id: 9, context: threadContext)
    synth.setException(
      threadID: 9, code: 0xC000_0005, address: 0x7FF6_0000_1234, parameters: [0, 8],
      context: faultContext)
    let dump = try parse(synth)
    #expect(dump.crashingThread?.context?["rip"] == 0x7FFC_0000_0001)
    #expect(dump.crashContext?["rip"] == 0x7FF6_0000_1234)
    #expect(dump.crashInstructionAddress == 0x7FF6_0000_1234)
    #expect(!dump.isWOW64)
    #expect(dump.wow64Context == nil)
  }

  @Test("without any exception the crashing thread is unknown, not guessed")
  func noException() throws {
    var synth = SynthMinidump()
    synth.addThread(id: 1)
    let dump = try parse(synth)
    #expect(dump.crashingThreadID == nil)
    #expect(dump.crashContext == nil)
  }

  @Test("WOW64 by modules: the x64 context with cs 0x23 yields the 32-bit registers")
  func wow64Modules() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9, build: 17134)
    synth.addModule(base: 0x85_0000, size: 0x3_0000, name: #"D:\out\Win32\Debug\targetapp.exe"#)
    synth.addModule(
      base: 0x7FFC_8D70_0000, size: 0x1E_0000, name: #"C:\Windows\System32\ntdll.dll"#)
    synth.addModule(base: 0x7FFC_8B00_0000, size: 0x5_0000, name: #"C:\Windows\System32\wow64.dll"#)
    synth.addModule(base: 0x77CE_0000, size: 0x19_0000, name: #"C:\Windows\SysWOW64\ntdll.dll"#)
    // The real WOW64 corpus dump: rip 0x875f5d, rsp 0x6ff478, cs 0x23, code 0x4000001f.
    let context = synth.blob(
      SynthContext.amd64(
        [
          "rip": 0x87_5F5D, "rsp": 0x6F_F478, "rbp": 0x6F_F550, "rax": 0x89_3071, "cs": 0x23,
          "ss": 0x2B, "eflags": 0x244,
        ],
        flags: 0x10_005F))
    synth.setException(
      threadID: 0xBFF8, code: 0x4000_001F, address: 0x87_5F5D, parameters: [0], context: context)
    let dump = try parse(synth)
    #expect(dump.isWOW64)
    let x86 = try #require(dump.wow64Context)
    #expect(x86.architecture == .x86)
    #expect(x86.instructionPointer == 0x87_5F5D)
    #expect(x86.stackPointer == 0x6F_F478)
    #expect(x86["eax"] == 0x89_3071)
    #expect(dump.exception?.code.name == "STATUS_WX86_BREAKPOINT")
    let hit = try #require(dump.moduleAndOffset(of: 0x87_5F5D))
    #expect(hit.module.baseName == "targetapp.exe" && hit.offset == 0x2_5F5D)
  }

  @Test("WOW64 by build string: SystemInfo says x86, MiscInfo's build names amd64")
  func wow64BuildString() throws {
    var fields: [SynthMinidump.Field] = [.u32(832), .u32(0x100)]
    fields += [.zeros(0xE8 - 8)]
    fields += utf16Field("22621.1.amd64fre.ni_release.220506-1250", units: 260)
    fields += utf16Field("", units: 40)
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 0, build: 22631)
    synth.stream(type: 15, fields)
    let context = synth.blob(SynthContext.x86(["eip": 0x40_1000]))
    synth.addThread(id: 3, context: context)
    synth.setException(threadID: 3, code: 0x8000_0003, address: 0x40_1000, context: context)
    let dump = try parse(synth)
    #expect(dump.isWOW64)
    #expect(dump.wow64Context?["eip"] == 0x40_1000)

    var native = SynthMinidump()
    native.setSystemInfo(architecture: 0)
    native.stream(
      type: 15,
      [.u32(832), .u32(0x100), .zeros(0xE8 - 8)]
        + utf16Field("17763.1.x86fre.rs5_release", units: 260) + utf16Field("", units: 40))
    #expect(try !parse(native).isWOW64)
  }

  @Test("the Breakpad x86 CET dump is a WOW64 process; native x86 dumps are not")
  func corpusWOW64() throws {
    guard let wow = TestPaths.corpusFile("user/breakpad/tiny-exe-with-cet-xsave-x86.dmp"),
      let native = TestPaths.corpusFile("user/breakpad/thread_name_list.dmp")
    else { return }
    #expect(try Minidump(path: wow.path).isWOW64)
    let nativeDump = try Minidump(path: native.path)
    #expect(!nativeDump.isWOW64)
    #expect(nativeDump.threadNames.count == 3)
  }

  @Test("the real WOW64 dump (kdlibcpp, in a cabinet): 32-bit view of the x64 exception context")
  func realWOW64() throws {
    guard let data = BreakpadOracleTests.cabinetDumps["kdlibcpp/targetapp_stacktest_wow64.cab.dmp"]
    else { return }
    let dump = try Minidump(data: data)
    #expect(dump.systemInfo?.architecture == .amd64)
    #expect(dump.isWOW64)
    #expect(dump.exception?.code == .wx86Breakpoint)
    let x86 = try #require(dump.wow64Context)
    #expect(x86.instructionPointer == 0x87_5F5D)
    #expect(x86.stackPointer == 0x6F_F478)
    #expect(x86.framePointer == 0x6F_F550)
    #expect(dump.moduleAndOffset(of: 0x87_5F5D)?.module.baseName == "targetapp.exe")
    #expect(dump.notes.contains { $0.code == "minidump.module.duplicate" })
    // A full dump: thread stacks have Rva 0 and are read through Memory64List.
    let thread = try #require(dump.crashingThread)
    #expect(thread.stack.rva == 0)
    #expect(dump.memory.bytes(at: 0x6F_F478, count: 8) != nil)
  }
}
