import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SymStore directory layout and how to search it.
///
/// Single tier: `<store>/<file>/<key>/<file>`; two tier (when `index2.txt` exists):
/// `<store>/<fi>/<file>/<key>/<file>`; with `file.ptr` redirects and `_`-compressed cabinets.
/// Names and keys match case-insensitively, as on the
/// Windows shares and HTTP servers the layout comes from.
public enum StoreLayout {
  /// A file found in a key directory.
  public struct Candidate: Hashable, Sendable {
    /// What the file is.
    public enum Kind: Hashable, Sendable {
      /// The file itself.
      case file
      /// `file.ptr`: a text file naming the real path.
      case pointer
      /// `name.xx_`: a cabinet holding the file.
      case compressed
    }
    /// Its path.
    public var path: String
    /// Its kind.
    public var kind: Kind
  }

  /// Limit on directory entries scanned for case-insensitive matches.
  static let maxScan = 100_000

  /// The child of `parent` named `name`, matched case-insensitively.
  static func child(_ parent: String, _ name: String) -> String? {
    let exact = parent + "/" + name
    if FileManager.default.fileExists(atPath: exact) { return exact }
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else {
      return nil
    }
    for entry in entries.prefix(maxScan)
    where entry.caseInsensitiveCompare(name) == .orderedSame {
      return parent + "/" + entry
    }
    return nil
  }

  /// The compressed form of a file name: the last character replaced by `_`.
  public static func compressedName(_ name: String) -> String {
    String(name.dropLast()) + "_"
  }

  /// The key directories for `file`/`key` under `store` (single and two tier).
  public static func keyDirectories(in store: String, file: String, key: String) -> [String] {
    var roots = [store]
    if FileManager.default.fileExists(atPath: store + "/index2.txt"), file.count >= 2,
      let tier = child(store, String(file.prefix(2)))
    {
      roots.insert(tier, at: 0)
    }
    return roots.compactMap { root in
      guard let fileDirectory = child(root, file) else { return nil }
      return child(fileDirectory, key)
    }
  }

  /// Candidate files for `leaf` in the key directories: the file, `file.ptr`, then the
  /// compressed cabinet.
  public static func candidates(in store: String, file: String, key: String, leaf: String)
    -> [Candidate]
  {
    guard isSafeComponent(file), isSafeComponent(key), isSafeComponent(leaf) else { return [] }
    var result: [Candidate] = []
    for directory in keyDirectories(in: store, file: file, key: key) {
      if let path = child(directory, leaf) { result.append(Candidate(path: path, kind: .file)) }
      if let path = child(directory, "file.ptr") {
        result.append(Candidate(path: path, kind: .pointer))
      }
      if let path = child(directory, compressedName(leaf)) {
        result.append(Candidate(path: path, kind: .compressed))
      }
    }
    return result
  }

  /// Whether a name is usable as one path component (no separators, no `..`, no NUL).
  public static func isSafeComponent(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
      && !name.contains("\0") && name.utf8.count <= 255
  }

  /// The target of a `file.ptr` (`PATH:` prefix optional), or `nil` for `MSG:` and bad files.
  public static func readPointer(_ path: String) -> String? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let size = attributes[.size] as? NSNumber, size.intValue <= 4096,
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    var text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    if text.uppercased().hasPrefix("MSG:") { return nil }
    if text.uppercased().hasPrefix("PATH:") { text = String(text.dropFirst(5)) }
    guard !text.isEmpty, !text.contains("\0") else { return nil }
    return text.replacingOccurrences(of: "\\", with: "/")
  }

  /// Sets a file's modification time to now (a cache hit, for least-recently-used trimming).
  static func touch(_ path: String) {
    _ = utimes(path, nil)
  }

  /// Writes `data` to `path` through a temporary file and a rename, creating directories.
  @discardableResult
  public static func writeAtomically(_ data: Data, to path: String) -> Bool {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let temporary = directory.appendingPathComponent(
        ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
      try data.write(to: temporary)
      // rename(2) replaces the target atomically: readers see the old file or the new one.
      guard rename(temporary.path, path) == 0 else {
        try? FileManager.default.removeItem(at: temporary)
        return false
      }
      return true
    } catch {
      return false
    }
  }
}

/// Fetches store entries from an HTTP(S) symbol server.
public protocol RemoteSymbolSource: Sendable {
  /// Downloads `<server>/<file>/<key>/<leaf>` (or its compressed form / `file.ptr`) into
  /// `<directory>/<file>/<key>/<leaf>`, accepting it only when `verify` passes.
  ///
  /// - Returns: The local path, or `nil` when not found or not valid.
  func fetch(
    server: String, file: String, key: String, leaf: String, into directory: String,
    decompressor: (@Sendable (Data) throws -> Data)?, verify: (String) -> Bool
  ) -> String?
}
