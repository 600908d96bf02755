/// A register set recovered from a dump (a CONTEXT record or an unwound frame).
///
/// Registers are kept by name, in the order of the architecture's CONTEXT layout, so reports can
/// print them as WinDbg does and the stack walker can read and write them generically.
public struct CPUContext: Hashable, Sendable {
  /// The architecture the registers belong to.
  public var architecture: CPUArchitecture
  /// The `ContextFlags` field, when the record had one.
  public var flags: UInt32
  /// Registers in layout order: (lowercase name, value).
  public private(set) var registers: [(name: String, value: UInt64)]

  /// Creates a context.
  public init(architecture: CPUArchitecture, flags: UInt32 = 0, registers: [(String, UInt64)]) {
    self.architecture = architecture
    self.flags = flags
    self.registers = registers.map { (name: $0.0, value: $0.1) }
  }

  /// The value of a register by lowercase name.
  public subscript(name: String) -> UInt64? {
    get { registers.first { $0.name == name }?.value }
    set {
      if let index = registers.firstIndex(where: { $0.name == name }) {
        if let newValue { registers[index].value = newValue } else { registers.remove(at: index) }
      } else if let newValue {
        registers.append((name: name, value: newValue))
      }
    }
  }

  /// The name of the instruction pointer register for this architecture.
  public var instructionPointerName: String {
    switch architecture {
    case .x86: "eip"
    case .amd64: "rip"
    case .arm, .arm64: "pc"
    default: "ip"
    }
  }

  /// The name of the stack pointer register for this architecture.
  public var stackPointerName: String {
    switch architecture {
    case .x86: "esp"
    case .amd64: "rsp"
    default: "sp"
    }
  }

  /// The name of the frame pointer register for this architecture.
  public var framePointerName: String {
    switch architecture {
    case .x86: "ebp"
    case .amd64: "rbp"
    case .arm64: "fp"
    case .arm: "r11"
    default: "fp"
    }
  }

  /// The instruction pointer (ARM Thumb bit cleared).
  public var instructionPointer: UInt64? {
    guard let value = self[instructionPointerName] else { return nil }
    return architecture == .arm ? value & ~1 : value
  }

  /// The stack pointer.
  public var stackPointer: UInt64? { self[stackPointerName] }

  /// The frame pointer.
  public var framePointer: UInt64? { self[framePointerName] }

  public static func == (lhs: CPUContext, rhs: CPUContext) -> Bool {
    lhs.architecture == rhs.architecture && lhs.flags == rhs.flags
      && lhs.registers.elementsEqual(rhs.registers) { $0.name == $1.name && $0.value == $1.value }
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(architecture)
    hasher.combine(flags)
    for register in registers {
      hasher.combine(register.name)
      hasher.combine(register.value)
    }
  }
}
