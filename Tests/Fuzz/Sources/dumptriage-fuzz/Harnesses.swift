import BinaryReading
import BreakpadSymbols
import ContainerFormats
import DumpFormats
import DumpTriage
import Foundation
import KernelDumpParsing
import MinidumpParsing
import PDBSymbols
import PEImageParsing
import TriageRules

/// The fuzz harnesses, by name.
///
/// Each takes one input and must never crash, hang or run away with memory, whatever the bytes.
enum Harnesses {
  nonisolated(unsafe) static var selected: (Data) -> Void = { _ in }

  nonisolated(unsafe) static let all: [String: (Data) -> Void] = [
    "containers": containers,
    "cab": { containers(withMagic: Array("MSCF".utf8) + [0, 0, 0, 0], $0) },
    "zip": { containers(withMagic: [0x50, 0x4B, 3, 4], $0) },
    "gzip": { containers(withMagic: [0x1F, 0x8B, 8], $0) },
    "lzx": lzx,
    "mszip": mszip,
    "minidump": minidump,
    "pe": pe,
    "pdb": pdb,
    "sym": sym,
    "rules": rules,
    "kernel": kernel,
    "pipeline": pipeline,
  ]

  /// The pipeline with the built-in rules as the CLI runs it: a `RuleCatalog` that parses a
  /// rule when the first input with one of its stop codes needs it, no rule trace.
  static let pipelineRunner: DumpPipeline? = {
    guard let rules = try? RuleCatalog(RuleSet.Options(examples: false)) else { return nil }
    var options = TriageOptions()
    options.containerLimits = limits
    return DumpPipeline(options: options, rules: rules, ruleTrace: false)
  }()

  /// The same with every rule's decision traced (`--explain`); several times slower per input.
  static let explainingRunner: DumpPipeline? = pipelineRunner.map {
    var runner = $0
    runner.ruleTrace = true
    return runner
  }

  /// Kernel dump header, then the whole kernel analysis (facts, stack scan, verdict).
  ///
  /// Only the signature is checked first: `Triage.analyze` parses the dump itself.
  static func kernel(_ data: Data) {
    switch FileSignature(ByteReader(data)) {
    case .kernelDump32, .kernelDump64:
      _ = try? Triage.analyze(data: data, displayName: "fuzz.dmp")
    default:
      _ = try? KernelDump(data: data)
    }
  }

  /// The whole pipeline on one input: detection, any dump kind or container, rules, report.
  ///
  /// One input in eight (by length, so a replay takes the same path) also goes through the
  /// `--explain` rule trace.
  static func pipeline(_ data: Data) {
    let runner = data.count % 8 == 0 ? explainingRunner : pipelineRunner
    _ = runner?.report(for: BatchInput(path: "fuzz.dmp"), data: data)
  }

  /// Small limits so a bomb is found as a limit error, not as an out-of-memory.
  ///
  /// Inputs are at most 64 KiB (`-max_len`), so 4 MiB per member still lets every real
  /// expansion path run, keeps one execution cheap, and the ratio check (above 1 MiB) is
  /// reached too.
  static let limits: ExpansionLimits = {
    var limits = ExpansionLimits.default
    limits.maxMemberSize = 4 << 20
    limits.maxTotalSize = 8 << 20
    limits.ratioFloor = 1 << 20
    return limits
  }()

  static func containers(_ data: Data) {
    guard let members = try? ContainerFormats.expand(data, name: "fuzz", limits: limits) else {
      return
    }
    for member in members { _ = member.data?.count }
  }

  /// Forces the container magic so mutations stay inside one format.
  static func containers(withMagic magic: [UInt8], _ data: Data) {
    containers(Data(magic) + data.dropFirst(magic.count))
  }

  /// Wraps the input as the single CFDATA block of a one-file cabinet folder.
  ///
  /// Byte 0 picks the window (LZX) and bytes 1–2 the expanded size; the rest is the payload.
  static func cabinet(type: UInt16, _ data: Data) {
    let bytes = [UInt8](data)
    guard bytes.count >= 3 else { return }
    let windowBits = UInt16(15 + Int(bytes[0]) % 7)
    let size = 1 + (Int(bytes[1]) | Int(bytes[2]) << 8) % 32_768
    let payload = Array(bytes[3...].prefix(65_535))
    var cab: [UInt8] = Array("MSCF".utf8) + [0, 0, 0, 0]
    func le16(_ v: Int) { cab += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    func le32(_ v: Int) {
      le16(v & 0xFFFF)
      le16((v >> 16) & 0xFFFF)
    }
    let filesOffset = 36 + 8
    let name = Array("f.dmp".utf8) + [0]
    let dataOffset = filesOffset + 16 + name.count
    le32(dataOffset + 8 + payload.count)
    le32(0)
    le32(filesOffset)
    le32(0)
    cab += [3, 1]
    le16(1)
    le16(1)
    le16(0)
    le16(0)
    le16(0)
    le32(dataOffset)
    le16(1)
    le16(Int(type == 3 ? 3 | windowBits << 8 : type))
    le32(size)
    le32(0)
    le16(0)
    le16(0)
    le16(0)
    le16(0x20)
    cab += name
    le32(0)  // no checksum
    le16(payload.count)
    le16(size)
    cab += payload
    containers(Data(cab))
  }

  static func lzx(_ data: Data) { cabinet(type: 3, data) }
  static func mszip(_ data: Data) { cabinet(type: 1, data) }

  static func minidump(_ data: Data) {
    guard let dump = try? Minidump(data: data) else { return }
    _ = dump.systemInfo
    _ = dump.miscInfo
    _ = dump.exception
    _ = dump.architecture
    for thread in dump.threads { _ = thread }
    _ = dump.threadNames
    _ = dump.modules
    _ = dump.unloadedModules
    _ = dump.crashContext
    _ = dump.streamIfReadable(MemoryList.self)
    _ = dump.streamIfReadable(Memory64List.self)
    _ = dump.streamIfReadable(MemoryInfoList.self)
    _ = dump.streamIfReadable(HandleData.self)
    _ = dump.streamIfReadable(BreakpadInfo.self)
    _ = dump.streamIfReadable(ThreadExList.self)
    _ = dump.streamIfReadable(ThreadInfoList.self)
    let memory = dump.memory
    if let sp = dump.crashContext?.stackPointer { _ = memory.bytes(at: sp, count: 64) }
  }

  static func pe(_ data: Data) {
    for layout in [PEImage.Layout.file, .mapped] {
      guard let image = try? PEImage(data: data, layout: layout) else { continue }
      _ = try? image.exports()
      _ = try? image.versionInfo()
      _ = image.codeView
      _ = image.codeID
      for section in image.sections.prefix(8) {
        if let function = image.runtimeFunction(containing: section.virtualAddress) {
          _ = function
        }
      }
      if let entry = image.runtimeFunction(containing: image.entryPointRVA) { _ = entry }
      _ = try? X64UnwindInfo(image: image, rva: image.entryPointRVA)
    }
  }

  /// The full scans, then the lookups a stack walk makes (symbol with line, frame data) at
  /// fixed addresses and at the first procedures' own addresses.
  static func pdb(_ data: Data) {
    guard let pdb = try? PDBFile(data: data) else { return }
    _ = try? pdb.allPublics()
    let procedures = (try? pdb.allProcedures()) ?? []
    _ = try? pdb.publicSymbol(atOrBelow: 0x1000)
    let fixed: [UInt32] = [0, 0x1000, 0x1135, 0x11AA, 0x1250, 0xFFFF_FFFF]
    for rva in fixed + procedures.prefix(8).map(\.rva) {
      _ = pdb.symbol(at: rva)
      _ = pdb.x86FrameData(at: rva)
    }
  }

  static func sym(_ data: Data) {
    guard let file = try? BreakpadSymbolFile(data: data) else { return }
    for rva: UInt32 in [0, 0x10, 0x1000, 0x1234, 0xFFFF_FFFF] {
      _ = file.symbol(at: rva)
      _ = file.x86FrameData(at: rva)
      _ = file.cfiRules(at: rva)
      _ = file.symbol(at: rva)?.name
    }
  }

  static func rules(_ data: Data) {
    _ = try? RuleLoader.parse(String(decoding: data, as: UTF8.self), file: "fuzz-rule.yml")
  }
}
