import CFuzzerDriver
import Foundation

// Usage: dumptriage-fuzz <harness> [libFuzzer options and corpus directories]
// Picks a harness by name, then hands the remaining arguments to libFuzzer.

var arguments = CommandLine.arguments
guard arguments.count >= 2, let harness = Harnesses.all[arguments[1]] else {
  let names = Harnesses.all.keys.sorted().joined(separator: " ")
  FileHandle.standardError.write(Data("usage: dumptriage-fuzz <harness> [libFuzzer args]\nharnesses: \(names)\n".utf8))
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
