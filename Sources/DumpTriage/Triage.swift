import BinaryReading
import DumpFormats
import Foundation
import KernelDumpParsing
import MinidumpParsing

/// The triage pipeline: bytes → dump → facts → stack → verdict.
///
/// Each dump format has its own analysis file (`KernelAnalysis`); new formats add a case to
/// ``analyze(data:displayName:options:)``.
public enum Triage {
  /// Triages one dump held in memory.
  ///
  /// - Parameters:
  ///   - data: The whole file (memory-mapped is best).
  ///   - displayName: The name used in messages and reports.
  ///   - options: Pipeline options.
  /// - Returns: The facts, the symbol-free stack and the first verdict.
  /// - Throws: ``TriageError`` when the file is not a dump this tool reads, or its header is
  ///   unreadable. Damage after the header becomes notes in the result instead.
  public static func analyze(
    data: Data, displayName: String, options: TriageOptions = TriageOptions()
  ) throws(TriageError) -> DumpAnalysis {
    let reader = ByteReader(data)
    let signature = FileSignature(reader)
    switch signature {
    case .kernelDump32, .kernelDump64:
      let dump: KernelDump
      do {
        dump = try KernelDump(data: data)
      } catch {
        throw TriageError(file: displayName, error)
      }
      return ModuleVersions.completing(
        KernelAnalysis.analyze(dump, displayName: displayName, options: options), options: options)
    case .minidump:
      let dump: Minidump
      do {
        dump = try Minidump(data: data)
      } catch {
        throw TriageError(file: displayName, error)
      }
      return ModuleVersions.completing(
        MinidumpAnalysis.analyze(dump, displayName: displayName, options: options),
        options: options)
    case .legacyUserDump:
      throw TriageError(
        file: displayName, code: "unsupported",
        message:
          "legacy full user-mode dump (USERDUMP/USERDU64): this old format is not supported",
        offset: 0)
    case .gzip, .zip, .cabinet:
      throw TriageError(
        file: displayName, code: "unsupported",
        message: "\(signature): containers are not opened by this version yet", offset: 0)
    case .unknown:
      throw TriageError(
        file: displayName, code: "unrecognised",
        message: "not a crash dump: \(signature)", offset: 0)
    }
  }

  /// Triages one file (memory-mapped).
  ///
  /// - Throws: ``TriageError`` as ``analyze(data:displayName:options:)``, or with code `io`
  ///   when the file cannot be opened.
  public static func analyze(
    path: String, displayName: String? = nil, options: TriageOptions = TriageOptions()
  ) throws(TriageError) -> DumpAnalysis {
    let name = displayName ?? path
    let data: Data
    do {
      data = try MappedFile.open(path)
    } catch {
      throw TriageError(file: name, error)
    }
    return try analyze(data: data, displayName: name, options: options)
  }
}
