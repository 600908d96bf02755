import BinaryReading
import DumpFormats
import Foundation

/// `MINIDUMP_MISC_INFO` through `MINIDUMP_MISC_INFO_5` (minidumpapiset.h): process id, times,
/// processor power, time zone and build strings.
///
/// The layout grows with `SizeOfInfo` (24, 44, 232, 832, 1364 bytes). A field is kept only when
/// it lies inside `SizeOfInfo` **and** its `Flags1` bit is set.
public struct MiscInfo: MinidumpStream, Hashable {
  /// The stream type (15).
  public static var streamType: MinidumpStreamType { .miscInfo }

  /// `SizeOfInfo`.
  public var sizeOfInfo: UInt32
  /// `Flags1`.
  public var flags: UInt32
  /// `ProcessId` (flag 0x1).
  public var processID: UInt32?
  /// `ProcessCreateTime` as seconds since 1970 (flag 0x2).
  public var processCreateTime: UInt32?
  /// `ProcessUserTime` in seconds (flag 0x2).
  public var processUserTime: UInt32?
  /// `ProcessKernelTime` in seconds (flag 0x2).
  public var processKernelTime: UInt32?
  /// Processor power information (flag 0x4, from MISC_INFO_2).
  public var processorPower: ProcessorPower?
  /// `ProcessIntegrityLevel` (flag 0x10, MISC_INFO_3).
  public var processIntegrityLevel: UInt32?
  /// `ProcessExecuteFlags` (flag 0x20).
  public var processExecuteFlags: UInt32?
  /// `ProtectedProcess` (flag 0x80).
  public var protectedProcess: UInt32?
  /// `TimeZoneId` (flag 0x40).
  public var timeZoneID: UInt32?
  /// The time zone (flag 0x40).
  public var timeZone: TimeZone?
  /// `BuildString`, such as `10.0.19041.1 (WinBuild.160101.0800)` (flag 0x100, MISC_INFO_4).
  public var buildString: String?
  /// `DbgBldStr` (flag 0x100).
  public var debugBuildString: String?
  /// `ProcessCookie` (flag 0x200, MISC_INFO_5).
  public var processCookie: UInt32?
  /// Problems found while parsing.
  public var notes: [Note]

  /// The processor power fields of MISC_INFO_2.
  public struct ProcessorPower: Hashable, Sendable {
    /// `ProcessorMaxMhz`.
    public var maxMhz: UInt32
    /// `ProcessorCurrentMhz`.
    public var currentMhz: UInt32
    /// `ProcessorMhzLimit`.
    public var mhzLimit: UInt32
    /// `ProcessorMaxIdleState`.
    public var maxIdleState: UInt32
    /// `ProcessorCurrentIdleState`.
    public var currentIdleState: UInt32
  }

  /// The parts of `TIME_ZONE_INFORMATION` a report shows.
  public struct TimeZone: Hashable, Sendable {
    /// `Bias` in minutes (UTC = local + bias).
    public var bias: Int32
    /// `StandardName`.
    public var standardName: String
    /// `DaylightName`.
    public var daylightName: String
  }

  /// The process creation time as a date.
  public var processCreateDate: Date? { processCreateTime.flatMap(WindowsTime.date(fromUnixTime:)) }

  /// Parses the stream; fields beyond the stream's bytes are left out.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_MISC_INFO"
    sizeOfInfo = try stream.read(UInt32.self, at: 0, name + ".SizeOfInfo")
    flags = try stream.read(UInt32.self, at: 4, name + ".Flags1")
    notes = []
    let limit = min(Int(clamping: sizeOfInfo), stream.count)
    if Int(clamping: sizeOfInfo) > stream.count {
      notes.append(
        Note(
          code: "minidump.misc_info.short",
          message:
            "\(name).SizeOfInfo is \(sizeOfInfo) but the stream has \(stream.count) bytes; reading what is there",
          offset: stream.fileOffset(of: 0)))
    }
    let flags = flags
    func field(_ offset: Int, _ flag: UInt32, _ field: String) throws(ReadError) -> UInt32? {
      guard flags & flag != 0, offset + 4 <= limit else { return nil }
      return try stream.read(UInt32.self, at: offset, name + "." + field)
    }
    processID = try field(0x08, 0x1, "ProcessId")
    processCreateTime = try field(0x0C, 0x2, "ProcessCreateTime")
    processUserTime = try field(0x10, 0x2, "ProcessUserTime")
    processKernelTime = try field(0x14, 0x2, "ProcessKernelTime")
    if flags & 0x4 != 0, 0x2C <= limit {
      processorPower = ProcessorPower(
        maxMhz: try stream.read(UInt32.self, at: 0x18, name + ".ProcessorMaxMhz"),
        currentMhz: try stream.read(UInt32.self, at: 0x1C, name + ".ProcessorCurrentMhz"),
        mhzLimit: try stream.read(UInt32.self, at: 0x20, name + ".ProcessorMhzLimit"),
        maxIdleState: try stream.read(UInt32.self, at: 0x24, name + ".ProcessorMaxIdleState"),
        currentIdleState: try stream.read(
          UInt32.self, at: 0x28, name + ".ProcessorCurrentIdleState"))
    } else {
      processorPower = nil
    }
    processIntegrityLevel = try field(0x2C, 0x10, "ProcessIntegrityLevel")
    processExecuteFlags = try field(0x30, 0x20, "ProcessExecuteFlags")
    protectedProcess = try field(0x34, 0x80, "ProtectedProcess")
    timeZoneID = try field(0x38, 0x40, "TimeZoneId")
    if flags & 0x40 != 0, 0xE8 <= limit {
      // TIME_ZONE_INFORMATION at 0x3C: Bias, StandardName[32], StandardDate(16), StandardBias,
      // DaylightName[32], DaylightDate(16), DaylightBias.
      timeZone = TimeZone(
        bias: try stream.read(Int32.self, at: 0x3C, name + ".TimeZone.Bias"),
        standardName: try stream.utf16String(at: 0x40, units: 32, name + ".TimeZone.StandardName"),
        daylightName: try stream.utf16String(at: 0x94, units: 32, name + ".TimeZone.DaylightName"))
    } else {
      timeZone = nil
    }
    if flags & 0x100 != 0, 0x340 <= limit {
      let build = try stream.utf16String(at: 0xE8, units: 260, name + ".BuildString")
      let debugBuild = try stream.utf16String(at: 0x2F0, units: 40, name + ".DbgBldStr")
      buildString = build.isEmpty ? nil : build
      debugBuildString = debugBuild.isEmpty ? nil : debugBuild
    } else {
      buildString = nil
      debugBuildString = nil
    }
    processCookie = try field(0x550, 0x200, "ProcessCookie")
  }
}
