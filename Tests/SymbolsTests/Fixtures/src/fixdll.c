/* Fixture DLL "fixdll.dll": exports (by name, by ordinal only, and a forwarder from fixdll.def)
 * and a small call chain, for the PE export-table reader and the unwind-data readers. No CRT.
 */

typedef unsigned int UINT;

__declspec(noinline) static UINT FixMix(UINT a, UINT b) {
  volatile UINT v = a * 31u + b;
  return v ^ (v >> 7);
}

__declspec(noinline) UINT FixLeaf(UINT x) { return x * 2654435761u; }

__declspec(noinline) UINT FixWithFrame(UINT seed) {
  volatile UINT table[96];
  for (UINT i = 0; i < 96; i += 8) {
    table[i] = FixLeaf(seed + i);
  }
  return FixMix(table[0], table[88]);
}

UINT FixEntryPoint(UINT seed) { return FixWithFrame(seed) + FixMix(seed, 3); }

UINT FixOrdinalOnly(UINT seed) { return FixLeaf(seed) ^ 0x1234; }

int __stdcall DllMain(void *Instance, unsigned long Reason, void *Reserved) {
  (void)Instance;
  (void)Reserved;
  return Reason != 0;
}
