import BinaryReading
import BreakpadSymbols
import DumpFormats
import Foundation
import PDBSymbols
import PEImageParsing

/// Finds images, PDBs and Breakpad `.sym` files for loaded modules along a ``SymbolPath``, and
/// caches what it opened for the rest of the run.
///
/// Lookups per module: the image by code id (`name/TIMESTAMP+SIZEOFIMAGE/name`); the PDB id
/// from the module (minidumps) or else from the image's RSDS record (kernel small dumps carry
/// none); then the PDB (`name.pdb/GUIDAGE/name.pdb`, verified on GUID and DBI age), the
/// Breakpad file (`debug_file/DEBUG_ID/name.sym`, verified on its MODULE id), and the image's
/// exports as the last resort. Every candidate is verified before use.
public final class SymbolStore: SymbolResolver, @unchecked Sendable {
  /// The search path.
  public let path: SymbolPath
  /// Decodes a `name.xx_` cabinet into the single file it holds (the container code).
  public let decompressor: (@Sendable (Data) throws -> Data)?
  /// Fetches files from HTTP(S) upstreams, when configured.
  public let remote: (any RemoteSymbolSource)?

  private let lock = NSLock()
  private var images: [String: (image: PEImage, path: String)?] = [:]
  private var pdbs: [String: (file: PDBFile, path: String)?] = [:]
  private var syms: [String: (file: BreakpadSymbolFile, path: String)?] = [:]
  private var lookups: [String: SymbolLookup] = [:]
  private var resolved: [String: (any ModuleSymbols)?] = [:]
  /// Image keys looked up locally only and not found (a later remote lookup may still find them).
  private var localImageMisses: Set<String> = []

  /// Creates a store over `path`.
  ///
  /// - Parameters:
  ///   - path: Where to look.
  ///   - decompressor: The decoder for `_`-compressed files (default: the cabinet reader of
  ///     `ContainerFormats`; `nil`: such files are skipped).
  ///   - remote: The HTTP(S) client for `srv*…*https://…` elements (`nil`: offline).
  public init(
    path: SymbolPath,
    decompressor: (@Sendable (Data) throws -> Data)? = SymbolStore.decodeCabinet,
    remote: (any RemoteSymbolSource)? = nil
  ) {
    self.path = path
    self.decompressor = decompressor
    self.remote = remote
  }

  /// The symbol-store key of an image: `%08X` TimeDateStamp + `%x` SizeOfImage.
  public static func imageKey(timeDateStamp: UInt32, sizeOfImage: UInt32) -> String {
    let stamp = String(timeDateStamp, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 8 - stamp.count)) + stamp
      + String(sizeOfImage, radix: 16)
  }

  /// The file name without directories (`\` or `/`).
  static func baseName(_ name: String) -> String {
    name.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last.map(String.init) ?? name
  }

  // MARK: Finding files

  /// The image `name` with the given code id, opened and verified.
  ///
  /// - Parameters:
  ///   - name: The module's file name (directories are ignored).
  ///   - timeDateStamp: The image's TimeDateStamp.
  ///   - sizeOfImage: The image's SizeOfImage.
  ///   - remote: Whether a symbol server may be asked when no local store has it (`false`
  ///     for images a triage does not need, such as versions of drivers off the stack).
  /// - Returns: The image and its path, or `nil` when no store has it.
  public func findImage(
    name: String, timeDateStamp: UInt32, sizeOfImage: UInt32, remote: Bool = true
  ) -> (image: PEImage, path: String)? {
    let file = Self.baseName(name)
    let key = Self.imageKey(timeDateStamp: timeDateStamp, sizeOfImage: sizeOfImage)
    let cacheKey = file.lowercased() + "/" + key.uppercased()
    let known = lock.withLock { () -> (PEImage, String)?? in
      if let cached = images[cacheKey] { return .some(cached) }
      return !remote && localImageMisses.contains(cacheKey) ? .some(nil) : nil
    }
    if let known { return known }
    let found = locate(file: file, key: key, remote: remote) { path -> PEImage? in
      guard let image = try? PEImage.open(path: path), image.timeDateStamp == timeDateStamp,
        image.sizeOfImage == sizeOfImage
      else { return nil }
      return image
    }
    lock.withLock {
      if found == nil, !remote, self.remote != nil {
        localImageMisses.insert(cacheKey)
      } else {
        images[cacheKey] = .some(found.map { ($0.value, $0.path) })
      }
    }
    return found.map { ($0.value, $0.path) }
  }

  /// The PDB `name` with debug id `debugID` (GUID + age), opened and verified.
  public func findPDB(name: String, debugID: String) -> (file: PDBFile, path: String)? {
    let file = Self.baseName(name)
    let cacheKey = file.lowercased() + "/" + debugID.uppercased()
    if let cached = lock.withLock({ pdbs[cacheKey] }) { return cached }
    let found = locate(file: file, key: debugID) { path -> PDBFile? in
      guard let pdb = try? PDBFile.open(path: path),
        pdb.debugID.caseInsensitiveCompare(debugID) == .orderedSame
      else { return nil }
      return pdb
    }
    lock.withLock { pdbs[cacheKey] = .some(found.map { ($0.value, $0.path) }) }
    return found.map { ($0.value, $0.path) }
  }

  /// The Breakpad `.sym` for `debugFile` / `debugID`, opened and verified on its MODULE id.
  public func findBreakpad(debugFile: String, debugID: String) -> (
    file: BreakpadSymbolFile, path: String
  )? {
    let file = Self.baseName(debugFile)
    let cacheKey = file.lowercased() + "/" + debugID.uppercased()
    if let cached = lock.withLock({ syms[cacheKey] }) { return cached }
    let found = locate(file: file, key: debugID, leaf: Self.breakpadLeaf(debugFile: file)) {
      path -> BreakpadSymbolFile? in
      guard let sym = try? BreakpadSymbolFile.open(path: path),
        sym.module.map({ $0.id.caseInsensitiveCompare(debugID) == .orderedSame }) ?? true
      else { return nil }
      return sym
    }
    lock.withLock { syms[cacheKey] = .some(found.map { ($0.value, $0.path) }) }
    return found.map { ($0.value, $0.path) }
  }

  /// `test_app.pdb` → `test_app.sym`; other names get `.sym` appended.
  static func breakpadLeaf(debugFile: String) -> String {
    debugFile.lowercased().hasSuffix(".pdb")
      ? String(debugFile.dropLast(4)) + ".sym" : debugFile + ".sym"
  }

  /// Searches every chain for `<dir>/<file>/<key>/<leaf>` (and the flat `<dir>/<leaf>` for
  /// plain directories), returning the first candidate `open` accepts.
  func locate<T>(
    file: String, key: String, leaf: String? = nil, remote useRemote: Bool = true,
    open: (String) -> T?
  ) -> (value: T, path: String)? {
    let leafName = leaf ?? file
    for chain in path.chains {
      for (position, directory) in chain.searchDirectories.enumerated() {
        for candidate in StoreLayout.candidates(in: directory, file: file, key: key, leaf: leafName)
        {
          if let value = openCandidate(candidate, leaf: leafName, open: open) {
            // Least recently used first when a cache is trimmed: a hit counts as a use.
            if !chain.isPlain { StoreLayout.touch(candidate.path) }
            // SymSrv cascade: a hit further up a `srv*a*b*c` chain is copied into the stores
            // to its left, so the next lookup stops at the first one.
            if !chain.isPlain, position > 0 {
              copyDownstream(
                candidate.path, into: Array(chain.searchDirectories.prefix(position)), file: file,
                key: key, leaf: leafName)
            }
            return (value, candidate.path)
          }
        }
        if chain.isPlain, chain.local.contains(directory) {
          let flat = directory + "/" + leafName
          if FileManager.default.fileExists(atPath: flat), let value = open(flat) {
            return (value, flat)
          }
        }
      }
      if useRemote, let url = chain.url, let remote {
        let target = chain.writeDirectories.first ?? path.defaultCache
        if let downloaded = remote.fetch(
          server: url, file: file, key: key, leaf: leafName, into: target,
          decompressor: decompressor, verify: { open($0) != nil }),
          let value = open(downloaded)
        {
          return (value, downloaded)
        }
      }
    }
    return nil
  }

  /// Copies a verified file into `<store>/<file>/<key>/<leaf>` of each downstream store.
  func copyDownstream(
    _ path: String, into stores: [String], file: String, key: String, leaf: String
  ) {
    let source = candidateData(path)
    guard let source else { return }
    for store in stores {
      let target = "\(store)/\(file)/\(key)/\(leaf)"
      if !FileManager.default.fileExists(atPath: target) {
        StoreLayout.writeAtomically(source, to: target)
      }
    }
  }

  /// The bytes of a located entry (following `file.ptr`; compressed entries were already
  /// decoded beside themselves, so only plain files are copied).
  private func candidateData(_ path: String) -> Data? {
    if (path as NSString).lastPathComponent == "file.ptr" {
      return StoreLayout.readPointer(path).flatMap { FileManager.default.contents(atPath: $0) }
    }
    return FileManager.default.contents(atPath: path)
  }

  /// Opens a located store entry: the file itself, a `file.ptr` redirect, or a compressed
  /// `name.xx_` cabinet (decompressed beside it).
  func openCandidate<T>(_ candidate: StoreLayout.Candidate, leaf: String, open: (String) -> T?)
    -> T?
  {
    switch candidate.kind {
    case .file:
      return open(candidate.path)
    case .pointer:
      guard let target = StoreLayout.readPointer(candidate.path) else { return nil }
      return FileManager.default.fileExists(atPath: target) ? open(target) : nil
    case .compressed:
      guard let decompressor,
        let data = try? Data(contentsOf: URL(fileURLWithPath: candidate.path)),
        let plain = try? decompressor(data)
      else { return nil }
      let target = (candidate.path as NSString).deletingLastPathComponent + "/" + leaf
      guard StoreLayout.writeAtomically(plain, to: target) else { return nil }
      return open(target)
    }
  }

  // MARK: Per-module resolution

  /// A stable identity for per-run caching.
  static func identity(_ module: LoadedModule) -> String {
    "\(baseName(module.name).lowercased())|\(module.timeDateStamp)|\(module.size)|\(module.debugFile ?? "")|\(module.debugID ?? "")"
  }

  /// The module's image from the store (verified on TimeDateStamp and SizeOfImage).
  ///
  /// - Parameters:
  ///   - module: The loaded module.
  ///   - remote: Whether a symbol server may be asked.
  /// - Returns: The verified image, or `nil`.
  public func peImage(for module: LoadedModule, remote: Bool = true) -> PEImage? {
    guard module.timeDateStamp != 0 || module.size != 0,
      let size = UInt32(exactly: module.size)
    else { return nil }
    return findImage(
      name: module.name, timeDateStamp: module.timeDateStamp, sizeOfImage: size, remote: remote)?
      .image
  }

  public func image(for module: LoadedModule) -> (any ExecutableImage)? {
    peImage(for: module)
  }

  /// The version resource of the module's image, when the image is in the store (kernel small
  /// dumps carry no versions).
  ///
  /// - Parameters:
  ///   - module: The loaded module.
  ///   - remote: Whether a symbol server may be asked (only for modules the triage needs).
  /// - Returns: The version resource, or `nil` when the image or its resource is missing.
  public func versionInfo(for module: LoadedModule, remote: Bool = true) -> PEVersionInfo? {
    try? peImage(for: module, remote: remote)?.versionInfo()
  }

  public func symbols(for module: LoadedModule) -> (any ModuleSymbols)? {
    let id = Self.identity(module)
    if let cached = lock.withLock({ resolved[id] }) { return cached }
    var lookup = SymbolLookup(module: Self.baseName(module.name))
    var pdbName = module.debugFile.map(Self.baseName)
    var debugID = module.debugID
    var imageFound: (image: PEImage, path: String)?
    if let size = UInt32(exactly: module.size), module.timeDateStamp != 0 {
      imageFound = findImage(
        name: module.name, timeDateStamp: module.timeDateStamp, sizeOfImage: size)
      lookup.imagePath = imageFound?.path
    }
    if pdbName == nil || debugID == nil, let codeView = imageFound?.image.codeView {
      pdbName = codeView.pdbFileName
      debugID = codeView.debugID
    }
    lookup.debugFile = pdbName
    lookup.debugID = debugID
    var result: (any ModuleSymbols)?
    if let pdbName, let debugID {
      if let pdb = findPDB(name: pdbName, debugID: debugID) {
        result = pdb.file
        lookup.source = .pdb
        lookup.symbolPath = pdb.path
      } else if let sym = findBreakpad(debugFile: pdbName, debugID: debugID) {
        result = sym.file
        lookup.source = .breakpad
        lookup.symbolPath = sym.path
      }
    }
    if result == nil, let imageFound,
      let exports = PEExportSymbols(image: imageFound.image, source: imageFound.path)
    {
      result = exports
      lookup.source = .exports
      lookup.symbolPath = imageFound.path
    }
    let final = result
    let record = lookup
    lock.withLock {
      resolved[id] = .some(final)
      lookups[id] = record
    }
    return final
  }

  /// What was found for each module looked up so far, sorted by module name.
  public var lookupSummary: [SymbolLookup] {
    lock.withLock { Array(lookups.values) }.sorted { $0.module < $1.module }
  }
}

/// What the store found for one module (for the report: "symbols from …").
public struct SymbolLookup: Hashable, Sendable {
  /// Which kind of file supplied the names.
  public enum Source: String, Hashable, Sendable {
    /// A PDB.
    case pdb
    /// A Breakpad `.sym`.
    case breakpad
    /// The image's export table.
    case exports
    /// Nothing.
    case none
  }

  /// The module's file name.
  public var module: String
  /// The PDB / debug file name used for the lookup.
  public var debugFile: String?
  /// The debug id used for the lookup.
  public var debugID: String?
  /// The image found in the store, if any.
  public var imagePath: String?
  /// The source of names.
  public var source: Source = .none
  /// The symbol file used.
  public var symbolPath: String?

  /// Creates an empty record.
  public init(module: String) { self.module = module }
}
