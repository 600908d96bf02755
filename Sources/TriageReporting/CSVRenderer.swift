import Foundation

/// Renders reports as CSV: BlueScreenView's columns first, then dumptriage's own.
///
/// Cells are quoted when they hold a comma, quote or line break; a cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so spreadsheets do not run it
/// as a formula (CSV injection).
public struct CSVRenderer: Sendable {
  /// BlueScreenView's crash-list columns, in its order, then ours.
  public static let columns = [
    "Dump File", "Crash Time", "Bug Check String", "Bug Check Code", "Parameter 1",
    "Parameter 2", "Parameter 3", "Parameter 4", "Caused By Driver", "Caused By Address",
    "File Description", "Product Name", "Company", "File Version", "Processor", "Crash Address",
    "Stack Address 1", "Stack Address 2", "Stack Address 3", "Computer Name", "Full Path",
    "Processors Count", "Major Version", "Minor Version", "Dump File Size", "Dump File Time",
    "Bucket", "KB", "Confidence", "Patch Status", "Notes",
  ]

  /// Columns of the summary table (``renderSummary(_:)``).
  public static let summaryColumns = [
    "Kind", "Key", "Count", "Machines", "Machine Names", "Status", "Detail",
  ]

  /// Creates a renderer.
  public init() {}

  /// One header line and one line per dump (CRLF line ends, as RFC 4180 says).
  public func render(_ report: TriageReport) -> String {
    var lines = [Self.line(Self.columns)]
    lines += report.dumps.map { Self.line(row($0)) }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// The summary as its own table: one line per bucket, KB, driver and failed dump.
  public func renderSummary(_ summary: BatchSummary) -> String {
    var lines = [Self.line(Self.summaryColumns)]
    for bucket in summary.buckets {
      lines.append(
        Self.line([
          "bucket", bucket.id, String(bucket.count), String(bucket.machines.count),
          bucket.machines.joined(separator: " "), bucket.isNew == true ? "new" : "",
          bucket.kbs.joined(separator: " "),
        ]))
    }
    for kb in summary.kbs {
      lines.append(
        Self.line([
          "kb", kb.kb, String(kb.dumps), String(kb.machines.count),
          kb.machines.joined(separator: " "), kb.action, kb.title,
        ]))
    }
    for driver in summary.drivers {
      lines.append(
        Self.line([
          "driver", driver.module, String(driver.count), String(driver.machines.count),
          driver.machines.joined(separator: " "), driver.isMicrosoft == true ? "microsoft" : "",
          driver.versions.joined(separator: " "),
        ]))
    }
    for failure in summary.failures {
      lines.append(
        Self.line(["failed", failure.path, "1", "", failure.machine ?? "", "failed", failure.error])
      )
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  func row(_ dump: DumpReport) -> [String] {
    let parameters = (0..<4).map { index in
      dump.bugCheck.flatMap { index < $0.parameters.count ? $0.parameters[index].value : nil }
        ?? ""
    }
    let blamedModule = dump.blame?.module.flatMap { name in
      dump.modules.first { $0.name.lowercased() == name.lowercased() }
    }
    let causedByAddress =
      dump.blame.flatMap { blame in
        blame.module.map { $0 + (blame.moduleOffset.map { "+" + $0 } ?? "") }
      } ?? ""
    let stack = dump.frames.prefix(4).map(\.display)
    let crashAddress = stack.first ?? dump.exception?.address ?? ""
    let stackAddresses = (1..<4).map { $0 < stack.count ? stack[$0] : "" }
    let first = dump.verdicts.first
    var notes = dump.notes
    if let error = dump.error { notes.insert(error, at: 0) }
    return [
      dump.fileName, dump.crashTime ?? "", dump.bugCheck?.name ?? dump.exception?.name ?? "",
      dump.bugCheck?.code ?? dump.exception?.code ?? "",
    ] + parameters + [
      dump.blame?.module ?? dump.blame?.kind ?? "", causedByAddress, "", "",
      blamedModule?.vendor ?? "", dump.blame?.imageVersion ?? blamedModule?.version ?? "",
      dump.os?.architecture ?? "", crashAddress,
    ] + stackAddresses + [
      dump.machine ?? "", dump.path, dump.cpu?.count.map(String.init) ?? "",
      dump.os?.major.map(String.init) ?? "", dump.os?.minor.map(String.init) ?? "",
      dump.fileSize.map(String.init) ?? "", dump.fileTime ?? "",
      dump.bucket?.id ?? "", dump.verdicts.compactMap(\.kb).joined(separator: " "),
      first?.confidence.rawValue ?? "", first?.patchStatus ?? "",
      notes.joined(separator: "; "),
    ]
  }

  /// One CSV line from cells.
  static func line(_ cells: [String]) -> String {
    cells.map(cell).joined(separator: ",")
  }

  /// One cell: neutralised against formula injection, then quoted when needed.
  static func cell(_ value: String) -> String {
    var text = value
    if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
      text = "'" + text
    }
    // Scalars, not Characters: "\r\n" is a single Character in Swift.
    let needsQuotes = text.unicodeScalars.contains { ",\"\n\r".unicodeScalars.contains($0) }
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
