import ShopCore

import Foundation

/// Rolling-origin evaluation: refit at each of `folds` origins, forecast `horizon` steps, score.
///
/// The last `folds × horizon` values of every series are the test windows. Fold k (0-based,
/// oldest first) trains on everything before its window, `values[..<n − (folds − k)·horizon]`,
/// and is scored on the `horizon` values after that; later windows never leak into earlier
/// folds. Scaled metrics are scaled on each fold's own training part.
public struct Backtest: Sendable {
  public var folds: Int
  public var horizon: Int
  /// Clamp forecasts (and bounds) at 0, for non-negative targets such as units sold.
  public var floorAtZero: Bool
  /// Season length for MASE; `nil` uses the panel's period.
  public var seasonalPeriod: Int?
  /// Lag of the naive scale in RMSSE (1, as in the M5 competition).
  public var rmssePeriod: Int
  /// Scale MASE and RMSSE from each series' first non-zero training value (the M5 rule).
  public var scaleFromFirstNonZero: Bool
  /// Interval levels to forecast and score, in percent.
  public var levels: [Double]

  public init(
    folds: Int = 4, horizon: Int = 28, floorAtZero: Bool = true, seasonalPeriod: Int? = nil,
    rmssePeriod: Int = 1, scaleFromFirstNonZero: Bool = true, levels: [Double] = [80, 95]
  ) {
    precondition(folds >= 1 && horizon >= 1, "a backtest needs at least one fold of one step")
    self.folds = folds
    self.horizon = horizon
    self.floorAtZero = floorAtZero
    self.seasonalPeriod = seasonalPeriod
    self.rmssePeriod = rmssePeriod
    self.scaleFromFirstNonZero = scaleFromFirstNonZero
    self.levels = levels
  }

  /// One fold's scores and forecasts.
  public struct Fold: Sendable {
    public var index: Int
    /// Per series, in panel order, without series whose whole window is excluded.
    public var metrics: [SeriesMetrics]
    public var forecasts: [SeriesForecast]
    /// Wall time to fit and forecast, in seconds.
    public var seconds: Double
    public var mean: SeriesMetrics { SeriesMetrics.average(metrics) }
  }

  /// All folds, and the mean over series and folds.
  public struct Result: Sendable {
    public var model: String
    public var folds: [Fold]
    public var mean: SeriesMetrics { SeriesMetrics.average(folds.flatMap(\.metrics)) }
    public var seconds: Double { folds.reduce(0) { $0 + $1.seconds } }
  }

  /// Runs the protocol on `panel` with `forecaster`.
  /// - Throws: `TrainingError.noTrainingData` when a series is too short for the folds,
  ///   `CommandCancelled` on Ctrl-C (between folds, or after a fit it interrupted), and
  ///   whatever the forecaster throws.
  public func run(_ forecaster: any Forecaster, on panel: ForecastPanel) throws -> Result {
    let test = folds * horizon
    guard panel.series.allSatisfy({ $0.values.count > test + 1 }) else { throw TrainingError.noTrainingData }
    // Scores leave out the stock-outs found with hindsight, on the whole panel (the actuals
    // are known when scoring); each fit finds its own in its training part only.
    let scoringExclusions = panel.trainingExclusions()
    var results: [Fold] = []
    for k in 0..<folds {
      try Cancellation.shared.check()
      let held = (folds - k) * horizon
      let train = panel.droppingLast(held)
      let clock = ContinuousClock.now
      let fitted = try forecaster.fit(train)
      // A model Ctrl-C stopped keeps its best weights, but a fold scored on them is not the
      // protocol: the backtest stops instead.
      try Cancellation.shared.check()
      var forecasts = try fitted.forecast(horizon: horizon, levels: levels)
      if floorAtZero { forecasts = forecasts.map { $0.flooredAtZero() } }
      let seconds = Self.seconds(since: clock)
      let m = seasonalPeriod ?? panel.period
      let metrics = zip(panel.series.indices, zip(train.series, forecasts)).compactMap { i, pair -> SeriesMetrics? in
        let full = panel.series[i], start = pair.0.values.count
        // Excluded steps (stock-outs) are not scored; a window with none left is skipped.
        let kept = (0..<horizon).filter { t in !scoringExclusions[i].contains { $0.contains(start + t) } }
        guard !kept.isEmpty else { return nil }
        return SeriesMetrics(
          key: full.key, actual: kept.map { full.values[start + $0] }, forecast: pair.1.selecting(kept),
          train: pair.0.values, seasonalPeriod: m, rmssePeriod: rmssePeriod,
          scaleFromFirstNonZero: scaleFromFirstNonZero)
      }
      results.append(Fold(index: k, metrics: metrics, forecasts: forecasts, seconds: seconds))
    }
    return Result(model: forecaster.name, folds: results)
  }

  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
