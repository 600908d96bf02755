import BinaryReading
import DumpFormats

/// The register state of one frame while walking (internal working form of ``StackFrame``).
struct FrameState {
  /// The architecture.
  var architecture: CPUArchitecture
  /// Instruction pointer (return address for callers; Thumb bit cleared on ARM).
  var pc: UInt64
  /// Stack pointer.
  var sp: UInt64
  /// Other known registers by canonical lower-case name (`rbx`, `ebp`, `x19`, `fp`, `lr`, `r11`).
  var registers: [String: UInt64]
  /// How the frame was found.
  var trust: StackFrame.Trust
  /// Whether `pc` is the exact interrupted instruction (a context or machine frame), not a
  /// return address.
  var pcIsExact: Bool
  /// x86: bytes of stack parameters taken by the function this frame called (from that
  /// function's frame data); the frame's own `STACK WIN` needs it as `next_parameter_size`.
  var parameterSize: UInt32 = 0

  /// Creates a state.
  init(
    architecture: CPUArchitecture, pc: UInt64, sp: UInt64, registers: [String: UInt64],
    trust: StackFrame.Trust, pcIsExact: Bool = false
  ) {
    self.architecture = architecture
    self.pc = pc
    self.sp = sp
    self.registers = registers
    self.trust = trust
    self.pcIsExact = pcIsExact
  }

  /// A context frame from a CPU context (nil without IP or SP).
  init?(context: CPUContext) {
    guard let pc = context.instructionPointer, let sp = context.stackPointer else { return nil }
    var registers: [String: UInt64] = [:]
    for (name, value) in context.registers {
      registers[FrameState.canonicalName(name, context.architecture)] = value
    }
    let ipName = context.instructionPointerName
    registers[ipName] = nil
    registers[context.stackPointerName] = nil
    self.init(
      architecture: context.architecture, pc: pc, sp: sp, registers: registers, trust: .context,
      pcIsExact: true)
  }

  /// Maps register aliases to the walker's names (`x29` → `fp`, `x30` → `lr`, `r13` → `sp` …).
  static func canonicalName(_ name: String, _ architecture: CPUArchitecture) -> String {
    let lower = name.lowercased()
    switch architecture {
    case .arm64:
      switch lower {
      case "x29": return "fp"
      case "x30": return "lr"
      case "x31": return "sp"
      default: return lower
      }
    case .arm:
      switch lower {
      case "r13": return "sp"
      case "r14": return "lr"
      case "r15": return "pc"
      case "fp": return "r11"
      default: return lower
      }
    default: return lower
    }
  }

  /// The address to look symbols and unwind data up with: the PC itself for exact frames, the
  /// byte before the return address otherwise (so a call at a function's end stays inside it).
  var lookupAddress: UInt64 { pcIsExact || pc == 0 ? pc : pc - 1 }

  /// The register set as a ``CPUContext``, in the architecture's usual order.
  var context: CPUContext {
    var ordered: [(String, UInt64)] = []
    let order = FrameState.registerOrder(architecture)
    let ipName: String
    let spName: String
    switch architecture {
    case .x86: (ipName, spName) = ("eip", "esp")
    case .amd64: (ipName, spName) = ("rip", "rsp")
    default: (ipName, spName) = ("pc", "sp")
    }
    for name in order {
      if name == ipName {
        ordered.append((name, pc))
      } else if name == spName {
        ordered.append((name, sp))
      } else if let value = registers[name] {
        ordered.append((name, value))
      }
    }
    for name in registers.keys.sorted() where !order.contains(name) {
      if let value = registers[name] { ordered.append((name, value)) }
    }
    return CPUContext(architecture: architecture, registers: ordered)
  }

  /// Register names in CONTEXT order.
  static func registerOrder(_ architecture: CPUArchitecture) -> [String] {
    switch architecture {
    case .amd64:
      ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"] + (8...15).map { "r\($0)" } + ["rip"]
    case .x86: ["eip", "esp", "ebp", "ebx", "esi", "edi", "eax", "ecx", "edx"]
    case .arm64: (0...28).map { "x\($0)" } + ["fp", "lr", "sp", "pc"]
    case .arm: (0...12).map { "r\($0)" } + ["sp", "lr", "pc"]
    default: []
    }
  }
}

/// Per-walk working state: caches, the trace, notes, and shared validation helpers.
final class WalkState {
  let walker: StackWalker
  let architecture: CPUArchitecture
  var trace: [String] = []
  var notes: [Note] = []
  /// Why the last unwind attempt found no caller.
  var lastFailure: String?
  private var symbolCache: [UInt64: (any ModuleSymbols)?] = [:]
  private var imageCache: [UInt64: (any ExecutableImage)?] = [:]
  private var codeCache: [UInt64: ModuleCode] = [:]

  init(walker: StackWalker, architecture: CPUArchitecture) {
    self.walker = walker
    self.architecture = architecture
  }

  var pointerSize: Int { architecture.pointerSize }

  /// Appends a trace line when tracing is on.
  func log(_ message: @autoclosure () -> String) {
    if walker.options.trace { trace.append(message()) }
  }

  /// Records why unwinding failed and logs it.
  func fail(_ reason: String) {
    lastFailure = reason
    log("  " + reason)
  }

  /// The module holding `address` (binary search over the sorted modules).
  func module(containing address: UInt64) -> LoadedModule? {
    let modules = walker.modules
    var low = 0
    var high = modules.count
    while low < high {
      let mid = (low + high) / 2
      if modules[mid].base <= address { low = mid + 1 } else { high = mid }
    }
    var index = low - 1
    while index >= 0 {
      if modules[index].contains(address) { return modules[index] }
      if index < low - 4 { break }
      index -= 1
    }
    return nil
  }

  /// Cached symbols for a module.
  func symbols(for module: LoadedModule) -> (any ModuleSymbols)? {
    if let cached = symbolCache[module.base] { return cached }
    let found = walker.symbols.symbols(for: module)
    symbolCache[module.base] = .some(found)
    return found
  }

  /// Cached image for a module.
  func image(for module: LoadedModule) -> (any ExecutableImage)? {
    if let cached = imageCache[module.base] { return cached }
    let found = walker.symbols.image(for: module)
    imageCache[module.base] = .some(found)
    return found
  }

  /// What the dump says about a module's code (sections from a captured header page).
  func code(for module: LoadedModule) -> ModuleCode {
    if let cached = codeCache[module.base] { return cached }
    let found = ModuleCode(module: module, memory: walker.memory)
    codeCache[module.base] = found
    return found
  }

  /// Module, RVA and module symbols/image for an address.
  func locate(_ address: UInt64) -> (module: LoadedModule, rva: UInt32)? {
    guard let module = module(containing: address),
      let rva = UInt32(exactly: address - module.base)
    else { return nil }
    return (module, rva)
  }

  /// Reads a pointer-sized value.
  func readPointer(_ address: UInt64) -> UInt64? {
    walker.memory.readPointer(at: address, size: pointerSize)
  }

  /// Adds with wrap-around at the pointer width (addresses are unsigned).
  func add(_ a: UInt64, _ b: UInt64) -> UInt64? {
    let (sum, overflow) = a.addingReportingOverflow(b)
    if overflow { return nil }
    if pointerSize == 4 && sum > 0xFFFF_FFFF { return nil }
    return sum
  }

  /// Subtracts, failing below zero.
  func subtract(_ a: UInt64, _ b: UInt64) -> UInt64? {
    a >= b ? a - b : nil
  }

  /// `rip=0x… rsp=0x… (module+0x…)`.
  func describe(_ frame: FrameState) -> String {
    let names: (String, String) =
      switch frame.architecture {
      case .x86: ("eip", "esp")
      case .amd64: ("rip", "rsp")
      default: ("pc", "sp")
      }
    var text = "\(names.0)=0x\(hex(frame.pc)) \(names.1)=0x\(hex(frame.sp))"
    if let (module, rva) = locate(frame.pc) {
      text += " (\(module.baseName)+0x\(String(rva, radix: 16)))"
    }
    return text
  }

  /// The public frame for a state, symbolised.
  func frame(from state: FrameState) -> StackFrame {
    var frame = StackFrame(
      instructionAddress: state.pc, stackPointer: state.sp, trust: state.trust,
      registers: state.context)
    guard let module = module(containing: state.lookupAddress) else { return frame }
    frame.module = module
    if let symbols = symbols(for: module),
      let rva = UInt32(exactly: state.lookupAddress - module.base),
      let symbol = symbols.symbol(at: rva)
    {
      frame.function = symbol.name
      let start = module.base.checkedAddingOffset(UInt64(symbol.rva))
      frame.functionOffset = start.flatMap { state.pc >= $0 ? state.pc - $0 : nil }
      frame.sourceFile = symbol.file
      frame.sourceLine = symbol.line
    }
    return frame
  }

  // MARK: Return-address validation and scanning (formats.md §7.3)

  /// Whether `value` looks like a return address: the byte before it lies in a module (in an
  /// executable section when the dump shows the section table), resolves to a function when the
  /// module has symbols, and follows a call instruction when the code bytes are available (from
  /// the image, or else from the dump's own memory).
  func isPlausibleReturnAddress(_ value: UInt64, requireCall: Bool = true) -> Bool {
    guard value >= 0x1000, let (module, rva) = locate(value - 1) else { return false }
    if let symbols = symbols(for: module), symbols.symbol(at: rva) == nil { return false }
    let image = image(for: module)
    if image == nil, code(for: module).isExecutable(rva) == false { return false }
    if requireCall, let returnRVA = rva.checkedAdding(1) {
      let source: any ExecutableImage =
        image ?? MemoryBackedCode(module: module, memory: walker.memory, architecture: architecture)
      if let preceded = CallSite.precededByCall(image: source, returnRVA: returnRVA, architecture) {
        return preceded
      }
    }
    return true
  }

  /// Searches `words` stack words from `start` for a plausible return address.
  func scan(from start: UInt64, words: Int) -> (slot: UInt64, value: UInt64)? {
    let size = UInt64(pointerSize)
    var address = start
    for _ in 0..<max(0, words) {
      guard let value = readPointer(address) else {
        log("  scan: memory ends at 0x\(hex(address))")
        return nil
      }
      let candidate = architecture == .arm ? value & ~1 : value
      if isPlausibleReturnAddress(candidate) { return (address, candidate) }
      guard let next = add(address, size) else { return nil }
      address = next
    }
    return nil
  }
}
