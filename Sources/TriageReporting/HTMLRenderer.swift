import Foundation

/// Renders reports as one self-contained HTML page: inline CSS, inline SVG charts, no scripts and
/// nothing fetched from the network.
///
/// Every string that came from a dump goes through ``escape(_:)``, so a driver named
/// `<script>…` renders as text.
public struct HTMLRenderer: Sendable {
  /// Page title.
  public var title: String
  /// Above this many dumps, each dump is one table row instead of a full section, so a share of
  /// thousands of dumps still gives a page a browser opens quickly.
  public var detailLimit: Int

  /// Creates a renderer.
  public init(title: String = "dumptriage report", detailLimit: Int = 200) {
    self.title = title
    self.detailLimit = detailLimit
  }

  /// Escapes text for HTML element content and attribute values.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        // Control characters other than tab and newline are not allowed in HTML text.
        if (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0x7F {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// The page.
  public func render(_ report: TriageReport) -> String {
    let summary = report.summary ?? BatchSummary(dumps: report.dumps)
    var html = head(tool: report.tool, partial: report.partial, summary: summary)
    if report.dumps.count > detailLimit {
      html += compactTableHead(count: report.dumps.count)
      for dump in report.dumps { html += compactRow(dump) }
      html += Self.compactTableEnd
    } else {
      for (index, dump) in report.dumps.enumerated() {
        html += dumpSection(dump, number: index + 1)
      }
    }
    return html + Self.end
  }

  /// The page up to the first dump: title, counts, summary, the dumps' heading.
  func head(tool: ReportTool?, partial: Bool?, summary: BatchSummary) -> String {
    let e = Self.escape
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(e(title))</title>
      <style>\(Self.css)</style>
      </head>
      <body>
      <header>
      <h1>\(e(title))</h1>

      """
    var facts = "\(summary.dumps) dumps from \(summary.machines) machines; \(summary.failed) failed"
    if let tool { facts += " · \(tool.name) \(tool.version)" }
    html += "<p class=\"meta\">\(e(facts))</p>\n"
    if partial == true {
      html += "<p class=\"warn\">Partial report: the run was interrupted.</p>\n"
    }
    html += "</header>\n<main>\n"
    html += summarySection(summary)
    html += "<section id=\"dumps\">\n<h2>Dumps</h2>\n"
    return html
  }

  /// The page after the last dump.
  static let end = "</section>\n</main>\n</body>\n</html>\n"

  private func summarySection(_ summary: BatchSummary) -> String {
    let e = Self.escape
    var html = "<section id=\"summary\">\n<h2>Summary</h2>\n"
    if !summary.kbs.isEmpty {
      html += "<h3>Known issues</h3>\n<table>\n<thead><tr><th>KB</th><th>Problem</th>"
      html += "<th>Dumps</th><th>Machines</th><th>Action</th></tr></thead>\n<tbody>\n"
      for kb in summary.kbs {
        let link = Self.link(kb.url, text: kb.kb)
        html += "<tr><td>\(link)</td><td>\(e(kb.title))</td><td>\(kb.dumps)</td>"
        html += "<td>\(kb.machines.count)</td><td>\(e(kb.action))</td></tr>\n"
      }
      html += "</tbody>\n</table>\n"
    }
    html += "<div class=\"charts\">\n"
    html += Self.chart(
      title: "Dumps by bucket", bars: summary.buckets.map { ($0.id, $0.count) })
    html += Self.chart(
      title: "Dumps by KB",
      bars: summary.kbs.map { ($0.kb, $0.dumps) })
    html += Self.chart(
      title: "Dumps by blamed driver", bars: summary.drivers.map { ($0.module, $0.count) })
    html += "</div>\n"
    if !summary.buckets.isEmpty {
      html += "<h3>Buckets</h3>\n<table>\n<thead><tr><th>Bucket</th><th>Dumps</th>"
      html += "<th>Machines</th><th>Blame</th><th>KB</th></tr></thead>\n<tbody>\n"
      for bucket in summary.buckets {
        let new = bucket.isNew == true ? " <span class=\"new\">new</span>" : ""
        html += "<tr><td><code>\(e(bucket.id))</code>\(new)</td><td>\(bucket.count)</td>"
        html += "<td>\(e(bucket.machines.joined(separator: ", ")))</td>"
        html += "<td>\(e(bucket.blame ?? ""))</td><td>\(e(bucket.kbs.joined(separator: ", ")))</td>"
        html += "</tr>\n"
      }
      html += "</tbody>\n</table>\n"
    }
    if !summary.drivers.isEmpty {
      html += "<h3>Top blamed drivers</h3>\n<table>\n<thead><tr><th>Driver</th><th>Versions</th>"
      html += "<th>Dumps</th><th>Machines</th></tr></thead>\n<tbody>\n"
      for driver in summary.drivers {
        let microsoft = driver.isMicrosoft == true ? " <span class=\"ms\">Microsoft</span>" : ""
        html += "<tr><td><code>\(e(driver.module))</code>\(microsoft)</td>"
        html += "<td>\(e(driver.versions.joined(separator: ", ")))</td><td>\(driver.count)</td>"
        html += "<td>\(driver.machines.count)</td></tr>\n"
      }
      html += "</tbody>\n</table>\n"
    }
    if let new = summary.newBuckets {
      html += "<h3>New buckets since the previous run</h3>\n"
      html +=
        new.isEmpty
        ? "<p>None.</p>\n"
        : "<ul>\n" + new.map { "<li><code>\(e($0))</code></li>\n" }.joined() + "</ul>\n"
    }
    if !summary.failures.isEmpty {
      html += "<h3>Failed dumps</h3>\n<ul class=\"failed\">\n"
      for failure in summary.failures {
        html += "<li><code>\(e(failure.path))</code>: \(e(failure.error))</li>\n"
      }
      html += "</ul>\n"
    }
    return html + "</section>\n"
  }

  /// The start of the one-row-per-dump table used for large batches.
  func compactTableHead(count: Int) -> String {
    var html = "<p class=\"meta\">\(count) dumps: one row each (more than \(detailLimit)); "
    html += "the JSON output has every detail.</p>\n"
    html += "<table class=\"compact\">\n<thead><tr><th>Dump</th><th>Machine</th><th>Bug check</th>"
    html += "<th>Probable cause</th><th>Bucket</th><th>KB</th></tr></thead>\n<tbody>\n"
    return html
  }

  /// The end of the one-row-per-dump table.
  static let compactTableEnd = "</tbody>\n</table>\n"

  /// One dump's row in the table used for large batches.
  func compactRow(_ dump: DumpReport) -> String {
    let e = Self.escape
    var html = "<tr><td><code>\(e(dump.path))</code></td><td>\(e(dump.machine ?? ""))</td>"
    if dump.status == .failed {
      return html + "<td colspan=\"4\" class=\"error\">\(e(dump.error ?? "failed"))</td></tr>\n"
    }
    let code =
      dump.bugCheck.map { $0.code + ($0.name.map { " " + $0 } ?? "") }
      ?? dump.exception?.code ?? ""
    let cause = dump.blame.map { $0.kind == "module" ? $0.display : $0.kind } ?? ""
    let kbs = dump.verdicts.compactMap(\.kb).joined(separator: ", ")
    html +=
      "<td>\(e(code))</td><td>\(e(cause))</td><td><code>\(e(dump.bucket?.id ?? ""))</code></td>"
    html += "<td>\(e(kbs))</td></tr>\n"
    return html
  }

  func dumpSection(_ dump: DumpReport, number: Int) -> String {
    let e = Self.escape
    var html = "<article class=\"dump\" id=\"dump-\(number)\">\n"
    html += "<h3>\(e(dump.fileName))</h3>\n<p class=\"meta\"><code>\(e(dump.path))</code>"
    if let machine = dump.machine { html += " · machine <b>\(e(machine))</b>" }
    html += "</p>\n"
    if dump.status == .failed {
      html += "<p class=\"error\">Error: \(e(dump.error ?? "could not be analysed"))</p>\n"
      return html + "</article>\n"
    }
    if dump.verdicts.isEmpty {
      html += "<p class=\"verdict none\">No known issue matched.</p>\n"
    }
    for verdict in dump.verdicts {
      let patch =
        verdict.patchInstalled == true ? "ok" : verdict.patchInstalled == false ? "bad" : "unknown"
      html += "<div class=\"verdict\">\n<p><b>\(e(verdict.kb ?? verdict.ruleID))</b> "
      html += "<span class=\"conf \(verdict.confidence.rawValue)\">"
      html += "\(verdict.confidence.rawValue) confidence</span>"
      if let status = verdict.patchStatus {
        html += " <span class=\"patch \(patch)\">\(e(status))</span>"
      }
      html += "</p>\n<p>\(e(verdict.title))</p>\n"
      if let url = verdict.url { html += "<p>\(Self.link(url, text: url))</p>\n" }
      if let hotfix = verdict.hotfix { html += "<p>Hotfix: \(e(hotfix))</p>\n" }
      html += Self.list("Evidence", verdict.evidence)
      html += Self.list("Missing evidence", verdict.missingEvidence)
      html += Self.list("Workarounds", verdict.workarounds)
      html += "</div>\n"
    }
    html += "<dl>\n"
    func row(_ key: String, _ value: String?) {
      guard let value else { return }
      html += "<dt>\(e(key))</dt><dd>\(e(value))</dd>\n"
    }
    if let bugCheck = dump.bugCheck {
      row("BUGCHECK_CODE", bugCheck.code + (bugCheck.name.map { " " + $0 } ?? ""))
      for parameter in bugCheck.parameters {
        let meaning = parameter.meaning.flatMap { $0.isEmpty ? nil : " — " + $0 } ?? ""
        row("Arg\(parameter.index)", parameter.value + meaning)
      }
    }
    if let exception = dump.exception {
      row("EXCEPTION_CODE", exception.code + (exception.name.map { " " + $0 } ?? ""))
      row("EXCEPTION_ADDRESS", exception.address)
      row("EXCEPTION_DECODE", exception.decode)
    }
    row("PROCESS_NAME", dump.processName)
    row("PROCESS_PATH", dump.process?.path)
    row("CRASHING_THREAD", dump.process?.crashingThreadID.map { "0x" + String($0, radix: 16) })
    if dump.process?.isWOW64 == true { row("WOW64", "a 32-bit process on 64-bit Windows") }
    row("CURRENT_IRQL", dump.irql.map(String.init))
    row("OS_VERSION", dump.os.flatMap(\.version))
    row("CRASH_TIME", dump.crashTime)
    if let blame = dump.blame {
      row("PROBABLY CAUSED BY", blame.kind == "module" ? blame.display : blame.kind)
      row("IMAGE_VERSION", blame.imageVersion)
      row("Reason", blame.reason)
    }
    row("FAILURE_BUCKET_ID", dump.bucket?.id)
    row("BUCKET_ID_FUNC_OFFSET", dump.bucket?.functionOffset)
    row("FAILURE_ID_HASH", dump.bucket?.hash)
    html += "</dl>\n"
    if !dump.frames.isEmpty {
      html +=
        "<details open>\n<summary>Stack (\(BatchSummary.count(dump.frames.count, "frame")))</summary>\n"
      html += "<table class=\"stack\">\n<thead><tr><th>#</th><th>Trust</th><th>Address</th>"
      html += "<th>Call site</th></tr></thead>\n<tbody>\n"
      for frame in dump.frames {
        let blamed = frame.index == dump.blame?.frameIndex ? " class=\"blamed\"" : ""
        html += "<tr\(blamed)><td>\(frame.index)</td><td class=\"trust \(e(frame.trust))\">"
        html += "\(e(frame.trust))</td><td><code>\(e(frame.address ?? ""))</code></td>"
        html += "<td><code>\(e(frame.display))</code></td></tr>\n"
      }
      html += "</tbody>\n</table>\n</details>\n"
    }
    if !dump.modules.isEmpty {
      html += "<details>\n<summary>Drivers (\(dump.modules.count))</summary>\n"
      html += "<table>\n<thead><tr><th>Name</th><th>Range</th><th>Timestamp</th>"
      html += "<th>Version</th><th>Company</th><th></th></tr></thead>\n<tbody>\n"
      for module in dump.modules {
        var flags: [String] = []
        if module.onStack == true { flags.append("on stack") }
        if module.isMicrosoft == true { flags.append("Microsoft") }
        html += "<tr><td><code>\(e(module.name))</code></td>"
        html += "<td><code>\(e(module.base))–\(e(module.end))</code></td>"
        html += "<td>\(e(module.timestamp ?? ""))</td><td>\(e(module.version ?? ""))</td>"
        html += "<td>\(e(module.vendor ?? ""))</td><td>\(e(flags.joined(separator: ", ")))</td>"
        html += "</tr>\n"
      }
      html += "</tbody>\n</table>\n</details>\n"
    }
    html += Self.list("Notes", dump.notes)
    var explain: [String] = []
    explain += (dump.blame?.decisions ?? []).map { "blame: " + $0 }
    explain += (dump.bucket?.decisions ?? []).map { "bucket: " + $0 }
    explain += dump.ruleTrace.map { "rule: " + $0 }
    if !explain.isEmpty {
      html += "<details>\n<summary>Decisions</summary>\n<ul>\n"
      html += explain.map { "<li>\(e($0))</li>\n" }.joined()
      html += "</ul>\n</details>\n"
    }
    return html + "</article>\n"
  }

  /// A link for `http`/`https` URLs; any other scheme (`javascript:`) is shown as text only.
  static func link(_ url: String?, text: String) -> String {
    guard let url else { return escape(text) }
    let lower = url.lowercased()
    guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return escape(text) }
    return "<a href=\"\(escape(url))\" rel=\"noreferrer\">\(escape(text))</a>"
  }

  private static func list(_ title: String, _ items: [String]) -> String {
    guard !items.isEmpty else { return "" }
    return "<p class=\"label\">\(escape(title))</p>\n<ul>\n"
      + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
  }

  /// A horizontal bar chart as inline SVG (top 12 bars).
  static func chart(title: String, bars: [(String, Int)]) -> String {
    let shown = Array(bars.prefix(12))
    let rowHeight = 22
    let labelWidth = 300
    let barWidth = 260
    let height = max(1, shown.count) * rowHeight + 8
    let maximum = max(1, shown.map(\.1).max() ?? 1)
    var svg = "<figure>\n<figcaption>\(escape(title))</figcaption>\n"
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 50)\" "
    svg += "height=\"\(height)\" role=\"img\" aria-label=\"\(escape(title))\">\n"
    if shown.isEmpty {
      svg += "<text x=\"4\" y=\"18\" class=\"empty\">none</text>\n"
    }
    for (index, (label, count)) in shown.enumerated() {
      let y = index * rowHeight + 4
      let width = max(2, count * barWidth / maximum)
      let short = label.count > 40 ? String(label.prefix(39)) + "…" : label
      svg += "<g><title>\(escape(label)): \(count)</title>"
      svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">"
      svg += "\(escape(short))</text>"
      svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(width)\" height=\"16\"></rect>"
      svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 15)\">\(count)</text></g>\n"
    }
    return svg + "</svg>\n</figure>\n"
  }

  static let css = """
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2329;\
    background:#f6f7f9}header{background:#1f3a5f;color:#fff;padding:16px 24px}\
    header h1{margin:0;font-size:22px}.meta{color:#5b6670}header .meta{color:#d5dde8}\
    main{padding:8px 24px 40px;max-width:1200px}h2{border-bottom:2px solid #1f3a5f;\
    padding-bottom:4px}table{border-collapse:collapse;margin:8px 0;background:#fff;width:100%}\
    th,td{border:1px solid #d7dce1;padding:4px 8px;text-align:left;vertical-align:top}\
    th{background:#eef1f4}code{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;\
    word-break:break-all}.charts{display:flex;flex-wrap:wrap;gap:16px}\
    figure{margin:8px 0;background:#fff;border:1px solid #d7dce1;padding:8px}\
    figcaption{font-weight:600;margin-bottom:4px}svg text{font:12px system-ui,sans-serif;\
    fill:#1d2329}svg rect{fill:#3a6ea5}.dump{background:#fff;border:1px solid #d7dce1;\
    border-radius:6px;padding:4px 16px 12px;margin:16px 0}.verdict{border-left:4px solid #3a6ea5;\
    background:#f1f6fb;padding:4px 12px;margin:8px 0}.verdict.none{border-color:#9aa5b1}\
    .conf{padding:1px 6px;border-radius:3px;background:#e2e8f0}.conf.high{background:#c9f0d0}\
    .conf.low{background:#fde2c8}.patch{padding:1px 6px;border-radius:3px}\
    .patch.bad{background:#f9d0d0}.patch.ok{background:#c9f0d0}.patch.unknown{background:#eee}\
    dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{font-weight:600;\
    font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}dd{margin:0}\
    tr.blamed td{background:#fff4c2}.trust.scan{color:#8a6d00}.error,.warn{color:#a11}\
    .new{background:#ffe08a;padding:0 4px;border-radius:3px;font-size:12px}\
    .ms{color:#5b6670;font-size:12px}.label{font-weight:600;margin:6px 0 0}
    """
}
