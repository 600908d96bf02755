import BinaryReading
import DumpFormats
import Foundation

/// A Breakpad text symbol file (`.sym`): MODULE, INFO, FILE, INLINE_ORIGIN, FUNC (with line and
/// INLINE records), PUBLIC, STACK WIN and STACK CFI.
///
/// The reader is permissive, like rust-minidump's: a malformed line becomes a ``notes`` entry
/// (with its line number) and everything else is used. Only a file that is not text at all, or
/// one that exceeds the record limit, fails.
public struct BreakpadSymbolFile: ModuleSymbols, Sendable {
  /// The `MODULE` record.
  public struct Module: Hashable, Sendable {
    /// `windows`, `Linux`, `mac` ….
    public var os: String
    /// `x86`, `x86_64`, `arm64` ….
    public var arch: String
    /// The debug identifier (GUID + age for PDBs).
    public var id: String
    /// The debug file name (`test_app.pdb`).
    public var name: String
  }

  /// The `MODULE` line, when present.
  public internal(set) var module: Module?
  /// `INFO CODE_ID <id> [<file>]`: the code id.
  public internal(set) var codeID: String?
  /// `INFO CODE_ID`: the code file name.
  public internal(set) var codeFile: String?
  /// `FILE` records.
  public internal(set) var files: [Int: String] = [:]
  /// `INLINE_ORIGIN` records.
  public internal(set) var inlineOrigins: [Int: String] = [:]
  /// `FUNC` records sorted by address.
  public internal(set) var functions: [BreakpadFunction] = []
  /// `PUBLIC` records sorted by address.
  public internal(set) var publics: [BreakpadPublic] = []
  /// `STACK WIN` records of type 4 (FrameData), sorted by RVA.
  public internal(set) var frameData: [X86FrameData] = []
  /// `STACK WIN` records of type 0 (FPO), sorted by RVA.
  public internal(set) var fpoData: [X86FrameData] = []
  /// `STACK CFI INIT` ranges with their delta rows, sorted by address.
  public internal(set) var cfi: [BreakpadCFIRange] = []
  /// Lines that could not be used.
  public internal(set) var notes: [Note] = []
  /// Where the file came from.
  public var sourceDescription: String

  /// The most lines read from one `.sym` file (the largest real ones have a few million).
  public static let maxLines = 50_000_000
  /// Notes kept (the rest are counted).
  static let maxNotes = 100

  /// Opens and parses a `.sym` file.
  ///
  /// - Throws: ``ReadError`` when the file cannot be read.
  public static func open(path: String) throws(ReadError) -> BreakpadSymbolFile {
    try BreakpadSymbolFile(data: try MappedFile.open(path), source: path)
  }

  /// Parses `.sym` text.
  ///
  /// - Throws: ``ReadError`` when the data is binary (has NUL bytes in the first 4 KiB) or
  ///   exceeds the line limit.
  public init(data: Data, source: String = ".sym") throws(ReadError) {
    try self.init(data: data, source: source, maxLines: Self.maxLines)
  }

  /// Parses `.sym` text with a given line limit (tests use a small one).
  init(data: Data, source: String, maxLines: Int) throws(ReadError) {
    sourceDescription = source
    if data.prefix(4096).contains(0) {
      throw ReadError(
        code: .invalidValue, offset: 0, context: source, detail: "not a Breakpad .sym text file")
    }
    var parser = Parser()
    var lineNumber = 0
    var start = data.startIndex
    let end = data.endIndex
    while start < end {
      lineNumber += 1
      guard lineNumber <= maxLines else {
        throw ReadError(
          code: .limitExceeded, context: source,
          detail: "more than \(maxLines) lines (the line limit)")
      }
      var stop = data[start..<end].firstIndex(of: 0x0A) ?? end
      let next = stop < end ? stop + 1 : end
      while stop > start, data[stop - 1] == 0x0D { stop -= 1 }
      if stop > start {
        let line = String(decoding: data[start..<stop], as: UTF8.self)
        parser.parse(line: line, number: lineNumber, into: &self)
      }
      start = next
    }
    parser.finish(into: &self)
  }

  mutating func addNote(_ message: String, line: Int) {
    if notes.count < Self.maxNotes {
      notes.append(Note(code: "sym_bad_line", message: "line \(line): \(message)"))
    } else if notes.count == Self.maxNotes {
      notes.append(Note(code: "sym_bad_line", message: "further bad lines not listed"))
    }
  }

  // MARK: ModuleSymbols

  /// The FUNC covering `rva` (with file:line from its line records), else the PUBLIC at or below
  /// it when no FUNC lies between the two (Breakpad's rule).
  public func symbol(at rva: UInt32) -> ResolvedSymbol? {
    let address = UInt64(rva)
    let functionIndex = Self.lastIndex(in: functions, atOrBelow: address, key: \.address)
    if let index = functionIndex {
      let function = functions[index]
      if address - function.address < max(function.size, 1) {
        var symbol = ResolvedSymbol(
          name: function.name, rva: UInt32(truncatingIfNeeded: function.address),
          size: UInt32(truncatingIfNeeded: function.size))
        if let line = function.line(at: address) {
          symbol.file = files[line.file]
          symbol.line = line.line
        }
        return symbol
      }
    }
    guard let publicIndex = Self.lastIndex(in: publics, atOrBelow: address, key: \.address) else {
      return nil
    }
    let found = publics[publicIndex]
    if let index = functionIndex, functions[index].address >= found.address { return nil }
    return ResolvedSymbol(
      name: found.name, rva: UInt32(truncatingIfNeeded: found.address), isPublic: true)
  }

  /// The innermost STACK WIN record covering `rva`: type 4 preferred over type 0.
  public func x86FrameData(at rva: UInt32) -> X86FrameData? {
    Self.innermost(frameData, rva) ?? Self.innermost(fpoData, rva)
  }

  /// The CFI rules in force at `rva`: the INIT row merged with every delta row at or below it.
  public func cfiRules(at rva: UInt32) -> [String: String]? {
    let address = UInt64(rva)
    guard let index = Self.lastIndex(in: cfi, atOrBelow: address, key: \.address) else {
      return nil
    }
    let range = cfi[index]
    guard address - range.address < range.size else { return nil }
    var rules = range.initialRules
    for delta in range.deltas where delta.address <= address {
      rules.merge(delta.rules) { _, new in new }
    }
    return rules
  }

  static func innermost(_ records: [X86FrameData], _ rva: UInt32) -> X86FrameData? {
    guard var index = lastIndex(in: records, atOrBelow: UInt64(rva), key: { UInt64($0.rva) }) else {
      return nil
    }
    var steps = 0
    while index >= 0, steps < 64 {
      let record = records[index]
      if rva - record.rva < record.codeSize { return record }
      index -= 1
      steps += 1
    }
    return nil
  }

  /// Binary search: the index of the last element whose key is ≤ `value`.
  static func lastIndex<T>(in array: [T], atOrBelow value: UInt64, key: (T) -> UInt64) -> Int? {
    var low = 0
    var high = array.count
    while low < high {
      let mid = (low + high) / 2
      if key(array[mid]) <= value { low = mid + 1 } else { high = mid }
    }
    return low > 0 ? low - 1 : nil
  }
}

/// A `FUNC` record and its line and inline records.
public struct BreakpadFunction: Hashable, Sendable {
  /// Start address (module-relative).
  public var address: UInt64
  /// Size in bytes.
  public var size: UInt64
  /// Bytes of stack parameters.
  public var parameterSize: UInt64
  /// The name.
  public var name: String
  /// The `m` flag: several symbols share this code.
  public var isMultiple: Bool
  /// Line records, sorted by address.
  public var lines: [BreakpadLine]
  /// INLINE records.
  public var inlines: [BreakpadInline]

  /// The line record covering `address`.
  public func line(at address: UInt64) -> BreakpadLine? {
    guard let index = BreakpadSymbolFile.lastIndex(in: lines, atOrBelow: address, key: \.address)
    else { return nil }
    let line = lines[index]
    return address - line.address < max(line.size, 1) ? line : nil
  }
}

/// A line record: `<address> <size> <line> <filenum>`.
public struct BreakpadLine: Hashable, Sendable {
  /// Start address.
  public var address: UInt64
  /// Size in bytes.
  public var size: UInt64
  /// Source line.
  public var line: UInt32
  /// `FILE` number.
  public var file: Int
}

/// An `INLINE` record.
public struct BreakpadInline: Hashable, Sendable {
  /// Nesting level (0 = directly in the FUNC).
  public var depth: Int
  /// Call-site line.
  public var callLine: UInt32
  /// Call-site file number.
  public var callFile: Int
  /// `INLINE_ORIGIN` number.
  public var origin: Int
  /// Address ranges (address, size).
  public var ranges: [BreakpadRange]
}

/// An address range of an INLINE record.
public struct BreakpadRange: Hashable, Sendable {
  /// Start address.
  public var address: UInt64
  /// Size in bytes.
  public var size: UInt64
}

/// A `PUBLIC` record.
public struct BreakpadPublic: Hashable, Sendable {
  /// Address.
  public var address: UInt64
  /// Bytes of stack parameters.
  public var parameterSize: UInt64
  /// The name.
  public var name: String
  /// The `m` flag.
  public var isMultiple: Bool
}

/// A `STACK CFI INIT` range and its delta rows.
public struct BreakpadCFIRange: Hashable, Sendable {
  /// A delta row (`STACK CFI <address> <rules>`).
  public struct Delta: Hashable, Sendable {
    /// Address from which the rules apply.
    public var address: UInt64
    /// Register → postfix expression.
    public var rules: [String: String]
  }

  /// Start address.
  public var address: UInt64
  /// Size in bytes.
  public var size: UInt64
  /// The INIT rules.
  public var initialRules: [String: String]
  /// Delta rows in address order.
  public var deltas: [Delta]
}
