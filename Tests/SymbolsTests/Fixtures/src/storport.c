/* Fixture driver "storport.sys": a tiny export driver whose only purpose is its version resource.
 *
 * ../build.sh links it twice with storport-4000.rc and storport-4121.rc, giving two images that
 * differ only in VS_VERSIONINFO (file version 5.2.3790.4000 vs 5.2.3790.4121). Never run.
 */

typedef unsigned long ULONG;
typedef long NTSTATUS;

__declspec(dllexport) ULONG __stdcall StorPortGetBusData(ULONG Bus, ULONG Slot) {
  return (Bus << 8) ^ Slot;
}

__declspec(dllexport) NTSTATUS __stdcall StorPortInitialize(void *Argument1, void *Argument2) {
  return (NTSTATUS)StorPortGetBusData((ULONG)(unsigned long long)Argument1,
                                      (ULONG)(unsigned long long)Argument2);
}

NTSTATUS __stdcall DriverEntry(void *DriverObject, void *RegistryPath) {
  return StorPortInitialize(DriverObject, RegistryPath);
}
