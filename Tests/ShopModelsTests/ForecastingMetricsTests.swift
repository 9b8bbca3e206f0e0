import ShopModels
import ShopTestSupport
import XCTest

/// Forecast metrics against numpy (bench/forecast/references.py, formulas as in
/// docs/forecasting-core.md), and the rolling-origin backtest's bookkeeping.
final class ForecastingMetricsTests: XCTestCase {
  private let train = Array(ForecastingBaselineTests.smooth[0..<70])
  private let actual = Array(ForecastingBaselineTests.smooth[70..<84])
  // references.py `forecast_for_metrics`
  private let forecast: [Double] = [
    23.25, 28.3, 31.35, 30.42, 25.23, 23.58, 23.85, 26.15, 30.23, 29.15, 27.7, 25.93, 23.19, 26.04,
  ]

  func testPointMetricsAgainstNumpy() {
    assertClose(ForecastMetrics.mae(actual, forecast), 1.4957142857142856, tolerance: 1e-12)
    assertClose(ForecastMetrics.rmse(actual, forecast), 2.0298486924610204, tolerance: 1e-12)
    assertClose(ForecastMetrics.mase(actual, forecast, train: train, period: 7), 1.2533918595371107, tolerance: 1e-12)
    assertClose(ForecastMetrics.rmsse(actual, forecast, train: train, period: 1), 0.6174120487547827, tolerance: 1e-12)
    assertClose(ForecastMetrics.smape(actual, forecast), 0.054017349799636835, tolerance: 1e-12)
    assertClose(ForecastMetrics.wape(actual, forecast), 0.05365241230879601, tolerance: 1e-12)
  }

  func testCoverageAgainstNumpy() {
    // mean((actual >= f - 2) & (actual <= f + 2))
    assertClose(
      ForecastMetrics.coverage(actual, lower: forecast.map { $0 - 2 }, upper: forecast.map { $0 + 2 }),
      0.7142857142857143, tolerance: 1e-12)
  }

  func testRMSSEScaleFromFirstNonZero() {
    // references.py: three leading zeros before intermittent[0..<40], flat forecast 1.1.
    let tr = [0, 0, 0] + Array(ForecastingBaselineTests.intermittent[0..<40])
    let act = Array(ForecastingBaselineTests.intermittent[40..<54])
    let f = [Double](repeating: 1.1, count: 14)
    assertClose(ForecastMetrics.rmsse(act, f, train: tr, fromFirstNonZero: true), 0.842722274433518, tolerance: 1e-12)
    assertClose(ForecastMetrics.rmsse(act, f, train: tr), 0.8286078138002979, tolerance: 1e-12)
  }

  func testDegenerateScalesAreNaNAndSkippedInAverages() {
    XCTAssertTrue(ForecastMetrics.rmsse([1, 2], [1, 1], train: [3, 3, 3]).isNaN)
    XCTAssertTrue(ForecastMetrics.wape([0, 0], [1, 1]).isNaN)
    // sMAPE counts 0/0 terms as 0.
    assertClose(ForecastMetrics.smape([0, 2], [0, 2]), 0)
    let a = SeriesMetrics(key: "a", mae: 1, rmse: 1, mase: .nan, rmsse: 2, smape: 0, wape: 1)
    let b = SeriesMetrics(key: "b", mae: 3, rmse: 3, mase: 4, rmsse: 4, smape: 1, wape: 1)
    let m = SeriesMetrics.average([a, b])
    XCTAssertEqual(m.mae, 2)
    XCTAssertEqual(m.mase, 4)
    XCTAssertEqual(m.rmsse, 3)
  }

  // MARK: Backtest

  func testBacktestFoldsTrainBeforeTheirWindow() throws {
    // Seasonal naive on a series 0, 1, 2, …: fold k trains on n − (4 − k)·3 values, so its
    // forecast repeats the last 7 training values, which pins down where each origin is.
    let y = (0..<40).map(Double.init)
    let panel = ForecastPanel(series: [ForecastSeries(key: "x", values: y)], period: 7)
    let result = try Backtest(folds: 4, horizon: 3, levels: []).run(PerSeriesForecaster(SeasonalNaiveModel()), on: panel)
    XCTAssertEqual(result.folds.count, 4)
    for (k, fold) in result.folds.enumerated() {
      let origin = 40 - (4 - k) * 3
      XCTAssertEqual(fold.forecasts[0].mean, [0, 1, 2].map { Double(origin - 7 + $0) })
      // Errors are 7 at every step; the one-step naive scale is 1.
      assertClose(fold.metrics[0].mae, 7)
      assertClose(fold.metrics[0].rmsse, 7)
    }
    assertClose(result.mean.rmsse, 7)
  }

  func testBacktestFloorsAtZeroAndRejectsShortSeries() throws {
    let panel = ForecastPanel(series: [ForecastSeries(key: "x", values: [5, 4, 3, 2, 1, 0, 0, 0])], period: 1)
    // Naive after a decline stays ≥ 0 anyway; intervals from the drift would go negative.
    let r = try Backtest(folds: 2, horizon: 2, levels: [95]).run(PerSeriesForecaster(NaiveModel()), on: panel)
    XCTAssertTrue(r.folds.allSatisfy { $0.forecasts[0].intervals[0].lower.allSatisfy { $0 >= 0 } })
    XCTAssertThrowsError(try Backtest(folds: 4, horizon: 2).run(PerSeriesForecaster(NaiveModel()), on: panel))
  }
}
