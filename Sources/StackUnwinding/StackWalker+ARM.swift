import DumpFormats

/// 32-bit ARM (Thumb-2) unwinding: `STACK CFI`, then the R11/LR frame chain, then the link
/// register for the context frame, then a validated scan. Instruction addresses have the Thumb
/// bit cleared.
extension StackWalker {
  /// Registers an ARM callee must preserve.
  static let armCalleeSaved = (4...11).map { "r\($0)" }

  func unwindARM(_ callee: FrameState, index: Int, state: WalkState) -> FrameState? {
    var carried: [String: UInt64] = [:]
    for name in Self.armCalleeSaved { carried[name] = callee.registers[name] }
    if let (module, rva) = state.locate(callee.lookupAddress),
      let symbols = state.symbols(for: module), let rules = symbols.cfiRules(at: rva),
      let caller = CFIRules.apply(
        rules, callee: callee, ipName: "pc", spName: "sp", calleeSaved: Self.armCalleeSaved,
        state: state),
      accepts(caller, callee: callee, index: index)
    {
      return caller
    }
    if let r11 = callee.registers["r11"], r11 % 4 == 0, r11 >= callee.sp,
      r11 - callee.sp < 0x10_0000, let savedR11 = state.readPointer(r11),
      let slot = state.add(r11, 4), let savedLR = state.readPointer(slot),
      let sp = state.add(r11, 8)
    {
      var registers = carried
      registers["r11"] = savedR11
      let caller = FrameState(
        architecture: .arm, pc: savedLR & ~1, sp: sp, registers: registers, trust: .framePointer)
      if state.isPlausibleReturnAddress(caller.pc), accepts(caller, callee: callee, index: index) {
        state.log("  R11 chain: [0x\(hex(r11))+4] = 0x\(hex(savedLR))")
        return caller
      }
    }
    if callee.pcIsExact, let lr = callee.registers["lr"] {
      let caller = FrameState(
        architecture: .arm, pc: lr & ~1, sp: callee.sp, registers: carried, trust: .scan)
      if caller.pc != callee.pc, state.isPlausibleReturnAddress(caller.pc),
        accepts(caller, callee: callee, index: index)
      {
        state.log("  caller taken from the link register")
        return caller
      }
    }
    let words = callee.pcIsExact ? options.contextScanWords : options.scanWords
    if let caller = scanCaller(callee, from: callee.sp, words: words, state: state) {
      return caller
    }
    state.fail("no frame chain or return address within \(words) words")
    return nil
  }
}
