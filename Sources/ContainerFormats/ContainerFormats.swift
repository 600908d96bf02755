import BinaryReading
import Foundation

/// A kind of container, recognised by its magic bytes (never by the file name).
public enum ContainerKind: String, Sendable, Hashable, CaseIterable {
  /// gzip (`1f 8b 08`), RFC 1952, possibly several members.
  case gzip
  /// zip (`PK\x03\x04`, or `PK\x05\x06` for an empty archive).
  case zip
  /// Microsoft cabinet (`MSCF` followed by a zero reserved field).
  case cabinet

  /// Recognises the container at the start of `data`, or returns `nil`.
  public init?(signatureOf data: Data) {
    let reader = ByteReader(data)
    if reader.matches([0x1F, 0x8B, 0x08]) {
      self = .gzip
    } else if reader.matches([0x50, 0x4B, 0x03, 0x04]) || reader.matches([0x50, 0x4B, 0x05, 0x06]) {
      self = .zip
    } else if reader.matches([0x4D, 0x53, 0x43, 0x46, 0, 0, 0, 0]) {
      self = .cabinet
    } else {
      return nil
    }
  }
}

/// One file found inside a container (after nested containers were expanded).
public struct ContainerMember: Sendable {
  /// The member's full path, such as `dumps.zip!Minidump/Mini112308-01.dmp`.
  ///
  /// Containers are separated by `!`. The part after the last `!` is the name stored in the
  /// archive; it is only ever displayed, never used as a path to write to.
  public var path: String
  /// The expanded bytes, or why the member could not be expanded.
  public var content: Result<Data, ContainerError>
  /// Remarks that did not stop expansion (trailing data, unverified checksum…).
  public var notes: [ContainerNote]

  /// Creates a member.
  public init(path: String, content: Result<Data, ContainerError>, notes: [ContainerNote] = []) {
    self.path = path
    self.content = content
    self.notes = notes
  }

  /// The expanded bytes, or `nil` when expansion failed.
  public var data: Data? { try? content.get() }
}

/// A member as a format reader returns it, before nested expansion.
struct RawMember {
  var name: String
  var content: Result<Data, ContainerError>
  var notes: [ContainerNote] = []
}

/// Expansion of gzip, zip and cabinet containers into their members.
///
/// ```swift
/// let members = try ContainerFormats.expand(data, name: "dumps.zip", limits: .default)
/// for member in members { print(member.path, member.data?.count ?? 0) }
/// ```
public enum ContainerFormats {
  /// The container kind of `data`, or `nil` when it is not a container.
  public static func kind(of data: Data) -> ContainerKind? {
    ContainerKind(signatureOf: data)
  }

  /// Expands a container and, up to ``ExpansionLimits/maxDepth``, the containers inside it.
  ///
  /// A member that cannot be expanded (bad checksum, corrupt data, unsupported compression, a
  /// per-member limit) is returned with a failed ``ContainerMember/content``; the other
  /// members are still returned.
  ///
  /// - Parameters:
  ///   - data: The container's bytes.
  ///   - name: The container's display name (usually the file name); member paths start with it.
  ///   - limits: Expansion limits.
  /// - Returns: The leaf members in archive order, nested containers replaced by their members.
  /// - Throws: ``ContainerError`` when `data` is not a container, its directory is unreadable,
  ///   or a limit that covers the whole input (total size, member count) is reached.
  public static func expand(
    _ data: Data, name: String, limits: ExpansionLimits = .default
  ) throws(ContainerError) -> [ContainerMember] {
    let budget = ExpansionBudget(limits)
    return try expand(data, path: displayName(name), depth: 1, budget: budget)
  }

  static func expand(
    _ data: Data, path: String, depth: Int, budget: ExpansionBudget
  ) throws(ContainerError) -> [ContainerMember] {
    guard let kind = ContainerKind(signatureOf: data) else {
      throw ContainerError(
        .notAContainer, path: path, offset: 0, "no gzip, zip or cabinet signature")
    }
    guard depth <= budget.limits.maxDepth else {
      throw ContainerError(
        .limitExceeded, path: path,
        "containers nested more than \(budget.limits.maxDepth) deep; raise the nesting "
          + "limit with ExpansionLimits.maxDepth")
    }
    let raw: [RawMember]
    switch kind {
    case .gzip: raw = try GzipReader.members(data, path: path, budget: budget)
    case .zip: raw = try ZipReader.members(data, path: path, budget: budget)
    case .cabinet: raw = try CabinetReader.members(data, path: path, budget: budget)
    }
    var result: [ContainerMember] = []
    for member in raw {
      let memberPath = path + "!" + displayName(member.name)
      guard case .success(let bytes) = member.content, ContainerKind(signatureOf: bytes) != nil
      else {
        result.append(
          ContainerMember(path: memberPath, content: member.content, notes: member.notes))
        continue
      }
      do {
        let inner = try expand(bytes, path: memberPath, depth: depth + 1, budget: budget)
        result.append(contentsOf: inner)
      } catch {
        if budget.totalExceeded { throw error }
        result.append(
          ContainerMember(path: memberPath, content: .failure(error), notes: member.notes))
      }
    }
    return result
  }

  /// Makes a stored name safe to display: control characters become `?`, `\` becomes `/`.
  static func displayName(_ name: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in name.unicodeScalars {
      if scalar == "\\" {
        scalars.append("/")
      } else if scalar.value < 0x20 || scalar.value == 0x7F {
        scalars.append("?")
      } else {
        scalars.append(scalar)
      }
    }
    let text = String(scalars)
    return text.isEmpty ? "(unnamed)" : text
  }
}
