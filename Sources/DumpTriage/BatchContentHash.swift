import Foundation

/// SHA-256 (FIPS 180-4) of a file's bytes: the batch cache key and `content_hash` in reports.
///
/// Written here to avoid a crypto dependency (and its C build) for one hash; checked against the
/// FIPS test vectors in `BatchContentHashTests`.
enum BatchContentHash {
  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]

  /// The digest as 64 lower-case hex digits.
  static func hex(_ data: Data) -> String {
    digest(data).map { byte in
      let text = String(byte, radix: 16)
      return byte < 16 ? "0" + text : text
    }.joined()
  }

  /// The 32-byte digest.
  static func digest(_ data: Data) -> [UInt8] {
    var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
      0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
      0x5be0_cd19
    )
    let length = data.count
    // Whole blocks straight from the data, then the padded tail.
    let wholeBlocks = length / 64
    k.withUnsafeBufferPointer { constants in
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
          for block in 0..<wholeBlocks {
            compress(&h, w, constants, raw, offset: block * 64)
          }
        }
        var tail = [UInt8](data.suffix(from: data.startIndex + wholeBlocks * 64))
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = UInt64(length) &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
          tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
        tail.withUnsafeBytes { raw in
          for block in 0..<(raw.count / 64) {
            compress(&h, w, constants, raw, offset: block * 64)
          }
        }
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(32)
    for value in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
      out += [
        UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
        UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value),
      ]
    }
    return out
  }

  @inline(__always)
  private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

  /// One 64-byte block at `offset` (the caller guarantees `offset + 64 <= raw.count`).
  private static func compress(
    _ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
    _ w: UnsafeMutableBufferPointer<UInt32>, _ k: UnsafeBufferPointer<UInt32>,
    _ raw: UnsafeRawBufferPointer, offset: Int
  ) {
    for i in 0..<16 {
      w[i] = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset &+ i &* 4, as: UInt32.self))
    }
    for i in 16..<64 {
      let w15 = w[i &- 15]
      let w2 = w[i &- 2]
      let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
      let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
      w[i] = w[i &- 16] &+ s0 &+ w[i &- 7] &+ s1
    }
    var (a, b, c, d, e, f, g, hh) = h
    for i in 0..<64 {
      let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
      let ch = (e & f) ^ (~e & g)
      let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
      let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
      let maj = (a & b) ^ (a & c) ^ (b & c)
      let t2 = s0 &+ maj
      hh = g
      g = f
      f = e
      e = d &+ t1
      d = c
      c = b
      b = a
      a = t1 &+ t2
    }
    h = (
      h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh
    )
  }
}

/// A fast 128-bit fingerprint of a file's bytes (the MurmurHash3 x64-128 construction, seed 0,
/// with the length folded in), used as the batch cache key.
///
/// SHA-256 cost 17 % of a cold batch (135 MB/s in release); this runs at memory speed. It is not
/// collision-resistant against someone crafting two dumps on purpose, which a results cache of
/// one's own dumps does not need; reports keep the fingerprint as `content_hash`.
enum BatchFingerprint {
  /// 32 lower-case hex digits.
  static func hex(_ data: Data) -> String {
    let (a, b) = hash(data)
    return pad(a) + pad(b)
  }

  private static func pad(_ value: UInt64) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: 16 - text.count) + text
  }

  @inline(__always)
  private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 &- r)) }

  @inline(__always)
  private static func fmix(_ value: UInt64) -> UInt64 {
    var k = value
    k ^= k >> 33
    k = k &* 0xff51_afd7_ed55_8ccd
    k ^= k >> 33
    k = k &* 0xc4ce_b9fe_1a85_ec53
    k ^= k >> 33
    return k
  }

  static func hash(_ data: Data) -> (UInt64, UInt64) {
    let c1: UInt64 = 0x87c3_7b91_1142_53d5
    let c2: UInt64 = 0x4cf5_ad43_2745_937f
    var h1: UInt64 = 0
    var h2: UInt64 = 0
    let length = data.count
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      let blocks = length / 16
      for block in 0..<blocks {
        var k1 = UInt64(
          littleEndian: raw.loadUnaligned(fromByteOffset: block &* 16, as: UInt64.self))
        var k2 = UInt64(
          littleEndian: raw.loadUnaligned(fromByteOffset: block &* 16 &+ 8, as: UInt64.self))
        k1 = k1 &* c1
        k1 = rotl(k1, 31)
        k1 = k1 &* c2
        h1 ^= k1
        h1 = rotl(h1, 27)
        h1 = h1 &+ h2
        h1 = h1 &* 5 &+ 0x52dc_e729
        k2 = k2 &* c2
        k2 = rotl(k2, 33)
        k2 = k2 &* c1
        h2 ^= k2
        h2 = rotl(h2, 31)
        h2 = h2 &+ h1
        h2 = h2 &* 5 &+ 0x3849_5ab5
      }
      var k1: UInt64 = 0
      var k2: UInt64 = 0
      let tail = blocks &* 16
      let remaining = length &- tail
      for index in stride(from: remaining &- 1, through: 8, by: -1) {
        k2 ^= UInt64(raw[tail &+ index]) << (UInt64(index &- 8) &* 8)
      }
      if remaining > 8 {
        k2 = k2 &* c2
        k2 = rotl(k2, 33)
        k2 = k2 &* c1
        h2 ^= k2
      }
      for index in stride(from: min(remaining, 8) &- 1, through: 0, by: -1) {
        k1 ^= UInt64(raw[tail &+ index]) << (UInt64(index) &* 8)
      }
      if remaining > 0 {
        k1 = k1 &* c1
        k1 = rotl(k1, 31)
        k1 = k1 &* c2
        h1 ^= k1
      }
    }
    h1 ^= UInt64(length)
    h2 ^= UInt64(length)
    h1 = h1 &+ h2
    h2 = h2 &+ h1
    h1 = fmix(h1)
    h2 = fmix(h2)
    h1 = h1 &+ h2
    h2 = h2 &+ h1
    return (h1, h2)
  }
}
