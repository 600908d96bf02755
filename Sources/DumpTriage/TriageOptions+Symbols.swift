import Foundation
import SymbolStore

extension TriageOptions {
  /// Uses a symbol store built from `--symbol-path`, `_NT_SYMBOL_PATH` / `_NT_ALT_SYMBOL_PATH`
  /// and the default local store, in that order.
  ///
  /// - Parameters:
  ///   - symbolPath: The `--symbol-path` value (`;`-separated, `srv*cache*url`, `cache*dir`…).
  ///   - offline: Use only local stores and caches, never a server.
  ///   - defaultStore: The default local store (`nil`: none).
  public mutating func useSymbolStore(symbolPath: String?, offline: Bool, defaultStore: String?) {
    symbols = SymbolStore.configured(
      symbolPath: symbolPath, defaultStore: defaultStore, offline: offline)
  }

  /// What the symbol servers did this run (one line per outcome: fetched, not found, failed…),
  /// then, when something was downloaded, trims the download caches to `cacheLimit` bytes,
  /// least recently used first, keeping the files used since `runStart`.
  ///
  /// - Returns: Lines for standard error; empty when no server is configured.
  public func finishSymbolRun(cacheLimit: Int64, runStart: Date) -> [String] {
    guard let store = symbols as? SymbolStore, let remote = store.remote as? HTTPSymbolServer
    else { return [] }
    var lines = store.downloadSummary.map { "symbols: " + $0 }
    // The cache grows only by downloads: a run that fetched nothing does not walk it.
    if !remote.options.offline, remote.summary.contains(where: { $0.outcome == .fetched }) {
      lines += store.trimDownloadCaches(maxBytes: cacheLimit, keepSince: runStart).map {
        "symbols: " + $0
      }
    }
    return lines
  }

  /// The default local store: `Symbols/` in the working directory, else the `Symbols/` of the
  /// source tree the executable was built in (`.build/<config>/dumptriage` → repository root).
  ///
  /// - Parameter executablePath: The path of the running executable.
  /// - Returns: The store's path, or `nil` when there is none.
  public static func defaultSymbolStore(executablePath: String) -> String? {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    if fileManager.fileExists(atPath: "Symbols", isDirectory: &isDirectory), isDirectory.boolValue {
      return "Symbols"
    }
    var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = folder.appendingPathComponent("Symbols")
      let manifest = folder.appendingPathComponent("Package.swift")
      if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
        isDirectory.boolValue, fileManager.fileExists(atPath: manifest.path)
      {
        return candidate.path
      }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path { break }
      folder = parent
    }
    return nil
  }
}
