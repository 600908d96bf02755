import Foundation
import TriageTestSupport

/// Paths of the committed symbol fixtures and the external LLVM tools the oracle tests run.
enum Fixtures {
  /// `Tests/SymbolsTests/Fixtures`.
  static let root = TestPaths.repositoryRoot.appendingPathComponent("Tests/SymbolsTests/Fixtures")

  /// A built fixture: `out/<relative>`.
  static func out(_ relative: String) -> String {
    root.appendingPathComponent("out").appendingPathComponent(relative).path
  }

  /// The bytes of a built fixture.
  static func bytes(_ relative: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: out(relative)))
  }

  /// The repository's default symbol store.
  static let store = TestPaths.repositoryRoot.appendingPathComponent("Symbols").path

  /// The full path of an executable found on `PATH`, or `nil`.
  static func tool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs a tool and returns its standard output (nil when it cannot run or fails).
  static func run(
    _ executable: String, _ arguments: [String], stdin: String? = nil, directory: String? = nil
  ) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    let input = Pipe()
    if stdin != nil { process.standardInput = input }
    do { try process.run() } catch { return nil }
    if let stdin {
      input.fileHandleForWriting.write(Data(stdin.utf8))
      try? input.fileHandleForWriting.close()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
  }
}
