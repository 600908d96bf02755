import TriageReporting

/// Hand-built reports the renderer tests share.
enum SampleReports {
  static let tool = ReportTool(version: "0.1.0-test", rulesDigest: "sha256:0123abcd")

  /// The shape of triage_x64.dmp with a made-up verdict.
  static var kernel: DumpReport {
    DumpReport(
      path: "machines/PC-ACCT-07/Minidump/Mini112209-01.dmp", machine: "PC-ACCT-07",
      fileSize: 1_444_532, fileTime: "2020-06-10T08:00:00Z", contentHash: "ab12",
      dumpKind: "kernel_small",
      os: ReportOS(
        version: "10.0.19041", major: 10, minor: 0, build: 19041, productType: "workstation",
        architecture: "x64"),
      cpu: ReportCPU(vendor: "AuthenticAMD", count: 16),
      crashTime: "2020-06-10T07:58:12Z", uptimeSeconds: 98_765,
      bugCheck: ReportBugCheck(
        code: "0x1000007E", name: "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M",
        parameters: [
          ReportParameter(index: 1, value: "0xffffffffc0000005", meaning: "exception code"),
          ReportParameter(
            index: 2, value: "0xfffff8048b58334c", meaning: "address of the faulting instruction"),
          ReportParameter(index: 3, value: "0xffff850429891ee8", meaning: "exception record"),
          ReportParameter(index: 4, value: "0xffff850429891720", meaning: "context record"),
        ]),
      irql: 0, processName: "System",
      verdicts: [
        ReportVerdict(
          ruleID: "amdppm-cppc-write", kb: "KB4567890",
          title: "AMD processor driver faults writing CPPC registers",
          url: "https://support.microsoft.com/kb/4567890", confidence: .medium,
          evidence: ["P2 lies in amdppm.sys+0x334c", "bug check 0x7E"],
          missingEvidence: ["amdppm.sys version not in the dump"], patchInstalled: false,
          patchStatus: "not installed: amdppm.sys 10.0.19041.1 < 10.0.19041.450",
          hotfix: "KB4567890", workarounds: ["Disable CPPC in firmware"])
      ],
      blame: ReportBlame(
        kind: "module", module: "amdppm.sys", function: "WriteIoMemRawEx",
        address: "0xfffff8048b58334c",
        moduleOffset: "0x334c", imageVersion: "10.0.19041.1", isMicrosoft: true,
        trust: nil, evidence: "P2 (exception address)",
        reason: "P2 (exception address) 0xfffff8048b58334c lies in amdppm.sys+0x334c",
        decisions: [
          "P2 (exception address) 0xfffff8048b58334c lies in amdppm.sys+0x334c",
          "skipped frame 0 nt!KeBugCheckEx: ignore-list (ignore.yml: nt!KeBugCheckEx)",
        ]),
      bucket: ReportBucket(
        id: "0x7E_c0000005_amdppm!WriteIoMemRawEx", hash: "5f0e2a1b9c3d",
        crashClass: "0x7E_c0000005",
        module: "amdppm", function: "WriteIoMemRawEx", functionOffset: "0x70",
        decisions: ["class 0x7E with subtype c0000005 from its parameters"]),
      frames: [
        ReportFrame(
          index: 0, address: "0xfffff8047bdf5a80", module: "ntoskrnl.exe", moduleOffset: "0x3f5a80",
          function: "KeBugCheckEx", functionOffset: "0x0", trust: "context",
          display: "nt!KeBugCheckEx"),
        ReportFrame(
          index: 1, address: "0xfffff8048b58334c", module: "amdppm.sys", moduleOffset: "0x334c",
          function: "WriteIoMemRawEx", functionOffset: "0x70", trust: "cfi",
          display: "amdppm!WriteIoMemRawEx+0x70"),
        ReportFrame(
          index: 2, address: "0xfffff804799cc027", module: "Wdf01000.sys", moduleOffset: "0x7c027",
          trust: "scan", display: "Wdf01000.sys+0x7c027"),
      ],
      modules: [
        ReportModule(
          name: "ntoskrnl.exe", base: "0xfffff8047ba00000", end: "0xfffff8047ca46000",
          timestamp: "0x5f1b2c3d", isMicrosoft: true, onStack: true),
        ReportModule(
          name: "amdppm.sys", base: "0xfffff8048b580000", end: "0xfffff8048b5bb000",
          timestamp: "0xc9c03000", version: "10.0.19041.1", vendor: "Microsoft Corporation",
          isMicrosoft: true, onStack: true),
        ReportModule(
          name: "acmefilter.sys", base: "0xfffff80490000000", end: "0xfffff80490010000",
          timestamp: "0x4a5b6c7d", vendor: "ACME Corp", isMicrosoft: false, onStack: false),
        ReportModule(
          name: "tcpip.sys", base: "0xfffff80491000000", end: "0xfffff80491200000",
          isMicrosoft: true, onStack: false),
      ],
      unloadedModules: [
        ReportUnloadedModule(
          name: "oldvpn.sys", base: "0xfffff80492000000", end: "0xfffff80492010000")
      ],
      notes: ["no symbols for amdppm.sys"],
      ruleTrace: [
        "amdppm-cppc-write: matched (bugcheck 0x7E, frame amdppm.sys)",
        "netbt-kb961799: no (no netbt.sys frame)",
      ])
  }

  /// The ARM64 manual crash.
  static var manual: DumpReport {
    DumpReport(
      path: "machines/PC-LAB-02/Minidump/win10_arm64_mem.dmp", machine: "PC-LAB-02",
      dumpKind: "kernel_small",
      os: ReportOS(version: "10.0.17134", major: 10, minor: 0, build: 17134, architecture: "arm64"),
      bugCheck: ReportBugCheck(
        code: "0xE2", name: "MANUALLY_INITIATED_CRASH",
        parameters: (1...4).map { ReportParameter(index: $0, value: "0x0") }),
      blame: ReportBlame(
        kind: "manual", evidence: "bug_check_code",
        reason:
          "The crash was initiated by a person (keyboard Ctrl+Scroll Lock, NMI or debugger), not a driver.",
        decisions: ["bug check 0xE2 MANUALLY_INITIATED_CRASH: a person; no driver is blamed"]),
      bucket: ReportBucket(
        id: "0xE2_MANUALLY_INITIATED_CRASH", hash: "aa55aa55aa55", crashClass: "0xE2"))
  }

  /// A dump whose strings try to inject HTML, CSV formulas and terminal escapes.
  static var hostile: DumpReport {
    DumpReport(
      path: "machines/\"><script>alert(1)</script>/evil.dmp", machine: "=HYPERLINK(\"x\")",
      dumpKind: "kernel_small",
      bugCheck: ReportBugCheck(code: "0xD1", name: "DRIVER_IRQL_NOT_LESS_OR_EQUAL"),
      verdicts: [
        ReportVerdict(
          ruleID: "evil", kb: "KB<img src=x onerror=alert(2)>", title: "'quoted' \"title\" & more",
          url: "javascript:alert(3)", confidence: .low)
      ],
      blame: ReportBlame(
        kind: "module", module: "<script>alert('x')</script>.sys", frameIndex: 0,
        moduleOffset: "0x10", reason: "frame 0 <script>\u{1B}[31m"),
      bucket: ReportBucket(
        id: "0xD1_<script>alert('x')</script>!unknown_function", hash: "0badc0ffee00",
        crashClass: "0xD1"),
      frames: [
        ReportFrame(
          index: 0, address: "0x10", module: "<script>alert('x')</script>.sys", trust: "cfi",
          display: "<script>alert('x')</script>.sys+0x10")
      ],
      modules: [
        ReportModule(
          name: "<script>alert('x')</script>.sys", base: "0x0", end: "0x1000",
          vendor: "-2+3 \"Evil\", Inc.", isMicrosoft: false, onStack: true)
      ],
      notes: ["+cmd|' /C calc'!A0", "@SUM(1)"])
  }

  /// A dump that could not be read.
  static var failed: DumpReport {
    .failed(
      path: "machines/PC-ACCT-07/Minidump/Mini0101.dmp",
      error: "unreadable header: truncated at byte offset 0x20 (DUMP_HEADER64.BugCheckCode)",
      machine: "PC-ACCT-07")
  }

  /// A batch with a summary and a previous run.
  static var batch: TriageReport {
    var second = kernel
    second.path = "machines/PC-HR-01/Minidump/Mini112309-01.dmp"
    second.fileName = "Mini112309-01.dmp"
    second.machine = "PC-HR-01"
    second.verdicts[0].patchInstalled = true
    second.verdicts[0].patchStatus = "installed: amdppm.sys 10.0.19041.450"
    let dumps = [kernel, second, manual, hostile, failed].sorted { $0.path < $1.path }
    return TriageReport(
      tool: tool, dumps: dumps,
      summary: BatchSummary(dumps: dumps, previousBuckets: ["0xE2_MANUALLY_INITIATED_CRASH"]))
  }

  /// A single dump.
  static var single: TriageReport { TriageReport(tool: tool, dumps: [kernel]) }
}
