import ContainerFormats
import Foundation

// Usage: ContainerBench <repetitions> <file>...
// Prints, per file: container kind, expanded bytes, best wall time, and MB/s of output.

let arguments = CommandLine.arguments.dropFirst()
guard let repetitions = arguments.first.flatMap({ Int($0) }), repetitions > 0 else {
  print("usage: ContainerBench <repetitions> <file>...")
  exit(2)
}
for path in arguments.dropFirst() {
  guard let data = FileManager.default.contents(atPath: path) else {
    print("\(path): cannot read")
    continue
  }
  var best = Double.infinity
  var expanded = 0
  for _ in 0..<repetitions {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
      let members = try ContainerFormats.expand(data, name: path, limits: .default)
      expanded = members.reduce(0) { $0 + ($1.data?.count ?? 0) }
    } catch {
      print("\(path): \(error)")
      break
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    best = min(best, seconds)
  }
  let kind = ContainerFormats.kind(of: data)?.rawValue ?? "?"
  let rate = Double(expanded) / 1e6 / best
  print(
    String(
      format: "%@\t%@\t%d bytes\t%.4f s\t%.1f MB/s", (path as NSString).lastPathComponent, kind,
      expanded, best, rate))
}
