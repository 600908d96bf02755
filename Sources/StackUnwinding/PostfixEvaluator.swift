/// Evaluates Breakpad / PDB "program strings": the postfix language of `STACK WIN` frame-data
/// programs and `STACK CFI` rules (formats.md §6.2).
///
/// Operands are decimal literals, variables (`$eip`, `$T0` …) and constants (`.cbSavedRegs`,
/// `.raSearch`, `.cfa` …). Operators: `+ - * / %`, `@` (align down), `^` (dereference a
/// pointer-sized value from stack memory), `=` (assignment). Arithmetic wraps at the pointer
/// width; division by zero, unknown names, stack underflow and stray values fail the program.
struct PostfixEvaluator {
  /// Values of variables and constants.
  var values: [String: UInt64]
  /// Pointer size (4 or 8): arithmetic is masked to it and `^` reads this many bytes.
  let pointerSize: Int
  /// Reads a pointer-sized value from memory.
  let read: (UInt64) -> UInt64?
  /// Names assigned by the last `run`.
  private(set) var assigned: Set<String> = []

  init(values: [String: UInt64], pointerSize: Int, read: @escaping (UInt64) -> UInt64?) {
    self.values = values
    self.pointerSize = pointerSize
    self.read = read
  }

  private var mask: UInt64 { pointerSize == 4 ? 0xFFFF_FFFF : UInt64.max }

  /// Operands on the evaluation stack: a value, or a name not yet assigned.
  private enum Item {
    case value(UInt64)
    case name(String)
  }

  /// Runs a program of assignments (`$T0 .raSearch = $eip $T0 ^ = …`); false on any error.
  mutating func run(_ program: String) -> Bool {
    assigned = []
    var stack: [Item] = []
    for token in program.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
      let text = String(token)
      if text == "=" {
        guard stack.count >= 2, case .name(let name) = stack[stack.count - 2],
          let value = resolve(stack[stack.count - 1])
        else { return false }
        stack.removeLast(2)
        values[name] = value
        assigned.insert(name)
      } else if !apply(text, to: &stack) {
        return false
      }
    }
    return stack.isEmpty
  }

  /// Evaluates one expression (a `STACK CFI` rule) to a value.
  func evaluate(_ expression: String) -> UInt64? {
    var stack: [Item] = []
    for token in expression.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
      guard apply(String(token), to: &stack) else { return nil }
    }
    guard stack.count == 1 else { return nil }
    return resolve(stack[0])
  }

  private func resolve(_ item: Item) -> UInt64? {
    switch item {
    case .value(let value): value
    case .name(let name): values[name]
    }
  }

  /// Applies one non-assignment token.
  private func apply(_ token: String, to stack: inout [Item]) -> Bool {
    switch token {
    case "+", "-", "*", "/", "%", "@":
      guard stack.count >= 2, let rhs = resolve(stack[stack.count - 1]),
        let lhs = resolve(stack[stack.count - 2])
      else { return false }
      stack.removeLast(2)
      let result: UInt64
      switch token {
      case "+": result = lhs &+ rhs
      case "-": result = lhs &- rhs
      case "*": result = lhs &* rhs
      case "/":
        guard rhs != 0 else { return false }
        result = lhs / rhs
      case "%":
        guard rhs != 0 else { return false }
        result = lhs % rhs
      default:
        guard rhs != 0 else { return false }
        result = lhs & (0 &- rhs)
      }
      stack.append(.value(result & mask))
    case "^":
      guard let address = stack.last.flatMap(resolve), let value = read(address) else {
        return false
      }
      stack.removeLast()
      stack.append(.value(value & mask))
    default:
      if let first = token.first, first.isNumber || (first == "-" && token.count > 1) {
        guard let number = Self.literal(token) else { return false }
        stack.append(.value(number & mask))
      } else if token.hasPrefix("$") || token.hasPrefix(".") {
        // Variables may be assigned later (left side of `=`); constants must be known.
        if token.hasPrefix(".") && values[token] == nil { return false }
        stack.append(.name(token))
      } else if values[token] != nil {
        stack.append(.name(token))  // bare register names in CFI rules (`sp`, `x29`)
      } else {
        return false
      }
    }
    return true
  }

  /// A decimal literal (also accepts `0x` hex and a leading minus, as Breakpad's reader does).
  static func literal(_ token: String) -> UInt64? {
    var text = Substring(token)
    var negative = false
    if text.hasPrefix("-") {
      negative = true
      text = text.dropFirst()
    }
    let value: UInt64?
    if text.hasPrefix("0x") || text.hasPrefix("0X") {
      value = UInt64(text.dropFirst(2), radix: 16)
    } else {
      value = UInt64(text, radix: 10)
    }
    guard let value else { return nil }
    return negative ? 0 &- value : value
  }
}

/// Applies Breakpad `STACK CFI` rules (formats.md §6.2).
///
/// `.cfa` first, then `.ra` with `.cfa` bound, then each register rule. Returns the caller's PC,
/// SP and restored registers.
enum CFIRules {
  /// The caller's state, or nil when `.cfa`/`.ra` are missing or fail.
  static func apply(
    _ rules: [String: String], callee: FrameState, ipName: String, spName: String,
    calleeSaved: [String], state: WalkState
  ) -> FrameState? {
    var values: [String: UInt64] = [:]
    for (name, value) in callee.registers {
      values["$" + name] = value
      values[name] = value
    }
    values["$" + ipName] = callee.pc
    values[ipName] = callee.pc
    values["$" + spName] = callee.sp
    values[spName] = callee.sp
    var evaluator = PostfixEvaluator(
      values: values, pointerSize: state.pointerSize, read: { state.readPointer($0) })
    guard let cfaRule = rules[".cfa"], let cfa = evaluator.evaluate(cfaRule) else {
      state.log("  STACK CFI: no usable .cfa rule")
      return nil
    }
    evaluator.values[".cfa"] = cfa
    guard let raRule = rules[".ra"], let ra = evaluator.evaluate(raRule) else {
      state.log("  STACK CFI: no usable .ra rule")
      return nil
    }
    var registers: [String: UInt64] = [:]
    for name in calleeSaved { registers[name] = callee.registers[name] }
    var sp = cfa
    for (key, rule) in rules where !key.hasPrefix(".") {
      let name = FrameState.canonicalName(
        key.hasPrefix("$") ? String(key.dropFirst()) : key, callee.architecture)
      if rule == ".undef" {
        registers[name] = nil
        continue
      }
      guard let value = evaluator.evaluate(rule) else { continue }
      if name == spName { sp = value } else if name != ipName { registers[name] = value }
    }
    var caller = FrameState(
      architecture: callee.architecture, pc: ra, sp: sp, registers: registers, trust: .cfi)
    if callee.architecture == .arm { caller.pc &= ~1 }
    state.log(
      "  STACK CFI: .cfa=0x\(hex(cfa)) .ra=0x\(hex(ra)) (\(rules.count) rules)")
    return caller
  }
}
