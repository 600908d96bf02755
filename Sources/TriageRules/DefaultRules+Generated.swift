// swift-format-ignore-file
// Generated from Rules/ by RuleCorpusTests (DUMPTRIAGE_REGENERATE=1); do not edit by hand.

/// The rule files compiled into the binary.
enum DefaultRules {
  /// Each rule file's path under `Rules/` and its text.
  static let files: [(path: String, text: String)] = [
    (
      "network/kb944904-rdr-kerberos-retry-close.yml",
      #"""
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
  redirector_on_stack:
    inferred: true
    note: redirector file names inferred from the component the article names
    frame: [mrxsmb.sys, rdbss.sys]
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
"""#
    ),
    (
      "network/kb961799-netbt-malformed-packet.yml",
      #"""
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
"""#
    ),
  ]
}
