// swift-format-ignore-file
// Generated from Rules/ by RuleCorpusTests (DUMPTRIAGE_REGENERATE=1); do not edit by hand.

/// The rule files compiled into the binary.
enum DefaultRules {
  /// Each rule file's path under `Rules/`, the rule's id, the stop codes it needs and the
  /// file's text.
  static let files: [BuiltInRuleFile] = [
    BuiltInRuleFile(
      path: "cluster/kb2814923-usn-journal-disk-online-timeout.yml",
      id: "kb2814923-usn-journal-disk-online-timeout",
      gate: .bugChecks([0x9E]),
      text: #"""
id: kb2814923-usn-journal-disk-online-timeout
title: "Server 2008 R2 cluster disk online takes too long with a ~4 GB USN journal, node bugchecks 0x9E"
kb: KB2814923
url: https://support.microsoft.com/kb/2814923
status: test
references:
  - "https://mskb.pkisolutions.com/kb/2814923"
falsepositives:
  - "0x9E has many causes; without ntfs.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: USN journal read in 4 KB chunks during mount; huge journal makes mount exceed the health-monitor timeout"
  - "Parameters (0x9E): values vary"
  - "Facts source: kb-facts.yaml entry 2814923 (confidence: high)."
match:
  stop:
    bugcheck: 0x9E
  scope:
    os: { windows: server-2008-r2 }
  ntfs:
    any:
      - { frame: ntfs.sys, within_top: 4 }
      - { blamed: ntfs.sys }
condition: stop and scope
fix:
  hotfix: KB2814923
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x9E
      os: { windows: server-2008-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x9E
      os: { windows: server-2008-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2008-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x9E
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "cluster/kb2876391-msdsm-path-arrival-race.yml",
      id: "kb2876391-msdsm-path-arrival-race",
      gate: .bugChecks([0x9E]),
      text: #"""
id: kb2876391-msdsm-path-arrival-race
title: "Server 2008 R2 SP1 / 2012 failover-cluster nodes bugcheck 0x9E when an MPIO path arrives while MSDSM completes the last I/O"
kb: KB2876391
url: https://support.microsoft.com/kb/2876391
status: test
references:
  - "https://mskb.pkisolutions.com/kb/2876391"
falsepositives:
  - "0x9E has many causes; without msdsm.sys / mpio.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Race between new-path (device instance) arrival and completion of the last outstanding I/O in MSDSM"
  - "Parameters (0x9E): values vary; p3 = watchdog source per bug check reference"
  - "Facts source: kb-facts.yaml entry 2876391 (confidence: high)."
match:
  stop:
    bugcheck: 0x9E
  scope:
    os:
      - { windows: server-2008-r2, sp: 1 }
      - { windows: server-2012, sp: 0 }
  msdsm:
    any:
      - { frame: msdsm.sys, within_top: 4 }
      - { blamed: msdsm.sys }
  mpio:
    any:
      - { frame: mpio.sys, within_top: 4 }
      - { blamed: mpio.sys }
condition: stop and scope
fix:
  hotfix: KB2876391
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x9E
      os: { windows: server-2008-r2, sp: 1, arch: x64 }
      frames: ["nt!KeBugCheckEx", "msdsm.sys+0x1a2b", "mpio.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x9E
      os: { windows: server-2008-r2, sp: 1, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2008-r2, sp: 1, arch: x64 }
      frames: ["nt!KeBugCheckEx", "msdsm.sys+0x1a2b", "mpio.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x9E
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "msdsm.sys+0x1a2b", "mpio.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "cluster/kb2916993-cache-manager-large-file-lock-contention.yml",
      id: "kb2916993-cache-manager-large-file-lock-contention",
      gate: .bugChecks([0x9E]),
      text: #"""
id: kb2916993-cache-manager-large-file-lock-contention
title: "Windows 8 / Server 2012 bugchecks 0x9E from lock contention when a large file is mapped into the system cache (e.g. backup copying from snapshots)"
kb: KB2916993
url: https://support.microsoft.com/kb/2916993
status: experimental
references:
  - "github MicrosoftDocs/SupportArticles-docs (file id 3681452909, KB2784261 table)"
falsepositives:
  - "0x9E has many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: Lock contention mapping a large file into system cache stalls cluster health monitoring"
  - "Parameters (0x9E): values not given"
  - "Listed (April 8, 2014) in KB2784261 table; component Ntoskrnl.exe."
  - "Facts source: kb-facts.yaml entry 2916993 (confidence: medium)."
match:
  stop:
    bugcheck: 0x9E
  scope:
    os:
      - { windows: "8" }
      - { windows: server-2012 }
condition: stop and scope
fix:
  hotfix: KB2916993
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x9E
      os: { windows: "8", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      confidence: low
    - note: "stop code and scope only"
      bugcheck: 0x9E
      os: { windows: "8", arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "8", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x9E
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "cluster/kb3062586-netft-nbl.yml",
      id: "kb3062586-netft-nbl",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb3062586-netft-nbl
title: "Server 2012 failover cluster bugchecks 0xD1 in netft.sys while processing a network buffer list"
kb: KB3062586
url: https://support.microsoft.com/kb/3062586
status: experimental
references:
  - "github MicrosoftDocs/SupportArticles-docs (file id 3681452909, KB2784261 table)"
falsepositives:
  - "0xD1 has many causes; without netft.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: NBL processing bug in NetFT"
  - "Parameters (0xD1): values not given"
  - "Listed (July 22, 2015) in KB2784261 'Recommended hotfixes and updates for Windows Server 2012-based failover clusters'; individual download."
  - "Facts source: kb-facts.yaml entry 3062586 (confidence: medium (from summary table only))."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2012 }
  netft:
    any:
      - { frame: netft.sys, within_top: 4 }
      - { blamed: netft.sys }
condition: stop and scope
fix:
  hotfix: KB3062586
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      os: { windows: server-2012, arch: x64 }
      frames: ["nt!KeBugCheckEx", "netft.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2012, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2012, arch: x64 }
      frames: ["nt!KeBugCheckEx", "netft.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netft.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "drivers/kb4580649-ldiagio-pci-config-lenovo.yml",
      id: "kb4580649-ldiagio-pci-config-lenovo",
      gate: .bugChecks([0x7E]),
      text: #"""
id: kb4580649-ldiagio-pci-config-lenovo
title: "Windows 10 2004 Lenovo ThinkPads (2019/2020) with Enhanced Windows Biometric Security bugcheck 0x7E in ldiagio.sys after KB4568831"
kb: KB4580649
url: https://support.microsoft.com/kb/4580649
status: test
references:
  - "github MicrosoftDocs/SupportArticles-docs support/windows-client/performance/stop-error-lenovo-thinkpad-kb4568831-uefi.md"
falsepositives:
  - "0x7E has many causes; without ldiagio.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Updates from KB4568831 block unsupported PCI config-space access when an SDEV ACPI table exists and VBS runs; Lenovo Vantage's ldiagio.sys maps config space directly"
  - "Parameters (0x7E): p1==0xC0000005"
  - "Facts source: kb-facts.yaml entry 4580649 (confidence: high)."
match:
  stop:
    - { bugcheck: 0x7E, p1: 0xC0000005 }
  scope:
    os: { windows: "10", build: 19041, arch: [x64] }
  ldiagio_loaded:
    module: ldiagio.sys
  ldiagio:
    any:
      - { frame: ldiagio.sys, within_top: 4 }
      - { blamed: ldiagio.sys }
condition: stop and scope and ldiagio_loaded
fix:
  resolution: "No hotfix: third-party driver issue"
  replaces: []
  workarounds: ["Disable Enhanced Windows Biometric Security (UEFI Security > Virtualization); update Lenovo Vantage (Lenovo HT511000)"]
  related: [KB4568831]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x7E
      params: [0xc0000005, 0x0, 0x0, 0x0]
      os: { windows: "10", build: 19041, arch: x64 }
      frames: ["nt!KeBugCheckEx", "ldiagio.sys+0x1a2b"]
      modules: [ldiagio.sys]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x7E
      params: [0xc0000005, 0x1002, 0x1003, 0x1004]
      os: { windows: "10", build: 19041, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      modules: [ldiagio.sys]
      confidence: medium
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "10", build: 19041, arch: x64 }
      frames: ["nt!KeBugCheckEx", "ldiagio.sys+0x1a2b"]
      modules: [ldiagio.sys]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x7E
      params: [0xc0000005, 0x0, 0x0, 0x0]
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ldiagio.sys+0x1a2b"]
      modules: [ldiagio.sys]
    - note: "ldiagio.sys not loaded"
      bugcheck: 0x7E
      params: [0xc0000005, 0x0, 0x0, 0x0]
      os: { windows: "10", build: 19041, arch: x64 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb121726-ntfs-long-names-nt35.yml",
      id: "kb121726-ntfs-long-names-nt35",
      gate: .bugChecks([0x24]),
      text: #"""
id: kb121726-ntfs-long-names-nt35
title: "NT 3.5 bugchecks 0x24 (NTFS) with long file names: corrupted NTFS structure"
kb: KB121726
url: https://support.microsoft.com/kb/121726
status: test
references:
  - "github jeffpar/kbarchive txt/121/Q121726.TXT (https://jeffpar.github.io/kbarchive/kb/121/Q121726/)"
falsepositives:
  - "0x24 has many causes; without ntfs.sys / ntfs!NtfsExceptionFilter / ntfs!NtfsFspClose evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Two fields that should be NULL were initialized as empty list heads"
  - "Parameters (0x24): hard-coded breakpoint 0x80000003"
  - "Frames in the article: NTFS!NtfsExceptionFilter+0x46e1; NTFS!NtfsFspClose+0x10fcc; NTFS!_except_handler3+0x47; NT!ExpWorkerThread+0x6a"
  - "Facts source: kb-facts.yaml entry 121726 (confidence: high)."
match:
  stop:
    bugcheck: 0x24
  scope:
    os: { windows: nt-3.5 }
  ntfs:
    any:
      - { frame: ntfs.sys, within_top: 4 }
      - { blamed: ntfs.sys }
  function_frame:
    frame: ["ntfs!NtfsExceptionFilter", "ntfs!NtfsFspClose"]
condition: stop and scope
fix:
  resolution: "Fixed in NT 3.5 service pack"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x24
      params: [0x190146, 0xfc99fc64, 0xfc99faa0, 0x80139150]
      os: { windows: nt-3.5, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs!NtfsExceptionFilter+0x1c", "ntfs!NtfsFspClose+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x24
      os: { windows: nt-3.5, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-3.5, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs!NtfsExceptionFilter+0x1c", "ntfs!NtfsFspClose+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x24
      params: [0x190146, 0xfc99fc64, 0xfc99faa0, 0x80139150]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "ntfs!NtfsExceptionFilter+0x1c", "ntfs!NtfsFspClose+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb2554414-nfssvr-dfs-namespace.yml",
      id: "kb2554414-nfssvr-dfs-namespace",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb2554414-nfssvr-dfs-namespace
title: "Server 2008 R2 with Server for NFS + DFS bugchecks 0x1E when NFS shares are added to a DFS namespace or DFSR group"
kb: KB2554414
url: https://support.microsoft.com/kb/2554414
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/2554414"
falsepositives:
  - "0x1E has many causes; without nfssvr.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name nfssvr.sys is inferred from the component the article names (Server for NFS), not stated by the article."
notes:
  - "Cause: Server for NFS logic error when the file system returns STATUS_PENDING for a lock, or reads uninitialized data on an error path"
  - "Parameters (0x1E): p1==0xC0000005"
  - "Parameters (0x1E): article prints c00000005 (typo)"
  - "Facts source: kb-facts.yaml entry 2554414 (confidence: high)."
match:
  stop:
    - { bugcheck: 0x1E, p1: 0xC0000005 }
  scope:
    os: { windows: server-2008-r2 }
  nfssvr:
    inferred: true
    any:
      - { frame: nfssvr.sys, within_top: 4 }
      - { blamed: nfssvr.sys }
condition: stop and scope
fix:
  hotfix: KB2554414
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      params: [0xc0000005, 0x0, 0x0, 0x0]
      os: { windows: server-2008-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x1E
      params: [0xc0000005, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2008-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2008-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      params: [0xc0000005, 0x0, 0x0, 0x0]
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb2792165-ntfs-corrupt-volume-unmount.yml",
      id: "kb2792165-ntfs-corrupt-volume-unmount",
      gate: .bugChecks([0x24]),
      text: #"""
id: kb2792165-ntfs-corrupt-volume-unmount
title: "Server 2008 SP2 storage server bugchecks 0x24 when a third-party app unmounts a corrupted volume"
kb: KB2792165
url: https://support.microsoft.com/kb/2792165
status: experimental
references:
  - "http://support.microsoft.com/kb/2792165/id-id"
falsepositives:
  - "0x24 has many causes; without ntfs.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Crash during unmount of a corrupted volume by third-party mount manager (cause section not captured)"
  - "Parameters (0x24): values vary"
  - "Facts source: kb-facts.yaml entry 2792165 (confidence: medium)."
match:
  stop:
    bugcheck: 0x24
  scope:
    os: { windows: server-2008, sp: 2 }
  ntfs:
    any:
      - { frame: ntfs.sys, within_top: 4 }
      - { blamed: ntfs.sys }
condition: stop and scope
fix:
  hotfix: KB2792165
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x24
      os: { windows: server-2008, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x24
      os: { windows: server-2008, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2008, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x24
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb281317-ntfs-resource-not-owned.yml",
      id: "kb281317-ntfs-resource-not-owned",
      gate: .bugChecks([0xE3]),
      text: #"""
id: kb281317-ntfs-resource-not-owned
title: "Windows 2000 bugchecks 0xE3 RESOURCE_NOT_OWNED under NTFS stress (resource released without being acquired)"
kb: KB281317
url: https://support.microsoft.com/kb/281317
status: test
references:
  - "github MicrosoftDocs/SupportArticles-docs support/windows-client/performance/stop-error-code-0x000000e3-resource-not-owned.md"
falsepositives:
  - "0xE3 has many causes; without ntfs.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Ntfs.sys timing problem releases a resource it did not acquire"
  - "Facts source: kb-facts.yaml entry 281317 (confidence: high)."
match:
  stop:
    bugcheck: 0xE3
  scope:
    os: { windows: "2000", sp: "0..1", arch: [x86] }
  ntfs:
    any:
      - { frame: ntfs.sys, within_top: 4 }
      - { blamed: ntfs.sys }
condition: stop and scope
fix:
  hotfix: KB281317
  resolution: "Fixed first in Windows 2000 SP2"
  files:
    - { name: ntfs.sys, version: 5.0.2195.2800, arch: [x86] }
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xE3
      params: [0x81d534c8, 0x8210fc20, 0x0, 0x2]
      os: { windows: "2000", sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xE3
      os: { windows: "2000", sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
    - note: "ntfs.sys from before the fix"
      bugcheck: 0xE3
      os: { windows: "2000", sp: 1, arch: x86 }
      modules: ["ntfs.sys 5.0.2195.2000"]
      patch: not_installed
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xE3
      params: [0x81d534c8, 0x8210fc20, 0x0, 0x2]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb308605-npfs-irp-completed-twice.yml",
      id: "kb308605-npfs-irp-completed-twice",
      gate: .bugChecks([0xA, 0x48]),
      text: #"""
id: kb308605-npfs-irp-completed-twice
title: "NT4 0xA or 0x48 in npfs.sys: named-pipe IRP completed twice on abort/cancel"
kb: KB308605
url: https://support.microsoft.com/kb/308605
status: test
references:
  - "github jeffpar/kbarchive txt/308/Q308605.TXT (https://jeffpar.github.io/kbarchive/kb/308/Q308605/)"
falsepositives:
  - "0x0A, 0x48 have many causes; without npfs.sys / npfs!NpCancelWaitQueueIrp evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Synchronization bug lets one thread complete another thread's IRP"
  - "Parameters (any): values not given"
  - "Frames in the article: ntkrnlmp!KiTrap0E+0x284; Npfs!NpCancelWaitQueueIrp+0x71; ntkrnlmp!IoCancelIrp+0x6b; ntkrnlmp!IopCancelAlertedRequest+0x2b; ntkrnlmp!IopSynchronousServiceTail+0xed; ntkrnlmp!NtFsControlFile+0x28"
  - "Facts source: kb-facts.yaml entry 308605 (confidence: high)."
match:
  stop:
    bugcheck: [0x0A, 0x48]
  scope:
    os: { windows: nt-4.0 }
  npfs:
    any:
      - { frame: npfs.sys, within_top: 4 }
      - { blamed: npfs.sys }
  function_frame:
    frame: ["npfs!NpCancelWaitQueueIrp"]
condition: stop and scope
fix:
  hotfix: KB308605
  versions_unknown: "the article's file table gives dates and sizes only"
  replaces: []
  prerequisites: ["Windows NT 4.0 SP6a"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "npfs!NpCancelWaitQueueIrp+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x48
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "npfs!NpCancelWaitQueueIrp+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "npfs!NpCancelWaitQueueIrp+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb824288-mup-dfs-client-disabled.yml",
      id: "kb824288-mup-dfs-client-disabled",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb824288-mup-dfs-client-disabled
title: "Windows 2000 SP4 bugchecks 0x1E in mup.sys when the DFS client is turned off"
kb: KB824288
url: https://support.microsoft.com/kb/824288
status: test
references:
  - "https://support.microsoft.com/en-us/kb/824288"
  - "http://www.tecchannel.de/server/sicherheit/401319/index8.html"
falsepositives:
  - "0x1E has many causes; without mup.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Mup.sys bug that surfaces only when the DFS client is disabled (manually or by a program)"
  - "Facts source: kb-facts.yaml entry 824288 (confidence: high)."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: "2000", sp: 4 }
  mup:
    any:
      - { frame: mup.sys, within_top: 4 }
      - { blamed: mup.sys }
condition: stop and scope
fix:
  hotfix: KB824288
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  prerequisites: ["Windows 2000 SP3"]
  restart: "Required"
  workarounds: ["Re-enable the DFS client (or apply the Mup.sys fix before SP4 upgrade)"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      params: [0xc0000005, 0xf747ad16, 0x0, 0x0]
      os: { windows: "2000", sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "mup.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: "2000", sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "mup.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      params: [0xc0000005, 0xf747ad16, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "mup.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb906866-mup-irp-stack-locations.yml",
      id: "kb906866-mup-irp-stack-locations",
      gate: .bugChecks([0x35]),
      text: #"""
id: kb906866-mup-irp-stack-locations
title: "0x35 NO_MORE_IRP_STACK_LOCATIONS at domain logon when four or more file-system filter drivers are installed (Mup.sys assumes at most three)"
kb: KB906866
url: https://support.microsoft.com/kb/906866
status: test
references:
  - "http://support.microsoft.com/kb/906866/en-us"
falsepositives:
  - "0x35 has many causes; without mup.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Mup.sys preallocates IRP stack locations for at most three file-system filters; a fourth filter (e.g. several antivirus/encryption products) overflows it"
  - "Parameters (0x35): p2..p4 == 0; p1 (IRP address) varies"
  - "Facts source: kb-facts.yaml entry 906866 (confidence: high)."
match:
  stop:
    bugcheck: 0x35
  scope:
    os:
      - { windows: xp, sp: "2..3" }
      - { windows: server-2003, sp: "1..2" }
  mup:
    any:
      - { frame: mup.sys, within_top: 4 }
      - { blamed: mup.sys }
  parameters:
    p2: 0
    p3: 0
    p4: 0
condition: stop and scope
fix:
  hotfix: KB906866
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  workarounds: ["Reduce the number of file-system filter drivers (e.g. security products) below four"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x35
      params: [0x8207ecd8, 0x0, 0x0, 0x0]
      os: { windows: xp, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "mup.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x35
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: xp, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x0, 0x0, 0x0]
      os: { windows: xp, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "mup.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x35
      params: [0x8207ecd8, 0x0, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "mup.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb909916-fastfat-removable-media-swap.yml",
      id: "kb909916-fastfat-removable-media-swap",
      gate: .bugChecks([0x50]),
      text: #"""
id: kb909916-fastfat-removable-media-swap
title: "Windows 2000 SP4 with Update Rollup 1 bugchecks 0x50 in fastfat.sys when FAT removable media is swapped"
kb: KB909916
url: https://support.microsoft.com/kb/909916
status: test
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/909/916.HTM"
falsepositives:
  - "0x50 has many causes; without fastfat.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Bug in the FastFat.sys shipped in Update Rollup 1"
  - "Parameters (0x50): values vary"
  - "Facts source: kb-facts.yaml entry 909916 (confidence: high)."
match:
  stop:
    bugcheck: 0x50
  scope:
    os: { windows: "2000", sp: 4 }
  fastfat:
    any:
      - { frame: fastfat.sys, within_top: 4 }
      - { blamed: fastfat.sys }
condition: stop and scope
fix:
  hotfix: KB909916
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  prerequisites: ["Windows 2000 SP4"]
  related: [KB891861]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x50
      os: { windows: "2000", sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "fastfat.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x50
      os: { windows: "2000", sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "fastfat.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x50
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "fastfat.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb918245-nfssvr-access-violation.yml",
      id: "kb918245-nfssvr-access-violation",
      gate: .bugChecks([0x7E]),
      text: #"""
id: kb918245-nfssvr-access-violation
title: "Windows Server 2003 R2 with Server for NFS bugchecks 0x7E (access violation) under long heavy NFS load on multiprocessor systems"
kb: KB918245
url: https://support.microsoft.com/kb/918245
status: experimental
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/918/245.HTM"
falsepositives:
  - "0x7E has many causes; without nfssvr.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name nfssvr.sys is inferred from the component the article names (Server for NFS), not stated by the article."
notes:
  - "Cause: Not captured (excerpt shows symptom only)"
  - "Parameters (0x7E): p1==0xC0000005 always for this issue"
  - "Facts source: kb-facts.yaml entry 918245 (confidence: medium)."
match:
  stop:
    - { bugcheck: 0x7E, p1: 0xC0000005 }
  scope:
    os: { windows: server-2003, arch: [x86, x64] }
  nfssvr:
    inferred: true
    any:
      - { frame: nfssvr.sys, within_top: 4 }
      - { blamed: nfssvr.sys }
condition: stop and scope
fix:
  hotfix: KB918245
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x7E
      params: [0xc0000005, 0x0, 0x0, 0x0]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x7E
      params: [0xc0000005, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x7E
      params: [0xc0000005, 0x0, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb939767-nfssvr-system-attribute-async-read.yml",
      id: "kb939767-nfssvr-system-attribute-async-read",
      gate: .bugChecks([0x7E]),
      text: #"""
id: kb939767-nfssvr-system-attribute-async-read
title: "Server for NFS bugchecks 0x7E when an NFS client touches a file that has the SYSTEM attribute (async metadata read not awaited)"
kb: KB939767
url: https://support.microsoft.com/kb/939767
status: experimental
references:
  - "http://support.microsoft.com/kb/939767/en-us"
falsepositives:
  - "0x7E has many causes; without nfssvr.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name nfssvr.sys is inferred from the component the article names (Server for NFS), not stated by the article."
notes:
  - "Cause: Server for NFS misses async I/O completion for metadata reads when a cached handle was opened for async I/O and metadata is not in cache; completion later writes to a reused stack location (memory corruption)"
  - "Parameters (0x7E): values not given"
  - "support.microsoft.com copy: Last Review November 27, 2007, Revision 2.2; hotfix sections exist for Windows Server 2003 R2 and SFU 3.5 (details not retrieved)."
  - "Facts source: kb-facts.yaml entry 939767 (confidence: high)."
match:
  stop:
    bugcheck: 0x7E
  scope:
    os: { windows: server-2003 }
  nfssvr:
    inferred: true
    any:
      - { frame: nfssvr.sys, within_top: 4 }
      - { blamed: nfssvr.sys }
condition: stop and scope
fix:
  hotfix: KB939767
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x7E
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x7E
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x7E
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb948289-ntfs-short-name-pool.yml",
      id: "kb948289-ntfs-short-name-pool",
      gate: .bugChecks([0x19]),
      text: #"""
id: kb948289-ntfs-short-name-pool
title: "Windows Server 2003 bugchecks 0x19 BAD_POOL_HEADER when NTFS generates 8.3 short names"
kb: KB948289
url: https://support.microsoft.com/kb/948289
status: test
references:
  - "github MicrosoftDocs/SupportArticles-docs (file id 10922834358, 'Error 0x19 when NTFS creates name in 8.3 format')"
falsepositives:
  - "0x19 has many causes; without ntfs.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Pool corruption while NTFS builds an 8.3 name for a long file name"
  - "Parameters (0x19): values vary"
  - "Related 0x19 articles listed by the KB: 946226 (NFS User Name Mapping 0x19/0xC4), 934326 (SFU 3.5 Client for NFS 0x19), 935920 (Emulex Elxsli2.sys after W2K3 SP1), 931479 (Vista Point and Print print server), 925259 (Delayed Write Failure 0x19 or 0xCD), 905795 (SMS 2003 remote control), 892260, 295624 (PostScript extended characters 0x50/0x19)."
  - "Facts source: kb-facts.yaml entry 948289 (confidence: high)."
match:
  stop:
    bugcheck: 0x19
  scope:
    os: { windows: server-2003 }
  ntfs:
    any:
      - { frame: ntfs.sys, within_top: 4 }
      - { blamed: ntfs.sys }
condition: stop and scope
fix:
  resolution: "Workaround only (no hotfix listed)"
  replaces: []
  restart: "Required after workaround change"
  workarounds: ["Disable 8.3 name creation: 'fsutil behavior set disable8dot3 1' or HKLM\\SYSTEM\\CurrentControlSet\\Control\\FileSystem NtfsDisable8dot3NameCreation=1, then restart (article advises doing this only after dump analysis confirms root cause)"]
  related: [KB946226, KB934326, KB935920, KB931479, KB925259, KB905795, KB892260, KB295624]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x19
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x19
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x19
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb958165-nfssvr-negative-cache-race.yml",
      id: "kb958165-nfssvr-negative-cache-race",
      gate: .bugChecks([0xC2]),
      text: #"""
id: kb958165-nfssvr-negative-cache-race
title: "Server for NFS bugchecks 0xC2 when an NFS client copies data: negative user/group-map cache list corrupted under a shared lock"
kb: KB958165
url: https://support.microsoft.com/kb/958165
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/958165"
falsepositives:
  - "0xC2 has many causes; without nfssvr.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name nfssvr.sys is inferred from the component the article names (Server for NFS), not stated by the article."
notes:
  - "Cause: Race: the negative cache for user/group mapping is modified while holding only a shared lock, corrupting its linked list"
  - "Parameters (0xC2): values vary"
  - "Facts source: kb-facts.yaml entry 958165 (confidence: high)."
match:
  stop:
    bugcheck: 0xC2
  scope:
    os:
      - { windows: server-2003 }
      - { windows: server-2008 }
  nfssvr:
    inferred: true
    any:
      - { frame: nfssvr.sys, within_top: 4 }
      - { blamed: nfssvr.sys }
condition: stop and scope
fix:
  hotfix: KB958165
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xC2
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0xC2
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xC2
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nfssvr.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb975663-ntfs-dismount-vcb.yml",
      id: "kb975663-ntfs-dismount-vcb",
      gate: .bugChecks([0x24]),
      text: #"""
id: kb975663-ntfs-dismount-vcb
title: "Vista SP2 / Server 2008 SP2 bugchecks 0x24 NTFS_FILE_SYSTEM: ntfs.sys uses the VCB of a volume being dismounted"
kb: KB975663
url: https://support.microsoft.com/kb/975663
status: test
references:
  - "https://mskb.pkisolutions.com/kb/975663"
falsepositives:
  - "0x24 has many causes; without ntfs.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Ntfs.sys accesses an invalid volume control block that is being unmounted"
  - "Parameters (0x24): values vary; p1 high word = NTFS source file id, low word = line (bug check reference)"
  - "Vista and Server 2008 hotfixes ship in the same package."
  - "Facts source: kb-facts.yaml entry 975663 (confidence: high)."
match:
  stop:
    bugcheck: 0x24
  scope:
    os:
      - { windows: vista, sp: 2 }
      - { windows: server-2008, sp: 2 }
  ntfs:
    any:
      - { frame: ntfs.sys, within_top: 4 }
      - { blamed: ntfs.sys }
condition: stop and scope
fix:
  hotfix: KB975663
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  prerequisites: ["SP2 (per applicability)"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x24
      os: { windows: vista, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x24
      os: { windows: vista, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: vista, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x24
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ntfs.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "filesystem/kb978972-dfs-rename-minifilter-rdbss.yml",
      id: "kb978972-dfs-rename-minifilter-rdbss",
      gate: .bugChecks([0x27]),
      text: #"""
id: kb978972-dfs-rename-minifilter-rdbss
title: "Windows Server 2003 bugchecks 0x27 RDR_FILE_SYSTEM when renaming through a DFS path with a minifilter installed"
kb: KB978972
url: https://support.microsoft.com/kb/978972
status: test
references:
  - "https://mskb.pkisolutions.com/kb/978972"
  - "https://msdn.microsoft.com/en-us/library/windows/hardware/ff557446.aspx (0x27 parameter meaning)"
falsepositives:
  - "0x27 has many causes; without rdbss.sys / mup.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Filter manager frees a structure whose length MUP did not reset to zero; RDBSS then uses it in an inconsistent state"
  - "Parameters (0x27): values vary; for 0x27 the high word of p1 encodes the RDBSS area (0xCA55 cachesup, 0xC1EE cleanup, 0xC10E close, 0xBAAD ntexcept) per the bug check reference"
  - "Trigger: third-party minifilter (e.g. an antivirus client) + rename over a DFS share path."
  - "Facts source: kb-facts.yaml entry 978972 (confidence: high)."
match:
  stop:
    bugcheck: 0x27
  scope:
    os: { windows: server-2003 }
  rdbss:
    any:
      - { frame: rdbss.sys, within_top: 4 }
      - { blamed: rdbss.sys }
  mup:
    any:
      - { frame: mup.sys, within_top: 4 }
      - { blamed: mup.sys }
condition: stop and scope
fix:
  hotfix: KB978972
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x27
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdbss.sys+0x1a2b", "mup.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x27
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdbss.sys+0x1a2b", "mup.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x27
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "rdbss.sys+0x1a2b", "mup.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb185945-win32k-hmallocobject-concurrent.yml",
      id: "kb185945-win32k-hmallocobject-concurrent",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb185945-win32k-hmallocobject-concurrent
title: "NT4 (Japanese/Korean) 0x1E access violation in win32k!HMMarkObjectDestroy: HMAllocObject called concurrently"
kb: KB185945
url: https://support.microsoft.com/kb/185945
status: experimental
references:
  - "github jeffpar/kbarchive txt/185/Q185945.TXT (https://jeffpar.github.io/kbarchive/kb/185/Q185945/)"
falsepositives:
  - "0x1E has many causes; without win32k.sys / win32k!HMMarkObjectDestroy / win32k!HMAllocObject evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: HMAllocObject (via NtUserGetClassInfo path) runs in parallel on multiple threads although it must not"
  - "Frames in the article: win32k!HMMarkObjectDestroy+0x17; win32k!HMDestroyUnlockedObject+0x88; win32k!DestroyThreadsObjects+0x85; win32k!xxxDestroyThreadInfo+0xbd; win32k!HMAllocObject+0x1da; win32k!xxxCreateWindowExWOW+0x111; win32k!NtUserCreateWindowEx+0x1aa"
  - "Facts source: kb-facts.yaml entry 185945 (confidence: medium (fix details not extracted))."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: nt-4.0 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
  function_frame:
    frame: ["win32k!HMMarkObjectDestroy", "win32k!HMAllocObject"]
condition: stop and scope
fix:
  hotfix: KB185945
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa0036fc2, 0x0, 0x4]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!HMMarkObjectDestroy+0x1c", "win32k!HMAllocObject+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!HMMarkObjectDestroy+0x1c", "win32k!HMAllocObject+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa0036fc2, 0x0, 0x4]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k!HMMarkObjectDestroy+0x1c", "win32k!HMAllocObject+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb247240-win32k-property-list-null.yml",
      id: "kb247240-win32k-property-list-null",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb247240-win32k-property-list-null
title: "NT4 0x1E in win32k.sys under stress when a window property is deleted while the property-list pointer is NULL (object destroyed twice)"
kb: KB247240
url: https://support.microsoft.com/kb/247240
status: test
references:
  - "github jeffpar/kbarchive txt/247/Q247240.TXT (https://jeffpar.github.io/kbarchive/kb/247/Q247240/)"
falsepositives:
  - "0x1E has many causes; without win32k.sys / win32k!HMMarkObjectDestroy evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Window property deleted while property-list pointer is NULL (high stress only)"
  - "Parameters (0x1E): values not given"
  - "Frames in the article: win32k!HMMarkObjectDestroy+0x18; win32k!FreeDdeConv+0xc6; win32k!HMDestroyUnlockedObject_162+0x7; win32k!DestroyThreadsObjects+0x8f; win32k!xxxDestroyThreadInfo+0xbd; win32k!UserThreadCallout+0x58"
  - "Facts source: kb-facts.yaml entry 247240 (confidence: high)."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: nt-4.0 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
  function_frame:
    frame: ["win32k!HMMarkObjectDestroy"]
condition: stop and scope
fix:
  hotfix: KB247240
  versions_unknown: "the article's file table gives dates and sizes only"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!HMMarkObjectDestroy+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!HMMarkObjectDestroy+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k!HMMarkObjectDestroy+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb250560-win32k-tray-window-logoff.yml",
      id: "kb250560-win32k-tray-window-logoff",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb250560-win32k-tray-window-logoff
title: "NT4 Terminal Server 0x1E at client logoff in win32k!IsTrayWindow (tray window already closed)"
kb: KB250560
url: https://support.microsoft.com/kb/250560
status: test
references:
  - "github jeffpar/kbarchive txt/250/Q250560.TXT (https://jeffpar.github.io/kbarchive/kb/250/Q250560/)"
falsepositives:
  - "0x1E has many causes; without win32k.sys / win32k!IsTrayWindow evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Accesses the client's system tray window after it was closed"
  - "Parameters (0x1E): values not given"
  - "Article: fault always in win32k!IsTrayWindow even if lower frames differ."
  - "Frames in the article: win32k!IsTrayWindow+0x40; win32k!xxxDestroyWindow+0x233; win32k!HMDestroyUnlockedObject+0x6f; win32k!DestroyThreadsObjects+0xa2; win32k!xxxDestroyThreadInfo+0x141; win32k!UserThreadCallout+0xad"
  - "Facts source: kb-facts.yaml entry 250560 (confidence: high)."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: nt-4.0 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
  function_frame:
    frame: ["win32k!IsTrayWindow"]
condition: stop and scope
fix:
  resolution: "Fixed in TSE SP6"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!IsTrayWindow+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!IsTrayWindow+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k!IsTrayWindow+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb259877-win32k-winsta-list-null.yml",
      id: "kb259877-win32k-winsta-list-null",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb259877-win32k-winsta-list-null
title: "NT4 Terminal Server bugchecks 0x1E in win32k.sys at session shutdown when all WindowStations are already closed"
kb: KB259877
url: https://support.microsoft.com/kb/259877
status: test
references:
  - "github jeffpar/kbarchive txt/259/Q259877.TXT (https://jeffpar.github.io/kbarchive/kb/259/Q259877/)"
falsepositives:
  - "0x1E has many causes; without win32k.sys / win32k!_UserTestForWinStaAccess evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: NULL reference through the window-station list (grpwinstaList) after all WindowStations closed"
  - "Parameters (0x1E): typical on TSE SP5"
  - "Frames in the article: win32k!_UserTestForWinStaAccess+0xda; win32k!xxxResolveDesktop+0x1df; win32k!NtUserResolveDesktop+0x13f; ntkrnlmp!KiSystemService+0xc9"
  - "Facts source: kb-facts.yaml entry 259877 (confidence: high)."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: nt-4.0, sp: "4..6" }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
  function_frame:
    frame: ["win32k!_UserTestForWinStaAccess"]
condition: stop and scope
fix:
  hotfix: KB259877
  versions_unknown: "the article's file table gives dates and sizes only"
  replaces: []
  prerequisites: ["TSE SP6"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa3079ce3, 0x0, 0x74]
      os: { windows: nt-4.0, sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!_UserTestForWinStaAccess+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: nt-4.0, sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!_UserTestForWinStaAccess+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa3079ce3, 0x0, 0x74]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k!_UserTestForWinStaAccess+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb276591-win32k-minmaximize-single-child.yml",
      id: "kb276591-win32k-minmaximize-single-child",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb276591-win32k-minmaximize-single-child
title: "NT4 bugchecks 0x1E in win32k!xxxMinMaximize (desktop with a single child window, NULL pointer)"
kb: KB276591
url: https://support.microsoft.com/kb/276591
status: test
references:
  - "github jeffpar/kbarchive txt/276/Q276591.TXT (https://jeffpar.github.io/kbarchive/kb/276/Q276591/)"
falsepositives:
  - "0x1E has many causes; without win32k.sys / win32k!xxxMinMaximize evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Desktop window has one child and xxxMinMaximize hits a NULL pointer (e.g. remote-control session with nobody logged on, or all children top-level)"
  - "Frames in the article: win32k!xxxMinMaximize"
  - "Facts source: kb-facts.yaml entry 276591 (confidence: high)."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: nt-4.0 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
  function_frame:
    frame: ["win32k!xxxMinMaximize"]
condition: stop and scope
fix:
  hotfix: KB276591
  files:
    - { name: win32k.sys, version: 4.0.1381.7086, arch: [x86] }
    - { name: user32.dll, version: 4.0.1381.7086, arch: [x86] }
    - { name: gdi32.dll, version: 4.0.1381.298, arch: [x86] }
    - { name: winsrv.dll, version: 4.0.1381.7017, arch: [x86] }
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa0072307, 0x0, 0x18]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!xxxMinMaximize+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!xxxMinMaximize+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa0072307, 0x0, 0x18]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k!xxxMinMaximize+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb282228-win32k-flush-palette-thread-exit.yml",
      id: "kb282228-win32k-flush-palette-thread-exit",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb282228-win32k-flush-palette-thread-exit
title: "NT4 Terminal Server random 0x1E in win32k.sys flushing the palette while destroying thread info"
kb: KB282228
url: https://support.microsoft.com/kb/282228
status: test
references:
  - "github jeffpar/kbarchive txt/282/Q282228.TXT (https://jeffpar.github.io/kbarchive/kb/282/Q282228/)"
falsepositives:
  - "0x1E has many causes; without win32k.sys / win32k!xxxFlushPalette evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Window pointer partly destroyed returns NULL during palette flush at thread teardown"
  - "Frames in the article: win32k!xxxFlushPalette+0x32; win32k!xxxDestroyThreadInfo+0x128; win32k!UserThreadCallout+0xad; win32k!W32pThreadCallout+0x29; ntkrnlmp!PspExitThread+0x253; ntkrnlmp!PspTerminateThreadByPointer+0x21; ntkrnlmp!NtTerminateThread+0x112"
  - "Facts source: kb-facts.yaml entry 282228 (confidence: high)."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: nt-4.0 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
  function_frame:
    frame: ["win32k!xxxFlushPalette"]
condition: stop and scope
fix:
  hotfix: KB282228
  versions_unknown: "the article's file table gives dates and sizes only"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa30818d4, 0x0, 0x4]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!xxxFlushPalette+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k!xxxFlushPalette+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa30818d4, 0x0, 0x4]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k!xxxFlushPalette+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb294196-win32k-thread-creation-race.yml",
      id: "kb294196-win32k-thread-creation-race",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb294196-win32k-thread-creation-race
title: "NT4 Terminal Server bugchecks 0x1E in win32k.sys from a thread-creation timing race (uninitialized pointer)"
kb: KB294196
url: https://support.microsoft.com/kb/294196
status: test
references:
  - "github jeffpar/kbarchive txt/294/Q294196.TXT (https://jeffpar.github.io/kbarchive/kb/294/Q294196/)"
falsepositives:
  - "0x1E has many causes; without win32k.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Pointer dereferenced before initialization during thread creation"
  - "Parameters (0x1E): p1 and p2 constant; p3/p4 vary"
  - "Facts source: kb-facts.yaml entry 294196 (confidence: high)."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: nt-4.0 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
condition: stop and scope
fix:
  hotfix: KB294196
  files:
    - { name: win32k.sys, version: 4.0.1381.33478, arch: [x86], branch: "TSE" }
    - { name: gdi32.dll, version: 4.0.1381.33476 }
    - { name: user32.dll, version: 4.0.1381.33392 }
    - { name: winsrv.dll, version: 4.0.1381.33474 }
    - { name: user.exe, version: 3.10.0.103 }
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa308cdf8, 0x1, 0x51]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa308cdf8, 0x1, 0x51]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb317372-win32k-appinit-dlls-overflow.yml",
      id: "kb317372-win32k-appinit-dlls-overflow",
      gate: .bugChecks([0x50]),
      text: #"""
id: kb317372-win32k-appinit-dlls-overflow
title: "NT4 Terminal Server bugchecks 0x50 in win32k.sys when the AppInit_Dlls value exceeds 32 characters (pool corruption)"
kb: KB317372
url: https://support.microsoft.com/kb/317372
status: test
references:
  - "github jeffpar/kbarchive txt/317/Q317372.TXT (https://jeffpar.github.io/kbarchive/kb/317/Q317372/)"
falsepositives:
  - "0x50 has many causes; without win32k.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Windows AppInit_Dlls longer than 32 characters corrupts pool"
  - "Registry-state rule: check AppInit_Dlls length > 32 in the dump's SOFTWARE hive if available."
  - "Facts source: kb-facts.yaml entry 317372 (confidence: high)."
match:
  stop:
    bugcheck: 0x50
  scope:
    os: { windows: nt-4.0, sp: 6 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
condition: stop and scope
fix:
  hotfix: KB317372
  files:
    - { name: win32k.sys, version: 4.0.1381.33532, arch: [x86], branch: "TSE" }
    - { name: user32.dll, version: 4.0.1381.33529 }
    - { name: gdi32.dll, version: 4.0.1381.33529 }
    - { name: winsrv.dll, version: 4.0.1381.33529 }
  replaces: []
  workarounds: ["Create short-named hard links (Ln.exe, NT4 Resource Kit) to the AppInit DLLs and shorten the AppInit_Dlls value"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x50
      params: [0xa4032000, 0x1, 0x0, 0xc02900c8]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x50
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x50
      params: [0xa4032000, 0x1, 0x0, 0xc02900c8]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb327386-win32k-sap-dialog-double-free.yml",
      id: "kb327386-win32k-sap-dialog-double-free",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb327386-win32k-sap-dialog-double-free
title: "NT4 Terminal Server with SAP R/3 bugchecks 0x1E in win32k.sys when a dialog is closed (buffer freed twice)"
kb: KB327386
url: https://support.microsoft.com/kb/327386
status: test
references:
  - "github jeffpar/kbarchive txt/327/Q327386.TXT (https://jeffpar.github.io/kbarchive/kb/327/Q327386/)"
falsepositives:
  - "0x1E has many causes; without win32k.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Double free of a buffer"
  - "Facts source: kb-facts.yaml entry 327386 (confidence: high)."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: nt-4.0, sp: 6 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
condition: stop and scope
fix:
  hotfix: KB327386
  files:
    - { name: win32k.sys, version: 4.0.1381.33539, arch: [x86], branch: "TSE" }
    - { name: gdi32.dll, version: 4.0.1381.33535 }
    - { name: user32.dll, version: 4.0.1381.33535 }
    - { name: winsrv.dll, version: 4.0.1381.33535 }
  replaces: []
  prerequisites: ["TSE SP6"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa304ede8, 0x0, 0x2c3]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      params: [0xc0000005, 0xa304ede8, 0x0, 0x2c3]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb829422-win32k-printer-color-adjustment.yml",
      id: "kb829422-win32k-printer-color-adjustment",
      gate: .bugChecks([0x8E]),
      text: #"""
id: kb829422-win32k-printer-color-adjustment
title: "Terminal server bugchecks 0x8E in win32k.sys when a TS user prints a Word attachment opened from Outlook (bad color-adjustment object from printer driver)"
kb: KB829422
url: https://support.microsoft.com/kb/829422
status: test
references:
  - "http://ftp.zx.net.nz/pub/mirror/ftp.microsoft.com/MISC/KB/en-us/829/422.HTM"
falsepositives:
  - "0x8E has many causes; without win32k.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Printer driver hands Windows an invalid color adjustment object; win32k.sys faults using it"
  - "Parameters (0x8E): values not given"
  - "Facts source: kb-facts.yaml entry 829422 (confidence: high)."
match:
  stop:
    bugcheck: 0x8E
  scope:
    os: { windows: server-2003, sp: 0 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
condition: stop and scope
fix:
  hotfix: KB829422
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x8E
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x8E
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x8E
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb836044-win32k-alt-tab-pool-leak.yml",
      id: "kb836044-win32k-alt-tab-pool-leak",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb836044-win32k-alt-tab-pool-leak
title: "Windows 2000 server bugchecks 0xA when switching windows with ALT+TAB (SWITCHWNDINFO pool structures leaked)"
kb: KB836044
url: https://support.microsoft.com/kb/836044
status: experimental
references:
  - "https://www.betaarchive.com/wiki/index.php?title=Microsoft_KB_Archive/836044"
falsepositives:
  - "0x0A has many causes; without win32k.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name win32k.sys is inferred from the component the article names (Window manager ALT+TAB), not stated by the article."
notes:
  - "Cause: SWITCHWNDINFO allocations not freed after ALT+TAB, leading to the crash"
  - "Parameters (0xA): IRQL 0xFF in example"
  - "Facts source: kb-facts.yaml entry 836044 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: "2000", product_type: server }
  win32k:
    inferred: true
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
condition: stop and scope
fix:
  hotfix: KB836044
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  restart: "Not required"
  workarounds: ["Avoid ALT+TAB"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0xe, 0xff, 0x0, 0x80416f11]
      os: { windows: "2000", product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: "2000", product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0xe, 0xff, 0x0, 0x80416f11]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb842910-win32k-freed-palette.yml",
      id: "kb842910-win32k-freed-palette",
      gate: nil,
      text: #"""
id: kb842910-win32k-freed-palette
title: "Windows Server 2003 Stop error referencing win32k.sys after a screen redraw (freed palette used)"
kb: KB842910
url: https://support.microsoft.com/kb/842910
status: experimental
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/842/910.HTM"
falsepositives:
  - "The article gives no stop code: any crash blamed on win32k.sys in scope matches, so the verdict stays medium at most."
notes:
  - "Cause: A freed color mapping table (palette) is accessed during redraw"
  - "Stop code not stated in the article (only that the Stop references Win32k.sys)."
  - "Facts source: kb-facts.yaml entry 842910 (confidence: medium (no stop code))."
match:
  scope:
    os: { windows: server-2003, sp: 0, arch: [x86, ia64] }
  win32k_blamed:
    blamed: win32k.sys
condition: scope and win32k_blamed
fix:
  hotfix: KB842910
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  restart: "Not required"
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x50
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      blame: win32k.sys
      confidence: medium
  non_triggering:
    - note: "another module blamed"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      blame: other.sys
    - note: "an operating system outside the article's scope"
      bugcheck: 0x50
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      blame: win32k.sys
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb884846-win32k-desktop-handle-network-drive.yml",
      id: "kb884846-win32k-desktop-handle-network-drive",
      gate: .bugChecks([0x93]),
      text: #"""
id: kb884846-win32k-desktop-handle-network-drive
title: "Windows 2000 bugchecks 0x93 (INVALID_KERNEL_HANDLE) in win32k.sys when a network drive is added or removed"
kb: KB884846
url: https://support.microsoft.com/kb/884846
status: test
references:
  - "https://www.betaarchive.com/wiki/index.php?title=Microsoft_KB_Archive/884846"
falsepositives:
  - "0x93 has many causes; without win32k.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: GDI fails to initialize a desktop handle that is closed when a network drive is mapped/unmapped"
  - "Parameters (0x93): values not given"
  - "Facts source: kb-facts.yaml entry 884846 (confidence: high)."
match:
  stop:
    bugcheck: 0x93
  scope:
    os: { windows: "2000", sp: ">= 3" }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
condition: stop and scope
fix:
  hotfix: KB884846
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  prerequisites: ["Windows 2000 SP3"]
  restart: "Required"
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x93
      os: { windows: "2000", sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x93
      os: { windows: "2000", sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x93
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb958820-win32k-logoff-owner-thread-race.yml",
      id: "kb958820-win32k-logoff-owner-thread-race",
      gate: .bugChecks([0x8E]),
      text: #"""
id: kb958820-win32k-logoff-owner-thread-race
title: "Windows Server 2003 terminal server bugchecks 0x8E at session logoff: win32k.sys race on object owner thread"
kb: KB958820
url: https://support.microsoft.com/kb/958820
status: test
references:
  - "https://mskb.pkisolutions.com/kb/958820"
falsepositives:
  - "0x8E has many causes; without win32k.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Race in win32k.sys: tries to reassign an object's owner thread that no longer exists"
  - "Parameters (0x8E): values vary"
  - "Facts source: kb-facts.yaml entry 958820 (confidence: high)."
match:
  stop:
    bugcheck: 0x8E
  scope:
    os: { windows: server-2003 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
condition: stop and scope
fix:
  hotfix: KB958820
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x8E
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x8E
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x8E
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "graphics/kb981471-win32k-dc-race.yml",
      id: "kb981471-win32k-dc-race",
      gate: .bugChecks([0x50]),
      text: #"""
id: kb981471-win32k-dc-race
title: "Windows Server 2003 SP2 bugchecks 0x50 in win32k.sys: window manager and GDI race on the same device context"
kb: KB981471
url: https://support.microsoft.com/kb/981471
status: test
references:
  - "https://mskb.pkisolutions.com/kb/981471"
falsepositives:
  - "0x50 has many causes; without win32k.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Window manager and GDI use one DC on different threads without proper synchronization; GDI touches a display object already deleted"
  - "Parameters (0x50): p2==0 (read access)"
  - "Facts source: kb-facts.yaml entry 981471 (confidence: high)."
match:
  stop:
    - { bugcheck: 0x50, p2: 0 }
  scope:
    os: { windows: server-2003, sp: 2 }
  win32k:
    any:
      - { frame: win32k.sys, within_top: 4 }
      - { blamed: win32k.sys }
condition: stop and scope
fix:
  hotfix: KB981471
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x50
      params: [0x0, 0x0, 0x0, 0x0]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x50
      params: [0x1001, 0x0, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x50
      params: [0x0, 0x0, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "win32k.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "hardware/kb2264080-hyperv-rollup-nehalem-westmere.yml",
      id: "kb2264080-hyperv-rollup-nehalem-westmere",
      gate: .bugChecks([0x1A, 0x101]),
      text: #"""
id: kb2264080-hyperv-rollup-nehalem-westmere
title: "Hyper-V (Server 2008 R2) update rollup of Aug 24 2010: Nehalem 0x101, Westmere 0x1A, VM NIC loss"
kb: KB2264080
url: https://support.microsoft.com/kb/2264080
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/2264080"
  - "http://support.microsoft.com/kb/2264080"
falsepositives:
  - "0x101, 0x1A have many causes; without hvix64.exe / hvax64.exe evidence on the stack, blamed or loaded, a match says little."
  - "The module names hvix64.exe, hvax64.exe are inferred from the component the article names (Hyper-V hypervisor), not stated by the article."
notes:
  - "Cause: Issue 1: Nehalem erratum spurious interrupts; issue 2: hypervisor race drops VM network adapter; issue 3: Westmere-specific (cause truncated)"
  - "Parameters (0x101): p2==0 and p4==0xc"
  - "Parameters (0x1A): values vary; Intel Westmere hosts"
  - "Issue 1 is the same Nehalem 0x101 problem as 975530; the retrieved text does not state whether this rollup supersedes 975530."
  - "Facts source: kb-facts.yaml entry 2264080 (confidence: high)."
match:
  stop:
    bugcheck: [0x101, 0x1A]
  scope:
    os: { windows: server-2008-r2, sp: 0, arch: [x64] }
  hvix64:
    inferred: true
    any:
      - { frame: hvix64.exe, within_top: 4 }
      - { blamed: hvix64.exe }
  hvax64:
    inferred: true
    any:
      - { frame: hvax64.exe, within_top: 4 }
      - { blamed: hvax64.exe }
  parameters:
    p2: 0
    p4: 0x0C
condition: stop and scope
fix:
  hotfix: KB2264080
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x101
      params: [0x0, 0x0, 0x0, 0xc]
      os: { windows: server-2008-r2, sp: 0, arch: x64 }
      frames: ["nt!KeBugCheckEx", "hvix64.exe+0x1a2b", "hvax64.exe+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x1A
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2008-r2, sp: 0, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x0, 0x1003, 0xc]
      os: { windows: server-2008-r2, sp: 0, arch: x64 }
      frames: ["nt!KeBugCheckEx", "hvix64.exe+0x1a2b", "hvax64.exe+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x101
      params: [0x0, 0x0, 0x0, 0xc]
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "hvix64.exe+0x1a2b", "hvax64.exe+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "hardware/kb4576784-dmar-wireless-verifier-dma-violation.yml",
      id: "kb4576784-dmar-wireless-verifier-dma-violation",
      gate: .bugChecks([0xE6]),
      text: #"""
id: kb4576784-dmar-wireless-verifier-dma-violation
title: "Windows 10 under Driver Verifier bugchecks 0xE6 DRIVER_VERIFIER_DMA_VIOLATION after repeatedly disabling/enabling a wireless driver that uses DMA remapping"
kb: KB4576784
url: https://support.microsoft.com/kb/4576784
status: test
references:
  - "github MicrosoftDocs/SupportArticles-docs support/windows-client/performance/stop-error-0xe6-wireless-device-driver-dmar.md"
falsepositives:
  - "0xE6 has many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: DMA adapter allocation is not freed correctly with DMA remapping enabled; leak then Verifier violation"
  - "Parameters (0xE6): values not given"
  - "Facts source: kb-facts.yaml entry 4576784 (confidence: high)."
match:
  stop:
    bugcheck: 0xE6
  scope:
    os: { windows: "10", build: "18362..19041" }
condition: stop and scope
fix:
  resolution: "Fix planned for a future release"
  replaces: []
  workarounds: ["Test environments only: disable DMA Protection in BIOS"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xE6
      os: { windows: "10", build: 18362, arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      confidence: low
    - note: "stop code and scope only"
      bugcheck: 0xE6
      os: { windows: "10", build: 18362, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "10", build: 18362, arch: x64 }
      frames: ["nt!KeBugCheckEx"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xE6
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "hardware/kb842465-cpu-esp-bit-error-double-fault.yml",
      id: "kb842465-cpu-esp-bit-error-double-fault",
      gate: .bugChecks([0x7F]),
      text: #"""
id: kb842465-cpu-esp-bit-error-double-fault
title: "0x7F double fault (trap 8) caused by a single-bit error in the ESP register of a processor (microcode/defective CPU/environment)"
kb: KB842465
url: https://support.microsoft.com/kb/842465
status: test
references:
  - "github MicrosoftDocs/SupportArticles-docs (file id 11811070755, 'Stop 7F, 0x00000008 (double-fault) error')"
falsepositives:
  - "0x7F has many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: Processor needs a microcode update not applied by BIOS, is defective, or runs out of spec (temperature/voltage); most often Xeon family F model 2 stepping 9 on ServerWorks chipsets"
  - "Parameters (0x7F): p1==8; ESP (from .tss) outside current thread stack Base..Limit, differing from expected by one high-order bit"
  - "Dump evidence recipe: BUGCHECK_STR 0x7f_8; '.tss 28' ESP far from EBP; '!thread' stack limits exclude ESP. Bucket example 0x7f_8_nt!KiUnlockDispatcherDatabase+1c."
  - "Not a hotfix KB; hardware rule."
  - "Frames in the article: nt!KiTrap08; nt!KiUnlockDispatcherDatabase+0x1c (example faulting frame); nt!NtWaitForMultipleObjects+0x385 (example)"
  - "Facts source: kb-facts.yaml entry 842465 (confidence: high)."
match:
  stop:
    bugcheck: 0x7F
  scope:
    os: { arch: [x86] }
  parameters:
    p1: 8
  cpu_model:
    cpu: { vendor: GenuineIntel, family: 15, model: 2, stepping: 9 }
condition: stop and scope
fix:
  resolution: "No hotfix: workaround or hardware fix only"
  replaces: []
  workarounds: ["Update BIOS so microcode revision >= 0x18 for CPUID F/2/9 Xeons; swap CPUs to isolate; fix cooling/power"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x7F
      params: [0x8, 0x0, 0x0, 0x0]
      os: { windows: "2000", arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      cpu: { vendor: GenuineIntel, family: 15, model: 2, stepping: 9 }
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x7F
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x8, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      cpu: { vendor: GenuineIntel, family: 15, model: 2, stepping: 9 }
    - note: "an operating system outside the article's scope"
      bugcheck: 0x7F
      params: [0x8, 0x0, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      cpu: { vendor: GenuineIntel, family: 15, model: 2, stepping: 9 }
"""#
    ),
    BuiltInRuleFile(
      path: "hardware/kb975530-hyperv-nehalem-spurious-interrupts.yml",
      id: "kb975530-hyperv-nehalem-spurious-interrupts",
      gate: .bugChecks([0x101]),
      text: #"""
id: kb975530-hyperv-nehalem-spurious-interrupts
title: "Server 2008 R2 Hyper-V host on Intel Nehalem (Xeon 5500 / Core i) bugchecks 0x101 CLOCK_WATCHDOG_TIMEOUT from spurious interrupts (CPU erratum)"
kb: KB975530
url: https://support.microsoft.com/kb/975530
status: experimental
references:
  - "http://support.microsoft.com/kb/975530"
  - "https://mskb.pkisolutions.com/kb/975530"
  - "github 3BK/TSSV2 psSDP/Diag/global/TS_HyperVXeon5500Check.ps1"
  - "http://man-kato.blogspot.com/2011/02/ (workaround registry value)"
  - "http://mfnc.de/4.html"
falsepositives:
  - "0x101 has many causes; without hvboot.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Intel Nehalem erratum generates spurious interrupts (Intel Xeon 5500 spec update 321324, Core i7-800/i5-700 spec update 322166)"
  - "Parameters (0x101): p2==0 and p4==0xc"
  - "Fixed versions taken from Microsoft's SDP rule script TS_HyperVXeon5500Check.ps1 (CheckMinimalFileVersion with -LDRGDR: branch-aware check; 16xxx = GDR, 20xxx = LDR)."
  - "support.microsoft.com copy: Last Review November 20, 2009, Revision 5.0; page notes the issue is in Microsoft's memory-dump diagnostic."
  - "Real-world event log example: 0x101 (0x19, 0, 0xfffff88001e5d180, 2) on a Nehalem Hyper-V host (mfnc.de) - note p4=2 there, not 0xc (different CPU index / possibly different issue)."
  - "The CPU model numbers for Nehalem (family 6, models 26, 30, 31, 46) are not in the article: marked inferred."
  - "Facts source: kb-facts.yaml entry 975530 (confidence: high)."
match:
  stop:
    bugcheck: 0x101
  scope:
    os: { windows: server-2008-r2, sp: 0, arch: [x64] }
  hvboot_loaded:
    module: hvboot.sys
  parameters:
    p2: 0
    p4: 0x0C
  cpu_model:
    inferred: true
    cpu: { vendor: GenuineIntel, family: 6, model: [26, 30, 31, 46] }
condition: stop and scope and hvboot_loaded
fix:
  hotfix: KB975530
  files:
    - { name: hvax64.exe, version: 6.1.7600.16485, arch: [x64], branch: "GDR" }
    - { name: hvax64.exe, version: 6.1.7600.20595, arch: [x64], branch: "LDR" }
    - { name: hvix64.exe, version: 6.1.7600.16485, arch: [x64], branch: "GDR" }
    - { name: hvix64.exe, version: 6.1.7600.20595, arch: [x64], branch: "LDR" }
  replaces: []
  workarounds: ["Disable ACPI C-states in BIOS, or set HKLM\\System\\CurrentControlSet\\Control\\Processor 'Capabilities' REG_DWORD 0x0007e066 and restart"]
  related: [KB2264080]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x101
      params: [0x0, 0x0, 0x0, 0xc]
      os: { windows: server-2008-r2, sp: 0, arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      modules: [hvboot.sys]
      cpu: { vendor: GenuineIntel, family: 6, model: 26 }
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x101
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2008-r2, sp: 0, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      modules: [hvboot.sys]
      confidence: medium
    - note: "GDR hypervisor below the GDR fix; the LDR threshold is not used"
      bugcheck: 0x101
      params: [0x19, 0x0, 0xfffff88001e5d180, 0xc]
      os: { windows: server-2008-r2, sp: 0, arch: x64 }
      modules: [hvboot.sys, "hvix64.exe 6.1.7600.16385"]
      confidence: medium
      patch: not_installed
    - note: "GDR hypervisor at the GDR fix counts as installed although 16485 < 20595"
      bugcheck: 0x101
      os: { windows: server-2008-r2, sp: 0, arch: x64 }
      modules: [hvboot.sys, "hvix64.exe 6.1.7600.16485"]
      confidence: medium
      patch: installed
    - note: "LDR hypervisor above the GDR number but below the LDR fix"
      bugcheck: 0x101
      os: { windows: server-2008-r2, sp: 0, arch: x64 }
      modules: [hvboot.sys, "hvix64.exe 6.1.7600.20500"]
      patch: not_installed
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x0, 0x1003, 0xc]
      os: { windows: server-2008-r2, sp: 0, arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      modules: [hvboot.sys]
      cpu: { vendor: GenuineIntel, family: 6, model: 26 }
    - note: "an operating system outside the article's scope"
      bugcheck: 0x101
      params: [0x0, 0x0, 0x0, 0xc]
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      modules: [hvboot.sys]
      cpu: { vendor: GenuineIntel, family: 6, model: 26 }
"""#
    ),
    BuiltInRuleFile(
      path: "input/kb273600-mouclass-irp-completed-twice.yml",
      id: "kb273600-mouclass-irp-completed-twice",
      gate: .bugChecks([0x44]),
      text: #"""
id: kb273600-mouclass-irp-completed-twice
title: "NT4 0x44 MULTIPLE_IRP_COMPLETE_REQUESTS in mouclass.sys"
kb: KB273600
url: https://support.microsoft.com/kb/273600
status: test
references:
  - "github jeffpar/kbarchive txt/273/Q273600.TXT (https://jeffpar.github.io/kbarchive/kb/273/Q273600/)"
falsepositives:
  - "0x44 has many causes; without mouclass.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Mouse driver completes an IRP more than once"
  - "Facts source: kb-facts.yaml entry 273600 (confidence: high)."
match:
  stop:
    bugcheck: 0x44
  scope:
    os: { windows: nt-4.0, sp: 6 }
  mouclass:
    any:
      - { frame: mouclass.sys, within_top: 4 }
      - { blamed: mouclass.sys }
condition: stop and scope
fix:
  hotfix: KB273600
  files:
    - { name: mouclass.sys, version: 4.0.1381.7086, arch: [x86] }
  replaces: []
  prerequisites: ["Windows NT 4.0 SP6a"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x44
      params: [0x8054bb48, 0x0, 0x0, 0x0]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "mouclass.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x44
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "mouclass.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x44
      params: [0x8054bb48, 0x0, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "mouclass.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "kernel/kb196389-nt4-sp3-program-execution.yml",
      id: "kb196389-nt4-sp3-program-execution",
      gate: .bugChecks([0xA, 0x50]),
      text: #"""
id: kb196389-nt4-sp3-program-execution
title: "NT4 SP3 0xA or 0x50 in ntoskrnl.exe during program execution (e.g. Exceed setup from NetWare 4.11)"
kb: KB196389
url: https://support.microsoft.com/kb/196389
status: experimental
references:
  - "github jeffpar/kbarchive txt/196/Q196389.TXT (https://jeffpar.github.io/kbarchive/kb/196/Q196389/)"
falsepositives:
  - "0x0A, 0x50 have many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: Not stated"
  - "Parameters (any): values vary"
  - "Facts source: kb-facts.yaml entry 196389 (confidence: medium (cause absent))."
match:
  stop:
    bugcheck: [0x0A, 0x50]
  scope:
    os: { windows: nt-4.0, sp: 3 }
condition: stop and scope
fix:
  hotfix: KB196389
  files:
    - { name: ntoskrnl.exe, version: 4.0.1381.43, arch: [x86] }
    - { name: ntkrnlmp.exe, version: 4.0.1381.43, arch: [x86] }
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      os: { windows: nt-4.0, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      confidence: low
    - note: "stop code and scope only"
      bugcheck: 0x50
      os: { windows: nt-4.0, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "kernel/kb2280732-corrupt-hive-pool.yml",
      id: "kb2280732-corrupt-hive-pool",
      gate: .bugChecks([0x19, 0xCD]),
      text: #"""
id: kb2280732-corrupt-hive-pool
title: "Windows Server 2003 SP2 bugchecks 0xCD or 0x19 when a corrupted registry hive (e.g. user hive at logon) is loaded"
kb: KB2280732
url: https://support.microsoft.com/kb/2280732
status: test
references:
  - "https://mskb.pkisolutions.com/kb/2280732"
falsepositives:
  - "0xCD, 0x19 have many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: Loading a corrupted hive corrupts pool"
  - "Parameters (0xCD): 0xCD only seen with special pool enabled"
  - "Parameters (0x19): values vary"
  - "Facts source: kb-facts.yaml entry 2280732 (confidence: high)."
match:
  stop:
    - { bugcheck: [0x19] }
    - { bugcheck: 0xCD, p2: 0 }
  scope:
    os: { windows: server-2003, sp: 2 }
condition: stop and scope
fix:
  hotfix: KB2280732
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xCD
      params: [0x0, 0x0, 0x0, 0x0]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      confidence: low
    - note: "stop code and scope only"
      bugcheck: 0x19
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xCD
      params: [0x0, 0x0, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "kernel/kb888431-appcompat-cache-double-free.yml",
      id: "kb888431-appcompat-cache-double-free",
      gate: .bugChecks([0xC2]),
      text: #"""
id: kb888431-appcompat-cache-double-free
title: "Windows Server 2003 bugchecks 0xC2 in the kernel when the AppCompat cache frees an entry with an empty file name"
kb: KB888431
url: https://support.microsoft.com/kb/888431
status: test
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/888/431.HTM"
falsepositives:
  - "0xC2 has many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: AppCompat cache attempts to free a cache entry whose file name is null"
  - "Parameters (0xC2): p1==0x44 (double free of pool)"
  - "Can occur at boot or during normal operation."
  - "Facts source: kb-facts.yaml entry 888431 (confidence: high)."
match:
  stop:
    bugcheck: 0xC2
  scope:
    os: { windows: server-2003, sp: 0, arch: [x86, ia64] }
  parameters:
    p1: 0x44
condition: stop and scope
fix:
  hotfix: KB888431
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xC2
      params: [0x44, 0x0, 0x80000000, 0x0]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0xC2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x44, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xC2
      params: [0x44, 0x0, 0x80000000, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "kernel/kb928006-double-fault-trap-8.yml",
      id: "kb928006-double-fault-trap-8",
      gate: .bugChecks([0x7F]),
      text: #"""
id: kb928006-double-fault-trap-8
title: "Windows Server 2003 bugchecks 0x7F with trap 8 (double fault) or reboots automatically"
kb: KB928006
url: https://support.microsoft.com/kb/928006
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/928006"
  - "https://www.betaarchive.com/wiki/index.php?title=Microsoft_KB_Archive/928006&printable=yes"
falsepositives:
  - "0x7F has many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: Not captured in stored excerpt"
  - "Parameters (0x7F): p1==8 (double fault)"
  - "Error-report signature: BCCode 0x7F BCP1 8, OSVer 5_2_3718 (i.e. 5.2.3790 family) SP 0_0 Product 272_3."
  - "Facts source: kb-facts.yaml entry 928006 (confidence: low (cause/module unknown))."
match:
  stop:
    bugcheck: 0x7F
  scope:
    os: { windows: server-2003, sp: 0, arch: [x86, x64, ia64] }
  parameters:
    p1: 8
condition: stop and scope
max_confidence: low
fix:
  hotfix: KB928006
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x7F
      params: [0x8, 0x0, 0x0, 0x0]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      confidence: low
    - note: "stop code and scope only"
      bugcheck: 0x7F
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x8, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x7F
      params: [0x8, 0x0, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "kernel/kb973092-registry-reference-count.yml",
      id: "kb973092-registry-reference-count",
      gate: .bugChecks([0x50]),
      text: #"""
id: kb973092-registry-reference-count
title: "Windows Server 2003 SP2 random 0x50 from a registry reference-count timing bug"
kb: KB973092
url: https://support.microsoft.com/kb/973092
status: test
references:
  - "https://mskb.pkisolutions.com/kb/973092"
falsepositives:
  - "0x50 has many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: Registry code does not take a reference on an internal object in one path, so another thread frees it while it is in use"
  - "Parameters (0x50): p2==0"
  - "Facts source: kb-facts.yaml entry 973092 (confidence: high)."
match:
  stop:
    - { bugcheck: 0x50, p2: 0 }
  scope:
    os: { windows: server-2003, sp: 2 }
condition: stop and scope
fix:
  hotfix: KB978243
  resolution: "No separate package: install hotfix 978243 (terminal server restart after 971280 / MS09-058 971486)"
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  related: [KB978243, KB971280, KB971486]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x50
      params: [0x0, 0x0, 0x0, 0x0]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      confidence: low
    - note: "stop code and scope only"
      bugcheck: 0x50
      params: [0x1001, 0x0, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x50
      params: [0x0, 0x0, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "memory/kb289265-print-server-double-free.yml",
      id: "kb289265-print-server-double-free",
      gate: .bugChecks([0xC2]),
      text: #"""
id: kb289265-print-server-double-free
title: "Windows 2000 print server bugchecks 0xC2 with p1=7 (pool freed twice)"
kb: KB289265
url: https://support.microsoft.com/kb/289265
status: experimental
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/289/265.HTM"
falsepositives:
  - "0xC2 has many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: Attempt to free pool that is already freed"
  - "Parameters (0xC2): p1==7 always (double free)"
  - "May need several reboots before logon succeeds; many printing errors in System log."
  - "Facts source: kb-facts.yaml entry 289265 (confidence: medium (file table present in page but not captured))."
match:
  stop:
    bugcheck: 0xC2
  scope:
    os: { windows: "2000", sp: "0..1", product_type: server }
  parameters:
    p1: 7
condition: stop and scope
fix:
  hotfix: KB289265
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xC2
      params: [0x7, 0xb86, 0xa21fb2c0, 0xa21fb2c8]
      os: { windows: "2000", sp: 0, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0xC2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", sp: 0, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x7, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", sp: 0, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xC2
      params: [0x7, 0xb86, 0xa21fb2c0, 0xa21fb2c8]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "memory/kb975986-pae-pte-torn-update.yml",
      id: "kb975986-pae-pte-torn-update",
      gate: .bugChecks([0xA, 0x50]),
      text: #"""
id: kb975986-pae-pte-torn-update
title: "x86 Windows Server 2003 with PAE and >4 GB address space bugchecks 0x50 or 0xA because a PTE/PDE update is not atomic"
kb: KB975986
url: https://support.microsoft.com/kb/975986
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/975986"
falsepositives:
  - "0x50, 0x0A have many causes; without ntkrnlpa.exe / ntkrpamp.exe evidence on the stack, blamed or loaded, a match says little."
  - "The module names ntkrnlpa.exe, ntkrpamp.exe are inferred from the component the article names (Memory manager (PAE)), not stated by the article."
notes:
  - "Cause: With PAE, 8-byte PTE/PDE entries are written non-atomically in one path, so another processor can see a torn entry"
  - "Parameters (any): values vary"
  - "Condition: PAE enabled and used virtual address space above 4 GB (usually >4 GB RAM, sometimes less because of BIOS reservations / session pool mappings)."
  - "Facts source: kb-facts.yaml entry 975986 (confidence: high (kernel file name inferred))."
match:
  stop:
    bugcheck: [0x50, 0x0A]
  scope:
    os: { windows: server-2003, arch: [x86] }
  ntkrnlpa_loaded:
    inferred: true
    module: ntkrnlpa.exe
  ntkrpamp_loaded:
    inferred: true
    module: ntkrpamp.exe
condition: stop and scope
fix:
  hotfix: KB975986
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x50
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      modules: [ntkrnlpa.exe]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      modules: [ntkrnlpa.exe]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x50
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      modules: [ntkrnlpa.exe]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb124067-afd-accept-before-listen.yml",
      id: "kb124067-afd-accept-before-listen",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb124067-afd-accept-before-listen
title: "NT 3.5 bugchecks 0xA in afd.sys when Accept() is called on a reused socket handle before Listen()"
kb: KB124067
url: https://support.microsoft.com/kb/124067
status: test
references:
  - "github jeffpar/kbarchive txt/124/Q124067.TXT (https://jeffpar.github.io/kbarchive/kb/124/Q124067/)"
falsepositives:
  - "0x0A has many causes; without afd.sys / afd!AfdAddFreeConnection / afd!AfdReplenishListenBacklog evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Closing a listening socket while a new socket with the same handle gets Accept() before Listen()"
  - "Frames in the article: NT!KiTrap0E+0x256; NT!@ExfInterlockedInsertTailList@12+0xd; AFD!AfdAddFreeConnection+0x40; AFD!AfdReplenishListenBacklog+0x38; AFD!AfdAccept+0x38; AFD!AfdDispatchDeviceControl+0x251; AFD!AfdDispatch+0x7e"
  - "Facts source: kb-facts.yaml entry 124067 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-3.5 }
  afd:
    any:
      - { frame: afd.sys, within_top: 4 }
      - { blamed: afd.sys }
  function_frame:
    frame: ["afd!AfdAddFreeConnection", "afd!AfdReplenishListenBacklog"]
condition: stop and scope
fix:
  hotfix: KB124067
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x0, 0xff, 0x1, 0x80137989]
      os: { windows: nt-3.5, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd!AfdAddFreeConnection+0x1c", "afd!AfdReplenishListenBacklog+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: nt-3.5, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-3.5, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd!AfdAddFreeConnection+0x1c", "afd!AfdReplenishListenBacklog+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x0, 0xff, 0x1, 0x80137989]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "afd!AfdAddFreeConnection+0x1c", "afd!AfdReplenishListenBacklog+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb140059-afd-iis-irp-handling.yml",
      id: "kb140059-afd-iis-irp-handling",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb140059-afd-iis-irp-handling
title: "NT4 SP1 bugchecks 0xA at afd.sys offset 0x16bf4 while browsing IIS (bad IRP handling)"
kb: KB140059
url: https://support.microsoft.com/kb/140059
status: test
references:
  - "http://ftpmirror.your.org/pub/misc/ftp.microsoft.com/bussys/winnt/winnt-public/fixes/usa/nt40/hotfixes-postSP1/afd-fix/Q140059.txt"
  - "https://library.thedatadungeon.com/msdn-2000-04/kbwin/Source/winnt/q140059.content.htm"
falsepositives:
  - "0x0A has many causes; without afd.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Improper IRP handling routine in AFD"
  - "Facts source: kb-facts.yaml entry 140059 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0, sp: 1 }
  afd:
    any:
      - { frame: afd.sys, within_top: 4 }
      - { blamed: afd.sys }
condition: stop and scope
fix:
  hotfix: KB140059
  resolution: "Post-SP1 afd-fix; later NT4 service packs"
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x15a, 0x1c, 0x0, 0x80116bf4]
      os: { windows: nt-4.0, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: nt-4.0, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x15a, 0x1c, 0x0, 0x80116bf4]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb154946-rdr-reconnect-invalid-handle.yml",
      id: "kb154946-rdr-reconnect-invalid-handle",
      gate: .bugChecks([0x93]),
      text: #"""
id: kb154946-rdr-reconnect-invalid-handle
title: "NT 3.51 bugcheck 0x93 from the redirector closing an invalid handle during reconnect"
kb: KB154946
url: https://support.microsoft.com/kb/154946
status: test
references:
  - "github jeffpar/kbarchive txt/154/Q154946.TXT (https://jeffpar.github.io/kbarchive/kb/154/Q154946/)"
falsepositives:
  - "0x93 has many causes; without rdr.sys / rdr!RdrDereferenceTransport / rdr!RdrReconnectConnection evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Redirector closes a transport handle that is invalid in the current context"
  - "Parameters (0x93): from KeBugCheckEx args on stack: 0x93, handle 0x118, 1"
  - "Frames in the article: ntkrnlmp!KeBugCheckEx+0x1e7; ntkrnlmp!NtClose+0x1d5; ntkrnlmp!ZwClose+0xb; rdr!RdrDereferenceTransport+0x8a; rdr!RdrDereferenceTransportConnectionNoRelease+0x51; rdr!RdrTdiDisconnect+0x85; rdr!CleanupTransportConnection+0x64; rdr!RdrReconnectConnection+0x1d0; rdr!RdrFscDeviceIoControlFile+0xde; rdr!RdrFsdDeviceIoControlFile+0x36; mup!CreateRedirectedFile+0x2f5; mup!MupCreate+0xd1"
  - "Facts source: kb-facts.yaml entry 154946 (confidence: high)."
match:
  stop:
    bugcheck: 0x93
  scope:
    os: { windows: nt-3.51 }
  rdr:
    any:
      - { frame: rdr.sys, within_top: 4 }
      - { blamed: rdr.sys }
  function_frame:
    frame: ["rdr!RdrDereferenceTransport", "rdr!RdrReconnectConnection"]
condition: stop and scope
fix:
  hotfix: KB154946
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x93
      params: [0x118, 0x1, 0x0, 0x0]
      os: { windows: nt-3.51, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdr!RdrDereferenceTransport+0x1c", "rdr!RdrReconnectConnection+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x93
      os: { windows: nt-3.51, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-3.51, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdr!RdrDereferenceTransport+0x1c", "rdr!RdrReconnectConnection+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x93
      params: [0x118, 0x1, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "rdr!RdrDereferenceTransport+0x1c", "rdr!RdrReconnectConnection+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb164904-netbt-proxy-null-tracker.yml",
      id: "kb164904-netbt-proxy-null-tracker",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb164904-netbt-proxy-null-tracker
title: "NT4 SP2 bugchecks 0xA in netbt.sys on a proxy name query (NULL tracker)"
kb: KB164904
url: https://support.microsoft.com/kb/164904
status: test
references:
  - "https://www.infania.net/misc/kbarchive/kb/164/Q164904/index.html"
falsepositives:
  - "0x0A has many causes; without netbt.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Proxy name query touches tracker flag while tracker is NULL"
  - "Parameters (0xA): p4 machine-specific, inside Netbt.sys"
  - "Facts source: kb-facts.yaml entry 164904 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0, sp: 2 }
  netbt:
    any:
      - { frame: netbt.sys, within_top: 4 }
      - { blamed: netbt.sys }
  p4_in_netbt:
    p4: { in_module: netbt.sys }
condition: stop and scope
fix:
  resolution: "Fixed in a later NT4 service pack"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x51, 0x2, 0x0, 0xf7a01234]
      os: { windows: nt-4.0, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0xf7a01234]
      os: { windows: nt-4.0, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x51, 0x2, 0x0, 0xf7a01234]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb173881-netbt-lmhosts-multiprocessor.yml",
      id: "kb173881-netbt-lmhosts-multiprocessor",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb173881-netbt-lmhosts-multiprocessor
title: "NT4 multiprocessor bugchecks 0xA in netbt.sys while parsing LMHOSTS"
kb: KB173881
url: https://support.microsoft.com/kb/173881
status: test
references:
  - "https://cave.servium.ch/mirror/ftp.zx.net.nz/archive/ftp.microsoft.com/MISC/KB/en-us/173/881.HTM"
falsepositives:
  - "0x0A has many causes; without netbt.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Context record cleared by one CPU while another runs the LMHOSTS scan thread"
  - "Parameters (0xA): p1==0x14 and p2==2 always; p4 inside NETBT.SYS"
  - "Facts source: kb-facts.yaml entry 173881 (confidence: high)."
match:
  stop:
    - { bugcheck: 0x0A, p1: 0x14, p2: 2 }
  scope:
    os: { windows: nt-4.0 }
  netbt:
    any:
      - { frame: netbt.sys, within_top: 4 }
      - { blamed: netbt.sys }
  p4_in_netbt:
    p4: { in_module: netbt.sys }
condition: stop and scope
fix:
  resolution: "Fixed in Windows NT 4.0 SP4 / TSE SP4"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x14, 0x2, 0x0, 0xf7a01234]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      params: [0x14, 0x2, 0x1003, 0x1004]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0xf7a01234]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x14, 0x2, 0x0, 0xf7a01234]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb224428-rdr-invalid-smb-response.yml",
      id: "kb224428-rdr-invalid-smb-response",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb224428-rdr-invalid-smb-response
title: "NT4 client bugchecks 0xA in rdr.sys on invalid SMB responses (e.g. corrupted frames from bad network devices)"
kb: KB224428
url: https://support.microsoft.com/kb/224428
status: test
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/224/428.HTM"
falsepositives:
  - "0x0A has many causes; without rdr.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Redirector validates SMB responses only on ERROR_SUCCESS; error replies such as ERROR_MORE_DATA / BUFFER_TOO_SMALL on named-pipe transactions are not checked"
  - "Parameters (0xA): values not given"
  - "Facts source: kb-facts.yaml entry 224428 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0 }
  rdr:
    any:
      - { frame: rdr.sys, within_top: 4 }
      - { blamed: rdr.sys }
condition: stop and scope
fix:
  resolution: "NT4 service pack / TSE service pack"
  replaces: []
  workarounds: ["Fix corrupting network hardware"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdr.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdr.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "rdr.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb243478-netbt-zero-source-broadcast.yml",
      id: "kb243478-netbt-zero-source-broadcast",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb243478-netbt-zero-source-broadcast
title: "NT4 domain master browser bugchecks 0xA in netbt.sys on a broadcast from source address 0.0.0.0"
kb: KB243478
url: https://support.microsoft.com/kb/243478
status: test
references:
  - "https://infania.net/misc/kbarchive/kb/243/Q243478/index.html"
  - "https://cave.servium.ch/mirror/ftp.zx.net.nz/archive/ftp.microsoft.com/MISC/KB/en-us/243/478.HTM"
falsepositives:
  - "0x0A has many causes; without netbt.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Reply to a 0.0.0.0-sourced broadcast uses an incompletely filled NetBT structure"
  - "Parameters (0xA): p4 varies; address inside Netbt.sys"
  - "File table gives date/size only (no version)."
  - "Facts source: kb-facts.yaml entry 243478 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0, product_type: server }
  netbt:
    any:
      - { frame: netbt.sys, within_top: 4 }
      - { blamed: netbt.sys }
  p4_in_netbt:
    p4: { in_module: netbt.sys }
condition: stop and scope
fix:
  hotfix: KB243478
  versions_unknown: "the article's file table gives dates and sizes only"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0xfc, 0x2, 0x0, 0xf7a01234]
      os: { windows: nt-4.0, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0xf7a01234]
      os: { windows: nt-4.0, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0xfc, 0x2, 0x0, 0xf7a01234]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      modules: [{ name: netbt.sys, base: 0xf7a00000, size: 0x40000 }]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb2507616-iscsi-boot-wfp-lwf.yml",
      id: "kb2507616-iscsi-boot-wfp-lwf",
      gate: .bugChecks([0x7B]),
      text: #"""
id: kb2507616-iscsi-boot-wfp-lwf
title: "Windows 7 / Server 2008 R2 iSCSI-boot machine fails with 0x7B when booting from an alternate iSCSI adapter (WFP LWF bound to it)"
kb: KB2507616
url: https://support.microsoft.com/kb/2507616
status: experimental
references:
  - "github MicrosoftDocs/SupportArticles-docs support/windows-server/performance/0x0000007b-stop-error-switch-alternate-iscsi-adapter.md"
falsepositives:
  - "0x7B has many causes; without wfplwf.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name wfplwf.sys is inferred from the component the article names (NDIS lightweight filter on iSCSI boot NIC), not stated by the article."
notes:
  - "Cause: WFP Lightweight Filter is not boot-start/paging-I/O capable but gets bound to alternate iSCSI boot adapters"
  - "Parameters (0x7B): values vary"
  - "Boot failure, so usually no dump of the failing boot; rule would key on 0x7B + iSCSI boot + LWF binding."
  - "Facts source: kb-facts.yaml entry 2507616 (confidence: high (wfplwf.sys name inferred))."
match:
  stop:
    bugcheck: 0x7B
  scope:
    os:
      - { windows: "7" }
      - { windows: server-2008-r2 }
  wfplwf:
    inferred: true
    any:
      - { frame: wfplwf.sys, within_top: 4 }
      - { blamed: wfplwf.sys }
condition: stop and scope
fix:
  resolution: "No hotfix: workaround or hardware fix only"
  replaces: []
  restart: "Yes (recovery procedure)"
  workarounds: ["Offline-edit SYSTEM hive: ControlSet001\\Control\\Network\\{4d36e974-e325-11ce-bfc1-08002be10318}\\{B70D6460-3635-4D42-B866-B8AB1A24454C}\\Ndi FilterRunType=2, boot, set back to 1 after unbinding LWF from iSCSI boot NICs (KB976042)"]
  related: [KB976042]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x7B
      os: { windows: "7", arch: x64 }
      frames: ["nt!KeBugCheckEx", "wfplwf.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x7B
      os: { windows: "7", arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "7", arch: x64 }
      frames: ["nt!KeBugCheckEx", "wfplwf.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x7B
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "wfplwf.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb2519644-tcpip-null-variable.yml",
      id: "kb2519644-tcpip-null-variable",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb2519644-tcpip-null-variable
title: "Server 2008 R2 bugchecks 0xD1 in tcpip.sys: a variable is used without a NULL check"
kb: KB2519644
url: https://support.microsoft.com/kb/2519644
status: test
references:
  - "https://mskb.pkisolutions.com/kb/2519644"
falsepositives:
  - "0xD1 has many causes; without tcpip.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: TCP/IP driver dereferences a NULL variable"
  - "Parameters (0xD1): values vary"
  - "Page notes the issue was added to Microsoft's memory-dump diagnostic (i.e. it is dump-detectable)."
  - "Facts source: kb-facts.yaml entry 2519644 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2008-r2 }
  tcpip:
    any:
      - { frame: tcpip.sys, within_top: 4 }
      - { blamed: tcpip.sys }
condition: stop and scope
fix:
  hotfix: KB2519644
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      os: { windows: server-2008-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2008-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2008-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb252186-rdr-scavenger-paged-timeout.yml",
      id: "kb252186-rdr-scavenger-paged-timeout",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb252186-rdr-scavenger-paged-timeout
title: "NT4 Terminal Server bugchecks 0xA in rdr.sys while scavenging dormant server connections (paged timeout value read at DISPATCH_LEVEL)"
kb: KB252186
url: https://support.microsoft.com/kb/252186
status: test
references:
  - "github jeffpar/kbarchive txt/252/Q252186.TXT (https://jeffpar.github.io/kbarchive/kb/252/Q252186/)"
  - "https://www.betaarchive.com/wiki/index.php?title=Microsoft_KB_Archive/252186&printable=yes"
falsepositives:
  - "0x0A has many causes; without rdr.sys / rdr!RdrScavengeServerEntries evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Redirector reads a timeout stored in paged pool (RdrFailedConnectTimeout) while at dispatch level"
  - "Parameters (0xA): p4 constant (0xf71e9ec5) on x86 TSE SP5; p1 = address of rdr!RdrFailedConnectTimeout"
  - "Faulting instruction references rdr!RdrFailedConnectTimeout."
  - "Frames in the article: rdr!RdrScavengeServerEntries+0x2f; rdr!RdrTimer+0x6; rdr!RdrExecutiveWorkerThreadRoutine+0x41; ntkrnlmp!ExpWorkerThread+0x73; ntkrnlmp!PspSystemThreadStartup+0x54"
  - "Facts source: kb-facts.yaml entry 252186 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0, sp: 5, arch: [x86] }
  rdr:
    any:
      - { frame: rdr.sys, within_top: 4 }
      - { blamed: rdr.sys }
  function_frame:
    frame: ["rdr!RdrScavengeServerEntries"]
  p1_in_rdr:
    p1: { in_module: rdr.sys }
condition: stop and scope
fix:
  resolution: "Fixed in TSE SP6"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0xf7a01234, 0x2, 0x0, 0xf71e9ec5]
      os: { windows: nt-4.0, sp: 5, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdr!RdrScavengeServerEntries+0x1c"]
      modules: [{ name: rdr.sys, base: 0xf7a00000, size: 0x40000 }]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 5, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0xf7a01234, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 5, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdr!RdrScavengeServerEntries+0x1c"]
      modules: [{ name: rdr.sys, base: 0xf7a00000, size: 0x40000 }]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0xf7a01234, 0x2, 0x0, 0xf71e9ec5]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "rdr!RdrScavengeServerEntries+0x1c"]
      modules: [{ name: rdr.sys, base: 0xf7a00000, size: 0x40000 }]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb293161-isa-mspfltex-fragments.yml",
      id: "kb293161-isa-mspfltex-fragments",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb293161-isa-mspfltex-fragments
title: "ISA Server on Windows 2000 bugchecks 0xD1 in mspfltex.sys when fragmented packets pass with the NAT driver stopped"
kb: KB293161
url: https://support.microsoft.com/kb/293161
status: test
references:
  - "http://support.microsoft.com/kb/293161/en-us/"
falsepositives:
  - "0xD1 has many causes; without mspfltex.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Mspfltex.sys fails on outbound data larger than MTU (fragmented) with Firewall client or SecureNAT while NAT driver is stopped"
  - "Event 1001 Save Dump text includes 'Microsoft Windows 2000 [v15.2195]'. support.microsoft.com copy Last Review October 26, 2007, Revision 2.6."
  - "Facts source: kb-facts.yaml entry 293161 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: "2000" }
  mspfltex_loaded:
    module: mspfltex.sys
  mspfltex:
    any:
      - { frame: mspfltex.sys, within_top: 4 }
      - { blamed: mspfltex.sys }
condition: stop and scope and mspfltex_loaded
fix:
  hotfix: KB293161
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x10e, 0x2, 0x0, 0xbfee8c70]
      os: { windows: "2000", arch: x86 }
      frames: ["nt!KeBugCheckEx", "mspfltex.sys+0x1a2b"]
      modules: [mspfltex.sys]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: "2000", arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      modules: [mspfltex.sys]
      confidence: medium
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", arch: x86 }
      frames: ["nt!KeBugCheckEx", "mspfltex.sys+0x1a2b"]
      modules: [mspfltex.sys]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x10e, 0x2, 0x0, 0xbfee8c70]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "mspfltex.sys+0x1a2b"]
      modules: [mspfltex.sys]
    - note: "mspfltex.sys not loaded"
      bugcheck: 0xD1
      params: [0x10e, 0x2, 0x0, 0xbfee8c70]
      os: { windows: "2000", arch: x86 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb307338-nwlnkspx-find-route-null.yml",
      id: "kb307338-nwlnkspx-find-route-null",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb307338-nwlnkspx-find-route-null
title: "NT4 Terminal Server bugchecks 0xA in nwlnkspx!SpxConnConnectFindRouteComplete on a NULL parameter"
kb: KB307338
url: https://support.microsoft.com/kb/307338
status: test
references:
  - "github jeffpar/kbarchive txt/307/Q307338.TXT (https://jeffpar.github.io/kbarchive/kb/307/Q307338/)"
falsepositives:
  - "0x0A has many causes; without nwlnkspx.sys / nwlnkspx!SpxConnConnectFindRouteComplete evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: NULL parameter not handled in SpxConnConnectFindRouteComplete"
  - "Frames in the article: nwlnkspx!SpxConnConnectFindRouteComplete"
  - "Facts source: kb-facts.yaml entry 307338 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0, sp: "4..6" }
  nwlnkspx:
    any:
      - { frame: nwlnkspx.sys, within_top: 4 }
      - { blamed: nwlnkspx.sys }
  function_frame:
    frame: ["nwlnkspx!SpxConnConnectFindRouteComplete"]
condition: stop and scope
fix:
  hotfix: KB307338
  files:
    - { name: nwlnkspx.sys, version: 4.0.1381.33478, arch: [x86], branch: "TSE" }
  replaces: []
  prerequisites: ["TSE SP6a"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x2, 0x2, 0x1, 0xf01f264b]
      os: { windows: nt-4.0, sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nwlnkspx!SpxConnConnectFindRouteComplete+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: nt-4.0, sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 4, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nwlnkspx!SpxConnConnectFindRouteComplete+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x2, 0x2, 0x1, 0xf01f264b]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "nwlnkspx!SpxConnConnectFindRouteComplete+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb315836-ndis-deserialized-miniport-race.yml",
      id: "kb315836-ndis-deserialized-miniport-race",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb315836-ndis-deserialized-miniport-race
title: "NT4 SP6a bugchecks 0xA in NDIS under high traffic with deserialized (teaming/fault-tolerant) miniports"
kb: KB315836
url: https://support.microsoft.com/kb/315836
status: test
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/315/836.HTM"
falsepositives:
  - "0x0A has many causes; without ndis.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Small synchronization window in NDIS under load with deserialized miniport drivers"
  - "Parameters (0xA): p4 differs on earlier SPs"
  - "Facts source: kb-facts.yaml entry 315836 (confidence: high (file table not captured))."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0, sp: 6, product_type: server }
  ndis:
    any:
      - { frame: ndis.sys, within_top: 4 }
      - { blamed: ndis.sys }
condition: stop and scope
fix:
  hotfix: KB315836
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x18, 0x0, 0x2, 0xf17445f3]
      os: { windows: nt-4.0, sp: 6, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ndis.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: nt-4.0, sp: 6, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 6, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ndis.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x18, 0x0, 0x2, 0xf17445f3]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "ndis.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb320249-afd-duplicate-irp-free-on-reset.yml",
      id: "kb320249-afd-duplicate-irp-free-on-reset",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb320249-afd-duplicate-irp-free-on-reset
title: "NT4 multiprocessor bugchecks 0xA in ntkrnlmp.exe after a TCP reset: duplicate IRP free in afd.sys"
kb: KB320249
url: https://support.microsoft.com/kb/320249
status: test
references:
  - "github jeffpar/kbarchive txt/320/Q320249.TXT (https://jeffpar.github.io/kbarchive/kb/320/Q320249/)"
falsepositives:
  - "0x0A has many causes; without afd.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Afd.sys frees the same IRP twice when the endpoint receives a Reset"
  - "Example of a rule where the crash is attributed to the kernel but the fix is in another driver."
  - "Facts source: kb-facts.yaml entry 320249 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0, sp: 6 }
  afd:
    any:
      - { frame: afd.sys, within_top: 4 }
      - { blamed: afd.sys }
condition: stop and scope
fix:
  hotfix: KB320249
  files:
    - { name: afd.sys, version: 4.0.1381.7144, arch: [x86] }
  replaces: []
  prerequisites: ["Windows NT 4.0 SP6a"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x617470e5, 0x2, 0x0, 0x80139f43]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x617470e5, 0x2, 0x0, 0x80139f43]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb320392-tcpip-null-pointer-nt4.yml",
      id: "kb320392-tcpip-null-pointer-nt4",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb320392-tcpip-null-pointer-nt4
title: "NT4 bugchecks 0xA in tcpip.sys on a NULL pointer"
kb: KB320392
url: https://support.microsoft.com/kb/320392
status: test
references:
  - "github jeffpar/kbarchive txt/320/Q320392.TXT (https://jeffpar.github.io/kbarchive/kb/320/Q320392/)"
falsepositives:
  - "0x0A has many causes; without tcpip.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Tcpip.sys dereferences a null pointer"
  - "Parameters (0xA): p1 may vary"
  - "Facts source: kb-facts.yaml entry 320392 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0, sp: 6 }
  tcpip:
    any:
      - { frame: tcpip.sys, within_top: 4 }
      - { blamed: tcpip.sys }
condition: stop and scope
fix:
  hotfix: KB320392
  files:
    - { name: tcpip.sys, version: 4.0.1381.7179, arch: [x86] }
  replaces: []
  prerequisites: ["Windows NT 4.0 SP6a"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x14, 0x2, 0x0, 0xf21b173d]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x14, 0x2, 0x0, 0xf21b173d]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb323310-netbt-lower-connection.yml",
      id: "kb323310-netbt-lower-connection",
      gate: .bugChecks([0x1E]),
      text: #"""
id: kb323310-netbt-lower-connection
title: "NT4 hangs/bugchecks 0x1E in NetBT mishandling a lower connection"
kb: KB323310
url: https://support.microsoft.com/kb/323310
status: test
references:
  - "github jeffpar/kbarchive txt/323/Q323310.TXT (https://jeffpar.github.io/kbarchive/kb/323/Q323310/)"
falsepositives:
  - "0x1E has many causes; without netbt.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: A NetBT function handles the lower connection incorrectly"
  - "Facts source: kb-facts.yaml entry 323310 (confidence: high)."
match:
  stop:
    bugcheck: 0x1E
  scope:
    os: { windows: nt-4.0, sp: 6 }
  netbt:
    any:
      - { frame: netbt.sys, within_top: 4 }
      - { blamed: netbt.sys }
condition: stop and scope
fix:
  hotfix: KB323310
  files:
    - { name: netbt.sys, version: 4.0.1381.7169, arch: [x86] }
  replaces: []
  prerequisites: ["Windows NT 4.0 SP6a"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      params: [0xc0000005, 0x8011303c, 0x0, 0x8]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x1E
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      params: [0xc0000005, 0x8011303c, 0x0, 0x8]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb323551-netbt-wins-post-sp6-regression.yml",
      id: "kb323551-netbt-wins-post-sp6-regression",
      gate: .bugChecks([0xA]),
      text: #"""
id: kb323551-netbt-wins-post-sp6-regression
title: "NT4 SP6a WINS server bugchecks 0xA after a post-SP6 netbt.sys hotfix (regression from Q269239)"
kb: KB323551
url: https://support.microsoft.com/kb/323551
status: test
references:
  - "http://ftp.zx.net.nz/pub/mirror/ftp.microsoft.com/MISC/KB/en-us/323/551.HTM"
  - "github jeffpar/kbarchive txt/323/Q323551.TXT (https://jeffpar.github.io/kbarchive/kb/323/Q323551/)"
falsepositives:
  - "0x0A has many causes; without netbt.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Code regression in the netbt.sys hotfix for Q269239"
  - "Applies only if a post-SP6 netbt.sys hotfix is installed: a 'bad range' rule (post-SP6 netbt < 4.0.1381.7167)."
  - "Facts source: kb-facts.yaml entry 323551 (confidence: high)."
match:
  stop:
    bugcheck: 0x0A
  scope:
    os: { windows: nt-4.0, sp: 6, product_type: server }
  netbt:
    any:
      - { frame: netbt.sys, within_top: 4 }
      - { blamed: netbt.sys }
condition: stop and scope
fix:
  hotfix: KB323551
  files:
    - { name: netbt.sys, version: 4.0.1381.7167, arch: [x86] }
  replaces: []
  related: [KB269239]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x1d, 0x2, 0x1, 0xf0a0c26e]
      os: { windows: nt-4.0, sp: 6, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x0A
      os: { windows: nt-4.0, sp: 6, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 6, product_type: server, arch: x86 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x1d, 0x2, 0x1, 0xf0a0c26e]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "netbt.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb325045-rdr-string-copy-page-boundary.yml",
      id: "kb325045-rdr-string-copy-page-boundary",
      gate: .bugChecks([0x50]),
      text: #"""
id: kb325045-rdr-string-copy-page-boundary
title: "NT4 with Security Rollup Package bugchecks 0x50 in rdr.sys (fixed-length string copy crosses a page boundary)"
kb: KB325045
url: https://support.microsoft.com/kb/325045
status: test
references:
  - "github jeffpar/kbarchive txt/325/Q325045.TXT (https://jeffpar.github.io/kbarchive/kb/325/Q325045/)"
falsepositives:
  - "0x50 has many causes; without rdr.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Rdr copies a fixed length from a smaller source buffer that ends at a page boundary"
  - "Parameters (0x50): values not given"
  - "Facts source: kb-facts.yaml entry 325045 (confidence: high)."
match:
  stop:
    bugcheck: 0x50
  scope:
    os: { windows: nt-4.0, sp: 6 }
  rdr:
    any:
      - { frame: rdr.sys, within_top: 4 }
      - { blamed: rdr.sys }
condition: stop and scope
fix:
  hotfix: KB325045
  files:
    - { name: rdr.sys, version: 4.0.1381.7176, arch: [x86] }
  replaces: []
  prerequisites: ["Windows NT 4.0 SP6a"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x50
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdr.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x50
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: nt-4.0, sp: 6, arch: x86 }
      frames: ["nt!KeBugCheckEx", "rdr.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x50
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "rdr.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb331484-bowser-cancel-irps.yml",
      id: "kb331484-bowser-cancel-irps",
      gate: .bugChecks([0x48]),
      text: #"""
id: kb331484-bowser-cancel-irps
title: "Windows 2000 bugchecks 0x48 (CANCEL_STATE_IN_COMPLETED_IRP) when the Computer Browser service is stopped"
kb: KB331484
url: https://support.microsoft.com/kb/331484
status: experimental
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/331/484.HTM"
falsepositives:
  - "0x48 has many causes; without bowser.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name bowser.sys is inferred from the component the article names (Kernel-mode browser), not stated by the article."
notes:
  - "Cause: Browser cancels every cancelled IRP in a queue, not just the one passed in, without holding the cancel spinlock"
  - "Parameters (0x48): values not given"
  - "Facts source: kb-facts.yaml entry 331484 (confidence: high)."
match:
  stop:
    bugcheck: 0x48
  scope:
    os: { windows: "2000", sp: "1..3" }
  bowser:
    inferred: true
    any:
      - { frame: bowser.sys, within_top: 4 }
      - { blamed: bowser.sys }
condition: stop and scope
fix:
  hotfix: KB331484
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x48
      os: { windows: "2000", sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "bowser.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x48
      os: { windows: "2000", sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "bowser.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x48
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "bowser.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb817864-nmnt-ndis-status-closing.yml",
      id: "kb817864-nmnt-ndis-status-closing",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb817864-nmnt-ndis-status-closing
title: "Windows 2000: exiting Network Monitor bugchecks 0xD1 in nmnt.sys when an adapter indicates NDIS_STATUS_CLOSING"
kb: KB817864
url: https://support.microsoft.com/kb/817864
status: test
references:
  - "https://cave.servium.ch/mirror/ftp.zx.net.nz/archive/ftp.microsoft.com/MISC/KB/en-us/817/864.HTM"
falsepositives:
  - "0xD1 has many causes; without nmnt.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Some miniports/IM drivers indicate NDIS_STATUS_CLOSING at shutdown; Nmnt.sys mishandles it on unload"
  - "Parameters (0xD1): p4 varies"
  - "Facts source: kb-facts.yaml entry 817864 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: "2000", sp: "1..3" }
  nmnt_loaded:
    module: nmnt.sys
  nmnt:
    any:
      - { frame: nmnt.sys, within_top: 4 }
      - { blamed: nmnt.sys }
condition: stop and scope and nmnt_loaded
fix:
  hotfix: KB817864
  resolution: "Windows 2000 service pack or hotfix"
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  workarounds: ["Fix the miniport/IM driver to not indicate NDIS_STATUS_CLOSING"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf9c8d886]
      os: { windows: "2000", sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nmnt.sys+0x1a2b"]
      modules: [nmnt.sys]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: "2000", sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      modules: [nmnt.sys]
      confidence: medium
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "nmnt.sys+0x1a2b"]
      modules: [nmnt.sys]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf9c8d886]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "nmnt.sys+0x1a2b"]
      modules: [nmnt.sys]
    - note: "nmnt.sys not loaded"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf9c8d886]
      os: { windows: "2000", sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb840890-tcpip-nte-list-818635-regression.yml",
      id: "kb840890-tcpip-nte-list-818635-regression",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb840890-tcpip-nte-list-818635-regression
title: "Windows 2000 bugchecks 0xD1 in tcpip.sys (regression from hotfix 818635): NTE list not cleaned up after ICMP destination unreachable"
kb: KB840890
url: https://support.microsoft.com/kb/840890
status: test
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/840/890.HTM"
falsepositives:
  - "0xD1 has many causes; without tcpip.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Regression introduced by post-SP4 hotfix 818635 (dock/DHCP renew)"
  - "Facts source: kb-facts.yaml entry 840890 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: "2000", sp: "3..4" }
  tcpip:
    any:
      - { frame: tcpip.sys, within_top: 4 }
      - { blamed: tcpip.sys }
condition: stop and scope
fix:
  hotfix: KB840890
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  prerequisites: ["Windows 2000 SP3 or later"]
  restart: "Required"
  related: [KB818635]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0x0]
      os: { windows: "2000", sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: "2000", sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "2000", sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0x0]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb842840-tcpip-fast-retransmit.yml",
      id: "kb842840-tcpip-fast-retransmit",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb842840-tcpip-fast-retransmit
title: "Windows Server 2003 bugchecks 0xD1 in tcpip.sys under heavy network load (fast retransmit of an already-ACKed segment)"
kb: KB842840
url: https://support.microsoft.com/kb/842840
status: test
references:
  - "https://mskb.pkisolutions.com/kb/842840"
  - "http://www.kbalertz.com/842840/error-message-Windows-Server-under-heavy-network.aspx"
falsepositives:
  - "0xD1 has many causes; without tcpip.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: During fast retransmit the segment has already been acknowledged; most likely on multiprocessor or hyper-threaded systems under high traffic"
  - "Parameters (0xD1): values vary; article names Tcpip.sys"
  - "Facts source: kb-facts.yaml entry 842840 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2003, sp: 0 }
  tcpip:
    any:
      - { frame: tcpip.sys, within_top: 4 }
      - { blamed: tcpip.sys }
condition: stop and scope
fix:
  hotfix: KB840711
  resolution: "Install the hotfix from KB840711 (no separate package for 842840)"
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  related: [KB840711]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb890554-mrxsmb-browser-paged-code.yml",
      id: "kb890554-mrxsmb-browser-paged-code",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb890554-mrxsmb-browser-paged-code
title: "Windows Server 2003 bugchecks 0xD1 under heavy load when the SMB redirector processes a browser announcement with paged code"
kb: KB890554
url: https://support.microsoft.com/kb/890554
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/890554"
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/890/554.HTM"
falsepositives:
  - "0xD1 has many causes; without mrxsmb.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name mrxsmb.sys is inferred from the component the article names (SMB redirector), not stated by the article."
notes:
  - "Cause: SMB redirector mishandles a browser announcement frame and runs pageable code at an IRQL where it cannot be paged in"
  - "Parameters (0xD1): p1==p4 (faulting code address is itself the referenced address: paged-out code executed at DISPATCH_LEVEL)"
  - "Seen when copying large files from a remote share on a loaded server."
  - "Facts source: kb-facts.yaml entry 890554 (confidence: high (module inferred))."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2003, sp: 0, arch: [x86, ia64] }
  mrxsmb:
    inferred: true
    any:
      - { frame: mrxsmb.sys, within_top: 4 }
      - { blamed: mrxsmb.sys }
  parameters:
    p1: { same_as: p4 }
condition: stop and scope
fix:
  hotfix: KB890554
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0xf2bc8c92, 0x2, 0x0, 0xf2bc8c92]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "mrxsmb.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0xD1
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1004, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "mrxsmb.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0xf2bc8c92, 0x2, 0x0, 0xf2bc8c92]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "mrxsmb.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb894070-afd-d1-near-null.yml",
      id: "kb894070-afd-d1-near-null",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb894070-afd-d1-near-null
title: "Windows Server 2003 recurring 0xD1 with afd.sys named as the source"
kb: KB894070
url: https://support.microsoft.com/kb/894070
status: experimental
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/894/070.HTM"
falsepositives:
  - "0xD1 has many causes; without afd.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Not captured in excerpt"
  - "Parameters (0xD1): read at IRQL 2 of a near-NULL address (0x40)"
  - "Facts source: kb-facts.yaml entry 894070 (confidence: medium)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2003, sp: 0, arch: [x86, x64, ia64] }
  afd:
    any:
      - { frame: afd.sys, within_top: 4 }
      - { blamed: afd.sys }
condition: stop and scope
fix:
  hotfix: KB894070
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x40, 0x2, 0x0, 0xf69389ed]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x40, 0x2, 0x0, 0xf69389ed]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb919948-snp-tcpip-settings-change.yml",
      id: "kb919948-snp-tcpip-settings-change",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb919948-snp-tcpip-settings-change
title: "Stop 0xD1 after installing the Windows Server 2003 Scalable Networking Pack and then changing IP settings"
kb: KB919948
url: https://support.microsoft.com/kb/919948
status: experimental
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/919/948.HTM"
  - "https://www.betaarchive.com/wiki/index.php?title=Microsoft_KB_Archive/919948"
falsepositives:
  - "0xD1 has many causes; without tcpip.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name tcpip.sys is inferred from the component the article names (TCP/IP with Scalable Networking Pack), not stated by the article."
notes:
  - "Cause: Triggered by changing network settings (static vs DHCP, default gateway) after SNP is installed (cause text truncated in stored copy)"
  - "Parameters (0xD1): values vary"
  - "Facts source: kb-facts.yaml entry 919948 (confidence: medium (cause section truncated))."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os:
      - { windows: server-2003, sp: 1, arch: [x86, x64, ia64] }
      - { windows: xp-x64 }
  tcpip:
    inferred: true
    any:
      - { frame: tcpip.sys, within_top: 4 }
      - { blamed: tcpip.sys }
condition: stop and scope
fix:
  hotfix: KB919948
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb926754-ipnat-rras-nat-sp1.yml",
      id: "kb926754-ipnat-rras-nat-sp1",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb926754-ipnat-rras-nat-sp1
title: "Windows Server 2003 SP1 RRAS NAT server bugchecks 0xD1 in a high-load environment"
kb: KB926754
url: https://support.microsoft.com/kb/926754
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/926754"
falsepositives:
  - "0xD1 has many causes; without ipnat.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name ipnat.sys is inferred from the component the article names (RRAS NAT), not stated by the article."
notes:
  - "Cause: Not captured"
  - "Facts source: kb-facts.yaml entry 926754 (confidence: medium)."
match:
  stop:
    - { bugcheck: 0xD1, p2: 2, p3: 0 }
  scope:
    os: { windows: server-2003, sp: 1 }
  ipnat:
    inferred: true
    any:
      - { frame: ipnat.sys, within_top: 4 }
      - { blamed: ipnat.sys }
  parameters:
    p4: 0xF27B4E8E
condition: stop and scope
fix:
  hotfix: KB926754
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  related: [KB931322]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf27b4e8e]
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ipnat.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0xD1
      params: [0x1001, 0x2, 0x0, 0x1004]
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0xf27b4e8e]
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ipnat.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf27b4e8e]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "ipnat.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb931322-ipnat-rras-nat-load.yml",
      id: "kb931322-ipnat-rras-nat-load",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb931322-ipnat-rras-nat-load
title: "Windows Server 2003 SP1/SP2 RRAS NAT router bugchecks 0xD1 under heavy load"
kb: KB931322
url: https://support.microsoft.com/kb/931322
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/931322"
  - "https://www.betaarchive.com/wiki/index.php/Microsoft_KB_Archive/931322"
falsepositives:
  - "0xD1 has many causes; without ipnat.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name ipnat.sys is inferred from the component the article names (Routing and Remote Access NAT), not stated by the article."
notes:
  - "Cause: Not captured in excerpt"
  - "Parameters (0xD1): p2==2, p3==0 (read); p4 fixed in example"
  - "Error signature: BCCode D1, BCP4 0xf27b4e8e, OSVer 5_2_3718."
  - "Same symptom text as 926754 (SP1 only); whether 931322 supersedes 926754 is not stated in the retrieved text."
  - "Facts source: kb-facts.yaml entry 931322 (confidence: medium)."
match:
  stop:
    - { bugcheck: 0xD1, p2: 2, p3: 0 }
  scope:
    os:
      - { windows: server-2003, sp: 1, arch: [x86, ia64] }
      - { windows: server-2003, sp: 2, arch: [x86, x64, ia64] }
  ipnat:
    inferred: true
    any:
      - { frame: ipnat.sys, within_top: 4 }
      - { blamed: ipnat.sys }
  parameters:
    p4: 0xF27B4E8E
condition: stop and scope
fix:
  hotfix: KB931322
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  related: [KB926754]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf27b4e8e]
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ipnat.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0xD1
      params: [0x1001, 0x2, 0x0, 0x1004]
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0xf27b4e8e]
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: ["nt!KeBugCheckEx", "ipnat.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf27b4e8e]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "ipnat.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb938648-tcpip-race-freed-object.yml",
      id: "kb938648-tcpip-race-freed-object",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb938648-tcpip-race-freed-object
title: "Windows Server 2003 bugchecks 0xD1 and reboots: race in tcpip.sys touches a freed object"
kb: KB938648
url: https://support.microsoft.com/kb/938648
status: test
references:
  - "https://mskb.pkisolutions.com/kb/938648"
  - "http://support.microsoft.com/kb/938648/"
falsepositives:
  - "0xD1 has many causes; without tcpip.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Race condition in a Tcpip.sys module uses an already-freed object"
  - "Parameters (0xD1): example: write at IRQL 2"
  - "support.microsoft.com copy: Last Review October 12, 2007, Revision 1.5"
  - "Facts source: kb-facts.yaml entry 938648 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2003 }
  tcpip:
    any:
      - { frame: tcpip.sys, within_top: 4 }
      - { blamed: tcpip.sys }
condition: stop and scope
fix:
  hotfix: KB938648
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x977e6fde, 0x2, 0x1, 0xba045c43]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x977e6fde, 0x2, 0x1, 0xba045c43]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb943650-tcpip-multicast-timer-queue.yml",
      id: "kb943650-tcpip-multicast-timer-queue",
      gate: .bugChecks([0x1E, 0xD1]),
      text: #"""
id: kb943650-tcpip-multicast-timer-queue
title: "Vista / Server 2008 with multicast forwarding enabled restarts repeatedly with 0x1E or 0xD1 (TCP/IP timer queue corrupted)"
kb: KB943650
url: https://support.microsoft.com/kb/943650
status: test
references:
  - "https://mskb.pkisolutions.com/kb/943650"
  - "http://support.microsoft.com/kb/KB943650"
falsepositives:
  - "0x1E, 0xD1 have many causes; without tcpip.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: TCP/IP modifies its timer queue while holding only a read lock instead of a write lock"
  - "Parameters (any): codes vary; may also hang"
  - "support.microsoft.com copy: Last Review July 28, 2008, Revision 1.0"
  - "Facts source: kb-facts.yaml entry 943650 (confidence: high)."
match:
  stop:
    bugcheck: [0x1E, 0xD1]
  scope:
    os:
      - { windows: vista }
      - { windows: server-2008 }
  tcpip:
    any:
      - { frame: tcpip.sys, within_top: 4 }
      - { blamed: tcpip.sys }
condition: stop and scope
fix:
  hotfix: KB943650
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  workarounds: ["Disable multicast forwarding"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x1E
      os: { windows: vista, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: vista, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: vista, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x1E
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb944904-rdr-kerberos-retry-close.yml",
      id: "kb944904-rdr-kerberos-retry-close",
      gate: .bugChecks([0xC2]),
      text: #"""
id: kb944904-rdr-kerberos-retry-close
title: Windows XP SP2 bugchecks 0xC2 BAD_POOL_CALLER on a network share when the redirector retries a CLOSE after Kerberos ticket renewal
kb: KB944904
url: http://support.microsoft.com/kb/944904/en-us
status: experimental
references:
  - http://support.microsoft.com/kb/944904/en-us
falsepositives:
  - 0xC2 is a generic pool-misuse stop raised by many drivers; without the SMB redirector on the stack the verdict stays low.
notes:
  - The article names the SMB redirector; the file names mrxsmb.sys and rdbss.sys are an inference (the article's file table was not retrievable), so redirector evidence counts as supporting only (medium at most).
  - Replaces nothing (per the brief).
match:
  stop:
    bugcheck: 0xC2
  xp_sp2:
    os: { windows: xp, sp: 2 }
  redirector:
    inferred: true
    note: redirector file names inferred from the component the article names
    any:
      - { frame: [mrxsmb.sys, rdbss.sys] }
      - { blamed: [mrxsmb.sys, rdbss.sys] }
condition: stop and xp_sp2
fix:
  hotfix: KB944904
  versions_unknown: the article's file information table is not in our sources
  replaces: []
  prerequisites: [Windows XP Service Pack 2]
examples:
  triggering:
    - note: seed sample - redirector on the stack
      bugcheck: 0xC2
      params: [0x7, 0xcd4, 0x0, 0x82d1e000]
      os: { windows: xp, sp: 2, arch: x86 }
      frames: [nt!KeBugCheckEx, nt!ExFreePoolWithTag+0x2a3, mrxsmb.sys+0x1f3a0, rdbss.sys+0x9c11]
      confidence: medium
      patch: fixed_version_unknown
    - note: stop code only
      bugcheck: 0xC2
      os: { windows: xp, sp: 2, arch: x86 }
      frames: [nt!KeBugCheckEx, nt!ExFreePoolWithTag+0x2a3, foo.sys+0x1234]
      confidence: low
    - note: seed sample - redirector blamed, its frames found only by a raw stack scan
      bugcheck: 0xC2
      params: [0x7, 0xcd4, 0x0, 0x82d1e000]
      os: { windows: xp, sp: 2, product_type: workstation, arch: x86 }
      frames: [nt!KeBugCheckEx, "mrxsmb.sys+0x1f3a0 [scan]", "rdbss.sys+0x9c11 [scan]"]
      blame: mrxsmb.sys
      confidence: medium
  non_triggering:
    - note: Service Pack 3 is out of scope
      bugcheck: 0xC2
      os: { windows: xp, sp: 3, arch: x86 }
      frames: [nt!KeBugCheckEx, mrxsmb.sys+0x1f3a0]
    - note: Windows Server 2003 is out of scope
      bugcheck: 0xC2
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: [nt!KeBugCheckEx, mrxsmb.sys+0x1f3a0]
    - note: another stop code
      bugcheck: 0xD1
      os: { windows: xp, sp: 2, arch: x86 }
      frames: [nt!KeBugCheckEx, mrxsmb.sys+0x1f3a0]
  dumps:
    - { path: docs/samples/xpsp2-x86-0xC2-mrxsmb.dmp, confidence: medium, patch: fixed_version_unknown }
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb951088-srv-mup-snapshot-refresh.yml",
      id: "kb951088-srv-mup-snapshot-refresh",
      gate: .bugChecks([0x7E]),
      text: #"""
id: kb951088-srv-mup-snapshot-refresh
title: "Server 2008 bugchecks 0x7E when SMB-to-NFS gateway software shares NFS mounts over SMB (Server service snapshot refresh vs MUP)"
kb: KB951088
url: https://support.microsoft.com/kb/951088
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/951088"
falsepositives:
  - "0x7E has many causes; without srv2.sys / srvnet.sys / mup.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module names srv2.sys, srvnet.sys are inferred from the component the article names (Server service / MUP), not stated by the article."
notes:
  - "Cause: Server service refreshes snapshots for a whole bucket of shares at once; a MUP-owned share exposes an inconsistency in how the server talks to MUP"
  - "Parameters (0x7E): values vary"
  - "Can occur while idle."
  - "Facts source: kb-facts.yaml entry 951088 (confidence: high (server driver name inferred))."
match:
  stop:
    bugcheck: 0x7E
  scope:
    os: { windows: server-2008 }
  srv2:
    inferred: true
    any:
      - { frame: srv2.sys, within_top: 4 }
      - { blamed: srv2.sys }
  srvnet:
    inferred: true
    any:
      - { frame: srvnet.sys, within_top: 4 }
      - { blamed: srvnet.sys }
  mup:
    any:
      - { frame: mup.sys, within_top: 4 }
      - { blamed: mup.sys }
condition: stop and scope
fix:
  hotfix: KB951088
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x7E
      os: { windows: server-2008, arch: x86 }
      frames: ["nt!KeBugCheckEx", "srv2.sys+0x1a2b", "srvnet.sys+0x1a2b", "mup.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x7E
      os: { windows: server-2008, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2008, arch: x86 }
      frames: ["nt!KeBugCheckEx", "srv2.sys+0x1a2b", "srvnet.sys+0x1a2b", "mup.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x7E
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "srv2.sys+0x1a2b", "srvnet.sys+0x1a2b", "mup.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb961799-netbt-malformed-packet.yml",
      id: "kb961799-netbt-malformed-packet",
      gate: .bugChecks([0xA, 0x1E, 0x24, 0x50, 0x7E, 0xC5, 0xD1]),
      text: #"""
id: kb961799-netbt-malformed-packet
title: Windows Server 2003 SP2 crashes with one of several stop codes when NetBT mishandles a buffer for a malformed packet
kb: KB961799
url: https://support.microsoft.com/kb/961799
status: experimental
references:
  - https://mskb.pkisolutions.com/kb/961799
  - http://support.microsoft.com/default.aspx?id=961799&mstLocPickShow=False
  - https://mskb.pkisolutions.com/kb/831129
falsepositives:
  - The article warns that this is memory corruption, so a matching stop code alone does not prove the issue; without netbt.sys on the stack or blamed the verdict stays low.
  - 0xC2 BAD_POOL_CALLER is not in the article's list (0xC5 DRIVER_CORRUPTED_EXPOOL is).
notes:
  - Seen with Samba servers older than 2.0.28 and with faulty switches corrupting packets, mostly on terminal servers.
  - Unverified (from the project brief, not in any stored copy of the article) and marked inferred here - the netbt!NbtCopyToStartOfIndicate frame, the Windows XP Professional x64 SP2 scope, "replaces 955860 and 948354" and the hotfix 831129 workaround.
  - The article's file information table was not retrievable, so the fixed netbt.sys version is unknown and never guessed.
match:
  stop:
    bugcheck: [0x0A, 0x1E, 0x24, 0x50, 0x7E, 0xC5, 0xD1]
  server_2003_sp2:
    os: { windows: server-2003, sp: 2 }
  xp_x64_sp2:
    inferred: true
    note: XP x64 SP2 scope is from the brief only
    os: { windows: xp-x64, sp: 2 }
  netbt_on_stack:
    frame: netbt.sys
  netbt_blamed:
    blamed: netbt.sys
  netbt_copy_frame:
    inferred: true
    note: function name from the brief only
    frame: netbt!NbtCopyToStartOfIndicate
condition: stop and (server_2003_sp2 or xp_x64_sp2)
fix:
  hotfix: KB961799
  versions_unknown: the article's file information table is not in our sources
  replaces: [KB955860, KB948354]
  prerequisites: [Windows Server 2003 Service Pack 2]
  workarounds:
    - Upgrade Samba servers that are older than 2.0.28.
    - Find and repair faulty network switches or other network hardware that corrupts packets.
    - Install hotfix 831129 and turn off remote change notification (NoRemoteChangeNotify or NoRemoteRecursiveEvents); from the brief, unverified.
  related: [KB831129]
examples:
  triggering:
    - note: seed sample - netbt function on the stack
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf7a8c5da]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: [nt!KeBugCheckEx, nt!KiTrap0E+0x2a7, netbt!NbtCopyToStartOfIndicate+0x5a, netbt.sys+0x2f10, tcpip.sys+0x1b20]
      confidence: high
      patch: fixed_version_unknown
    - note: netbt.sys on the stack without symbols is enough
      bugcheck: 0x50
      os: { windows: server-2003, sp: 2, arch: x64 }
      frames: [nt!KeBugCheckEx, netbt.sys+0x1a2b]
      confidence: high
    - note: stop code only - at most low
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: [nt!KeBugCheckEx, nt!KiTrap0E+0x2a7, tcpip.sys+0x1b20]
      modules: [netbt.sys]
      confidence: low
    - note: the XP x64 scope is unverified, so medium at most
      bugcheck: 0x7E
      os: { windows: xp-x64, sp: 2 }
      frames: [nt!KeBugCheckEx, netbt.sys+0x1a2b]
      confidence: medium
    - note: 0x1000007E is 0x7E with the _M modifier
      bugcheck: 0x1000007E
      os: { windows: server-2003, sp: 2, arch: x86 }
      blame: netbt.sys
      confidence: high
    - note: seed sample without symbols - P4 in netbt.sys, so blame is netbt; its frames are scanned only
      bugcheck: 0xD1
      params: [0x10, 0x2, 0x0, 0xf6d83a1c]
      os: { windows: server-2003, sp: 2, product_type: server, arch: x86 }
      modules: [{ name: netbt.sys, base: 0xf6d80000, size: 0x29000 }, tcpip.sys]
      frames: [nt!KeBugCheckEx, "netbt.sys+0x3a1c [scan]", "netbt.sys+0x4f21 [scan]", "tcpip.sys+0x1e4c2 [scan]"]
      blame: netbt.sys
      confidence: high
    - note: seed sample - stop 0xD1 in another driver, netbt.sys loaded but not on the stack
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 2, product_type: server, arch: x86 }
      modules: [netbt.sys, b57xp32.sys]
      frames: [nt!KeBugCheckEx, "b57xp32.sys+0x1c2d [scan]"]
      blame: b57xp32.sys
      confidence: low
  non_triggering:
    - note: 0xC2 is not in the article's list
      bugcheck: 0xC2
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: [nt!KeBugCheckEx, netbt.sys+0x1a2b]
    - note: Service Pack 1 is out of scope
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 1, arch: x86 }
      frames: [nt!KeBugCheckEx, netbt!NbtCopyToStartOfIndicate+0x5a]
    - note: a later Windows
      bugcheck: 0xD1
      os: { windows: 7, sp: 1, arch: x64 }
      frames: [nt!KeBugCheckEx, netbt.sys+0x1a2b]
    - note: manually initiated crash
      bugcheck: 0xE2
      os: { windows: server-2003, sp: 2, arch: x86 }
  dumps:
    - { path: docs/samples/srv2003sp2-x86-0xD1-netbt.dmp, confidence: high, patch: fixed_version_unknown }
    - { path: docs/samples/srv2003sp2-x86-0xD1-no-netbt.dmp, confidence: low }
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb967891-tdx-legacy-tdi-filter.yml",
      id: "kb967891-tdx-legacy-tdi-filter",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb967891-tdx-legacy-tdi-filter
title: "Windows 7 Beta / Server 2008 R2 build 7000 bugchecks 0xD1 in tdx!TdxEventReceiveConnection with legacy TDI filter drivers during SMB"
kb: KB967891
url: https://support.microsoft.com/kb/967891
status: test
references:
  - "https://mskb.pkisolutions.com/kb/967891"
  - "http://support.microsoft.com/kb/967891"
falsepositives:
  - "0xD1 has many causes; without tdx.sys / tdx!TdxEventReceiveConnection evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Incorrect behavior when SMB connections run over TDI with a legacy TDI filter present"
  - "Parameters (0xD1): values vary"
  - "support.microsoft.com copy: Last Review February 24, 2009, Revision 1.2"
  - "Frames in the article: tdx!TdxEventReceiveConnection"
  - "Facts source: kb-facts.yaml entry 967891 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os:
      - { windows: "7", build: 7000 }
      - { windows: server-2008-r2, build: 7000 }
  tdx:
    any:
      - { frame: tdx.sys, within_top: 4 }
      - { blamed: tdx.sys }
  function_frame:
    frame: ["tdx!TdxEventReceiveConnection"]
condition: stop and scope
fix:
  hotfix: KB967891
  resolution: "Fixed in Windows 7 RTM; hotfix for beta build"
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  workarounds: ["Remove legacy TDI filter driver"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      os: { windows: "7", build: 7000, arch: x64 }
      frames: ["nt!KeBugCheckEx", "tdx!TdxEventReceiveConnection+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: "7", build: 7000, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "7", build: 7000, arch: x64 }
      frames: ["nt!KeBugCheckEx", "tdx!TdxEventReceiveConnection+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tdx!TdxEventReceiveConnection+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb972887-tcpip-forwarding-multi-nic.yml",
      id: "kb972887-tcpip-forwarding-multi-nic",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb972887-tcpip-forwarding-multi-nic
title: "Vista SP2 / Server 2008 SP2 with several static-IP NICs and IP forwarding bugchecks 0xD1 in tcpip.sys"
kb: KB972887
url: https://support.microsoft.com/kb/972887
status: test
references:
  - "https://mskb.pkisolutions.com/kb/972887"
falsepositives:
  - "0xD1 has many causes; without tcpip.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Tcpip.sys mismanages data structures when forwarding packets between adapters and touches an invalid address; often at restart or when NIC teaming switches the active adapter"
  - "Parameters (0xD1): values not given"
  - "Facts source: kb-facts.yaml entry 972887 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os:
      - { windows: vista, sp: 2 }
      - { windows: server-2008, sp: 2 }
  tcpip:
    any:
      - { frame: tcpip.sys, within_top: 4 }
      - { blamed: tcpip.sys }
condition: stop and scope
fix:
  hotfix: KB972887
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      os: { windows: vista, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: vista, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: vista, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "tcpip.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "network/kb973482-afd-srv-bind-error.yml",
      id: "kb973482-afd-srv-bind-error",
      gate: .bugChecks([0xA, 0x7E]),
      text: #"""
id: kb973482-afd-srv-bind-error
title: "Vista / Server 2008: 0xA or 0x7E in afd.sys during SMB activity because the Server service mishandles socket bind errors"
kb: KB973482
url: https://support.microsoft.com/kb/973482
status: experimental
references:
  - "https://mskb.pkisolutions.com/kb/973482"
falsepositives:
  - "0x0A, 0x7E have many causes; without afd.sys / srv2.sys / srvnet.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module names srv2.sys, srvnet.sys are inferred from the component the article names (AFD / Server service), not stated by the article."
notes:
  - "Cause: Server service does not handle errors when binding a socket to an IP address"
  - "Parameters (0x7E): p1==0xC0000005"
  - "Parameters (0xA): values vary"
  - "Facts source: kb-facts.yaml entry 973482 (confidence: high)."
match:
  stop:
    - { bugcheck: [0x0A] }
    - { bugcheck: 0x7E, p1: 0xC0000005 }
  scope:
    os:
      - { windows: vista }
      - { windows: server-2008 }
  afd:
    any:
      - { frame: afd.sys, within_top: 4 }
      - { blamed: afd.sys }
  srv2:
    inferred: true
    any:
      - { frame: srv2.sys, within_top: 4 }
      - { blamed: srv2.sys }
  srvnet:
    inferred: true
    any:
      - { frame: srvnet.sys, within_top: 4 }
      - { blamed: srvnet.sys }
condition: stop and scope
fix:
  hotfix: KB973482
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x0, 0x0, 0x0, 0x0]
      os: { windows: vista, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b", "srv2.sys+0x1a2b", "srvnet.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x7E
      params: [0xc0000005, 0x1002, 0x1003, 0x1004]
      os: { windows: vista, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: vista, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b", "srv2.sys+0x1a2b", "srvnet.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x0, 0x0, 0x0, 0x0]
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "afd.sys+0x1a2b", "srv2.sys+0x1a2b", "srvnet.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "storage/kb2863960-hpcisss2-62-26-0-64.yml",
      id: "kb2863960-hpcisss2-62-26-0-64",
      gate: .bugChecks([0x9E, 0xD1]),
      text: #"""
id: kb2863960-hpcisss2-62-26-0-64
title: "Server 2012 bugchecks 0xD1 or 0x9E with HP Smart Array driver HpCISSs2.sys 62.26.0.64"
kb: KB2863960
url: https://support.microsoft.com/kb/2863960
status: test
references:
  - "github MicrosoftDocs/SupportArticles-docs (file id 11247414011, 'Stop error DRIVER_IRQL_NOT_LESS_OR_EQUAL or USER_MODE_HEALTH_MONITOR')"
  - "github 3BK/TSSV2 psSDP/Diag/global/TS_HpCISSs2DriverIssueCheck.ps1"
falsepositives:
  - "0xD1, 0x9E have many causes; without hpcisss2.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: HP Smart Array firmware bug in 64-bit command submission exposed by driver 62.26.0.64 (first to enable 64-bit command addressing)"
  - "Parameters (any): values not given"
  - "Third-party driver rule: match loaded module version == 62.26.0.64 (a 'bad version' rather than 'fixed version')."
  - "Microsoft SDP has a matching rule TS_HpCISSs2DriverIssueCheck.ps1."
  - "Facts source: kb-facts.yaml entry 2863960 (confidence: high)."
match:
  stop:
    bugcheck: [0xD1, 0x9E]
  scope:
    os: { windows: server-2012 }
  hpcisss2_loaded:
    module: hpcisss2.sys
  bad_version:
    module: hpcisss2.sys
    version: "== 62.26.0.64"
condition: stop and scope and hpcisss2_loaded
fix:
  resolution: "No hotfix: third-party driver issue"
  replaces: []
  workarounds: ["Downgrade HpCISSs2.sys to 62.24.2.64 (HP advisory c03793656)"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      os: { windows: server-2012, arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      modules: ["hpcisss2.sys 62.26.0.64"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0x9E
      os: { windows: server-2012, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      modules: [hpcisss2.sys]
      confidence: medium
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2012, arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      modules: ["hpcisss2.sys 62.26.0.64"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      modules: ["hpcisss2.sys 62.26.0.64"]
    - note: "hpcisss2.sys not loaded"
      bugcheck: 0xD1
      os: { windows: server-2012, arch: x64 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "storage/kb2916984-storport-pnp-uninitialized-controller.yml",
      id: "kb2916984-storport-pnp-uninitialized-controller",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb2916984-storport-pnp-uninitialized-controller
title: "Server 2012 R2 bugchecks 0xD1 when re-enabling a storage controller after hot-removing its SSDs (Storport forwards PnP IRP to uninitialized controller)"
kb: KB2916984
url: https://support.microsoft.com/kb/2916984
status: test
references:
  - "github MicrosoftDocs/SupportArticles-docs support/windows-server/performance/bugcheck-run-stop-error-0x000000d1.md"
falsepositives:
  - "0xD1 has many causes; without storport.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: StorPort forwards a PnP IRP to a controller that is no longer initialized; also on surprise removal during driver install/enable"
  - "Parameters (0xD1): values vary"
  - "Facts source: kb-facts.yaml entry 2916984 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2012-r2 }
  storport:
    any:
      - { frame: storport.sys, within_top: 4 }
      - { blamed: storport.sys }
condition: stop and scope
fix:
  resolution: "None published (status: confirmed problem)"
  replaces: []
  workarounds: ["Avoid disable/eject/re-enable sequence"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      os: { windows: server-2012-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "storport.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2012-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2012-r2, arch: x64 }
      frames: ["nt!KeBugCheckEx", "storport.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "storport.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "storage/kb817789-storport-startio.yml",
      id: "kb817789-storport-startio",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb817789-storport-startio
title: "Windows Server 2003 bugchecks 0xD1 in Storport StartIo handling with third-party enterprise storage-management software"
kb: KB817789
url: https://support.microsoft.com/kb/817789
status: test
references:
  - "https://www.betaarchive.com/wiki/index.php?title=Microsoft_KB_Archive/817789"
  - "http://ftp.zx.net.nz/pub/mirror/ftp.microsoft.com/MISC/KB/en-us/817/789.HTM"
falsepositives:
  - "0xD1 has many causes; without storport.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Windows Server 2003 processes the StartIo routine in Storport.sys incorrectly when third-party storage management software is installed"
  - "Parameters (0xD1): NULL read at IRQL 2"
  - "Download package referenced as '823728'."
  - "Facts source: kb-facts.yaml entry 817789 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2003, sp: 0 }
  storport:
    any:
      - { frame: storport.sys, within_top: 4 }
      - { blamed: storport.sys }
condition: stop and scope
fix:
  hotfix: KB817789
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  related: [KB823728]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf730b0a2]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "storport.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "storport.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x0, 0x2, 0x0, 0xf730b0a2]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "storport.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "storage/kb884588-storport-verifier-event-queue.yml",
      id: "kb884588-storport-verifier-event-queue",
      gate: .bugChecks([0xC4]),
      text: #"""
id: kb884588-storport-verifier-event-queue
title: "Windows Server 2003 bugchecks 0xC4 in storport!StorInsertEventQueue when Driver Verifier checks storport.sys"
kb: KB884588
url: https://support.microsoft.com/kb/884588
status: test
references:
  - "https://www.betaarchive.com/wiki/index.php?title=Microsoft_KB_Archive/884588"
falsepositives:
  - "0xC4 has many causes; without storport.sys / storport!StorInsertEventQueue evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Only with Driver Verifier enabled on storport.sys"
  - "Parameters (0xC4): values not given"
  - "Frames in the article: storport!StorInsertEventQueue"
  - "Facts source: kb-facts.yaml entry 884588 (confidence: high)."
match:
  stop:
    bugcheck: 0xC4
  scope:
    os: { windows: server-2003, sp: 0, arch: [x86, x64] }
  storport:
    any:
      - { frame: storport.sys, within_top: 4 }
      - { blamed: storport.sys }
  function_frame:
    frame: ["storport!StorInsertEventQueue"]
condition: stop and scope
fix:
  hotfix: KB884588
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  restart: "Required"
  workarounds: ["Disable Driver Verifier on storport.sys"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xC4
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "storport!StorInsertEventQueue+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xC4
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "storport!StorInsertEventQueue+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xC4
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "storport!StorInsertEventQueue+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "storage/kb894086-volsnap-extended-volume.yml",
      id: "kb894086-volsnap-extended-volume",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb894086-volsnap-extended-volume
title: "Windows Server 2003 bugchecks 0xD1 when creating a shadow copy of a volume that was extended"
kb: KB894086
url: https://support.microsoft.com/kb/894086
status: experimental
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/894/086.HTM"
falsepositives:
  - "0xD1 has many causes; without volsnap.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module name volsnap.sys is inferred from the component the article names (Volume Shadow Copy), not stated by the article."
notes:
  - "Cause: Not captured in excerpt (trigger: snapshot after extending the volume)"
  - "Parameters (0xD1): p1 looks like a pool-tag-like ASCII value ('MmCa' little-endian)"
  - "Error signature: BCCode D1, OSVer 5_2_3718."
  - "Facts source: kb-facts.yaml entry 894086 (confidence: medium)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2003, sp: 0, arch: [x86, ia64] }
  volsnap:
    inferred: true
    any:
      - { frame: volsnap.sys, within_top: 4 }
      - { blamed: volsnap.sys }
condition: stop and scope
fix:
  hotfix: KB894086
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x61436d4d, 0x2, 0x0, 0xf739f0c4]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "volsnap.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "volsnap.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x61436d4d, 0x2, 0x0, 0xf739f0c4]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "volsnap.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "storage/kb897574-large-sector-removable-media.yml",
      id: "kb897574-large-sector-removable-media",
      gate: .bugChecks([0xA, 0x50, 0xC4, 0xD1]),
      text: #"""
id: kb897574-large-sector-removable-media
title: "Stop error after inserting media whose sector size exceeds the 4 KB page size into a removable disk device"
kb: KB897574
url: https://support.microsoft.com/kb/897574
status: test
references:
  - "https://mskb.pkisolutions.com/kb/897574"
falsepositives:
  - "0x0A, 0xD1, 0xC4, 0x50 have many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: Reading sector 0 (boot sector/file system probe) into a buffer sized for 4,096 bytes when the device sector size is larger"
  - "Facts source: kb-facts.yaml entry 897574 (confidence: high)."
match:
  stop:
    bugcheck: [0x0A, 0xD1, 0xC4, 0x50]
  scope:
    os:
      - { windows: server-2003, sp: 0 }
      - { windows: xp }
      - { windows: "2000" }
condition: stop and scope
fix:
  hotfix: KB897574
  resolution: "Windows Server 2003: service pack; others: hotfix (details truncated)"
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
  workarounds: ["Remove media/device with >4 KB sectors before boot"]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x0A
      params: [0x4, 0x1c, 0x1, 0x804324ac]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      confidence: low
    - note: "stop code and scope only"
      bugcheck: 0x50
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x0A
      params: [0x4, 0x1c, 0x1, 0x804324ac]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
"""#
    ),
    BuiltInRuleFile(
      path: "storage/kb898706-storport-pool-exhausted.yml",
      id: "kb898706-storport-pool-exhausted",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb898706-storport-pool-exhausted
title: "Storport HBA on Windows Server 2003 bugchecks 0xD1 under high stress with nonpaged pool exhausted"
kb: KB898706
url: https://support.microsoft.com/kb/898706
status: test
references:
  - "https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/898/706.HTM"
falsepositives:
  - "0xD1 has many causes; without storport.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Failure path when nonpaged pool is depleted under stress"
  - "Parameters (0xD1): write to near-NULL address at IRQL 2"
  - "Facts source: kb-facts.yaml entry 898706 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2003, sp: 0 }
  storport:
    any:
      - { frame: storport.sys, within_top: 4 }
      - { blamed: storport.sys }
condition: stop and scope
fix:
  hotfix: KB898706
  resolution: "Fixed in the next Windows Server 2003 service pack (SP1); hotfix also available"
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      params: [0x2c, 0x2, 0x1, 0xbfe1a833]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "storport.sys+0x1a2b"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "storport.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      params: [0x2c, 0x2, 0x1, 0xbfe1a833]
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "storport.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "storage/kb939315-storport-d3-interrupts.yml",
      id: "kb939315-storport-d3-interrupts",
      gate: .bugChecks([0x9C]),
      text: #"""
id: kb939315-storport-d3-interrupts
title: "Windows Server 2003 SP2 with Storport: 0x9C MACHINE_CHECK_EXCEPTION or hang at shutdown (interrupts forwarded after D3)"
kb: KB939315
url: https://support.microsoft.com/kb/939315
status: test
references:
  - "https://mskb.pkisolutions.com/kb/939315"
  - "https://www.betaarchive.com/wiki/index.php?title=Microsoft_KB_Archive/939315"
  - "https://jhouseconsulting.com/jhouseconsulting/2008/05/15/microsoft-windows-2003-post-sp2-hotfixes-23"
falsepositives:
  - "0x9C has many causes; without storport.sys evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Storport in SP2 and in update 932755 forwards interrupts to the miniport after the PCI bus is already in D3"
  - "Parameters (0x9C): values vary"
  - "Regression marker: storport.sys 5.2.3790.4021 (KB932755) is explicitly affected."
  - "Third-party storport lineage for W2K3 SP2: 932755=5.2.3790.4021, 939315=.4121, 940467=.4133, 941276=.4156, 943295=.4163, 943545=.4173."
  - "Facts source: kb-facts.yaml entry 939315 (confidence: high (version from secondary source))."
match:
  stop:
    bugcheck: 0x9C
  scope:
    os:
      - { windows: server-2003, sp: 2, arch: [x86, x64, ia64] }
      - { windows: xp-x64, sp: 2 }
  storport_loaded:
    module: storport.sys
condition: stop and scope and storport_loaded
max_confidence: medium
fix:
  hotfix: KB939315
  files:
    - { name: storport.sys, version: 5.2.3790.4121, note: "version attributed to KB939315 by a third-party post-SP2 hotfix list (jhouseconsulting), not from the KB's own table" }
  replaces: []
  prerequisites: ["Windows Server 2003 SP2 (implied)"]
  related: [KB932755]
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x9C
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      modules: [storport.sys]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0x9C
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      modules: [storport.sys]
      confidence: medium
    - note: "seed sample - storport.sys older than the fix: hotfix not installed"
      bugcheck: 0x9C
      params: [0x0, 0xf773d050, 0xb2000000, 0x00070f0f]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx", "hal.dll+0x2f1a"]
      modules: ["storport.sys 5.2.3790.4021"]
      confidence: medium
      patch: not_installed
    - note: "seed sample - storport.sys at the fixed version: installed, so look elsewhere"
      bugcheck: 0x9C
      os: { windows: server-2003, sp: 2, arch: x64 }
      modules: ["storport.sys 5.2.3790.4121"]
      confidence: medium
      patch: installed
    - note: "kernel small dumps carry no file versions"
      bugcheck: 0x9C
      os: { windows: server-2003, sp: 2, arch: x86 }
      modules: [storport.sys]
      confidence: medium
      patch: unknown
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, sp: 2, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      modules: [storport.sys]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x9C
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      modules: [storport.sys]
  dumps:
    - { path: docs/samples/srv2003sp2-x86-0x9C-storport-A.dmp, confidence: medium, patch: not_installed }
    - { path: docs/samples/srv2003sp2-x86-0x9C-storport-B.dmp, confidence: medium, patch: installed }
"""#
    ),
    BuiltInRuleFile(
      path: "storage/kb945119-storport-pause-resume.yml",
      id: "kb945119-storport-pause-resume",
      gate: .bugChecks([0xD1]),
      text: #"""
id: kb945119-storport-pause-resume
title: "Windows Server 2003 bugchecks 0xD1 because Storport passes wrong parameters to StorPortPause/StorPortResume"
kb: KB945119
url: https://support.microsoft.com/kb/945119
status: experimental
references:
  - "http://support.microsoft.com/kb/945119"
  - "https://mskb.pkisolutions.com/en-us/help/945119"
falsepositives:
  - "0xD1 has many causes; without storport.sys / storport!StorPortPause / storport!StorPortResume evidence on the stack, blamed or loaded, a match says little."
notes:
  - "Cause: Storport.sys passes incorrect parameters into StorPortResume and StorPortPause when an adapter is paused/resumed"
  - "Parameters (0xD1): values vary"
  - "Frames in the article: storport!StorPortPause (named API, not a captured frame); storport!StorPortResume (named API)"
  - "Frame patterns storport!StorPortPause, storport!StorPortResume are named APIs in the article, not captured frames: marked inferred."
  - "Facts source: kb-facts.yaml entry 945119 (confidence: high)."
match:
  stop:
    bugcheck: 0xD1
  scope:
    os: { windows: server-2003 }
  storport:
    any:
      - { frame: storport.sys, within_top: 4 }
      - { blamed: storport.sys }
  named_api_frame:
    inferred: true
    frame: ["storport!StorPortPause", "storport!StorPortResume"]
condition: stop and scope
fix:
  hotfix: KB945119
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xD1
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "storport!StorPortPause+0x1c", "storport!StorPortResume+0x1c"]
      confidence: high
    - note: "stop code and scope only"
      bugcheck: 0xD1
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: server-2003, arch: x86 }
      frames: ["nt!KeBugCheckEx", "storport!StorPortPause+0x1c", "storport!StorPortResume+0x1c"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xD1
      os: { windows: "10", arch: x64 }
      frames: ["nt!KeBugCheckEx", "storport!StorPortPause+0x1c", "storport!StorPortResume+0x1c"]
"""#
    ),
    BuiltInRuleFile(
      path: "usb/kb946723-usb-hibernate-resume-race.yml",
      id: "kb946723-usb-hibernate-resume-race",
      gate: .bugChecks([0xFE]),
      text: #"""
id: kb946723-usb-hibernate-resume-race
title: "Vista laptop with several USB devices / dock bugchecks 0xFE when resuming from hibernate (USB driver race)"
kb: KB946723
url: https://support.microsoft.com/kb/946723
status: experimental
references:
  - "http://support.microsoft.com/kb/KB946723"
falsepositives:
  - "0xFE has many causes; without usbport.sys / usbhub.sys evidence on the stack, blamed or loaded, a match says little."
  - "The module names usbport.sys, usbhub.sys are inferred from the component the article names (USB), not stated by the article."
notes:
  - "Cause: Race condition in the USB driver on S4 resume"
  - "Parameters (0xFE): values vary"
  - "support.microsoft.com copy: Last Review March 6, 2008, Revision 2.3"
  - "Facts source: kb-facts.yaml entry 946723 (confidence: high (file inferred))."
match:
  stop:
    bugcheck: 0xFE
  scope:
    os: { windows: vista, sp: 0 }
  usbport:
    inferred: true
    any:
      - { frame: usbport.sys, within_top: 4 }
      - { blamed: usbport.sys }
  usbhub:
    inferred: true
    any:
      - { frame: usbhub.sys, within_top: 4 }
      - { blamed: usbhub.sys }
condition: stop and scope
fix:
  hotfix: KB946723
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0xFE
      os: { windows: vista, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "usbport.sys+0x1a2b", "usbhub.sys+0x1a2b"]
      confidence: medium
    - note: "stop code and scope only"
      bugcheck: 0xFE
      os: { windows: vista, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: vista, sp: 0, arch: x86 }
      frames: ["nt!KeBugCheckEx", "usbport.sys+0x1a2b", "usbhub.sys+0x1a2b"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0xFE
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx", "usbport.sys+0x1a2b", "usbhub.sys+0x1a2b"]
"""#
    ),
    BuiltInRuleFile(
      path: "video/kb2990029-hybrid-graphics-resume.yml",
      id: "kb2990029-hybrid-graphics-resume",
      gate: .bugChecks([0x113]),
      text: #"""
id: kb2990029-hybrid-graphics-resume
title: "Windows 8.1 with hybrid Intel + AMD graphics bugchecks 0x113 when resuming from standby"
kb: KB2990029
url: https://support.microsoft.com/kb/2990029
status: experimental
references:
  - "github MicrosoftDocs/SupportArticles-docs support/windows-client/performance/error-0x113-intel-amd-graphics-adapters.md"
falsepositives:
  - "0x113 has many causes and the article names no module, so this rule can only say the crash is consistent with the article."
notes:
  - "Cause: Hybrid graphics configuration on resume (details not captured)"
  - "Parameters (0x113): values not captured"
  - "Facts source: kb-facts.yaml entry 2990029 (confidence: low)."
match:
  stop:
    bugcheck: 0x113
  scope:
    os: { windows: "8.1" }
  igdkmd_loaded:
    inferred: true
    module: "igdkmd*.sys"
  atikm_loaded:
    inferred: true
    module: "atikm*.sys"
condition: stop and scope
max_confidence: low
fix:
  hotfix: KB2990029
  versions_unknown: "the article's file information table is not in our sources"
  replaces: []
examples:
  triggering:
    - note: "all the evidence the rule knows"
      bugcheck: 0x113
      os: { windows: "8.1", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      modules: ["igdkmdx.sys", "atikmx.sys"]
      confidence: low
    - note: "stop code and scope only"
      bugcheck: 0x113
      os: { windows: "8.1", arch: x64 }
      frames: ["nt!KeBugCheckEx", "other.sys+0x1a2b"]
      confidence: low
  non_triggering:
    - note: "a stop code the article does not list"
      bugcheck: 0xE2
      params: [0x1001, 0x1002, 0x1003, 0x1004]
      os: { windows: "8.1", arch: x64 }
      frames: ["nt!KeBugCheckEx"]
      modules: ["igdkmdx.sys", "atikmx.sys"]
    - note: "an operating system outside the article's scope"
      bugcheck: 0x113
      os: { windows: xp, sp: 3, arch: x86 }
      frames: ["nt!KeBugCheckEx"]
      modules: ["igdkmdx.sys", "atikmx.sys"]
"""#
    ),
  ]
}
