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
public enum ModuleVersions {
  /// `analysis` with the versions filled in, when `options` name a symbol store.
  static func completing(_ analysis: DumpAnalysis, options: TriageOptions) -> DumpAnalysis {
    guard let store = options.symbols as? SymbolStore else { return analysis }
    var result = analysis
    fill(&result.facts, images: store)
    return result
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
      guard let stamp = module.timeDateStamp, stamp != 0 || module.size != 0 else { continue }
      let loaded = LoadedModule(
        name: module.name, base: module.base, size: module.size, timeDateStamp: stamp,
        checksum: module.checksum ?? 0)
      guard let info = versionInfo(loaded), let version = fileVersion(info) else { continue }
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

  /// The fixed FileVersion of a version resource (four 16-bit parts), when it has one.
  static func fileVersion(_ info: PEVersionInfo) -> FileVersion? {
    let parts = info.fileVersion
    guard parts.count == 4, parts.contains(where: { $0 != 0 }) else { return nil }
    return FileVersion(UInt32(parts[0]), UInt32(parts[1]), UInt32(parts[2]), UInt32(parts[3]))
  }
}
