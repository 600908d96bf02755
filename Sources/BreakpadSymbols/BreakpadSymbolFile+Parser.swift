import DumpFormats
import Foundation

extension BreakpadSymbolFile {
  /// The line parser (keeps the open FUNC and CFI range).
  struct Parser {
    var currentFunction: BreakpadFunction?
    var currentCFI: BreakpadCFIRange?

    static func hex(_ text: Substring) -> UInt64? {
      guard !text.isEmpty, text.count <= 16 else { return nil }
      return UInt64(text, radix: 16)
    }

    /// Splits off `count` space-separated fields; the rest of the line (may contain spaces) is
    /// returned as the last element.
    static func fields(_ text: Substring, count: Int) -> [Substring]? {
      var result: [Substring] = []
      var rest = text
      for _ in 0..<count {
        guard let space = rest.firstIndex(of: " ") else { return nil }
        result.append(rest[..<space])
        rest = rest[rest.index(after: space)...]
      }
      result.append(rest)
      return result
    }

    mutating func flushFunction(into file: inout BreakpadSymbolFile) {
      if var function = currentFunction {
        function.lines.sort { $0.address < $1.address }
        file.functions.append(function)
      }
      currentFunction = nil
    }

    mutating func flushCFI(into file: inout BreakpadSymbolFile) {
      if let range = currentCFI { file.cfi.append(range) }
      currentCFI = nil
    }

    mutating func finish(into file: inout BreakpadSymbolFile) {
      flushFunction(into: &file)
      flushCFI(into: &file)
      file.functions.sort { $0.address < $1.address }
      file.publics.sort { $0.address < $1.address }
      file.frameData.sort { $0.rva < $1.rva }
      file.fpoData.sort { $0.rva < $1.rva }
      file.cfi.sort { $0.address < $1.address }
    }

    /// Parses `reg: expr reg: expr …` (a register token ends with `:`).
    static func rules(_ text: Substring) -> [String: String]? {
      var result: [String: String] = [:]
      var register: String?
      var expression: [Substring] = []
      for token in text.split(separator: " ", omittingEmptySubsequences: true) {
        if token.hasSuffix(":"), token.count > 1 {
          if let register {
            guard !expression.isEmpty else { return nil }
            result[register] = expression.joined(separator: " ")
          }
          register = String(token.dropLast())
          expression = []
        } else {
          guard register != nil else { return nil }
          expression.append(token)
        }
      }
      if let register {
        guard !expression.isEmpty else { return nil }
        result[register] = expression.joined(separator: " ")
      }
      return result.isEmpty ? nil : result
    }

    mutating func parse(line raw: String, number: Int, into file: inout BreakpadSymbolFile) {
      let line = Substring(raw)
      let keyword = line.prefix { $0 != " " }
      let rest = line.dropFirst(keyword.count + 1)
      switch keyword {
      case "MODULE":
        guard let parts = Self.fields(rest, count: 3) else {
          return file.addNote("bad MODULE record", line: number)
        }
        file.module = Module(
          os: String(parts[0]), arch: String(parts[1]), id: String(parts[2]), name: String(parts[3])
        )
      case "INFO":
        guard rest.hasPrefix("CODE_ID ") else { return }
        let parts = rest.dropFirst(8).split(separator: " ", maxSplits: 1)
        file.codeID = parts.first.map(String.init)
        file.codeFile = parts.count > 1 ? String(parts[1]) : nil
      case "FILE", "INLINE_ORIGIN":
        guard let parts = Self.fields(rest, count: 1), let id = Int(parts[0]) else {
          return file.addNote("bad \(keyword) record", line: number)
        }
        if keyword == "FILE" {
          file.files[id] = String(parts[1])
        } else {
          file.inlineOrigins[id] = String(parts[1])
        }
      case "FUNC":
        flushFunction(into: &file)
        var body = rest
        let multiple = body.hasPrefix("m ")
        if multiple { body = body.dropFirst(2) }
        guard let parts = Self.fields(body, count: 3), let address = Self.hex(parts[0]),
          let size = Self.hex(parts[1]), let parameters = Self.hex(parts[2])
        else { return file.addNote("bad FUNC record", line: number) }
        currentFunction = BreakpadFunction(
          address: address, size: size, parameterSize: parameters, name: String(parts[3]),
          isMultiple: multiple, lines: [], inlines: [])
      case "PUBLIC":
        flushFunction(into: &file)
        var body = rest
        let multiple = body.hasPrefix("m ")
        if multiple { body = body.dropFirst(2) }
        guard let parts = Self.fields(body, count: 2), let address = Self.hex(parts[0]),
          let parameters = Self.hex(parts[1])
        else { return file.addNote("bad PUBLIC record", line: number) }
        file.publics.append(
          BreakpadPublic(
            address: address, parameterSize: parameters, name: String(parts[2]),
            isMultiple: multiple))
      case "INLINE":
        let parts = rest.split(separator: " ")
        guard currentFunction != nil, parts.count >= 6, parts.count % 2 == 0,
          let depth = Int(parts[0]), let callLine = UInt32(parts[1]), let callFile = Int(parts[2]),
          let origin = Int(parts[3])
        else { return file.addNote("bad INLINE record", line: number) }
        var ranges: [BreakpadRange] = []
        var index = 4
        while index + 1 < parts.count {
          guard let address = Self.hex(parts[index]), let size = Self.hex(parts[index + 1]) else {
            return file.addNote("bad INLINE range", line: number)
          }
          ranges.append(BreakpadRange(address: address, size: size))
          index += 2
        }
        currentFunction?.inlines.append(
          BreakpadInline(
            depth: depth, callLine: callLine, callFile: callFile, origin: origin, ranges: ranges))
      case "STACK":
        flushFunction(into: &file)
        if rest.hasPrefix("WIN ") {
          parseStackWin(rest.dropFirst(4), number: number, into: &file)
        } else if rest.hasPrefix("CFI INIT ") {
          flushCFI(into: &file)
          guard let parts = Self.fields(rest.dropFirst(9), count: 2),
            let address = Self.hex(parts[0]), let size = Self.hex(parts[1]),
            let rules = Self.rules(parts[2])
          else { return file.addNote("bad STACK CFI INIT record", line: number) }
          currentCFI = BreakpadCFIRange(
            address: address, size: size, initialRules: rules, deltas: [])
        } else if rest.hasPrefix("CFI ") {
          guard let parts = Self.fields(rest.dropFirst(4), count: 1),
            let address = Self.hex(parts[0]), let rules = Self.rules(parts[1]),
            let range = currentCFI, address >= range.address,
            address - range.address < range.size,
            range.deltas.last.map({ $0.address <= address }) ?? true
          else { return file.addNote("bad or orphan STACK CFI record", line: number) }
          currentCFI?.deltas.append(BreakpadCFIRange.Delta(address: address, rules: rules))
        } else {
          file.addNote("unknown STACK record", line: number)
        }
      default:
        // A line record belongs to the open FUNC: <address> <size> <line> <filenum>.
        let parts = line.split(separator: " ")
        guard parts.count == 4, let address = Self.hex(parts[0]), let size = Self.hex(parts[1]),
          let lineNumber = UInt32(parts[2]), let fileNumber = Int(parts[3])
        else { return file.addNote("unknown record", line: number) }
        guard currentFunction != nil else {
          return file.addNote("line record outside a FUNC", line: number)
        }
        currentFunction?.lines.append(
          BreakpadLine(address: address, size: size, line: lineNumber, file: fileNumber))
      }
    }

    /// `STACK WIN <type> <rva> <code_size> <prologue> <epilogue> <params> <saved_regs> <locals>
    /// <max_stack> <has_program_string> <program_string | allocates_base_pointer>`.
    mutating func parseStackWin(_ text: Substring, number: Int, into file: inout BreakpadSymbolFile)
    {
      guard let parts = Self.fields(text, count: 10) else {
        return file.addNote("bad STACK WIN record", line: number)
      }
      var values: [UInt32] = []
      for field in parts[0..<10] {
        guard let value = Self.hex(field), let small = UInt32(exactly: value) else {
          return file.addNote("bad STACK WIN field", line: number)
        }
        values.append(small)
      }
      let type = values[0]
      let hasProgram = values[9] != 0
      // rust-minidump drops records whose type and has_program_string disagree.
      guard (type == 4 && hasProgram) || (type == 0 && !hasProgram) else {
        if type != 4 && type != 0 { return }
        return file.addNote(
          "STACK WIN type \(type) with has_program_string \(values[9])", line: number)
      }
      let record = X86FrameData(
        type: type, rva: values[1], codeSize: values[2], prologSize: values[3],
        epilogSize: values[4], parameterSize: values[5], savedRegisterSize: values[6],
        localSize: values[7], maxStackSize: values[8],
        programString: hasProgram ? String(parts[10]) : nil,
        allocatesBasePointer: !hasProgram && parts[10] != "0")
      if type == 4 { file.frameData.append(record) } else { file.fpoData.append(record) }
    }
  }
}
