import ShopCore

/// Typed aggregation kernels: one pass over a column's storage, accumulating into arrays
/// indexed by group id. Rows with group id -1 and null values are skipped.
enum AggregationKernels {
  static func apply(
    _ function: String, to column: Column?, grouping g: Grouping, parameter: Double?,
    range: SourceRange? = nil
  ) throws
    -> Column
  {
    guard let column else { return counts(g) }
    switch function {
    case "count": return countValid(column, g)
    case "sum": return try sum(column, g, range: range)
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
    Column(name: "count", data: .int(validCounts(g, nil).map { Int64($0) }, .allValid))
  }

  static func countValid(_ c: Column, _ g: Grouping) -> Column {
    Column(name: "count", data: .int(validCounts(g, c.validity.mask).map { Int64($0) }, .allValid))
  }

  /// Non-null values per group.
  static func validCounts(_ g: Grouping, _ mask: [Bool]?) -> [Int] {
    var n = [Int](repeating: 0, count: g.count)
    n.withUnsafeMutableBufferPointer { np in
      forEachValid(g.ids, mask) { _, id in np[id] &+= 1 }
    }
    return n
  }

  // MARK: Sums and moments

  /// Whole-number sums refuse to wrap, like `+` on rows: a group whose int sum passes 64
  /// bits is an error (the user can sum `float(x)`), never a silently wrong number.
  static func sum(_ c: Column, _ g: Grouping, range: SourceRange? = nil) throws -> Column {
    let seen = validCounts(g, c.validity.mask).map { $0 > 0 }
    switch c.data {
    case .int(let v, let m):
      var overflowed = false
      let sums = accumulate(v, m.mask, g, Int64(0)) { total, x -> Int64 in
        let r = total.addingReportingOverflow(x)
        if r.overflow { overflowed = true }
        return r.partialValue
      }
      if overflowed {
        throw FrameError.invalidArgument(
          "whole-number overflow in sum: the total passes 64 bits; use sum(float(…)) for numbers this large",
          at: range)
      }
      return Column(name: "sum", data: .int(sums, validity(seen)))
    case .bool(let v, let m):
      let ones = v.map { Int64($0 ? 1 : 0) }
      return Column(
        name: "sum", data: .int(accumulate(ones, m.mask, g, 0) { $0 &+ $1 }, validity(seen)))
    default:
      guard let (v, m) = c.doubles else {
        return Column.nulls(name: "sum", type: .float, count: g.count)
      }
      return Column(
        name: "sum", data: .float(accumulate(v, m.mask, g, 0) { $0 + $1 }, validity(seen)))
    }
  }

  /// Folds each group's non-null values into one accumulator per group.
  @inline(__always)
  static func accumulate<T, A>(
    _ values: [T], _ mask: [Bool]?, _ g: Grouping, _ zero: A, _ combine: (A, T) -> A
  ) -> [A] {
    var out = [A](repeating: zero, count: g.count)
    out.withUnsafeMutableBufferPointer { op in
      values.withUnsafeBufferPointer { p in
        forEachValid(g.ids, mask) { i, id in op[id] = combine(op[id], p[i]) }
      }
    }
    return out
  }

  /// Per-group count and sum of the non-null values, as doubles.
  private static func countsAndSums(_ v: [Double], _ mask: [Bool]?, _ g: Grouping) -> (
    [Int], [Double]
  ) {
    (validCounts(g, mask), accumulate(v, mask, g, 0.0) { $0 + $1 })
  }

  static func mean(_ c: Column, _ g: Grouping) -> Column {
    guard let (v, m) = c.doubles else {
      return Column.nulls(name: "mean", type: .float, count: g.count)
    }
    let (n, s) = countsAndSums(v, m.mask, g)
    return Column(
      name: "mean",
      data: .float(zipMap(s, n) { $1 > 0 ? $0 / Double($1) : 0 }, validity(n.map { $0 > 0 })))
  }

  /// Sample standard deviation (n - 1), computed in two passes (mean, then squared
  /// deviations) to avoid the cancellation of the one-pass sum-of-squares formula.
  static func standardDeviation(_ c: Column, _ g: Grouping) -> Column {
    guard let (v, m) = c.doubles else {
      return Column.nulls(name: "std", type: .float, count: g.count)
    }
    let (n, s) = countsAndSums(v, m.mask, g)
    let means = zipMap(s, n) { $1 > 0 ? $0 / Double($1) : 0 }
    var squares = [Double](repeating: 0, count: g.count)
    squares.withUnsafeMutableBufferPointer { sp in
      means.withUnsafeBufferPointer { mp in
        v.withUnsafeBufferPointer { p in
          forEachValid(g.ids, m.mask) { i, id in
            let d = p[i] - mp[id]
            sp[id] += d * d
          }
        }
      }
    }
    let out = zipMap(squares, n) { $1 > 1 ? ($0 / Double($1 - 1)).squareRoot() : 0 }
    return Column(name: "std", data: .float(out, validity(n.map { $0 > 1 })))
  }

  // MARK: Order statistics

  static func extreme(_ c: Column, _ g: Grouping, wantMax: Bool) -> Column {
    let seen = validCounts(g, c.validity.mask).map { $0 > 0 }
    func reduce<T: Comparable>(_ v: [T], _ mask: [Bool]?, _ start: T) -> [T] {
      wantMax
        ? accumulate(v, mask, g, start) { Swift.max($0, $1) }
        : accumulate(v, mask, g, start) { Swift.min($0, $1) }
    }
    let name = wantMax ? "max" : "min"
    switch c.data {
    case .int(let v, let m), .datetime(let v, let m):
      let r = reduce(v, m.mask, wantMax ? Int64.min : Int64.max)
      let out = zipMap(r, seen) { $1 ? $0 : 0 }
      return Column(
        name: name,
        data: c.type == .int ? .int(out, validity(seen)) : .datetime(out, validity(seen)))
    case .float(let v, let m):
      // NaN never wins a comparison, so it is skipped like a null.
      let r = reduce(v, m.mask, wantMax ? -Double.infinity : Double.infinity)
      return Column(name: name, data: .float(zipMap(r, seen) { $1 ? $0 : 0 }, validity(seen)))
    case .bool(let v, let m):
      let r = reduce(v.map { $0 ? 1 : 0 }, m.mask, wantMax ? 0 : 1)
      return Column(name: name, data: .bool(zipMap(r, seen) { $1 && $0 == 1 }, validity(seen)))
    case .string(let codes, let dict):
      let ranks = dictionaryRanks(dict)
      var byRank = [Int32](repeating: 0, count: dict.count)
      for (code, rank) in ranks.enumerated() { byRank[Int(rank)] = Int32(code) }
      let rowRanks = codes.map { $0 >= 0 ? ranks[Int($0)] : 0 }
      let best = reduce(rowRanks, c.validity.mask, wantMax ? Int32.min : Int32.max)
      let out = zipMap(best, seen) { $1 ? byRank[Int($0)] : -1 }
      return Column(name: name, data: .string(codes: out, dictionary: dict))
    }
  }

  /// Type-7 quantiles (linear interpolation, numpy/pandas default): the values of each
  /// group are bucketed together by a counting sort, then the order statistics needed
  /// are found by quickselect (expected linear time, no full sort).
  static func quantile(_ c: Column, _ g: Grouping, q: Double) -> Column {
    guard let (v, m) = c.doubles else {
      return Column.nulls(name: "quantile", type: .float, count: g.count)
    }
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
        out[k] = selectQuantile(UnsafeMutableBufferPointer(rebasing: p[start[k]..<start[k + 1]]), q)
      }
    }
    return Column(name: "quantile", data: .float(out, validity(n.map { $0 > 0 })))
  }

  // MARK: Distinct, first, last

  static func distinctCount(_ c: Column, _ g: Grouping) -> Column {
    let (codes, nulls, dense) = Grouping.keyCodes(c)
    var n = [Int64](repeating: 0, count: g.count)
    if let dense, g.count * dense <= max(4096, 4 * c.count) {
      let threads = RowChunks.threads(forRows: c.count)
      if threads > 1 {
        return Column(name: "nunique", data: .int(distinctCountByValueRange(codes, nulls, dense, g, threads), .allValid))
      }
      // Small code range: a flat table of seen (group, value) pairs.
      var seen = [Bool](repeating: false, count: g.count * dense)
      seen.withUnsafeMutableBufferPointer { sp in
        forEachValid(g.ids, nulls.map { $0.map { !$0 } }) { i, id in
          let slot = id * dense + Int(codes[i])
          if !sp[slot] {
            sp[slot] = true
            n[id] += 1
          }
        }
      }
      return Column(name: "nunique", data: .int(n, .allValid))
    }
    var table = PairHashTable(capacity: min(c.count, 1 << 16))
    var next: Int32 = 0
    forEachValid(g.ids, nulls.map { $0.map { !$0 } }) { i, id in
      if table.findOrInsert(UInt64(id), codes[i], next: next) == next {
        next += 1
        n[id] += 1
      }
    }
    return Column(name: "nunique", data: .int(n, .allValid))
  }

  /// `distinctCount` on several threads: each thread takes one range of the codes, reads
  /// every row, and counts the (group, value) pairs of its range; the counts are added.
  /// Whole numbers, so the sum is the one-thread count whatever the split.
  private static func distinctCountByValueRange(
    _ codes: [UInt64], _ nulls: [Bool]?, _ dense: Int, _ g: Grouping, _ threads: Int
  ) -> [Int64] {
    let parts = ChunkSlots<[Int64]>(count: threads)
    let valid = nulls.map { $0.map { !$0 } }
    RowChunks.run(tasks: threads, threads: threads) { t in
      let low = UInt64(dense * t / threads)
      let high = UInt64(dense * (t + 1) / threads)
      let width = Int(high - low)
      var n = [Int64](repeating: 0, count: g.count)
      var seen = [Bool](repeating: false, count: g.count * width)
      codes.withUnsafeBufferPointer { cp in
        seen.withUnsafeMutableBufferPointer { sp in
          forEachValid(g.ids, valid) { i, id in
            let code = cp[i]
            guard code >= low && code < high else { return }
            let slot = id * width + Int(code - low)
            if !sp[slot] {
              sp[slot] = true
              n[id] += 1
            }
          }
        }
      }
      parts.store(t, n)
    }
    var total = [Int64](repeating: 0, count: g.count)
    for n in parts.results() { for k in 0..<g.count { total[k] += n[k] } }
    return total
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

/// The type-7 quantile of unsorted values, reordering them in place: quickselect puts
/// the floor(h)-th smallest value in place, and its upper neighbour is the minimum of
/// the part after it.
/// - Precondition: `values` is not empty.
func selectQuantile(_ values: UnsafeMutableBufferPointer<Double>, _ q: Double) -> Double {
  let n = values.count
  let h = Double(n - 1) * q
  let lo = min(Int(h.rounded(.down)), n - 1)
  quickselect(values, lo)
  let a = values[lo]
  let fraction = h - Double(lo)
  guard fraction > 0, lo + 1 < n else { return a }
  var b = values[lo + 1]
  for i in (lo + 2)..<n where values[i] < b { b = values[i] }
  return a + fraction * (b - a)
}

/// Rearranges `p` so that `p[k]` holds the k-th smallest value, with no larger value
/// before it and no smaller value after it (Hoare partitioning around a median of three;
/// small ranges finish with an insertion sort).
func quickselect(_ p: UnsafeMutableBufferPointer<Double>, _ k: Int) {
  var lo = 0
  var hi = p.count - 1
  while hi - lo > 16 {
    let mid = lo + (hi - lo) / 2
    if p[mid] < p[lo] { p.swapAt(mid, lo) }
    if p[hi] < p[lo] { p.swapAt(hi, lo) }
    if p[hi] < p[mid] { p.swapAt(hi, mid) }
    let pivot = p[mid]
    var i = lo
    var j = hi
    while i <= j {
      while p[i] < pivot { i += 1 }
      while p[j] > pivot { j -= 1 }
      if i <= j {
        p.swapAt(i, j)
        i += 1
        j -= 1
      }
    }
    if k <= j {
      hi = j
    } else if k >= i {
      lo = i
    } else {
      return
    }
  }
  if hi > lo {
    for i in (lo + 1)...hi {
      let x = p[i]
      var j = i - 1
      while j >= lo && p[j] > x {
        p[j + 1] = p[j]
        j -= 1
      }
      p[j + 1] = x
    }
  }
}
