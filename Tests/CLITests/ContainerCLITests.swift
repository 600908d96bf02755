import Foundation
import Testing
import TriageTestSupport

/// `dumptriage` on containers: same report as the extracted dump, and the size limit option.
@Suite(.enabled(if: CLI.executable != nil)) struct ContainerCLITests {
  @Test(
    "dumptriage win10_arm64_mem.cab prints the report of win10_arm64_mem.dmp",
    .enabled(if: TestPaths.corpusFile("kernel/win10_arm64_mem.cab") != nil))
  func cabinetReport() throws {
    let cab = try #require(TestPaths.corpusFile("kernel/win10_arm64_mem.cab"))
    let dump = try #require(TestPaths.corpusFile("kernel/win10_arm64_mem.dmp"))
    let fromCab = try CLI.run([cab.path, "--no-cache", "--no-color"])
    let fromDump = try CLI.run([dump.path, "--no-cache", "--no-color"])
    #expect(fromCab.status == 0, "\(fromCab.stderr)")
    #expect(fromCab.stdout.hasPrefix("== \(cab.path)!win10_arm64_mem.dmp\n"))
    let body = { (text: String) in text.split(separator: "\n").dropFirst().joined(separator: "\n") }
    #expect(body(fromCab.stdout) == body(fromDump.stdout))
  }

  @Test(
    "--max-expanded-size below the member's size fails it with a message naming the option",
    .enabled(if: TestPaths.corpusFile("kernel/win10_arm64_mem.cab") != nil))
  func sizeLimit() throws {
    let cab = try #require(TestPaths.corpusFile("kernel/win10_arm64_mem.cab"))
    let result = try CLI.run([cab.path, "--no-cache", "--max-expanded-size", "1K"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("limit_exceeded"))
    #expect(result.stderr.contains("--max-expanded-size"))
    let bad = try CLI.run([cab.path, "--max-expanded-size", "lots"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("--max-expanded-size"))
  }
}
