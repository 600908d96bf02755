import BinaryReading
import DumpFormats

/// An x64 `UNWIND_INFO` record with its decoded `UNWIND_CODE` operations (formats.md §6.6).
struct AMD64UnwindInfo: Equatable {
  /// One decoded unwind operation.
  enum Operation: Equatable {
    /// `UWOP_PUSH_NONVOL`: pop a register.
    case pushNonvolatile(register: Int)
    /// `UWOP_ALLOC_LARGE` / `UWOP_ALLOC_SMALL`: release stack.
    case allocate(size: UInt32)
    /// `UWOP_SET_FPREG`: RSP = frame register − 16 × FrameOffset.
    case setFramePointer
    /// `UWOP_SAVE_NONVOL(_FAR)`: register saved at frame base + offset.
    case saveNonvolatile(register: Int, offset: UInt32)
    /// `UWOP_SAVE_XMM128(_FAR)` (and the legacy v1 op 6/7 forms): nothing to restore for
    /// integer unwinding.
    case saveXMM(register: Int, offset: UInt32)
    /// Version 2 `UWOP_EPILOG` descriptor: no effect on prolog unwinding.
    case epilog
    /// `UWOP_PUSH_MACHFRAME`: a hardware trap frame (with an error code when `errorCode`).
    case pushMachineFrame(errorCode: Bool)
  }

  /// Version (1, or 2 with epilog descriptors).
  var version: UInt8
  /// Flags: 1 EHANDLER, 2 UHANDLER, 4 CHAININFO.
  var flags: UInt8
  /// Size of the prolog in bytes.
  var prologSize: UInt8
  /// Frame register number (0 = none).
  var frameRegister: Int
  /// Frame offset, already scaled (× 16).
  var frameOffset: UInt64
  /// Operations with the prolog offset each belongs to, in array order.
  var operations: [(offset: UInt8, operation: Operation)]
  /// The chained RUNTIME_FUNCTION when CHAININFO is set.
  var chained: RuntimeFunction?

  static func == (lhs: AMD64UnwindInfo, rhs: AMD64UnwindInfo) -> Bool {
    lhs.version == rhs.version && lhs.flags == rhs.flags && lhs.prologSize == rhs.prologSize
      && lhs.frameRegister == rhs.frameRegister && lhs.frameOffset == rhs.frameOffset
      && lhs.chained == rhs.chained
      && lhs.operations.elementsEqual(rhs.operations) {
        $0.offset == $1.offset && $0.operation == $1.operation
      }
  }

  /// Register names by UNWIND_CODE number.
  static let registerNames = [
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13",
    "r14", "r15",
  ]

  /// Decodes the record at `rva` of `image`; throws on truncation or an unknown op code.
  init(image: any ExecutableImage, rva: UInt32) throws(ReadError) {
    guard let header = image.bytes(atRVA: rva, count: 4), header.count == 4 else {
      throw ReadError(code: .truncated, offset: UInt64(rva), context: "UNWIND_INFO header")
    }
    version = header[0] & 7
    flags = header[0] >> 3
    prologSize = header[1]
    let slotCount = Int(header[2])
    frameRegister = Int(header[3] & 0x0F)
    frameOffset = UInt64(header[3] >> 4) * 16
    guard version == 1 || version == 2 else {
      throw ReadError(code: .unsupported, offset: UInt64(rva), context: "UNWIND_INFO.Version")
    }
    let paddedSlots = (slotCount + 1) & ~1
    let chainBytes = flags & 4 != 0 ? 12 : 0
    guard let body = image.bytes(atRVA: rva &+ 4, count: paddedSlots * 2 + chainBytes),
      body.count == paddedSlots * 2 + chainBytes
    else {
      throw ReadError(code: .truncated, offset: UInt64(rva) + 4, context: "UNWIND_INFO codes")
    }
    let reader = ByteReader(body)
    var operations: [(offset: UInt8, operation: Operation)] = []
    var slot = 0
    func slotValue(_ index: Int) throws(ReadError) -> UInt32 {
      guard index < slotCount else {
        throw ReadError(code: .truncated, offset: UInt64(rva), context: "UNWIND_CODE operand")
      }
      return UInt32(try reader.read(UInt16.self, at: index * 2, "UNWIND_CODE"))
    }
    while slot < slotCount {
      let offset = body[slot * 2]
      let op = body[slot * 2 + 1] & 0x0F
      let info = Int(body[slot * 2 + 1] >> 4)
      switch op {
      case 0:
        operations.append((offset, .pushNonvolatile(register: info)))
        slot += 1
      case 1:
        if info == 0 {
          let size = try slotValue(slot + 1) * 8
          operations.append((offset, .allocate(size: size)))
          slot += 2
        } else {
          let size = try slotValue(slot + 1) | (try slotValue(slot + 2)) << 16
          operations.append((offset, .allocate(size: size)))
          slot += 3
        }
      case 2:
        operations.append((offset, .allocate(size: UInt32(info) * 8 + 8)))
        slot += 1
      case 3:
        operations.append((offset, .setFramePointer))
        slot += 1
      case 4:
        let scaled = try slotValue(slot + 1) * 8
        operations.append((offset, .saveNonvolatile(register: info, offset: scaled)))
        slot += 2
      case 5:
        let far = try slotValue(slot + 1) | (try slotValue(slot + 2)) << 16
        operations.append((offset, .saveNonvolatile(register: info, offset: far)))
        slot += 3
      case 6:
        // Version 2: UWOP_EPILOG, one slot (amdppm.sys shows it, formats.md §6.6).
        // Version 1: the legacy UWOP_SAVE_XMM, two slots.
        if version == 2 {
          operations.append((offset, .epilog))
          slot += 1
        } else {
          let scaled = try slotValue(slot + 1) * 8
          operations.append((offset, .saveXMM(register: info, offset: scaled)))
          slot += 2
        }
      case 7:
        // Legacy UWOP_SAVE_XMM_FAR (three slots); UWOP_SPARE_CODE in later headers.
        let far = try slotValue(slot + 1) | (try slotValue(slot + 2)) << 16
        operations.append((offset, .saveXMM(register: info, offset: far)))
        slot += 3
      case 8:
        let scaled = try slotValue(slot + 1) * 16
        operations.append((offset, .saveXMM(register: info, offset: scaled)))
        slot += 2
      case 9:
        let far = try slotValue(slot + 1) | (try slotValue(slot + 2)) << 16
        operations.append((offset, .saveXMM(register: info, offset: far)))
        slot += 3
      case 10:
        operations.append((offset, .pushMachineFrame(errorCode: info != 0)))
        slot += 1
      default:
        throw ReadError(code: .unsupported, offset: UInt64(rva), context: "UNWIND_CODE op \(op)")
      }
    }
    self.operations = operations
    if flags & 4 != 0 {
      let base = paddedSlots * 2
      chained = RuntimeFunction(
        beginRVA: try reader.read(UInt32.self, at: base, "chained BeginAddress"),
        endRVA: try reader.read(UInt32.self, at: base + 4, "chained EndAddress"),
        unwindData: try reader.read(UInt32.self, at: base + 8, "chained UnwindInfoAddress"))
    } else {
      chained = nil
    }
  }
}
