@testable import ShopModels
import ShopTestSupport
import XCTest

/// The statistical baselines against statsforecast 2.1.1. Every literal below was printed by
/// `bench/forecast/references.py` (statsforecast, numpy; default_rng(7) series).
final class ForecastingBaselineTests: XCTestCase {
  // MARK: Fixtures (references.py: `intermittent`, `smooth`)

  static let intermittent: [Double] = [
    3.0, 2.0, 3.0, 1.0, 0.0, 0.0, 0.0, 4.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 2.0, 1.0, 1.0,
    0.0, 1.0, 3.0, 3.0, 1.0, 1.0, 0.0, 1.0, 1.0, 2.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 2.0, 4.0, 2.0,
    0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 3.0, 1.0, 0.0, 0.0, 0.0, 2.0, 3.0, 3.0, 1.0, 1.0, 0.0, 1.0, 2.0,
    4.0, 1.0, 0.0,
  ]
  static let smooth: [Double] = [
    18.25, 24.77, 24.23, 23.25, 18.36, 14.09, 17.94, 22.14, 24.64, 25.5, 23.01, 17.96, 17.42,
    16.85, 21.35, 24.62, 25.85, 22.59, 20.89, 16.87, 19.06, 22.11, 25.41, 26.85, 24.01, 20.34,
    17.35, 18.49, 21.42, 26.0, 29.53, 24.6, 19.98, 18.76, 20.9, 22.05, 27.3, 27.94, 24.21, 22.47,
    19.1, 20.26, 23.45, 28.66, 28.74, 26.53, 21.32, 18.61, 22.23, 24.39, 29.2, 29.94, 26.93,
    22.62, 21.16, 21.29, 25.45, 29.63, 31.85, 28.75, 24.21, 20.66, 20.91, 27.25, 31.28, 31.23,
    29.31, 25.31, 22.76, 23.91, 26.54, 32.52, 30.83, 30.33, 25.72, 23.5, 25.57, 29.18, 30.56,
    31.09, 30.99, 24.92, 23.31, 25.23,
  ]

  private func assertPath(
    _ observed: [Double], _ expected: [Double], tolerance: Double = 1e-9,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(observed.count, expected.count, file: file, line: line)
    for (o, e) in zip(observed, expected) { assertClose(o, e, tolerance: tolerance, file: file, line: line) }
  }

  private func forecast(_ model: some UnivariateModel, _ y: [Double], levels: [Double] = []) -> SeriesForecast {
    model.fit(y, period: 7).forecast(key: "s", horizon: 5, levels: levels)
  }

  // MARK: Naive family

  func testNaiveAndIntervals() {
    // Naive().forecast(y=smooth, h=5, level=[80, 95])
    let f = forecast(NaiveModel(), Self.smooth, levels: [80, 95])
    assertPath(f.mean, [Double](repeating: 25.23, count: 5))
    assertPath(
      f.intervals[0].lower,
      [21.0561331992849, 19.327260962889905, 18.000650637136484, 16.882266398569797, 15.896950104571467],
      tolerance: 1e-9)
    assertPath(
      f.intervals[1].upper,
      [31.61337841848184, 34.25746033317674, 36.28633574474921, 37.996756836963684, 39.503668069830496],
      tolerance: 1e-9)
  }

  func testSeasonalNaiveAndIntervals() {
    // SeasonalNaive(season_length=7).forecast(y=smooth, h=5, level=[80, 95])
    let f = forecast(SeasonalNaiveModel(), Self.smooth, levels: [80, 95])
    assertPath(f.mean, [29.18, 30.56, 31.09, 30.99, 24.92])
    assertPath(
      f.intervals[0].lower,
      [27.36045641102475, 28.74045641102475, 29.27045641102475, 29.170456411024748, 23.10045641102475])
    assertPath(
      f.intervals[1].upper,
      [31.96275178195951, 33.342751781959514, 33.872751781959515, 33.77275178195951, 27.702751781959513])
  }

  func testMovingAverage() {
    // WindowAverage(window_size=7).forecast(y=smooth, h=5)
    assertPath(forecast(MovingAverageModel(window: 7), Self.smooth).mean, [Double](repeating: 27.897142857142857, count: 5))
  }

  // MARK: Exponential smoothing

  func testSimpleExponentialSmoothing() {
    // SimpleExponentialSmoothing(alpha=0.3).forecast(y=smooth, h=5)
    assertPath(
      forecast(SimpleExponentialSmoothingModel(alpha: 0.3), Self.smooth).mean,
      [Double](repeating: 26.300487433374837, count: 5))
    // SimpleExponentialSmoothingOptimized().forecast(y=smooth, h=5): statsforecast's golden
    // section stops at its own tolerance, so agreement is to about 1e-6.
    assertPath(
      forecast(SimpleExponentialSmoothingModel(), Self.smooth).mean,
      [Double](repeating: 25.210967070944886, count: 5), tolerance: 1e-5)
  }

  func testETSRecursionWithFixedParameters() {
    // references.py `ets_aaa`: the A,A,A recursion in numpy with α 0.3, β 0.05, γ 0.1,
    // ℓ₀ 20, b₀ 0.1, s = [1, 2, 0.5, -1, -2, -0.5, 0].
    let r = ETSFit.filter(
      Self.smooth, components: .AAA, period: 7, alpha: 0.3, beta: 0.05, gamma: 0.1, level: 20,
      trend: 0.1, season: [1, 2, 0.5, -1, -2, -0.5, 0])
    assertClose(r.sse, 490.2846400309429, tolerance: 1e-12)
    let fit = ETSFit(
      components: .AAA, period: 7, alpha: 0.3, beta: 0.05, gamma: 0.1, initialLevel: 20,
      initialTrend: 0.1, initialSeason: [], sse: r.sse, residuals: r.residuals, level: r.level,
      trend: r.trend, season: r.season, aicc: 0)
    assertPath(
      fit.forecast(5),
      [28.597325141063227, 31.94410600265436, 31.648152535558307, 29.09706859773867, 25.109003035864454],
      tolerance: 1e-12)
  }

  func testETSFormsAgainstStatsforecast() {
    // AutoETS(season_length=7, model=spec).fit(smooth).predict(h=5). Our optimiser fits the
    // same likelihood from other starting states (statsforecast also optimises the seasonal
    // states), so forecasts agree to a few percent, not to rounding.
    let expected: [(ExponentialSmoothingModel.Components, [Double])] = [
      (.ANN, [27.055707092490945, 27.055707092490945, 27.055707092490945, 27.055707092490945, 27.055707092490945]),
      (.AAN, [28.283025758903655, 28.381071348746374, 28.47911693858909, 28.577162528431806, 28.675208118274526]),
      (.ANA, [27.860697442664126, 32.01303090353474, 32.66628620454714, 30.144420133967937, 25.84988550662741]),
      (.AAA, [28.494461592107314, 32.74201947487058, 33.46529789086334, 31.04501977008057, 26.839441633778424]),
    ]
    for (spec, want) in expected {
      let got = forecast(ExponentialSmoothingModel(components: spec), Self.smooth).mean
      for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: 0.05 * w, "\(spec)") }
    }
  }

  func testAutoETSChoosesTheSameFormAsStatsforecast() {
    // AutoETS(season_length=7, model="ZZZ", damped=False) picks ETS(A,A,A) on `smooth`; its
    // AICc ranking there is AAA < ANA < AAN < ANN.
    let fits = ExponentialSmoothingModel.Components.all.map { ETSFit.estimate(Self.smooth, components: $0, period: 7) }
    let best = fits.min { $0.aicc < $1.aicc }!
    XCTAssertEqual(best.components, .AAA)
    XCTAssertLessThan(fits[2].aicc, fits[1].aicc)  // ANA before AAN
    let auto = forecast(ExponentialSmoothingModel(), Self.smooth).mean
    let aaa = forecast(ExponentialSmoothingModel(components: .AAA), Self.smooth).mean
    assertPath(auto, aaa)
  }

  // MARK: Intermittent demand

  func testCroston() {
    // CrostonClassic().forecast(y=intermittent, h=5)
    assertPath(forecast(CrostonModel(), Self.intermittent).mean, [Double](repeating: 1.3029945251288524, count: 5))
  }

  func testADIDA() {
    // ADIDA().forecast(y=intermittent, h=5); α from golden section in [0.1, 0.3].
    assertPath(forecast(ADIDAModel(), Self.intermittent).mean, [Double](repeating: 1.2904833357105636, count: 5), tolerance: 1e-6)
  }

  func testIntermittentEdgeCases() {
    // No demand: Croston falls back to naive (0), ADIDA forecasts 0, as statsforecast.
    XCTAssertEqual(forecast(CrostonModel(), [0, 0, 0]).mean, [0, 0, 0, 0, 0])
    XCTAssertEqual(forecast(ADIDAModel(), [0, 0, 0]).mean, [0, 0, 0, 0, 0])
    XCTAssertEqual(CrostonModel.intervals([0, 3, 0, 0, 2, 1]), [2, 3, 1])
  }

  func testPanelForecasterKeepsOrderAndKeys() throws {
    let panel = ForecastPanel(
      series: [ForecastSeries(key: "a", values: Self.smooth), ForecastSeries(key: "b", values: Self.intermittent)],
      period: 7)
    let out = try PerSeriesForecaster(SeasonalNaiveModel()).fit(panel).forecast(horizon: 3, levels: [80])
    XCTAssertEqual(out.map(\.key), ["a", "b"])
    XCTAssertEqual(out[1].mean, [1, 0, 1])  // intermittent[53...55]
    XCTAssertThrowsError(try PerSeriesForecaster(NaiveModel()).fit(ForecastPanel(series: [])))
  }

  // MARK: Stock-outs

  /// The rule on edge cases: a long gap in a series that sells most days is flagged, also at
  /// the end; a day nobody sold (the shop shut) neither counts nor breaks a run; a series
  /// that rarely sells has no gap unlikely enough.
  func testStockOutRunsNeedAnUnlikelyGapOnOpenDays() {
    var busy = [Double](repeating: 3, count: 60)
    for t in 20..<30 { busy[t] = 0 }  // 10 open days without a sale
    for t in 52..<60 { busy[t] = 0 }  // 8 at the end
    var other = [Double](repeating: 1, count: 60)
    other[25] = 0  // day 25: nobody sold, the shop was shut
    busy[40] = 0
    other[40] = 0  // a lone shut day inside sales: no run
    let rare = (0..<60).map { $0 % 5 == 0 ? 2.0 : 0 }  // sells one day in five
    let panel = ForecastPanel(
      series: [
        ForecastSeries(key: "busy", values: busy), ForecastSeries(key: "other", values: other),
        ForecastSeries(key: "rare", values: rare),
      ], period: 7)
    let runs = StockOutRule().runs(in: panel)
    // busy sells on 41 of its 59 open days: (18/59)^9 ≈ 2e-5 and (18/59)^8 ≈ 8e-5 < 0.001.
    XCTAssertEqual(runs[0], [20..<30, 52..<60])
    XCTAssertEqual(runs[1], [])
    // rare: runs of 4 open days (0.8^4 = 0.41), never below the minimum length of 7.
    XCTAssertEqual(runs[2], [])
  }

  /// Zeros before a series' first sale (a product not yet launched, as M5's rows carry) are
  /// no stock-out, and do not lower the rate its later gaps are judged by.
  func testStepsBeforeTheFirstSaleAreNoStockOut() {
    var late = [Double](repeating: 0, count: 30) + [Double](repeating: 2, count: 30)
    for t in 45..<53 { late[t] = 0 }  // 8 open days without a sale, after the launch
    let other = [Double](repeating: 1, count: 60)
    let panel = ForecastPanel(
      series: [ForecastSeries(key: "late", values: late), ForecastSeries(key: "other", values: other)], period: 7)
    // From the launch (day 30): sells 22 of 30 open days, (8/30)^8 ≈ 3e-5 < 0.001. Counted
    // from day 0 the rate would be 22/60 and (38/60)^8 ≈ 0.026: no run found.
    XCTAssertEqual(StockOutRule().runs(in: panel), [[45..<53], []])
  }

  /// Excluded steps are not scored: the backtest scores the steps left, and the LSTM's
  /// training data has no origin whose targets touch them.
  func testExcludedStepsAreNeitherScoredNorTrainedOn() throws {
    let values = (0..<80).map { Double($0 % 7) + 1 }
    var series = ForecastSeries(key: "s", values: values)
    series.excluded = [74..<77]
    let panel = ForecastPanel(series: [series], period: 7)
    let result = try Backtest(folds: 1, horizon: 7).run(PerSeriesForecaster(NaiveModel()), on: panel)
    // Naive forecasts values[72] = 3 for steps 73…79; scored only on 73, 77, 78, 79.
    let kept = [73, 77, 78, 79].map { values[$0] }
    XCTAssertEqual(result.folds[0].metrics[0].mae, kept.map { abs($0 - 3) }.reduce(0, +) / 4, accuracy: 1e-12)
    let c = LSTMForecastConfig.plainWeek(validationSteps: 0)
    let features = ForecastFeatures(config: c, panel: panel)
    let data = LSTMTrainingData(config: c, features: features, panel: panel)
    XCTAssertFalse(data.train.contains { $0.origin + 7 > 74 && $0.origin < 77 })
    XCTAssertEqual(data.train.count, (73 - 7 + 1) - 6)  // origins 7…73 less the six (68…73) reaching 74
  }
}
