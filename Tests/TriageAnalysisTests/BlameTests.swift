import Testing
import TriageFacts

@testable import TriageAnalysis

/// Hand-built crashes for blame.
enum Crashes {
  static let nt = ModuleFact(
    name: "ntoskrnl.exe", base: 0xFFFF_F804_7BA0_0000, size: 0x0104_6000)
  static let amdppm = ModuleFact(
    name: "amdppm.sys", base: 0xFFFF_F804_8B58_0000, size: 0x3B000, timeDateStamp: 0xC9C0_3000)
  static let wdf = ModuleFact(name: "Wdf01000.sys", base: 0xFFFF_F804_7995_0000, size: 0xD3000)
  static let fileinfo = ModuleFact(name: "fileinfo.sys", base: 0xFFFF_F800_1000_0000, size: 0x20000)
  static let fltmgr = ModuleFact(name: "FLTMGR.SYS", base: 0xFFFF_F800_1100_0000, size: 0x70000)
  static let testDriver = ModuleFact(
    name: "TestDriver.sys", base: 0xFFFF_F800_2000_0000, size: 0x10000)

  /// The shape of triage_x64.dmp: 0x1000007E with P2 in amdppm.sys (rizin's stack).
  static var triageX64: CrashFacts {
    var frames: [FrameFact] = []
    let top: [(String, String, UInt64)] = [
      ("ntoskrnl.exe", "KeBugCheckEx", 0xFFFF_F804_7BDF_5A80),
      ("ntoskrnl.exe", "KiBugCheckDispatch", 0xFFFF_F804_7BE0_F4E1),
      ("ntoskrnl.exe", "__C_specific_handler", 0xFFFF_F804_7BDC_C052),
      ("ntoskrnl.exe", "RtlpExecuteHandlerForException", 0xFFFF_F804_7BDF_E942),
      ("ntoskrnl.exe", "RtlDispatchException", 0xFFFF_F804_7BD2_BF97),
      ("ntoskrnl.exe", "KiDispatchException", 0xFFFF_F804_7BD2_AB86),
      ("ntoskrnl.exe", "KiExceptionDispatch", 0xFFFF_F804_7BE0_7BAC),
      ("ntoskrnl.exe", "KiSegmentNotPresentFault", 0xFFFF_F804_7BE0_31F5),
      ("amdppm.sys", "WriteIoMemRawEx", 0xFFFF_F804_8B58_334C),
      ("amdppm.sys", "WriteGenAddrEx", 0xFFFF_F804_8B58_313F),
      ("Wdf01000.sys", "FxPkgPnp::Dispatch", 0xFFFF_F804_7995_CC5F),
      ("ntoskrnl.exe", "IofCallDriver", 0xFFFF_F804_7BC5_2F55),
      ("ntoskrnl.exe", "KiStartSystemThread", 0xFFFF_F804_7BDF_D0D8),
    ]
    for (index, (module, function, address)) in top.enumerated() {
      frames.append(
        FrameFact(
          index: index, address: address, module: module, function: function,
          functionOffset: 0x10, trust: index == 0 ? .context : .cfi))
    }
    return CrashFacts(
      dumpKind: .kernelSmall,
      bugCheck: BugCheckFact(
        code: 0x1000_007E,
        parameters: [
          0xFFFF_FFFF_C000_0005, 0xFFFF_F804_8B58_334C, 0xFFFF_8504_2989_1EE8,
          0xFFFF_8504_2989_1720,
        ]),
      modules: [nt, amdppm, wdf], frames: frames)
  }

  /// A 0xD1 whose faulting address is in fileinfo.sys while TestDriver.sys is lower on the stack.
  static func filterDriverVictim(testDriverTrust: FrameTrust) -> CrashFacts {
    var frames = [
      FrameFact(
        index: 0, address: nt.base + 0x1000, module: "ntoskrnl.exe",
        function: "KeBugCheckEx", trust: .context),
      FrameFact(
        index: 1, address: nt.base + 0x2000, module: "ntoskrnl.exe",
        function: "KiBugCheckDispatch", trust: .cfi),
      FrameFact(
        index: 2, address: nt.base + 0x3000, module: "ntoskrnl.exe",
        function: "KiPageFault", trust: .cfi),
      FrameFact(
        index: 3, address: fileinfo.base + 0x5678, module: "fileinfo.sys",
        moduleOffset: 0x5678, trust: .cfi),
    ]
    for index in 4..<20 {
      frames.append(
        FrameFact(
          index: index, address: fltmgr.base + UInt64(index) * 0x10, module: "FLTMGR.SYS",
          moduleOffset: UInt64(index) * 0x10, trust: .cfi))
    }
    frames.append(
      FrameFact(
        index: 20, address: testDriver.base + 0x1234, module: "TestDriver.sys",
        moduleOffset: 0x1234, trust: testDriverTrust))
    return CrashFacts(
      dumpKind: .kernelSmall,
      bugCheck: BugCheckFact(code: 0xD1, parameters: [0x10, 2, 0, fileinfo.base + 0x5678]),
      modules: [nt, fileinfo, fltmgr, testDriver], frames: frames)
  }
}

@Suite struct BlameTests {
  let analyzer = BlameAnalyzer()

  @Test func triageX64BlamesAmdppmFromP2() throws {
    let blame = analyzer.analyze(Crashes.triageX64)
    #expect(blame.kind == .module)
    let fact = try #require(blame.fact)
    #expect(fact.module == "amdppm.sys")
    #expect(fact.function == "WriteIoMemRawEx")
    #expect(fact.moduleOffset == 0x334C)
    #expect(blame.reason == "P2 (exception address) 0xfffff8048b58334c lies in amdppm.sys+0x334c")
    #expect(blame.isMicrosoft == true)
    #expect(
      blame.decisions.contains {
        $0.hasPrefix("amdppm.sys is a Microsoft module and no third-party module is on the stack")
      })
  }

  @Test func thirdPartyDriverPreferredOverMicrosoftFilter() throws {
    let blame = analyzer.analyze(Crashes.filterDriverVictim(testDriverTrust: .cfi))
    let fact = try #require(blame.fact)
    #expect(fact.module == "testdriver.sys")
    #expect(fact.frameIndex == 20)
    #expect(blame.isMicrosoft == false)
    #expect(
      blame.decisions.contains(
        "skipped frame 0 nt!KeBugCheckEx: ignore-list (ignore.yml: nt!KeBugCheckEx)"))
    #expect(
      blame.decisions.contains(
        "fileinfo.sys is a Microsoft module; chose TestDriver.sys+0x1234 (frame 20, cfi), "
          + "a third-party module on the stack"))
    #expect(blame.reason.contains("frame 20 TestDriver.sys+0x1234 (cfi)"))
  }

  @Test func scannedThirdPartyFrameIsNotPreferred() throws {
    let blame = analyzer.analyze(Crashes.filterDriverVictim(testDriverTrust: .scan))
    let fact = try #require(blame.fact)
    #expect(fact.module == "fileinfo.sys")
    #expect(blame.evidence == "P4 (address of the faulting instruction)")
    #expect(blame.decisions.contains { $0.contains("was found by stack scan only") })
  }

  @Test(arguments: [UInt32(0xE2), 0xDEAD_DEAD, 0x1C8])
  func manualCrashesBlameAPerson(code: UInt32) {
    var facts = Crashes.triageX64
    facts.bugCheck = BugCheckFact(code: code, parameters: [0, 0, 0, 0])
    let blame = analyzer.analyze(facts)
    #expect(blame.kind == .manual)
    #expect(blame.fact == nil)
    #expect(blame.reason.contains("initiated by a person"))
    #expect(blame.reason.contains("not a driver"))
  }

  @Test func powerButtonNamed() {
    let facts = CrashFacts(bugCheck: BugCheckFact(code: 0x1C8, parameters: [0x1B58, 0, 0, 0]))
    #expect(analyzer.analyze(facts).reason.contains("power button"))
  }

  @Test func wheaIsHardware() {
    let facts = CrashFacts(
      bugCheck: BugCheckFact(code: 0x124, parameters: [0, 0xFFFF_A000_0000_0000, 0, 0]),
      modules: [Crashes.testDriver],
      frames: [FrameFact(index: 0, address: Crashes.testDriver.base + 4, module: "TestDriver.sys")])
    let blame = analyzer.analyze(facts)
    #expect(blame.kind == .hardware)
    #expect(blame.fact == nil)
  }

  @Test func maybeOwnerDefersToCaller() throws {
    let facts = CrashFacts(
      bugCheck: BugCheckFact(code: 0xC2, parameters: [7, 0, 0, 0]),
      modules: [Crashes.nt, Crashes.testDriver],
      frames: [
        FrameFact(
          index: 0, address: Crashes.nt.base + 1, module: "ntoskrnl.exe",
          function: "KeBugCheckEx"),
        FrameFact(
          index: 1, address: Crashes.nt.base + 2, module: "ntoskrnl.exe",
          function: "ExFreePoolWithTag", trust: .cfi),
        FrameFact(
          index: 2, address: Crashes.nt.base + 3, module: "ntoskrnl.exe",
          function: "ObfDereferenceObject", trust: .cfi),
        FrameFact(
          index: 3, address: Crashes.nt.base + 4, module: "ntoskrnl.exe",
          function: "NtClose", trust: .cfi),
      ])
    let blame = analyzer.analyze(facts)
    // The pool and object frames are `maybe_`: NtClose, the first ordinary frame, wins.
    #expect(blame.fact?.function == "NtClose")
    #expect(blame.decisions.contains { $0.contains("lowered owner maybe_pool_caller") })
  }

  @Test func userDumpBlamesExceptionAddress() throws {
    let app = ModuleFact(name: "C:\\Program Files\\App\\crash.exe", base: 0x40_0000, size: 0x1000)
    let facts = CrashFacts(
      dumpKind: .userMinidump,
      exception: ExceptionFact(code: 0xC000_0005, address: 0x40_0123, parameters: [0, 0]),
      modules: [app],
      frames: [FrameFact(index: 0, address: 0x40_0123, module: app.name, trust: .context)])
    let blame = analyzer.analyze(facts)
    #expect(blame.fact?.module == "crash.exe")
    #expect(blame.fact?.moduleOffset == 0x123)
    #expect(blame.reason == "exception address 0x400123 lies in crash.exe+0x123")
  }

  @Test func unloadedDriverBlamed() throws {
    let facts = CrashFacts(
      bugCheck: BugCheckFact(code: 0xD1, parameters: [0, 2, 0, 0xFFFF_F800_3000_0040]),
      modules: [Crashes.nt],
      unloadedModules: [
        UnloadedModuleFact(name: "gone.sys", base: 0xFFFF_F800_3000_0000, size: 0x1000)
      ])
    let blame = analyzer.analyze(facts)
    #expect(blame.fact?.module == "gone.sys")
    #expect(blame.reason.contains("unloaded before the crash"))
  }

  @Test func nothingToBlame() {
    let blame = analyzer.analyze(CrashFacts(bugCheck: BugCheckFact(code: 0x3D, parameters: [])))
    #expect(blame.kind == .undetermined)
    #expect(!blame.decisions.isEmpty)
  }

  @Test func frameWithoutModuleIsSkipped() {
    let facts = CrashFacts(
      modules: [Crashes.testDriver],
      frames: [
        FrameFact(index: 0, address: 0x1234, trust: .context),
        FrameFact(index: 1, address: Crashes.testDriver.base + 0x10, trust: .cfi),
      ])
    let blame = analyzer.analyze(facts)
    #expect(blame.fact?.module == "testdriver.sys")
    #expect(blame.decisions.first == "skipped frame 0 0x1234: not in any module")
  }
}

@Suite struct SymbolLessKernelFrameTests {
  /// Frame 0 of a kernel stack without symbols is nt (KeBugCheckEx): a scanned driver below wins.
  @Test func symbolLessKernelFrameIsLastResort() throws {
    let nt = Crashes.nt
    let driver = Crashes.testDriver
    var facts = CrashFacts(
      dumpKind: .kernelSmall, bugCheck: BugCheckFact(code: 0xC2, parameters: [7, 0, 0, 0]),
      modules: [nt, driver],
      frames: [
        FrameFact(index: 0, address: nt.base + 0x100, module: "ntoskrnl.exe", trust: .context),
        FrameFact(index: 1, address: driver.base + 0x40, module: "TestDriver.sys", trust: .scan),
      ])
    let blame = BlameAnalyzer().analyze(facts)
    #expect(blame.fact?.module == "testdriver.sys")
    #expect(blame.decisions.contains { $0.contains("has no symbols and is in nt") })
    facts.frames.removeLast()
    #expect(BlameAnalyzer().analyze(facts).fact?.module == "ntoskrnl.exe")
  }
}
