import ContainerFormats
import DumpFormats
import Foundation
import MinidumpParsing
import Testing
import TriageTestSupport

/// Compares the parser with Breakpad's `minidump_stackwalk -m`, `minidump_stackwalk` and
/// `minidump_dump` outputs for every Windows minidump in the shared corpus.
@Suite("Breakpad oracle")
struct BreakpadOracleTests {
  /// `set/name.dmp` for every plain minidump in the corpus that has Breakpad output.
  static let dumps: [String] = {
    guard let corpus = TestPaths.sharedCorpus else { return [] }
    var found: [String] = []
    for set in ["breakpad", "kdlibcpp", "wine"] {
      let folder = corpus.appendingPathComponent("user/\(set)")
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      // Cabinets hold one minidump; Breakpad's outputs for them are named `<cab>.dmp`.
      for file in names.sorted() where file.hasSuffix(".dmp") || file.hasSuffix(".cab") {
        let name = file.hasSuffix(".cab") ? file + ".dmp" : file
        let expected = corpus.appendingPathComponent(
          "expected/breakpad-minidump_stackwalk/\(set)/\(name).machine.txt")
        if FileManager.default.fileExists(atPath: expected.path) { found.append("\(set)/\(name)") }
      }
    }
    return found
  }()

  static func expected(_ tool: String, _ dump: String, _ suffix: String) -> String? {
    guard let corpus = TestPaths.sharedCorpus else { return nil }
    let url = corpus.appendingPathComponent("expected/\(tool)/\(dump)\(suffix)")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
    // Breakpad's log lines (stderr) are interleaved into stdout, even mid-line: drop them.
    return text.replacing(#/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: [^\n]*\n/#, with: "")
  }

  /// The minidump inside each corpus cabinet that has Breakpad output, expanded once.
  static let cabinetDumps: [String: Data] = {
    var result: [String: Data] = [:]
    for dump in dumps where dump.hasSuffix(".cab.dmp") {
      guard let cab = TestPaths.corpusFile("user/" + dump.dropLast(4)),
        let bytes = try? Data(contentsOf: cab),
        let members = try? ContainerFormats.expand(bytes, name: cab.lastPathComponent)
      else { continue }
      result[dump] = members.compactMap(\.data).first { $0.starts(with: Array("MDMP".utf8)) }
    }
    return result
  }()

  /// Opens a corpus dump; `set/x.cab.dmp` is the minidump inside `set/x.cab`.
  static func open(_ dump: String) throws -> Minidump {
    if dump.hasSuffix(".cab.dmp") {
      let data = try #require(cabinetDumps[dump], "\(dump): no minidump inside the cabinet")
      return try Minidump(data: data)
    }
    let file = try #require(TestPaths.corpusFile("user/\(dump)"))
    return try Minidump(path: file.path)
  }

  static func hexValue(_ text: Substring) -> UInt64? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("0x") else { return nil }
    return UInt64(trimmed.dropFirst(2), radix: 16)
  }

  @Test(
    "the corpus has Windows minidumps with Breakpad output",
    .enabled(if: TestPaths.sharedCorpus != nil))
  func corpusIsThere() {
    #expect(Self.dumps.count >= 36)
  }

  @Test("modules agree with minidump_stackwalk -m", arguments: dumps)
  func modules(_ dump: String) throws {
    let machine = try #require(Self.expected("breakpad-minidump_stackwalk", dump, ".machine.txt"))
    let minidump = try Self.open(dump)
    let expected = machine.split(separator: "\n").filter { $0.hasPrefix("Module|") }.map {
      $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }
    let ours = minidump.modules.sorted { $0.base < $1.base }
    #expect(ours.count == expected.count, "\(dump): module count")
    for (module, fields) in zip(ours, expected) where fields.count >= 8 {
      #expect(module.baseName == fields[1], "\(dump): name")
      let version = module.fileVersion.map { $0.map(String.init).joined(separator: ".") } ?? ""
      #expect(version == fields[2], "\(dump): \(fields[1]) version")
      let debugFile = module.debugFile.map {
        String($0.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last ?? "")
      }
      #expect((debugFile ?? "") == fields[3], "\(dump): \(fields[1]) debug file")
      #expect((module.debugID ?? "") == fields[4], "\(dump): \(fields[1]) debug id")
      #expect(module.base == Self.hexValue(fields[5][...]), "\(dump): \(fields[1]) base")
      #expect(
        (module.base == minidump.mainModule?.base) == (fields[7] == "1"),
        "\(dump): \(fields[1]) main module")
      #expect(
        module.base + module.size - 1 == Self.hexValue(fields[6][...]),
        "\(dump): \(fields[1]) end")
    }
  }

  @Test("exception, crashing thread and registers agree with Breakpad", arguments: dumps)
  func crash(_ dump: String) throws {
    let machine = try #require(Self.expected("breakpad-minidump_stackwalk", dump, ".machine.txt"))
    let minidump = try Self.open(dump)
    guard minidump.systemInfo?.platform.isWindows == true else { return }
    let crashLine = try #require(machine.split(separator: "\n").first { $0.hasPrefix("Crash|") })
    let crash = crashLine.split(separator: "|", omittingEmptySubsequences: false)
    try #require(crash.count >= 4)
    if crash[1] == "No crash" {
      #expect(minidump.exception == nil, "\(dump): Breakpad saw no exception")
      return
    }
    let exception = try #require(minidump.exception, "\(dump): exception stream")
    // Reason.
    if crash[1].hasPrefix("0x") {
      let code = crash[1].split(separator: " ").first.flatMap { Self.hexValue($0) }
      #expect(UInt64(exception.code.rawValue) == code, "\(dump): code")
    } else if crash[1].hasPrefix("EXCEPTION_ACCESS_VIOLATION") {
      #expect(exception.accessViolation?.breakpadReason == String(crash[1]), "\(dump): AV kind")
    } else if crash[1].hasPrefix("FAST_FAIL_") {
      #expect(exception.fastFailCode?.name == String(crash[1]), "\(dump): fast fail")
    } else {
      #expect(exception.code.name == String(crash[1]), "\(dump): code name")
    }
    // Address: Breakpad reports an access violation's data address, truncated for 32-bit.
    var address = exception.accessViolation?.address ?? exception.address
    if minidump.architecture == .x86 { address &= 0xFFFF_FFFF }
    #expect(address == Self.hexValue(crash[2]), "\(dump): crash address")
    // Crashing thread (Breakpad prints its index in the thread list).
    let index = try #require(Int(crash[3]))
    let threads = minidump.threads
    try #require(index < threads.count)
    #expect(threads[index].id == minidump.crashingThreadID, "\(dump): crashing thread")

    // minidump_dump: raw code, address and thread id.
    if let text = Self.expected("breakpad-minidump_dump", dump, ".txt"),
      let start = text.range(of: "MDException\n")
    {
      let block = text[start.upperBound...].prefix(600)
      func field(_ name: String) -> UInt64? {
        guard let line = block.split(separator: "\n").first(where: { $0.contains(name + " ") }),
          let value = line.split(separator: "=").last
        else { return nil }
        return Self.hexValue(value)
      }
      #expect(field("thread_id").map(UInt32.init) == exception.threadID, "\(dump): thread id")
      #expect(
        field("exception_record.exception_code").map(UInt32.init) == exception.code.rawValue,
        "\(dump): code")
      #expect(field("exception_record.exception_address") == exception.address, "\(dump): address")
    }

    // Registers of frame 0 of the crashed thread (minidump_stackwalk's text output).
    let text = try #require(Self.expected("breakpad-minidump_stackwalk", dump, ".txt"))
    let registers = Self.frameZeroRegisters(text)
    let context = try #require(minidump.crashContext, "\(dump): crash context")
    #expect(
      registers.contains { ["eip", "rip", "pc"].contains($0.0) } && registers.count >= 10,
      "\(dump): Breakpad printed the frame-0 registers")
    for (name, value) in registers {
      let ours = name == "efl" ? context["eflags"] : context[name]
      #expect(ours == value, "\(dump): register \(name)")
    }
  }

  @Test("every thread's own context agrees with Breakpad's frame 0", arguments: dumps)
  func threadContexts(_ dump: String) throws {
    let text = try #require(Self.expected("breakpad-minidump_stackwalk", dump, ".txt"))
    let minidump = try Self.open(dump)
    guard minidump.systemInfo?.platform.isWindows == true else { return }
    let threads = minidump.threads
    var compared = 0
    for line in text.split(separator: "\n") where line.hasPrefix("Thread ") {
      // The crashed thread's frame 0 shows the exception context (checked above).
      guard !line.hasSuffix("(crashed)"),
        let index = Int(line.dropFirst("Thread ".count).prefix { $0.isNumber }),
        index < threads.count
      else { continue }
      let context = try #require(threads[index].context, "\(dump): thread \(index) context")
      for (name, value) in Self.frameZeroRegisters(text, header: String(line)) {
        #expect(
          (name == "efl" ? context["eflags"] : context[name]) == value,
          "\(dump): thread \(index) register \(name)")
        compared += 1
      }
    }
    // Breakpad leaves out its own handler thread, so some dumps print only the crashed one.
    let printed = text.split(separator: "\n").filter {
      $0.hasPrefix("Thread ") && !$0.hasSuffix("(crashed)")
    }
    #expect(compared > 0 || printed.isEmpty, "\(dump): no thread registers compared")
  }

  /// The `name = 0x…` pairs of frame 0 of the thread whose header line is `header` (by default
  /// the one marked `(crashed)`).
  static func frameZeroRegisters(_ text: String, header: String? = nil) -> [(String, UInt64)] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard
      let start = lines.firstIndex(where: {
        if let header { return $0 == header }
        return $0.hasPrefix("Thread ") && $0.hasSuffix("(crashed)")
      })
    else { return [] }
    var result: [(String, UInt64)] = []
    for line in lines[(start + 2)...] {
      if line.contains("Found by:") || line.isEmpty { break }
      let tokens = line.split(separator: " ")
      var index = 0
      while index + 2 < tokens.count {
        if tokens[index + 1] == "=", let value = hexValue(tokens[index + 2]) {
          result.append((String(tokens[index]), value))
          index += 3
        } else {
          index += 1
        }
      }
    }
    return result
  }
}
