import ArgumentParser
import DumpTriage
import TriageFacts

/// `dumptriage show-bugcheck CODE [P1 P2 P3 P4]`, like WinDbg's `!analyze -show`.
struct ShowBugCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show-bugcheck",
    abstract: "Explain a bug check code and its parameters.")

  @Argument(help: "The bug check code (0xD1, D1, 0x000000D1, or 0n209).")
  var code: String

  @Argument(help: "Up to four parameters (hexadecimal, `0x` optional, backquotes allowed).")
  var parameters: [String] = []

  @Flag(help: "Print JSON instead of text.")
  var json = false

  func validate() throws {
    guard BugCheckCatalog.parseCode(code) != nil else {
      throw ValidationError("'\(code)' is not a bug check code")
    }
    guard parameters.count <= 4 else { throw ValidationError("at most four parameters") }
    for parameter in parameters where BugCheckCatalog.parseNumber(parameter) == nil {
      throw ValidationError("'\(parameter)' is not a number")
    }
  }

  func run() throws {
    let value = BugCheckCatalog.parseCode(code) ?? 0
    let numbers = parameters.compactMap(BugCheckCatalog.parseNumber)
    let explanation = BugCheckCatalog.explain(code: value, parameters: numbers)
    if json {
      print(try BugCheckJSON.render(explanation), terminator: "")
    } else {
      print(BugCheckText.render(explanation), terminator: "")
    }
  }
}
