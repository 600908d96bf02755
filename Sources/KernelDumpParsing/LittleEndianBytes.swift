import BinaryReading

/// Checked little-endian reads from a byte array (one table read out of the file at once).
///
/// Reading a whole table with one ``ByteReader`` call and decoding it here is much faster than
/// one reader call per field; every read is still bounds-checked and returns `nil` past the end.
struct LittleEndianBytes {
  let bytes: [UInt8]

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  func u16(_ offset: Int) -> UInt16? {
    guard offset >= 0, offset <= bytes.count - 2 else { return nil }
    return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
  }

  func u32(_ offset: Int) -> UInt32? {
    guard offset >= 0, offset <= bytes.count - 4 else { return nil }
    let b0 = UInt32(bytes[offset])
    let b1 = UInt32(bytes[offset + 1]) << 8
    let b2 = UInt32(bytes[offset + 2]) << 16
    let b3 = UInt32(bytes[offset + 3]) << 24
    return b0 | b1 | b2 | b3
  }

  func u64(_ offset: Int) -> UInt64? {
    guard offset >= 0, offset <= bytes.count - 8 else { return nil }
    guard let low = u32(offset), let high = u32(offset + 4) else { return nil }
    return UInt64(low) | UInt64(high) << 32
  }

  /// UTF-16LE text of `units` code units at `offset`, stopping at a NUL.
  func utf16(_ offset: Int, units: Int) -> String? {
    guard offset >= 0, units >= 0, units <= (bytes.count - offset) / 2 else { return nil }
    var codeUnits: [UInt16] = []
    codeUnits.reserveCapacity(units)
    var position = offset
    for _ in 0..<units {
      let unit = UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
      if unit == 0 { break }
      codeUnits.append(unit)
      position += 2
    }
    return String(decoding: codeUnits, as: UTF16.self)
  }
}

/// Sorts indices `0..<keys.count` by key (ties keep index order), without generic closures.
///
/// A bottom-up merge sort: stable and O(n log n) on any input.
func sortedIndices(by keys: [UInt64]) -> [Int] {
  var order = Array(0..<keys.count)
  var buffer = order
  var width = 1
  while width < order.count {
    var start = 0
    while start < order.count {
      let middle = min(start + width, order.count)
      let end = min(start + 2 * width, order.count)
      var left = start
      var right = middle
      var out = start
      while left < middle, right < end {
        if keys[order[right]] < keys[order[left]] {
          buffer[out] = order[right]
          right += 1
        } else {
          buffer[out] = order[left]
          left += 1
        }
        out += 1
      }
      while left < middle {
        buffer[out] = order[left]
        left += 1
        out += 1
      }
      while right < end {
        buffer[out] = order[right]
        right += 1
        out += 1
      }
      start = end
    }
    swap(&order, &buffer)
    width *= 2
  }
  return order
}
