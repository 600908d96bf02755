import Foundation

/// The crashed process of a user-mode dump.
public struct ProcessFact: Codable, Hashable, Sendable {
  /// Process id.
  public var id: UInt32?
  /// Full path of the main executable, as recorded.
  public var path: String?
  /// When the process started (UTC).
  public var startTime: Date?
  /// The process's own architecture: `x86` for a WOW64 process on x64 Windows.
  public var architecture: String?
  /// Whether the process ran 32-bit code on 64-bit Windows (WOW64).
  public var isWOW64: Bool
  /// The crashing thread's id.
  public var crashingThreadID: UInt32?
  /// The crashing thread's name, when the dump has thread names.
  public var crashingThreadName: String?
  /// Number of threads in the dump.
  public var threadCount: Int?
  /// The crash context's registers, in layout order.
  public var registers: [RegisterFact]
  /// WOW64 only: the 32-bit registers at the crash, when the dump carries them.
  public var wow64Registers: [RegisterFact]
  /// Annotations the program attached (Crashpad: product, version, channel, crash keys).
  public var annotations: [String: String]?

  /// Creates a process fact.
  public init(
    id: UInt32? = nil, path: String? = nil, startTime: Date? = nil, architecture: String? = nil,
    isWOW64: Bool = false, crashingThreadID: UInt32? = nil, crashingThreadName: String? = nil,
    threadCount: Int? = nil, registers: [RegisterFact] = [], wow64Registers: [RegisterFact] = []
  ) {
    self.id = id
    self.path = path
    self.startTime = startTime
    self.architecture = architecture
    self.isWOW64 = isWOW64
    self.crashingThreadID = crashingThreadID
    self.crashingThreadName = crashingThreadName
    self.threadCount = threadCount
    self.registers = registers
    self.wow64Registers = wow64Registers
  }
}

/// One register value.
public struct RegisterFact: Codable, Hashable, Sendable {
  /// Lower-case register name (`rip`, `eax`, `x29`).
  public var name: String
  /// The value.
  public var value: UInt64

  /// Creates a register fact.
  public init(name: String, value: UInt64) {
    self.name = name
    self.value = value
  }
}
