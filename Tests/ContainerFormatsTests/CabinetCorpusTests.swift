import ContainerFormats
import Foundation
import Testing
import TriageTestSupport

/// Real cabinets from the shared corpus, compared with what `cabextract` extracts.
@Suite struct CabinetCorpusTests {
  /// Every `.cab` under the corpus folders that hold cabinets.
  static var corpusCabinets: [String] {
    guard let corpus = TestPaths.sharedCorpus else { return [] }
    var found: [String] = []
    for folder in ["user/kdlibcpp", "kernel"] {
      let url = corpus.appendingPathComponent(folder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      for name in names.sorted() where name.hasSuffix(".cab") { found.append(folder + "/" + name) }
    }
    return found
  }

  @Test(
    "corpus cabinets decode byte-identical to cabextract",
    .enabled(if: TestPaths.sharedCorpus != nil && Tool.find("cabextract") != nil),
    arguments: corpusCabinets)
  func matchesCabextract(_ relative: String) throws {
    let url = try #require(TestPaths.corpusFile(relative))
    let cabextract = try #require(Tool.find("cabextract"))
    let directory = try Tool.temporaryDirectory()
    defer { Tool.cleanUp(directory) }
    let status = try Tool.run(cabextract, ["-q", "-d", directory.path, url.path], in: directory)
    #expect(status.status == 0)

    let members = try ContainerFormats.expand(
      try Data(contentsOf: url), name: url.lastPathComponent, limits: .default)
    #expect(!members.isEmpty)
    for member in members {
      let name = try #require(member.path.split(separator: "!").last.map(String.init))
      let expected = try Data(contentsOf: directory.appendingPathComponent(name))
      let actual = try member.content.get()
      #expect(actual.count == expected.count, "\(member.path)")
      #expect(actual == expected, "\(member.path) differs from cabextract's output")
    }
  }

  @Test(
    "kernel cabinets hold exactly the dump beside them",
    .enabled(if: TestPaths.sharedCorpus != nil),
    arguments: ["kernel/win10_arm64_mem", "kernel/win10_arm_rpi3_mem"])
  func kernelCabinetEqualsDump(_ stem: String) throws {
    let cab = try #require(TestPaths.corpusFile(stem + ".cab"))
    let dump = try #require(TestPaths.corpusFile(stem + ".dmp"))
    let members = try ContainerFormats.expand(
      try Data(contentsOf: cab), name: cab.lastPathComponent, limits: .default)
    let dumps = members.filter { $0.path.lowercased().hasSuffix(".dmp") }
    #expect(dumps.count == 1)
    let data = try #require(dumps.first?.data)
    #expect(data == (try Data(contentsOf: dump)))
  }
}
