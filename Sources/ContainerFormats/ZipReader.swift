import BinaryReading
import Foundation

/// Reads zip archives (PKWARE APPNOTE): stored and deflate members, zip64 sizes and offsets.
///
/// The central directory is the authority for names and sizes; each member's local header is
/// read only to find where its data starts. Member names are display strings only.
enum ZipReader {
  /// One central-directory entry.
  struct Entry {
    var name: String
    var flags: UInt16
    var method: UInt16
    var crc: UInt32
    var compressedSize: UInt64
    var size: UInt64
    var localHeaderOffset: UInt64
    var directoryOffset: Int
  }

  static func members(_ data: Data, path: String, budget: ExpansionBudget) throws(ContainerError)
    -> [RawMember]
  {
    let reader = ByteReader(data)
    let entries: [Entry]
    do {
      entries = try centralDirectory(reader, path: path, budget: budget)
    } catch let error as ContainerError {
      throw error
    } catch let error as ReadError {
      throw ContainerError(error, path: path)
    } catch {
      throw ContainerError(.corrupt, path: path, "\(error)")
    }
    var result: [RawMember] = []
    for entry in entries {
      if entry.name.hasSuffix("/") && entry.size == 0 { continue }  // a directory
      let memberPath = path + "!" + ContainerFormats.displayName(entry.name)
      do {
        let bytes = try extract(entry, reader: reader, path: memberPath, budget: budget)
        budget.commit(bytes.count)
        result.append(RawMember(name: entry.name, content: .success(bytes)))
      } catch {
        if budget.totalExceeded { throw error }
        result.append(RawMember(name: entry.name, content: .failure(error)))
      }
    }
    return result
  }

  /// Finds the end-of-central-directory record and reads every entry.
  private static func centralDirectory(
    _ reader: ByteReader, path: String, budget: ExpansionBudget
  ) throws -> [Entry] {
    guard let eocd = findEndOfDirectory(reader) else {
      if reader.matches([0x50, 0x4B, 0x05, 0x06]) { return [] }
      throw ContainerError(
        .truncated, path: path, offset: UInt64(reader.count),
        "no end-of-central-directory record (PK\\x05\\x06) in the last 64 KiB: the zip is "
          + "truncated or not finished")
    }
    let disk = try reader.read(UInt16.self, at: eocd + 4, "zip EOCD.disk")
    let directoryDisk = try reader.read(UInt16.self, at: eocd + 6, "zip EOCD.cdDisk")
    var count = UInt64(try reader.read(UInt16.self, at: eocd + 10, "zip EOCD.entries"))
    var directorySize = UInt64(try reader.read(UInt32.self, at: eocd + 12, "zip EOCD.cdSize"))
    var directoryOffset = UInt64(try reader.read(UInt32.self, at: eocd + 16, "zip EOCD.cdOffset"))
    guard disk == 0, directoryDisk == 0 else {
      throw ContainerError(
        .unsupported, path: path, offset: UInt64(eocd + 4),
        "multi-volume (split) zip archives are not supported")
    }
    if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF,
      eocd >= 20, reader.matches([0x50, 0x4B, 0x06, 0x07], at: eocd - 20)
    {
      // Zip64: the locator just before the EOCD points at the zip64 EOCD record.
      let zip64Offset = try reader.read(UInt64.self, at: eocd - 12, "zip64 locator.offset")
      var record = try reader.slice(at: zip64Offset, count: 56, "zip64 EOCD")
      guard record.matches([0x50, 0x4B, 0x06, 0x06]) else {
        throw ContainerError(
          .corrupt, path: path, offset: zip64Offset, "zip64 EOCD record has no PK\\x06\\x06")
      }
      try record.seek(to: 32, "zip64 EOCD")
      count = try record.read(UInt64.self, "zip64 EOCD.entries")
      directorySize = try record.read(UInt64.self, "zip64 EOCD.cdSize")
      directoryOffset = try record.read(UInt64.self, "zip64 EOCD.cdOffset")
    }
    guard count <= UInt64(budget.limits.maxMembers) else {
      throw ContainerError(
        .limitExceeded, path: path, offset: UInt64(eocd + 10),
        "the zip lists \(count) members, over the member-count limit of "
          + "\(budget.limits.maxMembers); raise it with ExpansionLimits.maxMembers")
    }
    var directory = try reader.slice(
      at: directoryOffset, count: directorySize, "zip central directory")
    // Each entry is at least 46 bytes: check the count before allocating.
    guard count <= UInt64(directory.count / 46) else {
      throw ContainerError(
        .corrupt, path: path, offset: UInt64(eocd + 10),
        "the zip claims \(count) entries but its central directory holds at most "
          + "\(directory.count / 46)")
    }
    var entries: [Entry] = []
    entries.reserveCapacity(Int(count))
    for index in 0..<Int(count) {
      let start = directory.position
      let context = "zip central directory[\(index)]"
      guard directory.matches([0x50, 0x4B, 0x01, 0x02], at: start) else {
        throw ContainerError(
          .corrupt, path: path, offset: directory.fileOffset,
          "\(context) has no PK\\x01\\x02 signature")
      }
      let flags = try directory.read(UInt16.self, at: start + 8, context)
      let method = try directory.read(UInt16.self, at: start + 10, context)
      let crc = try directory.read(UInt32.self, at: start + 16, context)
      var compressed = UInt64(try directory.read(UInt32.self, at: start + 20, context))
      var size = UInt64(try directory.read(UInt32.self, at: start + 24, context))
      let nameLength = Int(try directory.read(UInt16.self, at: start + 28, context))
      let extraLength = Int(try directory.read(UInt16.self, at: start + 30, context))
      let commentLength = Int(try directory.read(UInt16.self, at: start + 32, context))
      var local = UInt64(try directory.read(UInt32.self, at: start + 42, context))
      let nameBytes = try directory.bytes(at: start + 46, count: nameLength, context + ".name")
      let name = String(decoding: nameBytes, as: UTF8.self)
      var extra = try directory.slice(at: start + 46 + nameLength, count: extraLength, context)
      while extra.remaining >= 4 {
        let tag = try extra.read(UInt16.self, context + ".extra")
        let length = Int(try extra.read(UInt16.self, context + ".extra"))
        var field = try extra.readSlice(min(length, extra.remaining), context + ".extra")
        guard tag == 0x0001 else { continue }
        // Zip64 extended information: only the fields that are 0xFFFFFFFF in the entry.
        if size == 0xFFFF_FFFF { size = try field.read(UInt64.self, context + ".zip64.size") }
        if compressed == 0xFFFF_FFFF {
          compressed = try field.read(UInt64.self, context + ".zip64.compressedSize")
        }
        if local == 0xFFFF_FFFF { local = try field.read(UInt64.self, context + ".zip64.offset") }
      }
      try directory.seek(to: start + 46 + nameLength + extraLength + commentLength, context)
      entries.append(
        Entry(
          name: name, flags: flags, method: method, crc: crc, compressedSize: compressed,
          size: size, localHeaderOffset: local, directoryOffset: start))
    }
    return entries
  }

  /// The offset of the end-of-central-directory record, searching back over a comment.
  private static func findEndOfDirectory(_ reader: ByteReader) -> Int? {
    guard reader.count >= 22 else { return nil }
    let lowest = max(0, reader.count - 22 - 0xFFFF)
    var offset = reader.count - 22
    var fallback: Int?
    while offset >= lowest {
      if reader.matches([0x50, 0x4B, 0x05, 0x06], at: offset) {
        let comment = (try? reader.read(UInt16.self, at: offset + 20)).map(Int.init) ?? -1
        if offset + 22 + comment == reader.count { return offset }
        if fallback == nil { fallback = offset }
      }
      offset -= 1
    }
    return fallback
  }

  /// Decompresses one member and checks its size and CRC-32.
  private static func extract(
    _ entry: Entry, reader: ByteReader, path: String, budget: ExpansionBudget
  ) throws(ContainerError) -> Data {
    if entry.flags & 0x0001 != 0 {
      throw ContainerError(.unsupported, path: path, "the member is encrypted")
    }
    try budget.checkClaim(entry.size, path: path)
    let dataStart: Int
    do {
      var local = try reader.slice(
        at: entry.localHeaderOffset, count: 30, "zip local header")
      guard local.matches([0x50, 0x4B, 0x03, 0x04]) else {
        throw ContainerError(
          .corrupt, path: path, offset: entry.localHeaderOffset,
          "local header has no PK\\x03\\x04 signature")
      }
      try local.seek(to: 26)
      let nameLength = Int(try local.read(UInt16.self, "zip local header.nameLength"))
      let extraLength = Int(try local.read(UInt16.self, "zip local header.extraLength"))
      guard let offset = Int(exactly: entry.localHeaderOffset) else {
        throw ReadError(code: .outOfBounds, offset: entry.localHeaderOffset, context: "zip")
      }
      dataStart = offset + 30 + nameLength + extraLength
    } catch let error as ContainerError {
      throw error
    } catch let error as ReadError {
      throw ContainerError(error, path: path)
    } catch {
      throw ContainerError(.corrupt, path: path, "\(error)")
    }
    let compressed: Data
    do {
      compressed = try reader.slice(at: UInt64(dataStart), count: entry.compressedSize, "zip data")
        .windowBytes
    } catch {
      throw ContainerError(error, path: path)
    }
    guard let expected = Int(exactly: entry.size) else {
      throw ContainerError(.limitExceeded, path: path, "member size \(entry.size) is too large")
    }
    var output: [UInt8] = []
    switch entry.method {
    case 0:
      guard entry.compressedSize == entry.size else {
        throw ContainerError(
          .corrupt, path: path,
          "stored member has compressed size \(entry.compressedSize) but size \(entry.size)")
      }
      output = [UInt8](compressed)
    case 8:
      let inflater = try Inflater(path: path)
      output.reserveCapacity(min(expected, 1 << 26))
      let progress = try inflater.inflate(
        compressed, into: &output, budget: budget, compressedBase: 0, outputLimit: expected,
        path: path)
      guard progress.ended else {
        throw ContainerError(.truncated, path: path, "deflate data ends before its final block")
      }
    default:
      throw ContainerError(
        .unsupported, path: path,
        "compression method \(entry.method) (\(methodName(entry.method))) is not supported; "
          + "only stored (0) and deflate (8) are")
    }
    guard output.count == expected else {
      throw ContainerError(
        .corrupt, path: path, "expanded to \(output.count) bytes, the directory says \(expected)")
    }
    let actual = crc32Of(output)
    guard actual == entry.crc else {
      throw ContainerError(
        .checksumMismatch, path: path,
        "CRC-32 is 0x\(String(entry.crc, radix: 16)) in the directory, data gives "
          + "0x\(String(actual, radix: 16))")
    }
    return Data(output)
  }

  private static func methodName(_ method: UInt16) -> String {
    switch method {
    case 9: "deflate64"
    case 12: "bzip2"
    case 14: "LZMA"
    case 93: "zstd"
    case 95: "xz"
    case 99: "AES-encrypted"
    default: "unknown"
    }
  }
}
