import Foundation

#if canImport(Glibc)
import Glibc
#endif
// The tests read the server's statistics over HTTP with Foundation (`Data(contentsOf:)`),
// which on Linux needs FoundationNetworking linked; the tool itself does not link it.
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `Tests/SymbolsTests/Fixtures/symserver.py` on loopback, serving a SymStore tree, for the
/// symbol-server tests of the store and of the command line.
public final class LoopbackSymbolServer {
  /// Why the server could not start.
  public struct StartError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
  }

  /// The Python process.
  public let process = Process()
  /// The port it listens on (127.0.0.1).
  public let port: Int
  /// The folder it serves.
  public let root: String

  /// `python3` on `PATH`, or `nil` (tests that need the server then skip).
  public static let python: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/python3"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()

  /// The server script.
  public static let script = TestPaths.repositoryRoot.appendingPathComponent(
    "Tests/SymbolsTests/Fixtures/symserver.py"
  ).path

  /// Starts the server on `root`; `/wrong/…` answers with `wrongFile`.
  public init(root: String, wrongFile: String? = nil) throws {
    self.root = root
    guard let python = Self.python else { throw StartError(description: "python3 not found") }
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [Self.script, root] + (wrongFile.map { [$0] } ?? [])
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line = Data()
    while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first,
      first != 0x0A
    {
      line.append(first)
    }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
      throw StartError(description: "symserver.py printed no port")
    }
    self.port = port
  }

  /// The server's base URL.
  public var url: String { "http://127.0.0.1:\(port)" }

  /// Stops the server (SIGKILL: it cannot be blocked by a signal mask inherited from the
  /// test's thread).
  public func stop() {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// Requests per path so far.
  public func counts() -> [String: Int] {
    guard let stats = URL(string: url + "/__stats"), let data = try? Data(contentsOf: stats),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Int]
    else { return [:] }
    return object
  }

  deinit { stop() }
}
