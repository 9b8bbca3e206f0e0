/// Sample quantiles and the five-number summary behind box plots and bin rules.
enum Quantiles {
  /// The p-quantile of ascending, finite `sorted` values by linear interpolation between
  /// order statistics (Hyndman & Fan type 7, the default of R and NumPy):
  /// h = (n - 1)·p, then sorted[⌊h⌋] + (h - ⌊h⌋)·(sorted[⌊h⌋ + 1] - sorted[⌊h⌋]).
  static func type7(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let h = Double(sorted.count - 1) * min(max(p, 0), 1)
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
  }
}

/// The numbers a box plot draws: quartiles (type 7), Tukey whiskers and outliers.
///
/// Whiskers reach the most extreme data values within 1.5 × IQR of the box; values beyond
/// them are outliers. NaN and infinite values are left out.
public struct BoxSummary: Sendable, Equatable {
  public var count: Int
  public var min: Double
  public var q1: Double
  public var median: Double
  public var q3: Double
  public var max: Double
  public var lowerWhisker: Double
  public var upperWhisker: Double
  /// Values outside the whiskers, ascending.
  public var outliers: [Double]

  /// The summary of the finite values, or nil when there are none.
  public init?(values: [Double]) {
    let sorted = values.filter { $0.isFinite }.sorted()
    guard let first = sorted.first, let last = sorted.last else { return nil }
    count = sorted.count
    min = first
    max = last
    q1 = Quantiles.type7(sorted, 0.25)
    median = Quantiles.type7(sorted, 0.5)
    q3 = Quantiles.type7(sorted, 0.75)
    let reach = 1.5 * (q3 - q1)
    let (lowFence, highFence) = (q1 - reach, q3 + reach)
    lowerWhisker = sorted.first { $0 >= lowFence } ?? first
    upperWhisker = sorted.last { $0 <= highFence } ?? last
    outliers = sorted.filter { $0 < lowFence || $0 > highFence }
  }

  /// The interquartile range, q3 - q1.
  public var iqr: Double { q3 - q1 }
}
