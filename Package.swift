// swift-tools-version: 6.2
// dumptriage: triage Windows crash dumps (kernel small dumps, full dumps, user minidumps)
// into a verdict: stop code, blamed driver, bucket and the KB article that fixes the crash.
//
// Layering (dependencies point downward only):
//
//   dumptriage (CLI)
//     └─ DumpTriage (pipeline)
//          ├─ TriageReporting ── TriageRules ── TriageFacts
//          ├─ StackUnwinding ── SymbolStore ── PDBSymbols / BreakpadSymbols / PEImageParsing
//          ├─ KernelDumpParsing / MinidumpParsing / ContainerFormats (CZlib)
//          │    (SymbolStore downloads through CHTTP: libcurl loaded on first use)
//          └─ DumpFormats ── BinaryReading

import PackageDescription

/// Settings for targets that read untrusted bytes.
let parserSettings: [SwiftSetting] = [.strictMemorySafety()]

let package = Package(
  name: "dumptriage",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "dumptriage", targets: ["dumptriage"]),
    // For the nested benchmark and fuzzing packages under Tests/ (they depend on this one by path).
    .library(
      name: "DumpTriageLibraries",
      targets: [
        "BinaryReading", "DumpFormats", "KernelDumpParsing", "MinidumpParsing", "ContainerFormats",
        "PEImageParsing", "PDBSymbols", "BreakpadSymbols", "SymbolStore", "StackUnwinding",
        "TriageFacts", "TriageRules", "TriageReporting", "DumpTriage",
      ]),
    // The synthetic dump writers, for the fuzzing package's small seeds.
    .library(name: "DumpTriageSynth", targets: ["KernelDumpSynth", "MinidumpSynth"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
  ],
  targets: [
    // MARK: Bytes
    .target(name: "BinaryReading", swiftSettings: parserSettings),
    .systemLibrary(
      name: "CZlib", path: "Sources/CZlib",
      providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
    // HTTP through libcurl loaded on first use (dlopen), not linked: start-up stays small.
    .target(
      name: "CHTTP", path: "Sources/CHTTP",
      linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
    // MARK: Dump model
    .target(name: "DumpFormats", dependencies: ["BinaryReading"], swiftSettings: parserSettings),
    .target(
      name: "KernelDumpParsing", dependencies: ["BinaryReading", "DumpFormats"],
      swiftSettings: parserSettings),
    .target(
      name: "MinidumpParsing", dependencies: ["BinaryReading", "DumpFormats"],
      swiftSettings: parserSettings),
    .target(
      name: "ContainerFormats", dependencies: ["BinaryReading", "CZlib"],
      swiftSettings: parserSettings),
    // MARK: Symbols
    .target(
      name: "PEImageParsing", dependencies: ["BinaryReading", "DumpFormats"],
      swiftSettings: parserSettings),
    .target(
      name: "PDBSymbols", dependencies: ["BinaryReading", "DumpFormats"],
      swiftSettings: parserSettings),
    .target(
      name: "BreakpadSymbols", dependencies: ["BinaryReading", "DumpFormats"],
      swiftSettings: parserSettings),
    .target(
      name: "SymbolStore",
      dependencies: [
        "BinaryReading", "DumpFormats", "PEImageParsing", "PDBSymbols", "BreakpadSymbols",
        "ContainerFormats", "CHTTP",
      ]),
    // MARK: Stack
    .target(
      name: "StackUnwinding",
      dependencies: ["BinaryReading", "DumpFormats", "PEImageParsing", "SymbolStore"],
      swiftSettings: parserSettings),
    // MARK: Facts, rules, report
    .target(name: "TriageFacts"),
    .target(
      name: "TriageRules",
      dependencies: ["TriageFacts", .product(name: "Yams", package: "Yams")]),
    .target(
      name: "TriageAnalysis",
      dependencies: ["TriageFacts", .product(name: "Yams", package: "Yams")]),
    .target(name: "TriageReporting", dependencies: ["TriageFacts"]),
    // MARK: Pipeline and CLI
    .target(
      name: "DumpTriage",
      dependencies: [
        "BinaryReading", "DumpFormats", "KernelDumpParsing", "MinidumpParsing", "ContainerFormats",
        "SymbolStore", "StackUnwinding", "TriageFacts", "TriageRules", "TriageAnalysis",
        "PEImageParsing",
        "TriageReporting", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .executableTarget(
      name: "dumptriage",
      dependencies: [
        "DumpTriage", "TriageFacts", "TriageRules", "TriageReporting", "SymbolStore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // MARK: Test helpers (independent writers: they never import the parsers' layouts)
    .target(name: "KernelDumpSynth", path: "Tests/KernelDumpSynth"),
    .target(name: "MinidumpSynth", path: "Tests/MinidumpSynth"),
    .target(name: "TriageTestSupport", path: "Tests/TriageTestSupport"),

    // MARK: Tests
    .testTarget(name: "BinaryReadingTests", dependencies: ["BinaryReading"]),
    .testTarget(
      name: "DumpFormatsTests", dependencies: ["DumpFormats", "TriageTestSupport"]),
    .testTarget(
      name: "KernelDumpParsingTests",
      dependencies: ["KernelDumpParsing", "KernelDumpSynth", "TriageTestSupport", "BinaryReading"]),
    .testTarget(
      name: "MinidumpParsingTests",
      dependencies: ["MinidumpParsing", "MinidumpSynth", "TriageTestSupport", "ContainerFormats"]),
    .testTarget(
      name: "ContainerFormatsTests", dependencies: ["ContainerFormats", "TriageTestSupport"]),
    .testTarget(
      name: "SymbolsTests",
      dependencies: [
        "PEImageParsing", "PDBSymbols", "BreakpadSymbols", "SymbolStore", "TriageTestSupport",
      ],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "StackUnwindingTests",
      dependencies: [
        "StackUnwinding", "KernelDumpParsing", "MinidumpParsing", "KernelDumpSynth",
        "MinidumpSynth", "TriageTestSupport",
      ]),
    .testTarget(name: "TriageFactsTests", dependencies: ["TriageFacts"]),
    .testTarget(
      name: "TriageRulesTests", dependencies: ["TriageRules", "TriageFacts", "TriageTestSupport"]),
    .testTarget(
      name: "TriageAnalysisTests",
      dependencies: [
        "TriageAnalysis", "TriageFacts", "TriageTestSupport",
        .product(name: "Yams", package: "Yams"),
      ]),
    .testTarget(
      name: "TriageReportingTests",
      dependencies: ["TriageReporting", "TriageFacts", "TriageTestSupport"],
      exclude: ["Goldens"]),
    .testTarget(
      name: "DumpTriageTests",
      dependencies: [
        "DumpTriage", "KernelDumpSynth", "MinidumpSynth", "TriageTestSupport", "TriageFacts",
        "TriageReporting", "TriageRules", "SymbolStore",
      ]),
    .testTarget(
      name: "CLITests", dependencies: ["TriageTestSupport"], exclude: ["Goldens"]),
  ]
)
