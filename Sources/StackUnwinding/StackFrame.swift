import DumpFormats

/// One frame of a walked stack: where it is, how it was found, and the registers recovered for it.
///
/// Frame 0 is the innermost frame (the context's instruction pointer); every later frame is a
/// caller, whose instruction address is the return address into it.
public struct StackFrame: Hashable, Sendable {
  /// How a frame was found, worst to best (Breakpad / rust-minidump names).
  public enum Trust: String, Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// Unknown.
    case none
    /// A plausible return address found by scanning stack memory.
    case scan
    /// An x86 frame-data program whose result had to be corrected by scanning.
    case cfiScan = "cfi_scan"
    /// Taken from a frame-pointer chain (EBP, RBP, x29 or r11 links).
    case framePointer = "frame_pointer"
    /// Computed from unwind data: `.pdata`/`.xdata`, `STACK CFI`, `STACK WIN` or FPO.
    case cfi
    /// Taken from a CPU context (the thread context, a context record or a trap frame).
    case context

    private var rank: Int {
      switch self {
      case .none: 0
      case .scan: 1
      case .cfiScan: 2
      case .framePointer: 3
      case .cfi: 4
      case .context: 5
      }
    }

    public static func < (lhs: Trust, rhs: Trust) -> Bool { lhs.rank < rhs.rank }

    /// The raw name (`context`, `cfi`, `frame_pointer`, `scan` …).
    public var description: String { rawValue }
  }

  /// The instruction address: the context's IP for frame 0, the return address for callers.
  public var instructionAddress: UInt64
  /// The stack pointer of this frame (for callers: the value right after the return).
  public var stackPointer: UInt64
  /// How the frame was found.
  public var trust: Trust
  /// The registers known for this frame (callee-saved registers carried over or restored).
  public var registers: CPUContext
  /// The module holding the instruction, when known.
  public var module: LoadedModule?
  /// The function covering the instruction, when symbols resolved it.
  public var function: String?
  /// Offset of the instruction address from the function start.
  public var functionOffset: UInt64?
  /// Source file, when line information resolved the address.
  public var sourceFile: String?
  /// Source line, when known.
  public var sourceLine: UInt32?

  /// Creates a frame.
  public init(
    instructionAddress: UInt64, stackPointer: UInt64, trust: Trust, registers: CPUContext,
    module: LoadedModule? = nil, function: String? = nil, functionOffset: UInt64? = nil,
    sourceFile: String? = nil, sourceLine: UInt32? = nil
  ) {
    self.instructionAddress = instructionAddress
    self.stackPointer = stackPointer
    self.trust = trust
    self.registers = registers
    self.module = module
    self.function = function
    self.functionOffset = functionOffset
    self.sourceFile = sourceFile
    self.sourceLine = sourceLine
  }

  /// Offset of the instruction address from the module base.
  public var moduleOffset: UInt64? {
    guard let module, module.contains(instructionAddress) else { return nil }
    return instructionAddress - module.base
  }

  /// `module!function+0x…`, `module+0x…` or the bare address.
  public var displayName: String {
    if let module, let function {
      let stem = module.baseName.split(separator: ".").dropLast().joined(separator: ".")
      let name = stem.isEmpty ? module.baseName : stem
      return "\(name)!\(function)+0x" + String(functionOffset ?? 0, radix: 16)
    }
    if let module, let offset = moduleOffset {
      return "\(module.baseName)+0x" + String(offset, radix: 16)
    }
    return "0x" + String(instructionAddress, radix: 16)
  }
}

/// The result of walking one thread's stack.
public struct StackWalk: Hashable, Sendable {
  /// Frames, innermost first.
  public var frames: [StackFrame]
  /// One line per unwind decision, when tracing was requested (empty otherwise).
  public var trace: [String]
  /// Problems met while walking (truncation, limits, unreadable memory).
  public var notes: [Note]
  /// Why the walk stopped.
  public var stopReason: String

  /// Creates a walk result.
  public init(frames: [StackFrame], trace: [String] = [], notes: [Note] = [], stopReason: String) {
    self.frames = frames
    self.trace = trace
    self.notes = notes
    self.stopReason = stopReason
  }
}
