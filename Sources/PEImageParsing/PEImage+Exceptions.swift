import BinaryReading
import DumpFormats
import Foundation

extension PEImage {
  /// Reads the exception directory (data directory 3, `.pdata`).
  ///
  /// x64 entries are `IMAGE_RUNTIME_FUNCTION_ENTRY` {Begin, End, UnwindInfo} (12 bytes). ARM64 and
  /// ARM32 entries are {Begin, UnwindData} (8 bytes); the end is derived from the packed word or
  /// from the `.xdata` header's function length. Entries are sorted by begin RVA; the raw unwind
  /// word is kept so the stack walker can decode it.
  mutating func readRuntimeFunctions() {
    guard let directory = directory(3) else { return }
    let stride: Int
    switch architecture {
    case .amd64, .ia64: stride = 12
    case .arm64, .arm: stride = 8
    default: return
    }
    do {
      let table = try reader(atRVA: directory.rva, size: directory.size, "ExceptionDirectory")
      let count = try checkCount(
        UInt64(directory.size / UInt32(stride)), stride: stride, available: table.count,
        limit: Self.maxRuntimeFunctions, offset: table.fileOffset(of: 0),
        "ExceptionDirectory.count")
      var entries: [RuntimeFunction] = []
      entries.reserveCapacity(count)
      for index in 0..<count {
        let at = index * stride
        let begin = try table.read(UInt32.self, at: at, "RUNTIME_FUNCTION[\(index)].BeginAddress")
        if stride == 12 {
          let end = try table.read(UInt32.self, at: at + 4, "RUNTIME_FUNCTION[\(index)].EndAddress")
          let unwind = try table.read(
            UInt32.self, at: at + 8, "RUNTIME_FUNCTION[\(index)].UnwindInfoAddress")
          entries.append(RuntimeFunction(beginRVA: begin, endRVA: end, unwindData: unwind))
        } else {
          let word = try table.read(
            UInt32.self, at: at + 4, "RUNTIME_FUNCTION[\(index)].UnwindData")
          let length = armFunctionLength(unwindData: word)
          let end = length.flatMap { begin.checkedAdding($0) } ?? 0
          entries.append(RuntimeFunction(beginRVA: begin, endRVA: end, unwindData: word))
        }
      }
      if !zip(entries, entries.dropFirst()).allSatisfy({ $0.beginRVA <= $1.beginRVA }) {
        notes.append(
          Note(
            code: "pe_pdata_unsorted",
            message: "the exception directory is not sorted by BeginAddress; sorted it"))
        entries.sort { $0.beginRVA < $1.beginRVA }
      }
      runtimeFunctions = entries
    } catch {
      note("pe_exception_directory", error)
    }
  }

  /// The function length in bytes of an ARM64/ARM32 `.pdata` entry, from the packed word or the
  /// `.xdata` header.
  func armFunctionLength(unwindData word: UInt32) -> UInt32? {
    let scale: UInt32 = architecture == .arm ? 2 : 4
    if word & 3 != 0 {
      // Packed: FunctionLength is bits 2..12 (11 bits).
      return ((word >> 2) & 0x7FF) * scale
    }
    guard let header = bytes(atRVA: word, count: 4) else { return nil }
    let value = UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16
    return (value & 0x3FFFF) * scale
  }

  /// The `.pdata` entry whose range holds `rva` (binary search over ``runtimeFunctions``).
  ///
  /// When an entry's end is unknown, the next entry's begin bounds it.
  public func runtimeFunction(containing rva: UInt32) -> RuntimeFunction? {
    var low = 0
    var high = runtimeFunctions.count
    while low < high {
      let mid = (low + high) / 2
      if runtimeFunctions[mid].beginRVA <= rva { low = mid + 1 } else { high = mid }
    }
    guard low > 0 else { return nil }
    let entry = runtimeFunctions[low - 1]
    if entry.endRVA > entry.beginRVA {
      return rva < entry.endRVA ? entry : nil
    }
    if low < runtimeFunctions.count, rva >= runtimeFunctions[low].beginRVA { return nil }
    return entry
  }
}
