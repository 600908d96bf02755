import Foundation

/// Runs standard command-line tools (zip, gzip, gcab, cabextract) to make and check fixtures.
enum Tool {
  /// The full path of `name` on `PATH`, or `nil` when it is not installed (tests then skip).
  static func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs a tool in `directory` and returns its exit status and standard output.
  @discardableResult
  static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> (
    status: Int32, output: Data
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }

  /// A fresh temporary directory, removed by the caller with `cleanUp`.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "containers-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Removes a temporary directory.
  static func cleanUp(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
  }
}

/// Deterministic test content: a mix of text, counters and repeats so compressors find matches.
func sampleBytes(count: Int, seed: UInt64) -> Data {
  var state = seed
  var bytes = [UInt8]()
  bytes.reserveCapacity(count)
  while bytes.count < count {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let choice = state >> 61
    if choice < 3 {
      bytes.append(contentsOf: Array("MINIDUMP record \(bytes.count) ".utf8))
    } else if choice < 5 {
      bytes.append(UInt8(truncatingIfNeeded: state >> 33))
    } else {
      bytes.append(
        contentsOf: [UInt8](repeating: UInt8(truncatingIfNeeded: state >> 40), count: 40))
    }
  }
  return Data(bytes.prefix(count))
}
