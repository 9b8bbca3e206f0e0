import Foundation

/// Something that learns from a panel's history and forecasts the steps after it.
///
/// Fitting and forecasting are separate so a fitted model can be stored (the LSTM writes a
/// `Checkpoint`) and asked for several horizons. Baselines fit each series on its own; the
/// LSTM fits one model across all series.
public protocol Forecaster: Sendable {
  /// A short name for reports, e.g. "seasonal_naive(7)".
  var name: String { get }
  /// Learns from `panel`'s values (and exogenous columns, if the model uses them).
  /// - Throws: `TrainingError` for options out of range, divergence, or an empty panel;
  ///   `CommandCancelled` when Ctrl-C stops training.
  func fit(_ panel: ForecastPanel) throws -> any FittedForecaster
}

/// A fitted forecaster: forecasts the `horizon` steps after the history it was fitted on.
public protocol FittedForecaster: Sendable {
  /// One forecast per series of the fitted panel, in panel order.
  /// - Parameter levels: coverage of prediction intervals in percent, e.g. `[80, 95]`.
  func forecast(horizon: Int, levels: [Double]) throws -> [SeriesForecast]
}

/// The forecast of one series: a point path and, optionally, intervals.
public struct SeriesForecast: Sendable, Equatable {
  public var key: String
  /// Point forecasts for steps 1...h after the history.
  public var mean: [Double]
  /// Prediction intervals by level (percent), each `lower[k] ≤ mean[k] ≤ upper[k]`.
  public var intervals: [PredictionInterval]

  public init(key: String, mean: [Double], intervals: [PredictionInterval] = []) {
    self.key = key
    self.mean = mean
    self.intervals = intervals
  }

  /// The forecast at steps `indices` only (0-based), bounds included.
  public func selecting(_ indices: [Int]) -> SeriesForecast {
    if indices == Array(mean.indices) { return self }
    return SeriesForecast(
      key: key, mean: indices.map { mean[$0] },
      intervals: intervals.map { b in
        PredictionInterval(level: b.level, lower: indices.map { b.lower[$0] }, upper: indices.map { b.upper[$0] })
      })
  }

  /// The same forecast with every value (and bound) at least 0, for non-negative targets
  /// such as unit sales.
  public func flooredAtZero() -> SeriesForecast {
    var f = self
    f.mean = mean.map { max(0, $0) }
    f.intervals = intervals.map {
      PredictionInterval(level: $0.level, lower: $0.lower.map { max(0, $0) }, upper: $0.upper.map { max(0, $0) })
    }
    return f
  }
}

/// A central prediction interval at `level` percent coverage.
public struct PredictionInterval: Sendable, Equatable {
  public var level: Double
  public var lower: [Double]
  public var upper: [Double]

  public init(level: Double, lower: [Double], upper: [Double]) {
    self.level = level
    self.lower = lower
    self.upper = upper
  }

  /// Normal intervals `mean ± z·sd[k]` with z the standard normal quantile for `level`.
  public static func normal(level: Double, mean: [Double], standardDeviations sd: [Double]) -> PredictionInterval {
    let z = standardNormalQuantile(0.5 + level / 200)
    return PredictionInterval(
      level: level, lower: zip(mean, sd).map { $0 - z * $1 }, upper: zip(mean, sd).map { $0 + z * $1 })
  }
}

/// The standard normal quantile Φ⁻¹(p), by Acklam's rational approximation refined with one
/// Halley step (absolute error below 1e-12 on (0, 1)); enough for interval bounds.
public func standardNormalQuantile(_ p: Double) -> Double {
  precondition(p > 0 && p < 1, "quantile of p outside (0, 1)")
  let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
           1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
  let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
           6.680131188771972e+01, -1.328068155288572e+01]
  let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
           -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
  let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
  let low = 0.02425
  var x: Double
  if p < low {
    let q = (-2 * log(p)).squareRoot()
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
      / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  } else if p <= 1 - low {
    let q = p - 0.5, r = q * q
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
      / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  } else {
    let q = (-2 * log(1 - p)).squareRoot()
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
      / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  }
  // Halley refinement against the exact CDF via erfc.
  let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
  let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
  x -= u / (1 + x * u / 2)
  return x
}
