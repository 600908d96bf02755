/// Read access to the virtual memory a dump carries (stack bytes, data blocks, pages).
///
/// Kernel small dumps, full dumps and minidumps each implement it over their own storage, so the
/// stack walker reads memory the same way whichever dump it walks.
public protocol VirtualMemory: Sendable {
  /// Returns `count` bytes at `address`, or `nil` when any of them is not in the dump.
  func bytes(at address: UInt64, count: Int) -> [UInt8]?
}

extension VirtualMemory {
  /// Reads a little-endian 64-bit value, or `nil` when not present.
  public func readUInt64(at address: UInt64) -> UInt64? {
    guard let raw = bytes(at: address, count: 8), raw.count == 8 else { return nil }
    var value: UInt64 = 0
    for (i, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
    return value
  }

  /// Reads a little-endian 32-bit value, or `nil` when not present.
  public func readUInt32(at address: UInt64) -> UInt32? {
    guard let raw = bytes(at: address, count: 4), raw.count == 4 else { return nil }
    var value: UInt32 = 0
    for (i, byte) in raw.enumerated() { value |= UInt32(byte) << (8 * UInt32(i)) }
    return value
  }

  /// Reads a pointer of `size` bytes (4 or 8), or `nil` when not present.
  public func readPointer(at address: UInt64, size: Int) -> UInt64? {
    size == 4 ? readUInt32(at: address).map(UInt64.init) : readUInt64(at: address)
  }
}

/// Virtual memory made of separate regions (address → bytes).
///
/// For example a stack window plus data blocks. Lookups binary-search the region starts.
public struct RegionMemory: VirtualMemory {
  /// One contiguous region.
  public struct Region: Sendable {
    /// Virtual address of the first byte.
    public var address: UInt64
    /// The bytes.
    public var bytes: [UInt8]
    /// Creates a region.
    public init(address: UInt64, bytes: [UInt8]) {
      self.address = address
      self.bytes = bytes
    }
  }

  /// The regions, sorted by address.
  public private(set) var regions: [Region]

  /// Creates memory from regions (sorted here; overlapping regions: the first wins).
  public init(_ regions: [Region]) {
    self.regions = regions.filter { !$0.bytes.isEmpty }.sorted { $0.address < $1.address }
  }

  public func bytes(at address: UInt64, count: Int) -> [UInt8]? {
    guard count >= 0 else { return nil }
    var low = 0
    var high = regions.count
    while low < high {
      let mid = (low + high) / 2
      if regions[mid].address <= address { low = mid + 1 } else { high = mid }
    }
    var index = low - 1
    while index >= 0 {
      let region = regions[index]
      let offset = address &- region.address
      if address >= region.address, offset < UInt64(region.bytes.count),
        UInt64(count) <= UInt64(region.bytes.count) - offset
      {
        let start = Int(offset)
        return Array(region.bytes[start..<(start + count)])
      }
      if index == 0
        || regions[index - 1].address &+ UInt64(regions[index - 1].bytes.count) < address
      {
        break
      }
      index -= 1
    }
    return nil
  }
}
