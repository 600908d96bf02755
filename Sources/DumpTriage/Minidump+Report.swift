import DumpFormats
import Foundation
import MinidumpParsing
import TriageFacts

/// What a report shows for a user-mode crash, beyond the shared facts.
public struct UserDumpDetails: Codable, Hashable, Sendable {
  /// `MINIDUMP_HEADER.Flags` (the MINIDUMP_TYPE bits the writer used).
  public var writerFlags: UInt64
  /// Process id.
  public var processID: UInt32?
  /// Full path of the main executable.
  public var processPath: String?
  /// The process's architecture (`x86` for WOW64).
  public var processArchitecture: String?
  /// Whether the process is 32-bit on 64-bit Windows.
  public var isWOW64: Bool
  /// One sentence about WOW64, when it applies.
  public var wow64Note: String?
  /// The exception, decoded.
  public var exception: Exception?
  /// The crashing thread.
  public var crashingThread: Thread?
  /// Every thread.
  public var threads: [Thread]
  /// The crash context's registers (the exception context first).
  public var registers: [Register]
  /// WOW64: the 32-bit registers, when the dump carries them.
  public var wow64Registers: [Register]
  /// Loaded modules in load-address order.
  public var modules: [Module]
  /// Streams the parser lists but does not decode (type and size).
  public var otherStreams: [String]
  /// The writer's comment stream.
  public var comment: String?
  /// The OS build string from MiscInfo (`19041.1.amd64fre.vb_release.191206-1406`).
  public var buildString: String?

  /// The exception, decoded.
  public struct Exception: Codable, Hashable, Sendable {
    /// The code.
    public var code: UInt32
    /// Its Windows name.
    public var name: String?
    /// What it means.
    public var meaning: String?
    /// The parameters decoded (access violation, fast fail).
    public var decode: String?
    /// The faulting instruction.
    public var address: UInt64
    /// The faulting instruction as `module+0x…`.
    public var location: String?
    /// The raw parameters.
    public var parameters: [UInt64]
  }

  /// One thread.
  public struct Thread: Codable, Hashable, Sendable {
    /// Thread id.
    public var id: UInt32
    /// Thread name, when the dump has one.
    public var name: String?
    /// Stack start address.
    public var stackStart: UInt64
    /// Stack bytes captured.
    public var stackSize: UInt64
    /// The thread context's instruction pointer.
    public var instructionPointer: UInt64?
  }

  /// One register.
  public struct Register: Codable, Hashable, Sendable {
    /// Lowercase name.
    public var name: String
    /// Value.
    public var value: UInt64
  }

  /// One module.
  public struct Module: Codable, Hashable, Sendable {
    /// File name.
    public var name: String
    /// Full path as recorded.
    public var path: String
    /// Load address.
    public var base: UInt64
    /// Size in memory.
    public var size: UInt64
    /// File version from the dump.
    public var version: String?
    /// PDB name from the CodeView record.
    public var debugFile: String?
    /// Debug id (GUID + age).
    public var debugID: String?
    /// Code id (TimeDateStamp + SizeOfImage).
    public var codeID: String
    /// PE TimeDateStamp.
    public var timeDateStamp: UInt32
  }
}

extension MinidumpFacts {
  /// Collects what a report shows for a user-mode dump.
  ///
  /// - Parameter dump: The parsed dump.
  /// - Returns: The details.
  public static func details(for dump: Minidump) -> UserDumpDetails {
    let names = dump.threadNames
    func registers(_ context: CPUContext?) -> [UserDumpDetails.Register] {
      context?.registers.map { .init(name: $0.name, value: $0.value) } ?? []
    }
    func place(_ address: UInt64) -> String? {
      dump.moduleAndOffset(of: address).map {
        "\($0.module.baseName)+0x" + String($0.offset, radix: 16)
      }
    }
    let threads = dump.threads.map {
      UserDumpDetails.Thread(
        id: $0.id, name: names[$0.id], stackStart: $0.stack.start, stackSize: $0.stack.size,
        instructionPointer: $0.context?.instructionPointer)
    }
    var exception: UserDumpDetails.Exception?
    if let stream = dump.exception {
      exception = UserDumpDetails.Exception(
        code: stream.code.rawValue, name: stream.code.name, meaning: stream.code.meaning,
        decode: dump.exceptionDecode,
        address: stream.address, location: place(stream.address),
        parameters: stream.parameters)
    }
    let isWOW64 = dump.isWOW64
    var wow64Note: String?
    if isWOW64 {
      wow64Note =
        dump.systemInfo?.architecture == .x86
        ? "WOW64: a 32-bit process on 64-bit Windows, dumped by a 32-bit writer (SystemInfo says x86; the build string names a 64-bit kernel)."
        : "WOW64: a 32-bit process on 64-bit Windows; "
          + (dump.wow64Context != nil
            ? "the 32-bit registers at the crash are shown."
            : "the dump carries no 32-bit context for the crash.")
    }
    let modules = dump.minidumpModules.sorted { $0.base < $1.base }.map {
      UserDumpDetails.Module(
        name: $0.loadedModule.baseName, path: $0.name, base: $0.base, size: UInt64($0.size),
        version: $0.versionString, debugFile: $0.codeView?.pdbName,
        debugID: $0.codeView?.debugID, codeID: $0.codeID, timeDateStamp: $0.timeDateStamp)
    }
    let crashingID = dump.crashingThreadID
    return UserDumpDetails(
      writerFlags: dump.header.flags, processID: dump.miscInfo?.processID,
      processPath: dump.mainModule?.name,
      processArchitecture: isWOW64 ? "x86" : dump.architecture?.description, isWOW64: isWOW64,
      wow64Note: wow64Note, exception: exception,
      crashingThread: threads.first { $0.id == crashingID }
        ?? crashingID.map {
          UserDumpDetails.Thread(
            id: $0, name: names[$0], stackStart: 0, stackSize: 0, instructionPointer: nil)
        },
      threads: threads, registers: registers(dump.crashContext),
      wow64Registers: isWOW64 ? registers(dump.wow64Context) : [], modules: modules,
      otherStreams: dump.otherStreams.map { "\($0.type) \($0.dataSize) bytes" },
      comment: dump.comment, buildString: dump.miscInfo?.buildString)
  }

  /// Parses a minidump held in memory and collects its report details.
  ///
  /// - Parameter data: The file's bytes.
  /// - Returns: The details.
  /// - Throws: The parser's `ReadError` when the header or directory is unreadable.
  public static func details(data: Data) throws -> UserDumpDetails {
    details(for: try Minidump(data: data))
  }

  /// Text report lines for a user-mode crash: process, exception and decode, crashing thread,
  /// registers, WOW64 note and the module list with versions and debug ids.
  ///
  /// - Parameters:
  ///   - details: The details.
  ///   - showAllModules: List every module (else only the crashing one and the main executable).
  /// - Returns: The lines, without trailing newlines.
  public static func textLines(_ details: UserDumpDetails, showAllModules: Bool = true)
    -> [String]
  {
    summaryLines(details) + moduleLines(details, showAllModules: showAllModules)
  }

  /// The process, exception, crashing thread, registers and WOW64 lines.
  ///
  /// - Parameter details: The details.
  /// - Returns: The lines.
  public static func summaryLines(_ details: UserDumpDetails) -> [String] {
    var lines: [String] = []
    func field(_ name: String, _ value: String) {
      lines.append(name.padding(toLength: 19, withPad: " ", startingAt: 0) + value)
    }
    func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
    var process = details.processPath ?? "(unknown)"
    if let id = details.processID { process += " (pid \(id))" }
    if let arch = details.processArchitecture { process += ", \(arch)" }
    field("Process:", process)
    if let note = details.wow64Note { field("", note) }
    if let exception = details.exception {
      var text = "0x" + String(exception.code, radix: 16, uppercase: true)
      if let name = exception.name { text += " \(name)" }
      if let meaning = exception.meaning { text += " (\(meaning))" }
      field("Exception:", text)
      if let decode = exception.decode { field("", decode) }
      field(
        "Exception address:", hex(exception.address) + (exception.location.map { " \($0)" } ?? ""))
    } else {
      field("Exception:", "none recorded (the dump was not written for a crash)")
    }
    if let thread = details.crashingThread {
      var text = "0x" + String(thread.id, radix: 16) + " (\(thread.id))"
      if let name = thread.name { text += " \"\(name)\"" }
      field("Crashing thread:", text)
    }
    if !details.registers.isEmpty {
      lines.append("Registers at the crash:")
      lines += registerLines(details.registers)
    }
    if !details.wow64Registers.isEmpty {
      lines.append("32-bit (WOW64) registers at the crash:")
      lines += registerLines(details.wow64Registers)
    }
    field("Threads:", "\(details.threads.count)")
    if let comment = details.comment { field("Comment:", comment) }
    return lines
  }

  /// The module list (versions and debug ids) and the undecoded streams.
  ///
  /// - Parameters:
  ///   - details: The details.
  ///   - showAllModules: List every module (else only the crashing one and the main executable).
  /// - Returns: The lines.
  public static func moduleLines(_ details: UserDumpDetails, showAllModules: Bool) -> [String] {
    var lines: [String] = []
    func field(_ name: String, _ value: String) {
      lines.append(name.padding(toLength: 19, withPad: " ", startingAt: 0) + value)
    }
    func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
    field(
      "Modules:",
      "\(details.modules.count) loaded" + (showAllModules ? "" : " (--all-drivers lists them)"))
    let crashModule = details.exception?.location?.split(separator: "+").first.map(String.init)
    for module in details.modules
    where showAllModules || module.name == crashModule || module.path == details.processPath {
      var text = module.name.padding(toLength: 24, withPad: " ", startingAt: 0)
      text += hex(module.base).padding(toLength: 20, withPad: " ", startingAt: 0)
      text += (module.version ?? "-").padding(toLength: 18, withPad: " ", startingAt: 0)
      if let debugFile = module.debugFile, let id = module.debugID {
        text += "\(debugFile) \(id)"
      } else {
        text += "(no debug id)"
      }
      lines.append("  " + text)
    }
    if !details.otherStreams.isEmpty {
      field("Other streams:", details.otherStreams.joined(separator: ", "))
    }
    return lines
  }

  static func registerLines(_ registers: [UserDumpDetails.Register]) -> [String] {
    // Skip debug and segment registers: the general ones are what a reader needs.
    let skip: Set<String> = [
      "dr0", "dr1", "dr2", "dr3", "dr6", "dr7", "mxcsr", "cs", "ds", "es", "fs", "gs", "ss",
    ]
    let shown = registers.filter { !skip.contains($0.name) }
    var lines: [String] = []
    var line = ""
    for (index, register) in shown.enumerated() {
      let cell =
        register.name.padding(toLength: 7, withPad: " ", startingAt: 0) + "0x"
        + String(register.value, radix: 16)
      line += cell.padding(toLength: 26, withPad: " ", startingAt: 0)
      if index % 4 == 3 {
        lines.append("  " + line.trimmingCharacters(in: .whitespaces))
        line = ""
      }
    }
    if !line.isEmpty { lines.append("  " + line.trimmingCharacters(in: .whitespaces)) }
    return lines
  }
}
