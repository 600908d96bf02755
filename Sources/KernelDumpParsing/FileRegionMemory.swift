import BinaryReading
import DumpFormats
import Foundation

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
  /// The segment index, built on first use (a dump that is only inspected never pays for it).
  private let cache = IndexCache()

  /// Creates memory over the whole file in `reader`.
  ///
  /// Regions that leave the file are dropped.
  public init(reader: ByteReader, regions: [Region]) {
    self.reader = reader
    self.regions = regions.filter { region in
      region.size > 0 && region.fileOffset >= 0
        && UInt64(region.fileOffset) <= UInt64(reader.count)
        && region.size <= UInt64(reader.count - region.fileOffset)
        && region.address.checkedAdding(region.size) != nil
    }
  }

  private var index: SegmentIndex { cache.get { SegmentIndex(regions) } }

  /// Reads from the first region (in priority order) that holds the whole range, without
  /// building the index: for the one or two lookups made while parsing.
  func firstMatchBytes(at address: UInt64, count: Int) -> [UInt8]? {
    guard count >= 0, let end = address.checkedAdding(UInt64(count)) else { return nil }
    for region in regions where address >= region.address && end <= region.address + region.size {
      let start = region.fileOffset + Int(address - region.address)
      return try? reader.byteArray(at: start, count: count, "memory")
    }
    return nil
  }

  /// The region (in priority order) holding `[address, address + count)`, if any.
  public func region(containing address: UInt64, count: Int = 1) -> Region? {
    guard count >= 0, let end = address.checkedAdding(UInt64(count)),
      let segment = index.segment(containing: address), end <= index.ends[segment]
    else { return nil }
    return regions[index.owners[segment]]
  }

  public func bytes(at address: UInt64, count: Int) -> [UInt8]? {
    guard count >= 0, address.checkedAdding(UInt64(count)) != nil else { return nil }
    let index = self.index
    var result: [UInt8] = []
    var cursor = address
    var remaining = count
    // A read may span adjacent segments (a stack read running into a data block).
    while remaining > 0 {
      guard let segment = index.segment(containing: cursor) else { return nil }
      let region = regions[index.owners[segment]]
      let available = index.ends[segment] - cursor
      let take = Int(min(UInt64(remaining), available))
      let start = region.fileOffset + Int(cursor - region.address)
      guard let chunk = try? reader.byteArray(at: start, count: take, "memory") else { return nil }
      if take == count { return chunk }
      result += chunk
      cursor += UInt64(take)
      remaining -= take
    }
    return result
  }
}

/// Disjoint segments in address order: each byte maps to the highest-priority region.
struct SegmentIndex: Sendable {
  var starts: [UInt64] = []
  var ends: [UInt64] = []
  var owners: [Int] = []

  init(_ regions: [FileRegionMemory.Region]) {
    // Sweep the region boundaries; between two boundaries the covering region with the lowest
    // index (highest priority) wins.
    var points: [UInt64] = []
    points.reserveCapacity(2 * regions.count)
    for region in regions {
      points.append(region.address)
      points.append(region.address + region.size)
    }
    let pointOrder = sortedIndices(by: points)
    let byStart = sortedIndices(by: regions.map(\.address))
    var active: [Int] = []  // region indices covering the current interval, kept sorted
    var next = 0
    var previous: UInt64?
    for (position, pointIndex) in pointOrder.enumerated() where position + 1 < pointOrder.count {
      let point = points[pointIndex]
      if previous == point { continue }
      previous = point
      var end = point
      var look = position + 1
      while look < pointOrder.count {
        if points[pointOrder[look]] > point {
          end = points[pointOrder[look]]
          break
        }
        look += 1
      }
      guard end > point else { continue }
      var kept = 0
      for index in active where regions[index].address + regions[index].size > point {
        active[kept] = index
        kept += 1
      }
      active.removeLast(active.count - kept)
      while next < byStart.count, regions[byStart[next]].address <= point {
        let index = byStart[next]
        var slot = active.count
        while slot > 0, active[slot - 1] > index { slot -= 1 }
        active.insert(index, at: slot)
        next += 1
      }
      guard let owner = active.first else { continue }
      if let last = owners.last, last == owner, ends.last == point {
        ends[ends.count - 1] = end
      } else {
        starts.append(point)
        ends.append(end)
        owners.append(owner)
      }
    }
  }

  func segment(containing address: UInt64) -> Int? {
    var low = 0
    var high = starts.count
    while low < high {
      let mid = (low + high) / 2
      if starts[mid] <= address { low = mid + 1 } else { high = mid }
    }
    guard low > 0, address < ends[low - 1] else { return nil }
    return low - 1
  }
}

/// Builds the segment index once, on first use, safely across threads.
private final class IndexCache: @unchecked Sendable {
  private let lock = NSLock()
  private var index: SegmentIndex?

  func get(_ build: () -> SegmentIndex) -> SegmentIndex {
    lock.lock()
    defer { lock.unlock() }
    if let index { return index }
    let made = build()
    index = made
    return made
  }
}
