import Foundation
import TriageFacts

/// Renders analyses as readable text, one block per dump.
public struct TextReport: Sendable {
  /// Whether to list every loaded module (not only those found on the stack).
  public var showAllModules: Bool

  /// Creates a renderer.
  public init(showAllModules: Bool = false) {
    self.showAllModules = showAllModules
  }

  /// The text for one dump.
  public func render(_ analysis: DumpAnalysis) -> String {
    var lines: [String] = []
    let facts = analysis.facts
    func field(_ name: String, _ value: String) {
      lines.append(name.padding(toLength: 19, withPad: " ", startingAt: 0) + value)
    }
    lines.append("== \(analysis.displayName) ==")
    var dump = analysis.format
    if let kernel = analysis.kernel { dump += ", \(kernel.dumpTypeName)" }
    field("Dump:", dump + ", \(analysis.fileSize) bytes")
    if let os = facts.os {
      var text = os.productName ?? "Windows"
      if let build = os.build { text += " build \(build)" }
      if let sp = os.servicePackName { text += " \(sp)" }
      if let arch = os.architecture { text += ", \(arch)" }
      if let type = os.productType {
        text += ", \(type.rawValue.replacingOccurrences(of: "_", with: " "))"
      }
      field("OS:", text)
    }
    if let count = facts.cpu?.count { field("Processors:", "\(count)") }
    if let time = facts.crashTime {
      var text = Self.format(time)
      if let up = facts.uptimeSeconds { text += " (up \(Self.duration(up)))" }
      field("Crash time:", text)
    }
    if let user = analysis.user { lines += MinidumpFacts.summaryLines(user) }
    if let bugCheck = analysis.bugCheck {
      field("Bug check:", "0x\(Self.hex8(bugCheck.code)) \(bugCheck.name ?? "(unknown code)")")
      if let summary = bugCheck.summary { field("", summary) }
      for parameter in bugCheck.parameters {
        var text =
          "P\(parameter.index) "
          + Self.hex(parameter.value).padding(
            toLength: 20, withPad: " ", startingAt: 0) + parameter.meaning
        if let decoded = parameter.decoded { text += " = \(decoded)" }
        if let location = parameter.location { text += " → \(location.text)" }
        lines.append("  " + text)
      }
    }
    if let crash = analysis.crashAddress, analysis.user == nil {
      let place = crash.module != nil || crash.unloadedModule != nil ? " \(crash.text)" : ""
      field("Crash address:", Self.hex(crash.address) + place)
    }
    if let blame = facts.blame {
      field("Probable cause:", blame.module)
      field("  because", blame.reason)
    } else {
      field("Probable cause:", "none named")
    }
    field("Trust:", analysis.trust)
    if !analysis.stackModules.isEmpty {
      field(
        analysis.user == nil ? "Drivers on stack:" : "Modules on stack:",
        analysis.stackModules.joined(separator: ", "))
    }
    if !facts.frames.isEmpty {
      lines.append("Stack (no symbols):")
      for frame in facts.frames {
        let address = frame.address.map(Self.hex) ?? "?"
        lines.append(
          "  " + String(frame.index).padding(toLength: 4, withPad: " ", startingAt: 0)
            + address.padding(toLength: 20, withPad: " ", startingAt: 0)
            + frame.displayName.padding(toLength: 36, withPad: " ", startingAt: 0)
            + frame.trust.rawValue)
      }
    }
    // User-mode dumps list their modules with versions and debug ids.
    let onStack = Set(analysis.stackModules.map { $0.lowercased() })
    let listed = facts.modules.filter {
      showAllModules || onStack.contains(ModuleFact.normalizedName($0.name))
    }
    if let user = analysis.user {
      lines += MinidumpFacts.moduleLines(user, showAllModules: showAllModules)
    } else {
      field(
        "Drivers:",
        "\(facts.modules.count) loaded, \(facts.unloadedModules.count) unloaded"
          + (showAllModules ? "" : " (--all-drivers lists them)"))
      for module in listed {
        let stamp = module.timeDateStamp.map { String(format: "%08x", $0) } ?? "?"
        lines.append(
          "  "
            + ModuleFact.normalizedName(module.name).padding(
              toLength: 24, withPad: " ", startingAt: 0)
            + Self.hex(module.base) + "  size 0x" + String(module.size, radix: 16)
            + "  timestamp 0x" + stamp + (module.version.map { "  version \($0)" } ?? ""))
      }
      if showAllModules {
        for module in facts.unloadedModules {
          lines.append(
            "  unloaded " + module.name + " " + Self.hex(module.base) + " size 0x"
              + String(module.size, radix: 16))
        }
      }
    }
    if !analysis.notes.isEmpty {
      lines.append("Notes:")
      for note in analysis.notes { lines.append("  - \(note)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

  static func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  static func format(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  static func duration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded(.down))
    let days = total / 86_400
    let hours = (total % 86_400) / 3600
    let minutes = (total % 3600) / 60
    let secs = total % 60
    return String(format: "%dd %02d:%02d:%02d", days, hours, minutes, secs)
  }
}

/// Renders a bug check explanation like WinDbg's `!analyze -show`.
public enum BugCheckText {
  /// The text for `show-bugcheck`.
  public static func render(_ explanation: BugCheckExplanation) -> String {
    var lines: [String] = []
    let name = explanation.name ?? "unknown bug check"
    lines.append("\(name) (0x\(TextReport.hex8(explanation.code)))")
    if let summary = explanation.summary { lines.append(summary) }
    if explanation.code & BugCheckCatalog.modifier != 0,
      BugCheckCatalog.name(for: explanation.code & ~BugCheckCatalog.modifier) != nil
    {
      lines.append(
        "The 0x10000000 bit marks the \"_M\" variant: same meaning and parameters as 0x\(String(explanation.code & ~BugCheckCatalog.modifier, radix: 16, uppercase: true))."
      )
    }
    switch explanation.category {
    case .hardware: lines.append("Category: hardware error (no driver is blamed).")
    case .manual: lines.append("Category: manually initiated crash (no driver is blamed).")
    case .software: break
    }
    lines.append("Arguments:")
    for argument in explanation.arguments {
      var text = "Arg\(argument.index): "
      text += argument.value.map { TextReport.hex($0) } ?? "(not given)"
      text = text.padding(toLength: 28, withPad: " ", startingAt: 0) + argument.meaning
      if let decoded = argument.decoded { text += " = \(decoded)" }
      if argument.index == explanation.culpritParameter {
        text += " [identifies the faulting driver]"
      }
      lines.append(text)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
