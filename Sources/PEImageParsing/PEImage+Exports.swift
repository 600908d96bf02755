import BinaryReading
import DumpFormats
import Foundation

/// One exported function (`IMAGE_EXPORT_DIRECTORY` entry).
public struct PEExport: Hashable, Sendable {
  /// The export ordinal (biased by `Base`).
  public var ordinal: UInt32
  /// The exported name, or `nil` for ordinal-only exports.
  public var name: String?
  /// The RVA of the code (0 for forwarders).
  public var rva: UInt32
  /// `DLL.Function` for a forwarded export.
  public var forwarder: String?
}

/// The export table of an image.
public struct PEExports: Hashable, Sendable {
  /// The DLL name recorded in the directory.
  public var dllName: String
  /// Exports sorted by RVA (forwarders last).
  public var entries: [PEExport]

  /// The nearest exported function at or below `rva`, for symbolization without a PDB.
  public func entry(atOrBelow rva: UInt32) -> PEExport? {
    var low = 0
    var high = entries.count
    while low < high {
      let mid = (low + high) / 2
      if entries[mid].forwarder == nil, entries[mid].rva <= rva {
        low = mid + 1
      } else {
        high = mid
      }
    }
    var index = low - 1
    while index >= 0 {
      if entries[index].forwarder == nil { return entries[index] }
      index -= 1
    }
    return nil
  }
}

extension PEImage {
  /// Limit on export entries read.
  public static let maxExports = 1 << 20

  /// Reads the export directory (data directory 0).
  ///
  /// - Throws: ``ReadError`` when the directory or its tables are out of bounds.
  public func exports() throws(ReadError) -> PEExports? {
    guard let directory = directory(0) else { return nil }
    let header = try reader(atRVA: directory.rva, size: 40, "ExportDirectory")
    let nameRVA = try header.read(UInt32.self, at: 12, "ExportDirectory.Name")
    let base = try header.read(UInt32.self, at: 16, "ExportDirectory.Base")
    let functionCount = try header.read(UInt32.self, at: 20, "ExportDirectory.NumberOfFunctions")
    let nameCount = try header.read(UInt32.self, at: 24, "ExportDirectory.NumberOfNames")
    let functionsRVA = try header.read(UInt32.self, at: 28, "ExportDirectory.AddressOfFunctions")
    let namesRVA = try header.read(UInt32.self, at: 32, "ExportDirectory.AddressOfNames")
    let ordinalsRVA = try header.read(UInt32.self, at: 36, "ExportDirectory.AddressOfNameOrdinals")
    let dllName = (try? string(atRVA: nameRVA, "ExportDirectory.Name")) ?? ""

    guard functionCount <= UInt32(Self.maxExports), nameCount <= UInt32(Self.maxExports) else {
      throw ReadError(
        code: .limitExceeded, context: "ExportDirectory.NumberOfFunctions",
        detail: "\(functionCount) functions, \(nameCount) names; the limit is \(Self.maxExports)")
    }
    let functions = try reader(
      atRVA: functionsRVA, size: functionCount * 4, "ExportDirectory.AddressOfFunctions")
    var names: [Int: String] = [:]
    if nameCount > 0 {
      let nameTable = try reader(
        atRVA: namesRVA, size: nameCount * 4, "ExportDirectory.AddressOfNames")
      let ordinalTable = try reader(
        atRVA: ordinalsRVA, size: nameCount * 2, "ExportDirectory.AddressOfNameOrdinals")
      for index in 0..<Int(nameCount) {
        let ordinalIndex = Int(try ordinalTable.read(UInt16.self, at: index * 2, "NameOrdinal"))
        let rva = try nameTable.read(UInt32.self, at: index * 4, "ExportName")
        guard ordinalIndex < Int(functionCount),
          let name = try? string(atRVA: rva, "ExportName[\(index)]")
        else { continue }
        names[ordinalIndex] = name
      }
    }
    var entries: [PEExport] = []
    let directoryEnd = UInt64(directory.rva) + UInt64(directory.size)
    for index in 0..<Int(functionCount) {
      let rva = try functions.read(UInt32.self, at: index * 4, "ExportFunction")
      guard rva != 0 else { continue }
      let ordinal = base &+ UInt32(index)
      if rva >= directory.rva, UInt64(rva) < directoryEnd {
        let target = (try? string(atRVA: rva, "ExportForwarder")) ?? ""
        entries.append(PEExport(ordinal: ordinal, name: names[index], rva: 0, forwarder: target))
      } else {
        entries.append(PEExport(ordinal: ordinal, name: names[index], rva: rva, forwarder: nil))
      }
    }
    entries.sort { a, b in
      if (a.forwarder == nil) != (b.forwarder == nil) { return a.forwarder == nil }
      return a.rva != b.rva ? a.rva < b.rva : a.ordinal < b.ordinal
    }
    return PEExports(dllName: dllName, entries: entries)
  }

  /// A NUL-terminated string at `rva` (at most 4096 bytes).
  func string(atRVA rva: UInt32, _ context: String) throws(ReadError) -> String {
    let reader = try reader(fromRVA: rva, context)
    return try reader.cString(at: 0, maxLength: 4096, context).value
  }
}
