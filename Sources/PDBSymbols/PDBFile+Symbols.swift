import BinaryReading
import DumpFormats
import Foundation

/// A procedure (`S_GPROC32` / `S_LPROC32` and their `_ID` variants) with its exact code range.
public struct PDBProcedure: Hashable, Sendable {
  /// The name as recorded (undecorated for C; C++ names as the compiler wrote them).
  public var name: String
  /// RVA of the first byte.
  public var rva: UInt32
  /// Code bytes (`Length`).
  public var length: UInt32
  /// Whether it is a global (`S_GPROC32`) rather than a static (`S_LPROC32`).
  public var isGlobal: Bool
  /// The module that defines it.
  public var moduleIndex: Int
}

/// A public symbol (`S_PUB32`).
public struct PDBPublic: Hashable, Sendable {
  /// The decorated name (`_NbtLeafChecksum@8`).
  public var name: String
  /// RVA.
  public var rva: UInt32
  /// `Flags` (bit 1 = function).
  public var flags: UInt32
  /// Whether the public names code (`Flags` bit 0 or 1).
  public var isCode: Bool { flags & 3 != 0 }
}

/// Symbol record kinds used here (cvinfo.h `SYM_ENUM_e`).
enum SymbolKind {
  static let pub32: UInt16 = 0x110E
  static let procKinds: Set<UInt16> = [0x110F, 0x1110, 0x1146, 0x1147, 0x1155, 0x1156]
  static let globalProcKinds: Set<UInt16> = [0x1110, 0x1147]
}

extension PDBFile {
  /// Limit on records read from one stream (a stream that long needs at least 80 MB).
  static let maxRecords = 20_000_000

  /// The error for a symbol stream with more than ``recordLimit`` records.
  func recordLimitError(_ what: String) -> ReadError {
    ReadError(
      code: .limitExceeded, context: what,
      detail: "more than \(recordLimit) records (the record limit)")
  }

  /// The record at `offset` of `stream`: {u16 length, u16 kind, payload}.
  func record(in stream: MSFStream, at offset: Int) throws(ReadError) -> (
    kind: UInt16, body: ByteReader
  ) {
    let length = Int(try stream.read(UInt16.self, at: offset, "CV symbol record length"))
    guard length >= 2 else {
      throw ReadError(code: .invalidValue, context: "CV symbol record", detail: "length \(length)")
    }
    let body = try stream.reader(at: offset, count: length + 2, "CV symbol record")
    return (try body.read(UInt16.self, at: 2, "CV symbol record kind"), body)
  }

  /// Parses an `S_PUB32` body.
  func parsePublic(_ body: ByteReader) throws(ReadError) -> PDBPublic? {
    let flags = try body.read(UInt32.self, at: 4, "S_PUB32.Flags")
    let offset = try body.read(UInt32.self, at: 8, "S_PUB32.Offset")
    let segment = try body.read(UInt16.self, at: 12, "S_PUB32.Segment")
    let name = try body.cString(at: 14, maxLength: body.count - 14, "S_PUB32.Name").value
    guard let rva = rva(segment: segment, offset: offset) else { return nil }
    return PDBPublic(name: name, rva: rva, flags: flags)
  }

  /// Parses a procedure record body.
  func parseProcedure(_ body: ByteReader, kind: UInt16, module: Int) throws(ReadError)
    -> PDBProcedure?
  {
    let length = try body.read(UInt32.self, at: 0x10, "S_PROC32.Length")
    let offset = try body.read(UInt32.self, at: 0x20, "S_PROC32.Offset")
    let segment = try body.read(UInt16.self, at: 0x24, "S_PROC32.Segment")
    let name = try body.cString(at: 0x27, maxLength: max(0, body.count - 0x27), "S_PROC32.Name")
      .value
    guard let rva = rva(segment: segment, offset: offset) else { return nil }
    return PDBProcedure(
      name: name, rva: rva, length: length, isGlobal: SymbolKind.globalProcKinds.contains(kind),
      moduleIndex: module)
  }

  // MARK: Publics

  /// The public symbol at or below `rva` in the same section, found by binary search over the
  /// PSI address map (sorted by segment:offset), reading only the probed records.
  public func publicSymbol(atOrBelow rva: UInt32) throws(ReadError) -> PDBPublic? {
    guard let psiIndex = publicStream, let psi = msf.stream(psiIndex),
      let recordIndex = symbolRecordStream, let records = msf.stream(recordIndex)
    else { return nil }
    let hashSize = Int(try psi.read(UInt32.self, at: 0, "PSI.SymHashSize"))
    let mapSize = Int(try psi.read(UInt32.self, at: 4, "PSI.AddrMapSize"))
    guard let mapOffset = 0x1C.checkedAdding(hashSize) else { return nil }
    let map = try psi.reader(at: mapOffset, count: mapSize, "PSI.AddrMap")
    let count = map.count / 4
    func entry(_ index: Int) throws(ReadError) -> PDBPublic? {
      let offset = Int(try map.read(UInt32.self, at: index * 4, "PSI.AddrMap"))
      let (kind, body) = try record(in: records, at: offset)
      guard kind == SymbolKind.pub32 else { return nil }
      return try parsePublic(body)
    }
    var low = 0
    var high = count
    while low < high {
      let mid = (low + high) / 2
      // Records that are not S_PUB32 or not mappable count as "above" the target.
      if let candidate = try entry(mid), candidate.rva <= rva { low = mid + 1 } else { high = mid }
    }
    var index = low - 1
    var steps = 0
    while index >= 0, steps < 32 {
      if let found = try entry(index), found.rva <= rva {
        guard section(of: found.rva) == section(of: rva) else { return nil }
        return found
      }
      index -= 1
      steps += 1
    }
    return nil
  }

  /// The index of the section holding `rva`.
  func section(of rva: UInt32) -> Int? {
    sections.firstIndex {
      rva >= $0.virtualAddress && rva - $0.virtualAddress < max($0.virtualSize, 1)
    }
  }

  /// Every `S_PUB32` of the symbol record stream, sorted by RVA (a full scan, for dumps).
  public func allPublics() throws(ReadError) -> [PDBPublic] {
    guard let recordIndex = symbolRecordStream, let records = msf.stream(recordIndex) else {
      return []
    }
    var result: [PDBPublic] = []
    var offset = 0
    var count = 0
    while offset + 4 <= records.size {
      guard count < recordLimit else { throw recordLimitError("symbol record stream") }
      let (kind, body) = try record(in: records, at: offset)
      if kind == SymbolKind.pub32, let symbol = try parsePublic(body) { result.append(symbol) }
      offset += body.count
      count += 1
    }
    result.sort { $0.rva != $1.rva ? $0.rva < $1.rva : $0.name < $1.name }
    return result
  }

  // MARK: Procedures

  /// The module whose section contribution covers `rva` (binary search; the contributions are
  /// sorted by section and offset).
  func moduleIndex(containing rva: UInt32) throws(ReadError) -> Int? {
    guard let sectionIndex = section(of: rva), sectionContributions.count > 0,
      let dbi = msf.stream(3)
    else { return nil }
    let target = (UInt16(clamping: sectionIndex + 1), rva - sections[sectionIndex].virtualAddress)
    let table = try dbi.reader(
      at: sectionContributions.offset,
      count: sectionContributions.count * sectionContributions.stride, "DBI.SectionContribution")
    let stride = sectionContributions.stride
    func key(_ index: Int) throws(ReadError) -> (UInt16, UInt32) {
      (
        try table.read(UInt16.self, at: index * stride, "SectionContrib.Section"),
        try table.read(UInt32.self, at: index * stride + 4, "SectionContrib.Offset")
      )
    }
    var low = 0
    var high = sectionContributions.count
    while low < high {
      let mid = (low + high) / 2
      let probe = try key(mid)
      if probe.0 < target.0 || (probe.0 == target.0 && probe.1 <= target.1) {
        low = mid + 1
      } else {
        high = mid
      }
    }
    guard low > 0 else { return nil }
    let (section, offset) = try key(low - 1)
    let size = try table.read(UInt32.self, at: (low - 1) * stride + 8, "SectionContrib.Size")
    guard section == target.0, target.1 >= offset, target.1 - offset < size else { return nil }
    let module = Int(
      try table.read(UInt16.self, at: (low - 1) * stride + 16, "SectionContrib.ModuleIndex"))
    // The index comes from the file: a module the DBI list does not have owns nothing.
    return module < modules.count ? module : nil
  }

  /// The procedures of one module's symbol stream.
  public func procedures(inModule index: Int) throws(ReadError) -> [PDBProcedure] {
    guard index >= 0, index < modules.count, let streamIndex = modules[index].symbolStream,
      let stream = msf.stream(streamIndex)
    else { return [] }
    let end = min(Int(modules[index].symbolBytes), stream.size)
    var result: [PDBProcedure] = []
    var offset = 4
    var count = 0
    while offset + 4 <= end {
      guard count < recordLimit else {
        throw recordLimitError("symbol stream of module \(modules[index].name)")
      }
      let (kind, body) = try record(in: stream, at: offset)
      if SymbolKind.procKinds.contains(kind),
        let procedure = try parseProcedure(body, kind: kind, module: index)
      {
        result.append(procedure)
      }
      offset += body.count
      count += 1
    }
    return result
  }

  /// The procedure whose code range holds `rva`.
  ///
  /// Scans the owning module's stream at top level only: a procedure that does not hold `rva`
  /// is skipped whole through its `End` field (the offset of its `S_END`), so the locals,
  /// blocks and ranges inside it are never read.
  public func procedure(containing rva: UInt32) throws(ReadError) -> PDBProcedure? {
    guard let module = try moduleIndex(containing: rva),
      let streamIndex = modules[module].symbolStream,
      let stream = msf.stream(streamIndex)
    else { return nil }
    let end = min(Int(modules[module].symbolBytes), stream.size)
    var offset = 4
    var count = 0
    while offset + 4 <= end {
      guard count < recordLimit else {
        throw recordLimitError("symbol stream of module \(modules[module].name)")
      }
      let (kind, body) = try record(in: stream, at: offset)
      var next = offset + body.count
      if SymbolKind.procKinds.contains(kind) {
        if let procedure = try parseProcedure(body, kind: kind, module: module),
          rva >= procedure.rva, rva - procedure.rva < procedure.length
        {
          return procedure
        }
        // Jump past the matching S_END (only forward: a corrupt End cannot loop).
        let scopeEnd = Int(try body.read(UInt32.self, at: 8, "S_PROC32.End"))
        if scopeEnd > offset, scopeEnd + 4 <= end {
          let length = Int(try stream.read(UInt16.self, at: scopeEnd, "S_END length"))
          next = max(next, scopeEnd + length + 2)
        }
      }
      offset = next
      count += 1
    }
    return nil
  }

  /// Every procedure of every module, sorted by RVA (a full scan, for dumps).
  public func allProcedures() throws(ReadError) -> [PDBProcedure] {
    var result: [PDBProcedure] = []
    for index in modules.indices {
      result += try procedures(inModule: index)
    }
    result.sort { $0.rva != $1.rva ? $0.rva < $1.rva : $0.name < $1.name }
    return result
  }
}

/// Display names for decorated C symbols.
public enum SymbolNames {
  /// Strips the decoration of a C symbol name.
  ///
  /// x86: `_name`, `_name@N` (stdcall), `@name@N` (fastcall). Other architectures: `name@N`.
  /// C++ (`?…`) names are kept as they are.
  public static func undecorate(_ name: String, architecture: CPUArchitecture) -> String {
    guard !name.hasPrefix("?") else { return name }
    var text = Substring(name)
    if architecture == .x86 {
      if text.hasPrefix("_") || text.hasPrefix("@") { text = text.dropFirst() }
    } else if text.hasPrefix("@") {
      return name
    }
    if let at = text.lastIndex(of: "@"), at != text.startIndex,
      text[text.index(after: at)...].allSatisfy(\.isNumber),
      text.index(after: at) != text.endIndex
    {
      text = text[..<at]
    }
    return String(text)
  }

  /// The stdcall/fastcall parameter size from `name@N`, or 0.
  public static func parameterSize(ofDecorated name: String) -> UInt32 {
    guard !name.hasPrefix("?"), let at = name.lastIndex(of: "@"), at != name.startIndex else {
      return 0
    }
    return UInt32(name[name.index(after: at)...]) ?? 0
  }
}
