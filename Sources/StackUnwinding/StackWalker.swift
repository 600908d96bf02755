import DumpFormats

/// Walks a thread's stack from a CPU context, frame by frame, saying for every frame how it was
/// found.
///
/// The walker reads stack bytes through ``VirtualMemory``, knows the loaded modules, and asks a
/// ``SymbolResolver`` for each module's symbols (function names, `STACK CFI`, `STACK WIN`) and
/// image (`.pdata`/`.xdata` and code bytes). Per architecture it tries the strategies of
/// formats.md §7 in order, best first; see `StackWalker+AMD64.swift`, `+X86.swift`,
/// `+ARM64.swift` and `+ARM.swift`. Work is bounded: at most ``Options/maxFrames`` frames, a fixed
/// scan window, and no frame is visited twice, so cyclic frame chains end the walk.
public struct StackWalker: Sendable {
  /// Limits and switches for a walk.
  public struct Options: Sendable {
    /// Most frames returned (the walk stops there with a note).
    public var maxFrames: Int
    /// Words searched above a frame's stack pointer when scanning for a return address.
    public var scanWords: Int
    /// Words searched when scanning for the caller of a context frame (its state is messier).
    public var contextScanWords: Int
    /// Most frames found by scanning before the walk gives up.
    public var maxScannedFrames: Int
    /// Record one line per unwind decision in ``StackWalk/trace``.
    public var trace: Bool
    /// On x64, try the RBP chain when no unwind data covers a frame (off on Windows by
    /// Breakpad's rule; here on, but only when no nearer return address exists).
    public var amd64FramePointerChain: Bool

    /// The frame limit of a walk: more frames than any real stack, few enough to stay cheap.
    public static let defaultMaxFrames = 256
    /// The scanned-frame limit of a walk.
    public static let defaultMaxScannedFrames = 200

    /// Creates options; the defaults follow Breakpad's windows (40 words, 4× for the context).
    public init(
      maxFrames: Int = defaultMaxFrames, scanWords: Int = 40, contextScanWords: Int = 160,
      maxScannedFrames: Int = defaultMaxScannedFrames, trace: Bool = false,
      amd64FramePointerChain: Bool = true
    ) {
      self.maxFrames = maxFrames
      self.scanWords = scanWords
      self.contextScanWords = contextScanWords
      self.maxScannedFrames = maxScannedFrames
      self.trace = trace
      self.amd64FramePointerChain = amd64FramePointerChain
    }
  }

  /// The dump's memory (stack bytes and anything else it holds).
  public var memory: any VirtualMemory
  /// Loaded modules.
  public var modules: [LoadedModule]
  /// Where symbols and images come from.
  public var symbols: any SymbolResolver
  /// Limits and switches.
  public var options: Options

  /// Creates a walker.
  public init(
    memory: any VirtualMemory, modules: [LoadedModule],
    symbols: any SymbolResolver = NoSymbols(), options: Options = Options()
  ) {
    self.memory = memory
    self.modules = modules.sorted { $0.base < $1.base }
    self.symbols = symbols
    self.options = options
  }

  /// Walks the stack that `context` starts.
  ///
  /// `records` are further exact register states known to lie deeper in the same stack: context
  /// records and trap frames named by bug check parameters or exception records. When the walk
  /// reaches the stack pointer of one (or would skip past it, or would stop before it), that
  /// record becomes the next frame with `context` trust and the walk continues from it.
  public func walk(from context: CPUContext, splicing records: [CPUContext] = []) -> StackWalk {
    let state = WalkState(walker: self, architecture: context.architecture)
    guard let first = FrameState(context: context) else {
      return StackWalk(
        frames: [], notes: [Note(code: "stack.no_context", message: "The context has no IP/SP.")],
        stopReason: "no instruction or stack pointer in the context")
    }
    var pending = records.compactMap(FrameState.init(context:)).filter { $0.sp > first.sp }
      .sorted { $0.sp < $1.sp }
    var frames = [state.frame(from: first)]
    var current = first
    var seen: Set<[UInt64]> = [[first.pc, first.sp]]
    var scanned = 0
    var stop = "end of stack"
    state.log("frame 0: \(state.describe(first)) [context]")

    while true {
      if frames.count >= options.maxFrames {
        stop = "frame limit (\(options.maxFrames)) reached"
        state.notes.append(
          Note(
            code: "stack.frame_limit", message: "Stack walk stopped at \(options.maxFrames) frames."
          ))
        break
      }
      let index = frames.count
      var caller = unwindCaller(of: current, index: index, state: state)
      if let candidate = caller, !accepts(candidate, callee: current, index: index) {
        state.log("frame \(index): rejected \(state.describe(candidate)) (\(candidate.trust))")
        caller = nil
      }
      // Splice in a known exact state when the walk reaches, skips past or stops before it.
      while let next = pending.first, next.sp <= current.sp { pending.removeFirst() }
      if let record = pending.first, let candidate = caller, candidate.trust == .scan {
        // A scanned return address inside the record's trap frame is a saved register value.
        let barrier = trapFrameBase(of: record, state: state)
        // The slot is one word below the caller's sp; a 32-bit sp that wrapped to 0 has none.
        let slot = candidate.sp.subtractingReportingOverflow(UInt64(state.pointerSize))
        if !slot.overflow, slot.partialValue >= barrier {
          state.log("frame \(index): scanned slot lies in the trap frame at 0x\(hex(barrier))")
          caller = nil
        }
      }
      if caller == nil, let record = pending.first {
        // The stack is known to continue up to the record: scan the whole gap.
        let barrier = trapFrameBase(of: record, state: state)
        let gap = barrier > current.sp ? barrier - current.sp : 0
        let words = Int(min(4096, gap / UInt64(state.pointerSize)))
        if let found = scanCaller(
          current, from: current.sp, words: words, below: barrier, state: state),
          accepts(found, callee: current, index: index)
        {
          state.log(
            "frame \(index): extended scan toward the context record at sp 0x\(hex(record.sp))")
          caller = found
        }
      }
      if let record = pending.first,
        caller == nil
          || caller.map({ $0.sp >= record.sp || $0.sp > trapFrameBase(of: record, state: state) })
            == true
      {
        pending.removeFirst()
        if let candidate = caller, candidate.sp == record.sp, candidate.pc == record.pc {
          state.log("frame \(index): unwound frame matches a context record; trust context")
        } else {
          state.log(
            "frame \(index): context record at sp 0x\(hex(record.sp)) replaces "
              + (caller.map { "\(state.describe($0)) (\($0.trust))" } ?? "the end of the walk"))
        }
        caller = record
      }
      guard let next = caller else {
        stop = state.lastFailure ?? "no caller found"
        break
      }
      if next.pc < 0x1000 {
        stop = "caller instruction pointer 0x\(hex(next.pc)) ends the stack"
        state.log("frame \(index): \(stop)")
        break
      }
      guard seen.insert([next.pc, next.sp]).inserted else {
        stop = "frame repeats (cycle)"
        state.log("frame \(index): \(stop)")
        break
      }
      if next.trust == .scan {
        scanned += 1
        if scanned > options.maxScannedFrames {
          stop = "scanned-frame limit (\(options.maxScannedFrames)) reached"
          break
        }
      }
      state.log("frame \(index): \(state.describe(next)) [\(next.trust)]")
      frames.append(state.frame(from: next))
      current = next
    }
    return StackWalk(frames: frames, trace: state.trace, notes: state.notes, stopReason: stop)
  }

  /// The architecture-specific caller of `frame`.
  func unwindCaller(of frame: FrameState, index: Int, state: WalkState) -> FrameState? {
    state.lastFailure = nil
    switch state.architecture {
    case .amd64: return unwindAMD64(frame, index: index, state: state)
    case .x86: return unwindX86(frame, index: index, state: state)
    case .arm64: return unwindARM64(frame, index: index, state: state)
    case .arm: return unwindARM(frame, index: index, state: state)
    default:
      state.lastFailure = "no unwinder for \(state.architecture)"
      return nil
    }
  }

  /// Where the hardware trap frame of a record starts, when the record's state sits in a
  /// KTRAP_FRAME on this stack (x64: the machine frame below its RSP holds its RIP and RSP; x86:
  /// a kernel-mode frame ending at its ESP holds its EIP); else the record's stack pointer.
  ///
  /// The trap handler's own frame starts at that base, so slots from there up to the record are
  /// saved registers, not return addresses.
  func trapFrameBase(of record: FrameState, state: WalkState) -> UInt64 {
    if record.architecture == .x86, record.sp >= 0x74 {
      // Kernel-mode x86 trap: ESP is the address of the unused HardwareEsp field (+0x74).
      let base = record.sp - 0x74
      if state.readPointer(base + 0x68) == record.pc, state.readPointer(base + 0x6C) == 0x8 {
        return base
      }
      return record.sp
    }
    guard record.architecture == .amd64, record.sp >= 0x200 else { return record.sp }
    let ripSlot = (record.sp & ~15) - 0x28
    guard state.readPointer(ripSlot) == record.pc, state.readPointer(ripSlot + 24) == record.sp
    else { return record.sp }
    return ripSlot - 0x168
  }

  /// A caller found by scanning `words` stack words from `start` (only below `limit` when
  /// given): callee-saved registers carry over; on x86 EBP is recovered from the slot below the
  /// return address when it looks chained.
  func scanCaller(
    _ callee: FrameState, from start: UInt64, words: Int, below limit: UInt64? = nil,
    state: WalkState
  ) -> FrameState? {
    guard let (slot, value) = state.scan(from: start, words: words),
      limit.map({ slot < $0 }) ?? true, let sp = state.add(slot, UInt64(state.pointerSize))
    else { return nil }
    let saved: [String] =
      switch callee.architecture {
      case .amd64: Self.amd64CalleeSaved
      case .x86: Self.x86CalleeSaved
      case .arm64: Self.arm64CalleeSaved
      case .arm: Self.armCalleeSaved
      default: []
      }
    var registers: [String: UInt64] = [:]
    for name in saved { registers[name] = callee.registers[name] }
    if callee.architecture == .x86, slot >= 4, let savedEBP = state.readPointer(slot - 4),
      savedEBP > slot, savedEBP - slot < 0x20000
    {
      registers["ebp"] = savedEBP
    }
    state.log("  scan: return address 0x\(hex(value)) at 0x\(hex(slot))")
    return FrameState(
      architecture: callee.architecture, pc: value, sp: sp, registers: registers, trust: .scan)
  }

  /// Generic sanity checks on a caller: the stack pointer grows (equal only on the first unwind
  /// of a link-register architecture, and then with a different PC), and the IP is canonical.
  func accepts(_ caller: FrameState, callee: FrameState, index: Int) -> Bool {
    if caller.sp < callee.sp { return false }
    if caller.sp == callee.sp {
      let linkRegister = caller.architecture == .arm64 || caller.architecture == .arm
      guard linkRegister, index == 1, caller.pc != callee.pc else { return false }
    }
    if caller.architecture == .amd64 {
      let top = caller.pc >> 47
      if top != 0 && top != 0x1_FFFF { return false }
    }
    return true
  }
}

/// Lower-case hex without a prefix.
func hex(_ value: UInt64) -> String { String(value, radix: 16) }
