// swift-tools-version: 6.2
// Decoding-speed benchmark for ContainerFormats (LZX, MSZIP, inflate). Not part of the root
// build or test suite: run Tests/Benchmarks/containers.sh, which also times cabextract and gzip.

import PackageDescription

let package = Package(
  name: "ContainerBench",
  dependencies: [.package(name: "dumptriage", path: "../../..")],
  targets: [
    .executableTarget(
      name: "ContainerBench",
      dependencies: [.product(name: "DumpTriageLibraries", package: "dumptriage")])
  ]
)
