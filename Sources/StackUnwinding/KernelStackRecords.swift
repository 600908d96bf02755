import DumpFormats

/// Exact register states a kernel crash leaves deeper in the stack: context records named by bug
/// check parameters, trap frames, and the hardware frames pushed by the fault.
///
/// A walk that starts at `KeBugCheckEx` passes through the exception dispatcher; splicing these
/// records into it (``StackWalker/walk(from:splicing:)``) gives the faulting frame `context`
/// trust even when no image or symbols are available.
public enum KernelStackRecords {
  /// One record and where it came from (for the trace and the report).
  public struct Record: Sendable {
    /// The registers.
    public var context: CPUContext
    /// Where the record came from, such as `bug check 0x7E P4 context record at 0x…`.
    public var origin: String

    /// Creates a record.
    public init(context: CPUContext, origin: String) {
      self.context = context
      self.origin = origin
    }
  }

  /// Records for a bug check.
  ///
  /// 0x7E/0x1000007E and 0x3B: P4/P3 name a CONTEXT record; 0x8E/0x1000008E: P3 names a
  /// KTRAP_FRAME. For these and for codes whose parameters give the faulting IP (0x7E/0x8E/0x1E P2,
  /// 0xD1/0xA P4, 0x50 P3), the stack window is also searched for the hardware frame the fault
  /// pushed (`Rip`, `SegCs`, `EFlags`, `Rsp`, `SegSs`) and the KTRAP_FRAME around it.
  /// `parseContext` decodes CONTEXT bytes (KernelDumpParsing's `ContextRecord.parse`).
  public static func records(
    bugCheckCode: UInt32, parameters: [UInt64], architecture: CPUArchitecture,
    memory: any VirtualMemory, stackRange: Range<UInt64>?,
    parseContext: ([UInt8], CPUArchitecture) -> CPUContext?
  ) -> [Record] {
    func parameter(_ n: Int) -> UInt64? {
      n >= 1 && n <= parameters.count ? parameters[n - 1] : nil
    }
    let code = bugCheckCode & ~0x1000_0000
    var records: [Record] = []
    func addContext(_ address: UInt64?, _ label: String) {
      guard let address, let size = contextSize(architecture),
        let bytes = memory.bytes(at: address, count: size),
        let context = parseContext(bytes, architecture), context.instructionPointer != nil,
        context.stackPointer != nil
      else { return }
      records.append(Record(context: context, origin: "\(label) at 0x\(hex(address))"))
    }
    var faultingIP: UInt64?
    switch code {
    case 0x7E:
      addContext(parameter(4), "bug check 0x7E P4 context record")
      faultingIP = parameter(2)
    case 0x3B:
      addContext(parameter(3), "bug check 0x3B P3 context record")
      faultingIP = parameter(2)
    case 0x8E:
      if let address = parameter(3),
        let context = trapFrame(at: address, architecture: architecture, memory: memory)
      {
        records.append(Record(context: context, origin: "bug check 0x8E P3 KTRAP_FRAME"))
      }
      faultingIP = parameter(2)
    case 0x1E: faultingIP = parameter(2)
    case 0xD1, 0xA: faultingIP = parameter(4)
    case 0x50: faultingIP = parameter(3)
    default: break
    }
    if let faultingIP, let stackRange, faultingIP != 0,
      !records.contains(where: { $0.context.instructionPointer == faultingIP })
    {
      records += machineFrames(
        returningTo: faultingIP, architecture: architecture, memory: memory, in: stackRange)
    }
    return records
  }

  /// Size of a CONTEXT record.
  static func contextSize(_ architecture: CPUArchitecture) -> Int? {
    switch architecture {
    case .x86: 0x2CC
    case .amd64: 0x4D0
    case .arm64: 0x390
    case .arm: 0x1A0
    default: nil
    }
  }

  /// Decodes a KTRAP_FRAME (x64: 0x190 bytes; x86: 0x8C bytes) into registers.
  ///
  /// x64 offsets: Rax 0x30, Rcx 0x38, Rdx 0x40, R8–R11 0x48–0x60, Rbx 0x140, Rdi 0x148, Rsi 0x150,
  /// Rbp 0x158, Rip 0x168, SegCs 0x170, EFlags 0x178, Rsp 0x180. x86: Edx 0x3C, Ecx 0x40, Eax
  /// 0x44, Edi 0x54, Esi 0x58, Ebx 0x5C, Ebp 0x60, Eip 0x68, SegCs 0x6C, EFlags 0x70,
  /// HardwareEsp 0x74 (pushed only on a privilege change; otherwise ESP is the field's address).
  public static func trapFrame(
    at address: UInt64, architecture: CPUArchitecture, memory: any VirtualMemory
  ) -> CPUContext? {
    switch architecture {
    case .amd64:
      guard let bytes = memory.bytes(at: address, count: 0x190), bytes.count == 0x190 else {
        return nil
      }
      func q(_ offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
      }
      let layout: [(String, Int)] = [
        ("rax", 0x30), ("rcx", 0x38), ("rdx", 0x40), ("rbx", 0x140), ("rsp", 0x180),
        ("rbp", 0x158), ("rsi", 0x150), ("rdi", 0x148), ("r8", 0x48), ("r9", 0x50),
        ("r10", 0x58), ("r11", 0x60), ("rip", 0x168), ("eflags", 0x178),
      ]
      return CPUContext(architecture: .amd64, registers: layout.map { ($0.0, q($0.1)) })
    case .x86:
      guard let bytes = memory.bytes(at: address, count: 0x7C), bytes.count == 0x7C else {
        return nil
      }
      func d(_ offset: Int) -> UInt64 {
        (0..<4).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
      }
      let userMode = d(0x6C) & 1 != 0
      let esp = userMode ? d(0x74) : address &+ 0x74
      let layout: [(String, Int)] = [
        ("eax", 0x44), ("ebx", 0x5C), ("ecx", 0x40), ("edx", 0x3C), ("esi", 0x58),
        ("edi", 0x54), ("ebp", 0x60), ("eip", 0x68), ("eflags", 0x70),
      ]
      return CPUContext(
        architecture: .x86, registers: layout.map { ($0.0, d($0.1)) } + [("esp", esp)])
    default:
      return nil
    }
  }

  /// Finds the x64 hardware frames (`Rip`, `SegCs`, `EFlags`, `Rsp`, `SegSs`) for `ip` in the
  /// stack window and decodes the KTRAP_FRAME that ends with each.
  public static func machineFrames(
    returningTo ip: UInt64, architecture: CPUArchitecture, memory: any VirtualMemory,
    in stackRange: Range<UInt64>
  ) -> [Record] {
    guard architecture == .amd64 else { return [] }
    var records: [Record] = []
    // At most 64 Ki words (a kernel stack is 24–96 KiB); no wrap-around at the top.
    let end = min(stackRange.upperBound, stackRange.lowerBound &+ 0x8_0000)
    var slot = stackRange.lowerBound
    while slot < end, slot <= UInt64.max - 40, records.count < 4 {
      defer { slot += 8 }
      guard memory.readUInt64(at: slot) == ip,
        let cs = memory.readUInt64(at: slot &+ 8), cs == 0x10 || cs == 0x33,
        let rsp = memory.readUInt64(at: slot &+ 24), rsp > slot, rsp - slot < 0x10_0000,
        let ss = memory.readUInt64(at: slot &+ 32), ss == 0x18 || ss == 0x2B || ss == 0
      else { continue }
      if slot >= 0x168,
        let context = trapFrame(at: slot - 0x168, architecture: .amd64, memory: memory)
      {
        records.append(
          Record(context: context, origin: "KTRAP_FRAME at 0x\(hex(slot - 0x168))"))
      } else {
        records.append(
          Record(
            context: CPUContext(architecture: .amd64, registers: [("rip", ip), ("rsp", rsp)]),
            origin: "machine frame at 0x\(hex(slot))"))
      }
    }
    return records
  }
}

extension StackWalker {
  /// Walks a kernel crash: from the bug check (KPRCB) context when the dump has one, splicing in
  /// the dump's own context and the records the bug check parameters name
  /// (``KernelStackRecords/records(bugCheckCode:parameters:architecture:memory:stackRange:parseContext:)``).
  ///
  /// Returns nil when neither context exists.
  public func walkKernelCrash(
    bugCheckContext: CPUContext?, dumpContext: CPUContext?, bugCheckCode: UInt32,
    parameters: [UInt64], stackRange: Range<UInt64>?,
    parseContext: ([UInt8], CPUArchitecture) -> CPUContext?
  ) -> StackWalk? {
    guard let start = bugCheckContext ?? dumpContext else { return nil }
    var records = KernelStackRecords.records(
      bugCheckCode: bugCheckCode, parameters: parameters, architecture: start.architecture,
      memory: memory, stackRange: stackRange, parseContext: parseContext)
    if let dumpContext, bugCheckContext != nil, dumpContext != start {
      records.append(.init(context: dumpContext, origin: "dump header context"))
    }
    var walk = walk(from: start, splicing: records.map(\.context))
    if options.trace {
      walk.trace.insert(
        contentsOf: records.map {
          "record: \($0.origin): ip 0x\(hex($0.context.instructionPointer ?? 0)) sp 0x\(hex($0.context.stackPointer ?? 0))"
        }, at: 0)
    }
    return walk
  }
}
