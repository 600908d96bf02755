/// A processor architecture, as recorded by a dump.
///
/// Kernel dumps record an IMAGE_FILE_MACHINE value (`MachineImageType`), minidumps a
/// PROCESSOR_ARCHITECTURE value; both map to this type. Unknown values are kept.
public enum CPUArchitecture: Hashable, Sendable, CustomStringConvertible {
  case x86
  case amd64
  case arm
  case arm64
  case ia64
  case unknown(UInt32)

  /// From an `IMAGE_FILE_MACHINE_*` value (winnt.h).
  public init(machineType: UInt32) {
    switch machineType {
    case 0x014C: self = .x86
    case 0x8664: self = .amd64
    case 0x01C0, 0x01C2, 0x01C4: self = .arm
    case 0xAA64: self = .arm64
    case 0x0200: self = .ia64
    default: self = .unknown(machineType)
    }
  }

  /// From a `PROCESSOR_ARCHITECTURE_*` value (winnt.h, MINIDUMP_SYSTEM_INFO).
  public init(processorArchitecture: UInt16) {
    switch processorArchitecture {
    case 0: self = .x86
    case 9: self = .amd64
    case 5: self = .arm
    case 12: self = .arm64
    case 6: self = .ia64
    default: self = .unknown(UInt32(processorArchitecture))
    }
  }

  /// Pointer size in bytes (8 for unknown architectures).
  public var pointerSize: Int {
    switch self {
    case .x86, .arm: 4
    default: 8
    }
  }

  /// The short name users know: `x86`, `x64`, `arm`, `arm64`, `ia64`, or `unknown(0x…)`.
  public var description: String {
    switch self {
    case .x86: "x86"
    case .amd64: "x64"
    case .arm: "arm"
    case .arm64: "arm64"
    case .ia64: "ia64"
    case .unknown(let raw): "unknown(0x\(String(raw, radix: 16)))"
    }
  }
}
