/// A forecaster of one series at a time: the shape shared by all statistical baselines.
///
/// A model fits one history and returns a `UnivariateFit`; `PerSeriesForecaster` lifts it to a
/// panel. Keeping the per-series model free of panels keeps each baseline a few lines of
/// arithmetic that can be checked against statsforecast one series at a time.
public protocol UnivariateModel: Sendable {
  /// A short name for reports.
  var name: String { get }
  /// Fits `values` (season length `period`).
  func fit(_ values: [Double], period: Int) -> UnivariateFit
}

/// A fitted univariate model: its forecast path, in-sample one-step residuals, and how the
/// forecast variance grows with the horizon.
public struct UnivariateFit: Sendable {
  /// Point forecasts for steps 1...h (any h ≥ 1).
  public var path: @Sendable (Int) -> [Double]
  /// In-sample one-step-ahead errors `y_t − ŷ_t` where the model had a forecast.
  public var residuals: [Double]
  /// Multiplier of the one-step variance at step k (1-based); `{ _ in 1 }` keeps intervals flat.
  public var varianceGrowth: @Sendable (Int) -> Double
  /// The fitted parameters by name (α, β, …), for reports and tests.
  public var parameters: [String: Double]

  public init(
    path: @escaping @Sendable (Int) -> [Double], residuals: [Double],
    varianceGrowth: @escaping @Sendable (Int) -> Double = { _ in 1 }, parameters: [String: Double] = [:]
  ) {
    self.path = path
    self.residuals = residuals
    self.varianceGrowth = varianceGrowth
    self.parameters = parameters
  }

  /// A flat forecast at `value`.
  public static func flat(_ value: Double, residuals: [Double], parameters: [String: Double] = [:]) -> UnivariateFit {
    UnivariateFit(path: { h in [Double](repeating: value, count: h) }, residuals: residuals, parameters: parameters)
  }

  /// The residual standard deviation `sqrt(mean(e²))` over finite residuals (0 when none).
  public var residualStandardDeviation: Double {
    let e = residuals.filter { $0.isFinite }
    guard !e.isEmpty else { return 0 }
    return (e.reduce(0) { $0 + $1 * $1 } / Double(e.count)).squareRoot()
  }

  /// The forecast with residual-based normal intervals: `sd_k = σ · sqrt(varianceGrowth(k))`.
  public func forecast(key: String, horizon: Int, levels: [Double]) -> SeriesForecast {
    let mean = path(horizon)
    let sigma = residualStandardDeviation
    let sd = (1...max(1, horizon)).prefix(horizon).map { sigma * varianceGrowth($0).squareRoot() }
    return SeriesForecast(
      key: key, mean: mean,
      intervals: levels.map { PredictionInterval.normal(level: $0, mean: mean, standardDeviations: sd) })
  }
}

/// Lifts a `UnivariateModel` to a panel `Forecaster` by fitting every series on its own,
/// without the steps the panel leaves out of training (`trainingExclusions()`).
public struct PerSeriesForecaster<Model: UnivariateModel>: Forecaster {
  public var model: Model
  public init(_ model: Model) { self.model = model }
  public var name: String { model.name }

  public func fit(_ panel: ForecastPanel) throws -> any FittedForecaster {
    guard !panel.series.isEmpty, panel.series.allSatisfy({ !$0.values.isEmpty }) else {
      throw TrainingError.noTrainingData
    }
    // The steps the LSTM never takes as targets (stock-outs) are not fitted here either.
    let exclusions = panel.trainingExclusions()
    return Fitted(
      keys: panel.series.map(\.key),
      fits: zip(panel.series, exclusions).map { s, ranges in
        model.fit(s.values(removing: ranges, period: panel.period), period: panel.period)
      })
  }

  struct Fitted: FittedForecaster {
    var keys: [String]
    var fits: [UnivariateFit]
    func forecast(horizon: Int, levels: [Double]) throws -> [SeriesForecast] {
      zip(keys, fits).map { $1.forecast(key: $0, horizon: horizon, levels: levels) }
    }
  }
}
