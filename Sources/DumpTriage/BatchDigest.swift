import Foundation
import TriageAnalysis
import TriageRules

/// The digest of everything besides the dump that decides a result.
///
/// It covers the rules and the ownership lists. It is part of the batch cache key, so editing a
/// rule re-analyses every dump.
public enum BatchDigest {
  /// `fp128:` and 32 hex digits: the content fingerprint of the rules (sorted by id, as Swift
  /// describes them) and the ownership lists.
  public static func rules(_ rules: [Rule]) -> String {
    var text = ""
    for rule in rules.sorted(by: { $0.id < $1.id }) {
      text += String(reflecting: rule) + "\n"
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
