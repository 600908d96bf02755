import BinaryReading
import DumpFormats

/// Virtual memory made of file ranges mapped at virtual addresses, without copying the bytes.
///
/// A triage dump's stack window, data page and data blocks (formats.md §2.12). Earlier regions
/// win where regions overlap, so the captured stack is preferred to data blocks.
public struct FileRegionMemory: VirtualMemory {
  /// One mapped range.
  public struct Region: Hashable, Sendable {
    /// Virtual address of the first byte.
    public var address: UInt64
    /// Length in bytes.
    public var size: UInt64
    /// File offset of the first byte.
    public var fileOffset: Int
    /// What the region is (`stack`, `data block 3`), for diagnostics.
    public var label: String
  }

  /// The regions, in priority order.
  public let regions: [Region]
  private let reader: ByteReader
  /// Region indices sorted by address, for binary search.
  private let sorted: [Int]
  /// The largest region size, bounding how far back a search must look.
  private let maxSize: UInt64

  /// Creates memory over `reader` (the whole file). Regions that leave the file are dropped.
  public init(reader: ByteReader, regions: [Region]) {
    self.reader = reader
    let valid = regions.filter { region in
      region.size > 0 && region.fileOffset >= 0
        && UInt64(region.fileOffset) <= UInt64(reader.count)
        && region.size <= UInt64(reader.count - region.fileOffset)
        && region.address.checkedAdding(region.size) != nil
    }
    self.regions = valid
    self.sorted = valid.indices.sorted {
      (valid[$0].address, $0) < (valid[$1].address, $1)
    }
    self.maxSize = valid.map(\.size).max() ?? 0
  }

  /// The region (in priority order) holding `[address, address + count)`, if any.
  public func region(containing address: UInt64, count: Int = 1) -> Region? {
    guard count >= 0, let end = address.checkedAdding(UInt64(count)) else { return nil }
    // Binary search for the first region starting after `address`.
    var low = 0
    var high = sorted.count
    while low < high {
      let mid = (low + high) / 2
      if regions[sorted[mid]].address <= address { low = mid + 1 } else { high = mid }
    }
    var best: Int?
    var index = low - 1
    while index >= 0 {
      let candidate = sorted[index]
      let region = regions[candidate]
      if address - region.address >= maxSize { break }
      if end <= region.address + region.size, best.map({ candidate < $0 }) ?? true {
        best = candidate
      }
      index -= 1
    }
    return best.map { regions[$0] }
  }

  public func bytes(at address: UInt64, count: Int) -> [UInt8]? {
    guard let region = region(containing: address, count: count) else { return nil }
    let start = region.fileOffset + Int(address - region.address)
    return try? reader.byteArray(at: start, count: count, "memory")
  }
}
