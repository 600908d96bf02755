import ArgumentParser
import Foundation
import SymbolStore

/// `dumptriage symbols`: manage the local symbol store and dump symbol files.
struct SymbolsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "symbols",
    abstract: "Manage the local symbol store and dump symbol files.",
    subcommands: [Add.self, Dump.self])

  /// `dumptriage symbols add FILE...`.
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Copy PDBs, images and Breakpad .sym files into a store in SymStore layout.")

    @Option(name: .long, help: "The store directory.")
    var store: String = "Symbols"

    @Argument(help: "PDB, PE image (.sys/.dll/.exe) or Breakpad .sym files.")
    var files: [String]

    func run() throws {
      var failed = false
      for file in files {
        do {
          let (entry, destination) = try SymbolStore.add(path: file, to: store)
          print("\(entry.kind.rawValue)\t\(file)\t→ \(destination)")
        } catch {
          failed = true
          FileHandle.standardError.write(Data("dumptriage: \(file): \(error)\n".utf8))
        }
      }
      if failed { throw ExitCode(1) }
    }
  }

  /// `dumptriage symbols dump FILE`.
  struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "dump",
      abstract: "Print a Breakpad .sym file (FUNC/PUBLIC/STACK records) for a PDB or PE image.")

    @Option(name: .long, help: "Where to look for the PDB of an image (_NT_SYMBOL_PATH syntax).")
    var symbolPath: String = "Symbols"

    @Argument(help: "A PDB or PE image (.sys/.dll/.exe).")
    var file: String

    func run() throws {
      let store = SymbolStore(path: SymbolPath(parsing: symbolPath))
      do {
        print(try BreakpadWriter.dump(path: file, store: store), terminator: "")
      } catch {
        FileHandle.standardError.write(Data("dumptriage: \(file): \(error)\n".utf8))
        throw ExitCode(1)
      }
    }
  }
}
