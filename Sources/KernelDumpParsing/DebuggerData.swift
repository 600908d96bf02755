import BinaryReading

/// The fields dumptriage uses from `KDDEBUGGER_DATA64` (the "KDBG" block, WDBGEXTS.H).
///
/// The same 64-bit layout is used by 32-bit kernels, with pointers sign-extended. Fields beyond
/// the block's `Size` are `nil`: older kernels write shorter blocks.
public struct DebuggerData: Hashable, Sendable {
  /// `OwnerTag`: 'KDBG' when the block is decoded.
  public var ownerTag: UInt32
  /// `Size`: bytes of the whole block.
  public var size: UInt32
  /// `KernBase`: the kernel's load address.
  public var kernBase: UInt64?
  /// `PsLoadedModuleList`.
  public var psLoadedModuleList: UInt64?
  /// `PsActiveProcessHead`.
  public var psActiveProcessHead: UInt64?
  /// `MmPfnDatabase`.
  public var mmPfnDatabase: UInt64?
  /// `MmSystemRangeStart`: user/kernel split.
  public var mmSystemRangeStart: UInt64?
  /// `NtBuildLab`: VA of the build-lab string.
  public var ntBuildLab: UInt64?
  /// `KiProcessorBlock`: VA of the KPRCB pointer array.
  public var kiProcessorBlock: UInt64?
  /// `CmNtCSDVersion`: VA of the service pack value.
  public var cmNtCSDVersion: UInt64?
  /// `PaeEnabled` bit of the flags word at +0x36.
  public var paeEnabled: Bool?
  /// `PagingLevels` (bits 2–5 of the flags word at +0x36): 5 means five-level x64 paging.
  public var pagingLevels: UInt16?
  /// `SizeEProcess`.
  public var sizeEProcess: UInt16?
  /// `SizePrcb`.
  public var sizePrcb: UInt16?
  /// `SizeEThread`.
  public var sizeEThread: UInt16?
  /// `OffsetPrcbCurrentThread`.
  public var offsetPrcbCurrentThread: UInt16?
  /// `OffsetPrcbProcStateContext`: CONTEXT embedded in KPRCB.ProcessorState.
  public var offsetPrcbProcStateContext: UInt16?
  /// `OffsetPrcbContext`: offset in the KPRCB of a pointer to the bug check CONTEXT.
  public var offsetPrcbContext: UInt16?
  /// `OffsetKThreadInitialStack`.
  public var offsetKThreadInitialStack: UInt16?
  /// `OffsetKThreadStackLimit` / `OffsetKThreadStackBase`.
  public var offsetKThreadStackLimit: UInt32?
  /// `OffsetKThreadStackBase`.
  public var offsetKThreadStackBase: UInt32?
  /// `PteBase`.
  public var pteBase: UInt64?
  /// `PointerAuthMask` (ARM64 PAC bits), only when `Size` ≥ 0x398.
  public var pointerAuthMask: UInt64?

  /// 'KDBG' as a little-endian u32.
  public static let tag: UInt32 = 0x4742_444B

  /// Whether the block reads as decoded (`OwnerTag` = 'KDBG').
  public var isDecoded: Bool { ownerTag == Self.tag }

  /// Parses a block from `reader` (which holds the block, at least 0x18 bytes).
  ///
  /// - Throws: ``ReadError`` when the 0x18-byte header is missing.
  public init(parsing reader: ByteReader) throws(ReadError) {
    ownerTag = try reader.read(UInt32.self, at: 0x10, "KDDEBUGGER_DATA64.OwnerTag")
    size = try reader.read(UInt32.self, at: 0x14, "KDDEBUGGER_DATA64.Size")
    let limit = min(Int(size), reader.count)
    func u64(_ offset: Int) -> UInt64? {
      offset + 8 <= limit ? try? reader.read(UInt64.self, at: offset) : nil
    }
    func u32(_ offset: Int) -> UInt32? {
      offset + 4 <= limit ? try? reader.read(UInt32.self, at: offset) : nil
    }
    func u16(_ offset: Int) -> UInt16? {
      offset + 2 <= limit ? try? reader.read(UInt16.self, at: offset) : nil
    }
    kernBase = u64(0x18)
    paeEnabled = u16(0x36).map { $0 & 1 != 0 }
    pagingLevels = u16(0x36).map { ($0 >> 2) & 0xF }
    psLoadedModuleList = u64(0x48)
    psActiveProcessHead = u64(0x50)
    mmPfnDatabase = u64(0xC0)
    mmSystemRangeStart = u64(0x1D0)
    ntBuildLab = u64(0x208)
    kiProcessorBlock = u64(0x218)
    cmNtCSDVersion = u64(0x268)
    offsetKThreadInitialStack = u16(0x2A0)
    sizeEProcess = u16(0x2A8)
    sizePrcb = u16(0x2B0)
    offsetPrcbCurrentThread = u16(0x2B4)
    offsetPrcbProcStateContext = u16(0x2BC)
    sizeEThread = u16(0x2C0)
    offsetPrcbContext = u16(0x338)
    offsetKThreadStackLimit = u32(0x340)
    offsetKThreadStackBase = u32(0x344)
    pteBase = u64(0x360)
    pointerAuthMask = limit >= 0x398 ? u64(0x390) : nil
  }
}
