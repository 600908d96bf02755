// Generated from Rules/ownership/*.yml: do not edit by hand.
// OwnershipListsTests checks it against the YAML files; to regenerate, run
// DUMPTRIAGE_RECORD_GOLDENS=1 swift test --filter OwnershipListsTests

/// The YAML text of `Rules/ownership/*.yml`, embedded so the binary needs no files beside it.
enum OwnershipData {
  /// File name and text of each list, sorted by file name.
  static let files: [(name: String, text: String)] = [
    (
      "ignore.yml",
      #"""
      # Frames that blame walks past, like WinDbg's triage.ini entries whose owner is `ignore`.
      #
      # Each entry is `module!function` or `module`; a `*` is allowed only at the end of a name.
      # Module names are the WinDbg short names (`nt`, `hal`) or file stems (`fltmgr`); `nt` also
      # matches ntoskrnl.exe, ntkrnlmp.exe, ntkrnlpa.exe and ntkrpamp.exe (see microsoft-modules.yml,
      # `aliases`). Matching ignores case. A more complete match wins over a shorter one, and an
      # entry in owners.yml that matches more completely overrides an entry here.
      kind: ignore
      entries:
        # The bug check itself: every kernel stack starts here.
        - nt!KeBugCheck
        - nt!KeBugCheckEx
        - nt!KeBugCheck2
        - nt!KiBugCheckDispatch
        - nt!KiBugCheckDebugBreak
        - nt!KeBugCheck*
        - nt!KiBugCheck*
        - nt!ExpSystemErrorHandler*
        - nt!PopFxBugCheck*
        # Trap and exception dispatch: the kernel reporting someone else's fault.
        - nt!KiPageFault
        - nt!KiGeneralProtectionFault
        - nt!KiSegmentNotPresentFault
        - nt!KiInvalidOpcodeFault
        - nt!KiDivideErrorFault
        - nt!KiDoubleFaultAbort
        - nt!KiStackFault
        - nt!KiRaiseSecurityCheckFailure
        - nt!KiFastFailDispatch
        - nt!KiExceptionDispatch
        - nt!KiDispatchException
        - nt!KiSystemServiceHandler
        - nt!KiSystemServiceCopyEnd
        - nt!KiSystemServiceExit
        - nt!RtlDispatchException
        - nt!RtlRaiseStatus
        - nt!RtlRaiseException
        - nt!RtlpExecuteHandlerForException
        - nt!RtlpExecuteHandlerForUnwind
        - nt!__C_specific_handler
        - nt!_C_specific_handler
        - nt!__GSHandlerCheck*
        - nt!_report_gsfailure
        - nt!__report_gsfailure
        - nt!ExRaiseStatus
        - nt!ExRaiseAccessViolation
        - nt!MmAccessFault
        - nt!KiTrap0E
        - nt!KiTrap0D
        - nt!KiTrap08
        - nt!KiTrap*
        - nt!KiInterrupt*
        - nt!KiSwInterrupt*
        # ARM64 and ARM exception entry points.
        - nt!KiSynchronousException
        - nt!KiKernelSysServiceException
        - nt!KiKernelExceptionHandler
        - nt!KiBreakpointException
        # Manual-crash plumbing (keyboard, power button): blame reports these by bug check code.
        - nt!KeEnterKernelDebugger
        - nt!KiTimerExpiration
        # HAL helpers that only pass the crash along.
        - hal!HalBugCheckSystem
        - hal!HalpMcaReportError*
        - hal!HalpNMIHalt
        - hal!HalpPreprocessNmi
        - hal!HalpHandleNMI
        - hal!HalpBugCheck*
        # Verifier and fast-fail plumbing.
        - nt!VerifierBugCheckIfAppropriate
        - nt!ViErrorFinishReport
        - nt!VfReportIssue*
        - nt!VerifierKeBugCheck*
        # User-mode: exception raising and unhandled-exception filters.
        - kernelbase!RaiseException
        - kernelbase!UnhandledExceptionFilter
        - kernelbase!RaiseFailFastException
        - ntdll!KiUserExceptionDispatcher
        - ntdll!RtlDispatchException
        - ntdll!RtlRaiseException
        - ntdll!RtlReportCriticalFailure
        - ntdll!RtlpExecuteHandlerForException
        - ntdll!__C_specific_handler
        - ntdll!RtlUserThreadStart
        - kernel32!BaseThreadInitThunk
        - kernel32!UnhandledExceptionFilter
        - ucrtbase!abort
        - ucrtbase!terminate
        - msvcrt!abort
      examples:
        match:
          - nt!KeBugCheckEx
          - ntoskrnl.exe!KeBugCheckEx+0x0
          - ntkrnlmp.exe!KiBugCheckDispatch+0x69
          - nt!KiPageFault+0x427
          - nt!KiTrap0E+0x3f3
          - NT!kebugcheck2+0x20
          - hal!HalpNMIHalt+0x10
          - halmacpi.dll!HalBugCheckSystem+0x7a
          - ntdll.dll!KiUserExceptionDispatcher+0x2e
        no_match:
          - nt!IofCallDriver+0x55
          - nt!ExFreePoolWithTag+0x20
          - amdppm.sys!WriteIoMemRawEx+0x70
          - amdppm.sys+0x334c
          - hal!HalpTimerClockInterrupt+0x10
          - ntfs!NtfsCommonRead+0x100
      """#
    ),
    (
      "microsoft-modules.yml",
      #"""
      # Modules that ship with Windows ("inbox"), so blame can prefer a third-party driver.
      #
      # Entries are file names, matched without case; a `*` is allowed only at the end. `aliases`
      # maps WinDbg's short module names to the file names the kernel loads under.
      # A driver in this list is still blamed when no third-party driver is on the stack with trust
      # above `scan`: inbox drivers have bugs too (amdppm.sys in triage_x64.dmp).
      kind: microsoft_modules
      aliases:
        nt: [ntoskrnl.exe, ntkrnlmp.exe, ntkrnlpa.exe, ntkrpamp.exe, ntkrla57.exe]
        hal: [hal.dll, halmacpi.dll, halacpi.dll, halaacpi.dll, halapic.dll, halmps.dll, halmaps.dll,
          halsp.dll, halextintclpiodma.dll, halextpl080.dll]
      entries:
        # Kernel, HAL and core boot drivers.
        - ntoskrnl.exe
        - ntkrnlmp.exe
        - ntkrnlpa.exe
        - ntkrpamp.exe
        - ntkrla57.exe
        - kdcom.dll
        - kdnet.dll
        - kd.dll
        - mcupdate_*
        - bootvid.dll
        - ci.dll
        - clfs.sys
        - cng.sys
        - ksecdd.sys
        - ksecpkg.sys
        - pshed.dll
        - werkernel.sys
        - tm.sys
        - clipsp.sys
        - fltmgr.sys
        - fileinfo.sys
        - wof.sys
        - wdfldr.sys
        - wdf01000.sys
        - acpi.sys
        - acpiex.sys
        - msrpc.sys
        - pci.sys
        - pdc.sys
        - partmgr.sys
        - volmgr.sys
        - volmgrx.sys
        - volsnap.sys
        - mountmgr.sys
        - disk.sys
        - classpnp.sys
        - storport.sys
        - stornvme.sys
        - storahci.sys
        - ataport.sys
        - atapi.sys
        - pciide*
        - intelide.sys
        - msahci.sys
        - scsiport.sys
        - spaceport.sys
        - ntfs.sys
        - refs.sys
        - fastfat.sys
        - exfat.sys
        - cdfs.sys
        - udfs.sys
        - npfs.sys
        - msfs.sys
        - mup.sys
        - rdbss.sys
        - mrxsmb*
        - srv.sys
        - srv2.sys
        - srvnet.sys
        - tcpip.sys
        - tcpip6.sys
        - afd.sys
        - netio.sys
        - ndis.sys
        - netbt.sys
        - netbios.sys
        - http.sys
        - fwpkclnt.sys
        - wfplwfs.sys
        - nsiproxy.sys
        - tdx.sys
        - tdi.sys
        - ipsec.sys
        - ipnat.sys
        - rasl2tp.sys
        - raspptp.sys
        - ndiswan.sys
        - usbport.sys
        - usbhub.sys
        - usbhub3.sys
        - usbxhci.sys
        - ucx01000.sys
        - usbehci.sys
        - usbuhci.sys
        - usbohci.sys
        - usbccgp.sys
        - usbstor.sys
        - hidclass.sys
        - hidparse.sys
        - hidusb.sys
        - kbdclass.sys
        - kbdhid.sys
        - mouclass.sys
        - mouhid.sys
        - i8042prt.sys
        - dxgkrnl.sys
        - dxgmms1.sys
        - dxgmms2.sys
        - watchdog.sys
        - basicdisplay.sys
        - basicrender.sys
        - videoprt.sys
        - vga.sys
        - win32k.sys
        - win32kbase.sys
        - win32kfull.sys
        - cdd.dll
        - ks.sys
        - portcls.sys
        - hdaudbus.sys
        - hdaudio.sys
        - drmk.sys
        - intelppm.sys
        - amdppm.sys
        - processr.sys
        - battc.sys
        - cmbatt.sys
        - wmiacpi.sys
        - acpipagr.sys
        - intelpep.sys
        - wdmcompanionfilter.sys
        - wdfilter.sys
        - wdnisdrv.sys
        - wdboot.sys
        - wdiwifi.sys
        - mssecflt.sys
        - cldflt.sys
        - bindflt.sys
        - luafv.sys
        - storqosflt.sys
        - bam.sys
        - ahcache.sys
        - peauth.sys
        - condrv.sys
        - beep.sys
        - null.sys
        - vdrvroot.sys
        - vmbus.sys
        - hyperkbd.sys
        - hypervideo.sys
        - storvsc.sys
        - netvsc*
        - vmstorfl.sys
        - bthport.sys
        - bthusb.sys
        - rdyboost.sys
        - fvevol.sys
        - ecache.sys
        - iorate.sys
        - crashdmp.sys
        - dump_diskdump.sys
        - dump_storahci.sys
        - dump_stornvme.sys
        - dump_storport.sys
        - dump_dumpfve.sys
        - dumpfve.sys
        - sr.sys
        - ntdll.dll
        - kernel32.dll
        - kernelbase.dll
        - user32.dll
        - gdi32.dll
        - gdi32full.dll
        - win32u.dll
        - ucrtbase.dll
        - msvcrt.dll
        - combase.dll
        - rpcrt4.dll
        - ole32.dll
        - advapi32.dll
        - sechost.dll
        - shell32.dll
        - ws2_32.dll
      examples:
        match:
          - ntoskrnl.exe
          - NTKRNLMP.EXE
          - nt
          - halmacpi.dll
          - hal
          - fileinfo.sys
          - C:\Windows\System32\drivers\FltMgr.sys
          - amdppm.sys
          - dump_storahci.sys
          - Wdf01000.sys
          - mrxsmb20.sys
        no_match:
          - nvlddmkm.sys
          - atikmdag.sys
          - TestDriver.sys
          - avgidsdriver.sys
          - myapp.exe
          - nt.sys
          - dump_iastora.sys
          - wdcsam64.sys
      """#
    ),
    (
      "owners.yml",
      #"""
      # Owners for frames, in WinDbg triage.ini syntax: one `module[!function]=owner` per entry.
      #
      # A `*` is allowed only at the end of a name. Owner `ignore` skips the frame (as ignore.yml);
      # a `maybe_` prefix lowers the frame's priority (blame takes it only when no ordinary frame
      # follows), a `last_` prefix lowers it further (taken only when nothing else is left). Any other
      # owner is reported as the follow-up owner of the blamed frame. The most complete match wins.
      kind: owners
      entries:
        # Pool routines report corruption made by their caller: prefer the caller.
        - nt!ExFreePool=maybe_pool_caller
        - nt!ExFreePoolWithTag=maybe_pool_caller
        - nt!ExAllocatePool*=maybe_pool_caller
        - nt!ExpFreePool*=maybe_pool_caller
        - nt!ExpAllocatePool*=maybe_pool_caller
        - nt!ExDeferredFreePool=maybe_pool_caller
        - nt!RtlpHp*=maybe_pool_caller
        # Object reference counting and I/O completion: the caller usually holds the bug.
        - nt!ObfDereferenceObject*=maybe_object_caller
        - nt!ObfReferenceObject*=maybe_object_caller
        - nt!IopfCompleteRequest=maybe_io_caller
        - nt!IofCompleteRequest=maybe_io_caller
        - nt!IofCallDriver=maybe_io_caller
        - nt!IopfCallDriver=maybe_io_caller
        # Generic kernel memory helpers: the culprit is the caller that passed the bad buffer.
        - nt!memcpy=maybe_caller
        - nt!memmove=maybe_caller
        - nt!memset=maybe_caller
        - nt!RtlCopyMemory=maybe_caller
        - nt!RtlCompareMemory=maybe_caller
        # Framework dispatch frames: the client driver below is the better answer.
        - Wdf01000=last_wdf
        - fltmgr!FltpDispatch=maybe_filter_manager
        - fltmgr!FltpLegacyProcessingAfterPreCallbacksCompleted=maybe_filter_manager
        - fltmgr!FltpPerformPreCallbacks*=maybe_filter_manager
        # Thread start routines: blame these only when nothing else is on the stack.
        - nt!KiStartSystemThread=last_thread_start
        - nt!PspSystemThreadStartup=last_thread_start
        - nt!ExpWorkerThread=last_thread_start
        - nt!KiIdleLoop=last_idle
        - nt!PoIdle=last_idle
      examples:
        match:
          - nt!ExFreePoolWithTag+0x10 -> maybe_pool_caller
          - ntoskrnl.exe!ExAllocatePoolWithTag+0x5f -> maybe_pool_caller
          - nt!IofCallDriver+0x55 -> maybe_io_caller
          - Wdf01000.sys!FxPkgPnp::Dispatch+0xaf -> last_wdf
          - nt!KiStartSystemThread+0x28 -> last_thread_start
          - nt!KeBugCheckEx -> ignore
        no_match:
          - amdppm.sys!WriteIoMemRawEx+0x70
          - nt!PnpStartDevice+0x88
          - fltmgr!FltGetFileNameInformation+0x10
      """#
    ),
  ]
}
