import TriageFacts

/// Decides whether a fix is installed, comparing versions within a servicing branch.
///
/// Microsoft services a file on GDR and LDR/QFE branches at once (`6.1.7600.16485` GDR,
/// `6.1.7600.20595` LDR). A loaded `6.1.7600.16xxx` file is compared only with the GDR fixed
/// version: comparing it with the LDR one would call every GDR file "not installed", and
/// comparing an LDR file with the GDR threshold would call it "installed" too early
/// (``FileVersion/branch``). A loaded file from a later build than any fixed version (a later
/// service pack) counts as installed; one from an earlier build as not installed.
public enum PatchCheck {
  /// The patch status of `fix` on a machine described by `facts`.
  public static func status(of fix: Fix?, facts: CrashFacts) -> PatchStatus {
    guard let fix else {
      return PatchStatus(state: .noHotfix, summary: "no hotfix: rule has no fix")
    }
    let versioned = fix.files.filter { $0.version != nil }
    if versioned.isEmpty {
      if fix.hotfix == nil {
        let what =
          fix.resolution ?? (fix.workarounds.isEmpty ? "none published" : "workaround only")
        return PatchStatus(state: .noHotfix, summary: "no hotfix: \(what)")
      }
      let why = fix.versionsUnknownReason.map { ": \($0)" } ?? ""
      return PatchStatus(
        state: .fixedVersionUnknown, summary: "fixed version unknown\(why)")
    }
    let arch = facts.os?.architecture?.lowercased()
    let release = facts.os.flatMap(WindowsRelease.identify)
    let applicable = versioned.filter { file in
      (file.architectures.isEmpty || arch == nil || file.architectures.contains(arch ?? ""))
        && (file.windows.isEmpty || release == nil || file.windows.contains(release?.name ?? ""))
    }
    if applicable.isEmpty {
      return PatchStatus(
        state: .unknown, summary: "unknown: no fixed version listed for this OS and architecture")
    }
    var names: [String] = []
    for file in applicable where !names.contains(ModuleFact.normalizedName(file.name)) {
      names.append(ModuleFact.normalizedName(file.name))
    }
    var results: [PatchStatus] = []
    for name in names {
      let candidates = applicable.compactMap { $0.name.lowercased() == name ? $0.version : nil }
      guard let module = facts.module(named: name) else { continue }
      guard let loaded = module.version else {
        results.append(
          PatchStatus(state: .unknown, summary: "unknown: module version not in dump", file: name))
        continue
      }
      results.append(compare(file: name, loaded: loaded, fixed: candidates))
    }
    if results.isEmpty {
      let list = names.joined(separator: ", ")
      return PatchStatus(state: .unknown, summary: "unknown: \(list) not loaded in the dump")
    }
    if let bad = results.first(where: { $0.state == .notInstalled }) { return bad }
    if let unknown = results.first(where: { $0.state == .unknown }) { return unknown }
    return results[0]
  }

  /// Compares one loaded version with the fixed versions of its file.
  public static func compare(file: String, loaded: FileVersion, fixed: [FileVersion])
    -> PatchStatus
  {
    let sameBranch = fixed.filter { $0.branch == loaded.branch }.max()
    if let threshold = sameBranch {
      if loaded >= threshold {
        return PatchStatus(
          state: .installed, summary: "installed: \(file) \(loaded) >= \(threshold)", file: file,
          loadedVersion: loaded, fixedVersion: threshold)
      }
      return PatchStatus(
        state: .notInstalled, summary: "not installed: \(file) \(loaded) < \(threshold)",
        file: file, loadedVersion: loaded, fixedVersion: threshold)
    }
    let loadedBuild = Array(loaded.parts.prefix(3))
    if let newest = fixed.max(),
      Array(newest.parts.prefix(3)).lexicographicallyPrecedes(loadedBuild)
    {
      return PatchStatus(
        state: .installed,
        summary: "installed: \(file) \(loaded) is from a later build than the fix (\(newest))",
        file: file, loadedVersion: loaded, fixedVersion: newest)
    }
    if let oldest = fixed.min(),
      loadedBuild.lexicographicallyPrecedes(Array(oldest.parts.prefix(3)))
    {
      return PatchStatus(
        state: .notInstalled, summary: "not installed: \(file) \(loaded) < \(oldest)",
        file: file, loadedVersion: loaded, fixedVersion: oldest)
    }
    let known = fixed.map(\.description).joined(separator: ", ")
    return PatchStatus(
      state: .unknown,
      summary:
        "unknown: \(file) \(loaded) is on branch \(loaded.branch); fixed versions known only for \(known)",
      file: file, loadedVersion: loaded)
  }
}
