import BinaryReading
import DumpFormats
import Foundation
import PDBSymbols
import PEImageParsing

/// Writes a Breakpad `.sym` file from a PDB and/or a PE image, like Breakpad's `dump_syms`.
///
/// From the PDB: MODULE (GUID + DBI age), FUNC records with exact sizes from the procedure
/// records (`m` when several share an address), PUBLIC records for public symbols that do not
/// start a FUNC (names undecorated, stdcall parameter sizes kept), and STACK WIN records from the
/// FPO and FrameData streams. From the image: INFO CODE_ID, and for x64 a STACK CFI INIT record
/// per `.pdata` entry computed from its UNWIND_INFO (functions that use a frame register are
/// left to the image's unwind data). With only an image, exports become PUBLIC records.
public enum BreakpadWriter {
  /// The Breakpad architecture name.
  static func archName(_ architecture: CPUArchitecture) -> String {
    switch architecture {
    case .x86: "x86"
    case .amd64: "x86_64"
    case .arm64: "arm64"
    case .arm: "arm"
    default: "unknown"
    }
  }

  static func hex<T: BinaryInteger>(_ value: T) -> String { String(value, radix: 16) }

  /// Produces the `.sym` text.
  ///
  /// - Parameters:
  ///   - pdb: The PDB, if any.
  ///   - image: The image, if any.
  ///   - imageName: The image's file name (for INFO CODE_ID).
  ///   - pdbFileName: The PDB's file name when there is no image to name it.
  /// - Returns: The `.sym` text, one record per line.
  /// - Throws: ``ReadError`` when neither input is given or the PDB's streams are corrupt.
  public static func write(
    pdb: PDBFile?, image: PEImage?, imageName: String?, pdbFileName: String? = nil
  ) throws(ReadError)
    -> String
  {
    guard pdb != nil || image != nil else {
      throw ReadError(code: .invalidValue, context: "symbols dump", detail: "no PDB and no image")
    }
    var out: [String] = []
    let architecture = pdb?.architecture ?? image?.architecture ?? .unknown(0)
    if let pdb {
      let pdbName = image?.codeView?.pdbFileName ?? pdbFileName ?? "unknown.pdb"
      out.append("MODULE windows \(archName(architecture)) \(pdb.debugID) \(pdbName)")
    } else if let image {
      let id = image.codeView?.debugID ?? String(repeating: "0", count: 33)
      let name = image.codeView?.pdbFileName ?? imageName ?? "unknown"
      out.append("MODULE windows \(archName(architecture)) \(id) \(name)")
    }
    if let image {
      let stamp = String(image.timeDateStamp, radix: 16, uppercase: true)
      let code =
        String(repeating: "0", count: max(0, 8 - stamp.count)) + stamp
        + String(image.sizeOfImage, radix: 16, uppercase: true)
      out.append("INFO CODE_ID \(code)" + (imageName.map { " " + $0 } ?? ""))
    }
    if let pdb {
      let frames = try pdb.allFrameData()
      let procedures = try pdb.allProcedures()
      let publics = try pdb.allPublics()
      var functionStarts: Set<UInt32> = []
      // Line records: C13 lines of every module, numbered files in name order.
      var allLines: [PDBLine] = []
      for module in pdb.modules.indices {
        allLines += (try? pdb.lines(inModule: module)) ?? []
      }
      allLines = allLines.filter { $0.size > 0 }.sorted { $0.rva < $1.rva }
      let fileNames = Array(Set(allLines.map(\.file))).sorted()
      var fileNumbers: [String: Int] = [:]
      for (number, name) in fileNames.enumerated() {
        fileNumbers[name] = number
        out.append("FILE \(number) \(name)")
      }
      var index = 0
      while index < procedures.count {
        let procedure = procedures[index]
        var next = index + 1
        while next < procedures.count, procedures[next].rva == procedure.rva { next += 1 }
        let multiple = next - index > 1 ? "m " : ""
        functionStarts.insert(procedure.rva)
        var parameters = frames.first { $0.rva == procedure.rva }?.parameterSize ?? 0
        if parameters == 0,
          let decorated = publics.first(where: { $0.rva == procedure.rva })?.name
        {
          parameters = SymbolNames.parameterSize(ofDecorated: decorated)
        }
        out.append(
          "FUNC \(multiple)\(hex(procedure.rva)) \(hex(procedure.length)) \(hex(parameters)) \(procedure.name)"
        )
        let end = UInt64(procedure.rva) + UInt64(procedure.length)
        var lineIndex = firstIndex(allLines, atOrAbove: procedure.rva)
        var covered = UInt64(procedure.rva)
        while lineIndex < allLines.count, UInt64(allLines[lineIndex].rva) < end {
          let line = allLines[lineIndex]
          let start = max(UInt64(line.rva), covered)
          let stop = min(UInt64(line.rva) + UInt64(line.size), end)
          if stop > start, let number = fileNumbers[line.file] {
            out.append("\(hex(start)) \(hex(stop - start)) \(line.line) \(number)")
            covered = stop
          }
          lineIndex += 1
        }
        index = next
      }
      index = 0
      while index < publics.count {
        let symbol = publics[index]
        var next = index + 1
        while next < publics.count, publics[next].rva == symbol.rva { next += 1 }
        if !functionStarts.contains(symbol.rva) {
          let multiple = next - index > 1 ? "m " : ""
          let name = SymbolNames.undecorate(symbol.name, architecture: architecture)
          let parameters = SymbolNames.parameterSize(ofDecorated: symbol.name)
          out.append("PUBLIC \(multiple)\(hex(symbol.rva)) \(hex(parameters)) \(name)")
        }
        index = next
      }
      for frame in frames {
        let fields = [
          frame.rva, frame.codeSize, frame.prologSize, frame.epilogSize, frame.parameterSize,
          frame.savedRegisterSize, frame.localSize, frame.maxStackSize,
        ].map(hex).joined(separator: " ")
        if frame.type == 4 {
          guard let program = frame.programString, !program.isEmpty else { continue }
          let trimmed = program.trimmingCharacters(in: .whitespaces)
          out.append("STACK WIN 4 \(fields) 1 \(trimmed)")
        } else {
          out.append("STACK WIN 0 \(fields) 0 \(frame.allocatesBasePointer ? 1 : 0)")
        }
      }
    } else if let image, let exports = try? image.exports() {
      var seen: Set<UInt32> = []
      for entry in exports.entries where entry.forwarder == nil && seen.insert(entry.rva).inserted {
        let name = entry.name.map { SymbolNames.undecorate($0, architecture: architecture) }
        let parameters = entry.name.map(SymbolNames.parameterSize(ofDecorated:)) ?? 0
        out.append(
          "PUBLIC \(hex(entry.rva)) \(hex(parameters)) \(name ?? "Ordinal\(entry.ordinal)")")
      }
    }
    if let image, image.architecture == .amd64 {
      out += x64CFI(image)
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// The index of the first line at or above `rva` (binary search).
  static func firstIndex(_ lines: [PDBLine], atOrAbove rva: UInt32) -> Int {
    var low = 0
    var high = lines.count
    while low < high {
      let mid = (low + high) / 2
      if lines[mid].rva < rva { low = mid + 1 } else { high = mid }
    }
    return low
  }

  static let x64Registers = [
    "$rax", "$rcx", "$rdx", "$rbx", "$rsp", "$rbp", "$rsi", "$rdi", "$r8", "$r9", "$r10", "$r11",
    "$r12", "$r13", "$r14", "$r15",
  ]

  /// STACK CFI INIT records from x64 UNWIND_INFO (state after the prolog).
  static func x64CFI(_ image: PEImage) -> [String] {
    var lines: [String] = []
    for entry in image.runtimeFunctions where entry.unwindData & 1 == 0 {
      guard entry.endRVA > entry.beginRVA,
        var info = try? X64UnwindInfo(image: image, rva: entry.unwindData)
      else { continue }
      var codes = info.codes
      var depth = 0
      while let chained = info.chained, depth < 8,
        let next = try? X64UnwindInfo(image: image, rva: chained.unwindData)
      {
        codes += next.codes
        info = next
        depth += 1
      }
      guard info.frameRegister == 0,
        !codes.contains(where: { $0.operation == 3 || $0.operation == 10 })
      else { continue }
      // Walk the prolog in execution order (the array is reversed) from the CFA's view:
      // the return address sits at CFA − 8.
      var offset: UInt32 = 8
      var saved: [(String, String)] = []
      for code in codes.reversed() {
        switch code.operation {
        case 0:
          offset &+= 8
          saved.append((x64Registers[Int(code.info & 15)], ".cfa \(offset) - ^"))
        case 1, 2: offset &+= code.operand
        default: break
        }
      }
      for code in codes where code.operation == 4 || code.operation == 5 {
        let distance = Int64(offset) - Int64(code.operand)
        saved.append((x64Registers[Int(code.info & 15)], ".cfa \(distance) - ^"))
      }
      var rules = ".cfa: $rsp \(offset) + .ra: .cfa 8 - ^"
      for (register, expression) in saved { rules += " \(register): \(expression)" }
      lines.append(
        "STACK CFI INIT \(hex(entry.beginRVA)) \(hex(entry.endRVA - entry.beginRVA)) \(rules)")
    }
    return lines
  }
}
