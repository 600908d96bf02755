// Test helper KernelDumpSynth.
