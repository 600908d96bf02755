import DumpFormats
import Foundation
import MinidumpParsing
import StackUnwinding
import TriageFacts

/// Turns a parsed user-mode minidump into facts, a walked stack and a first verdict.
enum MinidumpAnalysis {
  static func analyze(
    _ dump: Minidump, displayName: String, options: TriageOptions
  ) -> DumpAnalysis {
    var walkOptions = StackWalker.Options()
    walkOptions.maxFrames = max(1, min(options.maxScanFrames, StackWalker.Options.defaultMaxFrames))
    walkOptions.trace = options.traceStack
    let walk = MinidumpFacts.walkCrashingThread(
      dump, symbols: options.symbols, options: walkOptions)
    var facts = MinidumpFacts.facts(from: dump, walk: walk)
    let details = MinidumpFacts.details(for: dump)

    var crashAddress: LocatedAddress?
    if let address = dump.crashInstructionAddress {
      let hit = dump.moduleAndOffset(of: address)
      crashAddress = LocatedAddress(
        address: address, module: hit?.module.baseName, moduleOffset: hit?.offset)
    }
    var stackModules: [String] = []
    for frame in facts.frames {
      if let module = frame.module, !stackModules.contains(module) { stackModules.append(module) }
    }

    let verdict = blame(facts: facts, crashAddress: crashAddress)
    facts.blame = verdict.blame
    var notes = dump.notes.map {
      AnalysisNote(code: $0.code, message: $0.message, offset: $0.offset)
    }
    notes += (walk?.notes ?? []).map {
      AnalysisNote(code: $0.code, message: $0.message, offset: $0.offset)
    }
    if verdict.blame == nil, let last = verdict.decisions.last {
      notes.append(AnalysisNote(code: "verdict.no_blame", message: last, offset: nil))
    }
    facts.notes = notes.map(\.description)

    let walked = facts.frames.dropFirst()
    let unwound = walked.filter { $0.trust >= .framePointer }.count
    let scanned = walked.filter { $0.trust < .framePointer }.count
    let trust: String
    if facts.frames.isEmpty {
      trust = "low: the dump has no crash context; the verdict rests on the exception record"
    } else if walked.isEmpty {
      trust = "low: only the crash address is known (the stack could not be walked)"
    } else {
      let symbolized = facts.frames.filter { $0.function != nil }.count
      let symbols =
        symbolized == 0 ? "no symbols used" : "\(symbolized) frame(s) resolved with symbols"
      trust =
        "\(unwound > scanned ? "medium" : "low"): \(symbols); \(unwound) caller frame(s) unwound by frame pointer or unwind data, \(scanned) found by scanning the stack"
    }
    return DumpAnalysis(
      displayName: displayName, fileSize: dump.file.count,
      format: "user-mode minidump (MDMP)", facts: facts, bugCheck: nil,
      crashAddress: crashAddress, stackModules: stackModules, trust: trust, kernel: nil,
      user: details, notes: notes, stackTrace: options.traceStack ? walk?.trace : nil)
  }

  /// Windows and C/C++ runtime DLLs that raise or report exceptions on behalf of their caller.
  ///
  /// A crash inside them (`RaiseException`, heap checks, `abort`, fast fail) is usually the
  /// caller's fault, so the verdict looks past them first.
  static func isSystemRuntime(_ name: String) -> Bool {
    let lower = ModuleFact.normalizedName(name)
    let exact: Set<String> = [
      "ntdll.dll", "kernelbase.dll", "kernel32.dll", "msvcrt.dll", "ucrtbase.dll",
      "ucrtbased.dll", "user32.dll", "win32u.dll", "combase.dll", "rpcrt4.dll", "wow64.dll",
      "wow64cpu.dll", "wow64win.dll",
    ]
    return exact.contains(lower) || lower.hasPrefix("vcruntime") || lower.hasPrefix("msvcp")
      || lower.hasPrefix("msvcr")
  }

  /// The first verdict for a user-mode crash.
  ///
  /// The crash address's module, unless it is a system runtime DLL; then the first frame in
  /// another module (unwound frames before scanned ones); finally the system DLL itself.
  static func blame(facts: CrashFacts, crashAddress: LocatedAddress?)
    -> (blame: BlameFact?, decisions: [String])
  {
    guard facts.exception != nil else {
      return (
        nil, ["the dump records no exception (it was not written for a crash): no module to blame"]
      )
    }
    var decisions: [String] = []
    var fallback: BlameFact?
    if let crashAddress, let module = crashAddress.module {
      let reason = "the exception address lies in \(crashAddress.text)"
      let fact = BlameFact(
        module: module, frameIndex: 0, address: crashAddress.address,
        moduleOffset: crashAddress.moduleOffset, reason: reason, decisions: [reason])
      if !isSystemRuntime(module) { return (fact, fact.decisions) }
      decisions.append(reason + ", a Windows or runtime DLL that acts for its caller")
      fallback = fact
    } else if let crashAddress {
      decisions.append(
        "the exception address \(crashAddress.text) lies in no loaded module (freed or generated code, or a bad jump)"
      )
    }
    let candidates = facts.frames.dropFirst()
    for trusted in [true, false] {
      for frame in candidates where (frame.trust >= .framePointer) == trusted {
        guard let module = frame.module, !isSystemRuntime(module) else { continue }
        let how = trusted ? "unwound" : "found by scanning"
        let reason =
          "first caller outside the Windows and runtime DLLs: \(frame.displayName) (frame \(frame.index), \(how))"
        let fact = BlameFact(
          module: module, frameIndex: frame.index, address: frame.address,
          moduleOffset: frame.moduleOffset, reason: reason, decisions: decisions + [reason])
        return (fact, fact.decisions)
      }
    }
    if var fallback {
      decisions.append("no caller outside the Windows and runtime DLLs: blaming the DLL itself")
      fallback.decisions = decisions
      return (fallback, decisions)
    }
    decisions.append("no address of the crash lies in a loaded module")
    return (nil, decisions)
  }
}
