import BinaryReading
import DumpFormats
import Foundation

/// A decoded x64 `UNWIND_INFO` record, for tools that print unwind data (`symbols dump`).
///
/// The stack walker decodes the raw bytes itself; this view follows the same layout
/// (Microsoft "x64 exception handling": version/flags, prolog size, code count, frame register
/// and offset, the UNWIND_CODE slots, then a handler or a chained RUNTIME_FUNCTION).
public struct X64UnwindInfo: Hashable, Sendable {
  /// One unwind operation with its operand decoded.
  public struct Code: Hashable, Sendable {
    /// Offset in the prolog of the end of the instruction.
    public var prologOffset: UInt8
    /// `UnwindOp` (0 PUSH_NONVOL … 10 PUSH_MACHFRAME).
    public var operation: UInt8
    /// `OpInfo` (register number, or the size class).
    public var info: UInt8
    /// The decoded operand: allocation size, save offset or frame-offset, as the op defines.
    public var operand: UInt32
  }

  /// `Version` (1 or 2).
  public var version: UInt8
  /// `Flags` (1 EHANDLER, 2 UHANDLER, 4 CHAININFO).
  public var flags: UInt8
  /// `SizeOfProlog`.
  public var prologSize: UInt8
  /// `FrameRegister` (0 = none).
  public var frameRegister: UInt8
  /// `FrameOffset` × 16.
  public var frameOffset: UInt32
  /// The unwind codes in array order (epilog descriptors of version 2 skipped).
  public var codes: [Code]
  /// The chained entry when `Flags` has CHAININFO.
  public var chained: RuntimeFunction?

  /// Parses the record at `rva` of `image`.
  ///
  /// - Throws: ``ReadError`` when the record is truncated or an op code is unknown.
  public init(image: PEImage, rva: UInt32) throws(ReadError) {
    guard let head = image.bytes(atRVA: rva, count: 4) else {
      throw ReadError(code: .outOfBounds, context: "UNWIND_INFO@\(rva.hex)")
    }
    version = head[0] & 7
    flags = head[0] >> 3
    prologSize = head[1]
    let slotCount = Int(head[2])
    frameRegister = head[3] & 0xF
    frameOffset = UInt32(head[3] >> 4) * 16
    let paddedSlots = (slotCount + 1) & ~1
    let needsChain = flags & 4 != 0
    let total = 4 + paddedSlots * 2 + (needsChain ? 12 : 0)
    guard let raw = image.bytes(atRVA: rva, count: total) else {
      throw ReadError(code: .truncated, context: "UNWIND_INFO@\(rva.hex)")
    }
    let reader = ByteReader(raw)
    var codes: [Code] = []
    var slot = 0
    func slotValue(_ index: Int) throws(ReadError) -> UInt16 {
      guard index < slotCount else {
        throw ReadError(code: .truncated, context: "UNWIND_INFO@\(rva.hex).UnwindCode[\(index)]")
      }
      return try reader.read(UInt16.self, at: 4 + index * 2, "UnwindCode")
    }
    while slot < slotCount {
      let offset = raw[4 + slot * 2]
      let opByte = raw[5 + slot * 2]
      let op = opByte & 0xF
      let info = opByte >> 4
      var operand: UInt32 = 0
      var used = 1
      switch op {
      case 0, 3, 10: used = 1
      case 1:
        if info == 0 {
          operand = UInt32(try slotValue(slot + 1)) * 8
          used = 2
        } else {
          operand = UInt32(try slotValue(slot + 1)) | UInt32(try slotValue(slot + 2)) << 16
          used = 3
        }
      case 2: operand = UInt32(info) * 8 + 8
      case 4:
        operand = UInt32(try slotValue(slot + 1)) * 8
        used = 2
      case 5:
        operand = UInt32(try slotValue(slot + 1)) | UInt32(try slotValue(slot + 2)) << 16
        used = 3
      case 6: used = version >= 2 ? 1 : 2
      case 7: used = 3
      case 8:
        operand = UInt32(try slotValue(slot + 1)) * 16
        used = 2
      case 9:
        operand = UInt32(try slotValue(slot + 1)) | UInt32(try slotValue(slot + 2)) << 16
        used = 3
      default:
        throw ReadError(
          code: .invalidValue, context: "UNWIND_INFO@\(rva.hex).UnwindCode[\(slot)]",
          detail: "unknown UnwindOp \(op)")
      }
      if !(op == 6 && version >= 2) {
        codes.append(Code(prologOffset: offset, operation: op, info: info, operand: operand))
      }
      slot += used
    }
    self.codes = codes
    if needsChain {
      let at = 4 + paddedSlots * 2
      chained = RuntimeFunction(
        beginRVA: try reader.read(UInt32.self, at: at, "ChainedBegin"),
        endRVA: try reader.read(UInt32.self, at: at + 4, "ChainedEnd"),
        unwindData: try reader.read(UInt32.self, at: at + 8, "ChainedUnwind"))
    }
  }

  /// Bytes the prolog subtracts from RSP before the return address (pushes and allocations),
  /// so that the return address sits at `RSP + stackAdjustment` after the prolog.
  public var stackAdjustment: UInt32 {
    var total: UInt32 = 0
    for code in codes {
      switch code.operation {
      case 0: total &+= 8
      case 1, 2: total &+= code.operand
      default: break
      }
    }
    return total
  }
}
