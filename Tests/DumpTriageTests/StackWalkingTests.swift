import DumpFormats
import Foundation
import MinidumpParsing
import Testing
import TriageFacts
import TriageTestSupport

@testable import DumpTriage

/// The pipeline's use of the stack walker.
@Suite struct StackWalkingTests {
  @Test func minidumpThreadsCrashingThreadFirstFromTheExceptionContext() throws {
    guard let url = TestPaths.corpusFile("user/breakpad/minidump2.dmp") else { return }
    let dump = try Minidump(path: url.path)
    let threads = MinidumpStacks.walk(dump)
    let first = try #require(threads.first)
    #expect(first.crashed)
    #expect(first.id == dump.crashingThreadID)
    #expect(first.walk.frames.first?.instructionAddress == 0x40_429E)
    #expect(first.walk.frames.first?.trust == .context)
    #expect(threads.dropFirst().allSatisfy { !$0.crashed })
    #expect(threads.count == dump.threads.filter { $0.context != nil }.count)
  }

  @Test func verboseTraceReachesTheAnalysis() throws {
    guard let url = TestPaths.corpusFile("kernel/triage_x64.dmp") else { return }
    var options = TriageOptions()
    options.traceStack = true
    let analysis = try Triage.analyze(path: url.path, options: options)
    let trace = try #require(analysis.stackTrace)
    #expect(trace.contains { $0.contains("bug check 0x7E P4 context record") })
    #expect(trace.contains { $0.hasPrefix("frame 0:") })
    let quiet = try Triage.analyze(path: url.path)
    #expect(quiet.stackTrace == nil)
  }

  @Test func frameFactsKeepTrustAndModuleOffsets() throws {
    guard let url = TestPaths.corpusFile("kernel/triage_x64.dmp") else { return }
    let analysis = try Triage.analyze(path: url.path)
    let frames = analysis.facts.frames
    #expect(frames.map(\.index) == Array(frames.indices))
    let faulting = try #require(frames.dropFirst().first { $0.trust == .context })
    #expect(faulting.module == "amdppm.sys")
    #expect(faulting.moduleOffset == 0x334C)
    #expect(analysis.trust.contains("2 context"))
  }
}
