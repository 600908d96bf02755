import Foundation
import TriageFacts

/// The result of triaging one dump: the crash facts plus the dump-specific details a report
/// shows.
///
/// ``facts`` is what rules and grouping use; the rest explains where the facts came from.
public struct DumpAnalysis: Codable, Hashable, Sendable {
  /// The JSON schema version of this structure.
  public static let schemaVersion = 1

  /// The file as named on the command line.
  public var displayName: String
  /// File size in bytes.
  public var fileSize: Int
  /// The dump format, for example `64-bit kernel dump (PAGEDU64)`.
  public var format: String
  /// The crash facts.
  public var facts: CrashFacts
  /// The bug check explained, parameter by parameter, with code addresses located.
  public var bugCheck: BugCheckDetails?
  /// The crash address (the dump context's instruction pointer), located.
  public var crashAddress: LocatedAddress?
  /// Loaded modules whose ranges hold a value found on the stack, in first-seen order.
  public var stackModules: [String]
  /// How far to trust the stack and the verdict, in one sentence.
  public var trust: String
  /// Kernel dump header details, for kernel dumps.
  public var kernel: KernelDumpDetails?
  /// Process, exception, threads and modules, for user-mode minidumps.
  public var user: UserDumpDetails?
  /// Problems found while reading the dump.
  public var notes: [AnalysisNote]
  /// The stack walker's decisions, one per line, when tracing was asked for (`--verbose`).
  public var stackTrace: [String]? = nil
}

/// An address and where it lies.
public struct LocatedAddress: Codable, Hashable, Sendable {
  /// The address.
  public var address: UInt64
  /// Module file name, when in a loaded module.
  public var module: String?
  /// Offset in the module.
  public var moduleOffset: UInt64?
  /// Name of an unloaded driver whose old range holds the address.
  public var unloadedModule: String?

  /// `amdppm.sys+0x334c`, `unloaded fips.sys+0x10`, or `0x…`.
  public var text: String {
    if let module, let moduleOffset { return "\(module)+0x\(String(moduleOffset, radix: 16))" }
    if let unloadedModule, let moduleOffset {
      return "unloaded \(unloadedModule)+0x\(String(moduleOffset, radix: 16))"
    }
    return "0x" + String(address, radix: 16)
  }
}

/// A bug check with its parameters explained.
public struct BugCheckDetails: Codable, Hashable, Sendable {
  /// The code as recorded.
  public var code: UInt32
  /// Its name, when published.
  public var name: String?
  /// One sentence, when the catalog has one.
  public var summary: String?
  /// Software, hardware or manual.
  public var category: BugCheckCategory
  /// The four parameters.
  public var parameters: [Parameter]

  /// One parameter.
  public struct Parameter: Codable, Hashable, Sendable {
    /// 1…4.
    public var index: Int
    /// The value.
    public var value: UInt64
    /// What it means.
    public var meaning: String
    /// A fixed decode, when there is one.
    public var decoded: String?
    /// Where the value lies, when it is a code address in a module.
    public var location: LocatedAddress?
  }
}

/// A note for the report: a stable code, a sentence and the byte offset.
public struct AnalysisNote: Codable, Hashable, Sendable, CustomStringConvertible {
  /// Stable code (`triage.invalid`).
  public var code: String
  /// Sentence.
  public var message: String
  /// Byte offset in the file, when known.
  public var offset: UInt64?

  /// `message (at byte offset 0x…)`.
  public var description: String {
    guard let offset else { return message }
    return "\(message) (at byte offset 0x\(String(offset, radix: 16)))"
  }
}

/// Kernel dump header facts a report shows.
public struct KernelDumpDetails: Codable, Hashable, Sendable {
  /// Raw DumpType.
  public var dumpType: UInt32
  /// DumpType name (`triage (small memory dump)`).
  public var dumpTypeName: String
  /// Whether the header is 64-bit.
  public var is64Bit: Bool
  /// MajorVersion (0xF free build, 0xC checked build).
  public var majorVersion: UInt32
  /// MinorVersion (the build).
  public var minorVersion: UInt32
  /// MachineImageType.
  public var machineImageType: UInt32
  /// NumberProcessors.
  public var processors: UInt32
  /// DirectoryTableBase.
  public var directoryTableBase: UInt64
  /// PsLoadedModuleList.
  public var psLoadedModuleList: UInt64
  /// KdDebuggerDataBlock.
  public var kdDebuggerDataBlock: UInt64
  /// ProductType, when present.
  public var productType: UInt32?
  /// SuiteMask, when present.
  public var suiteMask: UInt32?
  /// Attributes, when present.
  public var attributes: UInt32?
  /// Comment, when present.
  public var comment: String?
  /// Triage: ServicePackBuild (CSD version).
  public var servicePackBuild: UInt32?
  /// Triage: SizeOfDump.
  public var sizeOfDump: UInt32?
  /// Triage: whether the TRGD marker was found.
  public var triageValid: Bool?
  /// Triage: TopOfStack.
  public var topOfStack: UInt64?
  /// Triage: SizeOfCallStack.
  public var stackSize: UInt32?
  /// Triage: data blocks mapped.
  public var dataBlocks: Int?
  /// Triage: secondary data records (`DumpBlob`): GUID tag and size, in file order.
  public var secondaryData: [SecondaryData]?
  /// Full dumps: pages the layout describes.
  public var physicalPages: UInt64?
  /// Full dumps: pages present in the file.
  public var physicalPagesInFile: UInt64?
  /// The dump's CONTEXT registers, in layout order.
  public var context: [Register]
  /// The KPRCB (bug check) CONTEXT registers, when the dump has a separate one.
  public var processorContext: [Register]?
  /// The exception record: code and address, when present.
  public var exceptionCode: UInt32?
  /// Exception address.
  public var exceptionAddress: UInt64?

  /// One secondary data record.
  public struct SecondaryData: Codable, Hashable, Sendable {
    /// The component GUID.
    public var tag: String
    /// Bytes of data.
    public var size: UInt32
  }

  /// One register.
  public struct Register: Codable, Hashable, Sendable {
    /// Lowercase name.
    public var name: String
    /// Value.
    public var value: UInt64
  }
}
