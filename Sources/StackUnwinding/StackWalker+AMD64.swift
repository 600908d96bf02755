import BinaryReading
import DumpFormats

/// x64 unwinding: `.pdata`/`.xdata` from the image (every UWOP code, chained records, epilog
/// simulation for exact frames, machine frames), then `STACK CFI`, then the leaf rule for the
/// context frame, then a validated RBP chain, then a validated scan (formats.md §6.6, §7.2).
extension StackWalker {
  /// Registers an x64 callee must preserve (Windows x64 ABI).
  static let amd64CalleeSaved = ["rbx", "rbp", "rsi", "rdi", "r12", "r13", "r14", "r15"]

  func unwindAMD64(_ callee: FrameState, index: Int, state: WalkState) -> FrameState? {
    let location = state.locate(callee.lookupAddress)
    if let (module, rva) = location, let image = state.image(for: module) {
      if let caller = unwindAMD64(
        callee, module: module, image: image, lookupRVA: rva, state: state)
      {
        if accepts(caller, callee: callee, index: index) { return caller }
        state.log("  .pdata result rejected: \(state.describe(caller))")
      }
    }
    if let (module, rva) = location, let symbols = state.symbols(for: module),
      let rules = symbols.cfiRules(at: rva)
    {
      if let caller = CFIRules.apply(
        rules, callee: callee, ipName: "rip", spName: "rsp",
        calleeSaved: Self.amd64CalleeSaved, state: state),
        accepts(caller, callee: callee, index: index)
      {
        return caller
      }
    }
    var carried: [String: UInt64] = [:]
    for name in Self.amd64CalleeSaved { carried[name] = callee.registers[name] }
    if callee.pcIsExact, let returnAddress = state.readPointer(callee.sp),
      state.isPlausibleReturnAddress(returnAddress), let sp = state.add(callee.sp, 8)
    {
      state.log(
        "  no unwind data: simulated return from a leaf function ([rsp] is a return address)")
      return FrameState(
        architecture: .amd64, pc: returnAddress, sp: sp, registers: carried, trust: .scan)
    }
    if options.amd64FramePointerChain, let caller = amd64FramePointer(callee, state: state),
      accepts(caller, callee: callee, index: index)
    {
      return caller
    }
    let words = callee.pcIsExact ? options.contextScanWords : options.scanWords
    if let caller = scanCaller(callee, from: callee.sp, words: words, state: state) {
      return caller
    }
    state.fail("no unwind data, frame pointer or return address within \(words) words")
    return nil
  }

  /// Follows the RBP chain: caller RIP = [RBP+8], RBP = [RBP], RSP = RBP+16.
  ///
  /// Accepted only when RBP is
  /// aligned, above RSP, the return address is plausible, and no plausible return address lies
  /// between RSP and the chained slot (MSVC code often uses RBP as a general register).
  private func amd64FramePointer(_ callee: FrameState, state: WalkState) -> FrameState? {
    guard let rbp = callee.registers["rbp"], rbp % 8 == 0, rbp > callee.sp,
      rbp - callee.sp <= 0x4000, let slot = state.add(rbp, 8),
      let returnAddress = state.readPointer(slot), let savedRBP = state.readPointer(rbp),
      let sp = state.add(rbp, 16), state.isPlausibleReturnAddress(returnAddress)
    else { return nil }
    let words = Int((slot - callee.sp) / 8)
    if let (nearer, _) = state.scan(from: callee.sp, words: words), nearer < slot {
      state.log("  RBP chain skipped: a return address at 0x\(hex(nearer)) is nearer")
      return nil
    }
    if savedRBP != 0 && savedRBP < sp { return nil }
    var registers: [String: UInt64] = [:]
    for name in Self.amd64CalleeSaved { registers[name] = callee.registers[name] }
    registers["rbp"] = savedRBP
    state.log("  RBP chain: [0x\(hex(rbp))+8] = 0x\(hex(returnAddress))")
    return FrameState(
      architecture: .amd64, pc: returnAddress, sp: sp, registers: registers, trust: .framePointer)
  }

  /// Unwinds one frame with the image's exception data (RtlVirtualUnwind semantics).
  private func unwindAMD64(
    _ callee: FrameState, module: LoadedModule, image: any ExecutableImage, lookupRVA: UInt32,
    state: WalkState
  ) -> FrameState? {
    var registers: [String: UInt64] = ["rsp": callee.sp]
    for name in Self.amd64CalleeSaved { registers[name] = callee.registers[name] }
    guard var function = image.runtimeFunction(containing: lookupRVA) else {
      // No .pdata entry: a leaf function; the return address is at [RSP].
      guard let returnAddress = state.readPointer(callee.sp), let sp = state.add(callee.sp, 8)
      else {
        state.fail("leaf frame: [rsp] unreadable")
        return nil
      }
      state.log(
        "  .pdata: no entry for rva 0x\(hex(UInt64(lookupRVA))): leaf, return address at [rsp]")
      registers["rsp"] = nil
      return FrameState(
        architecture: .amd64, pc: returnAddress, sp: sp, registers: registers, trust: .cfi)
    }
    guard let resolved = resolveIndirect(function, image: image, state: state) else { return nil }
    function = resolved
    let info: AMD64UnwindInfo
    do {
      info = try AMD64UnwindInfo(image: image, rva: function.unwindData)
    } catch {
      state.fail("UNWIND_INFO at rva 0x\(hex(UInt64(function.unwindData))) unreadable: \(error)")
      return nil
    }
    state.log(
      "  .pdata \(module.baseName) 0x\(hex(UInt64(function.beginRVA)))-0x\(hex(UInt64(function.endRVA))): "
        + "UNWIND_INFO v\(info.version) prolog \(info.prologSize) codes \(info.operations.count)"
        + (info.frameRegister != 0 ? " frame reg \(info.frameRegister)+\(info.frameOffset)" : "")
        + (info.chained != nil ? " chained" : ""))

    var prologOffset: UInt32?
    if callee.pcIsExact, let pcRVA = UInt32(exactly: callee.pc - module.base),
      pcRVA >= function.beginRVA
    {
      let offset = pcRVA - function.beginRVA
      if offset < UInt32(info.prologSize) {
        prologOffset = offset
        state.log("  pc is in the prolog at offset \(offset)")
      } else if let caller = amd64Epilog(
        callee, image: image, pcRVA: pcRVA, info: info, function: function, state: state)
      {
        return caller
      }
    }

    var current = info
    var machineFrame = false
    var pc: UInt64?
    for depth in 0..<32 {
      guard
        applyAMD64(
          current, prologOffset: depth == 0 ? prologOffset : nil, registers: &registers,
          machineFrame: &machineFrame, pc: &pc, state: state)
      else { return nil }
      guard let chained = current.chained else { break }
      guard let parent = resolveIndirect(chained, image: image, state: state) else { return nil }
      do {
        current = try AMD64UnwindInfo(image: image, rva: parent.unwindData)
      } catch {
        state.fail("chained UNWIND_INFO unreadable: \(error)")
        return nil
      }
      state.log(
        "  chained to 0x\(hex(UInt64(parent.beginRVA))) (\(current.operations.count) codes)")
      if depth == 31 {
        state.fail("chained unwind info too deep")
        return nil
      }
    }
    guard let rsp = registers["rsp"] else { return nil }
    registers["rsp"] = nil
    if machineFrame, let pc {
      state.log("  machine frame: rip=0x\(hex(pc)) rsp=0x\(hex(rsp))")
      return FrameState(
        architecture: .amd64, pc: pc, sp: rsp, registers: registers, trust: .cfi, pcIsExact: true)
    }
    guard let returnAddress = state.readPointer(rsp), let sp = state.add(rsp, 8) else {
      state.fail("return address at 0x\(hex(rsp)) unreadable")
      return nil
    }
    return FrameState(
      architecture: .amd64, pc: returnAddress, sp: sp, registers: registers, trust: .cfi)
  }

  /// Follows `.pdata` entries whose unwind field points at another RUNTIME_FUNCTION (bit 0).
  private func resolveIndirect(
    _ function: RuntimeFunction, image: any ExecutableImage, state: WalkState
  ) -> RuntimeFunction? {
    var function = function
    for _ in 0..<8 {
      guard function.unwindData & 1 != 0 else { return function }
      guard let bytes = image.bytes(atRVA: function.unwindData & ~1, count: 12), bytes.count == 12
      else {
        state.fail("indirect RUNTIME_FUNCTION unreadable")
        return nil
      }
      function = RuntimeFunction(
        beginRVA: CallSite.word(bytes, 0), endRVA: CallSite.word(bytes, 4),
        unwindData: CallSite.word(bytes, 8))
    }
    state.fail("indirect RUNTIME_FUNCTION chain too long")
    return nil
  }

  /// Undoes one UNWIND_INFO's operations (all of them, or those whose prolog offset the PC has
  /// passed when `prologOffset` is given).
  private func applyAMD64(
    _ info: AMD64UnwindInfo, prologOffset: UInt32?, registers: inout [String: UInt64],
    machineFrame: inout Bool, pc: inout UInt64?, state: WalkState
  ) -> Bool {
    func executed(_ offset: UInt8) -> Bool {
      guard let prologOffset else { return true }
      return UInt32(offset) <= prologOffset
    }
    func name(_ number: Int) -> String {
      number >= 0 && number < 16 ? AMD64UnwindInfo.registerNames[number] : "r?"
    }
    guard var rsp = registers["rsp"] else { return false }
    // The frame base for saved registers: the established frame pointer once SET_FPREG ran.
    var frameBase = rsp
    if info.frameRegister != 0,
      info.operations.contains(where: { $0.operation == .setFramePointer && executed($0.offset) })
    {
      guard let framePointer = registers[name(info.frameRegister)],
        let base = state.subtract(framePointer, info.frameOffset)
      else {
        state.fail("frame register \(name(info.frameRegister)) unknown")
        return false
      }
      frameBase = base
    }
    for (offset, operation) in info.operations where executed(offset) {
      switch operation {
      case .pushNonvolatile(let register):
        guard let value = state.readPointer(rsp), let next = state.add(rsp, 8) else {
          state.fail("pop \(name(register)) at 0x\(hex(rsp)) unreadable")
          return false
        }
        if register != 4 { registers[name(register)] = value }
        rsp = next
      case .allocate(let size):
        guard let next = state.add(rsp, UInt64(size)) else { return false }
        rsp = next
      case .setFramePointer:
        guard let framePointer = registers[name(info.frameRegister)],
          let value = state.subtract(framePointer, info.frameOffset)
        else {
          state.fail("SET_FPREG: frame register unknown")
          return false
        }
        rsp = value
      case .saveNonvolatile(let register, let saveOffset):
        guard let address = state.add(frameBase, UInt64(saveOffset)),
          let value = state.readPointer(address)
        else {
          state.fail("saved \(name(register)) unreadable")
          return false
        }
        registers[name(register)] = value
      case .saveXMM, .epilog:
        break
      case .pushMachineFrame(let errorCode):
        let skip: UInt64 = errorCode ? 8 : 0
        guard let ripSlot = state.add(rsp, skip), let rip = state.readPointer(ripSlot),
          let rspSlot = state.add(ripSlot, 24), let newRSP = state.readPointer(rspSlot)
        else {
          state.fail("machine frame at 0x\(hex(rsp)) unreadable")
          return false
        }
        pc = rip
        machineFrame = true
        rsp = newRSP
      }
    }
    registers["rsp"] = rsp
    return true
  }

  /// When an exact PC sits in an epilog (`add rsp`/`lea rsp`, pops, then `ret` or a tail `jmp`),
  /// simulates the rest of it instead of undoing the prolog.
  private func amd64Epilog(
    _ callee: FrameState, image: any ExecutableImage, pcRVA: UInt32, info: AMD64UnwindInfo,
    function: RuntimeFunction, state: WalkState
  ) -> FrameState? {
    var code: [UInt8]?
    for count in [48, 24, 12, 6, 3, 1] {
      if let bytes = image.bytes(atRVA: pcRVA, count: count), bytes.count == count {
        code = bytes
        break
      }
    }
    guard let code, var rsp = Optional(callee.sp) else { return nil }
    var registers: [String: UInt64] = [:]
    for name in Self.amd64CalleeSaved { registers[name] = callee.registers[name] }
    var index = 0
    func byte(_ offset: Int) -> UInt8? {
      let position = index + offset
      return position < code.count ? code[position] : nil
    }
    func int32(_ offset: Int) -> UInt32? {
      guard let b0 = byte(offset), let b1 = byte(offset + 1), let b2 = byte(offset + 2),
        let b3 = byte(offset + 3)
      else { return nil }
      return UInt32(b0) | UInt32(b1) << 8 | UInt32(b2) << 16 | UInt32(b3) << 24
    }
    // Optional stack release first.
    if byte(0) == 0x48, byte(1) == 0x83, byte(2) == 0xC4, let imm = byte(3) {
      rsp = rsp &+ UInt64(imm)
      index += 4
    } else if byte(0) == 0x48, byte(1) == 0x81, byte(2) == 0xC4, let imm = int32(3) {
      rsp = rsp &+ UInt64(imm)
      index += 7
    } else if let rex = byte(0), rex & 0xF8 == 0x48, byte(1) == 0x8D, let modrm = byte(2),
      (modrm >> 3) & 7 == 4, modrm & 7 != 4, modrm >> 6 == 1 || modrm >> 6 == 2
    {
      // lea rsp, [frame register + displacement]
      let number = Int(modrm & 7) + (rex & 1 != 0 ? 8 : 0)
      guard number == info.frameRegister,
        let base = registers[AMD64UnwindInfo.registerNames[number]]
      else { return nil }
      if modrm >> 6 == 1, let displacement = byte(3) {
        rsp = base &+ UInt64(bitPattern: Int64(Int8(bitPattern: displacement)))
        index += 4
      } else if let displacement = int32(3) {
        rsp = base &+ UInt64(bitPattern: Int64(Int32(bitPattern: displacement)))
        index += 7
      } else {
        return nil
      }
    }
    var pops: [(String, UInt64)] = []
    while true {
      if let op = byte(0), op >= 0x58, op <= 0x5F {
        pops.append((AMD64UnwindInfo.registerNames[Int(op - 0x58)], 0))
        index += 1
      } else if byte(0) == 0x41, let op = byte(1), op >= 0x58, op <= 0x5F {
        pops.append((AMD64UnwindInfo.registerNames[Int(op - 0x58) + 8], 0))
        index += 2
      } else {
        break
      }
    }
    let terminator: Bool
    switch (byte(0), byte(1)) {
    case (0xC3, _), (0xC2, _), (0xF3, 0xC3): terminator = true
    case (0xE9, _), (0xEB, _): terminator = true
    case (0xFF, 0x25), (0x48, 0xFF): terminator = true
    default: terminator = false
    }
    guard terminator else { return nil }
    for (name, _) in pops {
      guard let value = state.readPointer(rsp), let next = state.add(rsp, 8) else { return nil }
      if name != "rsp" { registers[name] = value }
      rsp = next
    }
    guard let returnAddress = state.readPointer(rsp), let sp = state.add(rsp, 8) else {
      return nil
    }
    state.log("  pc is in an epilog: simulated \(pops.count) pops and the return")
    return FrameState(
      architecture: .amd64, pc: returnAddress, sp: sp, registers: registers, trust: .cfi)
  }
}
