import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One dump to triage in a batch.
public struct BatchInput: Hashable, Sendable {
  /// The file on disk.
  public var path: String
  /// The name shown in reports (the path as found).
  public var displayName: String
  /// The machine the dump came from, when the layout or `--machine-from` says.
  public var machine: String?

  /// Creates an input.
  public init(path: String, displayName: String? = nil, machine: String? = nil) {
    self.path = path
    self.displayName = displayName ?? path
    self.machine = machine
  }
}

/// How to name the machine a dump came from.
public enum MachineNaming: Sendable {
  /// `<machine>/Minidump/<file>` (any case), the folder Windows writes small dumps to; also
  /// `<machine>/MEMORY.DMP`.
  case layout
  /// Path component `n` of the path relative to the argument it was found under (0 = first);
  /// negative counts from the file name (-1 = file, -2 = its folder).
  case component(Int)
  /// The first capture group (or the whole match) of a regular expression over the path.
  case regex(NSRegularExpression)

  /// Parses `layout`, `component:N` (also `path-component:N`) or `regex:PATTERN`.
  ///
  /// - Throws: A message for the CLI when the text is not one of those.
  public init(parsing text: String) throws {
    if text == "layout" {
      self = .layout
      return
    }
    for prefix in ["component:", "path-component:", "component=", "path-component="]
    where text.hasPrefix(prefix) {
      guard let index = Int(text.dropFirst(prefix.count)) else { break }
      self = .component(index)
      return
    }
    if text.hasPrefix("regex:") {
      do {
        self = .regex(try NSRegularExpression(pattern: String(text.dropFirst(6))))
        return
      } catch {
        throw BatchUsageError("--machine-from regex: invalid pattern: \(error)")
      }
    }
    throw BatchUsageError(
      "--machine-from takes `layout`, `path-component:N` or `regex:PATTERN`, not `\(text)`")
  }

  /// The machine for `path`, found under the argument `root`.
  public func machine(for path: String, root: String) -> String? {
    let components = path.split(separator: "/").map(String.init)
    switch self {
    case .layout:
      if let index = components.lastIndex(where: { $0.lowercased() == "minidump" }), index > 0 {
        return components[index - 1]
      }
      if let last = components.last, last.uppercased() == "MEMORY.DMP", components.count > 1 {
        return components[components.count - 2]
      }
      return nil
    case .component(let n):
      var relative = components
      let rootComponents = root.split(separator: "/").map(String.init)
      if path != root, relative.starts(with: rootComponents) {
        relative = Array(relative.dropFirst(rootComponents.count))
      }
      let index = n >= 0 ? n : relative.count + n
      guard index >= 0, index < relative.count else { return nil }
      return relative[index]
    case .regex(let expression):
      let range = NSRange(path.startIndex..<path.endIndex, in: path)
      guard let match = expression.firstMatch(in: path, range: range) else { return nil }
      let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
      guard let found = Range(group, in: path), !found.isEmpty else { return nil }
      return String(path[found])
    }
  }
}

/// A usage problem in batch options (exit code 2).
public struct BatchUsageError: Error, CustomStringConvertible, Sendable {
  /// The message.
  public var description: String
  /// Creates an error.
  public init(_ description: String) { self.description = description }
}

/// An argument that named no dump.
public struct BatchInputProblem: Hashable, Sendable, CustomStringConvertible {
  /// The argument or path.
  public var path: String
  /// What is wrong.
  public var message: String

  /// `path: message`.
  public var description: String { "\(path): \(message)" }
}

/// Turns command-line arguments into the dumps to triage.
public enum BatchInputs {
  /// Magic numbers of files worth opening: kernel dumps, minidumps, user dumps, archives.
  static let magics: [[UInt8]] = [
    Array("PAGEDUMP".utf8), Array("PAGEDU64".utf8), Array("MDMP".utf8), Array("USERDU".utf8),
    [0x50, 0x4B, 0x03, 0x04], Array("MSCF".utf8), [0x1F, 0x8B],
  ]

  /// Whether the file starts like a dump or an archive that may hold one.
  public static func looksLikeDump(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    guard let head = try? handle.read(upToCount: 8) else { return false }
    let bytes = [UInt8](head)
    return magics.contains { bytes.starts(with: $0) }
  }

  /// Expands files, folders (recursively) and glob patterns into sorted, de-duplicated inputs.
  ///
  /// Files found in folders are kept only when their content looks like a dump; a file named
  /// on the command line is always kept (the pipeline then reports what it is).
  /// - Returns: The inputs sorted by path, and one problem per argument that matched nothing.
  public static func expand(_ arguments: [String], naming: MachineNaming = .layout)
    -> (inputs: [BatchInput], problems: [BatchInputProblem])
  {
    var found: [String: BatchInput] = [:]
    var problems: [BatchInputProblem] = []
    let manager = FileManager.default
    for argument in arguments {
      let paths = hasGlob(argument) ? glob(argument) : [argument]
      if paths.isEmpty {
        problems.append(BatchInputProblem(path: argument, message: "no file matches"))
        continue
      }
      for path in paths {
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
          problems.append(BatchInputProblem(path: path, message: "no such file or directory"))
          continue
        }
        if isDirectory.boolValue {
          let root = path.hasSuffix("/") ? String(path.dropLast()) : path
          var any = false
          for file in walk(root) where looksLikeDump(file) {
            any = true
            found[file] = BatchInput(
              path: file, machine: naming.machine(for: file, root: root))
          }
          if !any { problems.append(BatchInputProblem(path: path, message: "no dump files found")) }
        } else {
          found[path] = BatchInput(path: path, machine: naming.machine(for: path, root: path))
        }
      }
    }
    return (found.values.sorted { $0.path < $1.path }, problems)
  }

  /// Every regular file below `root`, sorted; symbolic links to folders are not followed.
  static func walk(_ root: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
      let type = enumerator.fileAttributes?[.type] as? FileAttributeType
      if type == .typeRegular { files.append(root + "/" + relative) }
    }
    return files.sorted()
  }

  static func hasGlob(_ text: String) -> Bool {
    text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
  }

  /// Shell-style pattern expansion (for patterns quoted on the command line or from Windows).
  static func glob(_ pattern: String) -> [String] {
    var result = glob_t()
    defer { globfree(&result) }
    #if canImport(Glibc)
    let status = Glibc.glob(pattern, 0, nil, &result)
    #else
    let status = Darwin.glob(pattern, 0, nil, &result)
    #endif
    guard status == 0 else { return [] }
    var paths: [String] = []
    for index in 0..<Int(result.gl_pathc) {
      if let cString = result.gl_pathv[index] { paths.append(String(cString: cString)) }
    }
    return paths.sorted()
  }
}
