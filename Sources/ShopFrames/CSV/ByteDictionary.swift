/// Interns byte strings: the builder of a dictionary-encoded string column.
///
/// Values are hashed straight from the input bytes, so a column of 500,000 country names
/// makes 38 `String`s, not 500,000. Open addressing with linear probing over a
/// power-of-two table kept at most half full; the entries' bytes live in one arena.
final class ByteDictionary {
  private let arena = ByteBuffer(capacity: 1 << 12)
  private var starts: [Int] = []
  private var lengths: [Int] = []
  private var hashes: [UInt64] = []
  /// code + 1, or 0 for an empty slot.
  private var table: [Int32]
  private var mask: Int

  init() {
    table = [Int32](repeating: 0, count: 256)
    mask = 255
  }

  var count: Int { starts.count }

  /// The code of the string `p[0..<n]`, adding it if new.
  @inline(__always)
  func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
    let h = Self.hash(p, n)
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let entry = table[slot]
      if entry == 0 { break }
      let i = Int(entry - 1)
      if hashes[i] == h, lengths[i] == n, equal(i, p, n) { return entry - 1 }
      slot = (slot + 1) & mask
    }
    let code = Int32(starts.count)
    starts.append(arena.count)
    lengths.append(n)
    hashes.append(h)
    arena.append(UnsafeRawBufferPointer(start: p, count: n))
    table[slot] = code + 1
    if starts.count * 2 > table.count { grow() }
    return code
  }

  private func equal(_ i: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let q = arena.base + starts[i]
    for k in 0..<n where q[k] != p[k] { return false }
    return true
  }

  private func grow() {
    let size = table.count * 2
    var newTable = [Int32](repeating: 0, count: size)
    let newMask = size - 1
    for i in 0..<hashes.count {
      var slot = Int(truncatingIfNeeded: hashes[i]) & newMask
      while newTable[slot] != 0 { slot = (slot + 1) & newMask }
      newTable[slot] = Int32(i + 1)
    }
    table = newTable
    mask = newMask
  }

  /// The entries as strings, in code order. The bytes are valid UTF-8 (the loader
  /// re-encodes other files first), so decoding never substitutes.
  func strings() -> [String] {
    (0..<starts.count).map { i in
      String(decoding: UnsafeBufferPointer(start: arena.base + starts[i], count: lengths[i]),
             as: UTF8.self)
    }
  }

  /// A fast 64-bit hash: eight bytes at a time, then a finaliser (the murmur3 fmix64)
  /// that spreads every input bit over the low bits the table uses.
  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ w) &* 0x0000_0100_0000_01B3
      h ^= h >> 29
      i += 8
    }
    if i < n {
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while i < n {
        tail |= UInt64(p[i]) << shift
        shift += 8
        i += 1
      }
      h = (h ^ tail) &* 0x0000_0100_0000_01B3
    }
    h ^= h >> 33
    h &*= 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h &*= 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
  }
}
