/// A module (driver, DLL or executable) loaded in the crashed system or process.
///
/// The common shape of a kernel dump's driver entry and a minidump's MINIDUMP_MODULE, so the
/// stack walker and the symbol store need not know which dump it came from.
public struct LoadedModule: Hashable, Sendable {
  /// File name as recorded, for example `netbt.sys` or `C:\Windows\System32\ntdll.dll`.
  public var name: String
  /// Load address.
  public var base: UInt64
  /// Size of the image in memory.
  public var size: UInt64
  /// `TimeDateStamp` of the PE header.
  public var timeDateStamp: UInt32
  /// `CheckSum` of the PE header.
  public var checksum: UInt32
  /// File version from VS_FIXEDFILEINFO, as four parts, when the dump carries it.
  public var fileVersion: [UInt16]?
  /// Product version from VS_FIXEDFILEINFO, as four parts, when the dump carries it.
  public var productVersion: [UInt16]?
  /// PDB file name from the CodeView record, when the dump carries it.
  public var debugFile: String?
  /// Debug identifier (GUID + age, upper-case hex, Breakpad style), when known.
  public var debugID: String?

  /// Creates a module.
  public init(
    name: String, base: UInt64, size: UInt64, timeDateStamp: UInt32 = 0, checksum: UInt32 = 0,
    fileVersion: [UInt16]? = nil, productVersion: [UInt16]? = nil, debugFile: String? = nil,
    debugID: String? = nil
  ) {
    self.name = name
    self.base = base
    self.size = size
    self.timeDateStamp = timeDateStamp
    self.checksum = checksum
    self.fileVersion = fileVersion
    self.productVersion = productVersion
    self.debugFile = debugFile
    self.debugID = debugID
  }

  /// The file name without directories (`\` or `/`).
  public var baseName: String {
    let parts = name.split(whereSeparator: { $0 == "\\" || $0 == "/" })
    return parts.last.map(String.init) ?? name
  }

  /// The symbol-store code id: `TIMESTAMP` (8 hex digits, upper case) + `SIZEOFIMAGE` (hex).
  public var codeID: String {
    let stamp = String(timeDateStamp, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 8 - stamp.count)) + stamp
      + String(size, radix: 16, uppercase: true)
  }

  /// Whether `address` lies inside the module (overflow-safe).
  public func contains(_ address: UInt64) -> Bool {
    address >= base && address - base < size
  }
}

/// Finds the module containing an address.
extension Array where Element == LoadedModule {
  /// The module whose range holds `address`, if any.
  public func module(containing address: UInt64) -> LoadedModule? {
    first { $0.contains(address) }
  }
}
