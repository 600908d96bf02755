// Module PDBSymbols: see Package.swift for its place in the layering.
// This file exists so the module builds before its first type lands; delete it then.
