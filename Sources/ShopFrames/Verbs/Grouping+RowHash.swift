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
  /// Every step runs in row chunks or partitions on several threads (`RowChunks`), and
  /// merges in a fixed order, so the result does not depend on the number of threads.
  /// - Complexity: O(rows × key columns), with one table probe per row.
  static func byRowHash(_ keys: [Column], rowCount: Int) -> (ids: [Int32], count: Int, firstRows: [Int]) {
    var hashes: [UInt64] = RowChunks.makeArray(count: rowCount) { rows, h in
      for i in rows { h[i] = 0x243F_6A88_85A3_08D3 }
      for key in keys { mixKeys(key, rows: rows, into: h) }
    }
    // The rows are split by hash into partitions of about 8,192 rows, each grouped with a
    // table small enough to stay in cache: one table for every row missed the cache on
    // nearly every probe. A counting sort lays each partition's rows (and their hashes,
    // so the probes read them in order) out in row order: each chunk counts its rows per
    // partition, and writes them after the earlier chunks'.
    var bits = 0
    while bits < 10 && rowCount >> bits > 8192 { bits += 1 }
    let shift = UInt64(64 - bits)
    @inline(__always) func partition(_ h: UInt64) -> Int {
      bits == 0 ? 0 : Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
    let parts = 1 << bits
    let perChunk: [[Int]] = hashes.withUnsafeBufferPointer { hp in
      RowChunks.map(rows: rowCount) { rows in
        var counts = [Int](repeating: 0, count: parts)
        for i in rows { counts[partition(hp[i])] += 1 }
        return counts
      }
    }
    var starts = [Int](repeating: 0, count: parts + 1)
    for counts in perChunk { for p in 0..<parts { starts[p + 1] += counts[p] } }
    for p in 0..<parts { starts[p + 1] += starts[p] }
    var fills: [[Int]] = []
    var fill = Array(starts.dropLast())
    for counts in perChunk {
      fills.append(fill)
      for p in 0..<parts { fill[p] += counts[p] }
    }
    var order = [Int32](repeating: 0, count: rowCount)
    var sortedHashes = [UInt64](repeating: 0, count: rowCount)
    order.withUnsafeMutableBufferPointer { op in
      let rowsOut = SharedPointer(op.baseAddress)
      sortedHashes.withUnsafeMutableBufferPointer { sp in
        let hashesOut = SharedPointer(sp.baseAddress)
        hashes.withUnsafeBufferPointer { hp in
          RowChunks.forEach(rows: rowCount) { k, rows in
            var fill = fills[k]
            for i in rows {
              let h = hp[i]
              let p = partition(h)
              rowsOut.pointer[fill[p]] = Int32(i)
              hashesOut.pointer[fill[p]] = h
              fill[p] += 1
            }
          }
        }
      }
    }
    hashes = []
    // Each partition groups its rows on whichever thread takes it, in row order, so the
    // row that makes a group is its first row; every row notes its group's first row.
    var firstRowOf = [Int32](repeating: 0, count: rowCount)
    firstRowOf.withUnsafeMutableBufferPointer { fp in
      let firstOut = SharedPointer(fp.baseAddress)
      sortedHashes.withUnsafeBufferPointer { hp in
        order.withUnsafeBufferPointer { op in
          RowChunks.run(tasks: parts, threads: RowChunks.threads(forRows: rowCount)) { p in
            var table = RowHashTable(capacity: starts[p + 1] - starts[p])
            var firstRows: [Int32] = []
            firstRows.reserveCapacity(starts[p + 1] - starts[p])
            for k in starts[p]..<starts[p + 1] {
              let i = Int(op[k])
              let next = Int32(firstRows.count)
              let id = table.findOrInsert(hash: hp[k], next: next) { candidate in
                sameKeys(keys, Int(firstRows[Int(candidate)]), i)
              }
              if id == next { firstRows.append(Int32(i)) }
              firstOut.pointer[i] = firstRows[Int(id)]
            }
          }
        }
      }
    }
    order = []
    sortedHashes = []
    // Groups numbered in order of first appearance: a group's number is how many first
    // rows come before its own. Each chunk counts its first rows, then numbers them from
    // the count of the chunks before it.
    let firstsPerChunk: [Int] = firstRowOf.withUnsafeBufferPointer { fp in
      RowChunks.map(rows: rowCount) { rows in
        var firsts = 0
        for i in rows where fp[i] == Int32(i) { firsts += 1 }
        return firsts
      }
    }
    var chunkBase = [0]
    for n in firstsPerChunk { chunkBase.append(chunkBase[chunkBase.count - 1] + n) }
    let groupCount = chunkBase[chunkBase.count - 1]
    var firstRows = [Int](repeating: 0, count: groupCount)
    var ids = [Int32](repeating: 0, count: rowCount)
    firstRows.withUnsafeMutableBufferPointer { frp in
      let firstsOut = SharedPointer(frp.baseAddress)
      ids.withUnsafeMutableBufferPointer { ip in
        let idsOut = SharedPointer(ip.baseAddress)
        firstRowOf.withUnsafeBufferPointer { fp in
          RowChunks.forEach(rows: rowCount) { k, rows in
            var next = chunkBase[k]
            for i in rows where fp[i] == Int32(i) {
              idsOut.pointer[i] = Int32(next)
              firstsOut.pointer[next] = i
              next += 1
            }
          }
        }
      }
    }
    // Every other row takes its first row's number (set above, in an earlier chunk or
    // earlier in its own, so after the pass that set them all).
    ids.withUnsafeMutableBufferPointer { ip in
      let idsOut = SharedPointer(ip.baseAddress)
      firstRowOf.withUnsafeBufferPointer { fp in
        RowChunks.forEach(rows: rowCount) { _, rows in
          for i in rows where fp[i] != Int32(i) { idsOut.pointer[i] = idsOut.pointer[Int(fp[i])] }
        }
      }
    }
    return (ids, groupCount, firstRows)
  }

  /// Mixes one column's keys into the row hashes (FxHash's step: rotate, xor, multiply,
  /// a bijection of the key for a given hash so far). Null mixes a tag that may equal a
  /// value's key; `sameKeys` tells them apart.
  private static func mixKeys(_ column: Column, rows: Range<Int>, into h: UnsafeMutablePointer<UInt64>) {
    @inline(__always) func mix(_ h: UInt64, _ k: UInt64) -> UInt64 {
      ((h << 5 | h >> 59) ^ k) &* 0x517C_C1B7_2722_0A95
    }
    let nullTag: UInt64 = 0x9E37_79B9_7F4A_7C15
    func mixAll<T>(_ values: [T], _ validity: Validity, _ key: (T) -> UInt64) {
      values.withUnsafeBufferPointer { vp in
        if let mask = validity.mask {
          mask.withUnsafeBufferPointer { mp in
            for i in rows { h[i] = mix(h[i], mp[i] ? key(vp[i]) : nullTag) }
          }
        } else {
          for i in rows { h[i] = mix(h[i], key(vp[i])) }
        }
      }
    }
    switch column.data {
    case .string(let codes, _):
      // -1 (null) is a code of its own: no tag needed.
      codes.withUnsafeBufferPointer { cp in
        for i in rows { h[i] = mix(h[i], UInt64(UInt32(bitPattern: cp[i]))) }
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
    groupHashes.reserveCapacity(capacity)
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
