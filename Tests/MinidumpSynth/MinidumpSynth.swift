// Test helper MinidumpSynth.
