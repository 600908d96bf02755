import BinaryReading
import DumpFormats

/// Where each physical page of a full, kernel or bitmap dump is stored in the file.
///
/// Both layouts become sorted page runs, so a physical address maps to a file offset by binary
/// search (O(log runs)) without touching the pages:
/// - run-based (DumpType 1): PHYSICAL_MEMORY_DESCRIPTOR runs in the header, pages back to back
///   from the end of the header (formats.md §1.5);
/// - bitmap (DumpType 5, 6, and 2 in the old summary layout): one bit per page frame; the n-th
///   set bit is stored at `FirstPage + n × 0x1000` (formats.md §1.6).
public struct PhysicalMemoryLayout: Hashable, Sendable {
  /// How the pages are described.
  public enum Kind: String, Hashable, Sendable {
    /// PHYSICAL_MEMORY_DESCRIPTOR runs.
    case runs
    /// A page bitmap (`SDMP`/`FDMP` sub-header).
    case bitmap
    /// `RDMP` page-frame ranges (DumpType 8, 9, 0xA; kdmp-parser's layout).
    case ranges
  }

  /// A run of consecutive physical pages stored consecutively in the file.
  public struct Run: Hashable, Sendable {
    /// First page frame number.
    public var basePage: UInt64
    /// Number of pages.
    public var pageCount: UInt64
    /// File offset of the first page.
    public var fileOffset: UInt64
  }

  /// The page size of every supported dump.
  public static let pageSize: UInt64 = 0x1000
  /// The most runs a 64-bit descriptor can hold in its 700-byte buffer (43 counting padding).
  public static let maxRuns64 = 43
  /// The most runs a 32-bit descriptor can hold.
  public static let maxRuns32 = 86

  /// The layout kind.
  public var kind: Kind
  /// Runs sorted by base page.
  public var runs: [Run]
  /// File offset of the first stored page.
  public var firstPageOffset: UInt64
  /// Pages the dump says it stores.
  public var pageCount: UInt64
  /// Pages whose bytes are actually in the file.
  public var pagesInFile: UInt64

  /// The file offset of physical `address`, or `nil` when that page is not stored or lies past
  /// the end of the file.
  public func fileOffset(ofPhysical address: UInt64) -> UInt64? {
    let page = address / Self.pageSize
    var low = 0
    var high = runs.count
    while low < high {
      let mid = (low + high) / 2
      if runs[mid].basePage <= page { low = mid + 1 } else { high = mid }
    }
    guard low > 0 else { return nil }
    let run = runs[low - 1]
    let index = page - run.basePage
    guard index < run.pageCount else { return nil }
    // Overflow-checked: fileOffset + index × pageSize + (address % pageSize).
    guard let pageOffset = index.checkedMultiplying(by: Self.pageSize),
      let start = run.fileOffset.checkedAdding(pageOffset)
    else { return nil }
    return start.checkedAdding(address % Self.pageSize)
  }

  /// Reads the run descriptor at the header's PhysicalMemoryBlock.
  ///
  /// - Throws: ``ReadError`` when the descriptor is `PAGE`-filled, has too many runs, or its
  ///   page count overflows.
  public init(runsFrom reader: ByteReader, header: KernelDumpHeader) throws(ReadError) {
    let block = header.physicalMemoryBlockOffset
    let is64 = header.is64Bit
    let runCount = try reader.read(UInt32.self, at: block, "PhysicalMemoryBlock.NumberOfRuns")
    let pages: UInt64 =
      is64
      ? try reader.read(UInt64.self, at: block + 8, "PhysicalMemoryBlock.NumberOfPages")
      : UInt64(try reader.read(UInt32.self, at: block + 4, "PhysicalMemoryBlock.NumberOfPages"))
    guard runCount != KernelDumpHeader.absent32, pages != KernelDumpHeader.absent64,
      pages != UInt64(KernelDumpHeader.absent32)
    else {
      throw ReadError(
        code: .invalidValue, offset: UInt64(block), context: "PhysicalMemoryBlock",
        detail: "the descriptor is PAGE-filled (absent)")
    }
    let limit = is64 ? Self.maxRuns64 : Self.maxRuns32
    guard Int(runCount) <= limit else {
      throw ReadError(
        code: .limitExceeded, offset: UInt64(block), context: "PhysicalMemoryBlock.NumberOfRuns",
        detail: "\(runCount) runs exceed the \(limit) that fit in the header")
    }
    var runs: [Run] = []
    var next = UInt64(header.headerSize)
    var total: UInt64 = 0
    for index in 0..<Int(runCount) {
      let base: UInt64
      let count: UInt64
      if is64 {
        base = try reader.read(UInt64.self, at: block + 0x10 + 16 * index, "Run[\(index)].BasePage")
        count = try reader.read(
          UInt64.self, at: block + 0x18 + 16 * index, "Run[\(index)].PageCount")
      } else {
        base = UInt64(
          try reader.read(UInt32.self, at: block + 8 + 8 * index, "Run[\(index)].BasePage"))
        count = UInt64(
          try reader.read(UInt32.self, at: block + 12 + 8 * index, "Run[\(index)].PageCount"))
      }
      guard let bytes = count.checkedMultiplying(by: Self.pageSize),
        let after = next.checkedAdding(bytes), let sum = total.checkedAdding(count),
        base.checkedAdding(count) != nil
      else {
        throw ReadError(
          code: .invalidValue, offset: UInt64(block), context: "Run[\(index)]",
          detail: "page count overflows")
      }
      if count > 0 { runs.append(Run(basePage: base, pageCount: count, fileOffset: next)) }
      next = after
      total = sum
    }
    self.kind = .runs
    self.runs = runs.sorted { $0.basePage < $1.basePage }
    self.firstPageOffset = UInt64(header.headerSize)
    self.pageCount = total
    self.pagesInFile = Self.pagesPresent(runs: runs, fileSize: UInt64(reader.count))
    _ = pages
  }

  /// Reads a bitmap sub-header (`SDMP`/`FDMP`) that follows the kernel header.
  ///
  /// - Throws: ``ReadError`` when the signature is wrong or the bitmap does not fit in the file.
  public init(bitmapFrom reader: ByteReader, header: KernelDumpHeader) throws(ReadError) {
    let base = header.headerSize
    let signature = try reader.read(UInt32.self, at: base, "BITMAP_DUMP.Signature")
    let valid = try reader.read(UInt32.self, at: base + 4, "BITMAP_DUMP.ValidDump")
    guard signature == 0x504D_4453 || signature == 0x504D_4446, valid == 0x504D_5544 else {
      throw ReadError(
        code: .invalidValue, offset: UInt64(base), context: "BITMAP_DUMP.Signature",
        detail: "not SDMP/FDMP followed by DUMP")
    }
    let fileSize = UInt64(reader.count)
    // Modern layout: u64 FirstPage @0x20, present pages @0x28, bits @0x30, bitmap @0x38.
    // Old summary layout: u32 HeaderSize @0xC, BitmapSize @0x10, Pages @0x14, bitmap @0x20/0x28.
    var firstPage = try reader.read(UInt64.self, at: base + 0x20, "BITMAP_DUMP.FirstPage")
    var present = try reader.read(UInt64.self, at: base + 0x28, "BITMAP_DUMP.TotalPresentPages")
    var bits = try reader.read(UInt64.self, at: base + 0x30, "BITMAP_DUMP.Pages")
    var bitmapOffset = base + 0x38
    if firstPage < UInt64(base) || firstPage >= max(fileSize, UInt64(base) + 1) {
      firstPage = UInt64(try reader.read(UInt32.self, at: base + 0xC, "SUMMARY_DUMP.HeaderSize"))
      bits = UInt64(try reader.read(UInt32.self, at: base + 0x10, "SUMMARY_DUMP.BitmapSize"))
      present = UInt64(try reader.read(UInt32.self, at: base + 0x14, "SUMMARY_DUMP.Pages"))
      bitmapOffset = base + (header.is64Bit ? 0x28 : 0x20)
    }
    let byteCount = bits / 8 + (bits % 8 == 0 ? 0 : 1)
    let bitmap = try reader.slice(at: UInt64(bitmapOffset), count: byteCount, "BITMAP_DUMP.Bitmap")
    guard firstPage >= UInt64(bitmapOffset) + byteCount else {
      throw ReadError(
        code: .invalidValue, offset: UInt64(base + 0x20), context: "BITMAP_DUMP.FirstPage",
        detail: "the first page (0x\(String(firstPage, radix: 16))) overlaps the bitmap")
    }
    var runs: [Run] = []
    var setBefore: UInt64 = 0
    var runStart: UInt64?
    var pfn: UInt64 = 0
    func close(at end: UInt64) {
      guard let start = runStart else { return }
      runs.append(Self.run(start, end, setBefore, firstPage))
      setBefore += end - start
      runStart = nil
    }
    for byte in bitmap.windowBytes {
      if byte == 0 || byte == 0xFF, pfn + 8 <= bits {
        // A whole byte clear or set: close or extend the current run in one step.
        if byte == 0 { close(at: pfn) } else if runStart == nil { runStart = pfn }
        pfn += 8
        continue
      }
      for bit in 0..<8 where pfn < bits {
        if byte & (1 << UInt8(bit)) != 0 {
          if runStart == nil { runStart = pfn }
        } else {
          close(at: pfn)
        }
        pfn += 1
      }
    }
    close(at: pfn)
    self.kind = .bitmap
    self.runs = runs
    self.firstPageOffset = firstPage
    let total = runs.reduce(0) { $0 + $1.pageCount }
    self.pageCount = total
    self.pagesInFile = Self.pagesPresent(runs: runs, fileSize: fileSize)
    _ = present
  }

  /// Reads an `RDMP` sub-header (DumpType 8, 9, 0xA): PFN ranges whose pages follow each other
  /// from `FirstPageOffset` (formats.md §1.7).
  ///
  /// - Throws: ``ReadError`` when the sub-header is not `RDMP` or its offsets do not fit.
  public init(rangesFrom reader: ByteReader, header: KernelDumpHeader) throws(ReadError) {
    let base = header.headerSize
    let marker = try reader.read(UInt32.self, at: base, "RDMP.Marker")
    let signature = try reader.read(UInt32.self, at: base + 4, "RDMP.Signature")
    let valid = try reader.read(UInt32.self, at: base + 8, "RDMP.ValidDump")
    guard marker == 0x40, signature == 0x504D_4452, valid == 0x504D_5544 else {
      throw ReadError(
        code: .invalidValue, offset: UInt64(base), context: "RDMP.Signature",
        detail: "not 0x40, RDMP, DUMP")
    }
    let firstPage = try reader.read(UInt64.self, at: base + 0x18, "RDMP.FirstPageOffset")
    let isComplete = header.dumpType == .complete
    let announced: UInt64? =
      isComplete ? try reader.read(UInt64.self, at: base + 0x28, "RDMP.TotalNumberOfPages") : nil
    let rangesStart = UInt64(base + 0x30)
    guard firstPage >= rangesStart else {
      throw ReadError(
        code: .invalidValue, offset: UInt64(base + 0x18), context: "RDMP.FirstPageOffset",
        detail: "0x\(String(firstPage, radix: 16)) is before the range list")
    }
    let slots = Int(
      min((firstPage - rangesStart) / 16, UInt64(max(0, reader.count - Int(rangesStart)) / 16)))
    var runs: [Run] = []
    var next = firstPage
    var total: UInt64 = 0
    for index in 0..<slots {
      let at = Int(rangesStart) + 16 * index
      let pfn = try reader.read(UInt64.self, at: at, "RDMP.Range[\(index)].PageFileNumber")
      var count = try reader.read(UInt64.self, at: at + 8, "RDMP.Range[\(index)].NumberOfPages")
      if pfn == 0 { break }
      if let announced {
        guard total < announced else { break }
        count = min(count, announced - total)
      }
      guard let bytes = count.checkedMultiplying(by: Self.pageSize),
        let after = next.checkedAdding(bytes), let sum = total.checkedAdding(count),
        pfn.checkedAdding(count) != nil
      else {
        throw ReadError(
          code: .invalidValue, offset: UInt64(at), context: "RDMP.Range[\(index)]",
          detail: "page count overflows")
      }
      if count > 0 { runs.append(Run(basePage: pfn, pageCount: count, fileOffset: next)) }
      next = after
      total = sum
    }
    self.kind = .ranges
    self.runs = runs.sorted { $0.basePage < $1.basePage }
    self.firstPageOffset = firstPage
    self.pageCount = total
    self.pagesInFile = Self.pagesPresent(runs: runs, fileSize: UInt64(reader.count))
  }

  private static func run(_ start: UInt64, _ end: UInt64, _ before: UInt64, _ first: UInt64) -> Run
  {
    Run(basePage: start, pageCount: end - start, fileOffset: first + before * pageSize)
  }

  private static func pagesPresent(runs: [Run], fileSize: UInt64) -> UInt64 {
    var count: UInt64 = 0
    for run in runs where run.fileOffset < fileSize {
      count += min(run.pageCount, (fileSize - run.fileOffset) / pageSize)
    }
    return count
  }

  /// The file size the layout needs (offset one past the last stored page).
  public var requiredFileSize: UInt64 {
    runs.map { $0.fileOffset &+ $0.pageCount &* Self.pageSize }.max() ?? firstPageOffset
  }
}
