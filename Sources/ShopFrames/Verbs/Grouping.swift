/// Rows assigned to groups of equal keys: the shared first step of group by, distinct,
/// dedupe, join, pivot, freq and nunique.
///
/// A single key column becomes one 64-bit code per row (the dictionary code for strings,
/// the bit pattern for numbers), mapped to a dense group id through a flat array when the
/// codes are small (string and bool keys) and an open-addressing hash table otherwise.
/// Several key columns are folded in one at a time when every step stays on a flat
/// table (`foldStaysFlat`), and otherwise hashed together, one hash per row (`byRowHash`). Ids are
/// handed out in row order, so groups come out in order of first appearance. Null is a
/// key value of its own (SQL `GROUP BY` keeps a null group).
struct Grouping {
  /// The group of each row (0..<count).
  var ids: [Int32]
  /// How many groups there are.
  var count: Int
  /// The first row of each group, in group order.
  var firstRows: [Int]

  /// Groups the rows by the given key columns; no columns means one group of every row.
  /// - Complexity: O(rows × key columns).
  init(_ keys: [Column], rowCount: Int) {
    if keys.count > 1 && !Grouping.foldStaysFlat(keys, rowCount: rowCount) {
      (ids, count, firstRows) = Grouping.byRowHash(keys, rowCount: rowCount)
      return
    }
    // One text key: chunked on one thread too, since it reads the codes as they are
    // rather than widening them into a 64-bit copy first.
    if keys.count == 1, let grouped = Grouping.byTextInChunks(keys[0], rowCount: rowCount) {
      (ids, count, firstRows) = grouped
      return
    }
    var ids = [Int32](repeating: 0, count: rowCount)
    var groups = 1
    for key in keys {
      let (codes, nulls, dense) = Grouping.keyCodes(key)
      var next: Int32 = 0
      if let dense, groups * (dense + 1) <= max(4096, 2 * rowCount) {
        let width = dense + 1
        var table = [Int32](repeating: -1, count: groups * width)
        let isNull = nulls ?? []
        table.withUnsafeMutableBufferPointer { tp in
          ids.withUnsafeMutableBufferPointer { ip in
            codes.withUnsafeBufferPointer { cp in
              for i in 0..<rowCount {
                let code = !isNull.isEmpty && isNull[i] ? dense : Int(cp[i])
                let slot = Int(ip[i]) &* width &+ code
                var id = tp[slot]
                if id < 0 {
                  id = next
                  tp[slot] = id
                  next += 1
                }
                ip[i] = id
              }
            }
          }
        }
      } else {
        var table = PairHashTable(capacity: min(rowCount, 1 << 16))
        for i in 0..<rowCount {
          let isNull = nulls?[i] == true
          let a = UInt64(UInt32(bitPattern: ids[i])) | (isNull ? 1 << 63 : 0)
          let id = table.findOrInsert(a, isNull ? 0 : codes[i], next: next)
          if id == next { next += 1 }
          ids[i] = id
        }
      }
      groups = Int(next)
    }
    if keys.isEmpty { groups = 1 }
    var firstRows = [Int](repeating: -1, count: groups)
    if !keys.isEmpty {
      for i in 0..<rowCount where firstRows[Int(ids[i])] < 0 { firstRows[Int(ids[i])] = i }
    } else if rowCount > 0 {
      firstRows[0] = 0
    }
    self.ids = ids
    self.count = groups
    self.firstRows = firstRows
  }

  /// Groups given directly (resample buckets); -1 excludes a row.
  init(ids: [Int32], count: Int) {
    self.ids = ids
    self.count = count
    var firstRows = [Int](repeating: -1, count: count)
    for i in ids.indices where ids[i] >= 0 && firstRows[Int(ids[i])] < 0 {
      firstRows[Int(ids[i])] = i
    }
    self.firstRows = firstRows
  }

  /// Rows per group.
  var sizes: [Int] {
    var sizes = [Int](repeating: 0, count: count)
    for id in ids where id >= 0 { sizes[Int(id)] += 1 }
    return sizes
  }

  /// One 64-bit code per row, which rows are null, and the code range when it is small
  /// enough for a flat table (strings: the dictionary size; bools: 2).
  static func keyCodes(_ column: Column) -> (codes: [UInt64], nulls: [Bool]?, dense: Int?) {
    // Whole-column maps in row chunks on several threads (`RowChunks`), each loop written
    // out so it compiles to a plain loop.
    func nullFlags(_ m: Validity) -> [Bool]? {
      m.mask.map { mask in
        mask.withUnsafeBufferPointer { p in
          RowChunks.makeArray(count: p.count) { rows, out in for i in rows { out[i] = !p[i] } }
        }
      }
    }
    func bits(_ v: [Int64], minus low: Int64, mask: UInt64) -> [UInt64] {
      v.withUnsafeBufferPointer { p in
        RowChunks.makeArray(count: p.count) { rows, out in
          for i in rows { out[i] = UInt64(bitPattern: p[i] &- low) & mask }
        }
      }
    }
    switch column.data {
    case .string(let codes, let dict):
      let hasNull = codes.contains { $0 < 0 }
      return codes.withUnsafeBufferPointer { p in
        let keys: [UInt64] = RowChunks.makeArray(count: p.count) { rows, out in
          for i in rows { out[i] = UInt64(UInt32(bitPattern: max(p[i], 0))) }
        }
        let nulls: [Bool]? =
          hasNull ? RowChunks.makeArray(count: p.count) { rows, out in for i in rows { out[i] = p[i] < 0 } } : nil
        return (keys, nulls, dict.count)
      }
    case .int(let v, let m):
      // Ids, years, quantities: a narrow range is grouped through a flat table.
      if let (low, size) = narrowRange(v, m) {
        return (bits(v, minus: low, mask: 0xFFFF_FFFF), nullFlags(m), size)
      }
      return (bits(v, minus: 0, mask: ~0), nullFlags(m), nil)
    case .datetime(let v, let m):
      return (bits(v, minus: 0, mask: ~0), nullFlags(m), nil)
    case .float(let v, let m):
      return (v.map(canonicalBits), nullFlags(m), nil)
    case .bool(let v, let m):
      return (v.map { $0 ? 1 : 0 }, nullFlags(m), 2)
    }
  }
}

extension Grouping {
  /// The lowest value and the size of the range of an int column's values, when the range
  /// is narrow enough for a flat table (below max(4096, 2 × rows)).
  static func narrowRange(_ v: [Int64], _ m: Validity) -> (low: Int64, size: Int)? {
    let mask = m.mask
    let ranges = v.withUnsafeBufferPointer { vp in
      RowChunks.map(rows: vp.count) { rows -> (Int64, Int64) in
        var low = Int64.max
        var high = Int64.min
        for i in rows where mask == nil || mask![i] {
          low = min(low, vp[i])
          high = max(high, vp[i])
        }
        return (low, high)
      }
    }
    let low = ranges.map(\.0).min() ?? Int64.max
    let high = ranges.map(\.1).max() ?? Int64.min
    guard low <= high, !high.subtractingReportingOverflow(low).overflow, high - low < Int64(max(4096, 2 * v.count))
    else { return nil }
    return (low, Int(high - low) + 1)
  }

  /// Whether folding the key columns in one at a time stays on flat tables all the way:
  /// every key has a small code range (strings, bools, narrow ints) and their product
  /// (each plus one for null) fits the flat-table bound. Then the fold beats hashing rows
  /// (Country × CustomerID: 8 ms against 43 ms); otherwise hashing rows wins.
  static func foldStaysFlat(_ keys: [Column], rowCount: Int) -> Bool {
    let limit = max(4096, 2 * rowCount)
    var product = 1
    for key in keys {
      let size: Int
      switch key.data {
      case .string(_, let dictionary): size = dictionary.count
      case .bool: size = 2
      case .int(let v, let m):
        guard let range = narrowRange(v, m) else { return false }
        size = range.size
      case .float, .datetime: return false
      }
      let (next, overflow) = product.multipliedReportingOverflow(by: size + 1)
      guard !overflow, next <= limit else { return false }
      product = next
    }
    return true
  }
}

/// Bits of a double with -0.0 folded into 0.0 and every NaN made one NaN, so equal
/// values hash equal.
@inline(__always) func canonicalBits(_ x: Double) -> UInt64 {
  if x == 0 { return 0 }
  if x.isNaN { return Double.nan.bitPattern }
  return x.bitPattern
}

/// An open-addressing hash table from a pair of 64-bit keys to an Int32 id, with linear
/// probing and a load factor kept under one half. Much faster than `Dictionary` for the
/// millions of lookups of a group-by, because keys are plain integers stored flat.
struct PairHashTable {
  private var keysA: [UInt64]
  private var keysB: [UInt64]
  private var values: [Int32]
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keysA = [UInt64](repeating: 0, count: size)
    keysB = [UInt64](repeating: 0, count: size)
    values = [Int32](repeating: -1, count: size)
    mask = size - 1
  }

  @inline(__always) private static func hash(_ a: UInt64, _ b: UInt64) -> Int {
    // SplitMix64's finaliser over a mix of both halves.
    var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ b
    h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int(truncatingIfNeeded: h ^ (h >> 31))
  }

  /// The id stored for (a, b), or `next` after storing it when the pair is new.
  @inline(__always) mutating func findOrInsert(_ a: UInt64, _ b: UInt64, next: Int32) -> Int32 {
    if count * 2 >= values.count { grow() }
    var slot = Self.hash(a, b) & mask
    while true {
      let v = values[slot]
      if v < 0 {
        keysA[slot] = a
        keysB[slot] = b
        values[slot] = next
        count += 1
        return next
      }
      if keysA[slot] == a && keysB[slot] == b { return v }
      slot = (slot + 1) & mask
    }
  }

  /// The id stored for (a, b), or nil.
  @inline(__always) func find(_ a: UInt64, _ b: UInt64) -> Int32? {
    var slot = Self.hash(a, b) & mask
    while true {
      let v = values[slot]
      if v < 0 { return nil }
      if keysA[slot] == a && keysB[slot] == b { return v }
      slot = (slot + 1) & mask
    }
  }

  private mutating func grow() {
    let oldA = keysA
    let oldB = keysB
    let oldV = values
    let size = values.count * 2
    keysA = [UInt64](repeating: 0, count: size)
    keysB = [UInt64](repeating: 0, count: size)
    values = [Int32](repeating: -1, count: size)
    mask = size - 1
    for i in oldV.indices where oldV[i] >= 0 {
      var slot = Self.hash(oldA[i], oldB[i]) & mask
      while values[slot] >= 0 { slot = (slot + 1) & mask }
      keysA[slot] = oldA[i]
      keysB[slot] = oldB[i]
      values[slot] = oldV[i]
    }
  }
}

extension Grouping {
  /// One text key grouped in row chunks on several threads: each chunk numbers its own
  /// groups through a flat table over the dictionary codes, then the chunks' groups are
  /// numbered in chunk order (a group keeps the number of the chunk that met it first)
  /// and every row's number is translated. Groups come out in order of first appearance,
  /// exactly as one pass numbers them. Nil when the dictionary is too large for a table
  /// per chunk.
  static func byTextInChunks(_ key: Column, rowCount: Int) -> (ids: [Int32], count: Int, firstRows: [Int])? {
    guard case .string(let codes, let dictionary) = key.data, dictionary.count < RowChunks.chunkRows
    else { return nil }
    let width = dictionary.count + 1
    // Null (-1) takes the slot after the dictionary.
    @inline(__always) func slot(_ code: Int32) -> Int { code < 0 ? width - 1 : Int(code) }
    var ids = [Int32](repeating: 0, count: rowCount)
    // Per chunk, the slot and first row of each of its groups, in order of appearance.
    let local: [(slots: [Int32], firstRows: [Int])] = ids.withUnsafeMutableBufferPointer { ip in
      let idsOut = SharedPointer(ip.baseAddress)
      return codes.withUnsafeBufferPointer { cp in
        RowChunks.map(rows: rowCount) { rows in
          var table = [Int32](repeating: -1, count: width)
          var slots: [Int32] = []
          var firstRows: [Int] = []
          for i in rows {
            let s = slot(cp[i])
            var id = table[s]
            if id < 0 {
              id = Int32(slots.count)
              table[s] = id
              slots.append(Int32(s))
              firstRows.append(i)
            }
            idsOut.pointer[i] = id
          }
          return (slots, firstRows)
        }
      }
    }
    var global = [Int32](repeating: -1, count: width)
    var firstRows: [Int] = []
    let renumber: [[Int32]] = local.map { chunk in
      zip(chunk.slots, chunk.firstRows).map { s, row in
        if global[Int(s)] < 0 {
          global[Int(s)] = Int32(firstRows.count)
          firstRows.append(row)
        }
        return global[Int(s)]
      }
    }
    ids.withUnsafeMutableBufferPointer { ip in
      let idsOut = SharedPointer(ip.baseAddress)
      RowChunks.forEach(rows: rowCount) { k, rows in
        let map = renumber[k]
        for i in rows { idsOut.pointer[i] = map[Int(idsOut.pointer[i])] }
      }
    }
    return (ids, firstRows.count, firstRows)
  }
}
