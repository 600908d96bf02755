// swift-tools-version: 6.2
// libFuzzer harnesses for every parser (issue 13). Not part of the root build or test suite.
// Build and run with Tests/Fuzz/run.sh (see docs/fuzzing.md):
//   swift build -c release --package-path Tests/Fuzz -Xswiftc -sanitize=fuzzer,address

import PackageDescription

let package = Package(
  name: "DumpTriageFuzz",
  dependencies: [.package(name: "dumptriage", path: "../..")],
  targets: [
    .target(name: "CFuzzerDriver"),
    .executableTarget(
      name: "dumptriage-fuzz",
      dependencies: [
        "CFuzzerDriver", .product(name: "DumpTriageLibraries", package: "dumptriage"),
        .product(name: "DumpTriageSynth", package: "dumptriage"),
      ]),
  ]
)
