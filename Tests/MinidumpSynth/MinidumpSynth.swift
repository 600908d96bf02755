/// An independent writer of synthetic user-mode minidumps (MDMP) for tests.
///
/// Every field is written by hand from the SDK layouts (minidumpapiset.h, winnt.h); nothing
/// here imports the parser or DumpFormats, so the writer is an independent oracle. Pieces of
/// the file are "blobs" made of ``Field`` values; a blob's file offset and size are referred to
/// by ``Label`` and patched when ``finish()`` lays the file out.
///
/// ```swift
/// var synth = SynthMinidump()
/// let context = synth.blob(SynthContext.amd64(["rip": 0x7ff6_0000_1234, "rsp": 0x1000]))
/// synth.addModule(base: 0x7ff6_0000_0000, size: 0x4000, name: "crash.exe")
/// synth.setException(threadID: 7, code: 0xC000_0005, address: 0x7ff6_0000_1234, context: context)
/// let bytes = synth.finish()
/// ```
public struct SynthMinidump: Sendable {
  /// A reference to a blob; its offset and size are known only at ``finish()``.
  public struct Label: Hashable, Sendable {
    fileprivate let id: Int
  }

  /// One field of a blob.
  public enum Field: Sendable {
    case u8(UInt8)
    case u16(UInt16)
    case u32(UInt32)
    case u64(UInt64)
    case bytes([UInt8])
    case zeros(Int)
    /// The u32 file offset of a label.
    case rva(Label)
    /// The u32 byte size of a label's blob.
    case size(Label)
    /// The u64 file offset of a label.
    case rva64(Label)
    /// A MINIDUMP_LOCATION_DESCRIPTOR {u32 size, u32 rva} for a label.
    case location(Label)

    var byteCount: Int {
      switch self {
      case .u8: 1
      case .u16: 2
      case .u32, .rva, .size: 4
      case .u64, .rva64, .location: 8
      case .bytes(let bytes): bytes.count
      case .zeros(let count): count
      }
    }
  }

  private struct Blob: Sendable {
    var fields: [Field]
    var align: Int
  }

  private struct DirectoryEntry: Sendable {
    var type: UInt32
    var location: Label?
    var rawSize: UInt32
    var rawRVA: UInt32
  }

  private var blobs: [Blob] = []
  private var directory: [DirectoryEntry] = []

  /// `MINIDUMP_HEADER.Version` (low 16 bits must be 0xA793 for a valid dump).
  public var version: UInt32 = 0xA0AB_A793
  /// `MINIDUMP_HEADER.Flags`.
  public var flags: UInt64 = 0
  /// `MINIDUMP_HEADER.TimeDateStamp`.
  public var timeDateStamp: UInt32 = 0x5F00_0000
  /// Replaces `NumberOfStreams` (for corrupt-header tests).
  public var streamCountOverride: UInt32?
  /// Replaces `StreamDirectoryRva` (for corrupt-header tests).
  public var directoryRVAOverride: UInt32?
  /// Padding directory entries (type 0) appended, as Windows writers do.
  public var unusedDirectoryEntries = 0
  /// Write 4 bytes of padding after the thread, module and memory list counts.
  public var listCountPadding = false

  private var threads: [[Field]] = []
  private var modules: [[Field]] = []
  private var memoryRanges: [(start: UInt64, data: Label)] = []
  private var memory64: [(start: UInt64, bytes: [UInt8])] = []

  /// Creates an empty writer.
  public init() {}

  // MARK: Blobs and streams

  /// Adds a blob and returns its label.
  @discardableResult
  public mutating func blob(_ fields: [Field], align: Int = 4) -> Label {
    blobs.append(Blob(fields: fields, align: max(1, align)))
    return Label(id: blobs.count - 1)
  }

  /// Adds raw bytes as a blob.
  @discardableResult
  public mutating func blob(bytes: [UInt8], align: Int = 1) -> Label {
    blob([.bytes(bytes)], align: align)
  }

  /// Adds a stream: a blob plus a directory entry pointing at it.
  @discardableResult
  public mutating func stream(type: UInt32, _ fields: [Field]) -> Label {
    let label = blob(fields)
    directory.append(DirectoryEntry(type: type, location: label, rawSize: 0, rawRVA: 0))
    return label
  }

  /// Adds a directory entry with literal size and offset (for out-of-range tests).
  public mutating func rawDirectoryEntry(type: UInt32, rva: UInt32, size: UInt32) {
    directory.append(DirectoryEntry(type: type, location: nil, rawSize: size, rawRVA: rva))
  }

  /// Adds a MINIDUMP_STRING (u32 byte length, UTF-16LE, NUL).
  public mutating func string(_ text: String) -> Label {
    let units = Array(text.utf16)
    var bytes: [UInt8] = []
    for unit in units + [0] {
      bytes.append(UInt8(unit & 0xFF))
      bytes.append(UInt8(unit >> 8))
    }
    return blob([.u32(UInt32(units.count * 2)), .bytes(bytes)])
  }

  // MARK: Typed helpers (emitted as streams at finish)

  /// Adds a thread to the ThreadList.
  public mutating func addThread(
    id: UInt32, stackStart: UInt64 = 0, stack: [UInt8] = [], context: Label? = nil,
    teb: UInt64 = 0, priority: UInt32 = 0
  ) {
    let stackLabel = blob(bytes: stack, align: 4)
    var fields: [Field] = [
      .u32(id), .u32(0), .u32(0x20), .u32(priority), .u64(teb), .u64(stackStart),
      .size(stackLabel), .rva(stackLabel),
    ]
    if let context { fields.append(.location(context)) } else { fields.append(.zeros(8)) }
    threads.append(fields)
    if !stack.isEmpty { memoryRanges.append((stackStart, stackLabel)) }
  }

  /// A CodeView record to attach to a module.
  public enum CodeView: Sendable {
    /// RSDS: GUID as text (`5A9832E5-2872-41C1-838E-D98914E9B7FF`), age and PDB name.
    case pdb70(guid: String, age: UInt32, pdbName: String)
    /// NB10: signature, age and PDB name.
    case pdb20(signature: UInt32, age: UInt32, pdbName: String)
    /// Literal record bytes.
    case raw([UInt8])
  }

  /// Adds a module to the ModuleList.
  public mutating func addModule(
    base: UInt64, size: UInt32, name: String, timeDateStamp: UInt32 = 0x5F00_1234,
    checksum: UInt32 = 0, fileVersion: (UInt16, UInt16, UInt16, UInt16)? = nil,
    codeView: CodeView? = nil
  ) {
    let nameLabel = string(name)
    var version: [Field] = Array(repeating: .u32(0), count: 13)
    if let v = fileVersion {
      let ms = UInt32(v.0) << 16 | UInt32(v.1)
      let ls = UInt32(v.2) << 16 | UInt32(v.3)
      version = [
        .u32(0xFEEF_04BD), .u32(0x0001_0000), .u32(ms), .u32(ls), .u32(ms), .u32(ls),
        .u32(0x3F), .u32(0), .u32(0x0004_0004), .u32(2), .u32(0), .u32(0), .u32(0),
      ]
    }
    var cv: [Field] = [.zeros(8)]
    if let codeView {
      let label = blob([.bytes(Self.codeViewBytes(codeView))], align: 1)
      cv = [.location(label)]
    }
    modules.append(
      [.u64(base), .u32(size), .u32(checksum), .u32(timeDateStamp), .rva(nameLabel)] + version
        + cv + [.zeros(8), .zeros(16)])
  }

  static func codeViewBytes(_ record: CodeView) -> [UInt8] {
    switch record {
    case .pdb70(let guid, let age, let pdbName):
      let hexDigits = guid.filter { $0 != "-" }
      var raw: [UInt8] = []
      var index = hexDigits.startIndex
      while index < hexDigits.endIndex {
        let next = hexDigits.index(index, offsetBy: 2)
        raw.append(UInt8(hexDigits[index..<next], radix: 16) ?? 0)
        index = next
      }
      // On disk: Data1 (LE u32), Data2 (LE u16), Data3 (LE u16), Data4 bytes as written.
      let data1 = Array(raw[0..<4].reversed())
      let data2 = Array(raw[4..<6].reversed())
      let data3 = Array(raw[6..<8].reversed())
      return Array("RSDS".utf8) + data1 + data2 + data3 + Array(raw[8..<16]) + le32(age)
        + Array(pdbName.utf8) + [0]
    case .pdb20(let signature, let age, let pdbName):
      return Array("NB10".utf8) + le32(0) + le32(signature) + le32(age) + Array(pdbName.utf8)
        + [0]
    case .raw(let bytes):
      return bytes
    }
  }

  /// Adds a MemoryList range.
  public mutating func addMemory(start: UInt64, bytes: [UInt8]) {
    memoryRanges.append((start, blob(bytes: bytes)))
  }

  /// Adds a Memory64List range (bytes stored contiguously at the end of the file).
  public mutating func addMemory64(start: UInt64, bytes: [UInt8]) {
    memory64.append((start, bytes))
  }

  /// Adds a SystemInfo stream.
  public mutating func setSystemInfo(
    architecture: UInt16, level: UInt16 = 6, revision: UInt16 = 0x1A05, processors: UInt8 = 4,
    productType: UInt8 = 1, major: UInt32 = 10, minor: UInt32 = 0, build: UInt32 = 19041,
    platform: UInt32 = 2, csdVersion: String = "", suiteMask: UInt16 = 0x100,
    vendor: String = "GenuineIntel"
  ) {
    let csd = string(csdVersion)
    var cpu: [UInt8] = Array(vendor.utf8.prefix(12))
    cpu += Array(repeating: 0, count: 12 - cpu.count)
    cpu += le32(0x0001_06A5) + le32(0xBFEB_FBFF) + le32(0)
    stream(
      type: 7,
      [
        .u16(architecture), .u16(level), .u16(revision), .u8(processors), .u8(productType),
        .u32(major), .u32(minor), .u32(build), .u32(platform), .rva(csd), .u16(suiteMask),
        .u16(0), .bytes(cpu),
      ])
  }

  /// Adds an exception stream.
  public mutating func setException(
    threadID: UInt32, code: UInt32, flags: UInt32 = 0, address: UInt64,
    parameters: [UInt64] = [], declaredParameterCount: UInt32? = nil, context: Label? = nil
  ) {
    var fields: [Field] = [
      .u32(threadID), .u32(0), .u32(code), .u32(flags), .u64(0), .u64(address),
      .u32(declaredParameterCount ?? UInt32(parameters.count)), .u32(0),
    ]
    for index in 0..<15 {
      fields.append(.u64(index < parameters.count ? parameters[index] : 0))
    }
    fields.append(context.map { .location($0) } ?? .zeros(8))
    stream(type: 6, fields)
  }

  // MARK: Layout

  /// Lays out the file, patches every label and returns the bytes.
  public func finish() -> [UInt8] {
    var copy = self
    copy.emitLists()
    return copy.layOut()
  }

  private mutating func emitLists() {
    let pad: [Field] = listCountPadding ? [.u32(0)] : []
    if !threads.isEmpty {
      stream(type: 3, [.u32(UInt32(threads.count))] + pad + threads.flatMap { $0 })
    }
    if !modules.isEmpty {
      stream(type: 4, [.u32(UInt32(modules.count))] + pad + modules.flatMap { $0 })
    }
    if !memoryRanges.isEmpty {
      var fields: [Field] = [.u32(UInt32(memoryRanges.count))] + pad
      for range in memoryRanges {
        fields += [.u64(range.start), .size(range.data), .rva(range.data)]
      }
      stream(type: 5, fields)
    }
    if !memory64.isEmpty {
      let data = memory64.flatMap(\.bytes)
      var fields: [Field] = [.u64(UInt64(memory64.count)), .zeros(8)]
      for range in memory64 { fields += [.u64(range.start), .u64(UInt64(range.bytes.count))] }
      let list = stream(type: 9, fields)
      let dataLabel = blob(bytes: data, align: 1)
      // Patch BaseRva: replace the placeholder with the data label's offset.
      blobs[list.id].fields[1] = .rva64(dataLabel)
    }
    for _ in 0..<unusedDirectoryEntries {
      directory.append(DirectoryEntry(type: 0, location: nil, rawSize: 0, rawRVA: 0))
    }
  }

  private func layOut() -> [UInt8] {
    let directoryStart = 32
    var offset = directoryStart + 12 * directory.count
    var offsets: [Int] = []
    var sizes: [Int] = []
    for blob in blobs {
      offset = (offset + blob.align - 1) / blob.align * blob.align
      offsets.append(offset)
      let size = blob.fields.reduce(0) { $0 + $1.byteCount }
      sizes.append(size)
      offset += size
    }
    var out: [UInt8] = Array("MDMP".utf8)
    out += le32(version)
    out += le32(streamCountOverride ?? UInt32(directory.count))
    out += le32(directoryRVAOverride ?? UInt32(directoryStart))
    out += le32(0) + le32(timeDateStamp) + le64(flags)
    for entry in directory {
      out += le32(entry.type)
      if let label = entry.location {
        out += le32(UInt32(sizes[label.id])) + le32(UInt32(offsets[label.id]))
      } else {
        out += le32(entry.rawSize) + le32(entry.rawRVA)
      }
    }
    for (index, blob) in blobs.enumerated() {
      out += Array(repeating: 0, count: offsets[index] - out.count)
      for field in blob.fields {
        switch field {
        case .u8(let v): out.append(v)
        case .u16(let v): out += [UInt8(v & 0xFF), UInt8(v >> 8)]
        case .u32(let v): out += le32(v)
        case .u64(let v): out += le64(v)
        case .bytes(let b): out += b
        case .zeros(let n): out += Array(repeating: 0, count: n)
        case .rva(let l): out += le32(UInt32(offsets[l.id]))
        case .size(let l): out += le32(UInt32(sizes[l.id]))
        case .rva64(let l): out += le64(UInt64(offsets[l.id]))
        case .location(let l): out += le32(UInt32(sizes[l.id])) + le32(UInt32(offsets[l.id]))
        }
      }
    }
    return out
  }
}

/// Little-endian bytes of a u32.
public func le32(_ value: UInt32) -> [UInt8] {
  (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

/// Little-endian bytes of a u64.
public func le64(_ value: UInt64) -> [UInt8] {
  (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

/// CONTEXT records written by hand from winnt.h offsets.
public enum SynthContext {
  /// An x64 CONTEXT (0x4D0 bytes); registers by lowercase name.
  public static func amd64(_ registers: [String: UInt64], flags: UInt32 = 0x0010_001F)
    -> [SynthMinidump.Field]
  {
    var bytes = [UInt8](repeating: 0, count: 0x4D0)
    put32(&bytes, 0x30, flags)
    let order = [
      "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
      "r13", "r14", "r15", "rip",
    ]
    for (index, name) in order.enumerated() {
      if let value = registers[name] { put64(&bytes, 0x78 + 8 * index, value) }
    }
    let segments = ["cs": 0x38, "ds": 0x3A, "es": 0x3C, "fs": 0x3E, "gs": 0x40, "ss": 0x42]
    for (name, offset) in segments {
      if let value = registers[name] {
        bytes[offset] = UInt8(truncatingIfNeeded: value)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
      }
    }
    if let value = registers["eflags"] { put32(&bytes, 0x44, UInt32(truncatingIfNeeded: value)) }
    return [.bytes(bytes)]
  }

  /// An x86 CONTEXT (0x2CC bytes).
  public static func x86(_ registers: [String: UInt32], flags: UInt32 = 0x0001_003F)
    -> [SynthMinidump.Field]
  {
    var bytes = [UInt8](repeating: 0, count: 0x2CC)
    put32(&bytes, 0, flags)
    let offsets = [
      "edi": 0x9C, "esi": 0xA0, "ebx": 0xA4, "edx": 0xA8, "ecx": 0xAC, "eax": 0xB0, "ebp": 0xB4,
      "eip": 0xB8, "cs": 0xBC, "eflags": 0xC0, "esp": 0xC4, "ss": 0xC8,
    ]
    for (name, value) in registers {
      if let offset = offsets[name] { put32(&bytes, offset, value) }
    }
    return [.bytes(bytes)]
  }

  /// An ARM64 CONTEXT (0x390 bytes).
  public static func arm64(_ registers: [String: UInt64], flags: UInt32 = 0x0040_0007)
    -> [SynthMinidump.Field]
  {
    var bytes = [UInt8](repeating: 0, count: 0x390)
    put32(&bytes, 0, flags)
    for index in 0..<29 {
      if let value = registers["x\(index)"] { put64(&bytes, 8 + 8 * index, value) }
    }
    let named = ["fp": 0xF0, "lr": 0xF8, "sp": 0x100, "pc": 0x108]
    for (name, offset) in named {
      if let value = registers[name] { put64(&bytes, offset, value) }
    }
    return [.bytes(bytes)]
  }

  private static func put32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
    for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
  }

  private static func put64(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt64) {
    for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
  }
}
