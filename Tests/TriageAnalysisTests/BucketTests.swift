import Foundation
import Testing
import TriageFacts
import TriageTestSupport

@testable import TriageAnalysis

@Suite struct BucketTests {
  let analyzer = BlameAnalyzer()
  let builder = BucketBuilder()

  func bucket(_ facts: CrashFacts) -> Bucket {
    builder.bucket(for: facts, blame: analyzer.analyze(facts))
  }

  @Test func triageX64Bucket() {
    let bucket = bucket(Crashes.triageX64)
    #expect(bucket.id == "0x7E_c0000005_amdppm!WriteIoMemRawEx")
    #expect(bucket.crashClass == "0x7E_c0000005")
    #expect(bucket.functionOffset == 0x10)
    #expect(bucket.hash.count == 12)
  }

  @Test func withoutSymbolsUnknownFunction() {
    var facts = Crashes.triageX64
    facts.frames = facts.frames.map { frame in
      var frame = frame
      frame.function = nil
      frame.functionOffset = nil
      return frame
    }
    let bucket = bucket(facts)
    // No symbols: nt frames cannot be recognised as ignorable, but P2 still names amdppm.
    #expect(bucket.id == "0x7E_c0000005_amdppm!unknown_function")
    #expect(bucket.functionOffset == 0x334C)
  }

  /// The same crash on a rebuilt driver (new base, timestamp, size and offset) keeps its bucket.
  @Test func rebuiltDriverSameBucket() {
    var rebuilt = Crashes.triageX64
    let newBase: UInt64 = 0xFFFF_F805_0000_0000
    rebuilt.modules[1] = ModuleFact(
      name: "AMDPPM.SYS", base: newBase, size: 0x3C000, timeDateStamp: 0xDEAD_BEEF,
      version: FileVersion(10, 0, 19041, 2000))
    rebuilt.bugCheck?.parameters[1] = newBase + 0x3390
    rebuilt.frames[8].address = newBase + 0x3390
    rebuilt.frames[8].module = "AMDPPM.SYS"
    rebuilt.frames[8].functionOffset = 0x54
    rebuilt.frames[9].address = newBase + 0x3180
    let original = bucket(Crashes.triageX64)
    let again = bucket(rebuilt)
    #expect(again.id == original.id)
    #expect(again.hash == original.hash)
    #expect(again.functionOffset == 0x54)
  }

  @Test func securityCheckSubtype() {
    let facts = CrashFacts(
      bugCheck: BugCheckFact(code: 0x139, parameters: [3, 0, 0, 0]),
      modules: [Crashes.testDriver],
      frames: [
        FrameFact(index: 0, address: 1, module: "ntoskrnl.exe", function: "KeBugCheckEx"),
        FrameFact(index: 1, address: 2, module: "ntoskrnl.exe", function: "KiBugCheckDispatch"),
        FrameFact(index: 2, address: 3, module: "ntoskrnl.exe", function: "KiFastFailDispatch"),
        FrameFact(
          index: 3, address: 4, module: "ntoskrnl.exe", function: "KiRaiseSecurityCheckFailure"),
        FrameFact(
          index: 4, address: Crashes.testDriver.base + 0x99, module: "TestDriver.sys",
          function: "RemoveEntry", functionOffset: 0x20, trust: .cfi),
      ])
    #expect(bucket(facts).id == "0x139_3_CORRUPT_LIST_ENTRY_testdriver!RemoveEntry")
  }

  @Test func manualBucketNamesTheCode() {
    let facts = CrashFacts(bugCheck: BugCheckFact(code: 0xE2, parameters: [0, 0, 0, 0]))
    let bucket = bucket(facts)
    #expect(bucket.id == "0xE2_MANUALLY_INITIATED_CRASH")
    #expect(bucket.module == nil)
  }

  @Test func userExceptionClasses() {
    let null = ExceptionFact(code: 0xC000_0005, address: 1, parameters: [0, 0x10])
    #expect(BucketBuilder.exceptionClass(null) == "NULL_POINTER_READ_c0000005")
    let write = ExceptionFact(code: 0xC000_0005, address: 1, parameters: [1, 0x7FFF_0000])
    #expect(BucketBuilder.exceptionClass(write) == "INVALID_POINTER_WRITE_c0000005")
    #expect(
      BucketBuilder.exceptionClass(ExceptionFact(code: 0xC000_00FD)) == "STACK_OVERFLOW_c00000fd")
  }

  /// The hash is FNV-1a 64: pinned so it never changes between releases.
  @Test func hashIsPinned() {
    #expect(Bucket.stableHash("") == "cbf29ce48422")
    #expect(Bucket.stableHash("a") == "af63dc4c8601")
  }
}

@Suite struct BugCheckReferenceTests {
  @Test func namesMatchSharedTable() throws {
    guard let corpus = TestPaths.sharedCorpus else { return }
    let csv = corpus.deletingLastPathComponent().appendingPathComponent("reference/bugcodes.csv")
    guard let text = try? String(contentsOf: csv, encoding: .utf8) else { return }
    var count = 0
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      let code = try #require(UInt32(fields[0].dropFirst(2), radix: 16))
      #expect(BugCheckReference.name(for: code) == String(fields[1]), "\(fields[0])")
      count += 1
    }
    #expect(count == BugCheckReference.allNames.count)
  }

  @Test func modifiedCodesShareMeanings() {
    #expect(BugCheckReference.name(for: 0x1000_007E) == "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M")
    #expect(
      BugCheckReference.parameterMeanings(for: 0x1000_007E)[1]
        == "address where the exception happened")
    #expect(BugCheckReference.faultingInstructionParameter(for: 0x1000_007E)?.index == 2)
    #expect(BugCheckReference.hex(0xD1) == "0xD1")
  }
}
