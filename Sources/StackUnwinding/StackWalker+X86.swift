import DumpFormats

/// x86 unwinding: `STACK WIN` frame data (FrameData programs, then FPO) with the postfix
/// evaluator, then `STACK CFI`, then the EBP chain, then a validated scan (formats.md §6.2, §7.2).
extension StackWalker {
  /// Registers an x86 callee must preserve.
  static let x86CalleeSaved = ["ebx", "esi", "edi", "ebp"]

  func unwindX86(_ callee: FrameState, index: Int, state: WalkState) -> FrameState? {
    let location = state.locate(callee.lookupAddress)
    let symbols = location.flatMap { state.symbols(for: $0.module) }
    if let (_, rva) = location, let symbols, let data = symbols.x86FrameData(at: rva) {
      if let caller = x86FrameData(data, callee: callee, state: state),
        caller.pc == 0 || accepts(caller, callee: callee, index: index)
      {
        return caller
      }
    }
    if let (_, rva) = location, let symbols, let rules = symbols.cfiRules(at: rva),
      let caller = CFIRules.apply(
        rules, callee: callee, ipName: "eip", spName: "esp", calleeSaved: Self.x86CalleeSaved,
        state: state),
      accepts(caller, callee: callee, index: index)
    {
      return caller
    }
    if let caller = x86FramePointer(callee, state: state),
      accepts(caller, callee: callee, index: index)
    {
      return caller
    }
    let words = callee.pcIsExact ? options.contextScanWords : options.scanWords
    if let caller = scanCaller(callee, from: callee.sp, words: words, state: state) {
      return caller
    }
    state.fail("no frame data, frame pointer or return address within \(words) words")
    return nil
  }

  /// EBP chain: caller EIP = [EBP+4], caller EBP = [EBP], caller ESP = EBP+8.
  private func x86FramePointer(_ callee: FrameState, state: WalkState) -> FrameState? {
    guard let ebp = callee.registers["ebp"], ebp > 0, let slot = state.add(ebp, 4),
      let returnAddress = state.readPointer(slot), let savedEBP = state.readPointer(ebp),
      let sp = state.add(ebp, 8)
    else { return nil }
    guard state.isPlausibleReturnAddress(returnAddress, requireCall: false) else {
      state.log("  EBP chain: [0x\(hex(ebp))+4] = 0x\(hex(returnAddress)) is not in known code")
      return nil
    }
    var registers: [String: UInt64] = [:]
    for name in Self.x86CalleeSaved { registers[name] = callee.registers[name] }
    registers["ebp"] = savedEBP
    state.log("  EBP chain: [0x\(hex(ebp))+4] = 0x\(hex(returnAddress))")
    return FrameState(
      architecture: .x86, pc: returnAddress, sp: sp, registers: registers, trust: .framePointer)
  }

  /// Evaluates a `STACK WIN` record (program string, or the FPO rule when it has none).
  func x86FrameData(_ data: X86FrameData, callee: FrameState, state: WalkState) -> FrameState? {
    let frameSize =
      UInt64(data.localSize) + UInt64(data.savedRegisterSize) + UInt64(callee.parameterSize)
    guard var raSearchStart = state.add(callee.sp, frameSize) else { return nil }
    let program = data.programString.flatMap { $0.isEmpty ? nil : $0 }
    if let program, program.contains("@"), let ebp = callee.registers["ebp"],
      let start = state.add(ebp, 4)
    {
      raSearchStart = start
    }
    func evaluate(_ searchStart: UInt64) -> FrameState? {
      var values: [String: UInt64] = [
        "$eip": callee.pc, "$esp": callee.sp, ".cbParams": UInt64(data.parameterSize),
        ".cbSavedRegs": UInt64(data.savedRegisterSize), ".cbLocals": UInt64(data.localSize),
        ".raSearchStart": searchStart, ".raSearch": searchStart,
        ".cbCalleeParams": UInt64(callee.parameterSize),
      ]
      for name in ["ebp", "ebx", "esi", "edi"] {
        if let value = callee.registers[name] { values["$" + name] = value }
      }
      var registers: [String: UInt64] = [:]
      for name in Self.x86CalleeSaved { registers[name] = callee.registers[name] }
      let pc: UInt64
      let sp: UInt64
      if data.type == 4, let program {
        var evaluator = PostfixEvaluator(
          values: values, pointerSize: 4, read: { state.readPointer($0) })
        guard evaluator.run(program), evaluator.assigned.contains("$eip"),
          evaluator.assigned.contains("$esp"), let eip = evaluator.values["$eip"],
          let esp = evaluator.values["$esp"]
        else {
          state.log("  STACK WIN program failed: \(program)")
          return nil
        }
        for name in ["ebp", "ebx", "esi", "edi"] where evaluator.assigned.contains("$" + name) {
          registers[name] = evaluator.values["$" + name]
        }
        pc = eip
        sp = esp
      } else {
        // FPO: return address at .raSearchStart; EBP saved among the registers when the
        // function uses it as a general register.
        guard let eip = state.readPointer(searchStart), let esp = state.add(searchStart, 4) else {
          return nil
        }
        if data.allocatesBasePointer {
          let offset = UInt64(callee.parameterSize) + UInt64(data.savedRegisterSize)
          guard let address = state.add(callee.sp, offset), address >= 8,
            let ebp = state.readPointer(address - 8)
          else { return nil }
          registers["ebp"] = ebp
        }
        pc = eip
        sp = esp
      }
      var caller = FrameState(
        architecture: .x86, pc: pc, sp: sp, registers: registers, trust: .cfi)
      caller.parameterSize = data.parameterSize
      return caller
    }
    guard var caller = evaluate(raSearchStart) else { return nil }
    state.log(
      "  STACK WIN type \(data.type) at rva 0x\(hex(UInt64(data.rva))): eip=0x\(hex(caller.pc)) esp=0x\(hex(caller.sp))"
    )
    if caller.pc == 0 { return caller }
    if !state.isPlausibleReturnAddress(caller.pc, requireCall: false) {
      // The program's result does not land in code: scan from .raSearchStart and rerun.
      let words = callee.pcIsExact ? options.contextScanWords : options.scanWords
      guard let (slot, value) = state.scan(from: raSearchStart, words: words) else {
        state.log("  STACK WIN result not in known code and no return address found")
        return nil
      }
      if let rerun = evaluate(slot), rerun.pc == value {
        caller = rerun
      } else if let sp = state.add(slot, 4) {
        caller.pc = value
        caller.sp = sp
      }
      caller.trust = .cfiScan
      state.log("  STACK WIN corrected by scanning: eip=0x\(hex(value)) at 0x\(hex(slot))")
    }
    return caller
  }
}
