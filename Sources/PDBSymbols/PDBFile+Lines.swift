import BinaryReading
import DumpFormats
import Foundation

/// One C13 line entry: code at `rva` comes from `line` of file `file`.
public struct PDBLine: Hashable, Sendable {
  /// RVA of the first byte the entry covers.
  public var rva: UInt32
  /// Bytes covered (up to the next entry or the end of the block's code).
  public var size: UInt32
  /// Source line (1-based).
  public var line: UInt32
  /// Source file path as recorded.
  public var file: String
}

extension PDBFile {
  /// The C13 line entries of one module (`DEBUG_S_LINES` with `DEBUG_S_FILECHKSMS` and
  /// `/names`), sorted by RVA.
  ///
  /// Entries with the "hidden" line numbers 0xFEEFEE / 0xF00F00 and line 0 are dropped.
  public func lines(inModule index: Int) throws(ReadError) -> [PDBLine] {
    try lines(inModule: index, covering: nil)
  }

  /// The line entries of one module; with `rva`, only the line table (one per function) whose
  /// code range holds it is decoded.
  func lines(inModule index: Int, covering rva: UInt32?) throws(ReadError) -> [PDBLine] {
    guard index >= 0, index < modules.count, let streamIndex = modules[index].symbolStream,
      let stream = msf.stream(streamIndex), modules[index].c13Bytes > 0
    else { return [] }
    let symbolBytes = Int(modules[index].symbolBytes)
    let c11 = 0  // C11 line info is obsolete; lld and MSVC write none.
    let start = symbolBytes + c11
    let c13 = try stream.reader(at: start, count: Int(modules[index].c13Bytes), "C13 lines")
    // First pass: the file checksum table (file id = offset into it).
    var checksums: ByteReader?
    var linesSections: [ByteReader] = []
    var offset = 0
    while offset + 8 <= c13.count {
      let kind = try c13.read(UInt32.self, at: offset, "C13 subsection kind")
      let length = Int(try c13.read(UInt32.self, at: offset + 4, "C13 subsection length"))
      let body = try c13.slice(at: offset + 8, count: length, "C13 subsection")
      switch kind {
      case 0xF4: checksums = body
      case 0xF2: linesSections.append(body)
      default: break
      }
      offset = (offset + 8 + length + 3) & ~3
    }
    let names = try? namesBuffer()
    func fileName(_ id: Int) -> String {
      guard let checksums, let names,
        let nameOffset = try? checksums.read(UInt32.self, at: id, "FileChecksum.FileNameOffset"),
        Int(nameOffset) < names.count,
        let name = try? names.cString(
          at: Int(nameOffset), maxLength: names.count - Int(nameOffset), "file name")
      else { return "" }
      return name.value
    }
    var result: [PDBLine] = []
    for section in linesSections {
      let base = try section.read(UInt32.self, at: 0, "LinesHeader.RelocOffset")
      let segment = try section.read(UInt16.self, at: 4, "LinesHeader.RelocSegment")
      let flags = try section.read(UInt16.self, at: 6, "LinesHeader.Flags")
      let codeSize = try section.read(UInt32.self, at: 8, "LinesHeader.CodeSize")
      guard let sectionRVA = self.rva(segment: segment, offset: base) else { continue }
      if let rva, rva < sectionRVA || rva - sectionRVA >= codeSize { continue }
      var cursor = 12
      while cursor + 12 <= section.count {
        let fileID = Int(try section.read(UInt32.self, at: cursor, "LineBlock.NameIndex"))
        let count = try checkCount(
          UInt64(try section.read(UInt32.self, at: cursor + 4, "LineBlock.NumLines")), stride: 8,
          available: section.count - cursor - 12, offset: section.fileOffset(of: cursor),
          "LineBlock.NumLines")
        let blockSize = Int(try section.read(UInt32.self, at: cursor + 8, "LineBlock.BlockSize"))
        let file = fileName(fileID)
        var entries: [(UInt32, UInt32)] = []
        for i in 0..<count {
          let at = cursor + 12 + i * 8
          let codeOffset = try section.read(UInt32.self, at: at, "LineNumberEntry.Offset")
          let bits = try section.read(UInt32.self, at: at + 4, "LineNumberEntry.Flags")
          entries.append((codeOffset, bits & 0xFF_FFFF))
        }
        for (i, entry) in entries.enumerated() {
          let next = i + 1 < entries.count ? entries[i + 1].0 : codeSize
          // Entries sharing an offset are kept with size 0: see `line(at:)`.
          guard entry.1 != 0, entry.1 != 0xFE_EFEE, entry.1 != 0xF0_0F00, next >= entry.0,
            let rva = sectionRVA.checkedAdding(entry.0)
          else { continue }
          result.append(PDBLine(rva: rva, size: next - entry.0, line: entry.1, file: file))
        }
        let columns = flags & 1 != 0 ? count * 4 : 0
        let minimum = 12 + count * 8 + columns
        cursor += max(blockSize, minimum)
      }
    }
    // Stable order by RVA: entries at one address stay in table order.
    return result.enumerated().sorted { ($0.element.rva, $0.offset) < ($1.element.rva, $1.offset) }
      .map(\.element)
  }

  /// The line entry covering `rva`.
  ///
  /// Compilers often emit two entries at a function's first byte (the opening line, then the
  /// first statement). At exactly that address the first entry answers (the opening line, as
  /// llvm-symbolizer and debuggers show it); past it, the entry that covers the bytes.
  public func line(at rva: UInt32) throws(ReadError) -> PDBLine? {
    guard let module = try moduleIndex(containing: rva) else { return nil }
    let all = try lines(inModule: module, covering: rva)
    if let exact = all.first(where: { $0.rva == rva }) { return exact }
    return all.last { $0.size > 0 && $0.rva <= rva && rva - $0.rva < $0.size }
  }
}
