import BinaryReading
import Foundation

/// Reads Microsoft cabinet files (`MSCF`): stored, MSZIP and LZX folders.
///
/// Layout (Microsoft "Cabinet File Format"): a `CFHEADER`, then `cFolders` `CFFOLDER` records,
/// `cFiles` `CFFILE` records at `coffFiles`, and per folder `cCFData` `CFDATA` blocks at
/// `coffCabStart`. A folder is one compressed stream; its files are ranges of the folder's
/// expanded bytes. Cabinets that span several files (continued folders) are not supported.
enum CabinetReader {
  /// `CFFOLDER.typeCompress & 0x000F`.
  enum Compression: Equatable {
    case none
    case mszip
    case quantum
    case lzx(windowBits: Int)
    case unknown(UInt16)

    init(_ raw: UInt16) {
      switch raw & 0x000F {
      case 0: self = .none
      case 1: self = .mszip
      case 2: self = .quantum
      case 3: self = .lzx(windowBits: Int((raw >> 8) & 0x1F))
      default: self = .unknown(raw & 0x000F)
      }
    }

    var name: String {
      switch self {
      case .none: "stored"
      case .mszip: "MSZIP"
      case .quantum: "Quantum"
      case .lzx(let bits): "LZX (window 2^\(bits))"
      case .unknown(let raw): "unknown method \(raw)"
      }
    }
  }

  /// A `CFFOLDER` record.
  struct Folder {
    var dataOffset: UInt32
    var blockCount: Int
    var compression: Compression
  }

  /// A `CFFILE` record.
  struct File {
    var name: String
    var size: UInt32
    var offset: UInt32
    var folder: UInt16
  }

  /// The parsed directory of a cabinet.
  struct Directory {
    var folders: [Folder]
    var files: [File]
    var dataReserve: Int
  }

  static func members(_ data: Data, path: String, budget: ExpansionBudget) throws(ContainerError)
    -> [RawMember]
  {
    let reader = ByteReader(data)
    let directory: Directory
    do {
      directory = try readDirectory(reader, path: path, budget: budget)
    } catch let error as ContainerError {
      throw error
    } catch let error as ReadError {
      throw ContainerError(error, path: path)
    } catch {
      throw ContainerError(.corrupt, path: path, "\(error)")
    }
    // Decode each folder once, only as far as its last file needs.
    var folderOutput: [Int: Result<[UInt8], ContainerError>] = [:]
    var needed: [Int: Int] = [:]
    for file in directory.files where Int(file.folder) < directory.folders.count {
      let end = Int(file.offset) + Int(file.size)
      needed[Int(file.folder), default: 0] = max(needed[Int(file.folder), default: 0], end)
    }
    var result: [RawMember] = []
    for file in directory.files {
      let memberPath = path + "!" + ContainerFormats.displayName(file.name)
      let folderIndex = Int(file.folder)
      guard folderIndex < directory.folders.count else {
        let reason =
          file.folder >= 0xFFFD
          ? "the file continues from or into another cabinet of a set; spanning cabinets are "
            + "not supported"
          : "the file names folder \(file.folder) but the cabinet has "
            + "\(directory.folders.count)"
        let code: ContainerError.Code = file.folder >= 0xFFFD ? .unsupported : .corrupt
        result.append(
          RawMember(
            name: file.name, content: .failure(ContainerError(code, path: memberPath, reason))))
        continue
      }
      do {
        try budget.checkClaim(UInt64(file.size), path: memberPath)
      } catch {
        if budget.totalExceeded { throw error }
        result.append(RawMember(name: file.name, content: .failure(error)))
        continue
      }
      let folderResult: Result<[UInt8], ContainerError>
      if let cached = folderOutput[folderIndex] {
        folderResult = cached
      } else {
        let folder = directory.folders[folderIndex]
        do {
          let bytes = try decodeFolder(
            folder, index: folderIndex, reader: reader, dataReserve: directory.dataReserve,
            needed: needed[folderIndex, default: 0], path: path, budget: budget)
          folderResult = .success(bytes)
        } catch {
          if budget.totalExceeded { throw error }
          folderResult = .failure(error)
        }
        folderOutput[folderIndex] = folderResult
      }
      switch folderResult {
      case .failure(let error):
        var memberError = error
        memberError.path = memberPath
        memberError.message = "folder \(folderIndex): " + error.message
        result.append(RawMember(name: file.name, content: .failure(memberError)))
      case .success(let bytes):
        let start = Int(file.offset)
        let end = start + Int(file.size)
        guard end <= bytes.count else {
          result.append(
            RawMember(
              name: file.name,
              content: .failure(
                ContainerError(
                  .truncated, path: memberPath,
                  "the file needs folder bytes \(start)..<\(end) but folder \(folderIndex) "
                    + "expands to \(bytes.count)"))))
          continue
        }
        budget.commit(Int(file.size))
        result.append(RawMember(name: file.name, content: .success(Data(bytes[start..<end]))))
      }
      // Free a folder's output once its last file has been taken.
      if directory.files.last(where: { Int($0.folder) == folderIndex }).map({
        $0.offset == file.offset && $0.name == file.name
      }) == true {
        folderOutput[folderIndex] = nil
      }
    }
    return result
  }

  /// Reads `CFHEADER`, the folders and the files.
  private static func readDirectory(
    _ reader: ByteReader, path: String, budget: ExpansionBudget
  ) throws -> Directory {
    var header = reader
    try header.seek(to: 4, "CFHEADER")
    try header.skip(4, "CFHEADER.reserved1")
    let cabinetSize = try header.read(UInt32.self, "CFHEADER.cbCabinet")
    try header.skip(4, "CFHEADER.reserved2")
    let filesOffset = try header.read(UInt32.self, "CFHEADER.coffFiles")
    try header.skip(4, "CFHEADER.reserved3")
    let minor = try header.read(UInt8.self, "CFHEADER.versionMinor")
    let major = try header.read(UInt8.self, "CFHEADER.versionMajor")
    let folderCount = Int(try header.read(UInt16.self, "CFHEADER.cFolders"))
    let fileCount = Int(try header.read(UInt16.self, "CFHEADER.cFiles"))
    let flags = try header.read(UInt16.self, "CFHEADER.flags")
    try header.skip(4, "CFHEADER.setID/iCabinet")
    guard major == 1, minor == 3 else {
      throw ContainerError(
        .unsupported, path: path, offset: 24, "cabinet version \(major).\(minor) (expected 1.3)")
    }
    _ = cabinetSize
    var folderReserve = 0
    var dataReserve = 0
    if flags & 0x0004 != 0 {
      let headerReserve = Int(try header.read(UInt16.self, "CFHEADER.cbCFHeader"))
      folderReserve = Int(try header.read(UInt8.self, "CFHEADER.cbCFFolder"))
      dataReserve = Int(try header.read(UInt8.self, "CFHEADER.cbCFData"))
      try header.skip(headerReserve, "CFHEADER.abReserve")
    }
    for field in ["szCabinetPrev", "szDiskPrev"] where flags & 0x0001 != 0 {
      let (_, consumed) = try header.cString(at: header.position, maxLength: 256, field)
      try header.skip(consumed, field)
    }
    for field in ["szCabinetNext", "szDiskNext"] where flags & 0x0002 != 0 {
      let (_, consumed) = try header.cString(at: header.position, maxLength: 256, field)
      try header.skip(consumed, field)
    }
    guard fileCount <= budget.limits.maxMembers else {
      throw ContainerError(
        .limitExceeded, path: path, offset: 28,
        "the cabinet lists \(fileCount) files, over the member-count limit of "
          + "\(budget.limits.maxMembers); raise it with ExpansionLimits.maxMembers")
    }
    _ = try checkCount(
      UInt64(folderCount), stride: 8 + folderReserve, available: header.remaining,
      offset: header.fileOffset, "CFFOLDER")
    var folders: [Folder] = []
    folders.reserveCapacity(folderCount)
    for index in 0..<folderCount {
      let context = "CFFOLDER[\(index)]"
      let offset = try header.read(UInt32.self, context + ".coffCabStart")
      let blocks = Int(try header.read(UInt16.self, context + ".cCFData"))
      let type = try header.read(UInt16.self, context + ".typeCompress")
      try header.skip(folderReserve, context + ".abReserve")
      folders.append(Folder(dataOffset: offset, blockCount: blocks, compression: Compression(type)))
    }
    var fileReader = try reader.slice(from: Int(filesOffset), "CFFILE")
    _ = try checkCount(
      UInt64(fileCount), stride: 17, available: fileReader.remaining,
      offset: fileReader.fileOffset, "CFFILE")
    var files: [File] = []
    files.reserveCapacity(fileCount)
    for index in 0..<fileCount {
      let context = "CFFILE[\(index)]"
      let size = try fileReader.read(UInt32.self, context + ".cbFile")
      let offset = try fileReader.read(UInt32.self, context + ".uoffFolderStart")
      let folder = try fileReader.read(UInt16.self, context + ".iFolder")
      try fileReader.skip(6, context + ".date/time/attribs")
      let (name, consumed) = try fileReader.cString(
        at: fileReader.position, maxLength: 1024, context + ".szName")
      try fileReader.skip(consumed, context + ".szName")
      files.append(File(name: name, size: size, offset: offset, folder: folder))
    }
    return Directory(folders: folders, files: files, dataReserve: dataReserve)
  }

  /// Reads a folder's CFDATA blocks, verifies their checksums, and expands them.
  private static func decodeFolder(
    _ folder: Folder, index: Int, reader: ByteReader, dataReserve: Int, needed: Int,
    path: String, budget: ExpansionBudget
  ) throws(ContainerError) -> [UInt8] {
    var blocks: [(payload: [UInt8], size: Int)] = []
    var offset = Int(folder.dataOffset)
    var claimed = 0
    var compressedTotal = 0
    do {
      _ = try checkCount(
        UInt64(folder.blockCount), stride: 8 + dataReserve,
        available: max(0, reader.count - offset), offset: UInt64(offset),
        "CFFOLDER[\(index)].cCFData")
      for block in 0..<folder.blockCount {
        let context = "folder \(index) CFDATA[\(block)]"
        let checksum = try reader.read(UInt32.self, at: offset, context + ".csum")
        let compressedSize = Int(try reader.read(UInt16.self, at: offset + 4, context + ".cbData"))
        let size = Int(try reader.read(UInt16.self, at: offset + 6, context + ".cbUncomp"))
        let payloadStart = offset + 8 + dataReserve
        let payload = try reader.byteArray(at: payloadStart, count: compressedSize, context + ".ab")
        if checksum != 0 {
          let sizes = try reader.byteArray(at: offset + 4, count: 4, context)
          let computed = cabinetChecksum(sizes, seed: cabinetChecksum(payload, seed: 0))
          guard computed == checksum else {
            throw ContainerError(
              .checksumMismatch, path: path, offset: UInt64(offset),
              "\(context) checksum is 0x\(String(checksum, radix: 16)), data gives "
                + "0x\(String(computed, radix: 16))")
          }
        }
        guard size > 0 || block == folder.blockCount - 1 else {
          throw ContainerError(
            .unsupported, path: path, offset: UInt64(offset + 6),
            "\(context) continues in the next cabinet of a set; spanning cabinets are not "
              + "supported")
        }
        blocks.append((payload, size))
        claimed += size
        compressedTotal += compressedSize
        offset = payloadStart + compressedSize
        if claimed >= needed { break }
      }
    } catch let error as ContainerError {
      throw error
    } catch let error as ReadError {
      throw ContainerError(error, path: path)
    } catch {
      throw ContainerError(.corrupt, path: path, "\(error)")
    }
    switch folder.compression {
    case .none:
      var output: [UInt8] = []
      output.reserveCapacity(claimed)
      for (number, block) in blocks.enumerated() {
        guard block.payload.count == block.size else {
          throw ContainerError(
            .corrupt, path: path,
            "stored CFDATA[\(number)] has \(block.payload.count) bytes but claims \(block.size)")
        }
        output.append(contentsOf: block.payload)
      }
      return output
    case .mszip:
      return try decodeMSZIP(blocks, path: path, budget: budget)
    case .lzx(let windowBits):
      var input: [UInt8] = []
      input.reserveCapacity(compressedTotal)
      for block in blocks { input.append(contentsOf: block.payload) }
      do {
        var decoder = try LZXDecoder(windowBits: windowBits, input: input)
        return try decoder.decode(outputSize: claimed) { (produced: Int) throws(ContainerError) in
          try budget.checkProgress(
            produced: UInt64(produced), compressed: UInt64(compressedTotal), path: path,
            perMember: false)
        }
      } catch let error as LZXError {
        throw ContainerError(.corrupt, path: path, error.description)
      } catch let error as ContainerError {
        var located = error
        if located.path.isEmpty {
          located.path = path
          located.message = "LZX data: " + error.message
          located.offset = nil
        }
        throw located
      } catch {
        throw ContainerError(.corrupt, path: path, "\(error)")
      }
    case .quantum:
      throw ContainerError(
        .unsupported, path: path,
        "folder \(index) uses Quantum compression, which is not supported (unsupported "
          + "compression); extract it with cabextract and triage the extracted file")
    case .unknown:
      throw ContainerError(
        .unsupported, path: path,
        "folder \(index) uses \(folder.compression.name) (unsupported compression)")
    }
  }

  /// Expands MSZIP blocks: each is `CK` then a raw deflate stream whose window continues from
  /// the previous block's output.
  private static func decodeMSZIP(
    _ blocks: [(payload: [UInt8], size: Int)], path: String, budget: ExpansionBudget
  ) throws(ContainerError) -> [UInt8] {
    let inflater = try Inflater(path: path)
    var output: [UInt8] = []
    output.reserveCapacity(blocks.reduce(0) { $0 + $1.size })
    var compressedSoFar: UInt64 = 0
    for (number, block) in blocks.enumerated() {
      let payload = block.payload
      guard payload.count >= 2, payload[0] == 0x43, payload[1] == 0x4B else {
        throw ContainerError(
          .corrupt, path: path, "MSZIP CFDATA[\(number)] does not start with the CK signature")
      }
      inflater.reset()
      try inflater.setDictionary(output, path: path)
      let before = output.count
      let progress = try inflater.inflate(
        payload[2...], into: &output, budget: budget, compressedBase: compressedSoFar,
        outputLimit: before + block.size, perMember: false, path: path)
      guard progress.ended, output.count - before == block.size else {
        throw ContainerError(
          .corrupt, path: path,
          "MSZIP CFDATA[\(number)] expands to \(output.count - before) bytes, claims "
            + "\(block.size)")
      }
      compressedSoFar += UInt64(payload.count)
    }
    return output
  }

  /// The CFDATA checksum: XOR of little-endian 32-bit words; a 1–3 byte tail is folded in
  /// most significant byte first.
  static func cabinetChecksum(_ bytes: [UInt8], seed: UInt32) -> UInt32 {
    var sum = seed
    var index = 0
    let end = bytes.count
    while end - index >= 4 {
      sum ^=
        UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
        | UInt32(bytes[index + 3]) << 24
      index += 4
    }
    var tail: UInt32 = 0
    while index < end {
      tail = tail << 8 | UInt32(bytes[index])
      index += 1
    }
    return sum ^ tail
  }
}
