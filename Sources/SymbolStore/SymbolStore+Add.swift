import BinaryReading
import BreakpadSymbols
import Foundation
import PDBSymbols
import PEImageParsing

/// What kind of symbol-related file a path holds, and where it belongs in a store.
public struct StoreEntry: Hashable, Sendable {
  /// The kind of file.
  public enum Kind: String, Hashable, Sendable {
    /// A PE image.
    case image
    /// A PDB.
    case pdb
    /// A Breakpad `.sym`.
    case breakpad
  }

  /// The kind.
  public var kind: Kind
  /// The first path component (`netbt.sys`, `netbt.pdb`).
  public var file: String
  /// The key (code id or debug id).
  public var key: String
  /// The leaf file name (`netbt.sys`, `netbt.pdb`, `netbt.sym`).
  public var leaf: String

  /// The path relative to the store root.
  public var relativePath: String { "\(file)/\(key)/\(leaf)" }

  /// Identifies `path`: a PE image (keyed by code id), a PDB (GUID + DBI age) or a `.sym`
  /// (MODULE id, under the debug file name).
  ///
  /// - Throws: ``ReadError`` when the file is none of these or is unreadable.
  public static func identify(path: String) throws(ReadError) -> StoreEntry {
    let data = try MappedFile.open(path)
    let name = SymbolStore.baseName(path)
    if data.starts(with: [0x4D, 0x5A]) {
      let image = try PEImage(data: data)
      return StoreEntry(
        kind: .image, file: name,
        key: SymbolStore.imageKey(
          timeDateStamp: image.timeDateStamp, sizeOfImage: image.sizeOfImage),
        leaf: name)
    }
    if data.starts(with: Array("Microsoft C/C++ ".utf8)) {
      let pdb = try PDBFile(data: data)
      return StoreEntry(kind: .pdb, file: name, key: pdb.debugID, leaf: name)
    }
    let sym = try BreakpadSymbolFile(data: data, source: path)
    guard let module = sym.module else {
      throw ReadError(
        code: .invalidValue, offset: 0, context: path,
        detail: "not a PE image, PDB or Breakpad .sym file (no MODULE record)")
    }
    let debugFile = SymbolStore.baseName(module.name)
    return StoreEntry(
      kind: .breakpad, file: debugFile, key: module.id,
      leaf: SymbolStore.breakpadLeaf(debugFile: debugFile))
  }
}

extension SymbolStore {
  /// Copies `path` into `store` in SymStore (or Breakpad) layout, atomically.
  ///
  /// - Returns: The entry and the destination path.
  /// - Throws: ``ReadError`` when the file cannot be identified or written.
  @discardableResult
  public static func add(path: String, to store: String) throws(ReadError) -> (
    entry: StoreEntry, destination: String
  ) {
    let entry = try StoreEntry.identify(path: path)
    guard StoreLayout.isSafeComponent(entry.file), StoreLayout.isSafeComponent(entry.key),
      StoreLayout.isSafeComponent(entry.leaf)
    else {
      throw ReadError(
        code: .invalidValue, context: path, detail: "unsafe store path \(entry.relativePath)")
    }
    let destination = store + "/" + entry.relativePath
    let data = try MappedFile.open(path)
    guard StoreLayout.writeAtomically(Data(data), to: destination) else {
      throw ReadError(code: .io, context: destination, detail: "cannot write")
    }
    return (entry, destination)
  }
}
