import DumpFormats

/// ARM64 unwinding: `.pdata`/`.xdata` (packed and unpacked, partial prologs and epilogs) from
/// the image, then `STACK CFI`, then the FP/LR frame-record chain, then a validated scan
/// (formats.md §6.7, §7.2). Pointer-authentication bits are stripped from recovered addresses.
extension StackWalker {
  /// Registers an ARM64 callee must preserve.
  static let arm64CalleeSaved = (19...28).map { "x\($0)" } + ["fp"]

  func unwindARM64(_ callee: FrameState, index: Int, state: WalkState) -> FrameState? {
    let location = state.locate(callee.lookupAddress)
    if let (module, rva) = location, let image = state.image(for: module) {
      if let caller = unwindARM64(
        callee, module: module, image: image, lookupRVA: rva, state: state),
        accepts(caller, callee: callee, index: index)
      {
        return caller
      }
    }
    if let (module, rva) = location, let symbols = state.symbols(for: module),
      let rules = symbols.cfiRules(at: rva),
      var caller = CFIRules.apply(
        rules, callee: callee, ipName: "pc", spName: "sp", calleeSaved: Self.arm64CalleeSaved,
        state: state)
    {
      caller.pc = stripPointerAuthentication(caller.pc, state: state)
      if accepts(caller, callee: callee, index: index) { return caller }
    }
    if let fp = callee.registers["fp"], fp % 8 == 0, fp >= callee.sp, fp - callee.sp < 0x10_0000,
      let savedFP = state.readPointer(fp), let slot = state.add(fp, 8),
      let savedLR = state.readPointer(slot), let sp = state.add(fp, 16)
    {
      let pc = stripPointerAuthentication(savedLR, state: state)
      var registers: [String: UInt64] = [:]
      for name in Self.arm64CalleeSaved { registers[name] = callee.registers[name] }
      registers["fp"] = stripPointerAuthentication(savedFP, state: state)
      let caller = FrameState(
        architecture: .arm64, pc: pc, sp: sp, registers: registers, trust: .framePointer)
      if state.isPlausibleReturnAddress(pc), accepts(caller, callee: callee, index: index) {
        state.log("  FP chain: [0x\(hex(fp))+8] = 0x\(hex(pc))")
        return caller
      }
    }
    var carried: [String: UInt64] = [:]
    for name in Self.arm64CalleeSaved { carried[name] = callee.registers[name] }
    if callee.pcIsExact, let lr = callee.registers["lr"] {
      let pc = stripPointerAuthentication(lr, state: state)
      let caller = FrameState(
        architecture: .arm64, pc: pc, sp: callee.sp, registers: carried, trust: .scan)
      if pc != callee.pc, state.isPlausibleReturnAddress(pc),
        accepts(caller, callee: callee, index: index)
      {
        state.log("  no unwind data: caller taken from the link register")
        return caller
      }
    }
    let words = callee.pcIsExact ? options.contextScanWords : options.scanWords
    if let caller = scanCaller(callee, from: callee.sp, words: words, state: state) {
      return caller
    }
    state.fail("no unwind data, frame record or return address within \(words) words")
    return nil
  }

  /// Removes pointer-authentication bits: keeps the form (user or kernel half) that lands in a
  /// module.
  func stripPointerAuthentication(_ value: UInt64, state: WalkState) -> UInt64 {
    if state.module(containing: value) != nil { return value }
    let user = value & 0x0000_FFFF_FFFF_FFFF
    if state.module(containing: user) != nil { return user }
    let kernel = value | 0xFFFF_0000_0000_0000
    if state.module(containing: kernel) != nil { return kernel }
    return value
  }

  /// Unwinds one frame with the image's `.pdata`/`.xdata`.
  private func unwindARM64(
    _ callee: FrameState, module: LoadedModule, image: any ExecutableImage, lookupRVA: UInt32,
    state: WalkState
  ) -> FrameState? {
    var registers: [String: UInt64] = [:]
    for name in Self.arm64CalleeSaved + ["lr"] { registers[name] = callee.registers[name] }
    guard let function = image.runtimeFunction(containing: lookupRVA) else {
      // No entry: a leaf that keeps its return address in LR.
      guard callee.pcIsExact, let lr = callee.registers["lr"] else {
        state.log("  .pdata: no entry and no link register")
        return nil
      }
      state.log("  .pdata: no entry: leaf, return address in lr")
      registers["lr"] = nil
      return FrameState(
        architecture: .arm64, pc: stripPointerAuthentication(lr, state: state), sp: callee.sp,
        registers: registers, trust: .cfi)
    }
    let flag = function.unwindData & 3
    let codes: ARM64UnwindCodes
    if flag == 0 {
      guard let decoded = ARM64UnwindCodes(image: image, xdataRVA: function.unwindData) else {
        state.fail(".xdata at rva 0x\(hex(UInt64(function.unwindData))) unreadable")
        return nil
      }
      codes = decoded
    } else {
      codes = ARM64UnwindCodes(packed: function.unwindData)
    }
    var start = 0
    if callee.pcIsExact,
      let functionStart = module.base.checkedAddingOffset(UInt64(function.beginRVA)),
      callee.pc >= functionStart
    {
      let offset = callee.pc - functionStart
      var inEpilog = false
      for scope in codes.epilogs where offset >= UInt64(scope.start) {
        let length = ARM64UnwindCodes.instructionCount(codes.operations, from: scope.index)
        let done = (offset - UInt64(scope.start)) / 4
        if done <= UInt64(length) {
          start = scope.index + Int(done)
          inEpilog = true
          state.log("  pc is \(done) instructions into an epilog")
        }
      }
      let prolog = flag == 2 ? 0 : ARM64UnwindCodes.instructionCount(codes.operations, from: 0)
      if !inEpilog, offset / 4 < UInt64(prolog) {
        start = prolog - Int(offset / 4)
        state.log("  pc is \(offset / 4) instructions into the prolog")
      }
    }
    state.log(
      "  .pdata \(module.baseName) 0x\(hex(UInt64(function.beginRVA))): "
        + (flag == 0 ? ".xdata" : "packed") + " \(codes.operations.count) codes from \(start)")
    var sp = callee.sp
    var pc: UInt64?
    var index = start
    func name(_ number: Int) -> String {
      number == 29 ? "fp" : number == 30 ? "lr" : "x\(number)"
    }
    loop: while index < codes.operations.count {
      switch codes.operations[index] {
      case .allocate(let bytes):
        guard let next = state.add(sp, bytes) else { return nil }
        sp = next
      case .restore(let first, let second, let offset, let writeback):
        guard let address = state.add(sp, offset), let value = state.readPointer(address) else {
          state.fail("saved \(name(first)) unreadable")
          return nil
        }
        registers[name(first)] = value
        if let second {
          guard let address2 = state.add(address, 8), let value2 = state.readPointer(address2)
          else { return nil }
          registers[name(second)] = value2
        }
        guard let next = state.add(sp, writeback) else { return nil }
        sp = next
      case .restoreFloat(_, _, _, let writeback):
        guard let next = state.add(sp, writeback) else { return nil }
        sp = next
      case .setFramePointer:
        guard let fp = registers["fp"] else { return nil }
        sp = fp
      case .addFramePointer(let bytes):
        guard let fp = registers["fp"], let value = state.subtract(fp, bytes) else { return nil }
        sp = value
      case .nop:
        break
      case .end(let chained):
        if !chained { break loop }
      case .machineFrame:
        guard let newSP = state.readPointer(sp), let slot = state.add(sp, 8),
          let newPC = state.readPointer(slot)
        else { return nil }
        pc = newPC
        sp = newSP
        break loop
      case .contextRecord:
        // ARM64_NT_CONTEXT: X0..X28 at 0x08, Fp 0xF0, Lr 0xF8, Sp 0x100, Pc 0x108.
        for number in 19...30 {
          if let address = state.add(sp, 8 + UInt64(number) * 8),
            let value = state.readPointer(address)
          {
            registers[name(number)] = value
          }
        }
        guard let spSlot = state.add(sp, 0x100), let newSP = state.readPointer(spSlot),
          let pcSlot = state.add(sp, 0x108), let newPC = state.readPointer(pcSlot)
        else { return nil }
        pc = newPC
        sp = newSP
        break loop
      case .unsupported(let code):
        state.fail("unsupported ARM64 unwind code 0x\(hex(UInt64(code)))")
        return nil
      }
      index += 1
    }
    let exact = pc != nil
    guard let returnAddress = pc ?? registers["lr"] else {
      state.fail("return address (lr) unknown after unwinding")
      return nil
    }
    registers["lr"] = nil
    if let fp = registers["fp"] { registers["fp"] = stripPointerAuthentication(fp, state: state) }
    return FrameState(
      architecture: .arm64, pc: stripPointerAuthentication(returnAddress, state: state), sp: sp,
      registers: registers, trust: .cfi, pcIsExact: exact)
  }
}
