import Foundation
import TriageAnalysis
import TriageRules

/// The digest of everything besides the dump that decides a result.
///
/// It covers the rules and the ownership lists. It is part of the batch cache key, so editing a
/// rule re-analyses every dump.
public enum BatchDigest {
  /// `fp128:` and 32 hex digits: the content fingerprint of the rules (sorted by id: each
  /// rule's file text, or as Swift describes a rule made in code) and the ownership lists.
  ///
  /// The file texts, not the parsed rules: describing 92 parsed rules took 70 ms, more than
  /// everything else a one-dump run does.
  public static func rules(_ rules: [Rule]) -> String {
    self.rules(RuleCatalog(rules: rules))
  }

  /// The digest of a catalog's rules and the ownership lists (the rules are not parsed).
  public static func rules(_ catalog: RuleCatalog) -> String {
    var text = ""
    for entry in catalog.digestEntries {
      text += entry.id + "\n" + entry.text + "\n"
    }
    text += OwnershipLists.embeddedText
    return "fp128:" + BatchFingerprint.hex(Data(text.utf8))
  }
}

/// The tool version written into reports and the batch cache key.
public enum DumpTriageVersion {
  /// `0.1.0`: bump when analysis changes results (the cache then re-analyses every dump).
  public static let current = "0.1.0"
}
