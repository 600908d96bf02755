import DumpTriage
import Foundation
import Testing
import TriageRules
import TriageTestSupport

/// The whole pipeline over truncated and byte-flipped copies of every real dump, cabinet and
/// sample: each gives a report (possibly `failed`), never a crash, and none takes long.
@Suite struct PipelineMutationTests {
  /// Every dump and container in the shared corpus and docs/samples, up to 4 MiB.
  static var inputs: [String] {
    var found: [String] = []
    let manager = FileManager.default
    if let corpus = TestPaths.sharedCorpus {
      for folder in ["kernel", "user", "robustness"] {
        let base = corpus.appendingPathComponent(folder)
        let files = (manager.enumerator(atPath: base.path)?.allObjects as? [String]) ?? []
        for file in files.sorted()
        where [".dmp", ".cab", ".mdmp", ".bin"].contains(where: { file.lowercased().hasSuffix($0) })
        {
          found.append(base.appendingPathComponent(file).path)
        }
      }
    }
    let samples = TestPaths.repositoryRoot.appendingPathComponent("docs/samples")
    for file in ((try? manager.contentsOfDirectory(atPath: samples.path)) ?? []).sorted()
    where file.hasSuffix(".dmp") {
      found.append(samples.appendingPathComponent(file).path)
    }
    return found.filter {
      let size = (try? manager.attributesOfItem(atPath: $0))?[.size] as? Int
      return (size ?? Int.max) <= 4 << 20
    }
  }

  static let pipeline: DumpPipeline? = {
    guard let rules = try? RuleSet.builtIn().rules else { return nil }
    return DumpPipeline(rules: rules)
  }()

  @Test(
    "prefixes (with a stride) and seeded byte flips of each corpus file through the pipeline",
    arguments: inputs)
  func mutations(_ path: String) throws {
    let pipeline = try #require(Self.pipeline)
    let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let name = (path as NSString).lastPathComponent
    var variants: [(String, [UInt8])] = []
    let stride = max(1, original.count / 4)
    for cut in Swift.stride(from: 0, to: original.count, by: stride) {
      variants.append(("prefix \(cut)", Array(original[0..<cut])))
    }
    for cut in [1, 7, 16] where cut < original.count {
      variants.append(("prefix \(original.count - cut)", Array(original.dropLast(cut))))
    }
    let seed = UInt64(truncatingIfNeeded: name.utf8.reduce(5381) { $0 &* 33 &+ Int($1) })
    var random = SeededRandom(seed: seed)
    for round in 0..<3 where !original.isEmpty {
      var mutated = original
      // Flips concentrated in the first 64 KiB (headers, directories) and anywhere.
      for flip in 0..<8 {
        let span = flip % 2 == 0 ? min(mutated.count, 1 << 16) : mutated.count
        let index = Int(random.next() % UInt64(span))
        mutated[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
      }
      variants.append(("flips round \(round) seed \(seed)", mutated))
    }
    var slowest = (0.0, "")
    for (label, bytes) in variants {
      let start = Date()
      let report = pipeline.report(for: BatchInput(path: name), data: Data(bytes))
      let seconds = Date().timeIntervalSince(start)
      #expect(report.path == name)
      if seconds > slowest.0 { slowest = (seconds, label) }
    }
    // Debug builds are several times slower than release; release timings are in
    // docs/fuzzing.md. The guard catches hangs and quadratic blow-ups.
    #expect(slowest.0 < 5, "\(name): \(slowest.1) took \(slowest.0) s")
  }
}
