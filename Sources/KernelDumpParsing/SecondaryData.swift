import BinaryReading

/// One record of the secondary dump data (`DumpBlob`) after a triage dump's primary part.
///
/// Components add these blobs through bug check reason callbacks; each is keyed by a GUID and
/// its contents are component-specific (formats.md §1.12, observed, not documented).
public struct SecondaryDataBlob: Hashable, Sendable {
  /// The component's GUID, as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
  public var tag: String
  /// File offset of the data.
  public var offset: UInt64
  /// Bytes of data.
  public var size: UInt32

  /// The most records read.
  static let limit = 4096

  /// Reads the `DumpBlob` area at `offset`: an 8-byte signature, u32 header size, u32 build tag,
  /// then records {u32 cbHeader (0x20), GUID, u32 cbData, u32 A, u32 B}; the next record starts
  /// `cbHeader + cbData + A + B` bytes later.
  ///
  /// - Returns: The records, and whether the chain ended exactly at the end of the file.
  static func parse(_ reader: ByteReader, at offset: Int) -> (
    blobs: [SecondaryDataBlob], complete: Bool
  )? {
    guard reader.matches(Array("DumpBlob".utf8), at: offset),
      let headerSize = try? reader.read(UInt32.self, at: offset + 8), headerSize >= 0x10
    else { return nil }
    var blobs: [SecondaryDataBlob] = []
    var cursor = UInt64(offset) + UInt64(headerSize)
    let end = UInt64(reader.count)
    while cursor + 0x20 <= end, blobs.count < limit {
      guard let raw = try? reader.byteArray(at: Int(cursor), count: 0x20) else { break }
      let fields = LittleEndianBytes(raw)
      guard let cbHeader = fields.u32(0), cbHeader >= 0x20, let cbData = fields.u32(20),
        let a = fields.u32(24), let b = fields.u32(28)
      else { break }
      blobs.append(
        SecondaryDataBlob(
          tag: guid(Array(raw[4..<20])), offset: cursor + UInt64(cbHeader), size: cbData))
      cursor += UInt64(cbHeader) + UInt64(cbData) + UInt64(a) + UInt64(b)
    }
    return (blobs, cursor == end)
  }

  private static func guid(_ bytes: [UInt8]) -> String {
    func hex(_ range: [Int]) -> String {
      range.map { index in
        let text = String(bytes[index], radix: 16)
        return text.count == 1 ? "0" + text : text
      }.joined()
    }
    return [
      hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex(Array(10..<16)),
    ].joined(separator: "-")
  }
}
