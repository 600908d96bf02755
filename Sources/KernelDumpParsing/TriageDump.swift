import BinaryReading
import DumpFormats

/// The contents of a triage dump (DumpType 4, the small memory dump `Mini*.dmp`).
///
/// Parsing is best-effort: each list that cannot be read becomes a ``Note`` and the rest is
/// kept.
public struct TriageDump: Sendable {
  /// The triage header.
  public var header: TriageDumpHeader
  /// Whether the `TRGD` marker was found (at ValidOffset or SizeOfDump − 4).
  public var isValid: Bool
  /// Loaded drivers, in list order (entry 0 is the kernel).
  public var drivers: [LoadedModule]
  /// Drivers unloaded before the crash.
  public var unloadedDrivers: [UnloadedDriver]
  /// The decoded KDBG copy, when present.
  public var debuggerData: DebuggerData?
  /// The call-stack window: [TopOfStack, TopOfStack + SizeOfCallStack).
  public var stackRange: Range<UInt64>?
  /// Virtual memory: stack window, data page and data blocks.
  public var memory: FileRegionMemory
  /// Number of data blocks mapped.
  public var dataBlockCount: Int
  /// Driver Verifier and pool facts from DUMP_MM_STORAGE, when present.
  public var mmInfo: MmInformation?
  /// The context saved in the KPRCB (the bug check context), when it differs in place from the
  /// header context or is the only one.
  public var processorContext: CPUContext?
  /// Secondary data records (`DumpBlob`) after the primary dump, when present.
  public var secondaryData: [SecondaryDataBlob]
  /// Problems found.
  public var notes: [Note]

  /// The `TRGD` marker as a little-endian u32.
  public static let validMarker: UInt32 = 0x4447_5254

  /// Limits on untrusted counts.
  public static let maxDrivers = 4096
  /// The most data blocks read.
  public static let maxDataBlocks = 65_536
  /// The most unloaded drivers read.
  public static let maxUnloadedDrivers = 1024

  /// Parses the triage part of a kernel dump.
  ///
  /// - Throws: ``ReadError`` only when the triage header itself cannot be read.
  public init(parsing reader: ByteReader, kernelHeader: KernelDumpHeader) throws(ReadError) {
    let is64 = kernelHeader.is64Bit
    let header = try TriageDumpHeader(parsing: reader, is64Bit: is64)
    self.header = header
    var notes: [Note] = []

    // Validity marker (formats.md §2.4).
    let atValid = try? reader.read(UInt32.self, at: UInt64(header.validOffset))
    let atEnd =
      header.sizeOfDump >= 4
      ? try? reader.read(UInt32.self, at: UInt64(header.sizeOfDump - 4)) : nil
    isValid = atValid == Self.validMarker || atEnd == Self.validMarker
    if !isValid {
      let end = UInt64(header.sizeOfDump)
      let detail =
        end > UInt64(reader.count)
        ? "the file has 0x\(String(reader.count, radix: 16)) bytes but the triage dump announces 0x\(String(end, radix: 16))"
        : "the TRGD marker is missing"
      notes.append(
        Note(
          code: "triage.invalid",
          message: "truncated or corrupt triage dump: \(detail); reading what is there",
          offset: UInt64(header.validOffset)))
    }

    let pointerSize = is64 ? 8 : 4
    func address(_ value: UInt64) -> UInt64 {
      // 32-bit dumps store some VAs sign-extended to 64 bits (data blocks, KDBG).
      is64 ? value : value & 0xFFFF_FFFF
    }

    // Drivers (§2.10) with names from the string pool (§2.11).
    var drivers: [LoadedModule] = []
    if header.driverCount > 0 {
      let stride = is64 ? 0x90 : 0x4C
      let offset = Int(header.driverListOffset)
      do {
        let available = max(0, reader.count - min(offset, reader.count))
        let count = try checkCount(
          UInt64(header.driverCount), stride: stride, available: available,
          limit: Self.maxDrivers, offset: UInt64(offset), "TRIAGE_DUMP.DriverCount")
        var unnamed = 0
        let table = LittleEndianBytes(
          try reader.byteArray(at: offset, count: count * stride, "TRIAGE_DUMP.DriverList"))
        let poolStart = Int(header.stringPoolOffset)
        let poolBytes =
          (try? reader.byteArray(
            at: poolStart, count: min(Int(header.stringPoolSize), max(0, reader.count - poolStart))))
          ?? []
        let pool = LittleEndianBytes(poolBytes)
        for index in 0..<count {
          let entry = index * stride
          let nameOffset = table.u32(entry) ?? 0
          let base =
            (is64 ? table.u64(entry + 0x38) : table.u32(entry + 0x1C).map(UInt64.init)) ?? 0
          let size = table.u32(entry + (is64 ? 0x48 : 0x24)) ?? 0
          let checksum = table.u32(entry + (is64 ? 0x80 : 0x44)) ?? 0
          let stamp = table.u32(entry + (is64 ? 0x88 : 0x48)) ?? 0
          let name: String
          if let text = Self.dumpString(pool, reader, at: nameOffset, poolStart: poolStart) {
            name = text
          } else {
            unnamed += 1
            name = "unnamed-driver-\(index)"
          }
          drivers.append(
            LoadedModule(
              name: name, base: base, size: UInt64(size), timeDateStamp: stamp,
              checksum: checksum))
        }
        if unnamed > 0 {
          notes.append(
            Note(
              code: "triage.driver_names",
              message: "\(unnamed) driver name(s) could not be read from the string pool",
              offset: UInt64(header.stringPoolOffset)))
        }
      } catch {
        notes.append(
          Note(
            code: "triage.driver_list",
            message:
              "driver list cannot be read completely (\(drivers.count) of \(header.driverCount) entries read): \(error)",
            offset: error.offset))
      }
    }
    self.drivers = drivers

    // Unloaded drivers (§2.7).
    var unloaded: [UnloadedDriver] = []
    if header.unloadedDriversOffset != 0 {
      do {
        unloaded = try UnloadedDriver.parseList(
          reader, at: Int(header.unloadedDriversOffset), is64Bit: is64)
      } catch {
        notes.append(
          Note(
            code: "triage.unloaded_drivers",
            message: "unloaded driver list cannot be read: \(error)", offset: error.offset))
      }
    }
    self.unloadedDrivers = unloaded

    // Memory: stack, data page, data blocks (§2.12).
    var regions: [FileRegionMemory.Region] = []
    var stackRange: Range<UInt64>?
    if header.sizeOfCallStack > 0 {
      let top = header.topOfStack
      if let end = top.checkedAdding(UInt64(header.sizeOfCallStack)),
        UInt64(header.callStackOffset) + UInt64(header.sizeOfCallStack) <= UInt64(reader.count)
      {
        stackRange = top..<end
        regions.append(
          .init(
            address: top, size: UInt64(header.sizeOfCallStack),
            fileOffset: Int(header.callStackOffset), label: "stack"))
      } else {
        notes.append(
          Note(
            code: "triage.stack",
            message:
              "the call stack (0x\(String(header.sizeOfCallStack, radix: 16)) bytes) is not in the file",
            offset: UInt64(header.callStackOffset)))
      }
    }
    self.stackRange = stackRange
    if header.dataPageAddress != 0, header.dataPageSize > 0 {
      regions.append(
        .init(
          address: address(header.dataPageAddress), size: UInt64(header.dataPageSize),
          fileOffset: Int(header.dataPageOffset), label: "data page"))
    }
    var blockCount = 0
    if header.dataBlocksCount > 0 {
      let offset = Int(header.dataBlocksOffset)
      do {
        let available = max(0, reader.count - min(offset, reader.count))
        let count = try checkCount(
          UInt64(header.dataBlocksCount), stride: 16, available: available,
          limit: Self.maxDataBlocks, offset: UInt64(offset), "TRIAGE_DUMP.DataBlocksCount")
        var outside = 0
        let table = LittleEndianBytes(
          try reader.byteArray(at: offset, count: 16 * count, "TRIAGE_DUMP.DataBlocks"))
        let fileSize = UInt64(reader.count)
        regions.reserveCapacity(regions.count + count)
        for index in 0..<count {
          let va = table.u64(16 * index) ?? 0
          let fileOffset = table.u32(16 * index + 8) ?? 0
          let size = table.u32(16 * index + 12) ?? 0
          if UInt64(fileOffset) + UInt64(size) > fileSize {
            outside += 1
            continue
          }
          regions.append(
            .init(
              address: address(va), size: UInt64(size), fileOffset: Int(fileOffset),
              label: "data block"))
          blockCount += 1
        }
        if outside > 0 {
          notes.append(
            Note(
              code: "triage.data_blocks.outside",
              message: "\(outside) data block(s) point past the end of the file",
              offset: UInt64(offset)))
        }
      } catch {
        notes.append(
          Note(
            code: "triage.data_blocks",
            message: "data block list cannot be read: \(error)", offset: error.offset))
      }
    }
    self.dataBlockCount = blockCount
    let memory = FileRegionMemory(reader: reader, regions: regions)
    self.memory = memory

    // Debugger data (§1.10): triage dumps carry a decoded copy.
    var debuggerData: DebuggerData?
    if header.debuggerDataOffset != 0, header.debuggerDataSize >= 0x18 {
      do {
        let block = try reader.slice(
          at: UInt64(header.debuggerDataOffset), count: UInt64(header.debuggerDataSize),
          "TRIAGE_DUMP.DebuggerData")
        let data = try DebuggerData(parsing: block)
        if data.isDecoded {
          debuggerData = data
        } else {
          notes.append(
            Note(
              code: "triage.kdbg.tag",
              message: "the debugger data block does not start with the KDBG tag",
              offset: UInt64(header.debuggerDataOffset)))
        }
      } catch {
        notes.append(
          Note(
            code: "triage.kdbg", message: "debugger data cannot be read: \(error)",
            offset: error.offset))
      }
    }
    self.debuggerData = debuggerData

    // Mm information (§2.6).
    mmInfo =
      header.mmOffset == 0 ? nil : try? MmInformation(parsing: reader, at: Int(header.mmOffset))

    // The bug check context in the KPRCB copy (§2.5, §3.6).
    var processorContext: CPUContext?
    let architecture = kernelHeader.architecture
    if let kdbg = debuggerData, header.prcbOffset != 0 {
      if let offset = kdbg.offsetPrcbContext, offset != 0,
        let pointer = try? reader.read(
          UInt64.self, at: UInt64(header.prcbOffset) + UInt64(offset))
      {
        let va = pointerSize == 8 ? pointer : pointer & 0xFFFF_FFFF
        if va != 0, let size = ContextRecord.size(of: architecture),
          let bytes = memory.firstMatchBytes(
            at: va, count: min(size, ContextRecord.registerBytes(of: architecture) ?? size)),
          let context = try? ContextRecord.parse(bytes: bytes, architecture: architecture),
          context.instructionPointer ?? 0 != 0
        {
          processorContext = context
        }
      }
      if processorContext == nil, let offset = kdbg.offsetPrcbProcStateContext, offset != 0,
        let context = try? ContextRecord.parse(
          reader, at: Int(header.prcbOffset) + Int(offset), architecture: architecture),
        context.instructionPointer ?? 0 != 0
      {
        processorContext = context
      }
    }
    self.processorContext = processorContext

    // Secondary data after SizeOfDump (formats.md §1.12).
    secondaryData = []
    if let (blobs, complete) = SecondaryDataBlob.parse(reader, at: Int(header.sizeOfDump)) {
      secondaryData = blobs
      if !complete {
        let limit = SecondaryDataBlob.limit
        notes.append(
          Note(
            code: "triage.secondary_data",
            message: blobs.count >= limit
              ? "the secondary data (DumpBlob) chain has more than \(limit) records; reading the first \(limit) (the limit)"
              : "the secondary data (DumpBlob) chain does not end at the end of the file; \(blobs.count) records read",
            offset: UInt64(header.sizeOfDump)))
      }
    }
    self.notes = notes
  }

  /// Reads a DUMP_STRING (u32 character count, UTF-16LE characters) at a file offset.
  static func dumpString(
    _ pool: LittleEndianBytes, _ reader: ByteReader, at offset: UInt32, poolStart: Int
  ) -> String? {
    let inPool = Int(offset) - poolStart
    if inPool >= 0, let count = pool.u32(inPool), count > 0, count <= 0x1000,
      let text = pool.utf16(inPool + 4, units: Int(count))
    {
      return text
    }
    return dumpString(reader, at: offset)
  }

  /// Reads a DUMP_STRING straight from the file (names outside the string pool).
  static func dumpString(_ reader: ByteReader, at offset: UInt32) -> String? {
    guard offset != 0,
      let count = try? reader.read(UInt32.self, at: UInt64(offset)),
      count > 0, count <= 0x1000
    else { return nil }
    return try? reader.utf16String(at: Int(offset) + 4, units: Int(count), "DUMP_STRING")
  }
}

/// A driver unloaded before the crash (`DUMP_UNLOADED_DRIVERS32/64`).
public struct UnloadedDriver: Hashable, Sendable {
  /// The name (at most 12 characters: longer names are cut by Windows).
  public var name: String
  /// Start address of its old range.
  public var startAddress: UInt64
  /// End address (exclusive) of its old range.
  public var endAddress: UInt64

  /// Creates an entry.
  public init(name: String, startAddress: UInt64, endAddress: UInt64) {
    self.name = name
    self.startAddress = startAddress
    self.endAddress = endAddress
  }

  /// Whether `address` lies in the old range.
  public func contains(_ address: UInt64) -> Bool {
    address >= startAddress && address < endAddress
  }

  static func parseList(_ reader: ByteReader, at offset: Int, is64Bit: Bool) throws(ReadError)
    -> [UnloadedDriver]
  {
    let rawCount = try reader.read(UInt32.self, at: offset, "UnloadedDrivers.Count")
    let first = offset + (is64Bit ? 8 : 4)
    let stride = is64Bit ? 0x38 : 0x28
    let count = try checkCount(
      UInt64(rawCount), stride: stride, available: max(0, reader.count - min(first, reader.count)),
      limit: TriageDump.maxUnloadedDrivers, offset: UInt64(offset), "UnloadedDrivers.Count")
    var result: [UnloadedDriver] = []
    for index in 0..<count {
      let entry = try reader.slice(
        at: first + index * stride, count: stride, "UnloadedDrivers[\(index)]")
      let length = Int(try entry.read(UInt16.self, at: 0, "UnloadedDrivers[\(index)].Name.Length"))
      let units = min(length / 2, 12)
      let name = try entry.utf16String(
        at: is64Bit ? 0x10 : 8, units: units, "UnloadedDrivers[\(index)].DriverName")
      let start: UInt64
      let end: UInt64
      if is64Bit {
        start = try entry.read(UInt64.self, at: 0x28, "UnloadedDrivers[\(index)].StartAddress")
        end = try entry.read(UInt64.self, at: 0x30, "UnloadedDrivers[\(index)].EndAddress")
      } else {
        start = UInt64(
          try entry.read(UInt32.self, at: 0x20, "UnloadedDrivers[\(index)].StartAddress"))
        end = UInt64(try entry.read(UInt32.self, at: 0x24, "UnloadedDrivers[\(index)].EndAddress"))
      }
      result.append(UnloadedDriver(name: name, startAddress: start, endAddress: end))
    }
    return result
  }
}

/// Memory-manager facts from `DUMP_MM_STORAGE32/64` (Driver Verifier state, special pool tag).
public struct MmInformation: Hashable, Sendable {
  /// `Version` (1).
  public var version: UInt32
  /// `MmSpecialPoolTag`.
  public var specialPoolTag: UInt32
  /// `MiTriageActionTaken`.
  public var triageActionTaken: UInt32
  /// `MmVerifyDriverLevel`: Driver Verifier flags in force.
  public var verifyDriverLevel: UInt32
  /// `KernelVerifier`.
  public var kernelVerifier: UInt32

  init(parsing reader: ByteReader, at offset: Int) throws(ReadError) {
    let block = try reader.slice(at: offset, count: 0x18, "DUMP_MM_STORAGE")
    version = try block.read(UInt32.self, at: 0, "DUMP_MM_STORAGE.Version")
    specialPoolTag = try block.read(UInt32.self, at: 8, "DUMP_MM_STORAGE.MmSpecialPoolTag")
    triageActionTaken = try block.read(UInt32.self, at: 0xC, "DUMP_MM_STORAGE.MiTriageActionTaken")
    verifyDriverLevel = try block.read(UInt32.self, at: 0x10, "DUMP_MM_STORAGE.MmVerifyDriverLevel")
    kernelVerifier = try block.read(UInt32.self, at: 0x14, "DUMP_MM_STORAGE.KernelVerifier")
  }
}
