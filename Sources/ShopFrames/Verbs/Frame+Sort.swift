import ShopCore

extension Frame {
  /// The rows ordered by the keys: stable (ties keep their order), multi-key, nulls last
  /// whatever the direction.
  ///
  /// Each key is first turned into integers that order like the values (strings by the
  /// rank of their dictionary entry), so comparisons never touch strings or doubles.
  /// - Complexity: O(rows log rows).
  public func sort(_ keys: [SortKey]) throws -> Frame {
    gather(try sortedRows(keys))
  }

  /// The row order `sort` produces.
  func sortedRows(_ keys: [SortKey]) throws -> [Int] {
    let prepared = try keys.map { key in
      SortColumn(try evaluate(key.expr), descending: key.descending)
    }
    try Cancellation.shared.check()
    if prepared.count == 1 {
      // One key: sort (null flag, key, row) triples, whose natural order is the answer.
      let key = prepared[0]
      var triples = (0..<rowCount).map { i in (key.nulls?[i] == true ? 1 : 0, key.keys[i], i) }
      triples.sort { $0 < $1 }
      return triples.map(\.2)
    }
    var rows = Array(0..<rowCount)
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

/// A sort key evaluated into Int64s that order like the values: strings by the rank of
/// their dictionary entry, doubles by an order-preserving map of their bits, and
/// descending keys bitwise inverted (which reverses Int64 order without overflow).
struct SortColumn {
  let keys: [Int64]
  let nulls: [Bool]?

  init(_ column: Column, descending: Bool) {
    var keys: [Int64]
    switch column.data {
    case .int(let v, _), .datetime(let v, _):
      keys = v
    case .bool(let v, _):
      keys = v.map { $0 ? 1 : 0 }
    case .float(let v, _):
      keys = v.map(SortColumn.orderedBits)
    case .string(let codes, let dict):
      let ranks = dictionaryRanks(dict)
      keys = codes.map { $0 >= 0 ? Int64(ranks[Int($0)]) : 0 }
    }
    if descending { keys = keys.map { ~$0 } }
    self.keys = keys
    let valid = column.validity.mask
    self.nulls = valid.map { $0.map { !$0 } }
  }

  /// An Int64 that orders like the double (with -0.0 equal to 0.0; NaN sorts after
  /// infinity).
  static func orderedBits(_ x: Double) -> Int64 {
    let bits = Int64(bitPattern: canonicalBits(x))
    return bits < 0 ? bits ^ Int64.max : bits
  }

  /// -1, 0 or 1: how row a orders against row b under this key (nulls last).
  @inline(__always) func compare(_ a: Int, _ b: Int) -> Int {
    if let nulls, nulls[a] || nulls[b] {
      return nulls[a] == nulls[b] ? 0 : (nulls[a] ? 1 : -1)
    }
    return keys[a] < keys[b] ? -1 : (keys[a] > keys[b] ? 1 : 0)
  }
}
