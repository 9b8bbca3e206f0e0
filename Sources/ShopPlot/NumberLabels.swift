import ShopCore

/// Compact but exact number text for axis ticks and value labels.
///
/// Axis labels use a suffix (k, M, B, T) only when the tick is exact in that unit with at
/// most two decimals, so "1.5M" always means exactly 1,500,000; otherwise they fall back
/// to grouped digits ("1,002,500"). Axes whose ticks stay below 10,000 are written out.
enum NumberLabels {
  private static let units: [(value: Int64, suffix: String)] = [
    (1_000_000_000_000, "T"), (1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k"),
  ]

  /// One label per tick of `scale`.
  ///
  /// From 10,000 up, each label first tries its own unit, the largest not above it
  /// ("500k", "1M", "1.5M", as d3's SI format does); if any label would need more than
  /// two decimals that way, one shared unit is tried ("1,000k", "1,002k"); failing both,
  /// grouped digits.
  static func ticks(_ scale: TickScale) -> [String] {
    let ks = Array(scale.first...scale.last)
    let ints = ks.compactMap(scale.integer)
    if ints.count == ks.count {
      let maxAbs = ints.map { $0.magnitude }.max() ?? 0
      if maxAbs >= 10_000 {
        let own = ints.map { n -> String? in
          guard let unit = units.first(where: { UInt64($0.value) <= n.magnitude }) else {
            return n.magnitude < 1000 ? NumberFormat.grouped(Int(n)) : nil
          }
          return n % (unit.value / 100) == 0 ? withSuffix(n, unit.value, unit.suffix) : nil
        }
        if own.allSatisfy({ $0 != nil }) { return own.map { $0 ?? "" } }
        for unit in units where UInt64(unit.value) <= maxAbs {
          let cent = unit.value / 100
          if ints.allSatisfy({ $0 % cent == 0 }) {
            return ints.map { withSuffix($0, unit.value, unit.suffix) }
          }
        }
      }
      return ints.map { NumberFormat.grouped(Int($0)) }
    }
    return ks.map { NumberFormat.groupedFixed(scale.value($0), scale.decimals) }
  }

  /// `n / unit` with up to two decimals (trailing zeros dropped) and the suffix.
  private static func withSuffix(_ n: Int64, _ unit: Int64, _ suffix: String) -> String {
    if n == 0 { return "0" }
    let sign = n < 0 ? "-" : ""
    let m = n.magnitude
    let whole = m / UInt64(unit)
    let cents = (m % UInt64(unit)) / (UInt64(unit) / 100)
    var text = NumberFormat.grouped(Int(whole))
    if cents > 0 {
      text += cents % 10 == 0 ? ".\(cents / 10)" : (cents < 10 ? ".0\(cents)" : ".\(cents)")
    }
    return sign + text + suffix
  }

  /// Labels for values printed at bar ends: grouped digits, decimals shared by all bars.
  ///
  /// Whole numbers get none; otherwise the decimals shrink as magnitudes grow (0 from
  /// 1,000 up, 1 from 10, 2 from 1, and enough for two significant digits below 1).
  static func values(_ values: [Double]) -> [String] {
    let finite = values.filter { $0.isFinite }
    let d = decimals(for: finite)
    return values.map { v in
      if v.isNaN { return "NaN" }
      if v.isInfinite { return v < 0 ? "-inf" : "inf" }
      return NumberFormat.groupedFixed(v, d)
    }
  }

  /// Shared decimal places for a set of values (see `values`).
  static func decimals(for finite: [Double]) -> Int {
    if finite.allSatisfy({ $0 == $0.rounded() && abs($0) < 9e15 }) { return 0 }
    let maxAbs = finite.map(abs).max() ?? 0
    if maxAbs >= 1000 { return 0 }
    if maxAbs >= 10 { return 1 }
    if maxAbs >= 1 { return 2 }
    if maxAbs == 0 { return 0 }
    return min(8, 1 - Int(AxisTicks.log10Floor(maxAbs)))
  }
}
