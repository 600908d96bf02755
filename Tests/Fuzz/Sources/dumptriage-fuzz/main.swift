import CFuzzerDriver
import Foundation

// Usage: dumptriage-fuzz <harness> [libFuzzer options and corpus directories]
//        dumptriage-fuzz write-seeds <corpus root> <max bytes>
// Picks a harness by name, then hands the remaining arguments to libFuzzer.

var arguments = CommandLine.arguments
// `dumptriage-fuzz write-seeds <dir> <max bytes>`: the synthetic seeds (Seeds.swift).
if arguments.count == 4, arguments[1] == "write-seeds", let maxSize = Int(arguments[3]) {
  do {
    let written = try Seeds.write(into: URL(fileURLWithPath: arguments[2]), maxSize: maxSize)
    for (harness, count) in written.sorted(by: { $0.key < $1.key }) {
      print("\(harness): \(count) synthetic seeds")
    }
    exit(0)
  } catch {
    FileHandle.standardError.write(Data("write-seeds: \(error)\n".utf8))
    exit(2)
  }
}
guard arguments.count >= 2, let harness = Harnesses.all[arguments[1]] else {
  let names = Harnesses.all.keys.sorted().joined(separator: " ")
  FileHandle.standardError.write(
    Data("usage: dumptriage-fuzz <harness> [libFuzzer args]\nharnesses: \(names)\n".utf8))
  exit(2)
}
Harnesses.selected = harness
arguments.remove(at: 1)

var cStrings: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
var argc = Int32(arguments.count)
let status = cStrings.withUnsafeMutableBufferPointer { buffer -> Int32 in
  var argv = buffer.baseAddress
  return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    Harnesses.selected(bytes)
    return 0
  }
}
exit(status)
