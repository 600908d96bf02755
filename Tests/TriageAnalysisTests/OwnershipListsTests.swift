import Foundation
import Testing
import TriageTestSupport
import Yams

@testable import TriageAnalysis

/// The ownership lists in `Rules/ownership` and their embedded copy.
@Suite struct OwnershipListsTests {
  static let directory = TestPaths.repositoryRoot.appendingPathComponent("Rules/ownership")

  static var fileNames: [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?
      .filter { $0.hasSuffix(".yml") }.sorted() ?? []
  }

  @Test func embeddedListsLoad() throws {
    let lists = try OwnershipLists.standardResult.get()
    #expect(lists.entries.count > 50)
    #expect(lists.microsoftModules.count > 50)
    #expect(lists.aliases["nt"]?.contains("ntkrnlmp.exe") == true)
  }

  /// The generated Swift source holds exactly the YAML files on disk.
  @Test func embeddedCopyMatchesFiles() throws {
    let onDisk = try Self.fileNames.map { name in
      (name, try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8))
    }
    #expect(onDisk.count == 3)
    let embedded = OwnershipData.files.map { ($0.name, $0.text + "\n") }
    let inSync =
      onDisk.count == embedded.count
      && zip(onDisk, embedded).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    if ProcessInfo.processInfo.environment["DUMPTRIAGE_RECORD_GOLDENS"] == "1" {
      let source = TestPaths.repositoryRoot.appendingPathComponent(
        "Sources/TriageAnalysis/OwnershipData.swift")
      try Self.generate(onDisk).write(to: source, atomically: true, encoding: .utf8)
      Issue.record("regenerated \(source.path); rebuild and run again without recording")
      return
    }
    #expect(
      inSync,
      """
      Sources/TriageAnalysis/OwnershipData.swift is stale: rerun with \
      DUMPTRIAGE_RECORD_GOLDENS=1 swift test --filter OwnershipListsTests
      """)
  }

  static func generate(_ files: [(String, String)]) -> String {
    var lines = [
      "// Generated from Rules/ownership/*.yml: do not edit by hand.",
      "// OwnershipListsTests checks it against the YAML files; to regenerate, run",
      "// DUMPTRIAGE_RECORD_GOLDENS=1 swift test --filter OwnershipListsTests",
      "",
      "/// The YAML text of `Rules/ownership/*.yml`, embedded so the binary needs no files beside it.",
      "enum OwnershipData {",
      "  /// File name and text of each list, sorted by file name.",
      "  static let files: [(name: String, text: String)] = [",
    ]
    for (name, text) in files {
      lines += ["    (", "      \"\(name)\",", "      #\"\"\""]
      var body = text
      while body.hasSuffix("\n") { body.removeLast() }
      for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
        lines.append(line.isEmpty ? "" : "      " + line)
      }
      lines += ["      \"\"\"#", "    ),"]
    }
    lines += ["  ]", "}"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// Splits `module!function+0x12` or `module+0x12` into module and function.
  static func frame(_ text: String) -> (module: String, function: String?) {
    let parts = text.split(separator: "!", maxSplits: 1).map(String.init)
    func dropOffset(_ value: String) -> String {
      guard let plus = value.range(of: "+0x", options: .backwards) else { return value }
      return String(value[..<plus.lowerBound])
    }
    if parts.count == 2 { return (parts[0], dropOffset(parts[1])) }
    return (dropOffset(text), nil)
  }

  /// Every example in every list file behaves as the file says.
  @Test(arguments: fileNames)
  func examplesBehaveAsStated(file: String) throws {
    let lists = try OwnershipLists.standardResult.get()
    let text = try String(
      contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
    let parsed = try YAMLDecoderForTests.decode(text)
    let examples = try #require(parsed.examples, "\(file) has no examples")
    #expect(!examples.match.isEmpty && !examples.noMatch.isEmpty)
    for example in examples.match {
      switch parsed.kind {
      case "ignore":
        let (module, function) = Self.frame(example)
        guard case .ignore = lists.disposition(module: module, function: function) else {
          Issue.record("\(file): \(example) should be ignored")
          continue
        }
      case "owners":
        let pieces = example.components(separatedBy: " -> ")
        try #require(pieces.count == 2, "\(file): `\(example)` is not `frame -> owner`")
        let (module, function) = Self.frame(pieces[0])
        switch lists.disposition(module: module, function: function) {
        case .owned(let owner, _, _): #expect(owner == pieces[1], "\(file): \(example)")
        case .ignore: #expect(pieces[1] == "ignore", "\(file): \(example)")
        case .unlisted: Issue.record("\(file): \(example) has no owner")
        }
      default:
        #expect(lists.isMicrosoft(example), "\(file): \(example) should be Microsoft")
      }
    }
    for example in examples.noMatch {
      switch parsed.kind {
      case "microsoft_modules":
        #expect(!lists.isMicrosoft(example), "\(file): \(example) should not be Microsoft")
      default:
        let (module, function) = Self.frame(example)
        let disposition = lists.disposition(module: module, function: function)
        if parsed.kind == "ignore" {
          if case .ignore = disposition { Issue.record("\(file): \(example) is ignored") }
        } else {
          #expect(disposition == .unlisted, "\(file): \(example) has an owner")
        }
      }
    }
  }

  @Test func starOnlyAtTheEnd() {
    let yaml = "kind: ignore\nentries: [\"nt!Ki*Fault\"]\n"
    #expect(throws: OwnershipListError.self) {
      _ = try OwnershipLists(files: [("bad.yml", yaml)])
    }
  }

  @Test func ownerEntryNeedsOwner() {
    let yaml = "kind: owners\nentries: [\"nt!KiPageFault\"]\n"
    #expect(throws: OwnershipListError.self) {
      _ = try OwnershipLists(files: [("bad.yml", yaml)])
    }
  }

  @Test func unknownKindRejected() {
    #expect(throws: OwnershipListError.self) {
      _ = try OwnershipLists(files: [("bad.yml", "kind: drivers\nentries: []\n")])
    }
  }

  @Test func misshapenFilesAreRejectedWithTheReason() {
    let cases: [(String, String)] = [
      ("- a\n- b\n", "the document is not a mapping"),
      ("kind: ignore\nentries: nt\n", "`entries` is not a list"),
      ("kind: ignore\nentries: [[nt]]\n", "`entries` has an item that is not text"),
      ("kind: ignore\n", "`entries` is missing"),
      ("entries: []\n", "`kind` is missing"),
      ("kind: ignore\nentries: []\nowner: me\n", "unknown key `owner`"),
      ("kind: ignore\nentries: []\naliases: [nt]\n", "`aliases` is not a mapping"),
      ("kind: ignore\nentries: []\nexamples: {match: []}\n", "needs `match` and `no_match`"),
      ("kind: ignore\nentries: [\n", "not a list file"),
    ]
    for (yaml, reason) in cases {
      do {
        _ = try OwnershipLists(files: [("bad.yml", yaml)])
        Issue.record("accepted: \(yaml)")
      } catch {
        #expect(error.file == "bad.yml")
        #expect(error.message.contains(reason), "\(error.message)")
      }
    }
  }

  /// A more complete match wins: an owner entry for one function beats a module-wide ignore.
  @Test func moreCompleteMatchWins() throws {
    let lists = try OwnershipLists(files: [
      ("a.yml", "kind: ignore\nentries: [\"acme*\", \"acme!Helper*\"]\n"),
      ("b.yml", "kind: owners\nentries: [\"acme!HelperReal=acme_team\"]\n"),
    ])
    #expect(
      lists.disposition(module: "acme.sys", function: "HelperReal")
        == .owned(owner: "acme_team", priority: 0, source: "b.yml: acme!HelperReal=acme_team"))
    #expect(
      lists.disposition(module: "acme.sys", function: "HelperOther")
        == .ignore("a.yml: acme!Helper*"))
    #expect(lists.disposition(module: "acmex.sys", function: nil) == .ignore("a.yml: acme*"))
    #expect(lists.disposition(module: "other.sys", function: "Helper") == .unlisted)
  }

  @Test func canonicalModuleNames() {
    let lists = OwnershipLists.standard
    #expect(lists.canonicalModule("ntkrnlmp.exe") == "nt")
    #expect(lists.canonicalModule("C:\\Windows\\system32\\HALMACPI.DLL") == "hal")
    #expect(lists.canonicalModule("amdppm.sys") == "amdppm")
    #expect(lists.canonicalModule("nt") == "nt")
  }
}

/// Decodes a list file the way the loader does, to reach its examples.
enum YAMLDecoderForTests {
  static func decode(_ text: String) throws -> OwnershipFile {
    try OwnershipFile.parse(text)
  }
}
