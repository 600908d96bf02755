import DumpFormats

/// Symbols from an image's export table, for modules without a PDB or `.sym`.
///
/// Each exported function is taken to extend to the next export; addresses past the last
/// export's section are not resolved. Names are flagged public (no sizes).
public struct PEExportSymbols: ModuleSymbols, Sendable {
  /// The export table.
  public let exports: PEExports
  /// The image's sections (to stop at the end of the export's section).
  let sections: [PESection]
  /// Where the image came from.
  public let sourceDescription: String

  /// Creates export symbols for `image`, or `nil` when it exports nothing.
  public init?(image: PEImage, source: String) {
    guard let exports = try? image.exports(),
      exports.entries.contains(where: { $0.forwarder == nil })
    else { return nil }
    self.exports = exports
    self.sections = image.sections
    self.sourceDescription = source + " (exports)"
  }

  /// The nearest export at or below `rva` in the same section.
  public func symbol(at rva: UInt32) -> ResolvedSymbol? {
    guard let entry = exports.entry(atOrBelow: rva) else { return nil }
    let section = sections.first { $0.contains(rva: rva) }
    guard let section, section.contains(rva: entry.rva) else { return nil }
    return ResolvedSymbol(
      name: entry.name ?? "Ordinal\(entry.ordinal)", rva: entry.rva, isPublic: true)
  }
}
