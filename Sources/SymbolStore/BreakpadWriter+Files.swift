import BinaryReading
import Foundation
import PDBSymbols
import PEImageParsing

extension BreakpadWriter {
  /// Dumps a PDB or PE image file as `.sym` text, finding its counterpart when it can.
  ///
  /// For a PDB, the image is looked for beside it (same base name, `.sys`, `.dll` or `.exe`,
  /// with a matching RSDS record). For an image, the PDB is looked for beside it (the RSDS file
  /// name) and then in `store`.
  ///
  /// - Throws: ``ReadError`` when the file is neither a PDB nor a PE image, or is corrupt.
  public static func dump(path: String, store: SymbolStore? = nil) throws(ReadError) -> String {
    let data = try MappedFile.open(path)
    let directory = (path as NSString).deletingLastPathComponent
    let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    if data.starts(with: [0x4D, 0x5A]) {
      let image = try PEImage(data: data)
      var pdb: PDBFile?
      if let codeView = image.codeView {
        let beside = (directory.isEmpty ? "." : directory) + "/" + codeView.pdbFileName
        if let candidate = try? PDBFile.open(path: beside),
          candidate.debugID.caseInsensitiveCompare(codeView.debugID) == .orderedSame
        {
          pdb = candidate
        } else {
          pdb = store?.findPDB(name: codeView.pdbFileName, debugID: codeView.debugID)?.file
        }
      }
      return try write(pdb: pdb, image: image, imageName: SymbolStore.baseName(path))
    }
    let pdb = try PDBFile(data: data)
    for ext in ["sys", "dll", "exe"] {
      let candidate = (directory.isEmpty ? "." : directory) + "/" + base + "." + ext
      guard FileManager.default.fileExists(atPath: candidate),
        let image = try? PEImage.open(path: candidate),
        image.codeView?.debugID.caseInsensitiveCompare(pdb.debugID) == .orderedSame
      else { continue }
      return try write(pdb: pdb, image: image, imageName: SymbolStore.baseName(candidate))
    }
    return try write(
      pdb: pdb, image: nil, imageName: nil, pdbFileName: SymbolStore.baseName(path))
  }
}
