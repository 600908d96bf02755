import ContainerFormats
import Foundation

extension SymbolStore {
  /// Decodes a SymStore `name.xx_` file: a cabinet holding exactly one file.
  ///
  /// Expansion is limited to 4 GiB and one level (a cabinet inside is an error, not followed).
  ///
  /// - Throws: ``ContainerError`` when the data is not a cabinet, holds other than one member,
  ///   or the member cannot be expanded.
  @Sendable public static func decodeCabinet(_ data: Data) throws -> Data {
    guard ContainerFormats.kind(of: data) == .cabinet else {
      throw ContainerError(.notAContainer, path: "symbol store entry", offset: 0, "not a cabinet")
    }
    var limits = ExpansionLimits.maxExpandedSize(4 << 30)
    limits.maxDepth = 1
    limits.maxMembers = 16
    let members = try ContainerFormats.expand(data, name: "symbol store entry", limits: limits)
    guard members.count == 1, let member = members.first else {
      throw ContainerError(
        .notAContainer, path: "symbol store entry", offset: nil,
        "a compressed symbol file holds one file; this cabinet has \(members.count)")
    }
    return try member.content.get()
  }
}
