import Foundation
import KernelDumpSynth
import MinidumpSynth

/// Small synthetic seeds for the dump harnesses.
///
/// Real dumps are 10 KiB to 2 MiB; every execution copies and parses the whole input under
/// ASan, so big seeds make a harness slow. These writers produce complete, valid dumps of a
/// few KiB that reach the same code (threads, modules, memory, exception, context, stack).
enum Seeds {
  /// Writes the seeds into `corpus-<harness>/synth-*` under `directory`; returns how many.
  static func write(into directory: URL, maxSize: Int) throws -> [String: Int] {
    var written: [String: Int] = [:]
    func put(_ bytes: [UInt8], _ name: String, _ harnesses: [String]) throws {
      guard bytes.count <= maxSize else { return }
      for harness in harnesses {
        let folder = directory.appendingPathComponent("corpus-\(harness)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: folder.appendingPathComponent("synth-\(name)"))
        written[harness, default: 0] += 1
      }
    }
    for scenario in SampleScenarios.all {
      try put(scenario.dump.write(), scenario.fileName, ["kernel", "pipeline"])
      var variant = scenario.dump
      variant.includeDebuggerData = true
      variant.separateContextCopy = true
      variant.comment = "fuzz seed"
      variant.exception = (0xC000_0005, (variant.drivers.first?.base ?? 0) &+ 0x1000)
      try put(variant.write(), "debugger-data-" + scenario.fileName, ["kernel"])
    }
    let fullDumps: [(String, SynthFullDump)] = [
      ("full-x64-runs.dmp", FullDumpScenarios.x64(layout: .runs)),
      ("full-x64-bitmap.dmp", FullDumpScenarios.x64(layout: .bitmap)),
      ("full-x64-rdmp.dmp", FullDumpScenarios.x64(layout: .rdmp)),
      ("full-x86.dmp", FullDumpScenarios.x86(pae: false)),
      ("full-x86-pae.dmp", FullDumpScenarios.x86(pae: true)),
      ("full-arm64.dmp", FullDumpScenarios.arm64),
    ]
    for (name, dump) in fullDumps { try put(dump.write(), name, ["kernel", "pipeline"]) }
    for (name, bytes) in minidumps() { try put(bytes, name, ["minidump", "pipeline"]) }
    return written
  }

  /// Minidumps for x86, x64 (one WOW64), ARM64, with Memory64List and without memory.
  static func minidumps() -> [(String, [UInt8])] {
    var result: [(String, [UInt8])] = []
    // (file name, processor architecture, context writer, instruction and stack register names)
    let kinds: [(String, UInt16)] = [("x86", 0), ("amd64", 9), ("arm64", 12), ("wow64", 9)]
    for (kind, architecture) in kinds {
      for memory64 in [false, true] {
        var synth = SynthMinidump()
        synth.setSystemInfo(architecture: architecture, productType: 1, build: 19045)
        let base: UInt64 = kind == "x86" || kind == "wow64" ? 0x40_0000 : 0x7FF6_1000_0000
        synth.addModule(
          base: base, size: 0x2_0000, name: #"C:\app\app.exe"#, fileVersion: (1, 2, 3, 4),
          codeView: .pdb70(
            guid: "5A9832E5-2872-41C1-838E-D98914E9B7FF", age: 1, pdbName: "app.pdb"))
        synth.addModule(
          base: base + 0x10_0000, size: 0x1_0000, name: #"C:\Windows\System32\ntdll.dll"#,
          codeView: .pdb20(signature: 0x1234_5678, age: 2, pdbName: "ntdll.pdb"))
        if kind == "wow64" {
          synth.addModule(
            base: 0x7FFC_8B00_0000, size: 0x5_0000, name: #"C:\Windows\System32\wow64cpu.dll"#)
        }
        let stackBase: UInt64 = 0x6F_F000
        var stack: [UInt8] = []
        for word in 0..<32 {
          let value: UInt64 = word % 4 == 1 ? base + 0x1000 + UInt64(word) * 0x10 : UInt64(word)
          stack += architecture == 0 ? le32(UInt32(truncatingIfNeeded: value)) : le64(value)
        }
        let ip = base + 0x1234
        let context: SynthMinidump.Label
        switch kind {
        case "x86":
          context = synth.blob(
            MinidumpSynth.SynthContext.x86([
              "eip": UInt32(ip), "esp": UInt32(stackBase), "ebp": UInt32(stackBase + 16),
            ]))
        case "arm64":
          context = synth.blob(
            MinidumpSynth.SynthContext.arm64([
              "pc": ip, "sp": stackBase, "fp": stackBase + 16, "lr": base + 0x1100,
            ]))
        default:
          var registers: [String: UInt64] = ["rip": ip, "rsp": stackBase, "rbp": stackBase + 16]
          if kind == "wow64" { registers["cs"] = 0x23 }
          context = synth.blob(MinidumpSynth.SynthContext.amd64(registers))
        }
        if memory64 {
          synth.addThread(id: 0x44, context: context)
          synth.addMemory64(start: stackBase, bytes: stack)
          synth.addMemory64(start: ip & ~0xFFF, bytes: Array(repeating: 0xCC, count: 256))
        } else {
          synth.addThread(id: 0x44, stackStart: stackBase, stack: stack, context: context)
          synth.addThread(
            id: 0x48, stackStart: stackBase + 0x1_0000, stack: Array(stack.prefix(64)))
          synth.addMemory(start: ip & ~0xFFF, bytes: Array(repeating: 0x90, count: 256))
        }
        synth.setException(
          threadID: 0x44, code: 0xC000_0005, address: ip, parameters: [1, 0x10], context: context)
        let name = synth.string("main")
        synth.stream(type: 24, [.u32(1), .u32(0x44), .rva64(name)])
        result.append(("\(kind)\(memory64 ? "-memory64" : "").dmp", synth.finish()))
      }
    }
    var bare = SynthMinidump()
    bare.setSystemInfo(architecture: 9)
    bare.setException(threadID: 1, code: 0xC000_0409, address: 0x1000, parameters: [7])
    result.append(("bare-fastfail.dmp", bare.finish()))
    return result
  }
}
