import ContainerFormats
import DumpFormats
import Foundation
import MinidumpParsing
import SymbolStore
import Testing
import TriageTestSupport

@testable import StackUnwinding

/// Compares the crashing thread's frames with Breakpad's `minidump_stackwalk` on every Windows
/// minidump of the corpus it walked, given the same `.sym` files.
@Suite struct BreakpadAgreementTests {
  /// One frame of Breakpad's human-readable output.
  struct OracleFrame {
    var address: UInt64
    var trust: String
  }

  /// Breakpad's "Found by" wording mapped to trust names.
  static func trust(_ foundBy: String) -> String {
    switch foundBy {
    case let text where text.contains("given as instruction pointer"): "context"
    case let text where text.contains("call frame info with scanning"): "cfi_scan"
    case let text where text.contains("call frame info"): "cfi"
    case let text where text.contains("frame pointer"): "frame_pointer"
    case let text where text.contains("leaf"): "leaf"
    case let text where text.contains("scanning"): "scan"
    default: "none"
    }
  }

  /// Parses the crashed thread of a `minidump_stackwalk` text report; nil when not Windows.
  static func oracleFrames(_ text: String) -> [OracleFrame]? {
    guard text.contains("Operating system: Windows NT") else { return nil }
    var frames: [OracleFrame] = []
    var inCrashed = false
    var pending: UInt64?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("Thread ") {
        if inCrashed { break }
        // Dumps without a crash ("No crash"): Breakpad's first thread stands in.
        inCrashed =
          line.contains("(crashed)") || (!text.contains("(crashed)") && line == "Thread 0")
        continue
      }
      guard inCrashed else { continue }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if pending == nil {
        for key in ["eip = 0x", "rip = 0x", "pc = 0x"] {
          if let range = trimmed.range(of: key) {
            let digits = trimmed[range.upperBound...].prefix { $0.isHexDigit }
            pending = UInt64(digits, radix: 16)
            break
          }
        }
      }
      if trimmed.hasPrefix("Found by:"), let address = pending {
        frames.append(OracleFrame(address: address, trust: trust(trimmed)))
        pending = nil
      }
    }
    return frames
  }

  /// Walks one dump's crashing thread.
  static func walk(_ dump: Minidump, symbols: any SymbolResolver) throws -> StackWalk? {
    let thread = dump.crashingThread ?? dump.threads.first
    guard let context = dump.crashContext ?? thread?.context else { return nil }
    var descriptors: [MemoryDescriptor] = []
    if let thread { descriptors.append(thread.stack) }
    let memory = dump.memory
    let stackMemory = MinidumpMemory(descriptors: descriptors, file: dump.file)
    let combined = CombinedMemory(parts: [stackMemory, memory])
    let walker = StackWalker(memory: combined, modules: dump.modules, symbols: symbols)
    return walker.walk(from: context)
  }

  /// The dump at `url`, or the one inside `url` minus `.dmp` when that is a cabinet
  /// (`targetapp_stacktest_wow64.cab.dmp` names the dump inside the `.cab`).
  static func minidump(_ url: URL) throws -> Minidump? {
    if FileManager.default.fileExists(atPath: url.path) { return try Minidump(path: url.path) }
    let container = url.deletingPathExtension()
    guard container.pathExtension == "cab", let data = try? Data(contentsOf: container) else {
      return nil
    }
    let members = try ContainerFormats.expand(data, name: container.lastPathComponent)
    let member = members.first(where: { $0.path.lowercased().hasSuffix(".dmp") })
    guard let bytes = member?.data else { return nil }
    return try Minidump(data: bytes)
  }

  /// Memory made of several sources, first match wins.
  struct CombinedMemory: VirtualMemory {
    var parts: [any VirtualMemory]
    func bytes(at address: UInt64, count: Int) -> [UInt8]? {
      for part in parts {
        if let bytes = part.bytes(at: address, count: count) { return bytes }
      }
      return nil
    }
  }

  @Test func agreementWithBreakpad() throws {
    guard let corpus = TestPaths.sharedCorpus else { return }
    let expected = corpus.appendingPathComponent("expected/breakpad-minidump_stackwalk")
    let symbols = SymbolStore(
      path: SymbolPath(parsing: corpus.appendingPathComponent("user/breakpad/symbols").path))
    var lines: [String] = []
    for set in ["breakpad", "kdlibcpp", "wine"] {
      let folder = expected.appendingPathComponent(set)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      for name in names.sorted() where name.hasSuffix(".dmp.txt") {
        let dumpName = String(name.dropLast(4))
        let dumpURL = corpus.appendingPathComponent("user/\(set)/\(dumpName)")
        guard
          let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8),
          let oracle = Self.oracleFrames(text), !oracle.isEmpty,
          let dump = try Self.minidump(dumpURL)
        else { continue }
        let walk = try #require(try Self.walk(dump, symbols: symbols))
        var strong = 0
        var strongAgree = 0
        var all = 0
        var allAgree = 0
        var disagreements: [String] = []
        if ProcessInfo.processInfo.environment["STACK_DEBUG"] != nil {
          for (index, frame) in oracle.enumerated() {
            let ours = index < walk.frames.count ? walk.frames[index] : nil
            print(
              dumpName, index, String(frame.address, radix: 16), frame.trust,
              ours.map {
                String($0.instructionAddress, radix: 16) + " " + $0.trust.rawValue + " "
                  + $0.displayName
              } ?? "-")
          }
        }
        for (index, frame) in oracle.enumerated() {
          let ours = index < walk.frames.count ? walk.frames[index].instructionAddress : nil
          let agree = ours == frame.address
          all += 1
          if agree { allAgree += 1 }
          if frame.trust == "context" || frame.trust == "cfi" {
            strong += 1
            if agree {
              strongAgree += 1
            } else {
              disagreements.append(
                "#\(index) breakpad 0x\(String(frame.address, radix: 16)) ours "
                  + (ours.map { "0x" + String($0, radix: 16) } ?? "none"))
            }
          }
        }
        lines.append(
          "\(set)/\(dumpName): cfi-or-better \(strongAgree)/\(strong), all frames \(allAgree)/\(all)"
            + (disagreements.isEmpty ? "" : " — " + disagreements.joined(separator: "; ")))
        #expect(strongAgree == strong, "\(dumpName): \(disagreements)")
      }
    }
    print("Breakpad agreement (crashing thread):\n" + lines.joined(separator: "\n"))
  }
}
