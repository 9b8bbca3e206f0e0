/// Grouping on several key columns at once: one 64-bit hash per row over the columns'
/// raw keys (dictionary codes for strings, canonical bits for numbers, a tag for null),
/// then hash tables from row hash to group, one per cache-sized partition of the rows.
///
/// Folding the columns in one at a time (what `Grouping.init` did for several keys)
/// costs a hash table of (group so far, code) pairs per column, which for a full-row
/// `dedupe` of eight columns meant eight passes of random access. Here each column is
/// read once in order to mix it into the row hashes, and each row probes once. A hash
/// match is confirmed by comparing the row with its group's first row column by column,
/// so equal hashes of different rows never merge groups: the result (ids, groups in
/// order of first appearance, first rows) is exactly the fold's.
extension Grouping {
  /// - Complexity: O(rows × key columns), with one table probe per row.
  static func byRowHash(_ keys: [Column], rowCount: Int) -> (ids: [Int32], count: Int, firstRows: [Int]) {
    var hashes = [UInt64](repeating: 0x243F_6A88_85A3_08D3, count: rowCount)
    hashes.withUnsafeMutableBufferPointer { hp in
      for key in keys { mixKeys(key, into: hp) }
    }
    // The rows are split by hash into partitions of about 8,192 rows, each grouped with a
    // table small enough to stay in cache: one table for every row missed the cache on
    // nearly every probe. A counting sort keeps each partition's rows in row order.
    var bits = 0
    while bits < 10 && rowCount >> bits > 8192 { bits += 1 }
    @inline(__always) func partition(_ h: UInt64) -> Int {
      bits == 0 ? 0 : Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }
    let parts = 1 << bits
    var starts = [Int](repeating: 0, count: parts + 1)
    for h in hashes { starts[partition(h) + 1] += 1 }
    for p in 0..<parts { starts[p + 1] += starts[p] }
    var order = [Int32](repeating: 0, count: rowCount)
    var fill = starts
    for (i, h) in hashes.enumerated() {
      let p = partition(h)
      order[fill[p]] = Int32(i)
      fill[p] += 1
    }
    // Each row's group as numbered partition by partition, and each such group's first row.
    var groupOf = [Int32](repeating: 0, count: rowCount)
    var groupFirstRow: [Int32] = []
    for p in 0..<parts {
      let base = groupFirstRow.count
      var table = RowHashTable(capacity: starts[p + 1] - starts[p])
      for k in starts[p]..<starts[p + 1] {
        let i = Int(order[k])
        let next = Int32(groupFirstRow.count - base)
        let id = table.findOrInsert(hash: hashes[i], next: next) { candidate in
          sameKeys(keys, Int(groupFirstRow[base + Int(candidate)]), i)
        }
        if id == next { groupFirstRow.append(Int32(i)) }
        groupOf[i] = Int32(base) + id
      }
    }
    // Renumbered in order of first appearance: scanning the rows in order meets each
    // group first at its first row.
    var renumbered = [Int32](repeating: -1, count: groupFirstRow.count)
    var firstRows: [Int] = []
    firstRows.reserveCapacity(groupFirstRow.count)
    for i in 0..<rowCount {
      let g = Int(groupOf[i])
      if renumbered[g] < 0 {
        renumbered[g] = Int32(firstRows.count)
        firstRows.append(i)
      }
      groupOf[i] = renumbered[g]
    }
    return (groupOf, firstRows.count, firstRows)
  }

  /// Mixes one column's keys into the row hashes (FxHash's step: rotate, xor, multiply,
  /// a bijection of the key for a given hash so far). Null mixes a tag that may equal a
  /// value's key; `sameKeys` tells them apart.
  private static func mixKeys(_ column: Column, into h: UnsafeMutableBufferPointer<UInt64>) {
    @inline(__always) func mix(_ h: UInt64, _ k: UInt64) -> UInt64 {
      ((h << 5 | h >> 59) ^ k) &* 0x517C_C1B7_2722_0A95
    }
    let nullTag: UInt64 = 0x9E37_79B9_7F4A_7C15
    func mixAll<T>(_ values: [T], _ validity: Validity, _ key: (T) -> UInt64) {
      values.withUnsafeBufferPointer { vp in
        if let mask = validity.mask {
          for i in 0..<h.count { h[i] = mix(h[i], mask[i] ? key(vp[i]) : nullTag) }
        } else {
          for i in 0..<h.count { h[i] = mix(h[i], key(vp[i])) }
        }
      }
    }
    switch column.data {
    case .string(let codes, _):
      // -1 (null) is a code of its own: no tag needed.
      codes.withUnsafeBufferPointer { cp in
        for i in 0..<h.count { h[i] = mix(h[i], UInt64(UInt32(bitPattern: cp[i]))) }
      }
    case .int(let v, let m), .datetime(let v, let m): mixAll(v, m) { UInt64(bitPattern: $0) }
    case .float(let v, let m): mixAll(v, m, canonicalBits)
    case .bool(let v, let m): mixAll(v, m) { $0 ? 1 : 0 }
    }
  }

  /// Whether rows `a` and `b` hold the same key in every column: both null, or both
  /// values and equal (floats by `canonicalBits`: -0.0 is 0.0, every NaN one NaN).
  private static func sameKeys(_ keys: [Column], _ a: Int, _ b: Int) -> Bool {
    for key in keys {
      switch key.data {
      case .string(let codes, _):
        if codes[a] != codes[b] { return false }
      case .int(let v, let m), .datetime(let v, let m):
        if !sameValidity(m, a, b) || (m.isValid(a) && v[a] != v[b]) { return false }
      case .float(let v, let m):
        if !sameValidity(m, a, b) || (m.isValid(a) && canonicalBits(v[a]) != canonicalBits(v[b])) { return false }
      case .bool(let v, let m):
        if !sameValidity(m, a, b) || (m.isValid(a) && v[a] != v[b]) { return false }
      }
    }
    return true
  }

  @inline(__always) private static func sameValidity(_ m: Validity, _ a: Int, _ b: Int) -> Bool {
    m.isValid(a) == m.isValid(b)
  }
}

/// An open-addressing table from a row hash to a group id, with linear probing and a load
/// factor kept under one half. Each slot is one word: the finished hash's high 32 bits (a
/// tag) beside the id plus one (0 = empty), so a probe reads 8 bytes and rarely needs the
/// rows; a tag match is only a candidate, which the caller confirms. Each group's finished
/// hash is kept too, to place it again when the table grows.
struct RowHashTable {
  private var slots: [UInt64]
  private var groupHashes: [UInt64] = []
  private var mask: Int

  init(capacity: Int) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
  }

  /// SplitMix64's finaliser: the low bits pick the slot, the high bits are the tag.
  @inline(__always) private static func finish(_ h: UInt64) -> UInt64 {
    var h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
  }

  /// The id of the group whose key `same` confirms, or `next` after storing it (`next`
  /// must be the number of groups stored so far).
  @inline(__always) mutating func findOrInsert(
    hash: UInt64, next: Int32, same: (Int32) -> Bool
  ) -> Int32 {
    if groupHashes.count * 2 >= slots.count { grow() }
    let h = Self.finish(hash)
    let tag = h & 0xFFFF_FFFF_0000_0000
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let s = slots[slot]
      if s == 0 {
        slots[slot] = tag | UInt64(UInt32(next) + 1)
        groupHashes.append(h)
        return next
      }
      if s & 0xFFFF_FFFF_0000_0000 == tag {
        let id = Int32(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
        if same(id) { return id }
      }
      slot = (slot + 1) & mask
    }
  }

  private mutating func grow() {
    let old = slots
    slots = [UInt64](repeating: 0, count: old.count * 2)
    mask = slots.count - 1
    for s in old where s != 0 {
      var slot = Int(truncatingIfNeeded: groupHashes[Int(s & 0xFFFF_FFFF) - 1]) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = s
    }
  }
}
