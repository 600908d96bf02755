import BinaryReading
import DumpFormats
import Foundation

extension PDBFile {
  /// The `/names` string buffer: {signature 0xEFFEEFFE, version, size, strings…}.
  func namesBuffer() throws(ReadError) -> ByteReader? {
    guard let index = namedStreams["/names"], let stream = msf.stream(index) else { return nil }
    let header = try stream.reader(at: 0, count: 12, "/names header")
    guard try header.read(UInt32.self, at: 0, "/names.Signature") == 0xEFFE_EFFE else {
      throw ReadError(
        code: .invalidValue, offset: header.fileOffset(of: 0), context: "/names.Signature")
    }
    let size = Int(try header.read(UInt32.self, at: 8, "/names.StringsSize"))
    return try stream.reader(at: 12, count: size, "/names.Strings")
  }

  /// The new-FPO (`FrameData`) stream and where its 32-byte records start.
  func frameDataTable() -> (stream: MSFStream, start: Int, count: Int)? {
    guard debugStreams.count > 9, let index = debugStreams[9], let stream = msf.stream(index) else {
      return nil
    }
    // A stream whose size is not a multiple of 32 starts with a 4-byte reloc pointer.
    let start = stream.size % 32 == 0 ? 0 : 4
    return (stream, start, (stream.size - start) / 32)
  }

  /// The FPO (`FPO_DATA`) stream and its record count.
  func fpoTable() -> (stream: MSFStream, count: Int)? {
    guard debugStreams.count > 0, let index = debugStreams[0], let stream = msf.stream(index) else {
      return nil
    }
    return (stream, stream.size / 16)
  }

  /// Decodes FrameData record `index`.
  func frameData(
    _ table: (stream: MSFStream, start: Int, count: Int), index: Int, names: ByteReader?
  ) throws(ReadError) -> X86FrameData {
    let record = try table.stream.reader(
      at: table.start + index * 32, count: 32, "FrameData[\(index)]")
    let programOffset = Int(try record.read(UInt32.self, at: 20, "FrameData.FrameFunc"))
    var program: String?
    if let names, programOffset < names.count {
      // Compilers end the program with a space; Breakpad's STACK WIN lines do not.
      program = try? names.cString(
        at: programOffset, maxLength: names.count - programOffset, "FrameData program"
      ).value.trimmingCharacters(in: .whitespaces)
    }
    return X86FrameData(
      type: 4, rva: try record.read(UInt32.self, at: 0, "FrameData.RvaStart"),
      codeSize: try record.read(UInt32.self, at: 4, "FrameData.CodeSize"),
      prologSize: UInt32(try record.read(UInt16.self, at: 24, "FrameData.PrologSize")),
      parameterSize: try record.read(UInt32.self, at: 12, "FrameData.ParamsSize"),
      savedRegisterSize: UInt32(try record.read(UInt16.self, at: 26, "FrameData.SavedRegsSize")),
      localSize: try record.read(UInt32.self, at: 8, "FrameData.LocalSize"),
      maxStackSize: try record.read(UInt32.self, at: 16, "FrameData.MaxStackSize"),
      programString: program)
  }

  /// Decodes FPO record `index`.
  func fpo(_ table: (stream: MSFStream, count: Int), index: Int) throws(ReadError) -> X86FrameData {
    let record = try table.stream.reader(at: index * 16, count: 16, "FPO_DATA[\(index)]")
    let bits = try record.read(UInt16.self, at: 14, "FPO_DATA.bits")
    return X86FrameData(
      type: 0, rva: try record.read(UInt32.self, at: 0, "FPO_DATA.ulOffStart"),
      codeSize: try record.read(UInt32.self, at: 4, "FPO_DATA.cbProcSize"),
      prologSize: UInt32(bits & 0xFF),
      parameterSize: UInt32(try record.read(UInt16.self, at: 12, "FPO_DATA.cdwParams")) * 4,
      savedRegisterSize: UInt32((bits >> 8) & 7) * 4,
      localSize: (try record.read(UInt32.self, at: 8, "FPO_DATA.cdwLocals"))
        .multipliedReportingOverflow(by: 4).partialValue,
      allocatesBasePointer: bits & 0x1000 != 0)
  }

  /// Binary search: the innermost record (largest start ≤ rva) whose range holds `rva`.
  static func innermost(
    count: Int, start: (Int) throws(ReadError) -> X86FrameData, rva: UInt32
  ) throws(ReadError) -> X86FrameData? {
    var low = 0
    var high = count
    while low < high {
      let mid = (low + high) / 2
      if try start(mid).rva <= rva { low = mid + 1 } else { high = mid }
    }
    var index = low - 1
    var steps = 0
    while index >= 0, steps < 64 {
      let record = try start(index)
      if rva >= record.rva, rva - record.rva < record.codeSize { return record }
      index -= 1
      steps += 1
    }
    return nil
  }

  /// x86 frame data covering `rva`: FrameData (type 4) preferred over FPO (type 0).
  public func frameData(at rva: UInt32) throws(ReadError) -> X86FrameData? {
    if let table = frameDataTable() {
      let names = try? namesBuffer()
      if let found = try Self.innermost(
        count: table.count,
        start: { (i: Int) throws(ReadError) in try frameData(table, index: i, names: names) },
        rva: rva)
      {
        return found
      }
    }
    if let table = fpoTable() {
      return try Self.innermost(
        count: table.count, start: { (i: Int) throws(ReadError) in try fpo(table, index: i) },
        rva: rva)
    }
    return nil
  }

  /// Every FrameData and FPO record (for dumps), in stream order.
  public func allFrameData() throws(ReadError) -> [X86FrameData] {
    var result: [X86FrameData] = []
    if let table = fpoTable() {
      for index in 0..<table.count { result.append(try fpo(table, index: index)) }
    }
    if let table = frameDataTable() {
      let names = try? namesBuffer()
      for index in 0..<table.count {
        result.append(try frameData(table, index: index, names: names))
      }
    }
    return result
  }
}

extension PDBFile: ModuleSymbols {
  /// The procedure covering `rva` (exact range), else the nearest public symbol below it.
  public func symbol(at rva: UInt32) -> ResolvedSymbol? {
    if let procedure = try? procedure(containing: rva) {
      var symbol = ResolvedSymbol(name: procedure.name, rva: procedure.rva, size: procedure.length)
      if let found = try? line(at: rva) {
        symbol.file = found.file
        symbol.line = found.line
      }
      return symbol
    }
    if let symbol = try? publicSymbol(atOrBelow: rva) {
      return ResolvedSymbol(
        name: SymbolNames.undecorate(symbol.name, architecture: architecture), rva: symbol.rva,
        isPublic: true)
    }
    return nil
  }

  /// FrameData / FPO covering `rva`.
  public func x86FrameData(at rva: UInt32) -> X86FrameData? {
    try? frameData(at: rva)
  }
}
