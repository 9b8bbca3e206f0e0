import ShopCore

extension Frame {
  /// The rows ordered by the keys: stable (ties keep their order), multi-key, nulls last
  /// whatever the direction.
  ///
  /// Each key is first turned into integers or doubles that order like the values
  /// (strings by the rank of their dictionary entry), so comparisons never touch strings.
  /// - Complexity: O(rows log rows).
  public func sort(_ keys: [SortKey]) throws -> Frame {
    gather(try sortedRows(keys))
  }

  /// The row order `sort` produces.
  func sortedRows(_ keys: [SortKey]) throws -> [Int] {
    let prepared = try keys.map { key in
      SortColumn(try evaluate(key.expr), descending: key.descending)
    }
    var rows = Array(0..<rowCount)
    if prepared.count == 1, case .ints(let v) = prepared[0].values {
      // One integer-like key: sort (value, row) pairs, the common case.
      let nulls = prepared[0].nulls
      // Bitwise not reverses the order of every Int64 without overflow.
      let flip = prepared[0].descending
      var pairs = rows.map { i in (nulls?[i] == true ? 1 : 0, flip ? ~v[i] : v[i], i) }
      try Cancellation.shared.check()
      pairs.sort { $0 < $1 }
      rows = pairs.map(\.2)
      return rows
    }
    try Cancellation.shared.check()
    rows.sort { a, b in
      for key in prepared {
        let c = key.compare(a, b)
        if c != 0 { return c < 0 }
      }
      return a < b
    }
    return rows
  }
}

/// A sort key evaluated into comparable storage.
struct SortColumn {
  enum Values {
    case ints([Int64])
    case doubles([Double])
  }
  let values: Values
  let nulls: [Bool]?
  let descending: Bool

  init(_ column: Column, descending: Bool) {
    self.descending = descending
    switch column.data {
    case .int(let v, let m), .datetime(let v, let m):
      values = .ints(v)
      nulls = m.mask.map { $0.map { !$0 } }
    case .bool(let v, let m):
      values = .ints(v.map { $0 ? 1 : 0 })
      nulls = m.mask.map { $0.map { !$0 } }
    case .float(let v, let m):
      values = .doubles(v)
      nulls = m.mask.map { $0.map { !$0 } }
    case .string(let codes, let dict):
      let ranks = dictionaryRanks(dict)
      values = .ints(codes.map { $0 >= 0 ? Int64(ranks[Int($0)]) : 0 })
      nulls = codes.contains { $0 < 0 } ? codes.map { $0 < 0 } : nil
    }
  }

  /// -1, 0 or 1: how row a orders against row b under this key (nulls last).
  @inline(__always) func compare(_ a: Int, _ b: Int) -> Int {
    if let nulls {
      switch (nulls[a], nulls[b]) {
      case (true, true): return 0
      case (true, false): return 1
      case (false, true): return -1
      default: break
      }
    }
    var c = 0
    switch values {
    case .ints(let v): c = v[a] < v[b] ? -1 : (v[a] > v[b] ? 1 : 0)
    case .doubles(let v): c = v[a] < v[b] ? -1 : (v[a] > v[b] ? 1 : 0)
    }
    return descending ? -c : c
  }
}
