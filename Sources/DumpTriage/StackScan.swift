import DumpFormats
import TriageFacts

/// The first, symbol-free stack: the context frame plus return-address candidates found by
/// scanning the raw stack for values inside loaded modules (what BlueScreenView does).
///
/// Every scanned frame has trust `scan`. The stack walker (StackUnwinding) replaces these frames
/// when it can do better.
struct StackScan {
  /// Frames: the context frame first, then scan candidates.
  var frames: [FrameFact]
  /// Modules with at least one value on the stack, in first-seen order (file names).
  var stackModules: [String]

  /// Scans `memory` from the context's stack pointer to the end of `stackRange`.
  init(
    context: CPUContext?, stackRange: Range<UInt64>?, memory: any VirtualMemory,
    addressMap: AddressMap, architecture: CPUArchitecture, maxFrames: Int
  ) {
    var frames: [FrameFact] = []
    if let ip = context?.instructionPointer {
      let location = addressMap.locate(ip)
      frames.append(
        FrameFact(
          index: 0, address: ip, module: location.module, moduleOffset: location.moduleOffset,
          trust: .context))
    }
    var modules: [String] = []
    var seen: Set<String> = []
    guard let range = stackRange else {
      self.frames = frames
      self.stackModules = modules
      return
    }
    let width = architecture.pointerSize
    var start = range.lowerBound
    if let sp = context?.stackPointer, range.contains(sp) { start = sp }
    // Align the first slot to the pointer size relative to the window start.
    let misalignment = (start - range.lowerBound) % UInt64(width)
    if misalignment != 0 {
      guard let aligned = start.checkedAdding(UInt64(width) - misalignment) else {
        self.frames = frames
        self.stackModules = modules
        return
      }
      start = aligned
    }
    var address = start
    while address < range.upperBound, range.upperBound - address >= UInt64(width) {
      defer { address += UInt64(width) }
      guard var value = memory.readPointer(at: address, size: width) else { continue }
      if architecture == .arm { value &= ~1 }
      // ARM64 pointer authentication signs return addresses in the bits above 47; a kernel
      // address (bit 55 set) is restored by setting those bits again.
      if architecture == .arm64, value >> 48 != 0xFFFF, value & (1 << 55) != 0 {
        value |= 0xFFFF_0000_0000_0000
      }
      // A value equal to a module's base points at its image header (data), not at code.
      guard let module = addressMap.module(containing: value), value != module.base else {
        continue
      }
      let name = module.baseName
      if seen.insert(name.lowercased()).inserted { modules.append(name) }
      if frames.count < maxFrames + 1 {
        frames.append(
          FrameFact(
            index: frames.count, address: value, module: name, moduleOffset: value - module.base,
            trust: .scan))
      }
    }
    self.frames = frames
    self.stackModules = modules
  }
}
