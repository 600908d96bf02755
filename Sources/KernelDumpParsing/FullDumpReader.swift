import BinaryReading
import DumpFormats

/// Reads the memory side of full, kernel and bitmap dumps: the physical page layout, and from
/// it virtual memory, the KDBG block and the loaded-module list.
struct FullDumpReader {
  var layout: PhysicalMemoryLayout?
  var memory: (any VirtualMemory)?
  var modules: [LoadedModule] = []
  var debuggerData: DebuggerData?
  var notes: [Note] = []

  init(reader: ByteReader, header: KernelDumpHeader) {
    let type = header.dumpType
    do {
      if type == .full {
        layout = try PhysicalMemoryLayout(runsFrom: reader, header: header)
      } else if type == .bitmapFull || type == .bitmapKernel || type == .summary
        || type == .automatic
      {
        layout = try PhysicalMemoryLayout(bitmapFrom: reader, header: header)
      } else {
        notes.append(
          Note(
            code: "kernel.dump_type.unsupported",
            message: "the memory of a \(type) dump is not read by this version; header only",
            offset: header.is64Bit ? 0xF98 : 0xF88))
        return
      }
    } catch {
      notes.append(
        Note(
          code: "kernel.physical_memory",
          message: "the physical memory layout cannot be read: \(error)", offset: error.offset))
      return
    }
    guard let layout else { return }
    let required = layout.requiredFileSize
    if required > UInt64(reader.count) {
      let missing = layout.pageCount - layout.pagesInFile
      notes.append(
        Note(
          code: "kernel.physical_memory.truncated",
          message:
            "the dump announces \(layout.pageCount) pages (0x\(String(required, radix: 16)) bytes) but the file ends at 0x\(String(reader.count, radix: 16)): \(missing) pages are missing, so memory past the end cannot be read",
          offset: UInt64(reader.count)))
    }
  }
}
