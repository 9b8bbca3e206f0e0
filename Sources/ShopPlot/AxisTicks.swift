/// Round tick values for numeric axes ("nice numbers").
///
/// Ticks are multiples of a step from the 1-2-5 sequence (…, 0.5, 1, 2, 5, 10, 20, …),
/// the smallest such step that needs at most `maxTicks` ticks to cover the data. The
/// axis is *loose*: the first tick is at or below `min` and the last at or above `max`,
/// so both ends of an axis carry a label. Tick values are computed as integer × 10^e in
/// one rounding, so 0.1 + 0.2 style drift never reaches a label (0.3 is 0.3).
public enum AxisTicks {
  /// Round ticks covering `min...max`, at most `maxTicks` of them (at least 2 are allowed,
  /// 3 when the range straddles zero).
  ///
  /// A zero-width range is widened first: 0 becomes -1...1, a positive v becomes 0...2v
  /// and a negative v becomes 2v...0, so a constant series sits mid-axis. Non-finite
  /// bounds give no ticks.
  ///
  ///     AxisTicks.nice(min: 3, max: 97, maxTicks: 6)   // [0, 20, 40, 60, 80, 100]
  public static func nice(min: Double, max: Double, maxTicks: Int) -> [Double] {
    scale(min: min, max: max, maxTicks: maxTicks)?.values ?? []
  }

  /// The full tick description behind `nice`, or nil for non-finite bounds.
  static func scale(min: Double, max: Double, maxTicks: Int) -> TickScale? {
    guard min.isFinite, max.isFinite else { return nil }
    var lo = Swift.min(min, max)
    var hi = Swift.max(min, max)
    if lo == hi { (lo, hi) = widened(lo) }
    // Two ticks cannot cover a range that straddles zero (one would have to be 0).
    let count = Swift.max(lo < 0 && hi > 0 ? 3 : 2, maxTicks)
    let rough = (hi - lo) / Double(count - 1)
    guard rough.isFinite, rough > 0 else { return nil }
    var exponent = Int(log10Floor(rough)) - 1
    // At most a handful of iterations: the first candidate is a decade below `rough`.
    for _ in 0..<12 {
      for mantissa in [1, 2, 5] {
        let step = TickScale.decimal(Double(mantissa), exponent)
        // The 1e-9 slack keeps a bound that is an exact multiple (0.3 / 0.1 is
        // 2.9999999999999996) on its own tick instead of one step further out.
        let first = (lo / step + 1e-9).rounded(.down)
        let last = (hi / step - 1e-9).rounded(.up)
        guard abs(first) < 1e15, abs(last) < 1e15 else { continue }
        if last - first + 1 <= Double(count) {
          return TickScale(
            first: Int64(first), last: Int64(last), mantissa: mantissa, exponent: exponent)
        }
      }
      exponent += 1
    }
    return nil
  }

  /// The range a constant series is drawn in (see `nice`).
  static func widened(_ v: Double) -> (Double, Double) {
    if v == 0 { return (-1, 1) }
    return v > 0 ? (0, 2 * v) : (2 * v, 0)
  }

  /// floor(log10(x)) for positive finite x, without Foundation.
  static func log10Floor(_ x: Double) -> Double {
    var e = 0.0
    var v = x
    while v >= 10 {
      v /= 10
      e += 1
    }
    while v < 1 {
      v *= 10
      e -= 1
    }
    return e
  }
}

/// Ticks k × mantissa × 10^exponent for k in first...last.
struct TickScale: Equatable {
  var first: Int64
  var last: Int64
  var mantissa: Int
  var exponent: Int

  var count: Int { Int(last - first) + 1 }
  var step: Double { Self.decimal(Double(mantissa), exponent) }
  var lower: Double { value(first) }
  var upper: Double { value(last) }
  var values: [Double] { (first...last).map(value) }

  /// Decimal places a label needs to show every tick exactly.
  var decimals: Int { Swift.max(0, -exponent) }

  func value(_ k: Int64) -> Double { Self.decimal(Double(k) * Double(mantissa), exponent) }

  /// The integer value of tick k when ticks are whole numbers that fit in Int64.
  func integer(_ k: Int64) -> Int64? {
    guard exponent >= 0, exponent <= 15 else { return nil }
    var p: Int64 = 1
    for _ in 0..<exponent { p *= 10 }
    let (a, o1) = k.multipliedReportingOverflow(by: Int64(mantissa))
    let (b, o2) = a.multipliedReportingOverflow(by: p)
    return o1 || o2 ? nil : b
  }

  /// n × 10^e rounded once: dividing by an exact power of ten gives the double nearest
  /// the decimal, which multiplying by 0.1 repeatedly would not.
  static func decimal(_ n: Double, _ e: Int) -> Double {
    var p = 1.0
    for _ in 0..<abs(e) { p *= 10 }
    return e >= 0 ? n * p : n / p
  }
}
