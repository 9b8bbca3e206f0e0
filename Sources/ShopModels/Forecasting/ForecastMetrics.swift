/// Point and interval accuracy of a forecast against what happened.
///
/// All functions take the actual values `y` and the forecasts `ŷ` over the same steps, with
/// `e = y − ŷ` and n steps. Scaled metrics divide by the in-sample error of a seasonal naive
/// forecast over the training part, so they compare across series of different size:
///
/// - MAE  = mean |e|;  RMSE = sqrt(mean e²)
/// - MASE = MAE / mean_{t>m} |y_t − y_{t−m}|  (training part)
/// - RMSSE = sqrt(mean e² / mean_{t>m} (y_t − y_{t−m})²)  (training part; the M5 metric with m = 1)
/// - sMAPE = mean 2|e| / (|y| + |ŷ|), terms with |y| + |ŷ| = 0 count 0 (range 0…2; ×100 for percent)
/// - WAPE = Σ|e| / Σ|y|
/// - coverage = share of steps with lower ≤ y ≤ upper
///
/// With `fromFirstNonZero` (the M5 competition's rule), the scale skips the training values
/// before the first non-zero one, so a product's pre-launch zeros do not shrink it.
///
/// A scaled metric whose scale is 0 (a constant training series) is `nan`, and averages skip it.
public enum ForecastMetrics {
  public static func mae(_ y: [Double], _ f: [Double]) -> Double {
    precondition(y.count == f.count && !y.isEmpty, "metric of mismatched or empty arrays")
    return zip(y, f).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(y.count)
  }

  public static func mse(_ y: [Double], _ f: [Double]) -> Double {
    precondition(y.count == f.count && !y.isEmpty, "metric of mismatched or empty arrays")
    return zip(y, f).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(y.count)
  }

  public static func rmse(_ y: [Double], _ f: [Double]) -> Double { mse(y, f).squareRoot() }

  /// Mean |y_t − y_{t−m}| over the training values (`nan` if fewer than m + 1).
  public static func naiveAbsoluteScale(_ train: [Double], period m: Int, fromFirstNonZero: Bool = false) -> Double {
    let train = fromFirstNonZero ? Array(train.drop { $0 == 0 }) : train
    guard train.count > m else { return .nan }
    return (m..<train.count).reduce(0) { $0 + abs(train[$1] - train[$1 - m]) } / Double(train.count - m)
  }

  /// Mean (y_t − y_{t−m})² over the training values (`nan` if fewer than m + 1).
  public static func naiveSquaredScale(_ train: [Double], period m: Int, fromFirstNonZero: Bool = false) -> Double {
    let train = fromFirstNonZero ? Array(train.drop { $0 == 0 }) : train
    guard train.count > m else { return .nan }
    return (m..<train.count).reduce(0) { $0 + (train[$1] - train[$1 - m]) * (train[$1] - train[$1 - m]) }
      / Double(train.count - m)
  }

  public static func mase(
    _ y: [Double], _ f: [Double], train: [Double], period m: Int = 1, fromFirstNonZero: Bool = false
  ) -> Double {
    let s = naiveAbsoluteScale(train, period: m, fromFirstNonZero: fromFirstNonZero)
    return s > 0 ? mae(y, f) / s : .nan
  }

  public static func rmsse(
    _ y: [Double], _ f: [Double], train: [Double], period m: Int = 1, fromFirstNonZero: Bool = false
  ) -> Double {
    let s = naiveSquaredScale(train, period: m, fromFirstNonZero: fromFirstNonZero)
    return s > 0 ? (mse(y, f) / s).squareRoot() : .nan
  }

  public static func smape(_ y: [Double], _ f: [Double]) -> Double {
    precondition(y.count == f.count && !y.isEmpty, "metric of mismatched or empty arrays")
    return zip(y, f).reduce(0) { acc, p in
      let d = abs(p.0) + abs(p.1)
      return acc + (d > 0 ? 2 * abs(p.0 - p.1) / d : 0)
    } / Double(y.count)
  }

  /// Σ|e| / Σ|y| (`nan` when every actual is 0).
  public static func wape(_ y: [Double], _ f: [Double]) -> Double {
    precondition(y.count == f.count && !y.isEmpty, "metric of mismatched or empty arrays")
    let total = y.reduce(0) { $0 + abs($1) }
    return total > 0 ? zip(y, f).reduce(0) { $0 + abs($1.0 - $1.1) } / total : .nan
  }

  public static func coverage(_ y: [Double], lower: [Double], upper: [Double]) -> Double {
    precondition(y.count == lower.count && y.count == upper.count && !y.isEmpty)
    return Double((0..<y.count).filter { lower[$0] <= y[$0] && y[$0] <= upper[$0] }.count) / Double(y.count)
  }

  /// The mean of the finite values (`nan` if none).
  public static func finiteMean(_ values: [Double]) -> Double {
    let v = values.filter { $0.isFinite }
    return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
  }
}

/// Every metric of one series' forecast over one window.
public struct SeriesMetrics: Sendable, Equatable, Codable {
  public var key: String
  public var mae: Double, rmse: Double, mase: Double, rmsse: Double, smape: Double, wape: Double
  /// Interval coverage by level (percent), e.g. `[80: 0.82, 95: 0.96]`.
  public var coverage: [Double: Double]

  /// Scores `forecast` against `actual`; MASE uses `seasonalPeriod`, RMSSE `rmssePeriod`
  /// (1 in the M5 competition), both scaled on `train` (from its first non-zero value with
  /// `scaleFromFirstNonZero`).
  public init(
    key: String, actual: [Double], forecast: SeriesForecast, train: [Double], seasonalPeriod: Int,
    rmssePeriod: Int = 1, scaleFromFirstNonZero: Bool = false
  ) {
    let f = Array(forecast.mean.prefix(actual.count))
    self.key = key
    mae = ForecastMetrics.mae(actual, f)
    rmse = ForecastMetrics.rmse(actual, f)
    mase = ForecastMetrics.mase(actual, f, train: train, period: seasonalPeriod, fromFirstNonZero: scaleFromFirstNonZero)
    rmsse = ForecastMetrics.rmsse(actual, f, train: train, period: rmssePeriod, fromFirstNonZero: scaleFromFirstNonZero)
    smape = ForecastMetrics.smape(actual, f)
    wape = ForecastMetrics.wape(actual, f)
    var cov: [Double: Double] = [:]
    for i in forecast.intervals {
      cov[i.level] = ForecastMetrics.coverage(
        actual, lower: Array(i.lower.prefix(actual.count)), upper: Array(i.upper.prefix(actual.count)))
    }
    coverage = cov
  }

  public init(
    key: String, mae: Double, rmse: Double, mase: Double, rmsse: Double, smape: Double, wape: Double,
    coverage: [Double: Double] = [:]
  ) {
    self.key = key
    self.mae = mae
    self.rmse = rmse
    self.mase = mase
    self.rmsse = rmsse
    self.smape = smape
    self.wape = wape
    self.coverage = coverage
  }

  /// The per-metric mean over `rows` (finite values only), keyed `key`.
  public static func average(_ rows: [SeriesMetrics], key: String = "mean") -> SeriesMetrics {
    func m(_ f: (SeriesMetrics) -> Double) -> Double { ForecastMetrics.finiteMean(rows.map(f)) }
    var cov: [Double: Double] = [:]
    for level in Set(rows.flatMap { $0.coverage.keys }) {
      cov[level] = ForecastMetrics.finiteMean(rows.compactMap { $0.coverage[level] })
    }
    return SeriesMetrics(
      key: key, mae: m(\.mae), rmse: m(\.rmse), mase: m(\.mase), rmsse: m(\.rmsse), smape: m(\.smape),
      wape: m(\.wape), coverage: cov)
  }
}
