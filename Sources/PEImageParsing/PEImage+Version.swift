import BinaryReading
import DumpFormats
import Foundation

/// The version resource of an image (`VS_VERSIONINFO`, `VS_FIXEDFILEINFO` and `StringFileInfo`).
public struct PEVersionInfo: Hashable, Sendable {
  /// `dwFileVersionMS/LS` as four parts (5.2.3790.4121 → [5, 2, 3790, 4121]).
  public var fileVersion: [UInt16]
  /// `dwProductVersionMS/LS` as four parts.
  public var productVersion: [UInt16]
  /// `dwFileFlags`.
  public var fileFlags: UInt32
  /// `dwFileOS`.
  public var fileOS: UInt32
  /// `dwFileType` (1 app, 2 DLL, 3 driver …).
  public var fileType: UInt32
  /// The strings of the first string table (`CompanyName`, `FileDescription`, `FileVersion` …).
  public var strings: [String: String]

  /// `CompanyName`.
  public var companyName: String? { strings["CompanyName"] }
  /// `FileDescription`.
  public var fileDescription: String? { strings["FileDescription"] }
  /// `ProductName`.
  public var productName: String? { strings["ProductName"] }
  /// The fixed file version as `a.b.c.d`.
  public var fileVersionString: String { fileVersion.map(String.init).joined(separator: ".") }
  /// The fixed product version as `a.b.c.d`.
  public var productVersionString: String {
    productVersion.map(String.init).joined(separator: ".")
  }
}

extension PEImage {
  /// Reads the first `RT_VERSION` resource (type 16).
  ///
  /// - Returns: `nil` when the image has no version resource.
  /// - Throws: ``ReadError`` when the resource tree or the version block is corrupt.
  public func versionInfo() throws(ReadError) -> PEVersionInfo? {
    guard let directory = directory(2) else { return nil }
    let root = try reader(atRVA: directory.rva, size: directory.size, "ResourceDirectory")
    // Level 1: type 16 (RT_VERSION); levels 2 and 3: the first name and language.
    guard let typeEntry = try resourceEntry(in: root, at: 0, id: 16, depth: 1),
      typeEntry.isDirectory,
      let nameEntry = try resourceEntry(in: root, at: typeEntry.offset, id: nil, depth: 2)
    else { return nil }
    var leaf = nameEntry
    if leaf.isDirectory {
      guard let language = try resourceEntry(in: root, at: leaf.offset, id: nil, depth: 3),
        !language.isDirectory
      else { return nil }
      leaf = language
    }
    let dataRVA = try root.read(UInt32.self, at: Int(leaf.offset), "IMAGE_RESOURCE_DATA_ENTRY")
    let size = try root.read(
      UInt32.self, at: Int(leaf.offset) + 4, "IMAGE_RESOURCE_DATA_ENTRY.Size")
    let block = try reader(atRVA: dataRVA, size: size, "VS_VERSIONINFO")
    return try Self.parseVersionInfo(block)
  }

  private struct ResourceEntry {
    var offset: UInt32
    var isDirectory: Bool
  }

  /// The entry with integer id `id` (or the first entry when `id` is nil) of the directory at
  /// `offset`.
  private func resourceEntry(in root: ByteReader, at offset: UInt32, id: UInt32?, depth: Int)
    throws(ReadError) -> ResourceEntry?
  {
    let base = Int(offset)
    let named = Int(try root.read(UInt16.self, at: base + 12, "IMAGE_RESOURCE_DIRECTORY[\(depth)]"))
    let ids = Int(try root.read(UInt16.self, at: base + 14, "IMAGE_RESOURCE_DIRECTORY[\(depth)]"))
    let total = try checkCount(
      UInt64(named + ids), stride: 8, available: root.count, offset: root.fileOffset(of: base),
      "IMAGE_RESOURCE_DIRECTORY.entries")
    for index in 0..<total {
      let at = base + 16 + index * 8
      let name = try root.read(UInt32.self, at: at, "IMAGE_RESOURCE_DIRECTORY_ENTRY.Name")
      let target = try root.read(UInt32.self, at: at + 4, "IMAGE_RESOURCE_DIRECTORY_ENTRY.Offset")
      if let id, name & 0x8000_0000 != 0 || name != id { continue }
      return ResourceEntry(offset: target & 0x7FFF_FFFF, isDirectory: target & 0x8000_0000 != 0)
    }
    return nil
  }

  /// One node of the version tree: {wLength, wValueLength, wType, szKey, padding, Value, children}.
  private struct VersionNode {
    var key: String
    var valueLength: Int
    var type: UInt16
    var valueOffset: Int
    var childrenOffset: Int
    var end: Int
  }

  private static func align4(_ value: Int) -> Int { (value + 3) & ~3 }

  private static func node(in block: ByteReader, at offset: Int, limit: Int) throws(ReadError)
    -> VersionNode
  {
    let length = Int(try block.read(UInt16.self, at: offset, "VS_VERSIONINFO.wLength"))
    let valueLength = Int(try block.read(UInt16.self, at: offset + 2, "wValueLength"))
    let type = try block.read(UInt16.self, at: offset + 4, "wType")
    guard length >= 6, offset + length <= limit else {
      throw ReadError(
        code: .invalidValue, offset: block.fileOffset(of: offset), context: "VS_VERSIONINFO node",
        detail: "length \(length) leaves its parent")
    }
    let keyUnits = (length - 6) / 2
    let key = try block.utf16String(at: offset + 6, units: keyUnits, "szKey")
    let valueOffset = align4(offset + 6 + (key.utf16.count + 1) * 2)
    let valueBytes = type == 1 ? valueLength * 2 : valueLength
    return VersionNode(
      key: key, valueLength: valueLength, type: type, valueOffset: valueOffset,
      childrenOffset: align4(valueOffset + valueBytes), end: offset + length)
  }

  private static func children(in block: ByteReader, of parent: VersionNode) throws(ReadError)
    -> [VersionNode]
  {
    var result: [VersionNode] = []
    var offset = parent.childrenOffset
    while offset + 6 <= parent.end, result.count < 4096 {
      let child = try node(in: block, at: offset, limit: parent.end)
      result.append(child)
      offset = align4(child.end)
    }
    return result
  }

  /// Parses a `VS_VERSIONINFO` block.
  static func parseVersionInfo(_ block: ByteReader) throws(ReadError) -> PEVersionInfo {
    let root = try node(in: block, at: 0, limit: block.count)
    guard root.key == "VS_VERSION_INFO", root.valueLength >= 52 else {
      throw ReadError(
        code: .invalidValue, offset: block.fileOffset(of: 0), context: "VS_VERSIONINFO.szKey",
        detail: "key \(root.key.debugDescription), value length \(root.valueLength)")
    }
    let fixed = try block.slice(at: root.valueOffset, count: 52, "VS_FIXEDFILEINFO")
    guard try fixed.read(UInt32.self, at: 0, "VS_FIXEDFILEINFO.dwSignature") == 0xFEEF_04BD else {
      throw ReadError(
        code: .invalidValue, offset: fixed.fileOffset(of: 0),
        context: "VS_FIXEDFILEINFO.dwSignature")
    }
    func parts(_ at: Int) throws(ReadError) -> [UInt16] {
      let ms = try fixed.read(UInt32.self, at: at, "VS_FIXEDFILEINFO.version")
      let ls = try fixed.read(UInt32.self, at: at + 4, "VS_FIXEDFILEINFO.version")
      return [UInt16(ms >> 16), UInt16(ms & 0xFFFF), UInt16(ls >> 16), UInt16(ls & 0xFFFF)]
    }
    var info = PEVersionInfo(
      fileVersion: try parts(8), productVersion: try parts(16),
      fileFlags: try fixed.read(UInt32.self, at: 28, "dwFileFlags"),
      fileOS: try fixed.read(UInt32.self, at: 32, "dwFileOS"),
      fileType: try fixed.read(UInt32.self, at: 36, "dwFileType"), strings: [:])
    // Strings are optional: a corrupt StringFileInfo leaves the fixed part usable.
    if let sections = try? children(in: block, of: root) {
      for section in sections where section.key == "StringFileInfo" {
        guard let tables = try? children(in: block, of: section), let table = tables.first,
          let entries = try? children(in: block, of: table)
        else { continue }
        for entry in entries {
          let units = max(0, min(entry.valueLength, (entry.end - entry.valueOffset) / 2))
          let value = (try? block.utf16String(at: entry.valueOffset, units: units, "String")) ?? ""
          info.strings[entry.key] = value
        }
        break
      }
    }
    return info
  }
}
