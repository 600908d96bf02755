import DumpFormats

@testable import StackUnwinding

/// An in-test PE image: flat bytes from RVA 0 and a `.pdata` table.
struct FakeImage: ExecutableImage {
  var architecture: CPUArchitecture
  var data: [UInt8]
  var functions: [RuntimeFunction] = []

  init(architecture: CPUArchitecture, size: Int = 0x10000) {
    self.architecture = architecture
    data = Array(repeating: 0xCC, count: size)
  }

  var sizeOfImage: UInt32 { UInt32(data.count) }

  func runtimeFunction(containing rva: UInt32) -> RuntimeFunction? {
    functions.first { rva >= $0.beginRVA && rva < $0.endRVA }
  }

  func bytes(atRVA rva: UInt32, count: Int) -> [UInt8]? {
    let start = Int(rva)
    guard count >= 0, start <= data.count, count <= data.count - start else { return nil }
    return Array(data[start..<(start + count)])
  }

  mutating func write(_ bytes: [UInt8], at rva: Int) {
    for (i, byte) in bytes.enumerated() { data[rva + i] = byte }
  }

  mutating func write32(_ value: UInt32, at rva: Int) {
    write((0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }, at: rva)
  }

  /// Writes an x64 UNWIND_INFO (codes as (prolog offset, op, info) plus raw operand slots).
  mutating func writeUnwindInfo(
    at rva: Int, version: UInt8 = 1, flags: UInt8 = 0, prolog: UInt8, frameRegister: UInt8 = 0,
    frameOffset: UInt8 = 0, slots: [UInt16], chained: RuntimeFunction? = nil
  ) {
    var bytes: [UInt8] = [
      version | (flags | (chained != nil ? 4 : 0)) << 3, prolog, UInt8(slots.count),
      frameRegister | frameOffset << 4,
    ]
    for slot in slots { bytes += [UInt8(slot & 0xFF), UInt8(slot >> 8)] }
    if slots.count % 2 == 1 { bytes += [0, 0] }
    if let chained {
      for value in [chained.beginRVA, chained.endRVA, chained.unwindData] {
        bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
      }
    }
    write(bytes, at: rva)
  }
}

/// An UNWIND_CODE slot.
func code(_ offset: UInt8, _ op: UInt8, _ info: UInt8) -> UInt16 {
  UInt16(offset) | UInt16(op | info << 4) << 8
}

/// In-test symbols: functions, frame data and CFI rows.
struct FakeSymbols: ModuleSymbols {
  var functions: [ResolvedSymbol] = []
  var frameData: [X86FrameData] = []
  var cfi: [(start: UInt32, end: UInt32, rules: [String: String])] = []

  var sourceDescription: String { "test" }

  func symbol(at rva: UInt32) -> ResolvedSymbol? {
    functions.first { rva >= $0.rva && rva - $0.rva < max($0.size, 1) }
  }

  func x86FrameData(at rva: UInt32) -> X86FrameData? {
    frameData.first { rva >= $0.rva && rva - $0.rva < $0.codeSize }
  }

  func cfiRules(at rva: UInt32) -> [String: String]? {
    cfi.first { rva >= $0.start && rva < $0.end }?.rules
  }
}

/// Resolves fakes by module name.
struct FakeResolver: SymbolResolver {
  var symbolsByName: [String: FakeSymbols] = [:]
  var imagesByName: [String: FakeImage] = [:]

  func symbols(for module: LoadedModule) -> (any ModuleSymbols)? { symbolsByName[module.name] }
  func image(for module: LoadedModule) -> (any ExecutableImage)? { imagesByName[module.name] }
}

/// Builds stack memory word by word.
struct StackBuilder {
  var base: UInt64
  var wordSize: Int
  var bytes: [UInt8]

  init(base: UInt64, wordSize: Int = 8, size: Int = 0x400) {
    self.base = base
    self.wordSize = wordSize
    bytes = Array(repeating: 0, count: size)
  }

  mutating func set(_ address: UInt64, _ value: UInt64) {
    let offset = Int(address - base)
    for i in 0..<wordSize {
      bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))
    }
  }

  var memory: RegionMemory { RegionMemory([.init(address: base, bytes: bytes)]) }
}

/// An x64 context.
func amd64Context(rip: UInt64, rsp: UInt64, _ extra: [(String, UInt64)] = []) -> CPUContext {
  CPUContext(architecture: .amd64, registers: [("rip", rip), ("rsp", rsp)] + extra)
}
