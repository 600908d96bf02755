import Foundation
import Testing

/// The committed fixtures are exactly what `Fixtures/build.sh` makes (when the tools exist).
@Suite struct FixtureBuildTests {
  static let toolsPresent =
    Fixtures.tool("clang") != nil && Fixtures.tool("lld-link") != nil
    && Fixtures.tool("llvm-rc") != nil

  @Test(.enabled(if: toolsPresent)) func rebuildMatchesCommittedOutputs() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "symfixtures-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let script = Fixtures.root.appendingPathComponent("build.sh").path
    #expect(Fixtures.run("/bin/sh", [script, scratch.path]) != nil)
    let committed = Fixtures.root.appendingPathComponent("out")
    let files = try FileManager.default.subpathsOfDirectory(atPath: committed.path)
      .filter { $0.hasSuffix(".sys") || $0.hasSuffix(".dll") || $0.hasSuffix(".pdb") }
    #expect(files.count == 16)
    for file in files {
      let old = try Data(contentsOf: committed.appendingPathComponent(file))
      let new = try Data(contentsOf: scratch.appendingPathComponent(file))
      #expect(old == new, "\(file) differs from a fresh build")
    }
  }
}
