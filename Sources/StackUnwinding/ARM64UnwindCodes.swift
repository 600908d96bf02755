import DumpFormats

/// ARM64 unwind data (formats.md §6.7): `.xdata` records and packed `.pdata` words, decoded to
/// one list of operations in unwind order.
struct ARM64UnwindCodes: Equatable {
  /// One unwind operation (each maps to one prolog/epilog instruction).
  enum Operation: Equatable {
    /// SP += bytes.
    case allocate(UInt64)
    /// Restore `count` (1 or 2) integer registers from SP + offset (`first` = x19-based number,
    /// 29 = fp, 30 = lr); with `writeback`, SP += offset' afterwards (pre-indexed store).
    case restore(first: Int, second: Int?, offset: UInt64, writeback: UInt64)
    /// Floating-point registers: only the SP adjustment matters.
    case restoreFloat(first: Int, second: Int?, offset: UInt64, writeback: UInt64)
    /// SP = FP (`set_fp`).
    case setFramePointer
    /// SP = FP − bytes (`add_fp`).
    case addFramePointer(UInt64)
    /// No unwind effect (`nop`, home-parameter stores, `pac_sign_lr` handled by stripping).
    case nop
    /// `end` / `end_c`.
    case end(chained: Bool)
    /// Machine frame: SP and PC from [SP] (MSFT_OP_MACHINE_FRAME).
    case machineFrame
    /// CONTEXT record at SP (MSFT_OP_CONTEXT).
    case contextRecord
    /// Unknown or unsupported code.
    case unsupported(UInt8)
  }

  /// The prolog codes (unwind order), starting at index 0.
  var operations: [Operation]
  /// Epilog scopes: (start offset in bytes from the function start, start index into
  /// `operations`).
  var epilogs: [(start: UInt32, index: Int)]
  /// Function length in bytes.
  var functionLength: UInt32

  static func == (lhs: ARM64UnwindCodes, rhs: ARM64UnwindCodes) -> Bool {
    lhs.operations == rhs.operations && lhs.functionLength == rhs.functionLength
      && lhs.epilogs.elementsEqual(rhs.epilogs) { $0.start == $1.start && $0.index == $1.index }
  }

  /// Decodes the `.xdata` record at `rva`.
  init?(image: any ExecutableImage, xdataRVA rva: UInt32) {
    guard let header = image.bytes(atRVA: rva, count: 4), header.count == 4 else { return nil }
    let word0 = CallSite.word(header, 0)
    functionLength = (word0 & 0x3FFFF) * 4
    let singleEpilog = (word0 >> 21) & 1 != 0
    var epilogCount = Int((word0 >> 22) & 0x1F)
    var codeWords = Int((word0 >> 27) & 0x1F)
    var cursor = rva &+ 4
    if epilogCount == 0 && codeWords == 0 {
      guard let extra = image.bytes(atRVA: cursor, count: 4), extra.count == 4 else { return nil }
      let word1 = CallSite.word(extra, 0)
      epilogCount = Int(word1 & 0xFFFF)
      codeWords = Int((word1 >> 16) & 0xFF)
      cursor = cursor &+ 4
    }
    var scopes: [(start: UInt32, index: Int)] = []
    if !singleEpilog && epilogCount > 0 {
      guard let raw = image.bytes(atRVA: cursor, count: epilogCount * 4),
        raw.count == epilogCount * 4
      else { return nil }
      for i in 0..<epilogCount {
        let scope = CallSite.word(raw, i * 4)
        scopes.append(((scope & 0x3FFFF) * 4, Int(scope >> 22)))
      }
      cursor = cursor &+ UInt32(epilogCount * 4)
    }
    guard let codes = image.bytes(atRVA: cursor, count: codeWords * 4),
      codes.count == codeWords * 4
    else { return nil }
    let (operations, byteIndex) = Self.decode(codes)
    self.operations = operations
    // Epilog scopes give byte indexes into the code bytes; map them to operation indexes.
    func operationIndex(_ byte: Int) -> Int {
      byteIndex.firstIndex(where: { $0 >= byte }) ?? operations.count
    }
    if singleEpilog {
      // E = 1: one epilog at the end of the function; the count field is its start index.
      let start = operationIndex(epilogCount)
      let length = Self.instructionCount(operations, from: start)
      let bytes = UInt32(length) * 4
      scopes = functionLength >= bytes ? [(functionLength - bytes, start)] : []
    } else {
      scopes = scopes.map { ($0.start, operationIndex($0.index)) }
    }
    epilogs = scopes
  }

  /// Builds the equivalent operations for a packed `.pdata` word (Flag 1 or 2).
  init(packed word: UInt32) {
    functionLength = ((word >> 2) & 0x7FF) * 4
    let regF = Int((word >> 13) & 7)
    let regI = Int((word >> 16) & 0xF)
    let homed = (word >> 20) & 1 != 0
    let cr = Int((word >> 21) & 3)
    let frameSize = UInt64((word >> 23) & 0x1FF) * 16
    var intSize = UInt64(regI) * 8
    if cr == 1 { intSize += 8 }
    let fpSize = regF > 0 ? UInt64(regF) * 8 + 8 : 0
    let saveSize = (intSize + fpSize + (homed ? 64 : 0) + 15) & ~15
    let localSize = frameSize >= saveSize ? frameSize - saveSize : 0
    var ops: [Operation] = []
    // Step 5 (undone first): locals, frame record.
    if cr == 3 {
      if localSize <= 512 {
        ops += [.setFramePointer, .restore(first: 29, second: 30, offset: 0, writeback: localSize)]
      } else {
        ops += [.setFramePointer, .restore(first: 29, second: 30, offset: 0, writeback: 0)]
        if localSize > 4080 {
          ops += [.allocate(localSize - 4080), .allocate(4080)]
        } else {
          ops += [.allocate(localSize)]
        }
      }
    } else if localSize > 4080 {
      ops += [.allocate(localSize - 4080), .allocate(4080)]
    } else if localSize > 0 {
      ops += [.allocate(localSize)]
    }
    // Step 4: homed parameters; step 3: FP registers (no integer effect).
    if homed { ops += Array(repeating: .nop, count: 4) }
    if regF > 0 {
      ops += Array(repeating: .nop, count: (regF + 1) / 2 + (regF + 1) % 2)
    }
    // Steps 2 and 1: integer registers from x19 up (and lr for CR 01), then release the area.
    var restores: [Operation] = []
    var register = 0
    while register + 1 < regI {
      restores.append(
        .restore(
          first: 19 + register, second: 20 + register, offset: UInt64(register) * 8,
          writeback: 0))
      register += 2
    }
    if register < regI {
      let second: Int? = cr == 1 ? 30 : nil
      restores.append(
        .restore(first: 19 + register, second: second, offset: UInt64(register) * 8, writeback: 0))
    } else if cr == 1 {
      restores.append(.restore(first: 30, second: nil, offset: intSize - 8, writeback: 0))
    }
    ops += restores.reversed()
    if saveSize > 0 { ops.append(.allocate(saveSize)) }
    ops.append(.end(chained: false))
    operations = ops
    epilogs = []
  }

  /// Instructions a code sequence from `start` represents (up to and excluding `end`).
  static func instructionCount(_ operations: [Operation], from start: Int) -> Int {
    var count = 0
    var index = start
    while index < operations.count {
      if case .end = operations[index] { break }
      count += 1
      index += 1
    }
    return count
  }

  /// Decodes unwind-code bytes; also returns each operation's starting byte index.
  static func decode(_ bytes: [UInt8]) -> ([Operation], [Int]) {
    var ops: [Operation] = []
    var starts: [Int] = []
    var i = 0
    var lastPair: (register: Int, offset: UInt64, float: Bool)?
    func byte(_ k: Int) -> UInt64 { k < bytes.count ? UInt64(bytes[k]) : 0 }
    while i < bytes.count {
      let b = bytes[i]
      starts.append(i)
      switch b {
      case 0x00...0x1F:
        ops.append(.allocate(UInt64(b & 0x1F) * 16))
        i += 1
      case 0x20...0x3F:
        let z = UInt64(b & 0x1F) * 8
        ops.append(.restore(first: 19, second: 20, offset: 0, writeback: z))
        lastPair = (19, 0, false)
        i += 1
      case 0x40...0x7F:
        ops.append(.restore(first: 29, second: 30, offset: UInt64(b & 0x3F) * 8, writeback: 0))
        i += 1
      case 0x80...0xBF:
        ops.append(
          .restore(first: 29, second: 30, offset: 0, writeback: (UInt64(b & 0x3F) + 1) * 8))
        i += 1
      case 0xC0...0xC7:
        ops.append(.allocate(((UInt64(b & 7) << 8) | byte(i + 1)) * 16))
        i += 2
      case 0xC8...0xD7:
        // save_regp (110010), save_regp_x (110011), save_reg (110100), save_reg_x (1101010),
        // save_lrpair (1101011).
        let value = (UInt64(b) << 8) | byte(i + 1)
        let kind = b >> 2
        if kind == 0x32 || kind == 0x33 {
          let x = Int((value >> 6) & 0xF)
          let z = value & 0x3F
          if kind == 0x32 {
            ops.append(.restore(first: 19 + x, second: 20 + x, offset: z * 8, writeback: 0))
            lastPair = (19 + x, z * 8, false)
          } else {
            ops.append(.restore(first: 19 + x, second: 20 + x, offset: 0, writeback: (z + 1) * 8))
            lastPair = (19 + x, 0, false)
          }
        } else if kind == 0x34 {
          let x = Int((value >> 6) & 0xF)
          ops.append(.restore(first: 19 + x, second: nil, offset: (value & 0x3F) * 8, writeback: 0))
        } else if b & 0xFE == 0xD4 {
          let x = Int((value >> 5) & 0xF)
          ops.append(
            .restore(first: 19 + x, second: nil, offset: 0, writeback: ((value & 0x1F) + 1) * 8))
        } else {
          let x = Int((value >> 6) & 0x7)
          ops.append(
            .restore(first: 19 + 2 * x, second: 30, offset: (value & 0x3F) * 8, writeback: 0))
        }
        i += 2
      case 0xD8...0xDD:
        // save_fregp, save_fregp_x, save_freg.
        let value = (UInt64(b) << 8) | byte(i + 1)
        let x = Int((value >> 6) & 0x7)
        let z = value & 0x3F
        switch b & 0xFE {
        case 0xD8:
          ops.append(.restoreFloat(first: 8 + x, second: 9 + x, offset: z * 8, writeback: 0))
          lastPair = (8 + x, z * 8, true)
        case 0xDA:
          ops.append(.restoreFloat(first: 8 + x, second: 9 + x, offset: 0, writeback: (z + 1) * 8))
          lastPair = (8 + x, 0, true)
        default:
          ops.append(.restoreFloat(first: 8 + x, second: nil, offset: z * 8, writeback: 0))
        }
        i += 2
      case 0xDE:
        let value = byte(i + 1)
        ops.append(
          .restoreFloat(
            first: 8 + Int(value >> 5), second: nil, offset: 0, writeback: ((value & 0x1F) + 1) * 8)
        )
        i += 2
      case 0xDF:
        ops.append(.nop)  // alloc_z (SVE): not supported for integer unwinding
        i += 2
      case 0xE0:
        ops.append(.allocate(((byte(i + 1) << 16) | (byte(i + 2) << 8) | byte(i + 3)) * 16))
        i += 4
      case 0xE1:
        ops.append(.setFramePointer)
        i += 1
      case 0xE2:
        ops.append(.addFramePointer(byte(i + 1) * 8))
        i += 2
      case 0xE3, 0xFC:
        ops.append(.nop)
        i += 1
      case 0xE4:
        ops.append(.end(chained: false))
        i += 1
      case 0xE5:
        ops.append(.end(chained: true))
        i += 1
      case 0xE6:
        // save_next: the next register pair in the next 16-byte slot.
        if let last = lastPair {
          let next = (last.register + 2, last.offset + 16, last.float)
          ops.append(
            next.2
              ? .restoreFloat(first: next.0, second: next.0 + 1, offset: next.1, writeback: 0)
              : .restore(first: next.0, second: next.0 + 1, offset: next.1, writeback: 0))
          lastPair = next
        } else {
          ops.append(.unsupported(b))
        }
        i += 1
      case 0xE7:
        ops.append(.nop)  // save_any_reg / arithmetic forms: three bytes, no effect modelled
        i += 3
      case 0xE9:
        ops.append(.machineFrame)
        i += 1
      case 0xEA:
        ops.append(.contextRecord)
        i += 1
      case 0xEC:
        ops.append(.nop)  // clear unwound-to-call
        i += 1
      default:
        ops.append(.unsupported(b))
        i += 1
      }
    }
    return (ops, starts)
  }
}
