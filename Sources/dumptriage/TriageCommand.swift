import ArgumentParser
import DumpTriage
import Foundation
import SymbolStore
import TriageReporting
import TriageRules

/// `dumptriage [triage] PATH...`: triages dumps and prints or writes the reports.
struct TriageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "triage",
    abstract: "Triage dump files (the default command).",
    discussion: """
      PATH is a dump file, a folder (every dump below it, recognised by content), or a glob \
      pattern. Folders laid out as <machine>/Minidump/Mini*.dmp name the machine of each dump. \
      Reports are sorted by path. Exit status: 0 when every dump was analysed, 1 when some \
      could not be, 2 on a usage error, 130 when interrupted (the report written is marked \
      partial).
      """)

  @Argument(help: "Dump files, folders or glob patterns.")
  var paths: [String] = []

  @Flag(help: "Print the report as one JSON document (schema: docs/report-schema.md).")
  var json = false

  @Flag(help: "Print JSON Lines: one object per dump, then the summary.")
  var jsonl = false

  @Option(
    name: .customLong("csv"),
    help: ArgumentHelp(
      "Write CSV (BlueScreenView columns first) to FILE (- for standard output); the summary goes to FILE.summary.csv.",
      valueName: "FILE"))
  var csvPath: String?

  @Option(
    name: .customLong("html"),
    help: ArgumentHelp("Write a self-contained HTML report to FILE.", valueName: "FILE"))
  var htmlPath: String?

  @Option(
    name: .customLong("output"),
    help: ArgumentHelp(
      "Write the text, JSON or JSON Lines output to FILE instead of standard output.",
      valueName: "FILE"))
  var outputPath: String?

  @Flag(help: "Print the decisions of blame, bucket and every rule.")
  var explain = false

  @Flag(
    name: .customLong("no-color"), help: "Never use colours (they are used only on a terminal).")
  var noColor = false

  @Flag(help: "List every loaded driver, not only those on the stack or not from Microsoft.")
  var allDrivers = false

  @Option(help: "Dumps analysed at once (default: the number of cores).")
  var jobs: Int?

  @Flag(help: "No progress on standard error.")
  var quiet = false

  @Flag(help: "Print run statistics (dumps, cache hits, time) on standard error.")
  var verbose = false

  @Flag(help: "Log each stack-unwind decision of every dump on standard error.")
  var traceStack = false

  @Option(
    name: .customLong("symbol-path"),
    help: ArgumentHelp(
      "Symbol search path, `;`-separated like _NT_SYMBOL_PATH (directories, cache*DIR, srv*CACHE*URL); searched before _NT_SYMBOL_PATH and the default store Symbols/.",
      valueName: "PATH"))
  var symbolPath: String?

  @Flag(help: "Use only local symbol stores and caches; never contact a symbol server.")
  var offline = false

  @Flag(help: "Do not search the default symbol store (Symbols/).")
  var noDefaultSymbols = false

  @Option(
    help: ArgumentHelp(
      "Size limit of the symbol download cache (least recently used files are removed).",
      valueName: "SIZE"))
  var symbolCacheSize = "5G"

  @Option(
    help: ArgumentHelp(
      "How to name each dump's machine: layout (<machine>/Minidump/…), path-component:N, regex:PATTERN.",
      valueName: "HOW"))
  var machineFrom = "layout"

  @Option(help: ArgumentHelp("Results cache file (SQLite).", valueName: "FILE"))
  var cache: String?

  @Flag(help: "Analyse every dump again and do not write a cache.")
  var noCache = false

  @Option(help: "The most raw-stack frames to keep.")
  var maxScanFrames = 64

  @Option(help: ArgumentHelp("Extra rule folder (repeatable).", valueName: "DIR"))
  var rules: [String] = []

  @Flag(name: .customLong("no-default-rules"), help: "Do not use the built-in KB rules.")
  var noDefaultRules = false

  @Option(
    help: ArgumentHelp(
      "Largest expanded size of one file inside a .zip, .cab or .gz (default 8G; K, M, G, T suffixes).",
      valueName: "SIZE"))
  var maxExpandedSize: String?

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one dump file, folder or pattern") }
    if json && jsonl { throw ValidationError("--json and --jsonl are exclusive") }
    if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be 1…256") }
    if cache != nil && noCache { throw ValidationError("--cache and --no-cache are exclusive") }
    if let maxExpandedSize, ByteSize.parse(maxExpandedSize) == nil {
      throw ValidationError("--max-expanded-size must be a size such as 512M or 16G")
    }
    if ByteSize.parse(symbolCacheSize).flatMap(Int64.init(exactly:)) == nil {
      throw ValidationError("--symbol-cache-size must be a size such as 500M or 5G")
    }
    do { _ = try MachineNaming(parsing: machineFrom) } catch {
      throw ValidationError("\(error)")
    }
  }

  func run() throws {
    // First, so a Ctrl-C during setup also ends in a (partial, possibly empty) report.
    let stop = BatchInterrupt.install()
    let runStart = Date()
    let naming: MachineNaming
    do { naming = try MachineNaming(parsing: machineFrom) } catch {
      throw ValidationError("\(error)")
    }
    let (inputs, problems) = BatchInputs.expand(paths, naming: naming)

    let ruleCatalog: RuleCatalog
    do {
      ruleCatalog = try RuleCatalog(
        RuleSet.Options(directories: rules, includeDefaults: !noDefaultRules, examples: false))
    } catch {
      Self.warn("error: rules: \(error)")
      throw ExitCode(2)
    }
    var options = TriageOptions()
    options.maxScanFrames = max(0, maxScanFrames)
    if let size = maxExpandedSize.flatMap(ByteSize.parse) {
      options.containerLimits = ByteSize.expansionLimits(maxExpandedSize: size)
    }
    options.traceStack = traceStack
    options.useSymbolStore(
      symbolPath: symbolPath, offline: offline,
      defaultStore: noDefaultSymbols
        ? nil : TriageOptions.defaultSymbolStore(executablePath: CommandLine.arguments[0]))
    let pipeline = DumpPipeline(options: options, rules: ruleCatalog, ruleTrace: explain)
    let digest = BatchDigest.rules(ruleCatalog)
    // Symbols change frames, blame and versions: cached results hold for one symbol path only.
    let symbolsKey = (options.symbols as? SymbolStore)?.path.description ?? "none"
    let cacheDigest = digest + "|symbols " + symbolsKey
    let isBatch = inputs.count > 1 || paths.contains { Self.isFolderOrPattern($0) }

    var batchCache: BatchCache?
    if !noCache, let path = cache ?? (isBatch ? Self.defaultCachePath() : nil) {
      do {
        // Reports made with --explain carry the rule trace; keep them apart in the cache.
        batchCache = try BatchCache(
          path: path, toolVersion: DumpTriageVersion.current,
          rulesDigest: cacheDigest + (explain ? "+trace" : ""))
        for warning in batchCache?.warnings ?? [] { Self.warn("warning: \(warning)") }
      } catch {
        Self.warn("warning: cache \(path) cannot be used (\(error)); continuing without it")
      }
    }

    let showProgress = !quiet && isBatch && BatchProgressPrinter.standardErrorIsTerminal
    let printer = BatchProgressPrinter()
    var runner = BatchRunner(
      jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, cache: batchCache, naming: naming,
      containerLimits: options.containerLimits
    ) { (input: BatchInput, data: Data) -> DumpReport in pipeline.report(for: input, data: data) }
    runner.encodeReports = json || jsonl
    var progress: BatchRunner.Progress?
    if showProgress {
      progress = { @Sendable finished, total, current in
        printer.update(finished: finished, total: total, current: current)
      }
    }
    // Reports stream to the outputs in path order as they are ready; arguments that named no
    // dump are listed like dumps that failed.
    let writer = BatchReportWriter(outputs: try openOutputs())
    let missing = problems.map { DumpReport.failed(path: $0.path, error: $0.description) }
    let statistics = runner.run(inputs, including: missing, stop: stop, progress: progress) {
      writer.add($0)
    }
    if showProgress { printer.finish() }
    for error in writer.errors { Self.warn("error: \(error)") }

    let previous = batchCache?.previousBuckets()
    let summary: BatchSummary? = isBatch ? writer.summary(previousBuckets: previous) : nil
    if !statistics.interrupted, let batchCache {
      try? batchCache.recordRun(buckets: writer.bucketIDs)
    }
    do {
      try writer.finish(
        tool: ReportTool(version: DumpTriageVersion.current, rulesDigest: digest),
        partial: statistics.interrupted ? true : nil, summary: summary)
    } catch {
      Self.warn("error: cannot write the report: \(error)")
      throw ExitCode(2)
    }
    if let csvPath, let summary, csvPath != "-" {
      try write(CSVRenderer().renderSummary(summary), to: Self.summaryPath(csvPath))
    }
    let cacheLimit = ByteSize.parse(symbolCacheSize).flatMap(Int64.init(exactly:)) ?? Int64.max
    for line in options.finishSymbolRun(cacheLimit: cacheLimit, runStart: runStart) where !quiet {
      Self.warn(line)
    }
    let failed = !writer.errors.isEmpty
    if showProgress || verbose {
      Self.warn(
        "\(statistics.finished) of \(statistics.total) inputs, \(statistics.dumps) dumps in "
          + String(format: "%.2f s (%.0f dumps/s)", statistics.seconds, statistics.rate)
          + ", \(statistics.cached) from the cache, \(statistics.failed) failed")
    }
    if statistics.interrupted {
      Self.warn(
        "interrupted: the report holds the \(statistics.finished) of \(statistics.total) inputs "
          + "finished and is marked partial")
      throw ExitCode(130)
    }
    if failed { throw ExitCode(1) }
  }

  /// The outputs the options ask for, in the order they were written when whole (main, CSV,
  /// HTML), so outputs that share standard output follow each other.
  private func openOutputs() throws -> [BatchReportWriter.Output] {
    let color =
      !noColor && outputPath == nil && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
      && isatty(STDOUT_FILENO) == 1
    let main: any StreamingRenderer =
      json
      ? JSONRenderer().stream()
      : jsonl
        ? JSONRenderer(style: .lines).stream()
        : TextRenderer(options: .init(color: color, explain: explain, allModules: allDrivers))
          .stream()
    var targets: [(any StreamingRenderer, String)] = []
    let mainGoesElsewhere = (csvPath == "-" || htmlPath == "-") && outputPath == nil
    if !mainGoesElsewhere || json || jsonl { targets.append((main, outputPath ?? "-")) }
    if let csvPath { targets.append((CSVRenderer().stream(), csvPath)) }
    if let htmlPath { targets.append((HTMLRenderer().stream(), htmlPath)) }
    var outputs: [BatchReportWriter.Output] = []
    for (renderer, path) in targets {
      do {
        outputs.append(.init(renderer: renderer, file: try StreamingFile(path: path)))
      } catch {
        for output in outputs { output.file.discard() }
        Self.warn("error: cannot write \(path): \(error)")
        throw ExitCode(2)
      }
    }
    return outputs
  }

  private func write(_ text: String, to path: String) throws {
    do {
      try AtomicFile.write(text, to: path)
    } catch {
      Self.warn("error: cannot write \(path): \(error)")
      throw ExitCode(2)
    }
  }

  static func summaryPath(_ csv: String) -> String {
    csv.lowercased().hasSuffix(".csv")
      ? String(csv.dropLast(4)) + ".summary.csv" : csv + ".summary.csv"
  }

  static func isFolderOrPattern(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      return isDirectory.boolValue
    }
    return path.contains { "*?[".contains($0) }
  }

  static func defaultCachePath() -> String? {
    let environment = ProcessInfo.processInfo.environment
    let base =
      environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
    let folder = base.appendingPathComponent("dumptriage")
    guard
      (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true))
        != nil
    else { return nil }
    return folder.appendingPathComponent("results.sqlite").path
  }

  static func warn(_ text: String) {
    FileHandle.standardError.write(Data("dumptriage: \(text)\n".utf8))
  }
}
