import DumpFormats
import Foundation
import PDBSymbols
import PEImageParsing
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens a ~30 MB PDB and resolves 100 addresses; prints time and peak memory.
///
/// Off by default (building the PDB takes minutes): set `DUMPTRIAGE_BENCH_PDB_DIR` to a
/// directory made by `Fixtures/bench/make-big-pdb.sh` (it holds `big.sys` and `big.pdb`), and
/// run this suite alone so the peak-RSS figure is this test's own.
@Suite struct PDBBenchmarkTests {
  static let directory = ProcessInfo.processInfo.environment["DUMPTRIAGE_BENCH_PDB_DIR"]

  static func peakRSSKiB() -> Int {
    var usage = rusage()
    #if canImport(Darwin)
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss) / 1024
    #else
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss)
    #endif
  }

  @Test(.enabled(if: directory != nil)) func openAndResolve100Addresses() throws {
    let directory = try #require(Self.directory)
    let image = try PEImage.open(path: directory + "/big.sys")
    let functions = image.runtimeFunctions
    #expect(functions.count > 1000)
    let step = max(1, functions.count / 100)
    let addresses = stride(from: 0, to: functions.count, by: step).prefix(100).map {
      functions[$0].beginRVA + (functions[$0].endRVA - functions[$0].beginRVA) / 2
    }
    let rssBefore = Self.peakRSSKiB()
    let clock = ContinuousClock()
    var pdb: PDBFile?
    let openTime = try clock.measure { pdb = try PDBFile.open(path: directory + "/big.pdb") }
    let file = try #require(pdb)
    var resolved = 0
    let lookupTime = clock.measure {
      for rva in addresses {
        if let symbol = file.symbol(at: rva), !symbol.isPublic, symbol.name.hasPrefix("F") {
          resolved += 1
        }
      }
    }
    let rssAfter = Self.peakRSSKiB()
    let size =
      (try FileManager.default.attributesOfItem(atPath: directory + "/big.pdb")[.size]
      as? NSNumber)?.intValue ?? 0
    print(
      "PDB benchmark: \(size) bytes, \(file.modules.count) modules, open \(openTime), "
        + "100 lookups \(lookupTime), peak RSS \(rssBefore) KiB before → \(rssAfter) KiB after")
    #expect(resolved == addresses.count)
  }
}
