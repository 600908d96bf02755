import BinaryReading
import DumpFormats

/// Breakpad's `MDRawAssertionInfo` (0x47670002): the failed CRT check that made the dump.
///
/// Breakpad's Windows handler writes it for invalid-parameter and pure-virtual-call crashes,
/// which otherwise look like a bare STATUS_INVALID_PARAMETER or a breakpoint.
public struct BreakpadAssertion: MinidumpStream, Hashable {
  /// The stream type (0x47670002).
  public static var streamType: MinidumpStreamType { .breakpadAssertionInfo }

  /// The failed expression (empty in release CRTs).
  public var expression: String
  /// The function that failed the check.
  public var function: String
  /// The source file.
  public var file: String
  /// The source line.
  public var line: UInt32
  /// 0 unknown, 1 invalid parameter, 2 pure virtual call.
  public var type: UInt32
  /// Problems found while parsing.
  public var notes: [Note] { [] }

  /// `invalid parameter`, `pure virtual call` or `assertion`.
  public var kind: String {
    switch type {
    case 1: "invalid parameter"
    case 2: "pure virtual call"
    default: "assertion"
    }
  }

  /// For example `invalid parameter: (buffer != NULL) in strcpy_s (strcpy.c:27)`.
  public var summary: String {
    var text = kind
    var parts: [String] = []
    if !expression.isEmpty { parts.append(expression) }
    if !function.isEmpty { parts.append("in " + function) }
    if !file.isEmpty { parts.append("(\(file):\(line))") }
    if !parts.isEmpty { text += ": " + parts.joined(separator: " ") }
    return text
  }

  /// Parses three UTF-16 fields of 128 units, then line and type.
  public init(parsing stream: ByteReader, context: MinidumpParsingContext) throws(ReadError) {
    let name = "MDRawAssertionInfo"
    expression = try stream.utf16String(at: 0, units: 128, name + ".expression")
    function = try stream.utf16String(at: 256, units: 128, name + ".function")
    file = try stream.utf16String(at: 512, units: 128, name + ".file")
    line = try stream.read(UInt32.self, at: 768, name + ".line")
    type = try stream.read(UInt32.self, at: 772, name + ".type")
  }
}

extension Minidump {
  /// Breakpad's assertion record, when present and readable.
  public var breakpadAssertion: BreakpadAssertion? { streamIfReadable(BreakpadAssertion.self) }
}
