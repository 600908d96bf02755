import Foundation

/// Windows time conversions.
public enum WindowsTime {
  /// Converts a FILETIME (100 ns ticks since 1601-01-01 UTC) to a date; `nil` for 0 or for the
  /// `PAGE` fill pattern.
  public static func date(fromFileTime ticks: UInt64) -> Date? {
    guard ticks != 0, ticks != 0x4547_4150_4547_4150 else { return nil }
    let secondsFrom1601 = Double(ticks) / 10_000_000
    return Date(timeIntervalSince1970: secondsFrom1601 - 11_644_473_600)
  }

  /// Converts a `time_t` (seconds since 1970) to a date; `nil` for 0.
  public static func date(fromUnixTime seconds: UInt32) -> Date? {
    seconds == 0 ? nil : Date(timeIntervalSince1970: TimeInterval(seconds))
  }

  /// The kernel dump fill pattern for absent 32-bit fields (`PAGE`).
  public static let absent32: UInt32 = 0x4547_4150
  /// The kernel dump fill pattern for absent 64-bit fields (`PAGEPAGE`).
  public static let absent64: UInt64 = 0x4547_4150_4547_4150
}
