import Foundation

/// Locations of the repository and the shared corpus, for tests.
public enum TestPaths {
  /// The repository root (found from this file's path).
  public static let repositoryRoot: URL = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }()

  /// `../shared/corpus` beside the repository, or `nil` when absent (tests then skip).
  public static let sharedCorpus: URL? = {
    let env = ProcessInfo.processInfo.environment["DUMPTRIAGE_SHARED"]
    let shared =
      env.map { URL(fileURLWithPath: $0) }
      ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    let corpus = shared.appendingPathComponent("corpus")
    return FileManager.default.fileExists(atPath: corpus.path) ? corpus : nil
  }()

  /// A file in the shared corpus, or `nil` when the corpus or the file is absent.
  public static func corpusFile(_ relative: String) -> URL? {
    guard let corpus = sharedCorpus else { return nil }
    let url = corpus.appendingPathComponent(relative)
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }
}

/// A small deterministic random generator (SplitMix64) for seeded mutation tests.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64
  /// Creates a generator from a seed (print the seed in test output).
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
