import BinaryReading
import Foundation

/// Reads gzip files (RFC 1952), including several concatenated members.
///
/// Like `gzip -d`, the members' outputs are concatenated into one file, named after the
/// first member's `FNAME` field or, without one, after the container with `.gz` removed.
enum GzipReader {
  static func members(_ data: Data, path: String, budget: ExpansionBudget) throws(ContainerError)
    -> [RawMember]
  {
    let reader = ByteReader(data)
    var output: [UInt8] = []
    var offset = 0
    var storedName: String?
    var notes: [ContainerNote] = []
    var memberIndex = 0
    let inflater = try Inflater(path: path)
    while true {
      let header: (dataStart: Int, name: String?)
      do {
        header = try readHeader(reader, at: offset)
      } catch {
        if memberIndex == 0 { throw ContainerError(error, path: path) }
        return [RawMember(name: "", content: .failure(ContainerError(error, path: path)))]
      }
      if memberIndex == 0 { storedName = header.name }
      let memberStart = output.count
      let remaining: Data
      do {
        remaining = try reader.bytes(
          at: header.dataStart, count: reader.count - header.dataStart, "gzip deflate data")
      } catch {
        return [failed(path, ContainerError(error, path: path), storedName)]
      }
      inflater.reset()
      let progress: Inflater.Progress
      do {
        progress = try inflater.inflate(
          remaining, into: &output, budget: budget, compressedBase: UInt64(header.dataStart),
          path: path)
      } catch {
        if error.code == .limitExceeded && budget.totalExceeded { throw error }
        return [failed(path, error, storedName)]
      }
      guard progress.ended else {
        return [
          failed(
            path,
            ContainerError(
              .truncated, path: path, offset: UInt64(reader.count),
              "gzip member \(memberIndex) ends before its deflate stream does"), storedName)
        ]
      }
      let trailer = header.dataStart + progress.consumed
      do {
        let crc = try reader.read(UInt32.self, at: trailer, "gzip trailer CRC32")
        let size = try reader.read(UInt32.self, at: trailer + 4, "gzip trailer ISIZE")
        let actual = crc32Of(output, from: memberStart)
        guard crc == actual else {
          return [
            failed(
              path,
              ContainerError(
                .checksumMismatch, path: path, offset: UInt64(trailer),
                "gzip member \(memberIndex) CRC-32 is 0x\(String(crc, radix: 16)), data gives "
                  + "0x\(String(actual, radix: 16))"), storedName)
          ]
        }
        let produced = UInt32(truncatingIfNeeded: output.count - memberStart)
        guard size == produced else {
          return [
            failed(
              path,
              ContainerError(
                .corrupt, path: path, offset: UInt64(trailer + 4),
                "gzip member \(memberIndex) ISIZE is \(size), data gives \(produced)"),
              storedName)
          ]
        }
      } catch {
        return [failed(path, ContainerError(error, path: path), storedName)]
      }
      offset = trailer + 8
      memberIndex += 1
      if offset >= reader.count { break }
      if !reader.matches([0x1F, 0x8B], at: offset) {
        let rest = (try? reader.bytes(at: offset, count: reader.count - offset)) ?? Data()
        if rest.contains(where: { $0 != 0 }) {
          notes.append(
            ContainerNote(
              code: "trailing_data",
              message: "\(rest.count) bytes after the last gzip member at offset "
                + "0x\(String(offset, radix: 16)) were ignored"))
        }
        break
      }
      guard memberIndex < budget.limits.maxMembers else {
        throw ContainerError(
          .limitExceeded, path: path, offset: UInt64(offset),
          "more than \(budget.limits.maxMembers) gzip members; raise the member-count limit "
            + "with ExpansionLimits.maxMembers")
      }
    }
    budget.commit(output.count)
    if memberIndex > 1 {
      notes.append(
        ContainerNote(
          code: "multi_member", message: "\(memberIndex) gzip members concatenated"))
    }
    return [
      RawMember(name: outputName(path, storedName), content: .success(Data(output)), notes: notes)
    ]
  }

  private static func failed(_ path: String, _ error: ContainerError, _ stored: String?)
    -> RawMember
  {
    RawMember(name: outputName(path, stored), content: .failure(error))
  }

  /// The member name: the stored `FNAME` (last path component), or the container name
  /// without `.gz`/`.gzip`/`.z`, or the container name with `.out` added.
  static func outputName(_ path: String, _ stored: String?) -> String {
    if let stored {
      let last = stored.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)
      if let last, !last.isEmpty { return last }
    }
    let base =
      path.split(separator: "!").last.map(String.init)?.split(separator: "/").last.map(
        String.init) ?? path
    for suffix in [".gz", ".gzip", ".z", ".GZ", ".Z"] where base.hasSuffix(suffix) {
      let trimmed = String(base.dropLast(suffix.count))
      if !trimmed.isEmpty { return trimmed }
    }
    return base + ".out"
  }

  /// Reads a member header at `offset`; returns where the deflate data starts and `FNAME`.
  private static func readHeader(_ reader: ByteReader, at offset: Int) throws(ReadError)
    -> (dataStart: Int, name: String?)
  {
    var r = try reader.slice(from: offset, "gzip header")
    let id1 = try r.read(UInt8.self, "gzip ID1")
    let id2 = try r.read(UInt8.self, "gzip ID2")
    let method = try r.read(UInt8.self, "gzip CM")
    guard id1 == 0x1F, id2 == 0x8B else {
      throw ReadError(code: .invalidValue, at: offset, context: "gzip header", detail: "no 1f 8b")
    }
    guard method == 8 else {
      throw ReadError(
        code: .unsupported, at: offset + 2, context: "gzip CM",
        detail: "compression method \(method) is not deflate")
    }
    let flags = try r.read(UInt8.self, "gzip FLG")
    guard flags & 0xE0 == 0 else {
      throw ReadError(
        code: .invalidValue, at: offset + 3, context: "gzip FLG",
        detail: "reserved flag bits set (0x\(String(flags, radix: 16)))")
    }
    try r.skip(6, "gzip MTIME/XFL/OS")
    if flags & 0x04 != 0 {
      let extraLength = try r.read(UInt16.self, "gzip XLEN")
      try r.skip(Int(extraLength), "gzip FEXTRA")
    }
    var name: String?
    if flags & 0x08 != 0 {
      let (value, consumed) = try r.cString(at: r.position, maxLength: 4096, "gzip FNAME")
      name = value
      try r.skip(consumed, "gzip FNAME")
    }
    if flags & 0x10 != 0 {
      let (_, consumed) = try r.cString(at: r.position, maxLength: 1 << 16, "gzip FCOMMENT")
      try r.skip(consumed, "gzip FCOMMENT")
    }
    if flags & 0x02 != 0 { try r.skip(2, "gzip FHCRC") }
    return (offset + r.position, name)
  }
}

extension ContainerError {
  /// Wraps a low-level read error.
  init(_ error: ReadError, path: String) {
    let code: Code
    switch error.code {
    case .truncated: code = .truncated
    case .unsupported: code = .unsupported
    case .limitExceeded: code = .limitExceeded
    default: code = .corrupt
    }
    var message = error.context
    if let detail = error.detail, !detail.isEmpty { message += ": " + detail }
    if error.code == .truncated && error.detail == nil { message += ": the data ends early" }
    self.init(code, path: path, offset: error.offset, message)
  }
}
