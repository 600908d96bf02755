import Foundation
import SymbolStore
import TriageAnalysis
import TriageFacts
import TriageReporting
import TriageRules

/// The whole pipeline for one dump as a report: parse, facts, blame, bucket, rules, report.
///
/// Used for single dumps and, through ``BatchRunner``, for batches.
public struct DumpPipeline: Sendable {
  /// Pipeline options.
  public var options: TriageOptions
  /// The rules, parsed as dumps need them.
  public let rules: RuleCatalog
  /// Blame, bucket and report mapping.
  public var assembler: ReportAssembler
  /// Whether to keep every rule's decision in `rule_trace` (`--explain`); about 400 lines per
  /// dump with the full rule corpus, so batches leave it off.
  public var ruleTrace: Bool

  /// Creates a pipeline.
  public init(
    options: TriageOptions = TriageOptions(), rules: RuleCatalog,
    assembler: ReportAssembler = ReportAssembler(), ruleTrace: Bool = true
  ) {
    self.options = options
    self.rules = rules
    self.assembler = assembler
    self.ruleTrace = ruleTrace
  }

  /// Creates a pipeline with these rules only.
  public init(
    options: TriageOptions = TriageOptions(), rules: [Rule],
    assembler: ReportAssembler = ReportAssembler(), ruleTrace: Bool = true
  ) {
    self.init(
      options: options, rules: RuleCatalog(rules: rules), assembler: assembler,
      ruleTrace: ruleTrace)
  }

  /// The report of one dump; a dump that cannot be read becomes a `failed` report.
  public func report(for input: BatchInput, data: Data) -> DumpReport {
    let analysis: DumpAnalysis
    do {
      analysis = try Triage.analyze(data: data, displayName: input.displayName, options: options)
    } catch {
      return .failed(path: input.displayName, error: error.description, machine: input.machine)
    }
    if let trace = analysis.stackTrace, !trace.isEmpty {
      // `--trace-stack`: the unwinder's decisions go to standard error, one block per dump.
      FileHandle.standardError.write(
        Data(("stack walk of \(input.displayName):\n" + trace.joined(separator: "\n") + "\n").utf8))
    }
    return report(for: analysis, machine: input.machine)
  }

  /// The report of an analysed dump.
  ///
  /// With a symbol server configured, the modules whose versions decide the verdict (the
  /// blamed module and the files of the matching rules' fixes) are fetched when no local store
  /// had them, and the analysis is redone with their versions.
  public func report(for analysis: DumpAnalysis, machine: String? = nil) -> DumpReport {
    var base = analysis.facts
    var assessed = assess(base, analysis: analysis)
    if let store = options.symbols as? SymbolStore, store.remote != nil {
      let matched = Set(assessed.verdicts.map(\.ruleID))
      var names = Set(
        rules.rules(ids: matched).flatMap { $0.fix?.files ?? [] }
          .map { ModuleFact.normalizedName($0.name) })
      if let blamed = assessed.facts.blame?.module {
        names.insert(ModuleFact.normalizedName(blamed))
      }
      if ModuleVersions.fetch(&base, names: names, store: store) > 0 {
        assessed = assess(base, analysis: analysis)
      }
    }
    var report = assembler.report(
      path: analysis.displayName, facts: assessed.facts, blame: assessed.blame,
      bucket: assessed.bucket, verdicts: assessed.verdicts, ruleTrace: assessed.trace,
      fileSize: UInt64(exactly: analysis.fileSize),
      parameterMeanings: analysis.bugCheck?.parameters.map(\.meaning))
    report.machine = machine
    return report
  }

  /// Blame, bucket and verdicts for one set of facts.
  private struct Assessment {
    var facts: CrashFacts
    var blame: BlameAnalysis
    var bucket: Bucket
    var verdicts: [ReportVerdict]
    var trace: [String]
  }

  private func assess(_ base: CrashFacts, analysis: DumpAnalysis) -> Assessment {
    var facts = base
    var (blame, bucket) = assembler.analyze(&facts)
    if let attributes = analysis.kernel?.attributes, attributes & 0x10 != 0 {
      // A live dump of a running system: nothing crashed, nobody to blame.
      blame = BlameAnalysis(
        kind: .undetermined,
        reason: "A live kernel dump of a running system (Attributes bit 4): nothing crashed.",
        decisions: ["live dump: no blame"])
      facts.blame = nil
      bucket = BucketBuilder(lists: assembler.lists).bucket(for: facts, blame: blame)
    }
    // `--explain` traces every rule; otherwise only the rules whose stop codes admit the dump
    // are matched (and parsed), with the same verdicts.
    let (verdicts, trace) = VerdictMapping.evaluate(
      facts, rules: ruleTrace ? rules.all() : rules.candidates(for: facts), trace: ruleTrace)
    return Assessment(
      facts: facts, blame: blame, bucket: bucket, verdicts: verdicts, trace: trace)
  }
}
