import DumpTriage
import Foundation
import SymbolStore
import Testing
import TriageFacts
import TriageReporting
import TriageRules
import TriageTestSupport

/// A symbol server stand-in that serves `Symbols/` and records what was asked.
final class RecordingSymbolServer: RemoteSymbolSource, @unchecked Sendable {
  let root: String
  private let lock = NSLock()
  private var asked: [String] = []

  init(root: String) { self.root = root }

  /// The file names asked for, in order.
  var requests: [String] { lock.withLock { asked } }

  func fetch(
    server: String, file: String, key: String, leaf: String, into directory: String,
    decompressor: (@Sendable (Data) throws -> Data)?, verify: (String) -> Bool
  ) -> String? {
    lock.withLock { asked.append(file.lowercased()) }
    let source = "\(root)/\(file)/\(key)/\(leaf)"
    let target = "\(directory)/\(file)/\(key)/\(leaf)"
    guard let data = FileManager.default.contents(atPath: source) else { return nil }
    try? FileManager.default.createDirectory(
      atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: target, contents: data), verify(target) else {
      return nil
    }
    return target
  }
}

/// With a symbol server, a triage asks only for the modules it needs: those on the stack, the
/// blamed module and the files of the matching fixes; not every loaded driver.
@Suite struct SymbolServerPipelineTests {
  static let samples = TestPaths.repositoryRoot.appendingPathComponent("docs/samples")

  func triage(_ name: String) throws -> (DumpReport, [String]) {
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
      "symsrv-pipeline-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: cache) }
    let remote = RecordingSymbolServer(
      root: TestPaths.repositoryRoot.appendingPathComponent("Symbols").path)
    var options = TriageOptions()
    options.symbols = SymbolStore(
      path: SymbolPath(parsing: "srv*\(cache)*https://symbols.invalid"), remote: remote)
    let analysis = try Triage.analyze(
      path: Self.samples.appendingPathComponent(name).path, options: options)
    let report = DumpPipeline(options: options, rules: try RuleSet.builtIn().rules).report(
      for: analysis)
    return (report, remote.requests)
  }

  @Test func onlyStackBlamedAndFixModulesAreFetched() throws {
    let (report, requests) = try triage("srv2003sp2-x86-0x9C-storport-A.dmp")
    let onStack = Set(report.frames.compactMap { $0.module.map(ModuleFact.normalizedName) })
    var allowed = onStack
    if let blamed = report.blame?.module { allowed.insert(ModuleFact.normalizedName(blamed)) }
    allowed.insert("storport.sys")  // the file KB939315's fix installs
    let images = Set(requests.filter { !$0.hasSuffix(".pdb") && !$0.hasSuffix(".sym") })
    #expect(!images.isEmpty)
    #expect(images.isSubset(of: allowed), "\(images.subtracting(allowed))")
    #expect(report.modules.count > images.count + 3, "most drivers are never asked for")
  }

  /// The version that decides the patch check comes from the server when no local store has
  /// it: storport.sys 5.2.3790.4000 is older than KB939315's 5.2.3790.4121.
  @Test func fixFileVersionComesFromTheServer() throws {
    let (report, requests) = try triage("srv2003sp2-x86-0x9C-storport-A.dmp")
    #expect(requests.contains("storport.sys"))
    let storport = try #require(
      report.modules.first { $0.name.lowercased().hasSuffix("storport.sys") })
    #expect(storport.version == "5.2.3790.4000")
    let verdict = try #require(report.verdicts.first { $0.kb == "KB939315" })
    #expect(verdict.patchInstalled == false, "\(verdict.patchStatus ?? "")")
  }
}
