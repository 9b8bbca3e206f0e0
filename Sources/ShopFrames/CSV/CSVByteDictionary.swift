/// Interns byte strings: the builder of a dictionary-encoded string column.
///
/// Values are hashed straight from the input bytes, so a column of 500,000 country names
/// makes 38 `String`s, not 500,000. Open addressing with linear probing over a
/// power-of-two table kept at most half full; the entries' bytes live in one arena.
///
/// A struct, so the loader can hold it in a local variable in its hot loop: a class's
/// stored properties would pay a dynamic exclusivity check on every lookup.
struct CSVByteDictionary {
  private struct Entry {
    var start: Int
    var length: Int
    var hash: UInt64
  }

  private var arena: [UInt8] = []
  private var entries: [Entry] = []
  /// code + 1, or 0 for an empty slot. Allocated at the first string: a file of a million
  /// numeric columns keeps a million dictionaries that never hold one.
  private var table: [Int32] = []
  private var mask = 0

  var count: Int { entries.count }

  /// The code of the string `p[0..<n]`, adding it if new.
  @inline(__always)
  mutating func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
    if table.isEmpty {
      table = [Int32](repeating: 0, count: 256)
      mask = 255
    }
    let h = Self.hash(p, n)
    var slot = Int(truncatingIfNeeded: h) & mask
    let found: Int32? = table.withUnsafeBufferPointer { table in
      entries.withUnsafeBufferPointer { entries in
        arena.withUnsafeBufferPointer { arena in
          while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            let e = entries[Int(entry - 1)]
            if e.hash == h, e.length == n, let a = arena.baseAddress,
              Self.equal(a + e.start, p, n)
            {
              return entry - 1
            }
            slot = (slot + 1) & mask
          }
        }
      }
    }
    if let found { return found }
    let code = Int32(entries.count)
    entries.append(Entry(start: arena.count, length: n, hash: h))
    arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
    table[slot] = code + 1
    if entries.count * 2 > table.count { grow() }
    return code
  }

  private mutating func grow() {
    let size = table.count * 2
    var newTable = [Int32](repeating: 0, count: size)
    let newMask = size - 1
    for (i, e) in entries.enumerated() {
      var slot = Int(truncatingIfNeeded: e.hash) & newMask
      while newTable[slot] != 0 { slot = (slot + 1) & newMask }
      newTable[slot] = Int32(i + 1)
    }
    table = newTable
    mask = newMask
  }

  /// The code in `other` of each of this dictionary's entries, in code order, adding to
  /// `other` the ones it lacks. Merging the dictionaries of a file's segments in file order
  /// this way gives every string the code a single pass over the file gives it (codes are
  /// handed out in order of first appearance).
  func codes(in other: inout CSVByteDictionary) -> [Int32] {
    guard !entries.isEmpty else { return [] }
    return arena.withUnsafeBufferPointer { bytes in
      // Every entry is a non-empty value (an empty field is null), so the arena is too.
      let a = bytes.baseAddress!
      return entries.map { e in other.code(a + e.start, e.length) }
    }
  }

  /// The entries as strings, in code order. The bytes are valid UTF-8 (the loader
  /// re-encodes other files first), so decoding never substitutes.
  func strings() -> [String] {
    arena.withUnsafeBufferPointer { bytes in
      entries.map { e in
        String(
          decoding: UnsafeBufferPointer(rebasing: bytes[e.start..<(e.start + e.length)]),
          as: UTF8.self)
      }
    }
  }

  /// Byte equality, eight bytes at a time: most values are short, where a `memcmp` call
  /// costs more than the comparison. The last partial word is compared as the 8 bytes
  /// ending at `n` (overlapping bytes already found equal), or for a value under 8 bytes
  /// as two overlapping loads (`tail`): no byte loop.
  @inline(__always)
  static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int)
    -> Bool
  {
    let x = UnsafeRawPointer(a)
    let y = UnsafeRawPointer(b)
    if n < 8 { return n == 0 || tail(a, n) == tail(b, n) }
    var i = 0
    while i &+ 8 < n {
      if x.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        != y.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      {
        return false
      }
      i &+= 8
    }
    return x.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
      == y.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
  }

  /// `p[0..<k]` (1 to 7 bytes) as a little-endian word, zero above: two overlapping loads
  /// of 4 or 2 bytes (the bytes both hold land on the same bits) instead of a byte loop,
  /// never reading outside the k bytes.
  @inline(__always)
  static func tail(_ p: UnsafePointer<UInt8>, _ k: Int) -> UInt64 {
    let raw = UnsafeRawPointer(p)
    if k >= 4 {
      let low = UInt64(raw.loadUnaligned(as: UInt32.self))
      let high = UInt64(raw.loadUnaligned(fromByteOffset: k &- 4, as: UInt32.self))
      return low | high << UInt64(8 &* (k &- 4))
    }
    if k >= 2 {
      let low = UInt64(raw.loadUnaligned(as: UInt16.self))
      let high = UInt64(raw.loadUnaligned(fromByteOffset: k &- 2, as: UInt16.self))
      return low | high << UInt64(8 &* (k &- 2))
    }
    return UInt64(p[0])
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
      h = (h ^ tail(p + i, n - i)) &* 0x0000_0100_0000_01B3
    }
    h ^= h >> 33
    h &*= 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h &*= 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
  }
}
