import Foundation

/// Renders reports as text for people: verdicts first, then the bug check, blame, stack and
/// drivers, with WinDbg's field names where people know them.
///
/// Colours (ANSI) only when ``Options/color`` is set; the CLI sets it for a TTY without
/// `--no-color`. `--explain` adds the decision notes of blame, bucket and every rule.
public struct TextRenderer: Sendable {
  /// Rendering options.
  public struct Options: Sendable, Hashable {
    /// Use ANSI colours.
    public var color: Bool
    /// Print the decision notes of blame, bucket and rules.
    public var explain: Bool
    /// List every module, not only those on the stack and third-party ones.
    public var allModules: Bool

    /// Creates options.
    public init(color: Bool = false, explain: Bool = false, allModules: Bool = false) {
      self.color = color
      self.explain = explain
      self.allModules = allModules
    }
  }

  /// The options.
  public var options: Options

  /// Creates a renderer.
  public init(options: Options = Options()) {
    self.options = options
  }

  private enum Style: String {
    case bold = "1"
    case dim = "2"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case cyan = "36"
  }

  private func paint(_ text: String, _ style: Style) -> String {
    options.color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
  }

  /// Removes control characters a dump could use to spoof the terminal.
  static func clean(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { scalar in
          scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar
        }))
  }

  /// The whole report: every dump, then the summary when there is one.
  public func render(_ report: TriageReport) -> String {
    var parts = report.dumps.map(render)
    if let summary = report.summary {
      parts.append(render(summary, partial: report.partial))
    } else if report.partial == true {
      parts.append("PARTIAL: the run was interrupted.\n")
    }
    return parts.joined(separator: "\n")
  }

  /// One dump.
  public func render(_ dump: DumpReport) -> String {
    var out: [String] = []
    let c = Self.clean
    var header = paint("== \(c(dump.path))", .bold)
    if let machine = dump.machine { header += "  (machine \(c(machine)))" }
    out.append(header)
    if dump.status == .failed {
      out.append(paint("ERROR: ", .red) + c(dump.error ?? "could not be analysed"))
      return out.joined(separator: "\n") + "\n"
    }
    verdictLines(dump, &out)
    out.append("")
    summaryLines(dump, &out)
    blameLines(dump, &out)
    stackLines(dump, &out)
    moduleLines(dump, &out)
    if !dump.notes.isEmpty {
      out.append("")
      out.append(paint("NOTES:", .bold))
      out += dump.notes.map { "  - " + c($0) }
    }
    if options.explain { explainLines(dump, &out) }
    return out.joined(separator: "\n") + "\n"
  }

  private func verdictLines(_ dump: DumpReport, _ out: inout [String]) {
    let c = Self.clean
    guard !dump.verdicts.isEmpty else {
      out.append("VERDICT: no known issue matched")
      return
    }
    for (index, verdict) in dump.verdicts.enumerated() {
      // Low-confidence look-alikes after the best verdict get one line each (all of them in
      // --explain and in JSON), so the answer stays on the first screen.
      if index > 0, verdict.confidence == .low, !options.explain {
        out.append(
          "  also possible (low confidence): \(c(verdict.kb ?? verdict.ruleID)) \(c(verdict.title))"
        )
        continue
      }
      let confidence = verdict.confidence.rawValue
      var line = paint("VERDICT: ", .bold) + paint(c(verdict.kb ?? verdict.ruleID), .cyan)
      line += "  confidence \(confidence)"
      if let status = verdict.patchStatus {
        let colour: Style =
          verdict.patchInstalled == true ? .green : verdict.patchInstalled == false ? .red : .yellow
        line += "  patch: " + paint(c(status), colour)
      }
      out.append(line)
      out.append("  " + c(verdict.title))
      if let url = verdict.url { out.append("  " + c(url)) }
      if let hotfix = verdict.hotfix { out.append("  hotfix: " + c(hotfix)) }
      out += verdict.evidence.map { "  evidence: " + c($0) }
      out += verdict.missingEvidence.map { "  missing: " + c($0) }
      out += verdict.workarounds.map { "  workaround: " + c($0) }
      out.append("  rule: " + c(verdict.ruleID))
    }
  }

  private func summaryLines(_ dump: DumpReport, _ out: inout [String]) {
    let c = Self.clean
    if let bugCheck = dump.bugCheck {
      let name = bugCheck.name.map { c($0) + " " } ?? ""
      out.append(paint("\(name)(\(c(bugCheck.code)))", .bold))
      out.append("BUGCHECK_CODE:  \(c(bugCheck.code))")
      out.append("Arguments:")
      for parameter in bugCheck.parameters {
        let meaning = parameter.meaning.flatMap { $0.isEmpty ? nil : ", " + c($0) } ?? ""
        out.append("  Arg\(parameter.index): \(c(parameter.value))\(meaning)")
      }
    }
    if let exception = dump.exception {
      let name = exception.name.map { " " + c($0) } ?? ""
      out.append("EXCEPTION_CODE: \(c(exception.code))\(name)")
      if let address = exception.address { out.append("EXCEPTION_ADDRESS: \(c(address))") }
      if let decode = exception.decode { out.append("EXCEPTION_DECODE: \(c(decode))") }
      if !exception.parameters.isEmpty {
        out.append("EXCEPTION_PARAMETERS: " + exception.parameters.map(c).joined(separator: " "))
      }
    }
    if let process = dump.processName { out.append("PROCESS_NAME:  \(c(process))") }
    if let process = dump.process {
      if let path = process.path { out.append("PROCESS_PATH:  \(c(path))") }
      if let id = process.id { out.append("PROCESS_ID:  \(id)") }
      if let thread = process.crashingThreadID {
        let name = process.crashingThreadName.map { " \"" + c($0) + "\"" } ?? ""
        out.append("CRASHING_THREAD:  0x\(String(thread, radix: 16))\(name)")
      }
      for (key, value) in (process.annotations ?? [:]).sorted(by: { $0.key < $1.key }).prefix(20) {
        out.append("ANNOTATION:  \(c(key)) = \(c(value))")
      }
      if process.isWOW64 {
        out.append(
          "WOW64:  a 32-bit (\(c(process.architecture ?? "x86"))) process on 64-bit Windows")
      }
    }
    if let irql = dump.irql { out.append("CURRENT_IRQL:  \(irql)") }
    if let os = dump.os {
      var text = os.version ?? "unknown"
      let extra = [os.productName, os.servicePack, os.productType, os.architecture]
        .compactMap { $0 }
      if !extra.isEmpty { text += " (" + extra.joined(separator: ", ") + ")" }
      out.append("OS_VERSION:  \(c(text))")
    }
    if let kind = dump.dumpKind { out.append("DUMP_TYPE:  \(c(kind))") }
    if let time = dump.crashTime { out.append("CRASH_TIME:  \(c(time))") }
    if let uptime = dump.uptimeSeconds { out.append("UPTIME:  \(Self.duration(uptime))") }
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0, seconds < 1e12 else { return "unknown" }
    let total = Int(seconds)
    let days = total / 86_400
    let hours = (total % 86_400) / 3_600
    let minutes = (total % 3_600) / 60
    let secs = total % 60
    return days > 0
      ? "\(days)d \(hours)h \(minutes)m \(secs)s" : "\(hours)h \(minutes)m \(secs)s"
  }

  private func blameLines(_ dump: DumpReport, _ out: inout [String]) {
    let c = Self.clean
    out.append("")
    if let blame = dump.blame {
      switch blame.kind {
      case "module":
        var line = paint("PROBABLY CAUSED BY: ", .bold) + paint(c(blame.display), .yellow)
        if let module = blame.module { line += "  (\(c(module))" }
        if let version = blame.imageVersion { line += " \(c(version))" }
        if blame.module != nil { line += blame.isMicrosoft == true ? ", Microsoft)" : ")" }
        out.append(line)
        if let module = blame.module {
          let stem = module.split(separator: ".").first.map(String.init) ?? module
          out.append("MODULE_NAME:  \(c(stem))")
          out.append("IMAGE_NAME:  \(c(module))")
        }
        if let version = blame.imageVersion { out.append("IMAGE_VERSION:  \(c(version))") }
        if let owner = blame.owner { out.append("Followup:  \(c(owner))") }
      default:
        out.append(paint("PROBABLY CAUSED BY: ", .bold) + c(blame.kind))
      }
      out.append("  Reason: " + c(blame.reason))
    }
    if let bucket = dump.bucket {
      out.append("FAILURE_BUCKET_ID:  " + paint(c(bucket.id), .bold))
      if let offset = bucket.functionOffset { out.append("BUCKET_ID_FUNC_OFFSET:  \(c(offset))") }
      out.append("FAILURE_ID_HASH:  \(c(bucket.hash))")
    }
  }

  private func stackLines(_ dump: DumpReport, _ out: inout [String]) {
    guard !dump.frames.isEmpty else { return }
    let c = Self.clean
    out.append("")
    out.append(paint("STACK_TEXT:", .bold))
    let blamed = dump.blame?.frameIndex
    for frame in dump.frames {
      let number = frame.index < 10 ? "0\(frame.index)" : "\(frame.index)"
      let trust = frame.trust.rightPad(13)
      let address = (frame.address ?? "").rightPad(19)
      var line = "  \(number) \(trust) \(c(address)) \(c(frame.display))"
      if frame.index == blamed {
        line = paint(line, .yellow) + "  <-- blamed"
      } else if frame.trust == "scan" {
        line = paint(line, .dim)
      }
      out.append(line)
    }
  }

  private func moduleLines(_ dump: DumpReport, _ out: inout [String]) {
    guard !dump.modules.isEmpty else { return }
    let c = Self.clean
    let shown =
      options.allModules
      ? dump.modules : dump.modules.filter { $0.onStack == true || $0.isMicrosoft != true }
    out.append("")
    out.append(
      paint(dump.dumpKind == "user_minidump" ? "MODULES:" : "DRIVERS:", .bold)
        + " \(dump.modules.count) loaded; \(shown.count) shown (on the stack or not Microsoft)")
    for module in shown {
      var line = "  " + c(module.name).rightPad(24)
      line += " \(c(module.base))-\(c(module.end))"
      if let timestamp = module.timestamp { line += "  ts \(c(timestamp))" }
      if let version = module.version { line += "  v\(c(version))" }
      if let vendor = module.vendor { line += "  \(c(vendor))" }
      if module.isMicrosoft == true { line += "  [Microsoft]" }
      if module.onStack == true { line += "  [on stack]" }
      if let debugID = module.debugID { line += "  \(c(module.debugFile ?? "")) \(c(debugID))" }
      out.append(line)
    }
    if !dump.unloadedModules.isEmpty {
      out.append("UNLOADED: " + dump.unloadedModules.map { c($0.name) }.joined(separator: ", "))
    }
  }

  private func explainLines(_ dump: DumpReport, _ out: inout [String]) {
    let c = Self.clean
    out.append("")
    out.append(paint("EXPLAIN:", .bold))
    if let blame = dump.blame {
      out.append("  blame:")
      out += blame.decisions.map { "    - " + c($0) }
    }
    if let bucket = dump.bucket {
      out.append("  bucket:")
      out += bucket.decisions.map { "    - " + c($0) }
    }
    out.append("  rules:")
    out +=
      dump.ruleTrace.isEmpty ? ["    (no rule trace)"] : dump.ruleTrace.map { "    - " + c($0) }
  }

  /// The batch summary.
  public func render(_ summary: BatchSummary, partial: Bool? = nil) -> String {
    let c = Self.clean
    var out: [String] = []
    out.append(paint("== SUMMARY", .bold))
    out.append(
      "\(summary.dumps) dumps from \(summary.machines) machines; \(summary.failed) failed"
        + (partial == true ? " (PARTIAL: the run was interrupted)" : ""))
    if !summary.kbs.isEmpty {
      out.append("")
      out.append(paint("KNOWN ISSUES:", .bold))
      for kb in summary.kbs {
        out.append(
          "  \(paint(c(kb.kb), .cyan))  \(BatchSummary.count(kb.dumps, "dump")) on "
            + "\(BatchSummary.machines(kb.machines.count)): \(c(kb.title))"
        )
        out.append("    " + c(kb.action))
      }
    }
    if !summary.buckets.isEmpty {
      out.append("")
      out.append(paint("BUCKETS:", .bold))
      for bucket in summary.buckets {
        let new = bucket.isNew == true ? paint("  NEW", .yellow) : ""
        out.append(
          "  \(String(bucket.count).leftPad(5))  \(c(bucket.id))  "
            + "(\(BatchSummary.machines(bucket.machines.count)))\(new)")
      }
    }
    if !summary.drivers.isEmpty {
      out.append("")
      out.append(paint("TOP BLAMED DRIVERS:", .bold))
      for driver in summary.drivers.prefix(10) {
        let versions =
          driver.versions.isEmpty ? "" : " " + driver.versions.map(c).joined(separator: ", ")
        let microsoft = driver.isMicrosoft == true ? " [Microsoft]" : ""
        out.append(
          "  \(String(driver.count).leftPad(5))  \(c(driver.module))\(versions)\(microsoft)  "
            + "(\(BatchSummary.machines(driver.machines.count)))")
      }
    }
    if let new = summary.newBuckets {
      out.append("")
      out.append(
        new.isEmpty
          ? "NEW BUCKETS since the previous run: none"
          : paint("NEW BUCKETS since the previous run:", .bold))
      out += new.map { "  " + c($0) }
    }
    if !summary.failures.isEmpty {
      out.append("")
      out.append(paint("FAILED:", .red))
      out += summary.failures.map { "  \(c($0.path)): \(c($0.error))" }
    }
    return out.joined(separator: "\n") + "\n"
  }
}

extension String {
  /// Pads with spaces on the right to `width`; never truncates.
  func rightPad(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  func leftPad(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
