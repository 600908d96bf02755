import BinaryReading

/// What a file is, recognised by its first bytes (never by its extension).
public enum FileSignature: Hashable, Sendable, CustomStringConvertible {
  /// `MDMP`: a user-mode minidump.
  case minidump
  /// `PAGEDUMP`: a 32-bit kernel dump (DUMP_HEADER32).
  case kernelDump32
  /// `PAGEDU64`: a 64-bit kernel dump (DUMP_HEADER64).
  case kernelDump64
  /// `USERDUMP` / `USERDU64`: a legacy full user-mode dump (not supported).
  case legacyUserDump
  /// gzip (`1f 8b`).
  case gzip
  /// zip (`PK\x03\x04`, or `PK\x05\x06` for an empty archive).
  case zip
  /// Microsoft cabinet (`MSCF`).
  case cabinet
  /// Anything else; carries the first bytes for the error message.
  case unknown([UInt8])

  /// Recognises the signature at the start of `reader`'s window.
  public init(_ reader: ByteReader) {
    func has(_ text: String) -> Bool { reader.matches(Array(text.utf8)) }
    if has("PAGEDU64") {
      self = .kernelDump64
    } else if has("PAGEDUMP") {
      self = .kernelDump32
    } else if has("MDMP") {
      self = .minidump
    } else if has("USERDUMP") || has("USERDU64") {
      self = .legacyUserDump
    } else if reader.matches([0x1F, 0x8B]) {
      self = .gzip
    } else if reader.matches([0x50, 0x4B, 0x03, 0x04]) || reader.matches([0x50, 0x4B, 0x05, 0x06]) {
      self = .zip
    } else if has("MSCF") {
      self = .cabinet
    } else {
      self = .unknown((try? reader.byteArray(at: 0, count: min(8, reader.count))) ?? [])
    }
  }

  /// Whether this is an archive or compressed container.
  public var isContainer: Bool {
    switch self {
    case .gzip, .zip, .cabinet: true
    default: false
    }
  }

  /// A name for messages, such as `user-mode minidump (MDMP)`.
  public var description: String {
    switch self {
    case .minidump: "user-mode minidump (MDMP)"
    case .kernelDump32: "32-bit kernel dump (PAGEDUMP)"
    case .kernelDump64: "64-bit kernel dump (PAGEDU64)"
    case .legacyUserDump: "legacy full user-mode dump (USERDUMP/USERDU64)"
    case .gzip: "gzip container"
    case .zip: "zip container"
    case .cabinet: "cabinet container (MSCF)"
    case .unknown(let bytes):
      "unrecognised data (first bytes: "
        + bytes.map {
          String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }
        .joined(separator: " ") + ")"
    }
  }
}
