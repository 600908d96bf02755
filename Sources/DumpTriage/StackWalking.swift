import DumpFormats
import KernelDumpParsing
import StackUnwinding
import TriageFacts

/// The pipeline's stack: the walker of `StackUnwinding` over a parsed dump, turned into
/// ``FrameFact``s.
///
/// Kernel dumps are walked from the bug check context (KPRCB) with the dump context and the
/// records the bug check parameters name spliced in, so the faulting frame has `context` trust
/// (formats.md §7.6).
enum StackWalking {
  /// Walks a kernel dump's crashing processor; nil when the dump has no usable context.
  static func kernel(_ dump: KernelDump, options: TriageOptions) -> StackWalk? {
    let walker = StackWalker(
      memory: dump.memory, modules: dump.modules, symbols: options.symbols,
      options: walkerOptions(options))
    return walker.walkKernelCrash(
      bugCheckContext: dump.processorContext, dumpContext: dump.context,
      bugCheckCode: dump.header.bugCheckCode, parameters: dump.header.bugCheckParameters,
      stackRange: dump.triage?.stackRange,
      parseContext: { try? ContextRecord.parse(bytes: $0, architecture: $1) })
  }

  /// The walker's options from the pipeline's.
  static func walkerOptions(_ options: TriageOptions) -> StackWalker.Options {
    StackWalker.Options(maxFrames: max(1, options.maxStackFrames), trace: options.traceStack)
  }

  /// Frames as facts (module file names without directories).
  static func frameFacts(_ walk: StackWalk) -> [FrameFact] {
    walk.frames.enumerated().map { index, frame in
      FrameFact(
        index: index, address: frame.instructionAddress, module: frame.module?.baseName,
        moduleOffset: frame.moduleOffset, function: frame.function,
        functionOffset: frame.functionOffset,
        trust: FrameTrust(rawValue: frame.trust.rawValue) ?? .none)
    }
  }

  /// One sentence on how far the walked stack can be trusted.
  static func trustSummary(_ walk: StackWalk) -> String {
    let counts = Dictionary(grouping: walk.frames, by: \.trust).mapValues(\.count)
    let order: [StackFrame.Trust] = [.context, .cfi, .cfiScan, .framePointer, .scan, .none]
    let parts = order.compactMap { trust in counts[trust].map { "\($0) \(trust)" } }
    let strong = walk.frames.contains { $0.trust >= .cfi && $0.trust != .context }
    let level = strong ? "medium" : "low"
    return
      "\(level): \(walk.frames.count) frames walked (\(parts.joined(separator: ", "))); "
      + (strong
        ? "frames with trust scan may be stale"
        : "no unwind data or symbols used; frames with trust scan may be stale")
  }
}
