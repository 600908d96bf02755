import DumpFormats
import PEImageParsing
import SymbolStore
import TriageFacts

/// Fills in module file versions a dump does not carry, from the images in the symbol store.
///
/// Kernel small dumps record only a driver's name, load address, size, TimeDateStamp and
/// CheckSum; "is the hotfix installed?" needs the file version. When the image with the same
/// code id (TimeDateStamp + SizeOfImage) is in the store, its version resource gives the
/// version (`versionSource` `image`) and its CompanyName the vendor. A version the dump itself
/// recorded is never replaced.
///
/// Local stores are searched for every module; a symbol server is asked only for the modules a
/// triage needs (those on the stack here; the blamed module and the files of matching fixes
/// later, in ``DumpPipeline``), so a dump listing 150 drivers does not download 150 images.
public enum ModuleVersions {
  /// `analysis` with the versions filled in, when `options` name a symbol store.
  static func completing(_ analysis: DumpAnalysis, options: TriageOptions) -> DumpAnalysis {
    guard let store = options.symbols as? SymbolStore else { return analysis }
    var result = analysis
    let onStack = Set(result.facts.frames.compactMap { $0.module.map(ModuleFact.normalizedName) })
    fill(&result.facts) { module in
      let remote = onStack.contains(ModuleFact.normalizedName(module.name))
      return store.versionInfo(for: module, remote: remote)
    }
    return result
  }

  /// Asks the symbol store (servers included) for the versions of `names` that are loaded
  /// but have none yet, a few at a time.
  ///
  /// - Parameters:
  ///   - facts: The facts whose `modules` are completed in place.
  ///   - names: Lower-case module file names.
  ///   - store: The symbol store.
  /// - Returns: The number of modules whose version came from an image.
  @discardableResult
  static func fetch(_ facts: inout CrashFacts, names: Set<String>, store: SymbolStore) -> Int {
    let wanted = facts.modules.filter { module in
      module.version == nil && names.contains(ModuleFact.normalizedName(module.name))
    }
    let loaded = wanted.compactMap(loadedModule)
    guard !loaded.isEmpty else { return 0 }
    store.prefetchImages(loaded)
    return fill(&facts) { module in
      names.contains(ModuleFact.normalizedName(module.name))
        ? store.versionInfo(for: module, remote: true) : nil
    }
  }

  /// How many modules got a version from the store.
  ///
  /// - Parameters:
  ///   - facts: The facts whose `modules` are completed in place.
  ///   - images: Where images come from (the symbol store).
  /// - Returns: The number of modules whose version came from an image.
  @discardableResult
  public static func fill(_ facts: inout CrashFacts, images: SymbolStore) -> Int {
    fill(&facts) { images.versionInfo(for: $0) }
  }

  /// How many modules got a version from `versionInfo`.
  ///
  /// - Parameters:
  ///   - facts: The facts whose `modules` are completed in place.
  ///   - versionInfo: The version resource of a module's image, when the image is known.
  /// - Returns: The number of modules whose version came from an image.
  @discardableResult
  public static func fill(
    _ facts: inout CrashFacts, versionInfo: (LoadedModule) -> PEVersionInfo?
  ) -> Int {
    var filled = 0
    for index in facts.modules.indices {
      var module = facts.modules[index]
      if module.version != nil {
        if module.versionSource == nil { module.versionSource = "dump" }
        facts.modules[index] = module
        continue
      }
      guard let loaded = loadedModule(module), let info = versionInfo(loaded),
        let version = fileVersion(info)
      else { continue }
      module.version = version
      module.versionSource = "image"
      if module.vendor == nil, let company = info.companyName, !company.isEmpty {
        module.vendor = company
      }
      facts.modules[index] = module
      filled += 1
    }
    return filled
  }

  /// The store's view of a module: name, range and code id (`nil` without a usable code id).
  static func loadedModule(_ module: ModuleFact) -> LoadedModule? {
    guard let stamp = module.timeDateStamp, stamp != 0 || module.size != 0 else { return nil }
    return LoadedModule(
      name: module.name, base: module.base, size: module.size, timeDateStamp: stamp,
      checksum: module.checksum ?? 0)
  }

  /// The fixed FileVersion of a version resource (four 16-bit parts), when it has one.
  static func fileVersion(_ info: PEVersionInfo) -> FileVersion? {
    let parts = info.fileVersion
    guard parts.count == 4, parts.contains(where: { $0 != 0 }) else { return nil }
    return FileVersion(UInt32(parts[0]), UInt32(parts[1]), UInt32(parts[2]), UInt32(parts[3]))
  }
}
