import Foundation

extension SymbolStore {
  /// Builds the store a triage run uses.
  ///
  /// The search path is, in order: `--symbol-path`, `_NT_SYMBOL_PATH`, `_NT_ALT_SYMBOL_PATH`,
  /// then the default store (`Symbols/` of the repository, or `defaultStore`). When an element
  /// names an HTTP(S) server, an ``HTTPSymbolServer`` is attached (unless `offline`), with its
  /// negative cache under the default cache directory.
  ///
  /// - Parameters:
  ///   - symbolPath: The `--symbol-path` value, if given.
  ///   - defaultStore: The default local store (`nil`: none).
  ///   - offline: Use only local stores and caches.
  ///   - options: HTTP tunables (timeouts, retries, concurrency).
  ///   - environment: The process environment.
  ///   - decompressor: The cabinet decoder for `_`-compressed entries.
  /// - Returns: The configured store.
  public static func configured(
    symbolPath: String?, defaultStore: String? = "Symbols", offline: Bool = false,
    options: HTTPSymbolServer.Options = HTTPSymbolServer.Options(),
    environment: [String: String] = ProcessInfo.processInfo.environment,
    decompressor: (@Sendable (Data) throws -> Data)? = SymbolStore.decodeCabinet
  ) -> SymbolStore {
    let cache = SymbolPath.defaultCacheDirectory(environment: environment)
    let path = SymbolPath.combined(
      [
        symbolPath, environment["_NT_SYMBOL_PATH"], environment["_NT_ALT_SYMBOL_PATH"],
        defaultStore,
      ],
      defaultCache: cache)
    var remote: HTTPSymbolServer?
    if path.chains.contains(where: { $0.url != nil }) {
      var tuned = options
      tuned.offline = offline || options.offline
      if tuned.negativeCacheDirectory == nil { tuned.negativeCacheDirectory = cache + "/.negative" }
      remote = HTTPSymbolServer(options: tuned)
    }
    return SymbolStore(path: path, decompressor: decompressor, remote: remote)
  }
}
