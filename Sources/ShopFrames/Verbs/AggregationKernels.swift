/// Typed aggregation kernels: one pass over a column's storage, accumulating into arrays
/// indexed by group id. Rows with group id -1 and null values are skipped.
enum AggregationKernels {
  static func apply(_ function: String, to column: Column?, grouping g: Grouping, parameter: Double?)
    -> Column
  {
    guard let column else { return counts(g) }
    switch function {
    case "count": return countValid(column, g)
    case "sum": return sum(column, g)
    case "mean": return mean(column, g)
    case "std": return standardDeviation(column, g)
    case "min": return extreme(column, g, wantMax: false)
    case "max": return extreme(column, g, wantMax: true)
    case "median": return quantile(column, g, q: 0.5)
    case "quantile": return quantile(column, g, q: parameter ?? 0.5)
    case "nunique": return distinctCount(column, g)
    case "first": return firstOrLast(column, g, last: false)
    default: return firstOrLast(column, g, last: true)
    }
  }

  /// Calls `body(row, group)` for every row in a group whose value is not null.
  @inline(__always)
  static func forEachValid(_ ids: [Int32], _ mask: [Bool]?, _ body: (Int, Int) -> Void) {
    ids.withUnsafeBufferPointer { idp in
      if let mask {
        mask.withUnsafeBufferPointer { mp in
          for i in 0..<idp.count where idp[i] >= 0 && mp[i] { body(i, Int(idp[i])) }
        }
      } else {
        for i in 0..<idp.count where idp[i] >= 0 { body(i, Int(idp[i])) }
      }
    }
  }

  /// A null mask from per-group "saw a value" flags.
  private static func validity(_ seen: [Bool]) -> Validity { Validity(mask: seen) }

  // MARK: Counts

  static func counts(_ g: Grouping) -> Column {
    var n = [Int64](repeating: 0, count: g.count)
    forEachValid(g.ids, nil) { _, id in n[id] += 1 }
    return Column(name: "count", data: .int(n, .allValid))
  }

  static func countValid(_ c: Column, _ g: Grouping) -> Column {
    var n = [Int64](repeating: 0, count: g.count)
    if case .string(let codes, _) = c.data {
      forEachValid(g.ids, nil) { i, id in if codes[i] >= 0 { n[id] += 1 } }
    } else {
      forEachValid(g.ids, c.validity.mask) { _, id in n[id] += 1 }
    }
    return Column(name: "count", data: .int(n, .allValid))
  }

  // MARK: Sums and moments

  static func sum(_ c: Column, _ g: Grouping) -> Column {
    var seen = [Bool](repeating: false, count: g.count)
    switch c.data {
    case .int(let v, let m):
      var s = [Int64](repeating: 0, count: g.count)
      v.withUnsafeBufferPointer { p in
        forEachValid(g.ids, m.mask) { i, id in
          s[id] &+= p[i]
          seen[id] = true
        }
      }
      return Column(name: "sum", data: .int(s, validity(seen)))
    case .bool(let v, let m):
      var s = [Int64](repeating: 0, count: g.count)
      forEachValid(g.ids, m.mask) { i, id in
        s[id] += v[i] ? 1 : 0
        seen[id] = true
      }
      return Column(name: "sum", data: .int(s, validity(seen)))
    default:
      guard let (v, m) = c.doubles else { return Column.nulls(name: "sum", type: .float, count: g.count) }
      var s = [Double](repeating: 0, count: g.count)
      v.withUnsafeBufferPointer { p in
        forEachValid(g.ids, m.mask) { i, id in
          s[id] += p[i]
          seen[id] = true
        }
      }
      return Column(name: "sum", data: .float(s, validity(seen)))
    }
  }

  /// Per-group count and sum of the non-null values, as doubles.
  private static func countsAndSums(_ v: [Double], _ mask: [Bool]?, _ g: Grouping) -> ([Int], [Double]) {
    var n = [Int](repeating: 0, count: g.count)
    var s = [Double](repeating: 0, count: g.count)
    v.withUnsafeBufferPointer { p in
      forEachValid(g.ids, mask) { i, id in
        n[id] += 1
        s[id] += p[i]
      }
    }
    return (n, s)
  }

  static func mean(_ c: Column, _ g: Grouping) -> Column {
    guard let (v, m) = c.doubles else { return Column.nulls(name: "mean", type: .float, count: g.count) }
    let (n, s) = countsAndSums(v, m.mask, g)
    return Column(
      name: "mean", data: .float(zipMap(s, n) { $1 > 0 ? $0 / Double($1) : 0 }, validity(n.map { $0 > 0 })))
  }

  /// Sample standard deviation (n - 1), computed in two passes (mean, then squared
  /// deviations) to avoid the cancellation of the one-pass sum-of-squares formula.
  static func standardDeviation(_ c: Column, _ g: Grouping) -> Column {
    guard let (v, m) = c.doubles else { return Column.nulls(name: "std", type: .float, count: g.count) }
    let (n, s) = countsAndSums(v, m.mask, g)
    let means = zipMap(s, n) { $1 > 0 ? $0 / Double($1) : 0 }
    var squares = [Double](repeating: 0, count: g.count)
    v.withUnsafeBufferPointer { p in
      forEachValid(g.ids, m.mask) { i, id in
        let d = p[i] - means[id]
        squares[id] += d * d
      }
    }
    let out = zipMap(squares, n) { $1 > 1 ? ($0 / Double($1 - 1)).squareRoot() : 0 }
    return Column(name: "std", data: .float(out, validity(n.map { $0 > 1 })))
  }

  // MARK: Order statistics

  static func extreme(_ c: Column, _ g: Grouping, wantMax: Bool) -> Column {
    var seen = [Bool](repeating: false, count: g.count)
    func reduce<T: Comparable>(_ v: [T], _ mask: [Bool]?, _ zero: T) -> [T] {
      var best = [T](repeating: zero, count: g.count)
      forEachValid(g.ids, mask) { i, id in
        let x = v[i]
        if !seen[id] || (wantMax ? x > best[id] : x < best[id]) {
          best[id] = x
          seen[id] = true
        }
      }
      return best
    }
    let name = wantMax ? "max" : "min"
    switch c.data {
    case .int(let v, let m): return Column(name: name, data: .int(reduce(v, m.mask, 0), validity(seen)))
    case .datetime(let v, let m): return Column(name: name, data: .datetime(reduce(v, m.mask, 0), validity(seen)))
    case .float(let v, let m): return Column(name: name, data: .float(reduce(v, m.mask, 0), validity(seen)))
    case .bool(let v, let m):
      let r = reduce(v.map { $0 ? 1 : 0 }, m.mask, 0)
      return Column(name: name, data: .bool(r.map { $0 == 1 }, validity(seen)))
    case .string(let codes, let dict):
      let ranks = dictionaryRanks(dict)
      var byRank = [Int32](repeating: 0, count: dict.count)
      for (code, rank) in ranks.enumerated() { byRank[Int(rank)] = Int32(code) }
      let rowRanks = codes.map { $0 >= 0 ? ranks[Int($0)] : 0 }
      let best = reduce(rowRanks, c.validity.mask, 0)
      let out = zipMap(best, seen) { $1 ? byRank[Int($0)] : -1 }
      return Column(name: name, data: .string(codes: out, dictionary: dict))
    }
  }

  /// Type-7 quantiles (linear interpolation, numpy/pandas default): the values of each
  /// group are bucketed together by a counting sort, then each bucket is sorted.
  static func quantile(_ c: Column, _ g: Grouping, q: Double) -> Column {
    guard let (v, m) = c.doubles else { return Column.nulls(name: "quantile", type: .float, count: g.count) }
    var n = [Int](repeating: 0, count: g.count)
    forEachValid(g.ids, m.mask) { _, id in n[id] += 1 }
    var start = [Int](repeating: 0, count: g.count + 1)
    for k in 0..<g.count { start[k + 1] = start[k] + n[k] }
    var fill = start
    var buffer = [Double](repeating: 0, count: start[g.count])
    forEachValid(g.ids, m.mask) { i, id in
      buffer[fill[id]] = v[i]
      fill[id] += 1
    }
    var out = [Double](repeating: 0, count: g.count)
    buffer.withUnsafeMutableBufferPointer { p in
      for k in 0..<g.count where n[k] > 0 {
        var slice = UnsafeMutableBufferPointer(rebasing: p[start[k]..<start[k + 1]])
        slice.sort()
        out[k] = sortedQuantile(UnsafeBufferPointer(slice), q)
      }
    }
    return Column(name: "quantile", data: .float(out, validity(n.map { $0 > 0 })))
  }

  // MARK: Distinct, first, last

  static func distinctCount(_ c: Column, _ g: Grouping) -> Column {
    let (codes, nulls, _) = Grouping.keyCodes(c)
    var table = PairHashTable(capacity: min(c.count, 1 << 16))
    var n = [Int64](repeating: 0, count: g.count)
    var next: Int32 = 0
    forEachValid(g.ids, nulls.map { $0.map { !$0 } }) { i, id in
      if table.findOrInsert(UInt64(id), codes[i], next: next) == next {
        next += 1
        n[id] += 1
      }
    }
    return Column(name: "nunique", data: .int(n, .allValid))
  }

  static func firstOrLast(_ c: Column, _ g: Grouping, last: Bool) -> Column {
    var rows = [Int](repeating: -1, count: g.count)
    forEachValid(g.ids, c.validity.mask) { i, id in
      if last || rows[id] < 0 { rows[id] = i }
    }
    return c.gatherOptional(rows)
  }
}

/// The type-7 quantile of sorted values: with h = (n - 1)q, interpolate linearly between
/// the values at floor(h) and floor(h) + 1 (numpy's and pandas' default).
/// - Precondition: `sorted` is ascending and not empty.
func sortedQuantile<C: RandomAccessCollection>(_ sorted: C, _ q: Double) -> Double
where C.Element == Double, C.Index == Int {
  let n = sorted.count
  let h = Double(n - 1) * q
  let lo = Int(h.rounded(.down))
  let base = sorted.startIndex
  if lo >= n - 1 { return sorted[base + n - 1] }
  let a = sorted[base + lo]
  let b = sorted[base + lo + 1]
  return a + (h - Double(lo)) * (b - a)
}
