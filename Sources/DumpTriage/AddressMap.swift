import DumpFormats
import KernelDumpParsing
import TriageFacts

/// Maps addresses to `module+offset` with the loaded and unloaded module lists.
struct AddressMap {
  let modules: [LoadedModule]
  let unloaded: [UnloadedDriver]
  private let sorted: [Int]

  init(modules: [LoadedModule], unloaded: [UnloadedDriver] = []) {
    self.modules = modules
    self.unloaded = unloaded
    sorted = modules.indices.sorted { modules[$0].base < modules[$1].base }
  }

  /// The loaded module holding `address` (binary search; first listed wins on overlap).
  func module(containing address: UInt64) -> LoadedModule? {
    var low = 0
    var high = sorted.count
    while low < high {
      let mid = (low + high) / 2
      if modules[sorted[mid]].base <= address { low = mid + 1 } else { high = mid }
    }
    var index = low - 1
    var best: Int?
    while index >= 0 {
      let candidate = sorted[index]
      if modules[candidate].contains(address), best.map({ candidate < $0 }) ?? true {
        best = candidate
      }
      // Modules rarely nest; look back a few entries for overlapping ranges.
      if low - 1 - index >= 4 { break }
      index -= 1
    }
    return best.map { modules[$0] }
  }

  /// Locates `address`.
  func locate(_ address: UInt64) -> LocatedAddress {
    if let module = module(containing: address) {
      return LocatedAddress(
        address: address, module: module.baseName, moduleOffset: address - module.base)
    }
    if let driver = unloaded.first(where: { $0.contains(address) }) {
      return LocatedAddress(
        address: address, moduleOffset: address - driver.startAddress,
        unloadedModule: driver.name)
    }
    return LocatedAddress(address: address)
  }

  /// Whether `name` is a core kernel module (the kernel or the HAL), never blamed first.
  static func isCore(_ name: String) -> Bool {
    let lower = ModuleFact.normalizedName(name)
    return lower.hasPrefix("ntoskrnl") || lower.hasPrefix("ntkrnl") || lower.hasPrefix("ntkrpa")
      || (lower.hasPrefix("hal") && lower.hasSuffix(".dll"))
  }
}
