import BinaryReading
import DumpFormats

/// `MINIDUMP_EXCEPTION_STREAM` (minidumpapiset.h): the crashing thread, its exception record
/// and the context at the fault.
public struct ExceptionStream: MinidumpStream, Hashable {
  /// The stream type (6).
  public static var streamType: MinidumpStreamType { .exception }

  /// `ThreadId` of the thread that raised the exception.
  public var threadID: UInt32
  /// `ExceptionCode`.
  public var code: ExceptionCode
  /// `ExceptionFlags` (1 = non-continuable).
  public var flags: UInt32
  /// `ExceptionRecord`: address of a chained record in the crashed process (0 if none).
  public var nestedRecordAddress: UInt64
  /// `ExceptionAddress`: where the exception happened.
  public var address: UInt64
  /// `ExceptionInformation[0..<NumberParameters]` (at most 15).
  public var parameters: [UInt64]
  /// `NumberParameters` as recorded (may exceed 15 in corrupt dumps).
  public var declaredParameterCount: UInt32
  /// `ThreadContext`.
  public var contextLocation: MinidumpLocation
  /// The context at the fault, when readable.
  public var context: CPUContext?
  /// Whether the process is 32-bit (from SystemInfo), so addresses are masked to 32 bits.
  public var is32Bit: Bool
  /// Problems found while parsing.
  public var notes: [Note]

  /// The access violation or in-page error, decoded from the parameters.
  public var accessViolation: AccessViolation? {
    guard code == .accessViolation || code == .inPageError, parameters.count >= 2 else {
      return nil
    }
    let status: UInt32? =
      code == .inPageError && parameters.count >= 3
      ? UInt32(truncatingIfNeeded: parameters[2]) : nil
    // Folklore: 32-bit writers store the u64 parameters sign-extended, so a fault at 0x45
    // can read 0xffffffff00000045 (Breakpad's minidump_32bit_crash_addr.dmp). Mask to 32
    // bits when the process is 32-bit.
    let address = is32Bit ? parameters[1] & 0xFFFF_FFFF : parameters[1]
    return AccessViolation(
      kind: AccessKind(rawValue: parameters[0]), address: address, ioStatus: status)
  }

  /// The fast-fail code of a STATUS_STACK_BUFFER_OVERRUN, when present.
  public var fastFailCode: FastFailCode? {
    guard code == .stackBufferOverrun, let first = parameters.first else { return nil }
    return FastFailCode(rawValue: first)
  }

  /// Whether the exception can be continued (`EXCEPTION_NONCONTINUABLE` clear).
  public var isContinuable: Bool { flags & 1 == 0 }

  /// One line for people: the code, its meaning and the decode.
  ///
  /// For example `EXCEPTION_ACCESS_VIOLATION (access violation): write to 0x45 (null pointer)`.
  public var summary: String {
    var text = code.description
    if let meaning = code.meaning { text += " (\(meaning))" }
    if let accessViolation {
      text += ": \(accessViolation)"
    } else if let fastFailCode {
      text += ": \(fastFailCode)"
    }
    return text
  }

  /// Parses the 168-byte stream and reads the context it points at.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_EXCEPTION_STREAM"
    threadID = try stream.read(UInt32.self, at: 0, name + ".ThreadId")
    code = ExceptionCode(
      rawValue: try stream.read(UInt32.self, at: 8, name + ".ExceptionRecord.ExceptionCode"))
    flags = try stream.read(UInt32.self, at: 0x0C, name + ".ExceptionRecord.ExceptionFlags")
    nestedRecordAddress = try stream.read(
      UInt64.self, at: 0x10, name + ".ExceptionRecord.ExceptionRecord")
    address = try stream.read(UInt64.self, at: 0x18, name + ".ExceptionRecord.ExceptionAddress")
    declaredParameterCount = try stream.read(
      UInt32.self, at: 0x20, name + ".ExceptionRecord.NumberParameters")
    notes = []
    is32Bit = context.architecture?.pointerSize == 4
    let count = min(Int(declaredParameterCount), 15)
    if declaredParameterCount > 15 {
      notes.append(
        Note(
          code: "minidump.exception.parameter_count",
          message:
            "the exception record declares \(declaredParameterCount) parameters; the record holds at most 15",
          offset: stream.fileOffset(of: 0x20)))
    }
    var parameters: [UInt64] = []
    for index in 0..<count {
      parameters.append(
        try stream.read(
          UInt64.self, at: 0x28 + 8 * index, name + ".ExceptionInformation[\(index)]"))
    }
    self.parameters = parameters
    var locationReader = try stream.slice(at: 0xA0, count: 8, name + ".ThreadContext")
    contextLocation = try MinidumpLocation(reading: &locationReader, name + ".ThreadContext")
    self.context = nil
    if !contextLocation.isEmpty {
      do {
        self.context = try ContextReader.context(
          at: contextLocation, in: context.file, architecture: context.architecture,
          name + ".ThreadContext")
      } catch {
        notes.append(
          Note(
            code: "minidump.exception.context",
            message: "the exception context is unreadable: \(error)", offset: error.offset))
      }
    }
  }
}
