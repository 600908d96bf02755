import Foundation

/// A symbol search path in `_NT_SYMBOL_PATH` syntax.
///
/// Elements are separated by `;` and searched left to right:
/// - a plain directory (`C:\MySyms`, `/srv/symbols`, `\\server\share`): searched in SymStore
///   layout and flat;
/// - `srv*[cache*…]*upstream` (also `symsrv*symsrv.dll*…`): a cascade of downstream stores and
///   one upstream (a directory or an `http(s)://` URL); an empty token means the default cache;
/// - `cache*[dir]`: caches what the elements to its right find (empty = the default cache).
///
/// See "Symbol path for Windows debuggers" and "Advanced SymSrv use" in the Microsoft docs.
public struct SymbolPath: Hashable, Sendable, CustomStringConvertible {
  /// One element of the path.
  public enum Element: Hashable, Sendable {
    /// A plain directory.
    case directory(String)
    /// A symbol server chain: downstream stores (searched first, written on a hit) and the
    /// upstream store (a directory or an HTTP(S) URL).
    case server(downstream: [String], upstream: String)
    /// `cache*dir`: downstream store for every element to its right.
    case cache(String)
  }

  /// The elements, in search order.
  public var elements: [Element]
  /// The default local cache (used for empty tokens and HTTP upstreams without a downstream).
  public var defaultCache: String

  /// The default cache: `$DUMPTRIAGE_SYMBOL_CACHE`, else `$XDG_CACHE_HOME/dumptriage/symbols`,
  /// else `~/.cache/dumptriage/symbols`.
  public static func defaultCacheDirectory(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    if let explicit = environment["DUMPTRIAGE_SYMBOL_CACHE"], !explicit.isEmpty { return explicit }
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/dumptriage/symbols" }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return home + "/.cache/dumptriage/symbols"
  }

  /// Creates a path from elements.
  public init(elements: [Element], defaultCache: String = SymbolPath.defaultCacheDirectory()) {
    self.elements = elements
    self.defaultCache = defaultCache
  }

  /// Parses `_NT_SYMBOL_PATH` syntax.
  ///
  /// - Parameters:
  ///   - text: The path string.
  ///   - defaultCache: The directory empty cache tokens stand for.
  public init(parsing text: String, defaultCache: String = SymbolPath.defaultCacheDirectory()) {
    self.defaultCache = defaultCache
    var elements: [Element] = []
    for rawElement in text.split(separator: ";") {
      let element = rawElement.trimmingCharacters(in: .whitespaces)
      guard !element.isEmpty else { continue }
      let lower = element.lowercased()
      var tokens = element.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
      if lower.hasPrefix("srv*") || lower.hasPrefix("symsrv*") {
        tokens.removeFirst()
        if lower.hasPrefix("symsrv*"), !tokens.isEmpty { tokens.removeFirst() }  // symsrv.dll
        let stores = tokens.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let upstream = stores.last, !upstream.isEmpty else {
          // `srv*` alone, or a trailing `*`: the default cache is the last store.
          let downstream = stores.dropLast().map { $0.isEmpty ? defaultCache : $0 }
          if let last = downstream.last {
            elements.append(.server(downstream: Array(downstream.dropLast()), upstream: last))
          } else {
            elements.append(.directory(defaultCache))
          }
          continue
        }
        var downstream = stores.dropLast().map { $0.isEmpty ? defaultCache : $0 }
        if downstream.isEmpty, Self.isURL(upstream) { downstream = [defaultCache] }
        elements.append(.server(downstream: downstream, upstream: upstream))
      } else if lower.hasPrefix("cache*") {
        let directory = String(element.dropFirst(6)).trimmingCharacters(in: .whitespaces)
        elements.append(.cache(directory.isEmpty ? defaultCache : directory))
      } else {
        elements.append(.directory(element))
      }
    }
    self.elements = elements
  }

  /// Joins several paths (CLI `--symbol-path`, `_NT_SYMBOL_PATH`, `_NT_ALT_SYMBOL_PATH`).
  public static func combined(
    _ parts: [String?], defaultCache: String = SymbolPath.defaultCacheDirectory()
  ) -> SymbolPath {
    SymbolPath(
      parsing: parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ";"),
      defaultCache: defaultCache)
  }

  /// Whether `text` is an HTTP(S) URL.
  public static func isURL(_ text: String) -> Bool {
    let lower = text.lowercased()
    return lower.hasPrefix("http://") || lower.hasPrefix("https://")
  }

  /// The search chains after applying `cache*` elements: each chain lists the local stores to
  /// search (downstream first) and the optional upstream URL.
  public var chains: [Chain] {
    var result: [Chain] = []
    var caches: [String] = []
    for element in elements {
      switch element {
      case .cache(let directory):
        caches.append(directory)
      case .directory(let directory):
        result.append(Chain(caches: caches, local: [directory], url: nil, isPlain: true))
      case .server(let downstream, let upstream):
        if Self.isURL(upstream) {
          result.append(Chain(caches: caches, local: downstream, url: upstream, isPlain: false))
        } else {
          result.append(
            Chain(caches: caches, local: downstream + [upstream], url: nil, isPlain: false))
        }
      }
    }
    return result
  }

  /// One search chain.
  public struct Chain: Hashable, Sendable {
    /// `cache*` directories in force (searched first; downloads are written there too).
    public var caches: [String]
    /// Local stores, downstream first.
    public var local: [String]
    /// The HTTP(S) upstream, if any.
    public var url: String?
    /// Whether this came from a plain directory element (also searched flat).
    public var isPlain: Bool

    /// Every local directory to search, caches first.
    public var searchDirectories: [String] { caches + local }
    /// Where downloads are stored: the `cache*` directories and the downstream stores.
    public var writeDirectories: [String] { caches + local }
  }

  /// The path in `_NT_SYMBOL_PATH` syntax.
  public var description: String {
    elements.map { element in
      switch element {
      case .directory(let directory): directory
      case .cache(let directory): "cache*" + directory
      case .server(let downstream, let upstream):
        (["srv"] + downstream + [upstream]).joined(separator: "*")
      }
    }.joined(separator: ";")
  }
}
