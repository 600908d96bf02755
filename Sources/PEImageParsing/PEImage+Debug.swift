import BinaryReading
import DumpFormats
import Foundation

/// A CodeView PDB 7.0 record (`RSDS`): the PDB file name, GUID and age that key the PDB.
public struct CodeViewRecord: Hashable, Sendable {
  /// The 16 GUID bytes as stored (Data1..3 little-endian).
  public var guid: [UInt8]
  /// The age.
  public var age: UInt32
  /// The PDB path as recorded (often just the file name with `/pdbaltpath:%_PDB%`).
  public var pdbPath: String

  /// Creates a record.
  public init(guid: [UInt8], age: UInt32, pdbPath: String) {
    self.guid = guid
    self.age = age
    self.pdbPath = pdbPath
  }

  /// Parses an `RSDS` record (`'RSDS'`, GUID, age, NUL-terminated UTF-8 path).
  ///
  /// - Throws: ``ReadError`` when the signature or fields are missing.
  public init(parsing reader: ByteReader) throws(ReadError) {
    guard reader.matches(Array("RSDS".utf8)) else {
      throw ReadError(
        code: .unsupported, offset: reader.fileOffset(of: 0), context: "CodeView.Signature",
        detail: "not an RSDS (PDB 7.0) record")
    }
    guid = try reader.byteArray(at: 4, count: 16, "CodeView.Guid")
    age = try reader.read(UInt32.self, at: 20, "CodeView.Age")
    let remaining = reader.count - 24
    if remaining > 0,
      let name = try? reader.cString(at: 24, maxLength: remaining, "CodeView.PdbFileName")
    {
      pdbPath = name.value
    } else {
      let raw = try reader.bytes(at: 24, count: max(0, remaining), "CodeView.PdbFileName")
      pdbPath = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
  }

  /// The GUID as `%08X%04X%04X` + 8 × `%02X` (the symbol-store form).
  public var guidString: String { Self.guidString(guid) }

  /// The symbol-store / Breakpad debug id: GUID string followed by the age in `%X`.
  public var debugID: String { guidString + String(age, radix: 16, uppercase: true) }

  /// The PDB file name without directories.
  public var pdbFileName: String {
    let parts = pdbPath.split(whereSeparator: { $0 == "\\" || $0 == "/" })
    return parts.last.map(String.init) ?? pdbPath
  }

  /// Formats 16 GUID bytes (Data1..3 little-endian) as 32 upper-case hex digits.
  public static func guidString(_ bytes: [UInt8]) -> String {
    guard bytes.count == 16 else { return "" }
    let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
    var text = ""
    for index in order {
      let byte = bytes[index]
      text += byte < 16 ? "0" : ""
      text += String(byte, radix: 16, uppercase: true)
    }
    return text
  }
}

extension PEImage {
  /// Reads the debug directory (`IMAGE_DEBUG_DIRECTORY`, 28 bytes each) for a CodeView record.
  mutating func readCodeView() {
    guard let directory = directory(6) else { return }
    do {
      let table = try reader(atRVA: directory.rva, size: directory.size, "DebugDirectory")
      let count = Int(directory.size / 28)
      for index in 0..<min(count, 64) {
        let base = index * 28
        let type = try table.read(UInt32.self, at: base + 12, "DebugDirectory[\(index)].Type")
        guard type == 2 else { continue }
        let size = try table.read(UInt32.self, at: base + 16, "DebugDirectory[\(index)].SizeOfData")
        let rva = try table.read(
          UInt32.self, at: base + 20, "DebugDirectory[\(index)].AddressOfRawData")
        let pointer = try table.read(
          UInt32.self, at: base + 24, "DebugDirectory[\(index)].PointerToRawData")
        let record: ByteReader
        if rva != 0, let viaRVA = try? reader(atRVA: rva, size: size, "CodeView") {
          record = viaRVA
        } else if layout == .file {
          record = try ByteReader(data).slice(
            at: UInt64(pointer), count: UInt64(size), "CodeView")
        } else {
          continue
        }
        codeView = try CodeViewRecord(parsing: record)
        return
      }
    } catch {
      note("pe_debug_directory", error)
    }
  }
}
