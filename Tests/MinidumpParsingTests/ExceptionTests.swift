import DumpFormats
import MinidumpParsing
import MinidumpSynth
import Testing
import TriageTestSupport

@Suite("Exception stream")
struct ExceptionTests {
  func dump(
    architecture: UInt16 = 9, code: UInt32, address: UInt64 = 0x7FF6_0000_1234,
    parameters: [UInt64] = [], declared: UInt32? = nil, withContext: Bool = true
  ) throws -> Minidump {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: architecture)
    let context: SynthMinidump.Label? =
      withContext
      ? (architecture == 0
        ? synth.blob(SynthContext.x86(["eip": 0x0040_429E, "esp": 0x12_FE84, "ebp": 0x12_FE88]))
        : synth.blob(SynthContext.amd64(["rip": address, "rsp": 0x1000, "rbp": 0x2000])))
      : nil
    synth.setException(
      threadID: 0xBF4, code: code, address: address, parameters: parameters,
      declaredParameterCount: declared, context: context)
    return try parse(synth)
  }

  @Test(
    "access violations decode as read, write or execute at an address",
    arguments: [
      (UInt64(0), UInt64(0x4141_4141), "read from 0x41414141", "EXCEPTION_ACCESS_VIOLATION_READ"),
      (1, 0x45, "write to 0x45 (null pointer)", "EXCEPTION_ACCESS_VIOLATION_WRITE"),
      (
        8, 0x3D_F944, "execute at 0x3df944 (DEP: the memory is not executable)",
        "EXCEPTION_ACCESS_VIOLATION_EXEC"
      ),
    ])
  func accessViolation(kind: UInt64, target: UInt64, text: String, reason: String) throws {
    let exception = try #require(
      try dump(code: 0xC000_0005, parameters: [kind, target]).exception)
    #expect(exception.code == .accessViolation)
    #expect(exception.code.name == "EXCEPTION_ACCESS_VIOLATION")
    let av = try #require(exception.accessViolation)
    #expect(av.kind.rawValue == kind)
    #expect(av.address == target)
    #expect(av.description == text)
    #expect(av.breakpadReason == reason)
    #expect(exception.summary.hasPrefix("EXCEPTION_ACCESS_VIOLATION (access violation): "))
  }

  @Test("a 32-bit process's sign-extended AV address is masked to 32 bits")
  func signExtended() throws {
    let exception = try #require(
      try dump(
        architecture: 0, code: 0xC000_0005, address: 0x40_429E,
        parameters: [1, 0xFFFF_FFFF_0000_0045]
      ).exception)
    #expect(exception.parameters[1] == 0xFFFF_FFFF_0000_0045)
    #expect(exception.accessViolation?.address == 0x45)
    #expect(exception.context?.architecture == .x86)
    #expect(exception.context?["eip"] == 0x40_429E)
  }

  @Test("an in-page error carries the I/O status")
  func inPageError() throws {
    let exception = try #require(
      try dump(code: 0xC000_0006, parameters: [0, 0x1000, 0xC000_009C]).exception)
    #expect(exception.accessViolation?.ioStatus == 0xC000_009C)
    #expect(exception.code.name == "EXCEPTION_IN_PAGE_ERROR")
  }

  @Test(
    "common codes have names; unknown codes print as hex",
    arguments: [
      (UInt32(0x8000_0003), "EXCEPTION_BREAKPOINT"), (0xC000_00FD, "EXCEPTION_STACK_OVERFLOW"),
      (0xC000_0094, "EXCEPTION_INT_DIVIDE_BY_ZERO"), (0xC000_001D, "EXCEPTION_ILLEGAL_INSTRUCTION"),
      (0xC000_0374, "STATUS_HEAP_CORRUPTION"), (0xE06D_7363, "CPP_EH_EXCEPTION"),
      (0xE043_4352, "CLR_EXCEPTION"), (0x4000_001F, "STATUS_WX86_BREAKPOINT"),
      (0xE000_0001, "0xe0000001"),
    ])
  func names(code: UInt32, name: String) throws {
    let exception = try #require(try dump(code: code).exception)
    #expect(exception.code.description == name)
    #expect(exception.accessViolation == nil)
  }

  @Test("a fast fail decodes its FAST_FAIL code")
  func fastFail() throws {
    let exception = try #require(try dump(code: 0xC000_0409, parameters: [7]).exception)
    #expect(exception.fastFailCode?.name == "FAST_FAIL_FATAL_APP_EXIT")
    #expect(exception.summary.hasSuffix(": FAST_FAIL_FATAL_APP_EXIT"))
    #expect(FastFailCode(rawValue: 999).description == "FAST_FAIL_0x3e7")
  }

  @Test("more than 15 declared parameters keeps 15 and notes it")
  func tooManyParameters() throws {
    let exception = try #require(
      try dump(code: 0xC000_0005, parameters: Array(0..<15), declared: 0xFFFF_FFFF).exception)
    #expect(exception.parameters.count == 15)
    #expect(exception.notes.map(\.code) == ["minidump.exception.parameter_count"])
  }

  @Test("the exception context is the crash context and names the crashing thread")
  func context() throws {
    let minidump = try dump(code: 0x8000_0003)
    #expect(minidump.crashingThreadID == 0xBF4)
    #expect(minidump.crashContext?["rip"] == 0x7FF6_0000_1234)
    #expect(minidump.crashContext?.stackPointer == 0x1000)
    let noContext = try dump(code: 0x8000_0003, withContext: false)
    #expect(noContext.exception?.context == nil)
  }

  @Test("an exception context outside the file becomes a note")
  func contextOutside() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    var fields: [SynthMinidump.Field] = [
      .u32(1), .u32(0), .u32(0xC000_0005), .u32(0), .u64(0), .u64(0x1234), .u32(0), .u32(0),
    ]
    fields += Array(repeating: .u64(0), count: 15)
    fields += [.u32(0x4D0), .u32(0xFFFF_FFF0)]
    synth.stream(type: 6, fields)
    let minidump = try parse(synth)
    let exception = try #require(minidump.exception)
    #expect(exception.context == nil)
    #expect(exception.notes.map(\.code) == ["minidump.exception.context"])
  }

  @Test("Breakpad's assertion record decodes an invalid-parameter crash")
  func breakpadAssertion() throws {
    var synth = SynthMinidump()
    synth.setSystemInfo(architecture: 9)
    synth.setException(threadID: 1, code: 0xC000_000D, address: 0)
    synth.stream(
      type: 0x4767_0002,
      utf16Field("buffer != nullptr", units: 128) + utf16Field("strcpy_s", units: 128)
        + utf16Field("strcpy.c", units: 128) + [.u32(27), .u32(1)])
    let dump = try parse(synth)
    #expect(dump.exception?.code.name == "STATUS_INVALID_PARAMETER")
    #expect(
      dump.exceptionDecode == "invalid parameter: buffer != nullptr in strcpy_s (strcpy.c:27)")
    #expect(dump.otherStreams.isEmpty)
  }

  @Test("the corpus invalid-parameter dump names the failed CRT check")
  func realAssertion() throws {
    guard let url = TestPaths.corpusFile("robustness/invalid-parameter.dmp") else { return }
    let assertion = try #require(try Minidump(path: url.path).breakpadAssertion)
    #expect(assertion.kind == "invalid parameter")
    #expect(assertion.function == "common_vfprintf")
    #expect(assertion.line == 32)
    #expect(assertion.expression == "format != nullptr")
  }
}
