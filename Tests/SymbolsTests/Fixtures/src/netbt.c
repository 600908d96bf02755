/* Fixture driver "netbt.sys": kernel style, no C runtime.
 *
 * A few functions that call each other, so symbolizers and stack walkers have something real to
 * chew on: NbtCopyToStartOfIndicate (calls others), NbtBuildLargeFrame (large stack frame),
 * NbtLeafChecksum (leaf, no calls), and static helpers that have no public symbol.
 * Built by ../build.sh; never run.
 */

typedef unsigned long ULONG;
typedef unsigned char UCHAR;
typedef long NTSTATUS;

typedef struct NBT_INDICATE {
  UCHAR *Buffer;
  ULONG Length;
  ULONG Offset;
  ULONG Checksum;
} NBT_INDICATE;

/* Leaf: no calls, no frame. */
__declspec(noinline) ULONG __stdcall NbtLeafChecksum(const UCHAR *Data, ULONG Length) {
  ULONG sum = 0x5A5A;
  for (ULONG i = 0; i < Length; i++) {
    sum = (sum << 3) ^ (sum >> 29) ^ Data[i];
  }
  return sum;
}

/* Static helper: only the module stream (S_LPROC32) names it. */
__declspec(noinline) static ULONG NbtRotate(ULONG Value, ULONG Count) {
  volatile ULONG v = Value;
  return (v << (Count & 31)) | (v >> ((32 - Count) & 31));
}

/* Large frame: 0xC00 bytes of locals (below one page, so no stack probe is needed). */
__declspec(noinline) ULONG __stdcall NbtBuildLargeFrame(NBT_INDICATE *Indicate, ULONG Seed) {
  volatile UCHAR scratch[0xC00];
  for (ULONG i = 0; i < sizeof(scratch); i += 64) {
    scratch[i] = (UCHAR)(Seed + i);
  }
  ULONG sum = NbtLeafChecksum((const UCHAR *)scratch, 64);
  return sum ^ NbtRotate(Indicate->Length, Seed);
}

/* Calls the others: the function KB samples point at. */
__declspec(noinline) NTSTATUS __stdcall NbtCopyToStartOfIndicate(NBT_INDICATE *Indicate,
                                                                  ULONG BytesToCopy) {
  if (Indicate == 0 || Indicate->Buffer == 0) {
    return (NTSTATUS)0xC000000DL;
  }
  if (BytesToCopy > Indicate->Length) {
    BytesToCopy = Indicate->Length;
  }
  for (ULONG i = 0; i < BytesToCopy; i++) {
    Indicate->Buffer[i] = Indicate->Buffer[Indicate->Offset + i];
  }
  Indicate->Checksum = NbtLeafChecksum(Indicate->Buffer, BytesToCopy);
  Indicate->Checksum ^= NbtBuildLargeFrame(Indicate, BytesToCopy);
  Indicate->Offset = 0;
  return 0;
}

static UCHAR NbtBuffer[256];
static NBT_INDICATE NbtIndicate = {NbtBuffer, sizeof(NbtBuffer), 16, 0};

__declspec(noinline) static NTSTATUS NbtReceiveHandler(ULONG Count) {
  return NbtCopyToStartOfIndicate(&NbtIndicate, Count);
}

NTSTATUS __stdcall DriverEntry(void *DriverObject, void *RegistryPath) {
  (void)RegistryPath;
  ULONG count = (ULONG)(unsigned long long)DriverObject & 0xFF;
  return NbtReceiveHandler(count);
}
