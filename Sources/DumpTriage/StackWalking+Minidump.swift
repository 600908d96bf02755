import DumpFormats
import MinidumpParsing
import StackUnwinding

/// Stack walking for user-mode minidumps: every thread, the crashing thread first and from the
/// exception context (formats.md §4.16).
enum MinidumpStacks {
  /// One walked thread.
  struct Thread {
    /// `ThreadId`.
    var id: UInt32
    /// Whether this is the crashing thread.
    var crashed: Bool
    /// The walk.
    var walk: StackWalk
  }

  /// Walks every thread that has a context; the crashing thread comes first and starts from the
  /// exception context when the dump has one.
  static func walk(
    _ dump: Minidump, symbols: any SymbolResolver = NoSymbols(),
    options: StackWalker.Options = .init()
  ) -> [Thread] {
    let crashingID = dump.crashingThreadID
    let shared = dump.memory
    var threads = dump.threads
    if let crashingID, let index = threads.firstIndex(where: { $0.id == crashingID }) {
      threads.insert(threads.remove(at: index), at: 0)
    }
    var result: [Thread] = []
    for thread in threads {
      let crashed = thread.id == crashingID
      let start = crashed ? (dump.exception?.context ?? thread.context) : thread.context
      guard let context = start else { continue }
      // The thread's own stack range first, then everything else the dump holds.
      let stack = MinidumpMemory(descriptors: [thread.stack], file: dump.file)
      let walker = StackWalker(
        memory: LayeredMemory(layers: [stack, shared]), modules: dump.modules,
        symbols: symbols, options: options)
      result.append(Thread(id: thread.id, crashed: crashed, walk: walker.walk(from: context)))
    }
    return result
  }
}

/// Memory read from several sources in order (the first that has all bytes wins).
struct LayeredMemory: VirtualMemory {
  /// The sources, most specific first.
  var layers: [any VirtualMemory]

  func bytes(at address: UInt64, count: Int) -> [UInt8]? {
    for layer in layers {
      if let bytes = layer.bytes(at: address, count: count) { return bytes }
    }
    return nil
  }
}
