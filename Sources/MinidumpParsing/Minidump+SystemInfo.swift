import BinaryReading
import DumpFormats

/// `MINIDUMP_SYSTEM_INFO` (minidumpapiset.h): processor and operating system of the crashed
/// machine.
public struct SystemInfo: MinidumpStream, Hashable {
  /// The stream type (7).
  public static var streamType: MinidumpStreamType { .systemInfo }

  /// `ProcessorArchitecture` as recorded (0 x86, 5 ARM, 6 IA64, 9 AMD64, 12 ARM64, …).
  public var processorArchitecture: UInt16
  /// `ProcessorLevel` (the x86 family).
  public var processorLevel: UInt16
  /// `ProcessorRevision` (x86: model << 8 | stepping).
  public var processorRevision: UInt16
  /// `NumberOfProcessors`.
  public var processorCount: UInt8
  /// `ProductType` (1 workstation, 2 domain controller, 3 server).
  public var productType: UInt8
  /// `MajorVersion`.
  public var majorVersion: UInt32
  /// `MinorVersion`.
  public var minorVersion: UInt32
  /// `BuildNumber`.
  public var buildNumber: UInt32
  /// `PlatformId`.
  public var platform: PlatformID
  /// The service pack text from `CSDVersionRva` ("Service Pack 2"), or `nil` when empty.
  public var csdVersion: String?
  /// `SuiteMask`.
  public var suiteMask: UInt16
  /// x86 only: the CPUID vendor string ("GenuineIntel").
  public var cpuVendor: String?
  /// x86 only: CPUID 1 EAX.
  public var cpuVersionInformation: UInt32?
  /// x86 only: CPUID 1 EDX.
  public var cpuFeatureInformation: UInt32?
  /// Non-x86: `ProcessorFeatures[2]`.
  public var processorFeatures: [UInt64]
  /// Problems found while parsing.
  public var notes: [Note]

  /// The architecture (unknown values kept).
  public var architecture: CPUArchitecture {
    CPUArchitecture(processorArchitecture: processorArchitecture)
  }

  /// CPU family (`ProcessorLevel`).
  public var cpuFamily: UInt32 { UInt32(processorLevel) }
  /// CPU model (high byte of `ProcessorRevision`).
  public var cpuModel: UInt32 { UInt32(processorRevision >> 8) }
  /// CPU stepping (low byte of `ProcessorRevision`).
  public var cpuStepping: UInt32 { UInt32(processorRevision & 0xFF) }

  /// `major.minor.build`, as Breakpad prints it (`5.1.2600`).
  public var osVersion: String { "\(majorVersion).\(minorVersion).\(buildNumber)" }

  /// The service pack number parsed from ``csdVersion`` ("Service Pack 2" → 2).
  public var servicePack: UInt32? {
    guard let csdVersion, csdVersion.hasPrefix("Service Pack ") else { return nil }
    let digits = csdVersion.dropFirst("Service Pack ".count).prefix { $0.isNumber }
    return UInt32(digits)
  }

  /// Parses the 56-byte structure.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MINIDUMP_SYSTEM_INFO"
    processorArchitecture = try stream.read(UInt16.self, at: 0, name + ".ProcessorArchitecture")
    processorLevel = try stream.read(UInt16.self, at: 2, name + ".ProcessorLevel")
    processorRevision = try stream.read(UInt16.self, at: 4, name + ".ProcessorRevision")
    processorCount = try stream.read(UInt8.self, at: 6, name + ".NumberOfProcessors")
    productType = try stream.read(UInt8.self, at: 7, name + ".ProductType")
    majorVersion = try stream.read(UInt32.self, at: 8, name + ".MajorVersion")
    minorVersion = try stream.read(UInt32.self, at: 12, name + ".MinorVersion")
    buildNumber = try stream.read(UInt32.self, at: 16, name + ".BuildNumber")
    platform = PlatformID(rawValue: try stream.read(UInt32.self, at: 20, name + ".PlatformId"))
    let csdRVA = try stream.read(UInt32.self, at: 24, name + ".CSDVersionRva")
    suiteMask = try stream.read(UInt16.self, at: 28, name + ".SuiteMask")
    notes = []
    csdVersion = nil
    if csdRVA != 0 {
      do {
        let text = try context.file.minidumpString(at: csdRVA, name + ".CSDVersion")
        csdVersion = text.isEmpty ? nil : text
      } catch {
        notes.append(
          Note(
            code: "minidump.system_info.csd_version",
            message: "the service pack string is unreadable: \(error)", offset: error.offset))
      }
    }
    processorFeatures = []
    cpuVendor = nil
    cpuVersionInformation = nil
    cpuFeatureInformation = nil
    if stream.count >= 56 {
      if processorArchitecture == 0 || processorArchitecture == 10 {
        let vendor = try stream.fixedString(at: 32, count: 12, name + ".Cpu.VendorId")
        cpuVendor = vendor.isEmpty ? nil : vendor
        cpuVersionInformation = try stream.read(UInt32.self, at: 44, name + ".Cpu")
        cpuFeatureInformation = try stream.read(UInt32.self, at: 48, name + ".Cpu")
      } else {
        processorFeatures = [
          try stream.read(UInt64.self, at: 32, name + ".Cpu"),
          try stream.read(UInt64.self, at: 40, name + ".Cpu"),
        ]
      }
    } else {
      notes.append(
        Note(
          code: "minidump.system_info.short",
          message: "\(name) has \(stream.count) bytes instead of 56; CPU details skipped",
          offset: stream.fileOffset(of: 0)))
    }
  }
}

/// `PlatformId` from MINIDUMP_SYSTEM_INFO (`VER_PLATFORM_*`, plus Breakpad's values).
public struct PlatformID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The raw value.
  public var rawValue: UInt32
  /// Creates a platform id.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// Windows NT (`VER_PLATFORM_WIN32_NT`, 2).
  public static var windowsNT: Self { .init(rawValue: 2) }
  /// Windows 9x (`VER_PLATFORM_WIN32_WINDOWS`, 1).
  public static var windows9x: Self { .init(rawValue: 1) }

  /// Whether the dump came from Windows.
  public var isWindows: Bool { rawValue <= 3 }

  /// The OS name Breakpad prints (`Windows NT`, `Linux`, `Mac OS X`…).
  public var description: String {
    switch rawValue {
    case 0: "Windows 3.1 (Win32s)"
    case 1: "Windows 9x"
    case 2: "Windows NT"
    case 3: "Windows CE"
    case 0x8000: "Unix"
    case 0x8101: "Mac OS X"
    case 0x8102: "iOS"
    case 0x8201: "Linux"
    case 0x8202: "Solaris"
    case 0x8203: "Android"
    case 0x8204: "PS3"
    case 0x8205: "NaCl"
    case 0x8206: "Fuchsia"
    default: "0x" + String(rawValue, radix: 16)
    }
  }
}
