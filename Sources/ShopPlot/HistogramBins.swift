import ShopCore

/// Bin edges and counts for `Histogram`.
///
/// Default bin count: Freedman–Diaconis, k = ⌈(max - min) / h⌉ with h = 2·IQR·n^(-1/3),
/// which adapts to spread and resists outliers; when the IQR is zero (more than half the
/// values equal) it falls back to Sturges, k = ⌈log2 n⌉ + 1. The count is capped at the
/// number of lines available. The bin width is then rounded up to a 1-2-5 step and the
/// first edge down to a multiple of it, so edges read as round numbers (the final count
/// may differ by one or two from k). An explicit `bins` is honoured exactly: that many
/// equal-width bins from min to max (capped to the lines available, with a note).
/// Bins are [lo, hi) except the last, which is [lo, hi].
struct HistogramBins: Equatable {
  /// count + 1 edges, ascending.
  var edges: [Double]
  var counts: [Int]
  /// Decimal places that show every edge.
  var decimals: Int

  /// Freedman–Diaconis bin count for ascending finite values, nil when it does not apply.
  static func freedmanDiaconis(_ sorted: [Double]) -> Int? {
    guard sorted.count >= 2, let lo = sorted.first, let hi = sorted.last, hi > lo else {
      return nil
    }
    let iqr = Quantiles.type7(sorted, 0.75) - Quantiles.type7(sorted, 0.25)
    let h = 2 * iqr / cubeRoot(Double(sorted.count))
    guard h > 0, h.isFinite else { return nil }
    let k = ((hi - lo) / h).rounded(.up)
    return k.isFinite ? Int(min(k, 1e6)) : nil
  }

  /// Sturges' rule, ⌈log2 n⌉ + 1.
  static func sturges(_ n: Int) -> Int {
    guard n > 1 else { return 1 }
    var k = 0
    while (1 << k) < n { k += 1 }
    return k + 1
  }

  /// The default bin count, at least 1 and at most `cap`.
  static func defaultCount(_ sorted: [Double], cap: Int) -> Int {
    let k = freedmanDiaconis(sorted) ?? sturges(sorted.count)
    return Swift.max(1, Swift.min(k, cap))
  }

  /// Round-edged bins for ascending finite values (the default rule).
  static func nice(_ sorted: [Double], cap: Int) -> HistogramBins {
    guard let lo = sorted.first, let hi = sorted.last, hi > lo else {
      let v = sorted.first ?? 0
      return HistogramBins(edges: [v, v], counts: [sorted.count], decimals: decimals(of: [v]))
    }
    let k = defaultCount(sorted, cap: cap)
    var scale = TickScale.atLeast((hi - lo) / Double(k))
    // Rounding the width up and the start down can need one more bin than k; widen the
    // step until the bins fit the cap.
    while true {
      let first = (lo / scale.step + 1e-9).rounded(.down)
      var last = (hi / scale.step - 1e-9).rounded(.up)
      if last <= first { last = first + 1 }
      // Magnitudes beyond exact integer tick indices: plain equal-width bins instead.
      guard abs(first) < 1e15, abs(last) < 1e15 else { return equalWidth(sorted, bins: k) }
      if Int(last - first) <= cap {
        let s = TickScale(
          first: Int64(first), last: Int64(last), mantissa: scale.mantissa,
          exponent: scale.exponent)
        return count(sorted, edges: s.values, decimals: s.decimals)
      }
      scale = scale.next
    }
  }

  /// Exactly `bins` equal-width bins from min to max.
  static func equalWidth(_ sorted: [Double], bins: Int) -> HistogramBins {
    let k = Swift.max(1, bins)
    guard let lo = sorted.first, let hi = sorted.last, hi > lo else {
      let v = sorted.first ?? 0
      return HistogramBins(edges: [v, v], counts: [sorted.count], decimals: decimals(of: [v]))
    }
    // Interpolated rather than lo + i·(hi − lo)/k: over finite values spanning more
    // than Double.greatestFiniteMagnitude (±1.5e308) hi − lo is inf and the edges NaN.
    var edges = (0...k).map { i -> Double in
      let t = Double(i) / Double(k)
      return lo * (1 - t) + hi * t
    }
    edges[0] = lo
    edges[k] = hi
    return count(sorted, edges: edges, decimals: decimals(of: edges))
  }

  /// Counts ascending values into bins [e_i, e_i+1), the last one closed.
  static func count(_ sorted: [Double], edges: [Double], decimals: Int) -> HistogramBins {
    let k = edges.count - 1
    var counts = Array(repeating: 0, count: k)
    var bin = 0
    for v in sorted {
      while bin < k - 1 && v >= edges[bin + 1] { bin += 1 }
      counts[bin] += 1
    }
    return HistogramBins(edges: edges, counts: counts, decimals: decimals)
  }

  /// The fewest decimals (up to 6) at which all edges print distinct and, when possible,
  /// exactly.
  static func decimals(of edges: [Double]) -> Int {
    for d in 0...6 {
      let texts = edges.map { NumberFormat.fixed($0, d) }
      let exact = zip(edges, texts).allSatisfy { Double($0.1) == $0.0 }
      if exact || (Set(texts).count == Set(edges).count && d >= 2) { return d }
    }
    return 6
  }

  private static func cubeRoot(_ x: Double) -> Double {
    var r = x > 1 ? x / 3 : 1.0
    for _ in 0..<100 { r = (2 * r + x / (r * r)) / 3 }
    return r
  }
}

extension TickScale {
  /// The smallest 1-2-5 step that is at least `width` (as a scale of one tick).
  static func atLeast(_ width: Double) -> TickScale {
    guard width > 0, width.isFinite else { return TickScale(first: 0, last: 0, mantissa: 1, exponent: 0) }
    var exponent = Int(AxisTicks.log10Floor(width))
    var mantissaIndex = 0
    let mantissas = [1, 2, 5]
    while TickScale.decimal(Double(mantissas[mantissaIndex]), exponent) < width * (1 - 1e-12) {
      mantissaIndex += 1
      if mantissaIndex == 3 {
        mantissaIndex = 0
        exponent += 1
      }
    }
    return TickScale(first: 0, last: 0, mantissa: mantissas[mantissaIndex], exponent: exponent)
  }

  /// The next larger 1-2-5 step.
  var next: TickScale {
    switch mantissa {
    case 1: return TickScale(first: 0, last: 0, mantissa: 2, exponent: exponent)
    case 2: return TickScale(first: 0, last: 0, mantissa: 5, exponent: exponent)
    default: return TickScale(first: 0, last: 0, mantissa: 1, exponent: exponent + 1)
    }
  }
}
