/// A stream type from `MINIDUMP_DIRECTORY.StreamType` (`MINIDUMP_STREAM_TYPE`, minidumpapiset.h).
///
/// Unknown and vendor values stay representable and print as hex, so a dump with a private
/// stream (Wine's 0xFFF0, Breakpad's 0x4767xxxx) can still be listed and read.
public struct MinidumpStreamType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The raw value.
  public var rawValue: UInt32
  /// Creates a stream type from its raw value.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// Padding entry (`UnusedStream`, 0); Windows writers leave several at the end.
  public static var unused: Self { .init(rawValue: 0) }
  /// `ThreadListStream` (3).
  public static var threadList: Self { .init(rawValue: 3) }
  /// `ModuleListStream` (4).
  public static var moduleList: Self { .init(rawValue: 4) }
  /// `MemoryListStream` (5).
  public static var memoryList: Self { .init(rawValue: 5) }
  /// `ExceptionStream` (6).
  public static var exception: Self { .init(rawValue: 6) }
  /// `SystemInfoStream` (7).
  public static var systemInfo: Self { .init(rawValue: 7) }
  /// `ThreadExListStream` (8).
  public static var threadExList: Self { .init(rawValue: 8) }
  /// `Memory64ListStream` (9).
  public static var memory64List: Self { .init(rawValue: 9) }
  /// `CommentStreamA` (10).
  public static var commentA: Self { .init(rawValue: 10) }
  /// `CommentStreamW` (11).
  public static var commentW: Self { .init(rawValue: 11) }
  /// `HandleDataStream` (12).
  public static var handleData: Self { .init(rawValue: 12) }
  /// `FunctionTableStream` (13).
  public static var functionTable: Self { .init(rawValue: 13) }
  /// `UnloadedModuleListStream` (14).
  public static var unloadedModuleList: Self { .init(rawValue: 14) }
  /// `MiscInfoStream` (15).
  public static var miscInfo: Self { .init(rawValue: 15) }
  /// `MemoryInfoListStream` (16).
  public static var memoryInfoList: Self { .init(rawValue: 16) }
  /// `ThreadInfoListStream` (17).
  public static var threadInfoList: Self { .init(rawValue: 17) }
  /// `HandleOperationListStream` (18).
  public static var handleOperationList: Self { .init(rawValue: 18) }
  /// `TokenStream` (19).
  public static var token: Self { .init(rawValue: 19) }
  /// `JavaScriptDataStream` (20).
  public static var javaScriptData: Self { .init(rawValue: 20) }
  /// `SystemMemoryInfoStream` (21).
  public static var systemMemoryInfo: Self { .init(rawValue: 21) }
  /// `ProcessVmCountersStream` (22).
  public static var processVMCounters: Self { .init(rawValue: 22) }
  /// `IptTraceStream` (23).
  public static var iptTrace: Self { .init(rawValue: 23) }
  /// `ThreadNamesStream` (24).
  public static var threadNames: Self { .init(rawValue: 24) }
  /// Wine's private stream (0xFFF0), written by Wine's dbghelp; its content is undocumented.
  public static var winePrivate: Self { .init(rawValue: 0xFFF0) }
  /// Breakpad `MINIDUMP_BREAKPAD_INFO` (0x47670001).
  public static var breakpadInfo: Self { .init(rawValue: 0x4767_0001) }
  /// Breakpad assertion info (0x47670002).
  public static var breakpadAssertionInfo: Self { .init(rawValue: 0x4767_0002) }
  /// Crashpad info (0x43500001).
  public static var crashpadInfo: Self { .init(rawValue: 0x4350_0001) }

  private static let names: [UInt32: String] = [
    0: "UnusedStream", 1: "ReservedStream0", 2: "ReservedStream1", 3: "ThreadListStream",
    4: "ModuleListStream", 5: "MemoryListStream", 6: "ExceptionStream", 7: "SystemInfoStream",
    8: "ThreadExListStream", 9: "Memory64ListStream", 10: "CommentStreamA", 11: "CommentStreamW",
    12: "HandleDataStream", 13: "FunctionTableStream", 14: "UnloadedModuleListStream",
    15: "MiscInfoStream", 16: "MemoryInfoListStream", 17: "ThreadInfoListStream",
    18: "HandleOperationListStream", 19: "TokenStream", 20: "JavaScriptDataStream",
    21: "SystemMemoryInfoStream", 22: "ProcessVmCountersStream", 23: "IptTraceStream",
    24: "ThreadNamesStream", 0xFFF0: "WinePrivateStream", 0x4767_0001: "BreakpadInfo",
    0x4767_0002: "BreakpadAssertionInfo", 0x4767_0003: "BreakpadLinuxCpuInfo",
    0x4767_0004: "BreakpadLinuxProcStatus", 0x4767_0005: "BreakpadLinuxLsbRelease",
    0x4767_0006: "BreakpadLinuxCmdLine", 0x4767_0007: "BreakpadLinuxEnviron",
    0x4767_0008: "BreakpadLinuxAuxv", 0x4767_0009: "BreakpadLinuxMaps",
    0x4767_000A: "BreakpadLinuxDsoDebug", 0x4350_0001: "CrashpadInfo",
    0x4B6B_0002: "StabilityReport", 0x4D7A_0001: "MozMacosCrashInfo",
    0x4D7A_0002: "MozMacosBootargs", 0x4D7A_0003: "MozLinuxLimits", 0x4D7A_0004: "MozSoftErrors",
  ]

  /// The Windows or vendor name (`ThreadListStream`), or `nil` for an unknown value.
  public var name: String? {
    if let name = Self.names[rawValue] { return name }
    if (0x8000...0x800C).contains(rawValue) { return "ceStream" + String(rawValue - 0x8000) }
    return nil
  }

  /// Whether this is a vendor or user stream (above `LastReservedStream`, 0xFFFF) or Wine's.
  public var isVendor: Bool { rawValue > 0xFFFF || rawValue == 0xFFF0 }

  /// The name and hex value: `ThreadListStream (0x3)`, or `0x12345678` when unknown.
  public var description: String {
    let hex = "0x" + String(rawValue, radix: 16)
    return name.map { "\($0) (\(hex))" } ?? hex
  }
}
