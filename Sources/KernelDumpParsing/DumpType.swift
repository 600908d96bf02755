/// A kernel dump's `DumpType` field (`DUMP_TYPE`, mindumpdef.h, plus kdmp-parser's 8–0xA).
///
/// Unknown values stay representable and print as hexadecimal.
public struct DumpType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The raw field value.
  public var rawValue: UInt32
  /// Creates a dump type from the raw field.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// `DUMP_TYPE_INVALID` (0xFFFFFFFF).
  public static var invalid: Self { .init(rawValue: 0xFFFF_FFFF) }
  /// `DUMP_TYPE_UNKNOWN` (0).
  public static var unknown: Self { .init(rawValue: 0) }
  /// `DUMP_TYPE_FULL` (1): complete memory dump, pages in run order.
  public static var full: Self { .init(rawValue: 1) }
  /// `DUMP_TYPE_SUMMARY` (2): kernel memory dump (old summary layout).
  public static var summary: Self { .init(rawValue: 2) }
  /// `DUMP_TYPE_HEADER` (3): header only.
  public static var header: Self { .init(rawValue: 3) }
  /// `DUMP_TYPE_TRIAGE` (4): small memory dump (`Mini*.dmp`).
  public static var triage: Self { .init(rawValue: 4) }
  /// `DUMP_TYPE_BITMAP_FULL` (5): bitmap dump (complete or automatic).
  public static var bitmapFull: Self { .init(rawValue: 5) }
  /// `DUMP_TYPE_BITMAP_KERNEL` (6): live kernel bitmap dump.
  public static var bitmapKernel: Self { .init(rawValue: 6) }
  /// `DUMP_TYPE_AUTOMATIC` (7).
  public static var automatic: Self { .init(rawValue: 7) }
  /// Kernel memory dump (`.dump /k`, RDMP layout; kdmp-parser value 8).
  public static var kernelMemory: Self { .init(rawValue: 8) }
  /// Kernel and user memory dump (`.dump /ka`, RDMP layout; 9).
  public static var kernelAndUserMemory: Self { .init(rawValue: 9) }
  /// Complete memory dump (`.dump /f`, RDMP layout; 0xA).
  public static var complete: Self { .init(rawValue: 0xA) }

  /// A name for people: `triage (small memory dump)`, `full`, …, or `unknown (0x…)`.
  public var name: String {
    switch rawValue {
    case 0xFFFF_FFFF: "invalid"
    case 0: "unknown"
    case 1: "full"
    case 2: "kernel (summary)"
    case 3: "header only"
    case 4: "triage (small memory dump)"
    case 5: "bitmap full"
    case 6: "live kernel bitmap"
    case 7: "automatic"
    case 8: "kernel memory"
    case 9: "kernel and user memory"
    case 0xA: "complete memory"
    default: "unknown (0x\(String(rawValue, radix: 16)))"
    }
  }

  /// `name (DumpType N)`.
  public var description: String { "\(name) (DumpType \(rawValue))" }
}
