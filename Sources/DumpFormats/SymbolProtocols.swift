/// Shared protocols between the symbol readers (PE, PDB, Breakpad `.sym`, symbol store) and the
/// stack walker. They live in the lowest module, like rust-minidump's `traits.rs`, so neither
/// side imports the other.

/// One entry of a PE image's exception directory (`.pdata`).
///
/// x64: `IMAGE_RUNTIME_FUNCTION_ENTRY` {BeginAddress, EndAddress, UnwindInfoAddress}.
/// ARM64/ARM32: {BeginAddress, UnwindData}; `unwindData` holds either the RVA of the `.xdata`
/// record or a packed unwind word (low two bits `Flag` != 0), and `endRVA` is derived from the
/// function length where the format gives one.
public struct RuntimeFunction: Hashable, Sendable {
  /// RVA of the first instruction.
  public var beginRVA: UInt32
  /// RVA one past the last instruction (0 when unknown).
  public var endRVA: UInt32
  /// The unwind data: x64 RVA of UNWIND_INFO; ARM RVA of `.xdata` or the packed word.
  public var unwindData: UInt32

  /// Creates an entry.
  public init(beginRVA: UInt32, endRVA: UInt32, unwindData: UInt32) {
    self.beginRVA = beginRVA
    self.endRVA = endRVA
    self.unwindData = unwindData
  }
}

/// A loaded or on-disk PE image the stack walker can read unwind data and code from.
public protocol ExecutableImage: Sendable {
  /// The image's machine.
  var architecture: CPUArchitecture { get }
  /// `SizeOfImage` from the optional header.
  var sizeOfImage: UInt32 { get }
  /// The `.pdata` entry whose range holds `rva`, if any.
  func runtimeFunction(containing rva: UInt32) -> RuntimeFunction?
  /// `count` bytes of the image as mapped in memory at `rva` (section data), or `nil`.
  func bytes(atRVA rva: UInt32, count: Int) -> [UInt8]?
}

/// A function (or public symbol) that covers an address.
public struct ResolvedSymbol: Hashable, Sendable {
  /// Undecorated or decorated name as the symbol file has it.
  public var name: String
  /// RVA of the first byte.
  public var rva: UInt32
  /// Size in bytes, when known (0 for public symbols without size).
  public var size: UInt32
  /// Source file, when line information resolved the address.
  public var file: String?
  /// Source line, when known.
  public var line: UInt32?
  /// Whether this came from a public symbol (less exact: no size).
  public var isPublic: Bool

  /// Creates a resolved symbol.
  public init(
    name: String, rva: UInt32, size: UInt32 = 0, file: String? = nil, line: UInt32? = nil,
    isPublic: Bool = false
  ) {
    self.name = name
    self.rva = rva
    self.size = size
    self.file = file
    self.line = line
    self.isPublic = isPublic
  }
}

/// x86 frame data: a Breakpad `STACK WIN` record, or an FPO / new-FPO (FrameData) record from a
/// PDB.
public struct X86FrameData: Hashable, Sendable {
  /// 0 = FPO, 4 = FrameData (program string), as in `STACK WIN <type>`.
  public var type: UInt32
  /// RVA of the first byte covered.
  public var rva: UInt32
  /// Bytes covered.
  public var codeSize: UInt32
  /// Prologue size.
  public var prologSize: UInt32
  /// Epilogue size.
  public var epilogSize: UInt32
  /// Bytes of parameters.
  public var parameterSize: UInt32
  /// Bytes of saved registers.
  public var savedRegisterSize: UInt32
  /// Bytes of locals.
  public var localSize: UInt32
  /// Maximum stack size.
  public var maxStackSize: UInt32
  /// Postfix program (`$T0 .raSearch = $eip $T0 ^ = …`), for type 4.
  public var programString: String?
  /// FPO only: whether EBP is used as a general register (`allocates_base_pointer`).
  public var allocatesBasePointer: Bool

  /// Creates frame data.
  public init(
    type: UInt32, rva: UInt32, codeSize: UInt32, prologSize: UInt32 = 0, epilogSize: UInt32 = 0,
    parameterSize: UInt32 = 0, savedRegisterSize: UInt32 = 0, localSize: UInt32 = 0,
    maxStackSize: UInt32 = 0, programString: String? = nil, allocatesBasePointer: Bool = false
  ) {
    self.type = type
    self.rva = rva
    self.codeSize = codeSize
    self.prologSize = prologSize
    self.epilogSize = epilogSize
    self.parameterSize = parameterSize
    self.savedRegisterSize = savedRegisterSize
    self.localSize = localSize
    self.maxStackSize = maxStackSize
    self.programString = programString
    self.allocatesBasePointer = allocatesBasePointer
  }
}

/// Symbols for one module: names, and the unwind hints symbol files carry.
public protocol ModuleSymbols: Sendable {
  /// A description of the file used, for reports (`Symbols/netbt.pdb/…/netbt.pdb`).
  var sourceDescription: String { get }
  /// The function (or nearest public symbol) covering `rva`.
  func symbol(at rva: UInt32) -> ResolvedSymbol?
  /// x86 frame data (STACK WIN / FPO) covering `rva`.
  func x86FrameData(at rva: UInt32) -> X86FrameData?
  /// Breakpad `STACK CFI` rules in force at `rva` (INIT merged with deltas up to `rva`):
  /// register name (`.cfa`, `.ra`, `$rbp`, `rip`…) → postfix expression.
  func cfiRules(at rva: UInt32) -> [String: String]?
}

extension ModuleSymbols {
  /// Default: no frame data.
  public func x86FrameData(at rva: UInt32) -> X86FrameData? { nil }
  /// Default: no CFI.
  public func cfiRules(at rva: UInt32) -> [String: String]? { nil }
}

/// Finds symbols and images for loaded modules (the symbol store implements it).
public protocol SymbolResolver: Sendable {
  /// Symbols for `module`, or `nil` when none were found.
  func symbols(for module: LoadedModule) -> (any ModuleSymbols)?
  /// The module's image (for unwind data and code bytes), or `nil`.
  func image(for module: LoadedModule) -> (any ExecutableImage)?
}

/// A resolver that has nothing: triage without symbols.
public struct NoSymbols: SymbolResolver {
  /// Creates the empty resolver.
  public init() {}
  public func symbols(for module: LoadedModule) -> (any ModuleSymbols)? { nil }
  public func image(for module: LoadedModule) -> (any ExecutableImage)? { nil }
}
