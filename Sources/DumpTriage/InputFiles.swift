import BinaryReading
import DumpFormats
import Foundation

/// Expands command-line paths into the files to triage.
public enum InputFiles {
  /// Files named directly are kept as given; a directory expands to every file below it whose
  /// first bytes are a known dump or container signature, sorted by path.
  ///
  /// - Returns: The files, and errors for paths that do not exist or directories that cannot be
  ///   read.
  public static func expand(_ paths: [String], options: TriageOptions = TriageOptions()) -> (
    files: [String], errors: [TriageError]
  ) {
    var files: [String] = []
    var errors: [TriageError] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        errors.append(TriageError(file: path, code: "io", message: "no such file or directory"))
        continue
      }
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      guard let enumerator = manager.enumerator(atPath: path) else {
        errors.append(TriageError(file: path, code: "io", message: "cannot list the directory"))
        continue
      }
      var found: [String] = []
      for case let relative as String in enumerator {
        let full = (path as NSString).appendingPathComponent(relative)
        var isSub: ObjCBool = false
        guard manager.fileExists(atPath: full, isDirectory: &isSub), !isSub.boolValue,
          looksLikeDump(full)
        else { continue }
        found.append(full)
        if found.count >= options.maxDirectoryFiles { break }
      }
      files += found.sorted()
    }
    return (files, errors)
  }

  /// Whether the file's first bytes are a dump or container signature.
  public static func looksLikeDump(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    guard let head = try? handle.read(upToCount: 8), !head.isEmpty else { return false }
    if case .unknown = FileSignature(ByteReader(head)) { return false }
    return true
  }
}
