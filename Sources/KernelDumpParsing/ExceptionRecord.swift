import BinaryReading

/// An exception record from a kernel dump: `EXCEPTION_RECORD32` (0x50) or `EXCEPTION_RECORD64`
/// (0x98).
public struct KernelExceptionRecord: Hashable, Sendable {
  /// `ExceptionCode` (NTSTATUS).
  public var code: UInt32
  /// `ExceptionFlags`.
  public var flags: UInt32
  /// `ExceptionRecord`: VA of a chained record.
  public var chainedRecord: UInt64
  /// `ExceptionAddress`.
  public var address: UInt64
  /// `ExceptionInformation[0..<NumberParameters]` (at most 15).
  public var parameters: [UInt64]

  /// Parses a record at `offset` in `reader`.
  ///
  /// - Parameters:
  ///   - reader: The file.
  ///   - offset: File offset of the record.
  ///   - is64Bit: Which layout.
  /// - Throws: ``ReadError`` when the record does not fit in the file.
  public init(parsing reader: ByteReader, at offset: Int, is64Bit: Bool) throws(ReadError) {
    let record = try reader.slice(
      at: offset, count: is64Bit ? 0x98 : 0x50, "EXCEPTION_RECORD")
    code = try record.read(UInt32.self, at: 0, "EXCEPTION_RECORD.ExceptionCode")
    flags = try record.read(UInt32.self, at: 4, "EXCEPTION_RECORD.ExceptionFlags")
    let count: UInt32
    if is64Bit {
      chainedRecord = try record.read(UInt64.self, at: 8, "EXCEPTION_RECORD.ExceptionRecord")
      address = try record.read(UInt64.self, at: 0x10, "EXCEPTION_RECORD.ExceptionAddress")
      count = try record.read(UInt32.self, at: 0x18, "EXCEPTION_RECORD.NumberParameters")
    } else {
      chainedRecord = UInt64(
        try record.read(UInt32.self, at: 8, "EXCEPTION_RECORD.ExceptionRecord"))
      address = UInt64(try record.read(UInt32.self, at: 0xC, "EXCEPTION_RECORD.ExceptionAddress"))
      count = try record.read(UInt32.self, at: 0x10, "EXCEPTION_RECORD.NumberParameters")
    }
    var values: [UInt64] = []
    for index in 0..<Int(min(count, 15)) {
      if is64Bit {
        values.append(try record.read(UInt64.self, at: 0x20 + 8 * index, "ExceptionInformation"))
      } else {
        values.append(
          UInt64(try record.read(UInt32.self, at: 0x14 + 4 * index, "ExceptionInformation")))
      }
    }
    parameters = values
  }

  /// Whether the record is the `PAGE` fill (absent).
  public var isAbsent: Bool { code == KernelDumpHeader.absent32 }
}
