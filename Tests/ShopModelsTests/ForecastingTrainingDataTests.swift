@testable import ShopModels
import ShopCore
import Synchronization
import XCTest

/// What the forecasters train on: stock-outs found from the training part only, the same
/// steps left out for the LSTM and the baselines, and the LSTM's month and scale inputs.
/// Synthetic series: each case is an edge the rule or an encoding must get right.
final class ForecastingTrainingDataTests: XCTestCase {
  // MARK: Fixtures

  /// "busy" sells 3 a day except a zero run over `gap`; "other" sells 2 every day, so every
  /// day is open for trade.
  static func panel(days: Int, gap: Range<Int>) -> ForecastPanel {
    var busy = [Double](repeating: 3, count: days)
    for t in gap { busy[t] = 0 }
    var p = ForecastPanel(
      series: [ForecastSeries(key: "busy", values: busy), ForecastSeries(key: "other", values: Array(repeating: 2, count: days))],
      period: 7)
    p.stockOutRule = StockOutRule()
    return p
  }

  /// A univariate model that records the histories it is fitted on and forecasts their last value.
  final class Recorder: UnivariateModel, @unchecked Sendable {
    let fitted = Mutex<[[Double]]>([])
    var name: String { "recorder" }
    func fit(_ values: [Double], period: Int) -> UnivariateFit {
      fitted.withLock { $0.append(values) }
      return .flat(values.last ?? 0, residuals: [])
    }
  }

  // MARK: Stock-outs from the training part only

  /// A zero run that straddles the start of the test window: on the whole table it is 10
  /// days long and flagged, but the fold's training part holds only its first 2 days, too
  /// short to flag. Training must see those 2 days as ordinary data; the score still leaves
  /// out the run's 8 days inside the window (hindsight, the actuals are known).
  func testStockOutsAreFoundInTheTrainingPartOnly() throws {
    let panel = Self.panel(days: 100, gap: 70..<80)
    XCTAssertEqual(panel.trainingExclusions()[0], [70..<80])
    let train = panel.droppingLast(28)  // steps 0..<72
    XCTAssertEqual(train.trainingExclusions()[0], [], "a 2-day gap in the training part is no stock-out")

    // The LSTM's samples on the training part: the same as with no rule at all.
    let c = LSTMForecastConfig.plainWeek(validationSteps: 0)
    func origins(_ p: ForecastPanel) -> [LSTMTrainingData.Sample] {
      LSTMTrainingData(config: c, features: ForecastFeatures(config: c, panel: p), panel: p).train
    }
    var unruled = train
    unruled.stockOutRule = nil
    XCTAssertEqual(origins(train), origins(unruled))
    // On the whole table the run is left out: no origin whose targets touch 70..<80.
    XCTAssertFalse(origins(panel).contains { $0.series == 0 && $0.origin + 7 > 70 && $0.origin < 80 })

    // The backtest's baseline fit sees steps 70 and 71 (zeros) as data …
    let recorder = Recorder()
    let result = try Backtest(folds: 1, horizon: 28).run(PerSeriesForecaster(recorder), on: panel)
    let busyFit = recorder.fitted.withLock { $0[0] }
    XCTAssertEqual(busyFit.count, 72)
    XCTAssertEqual(busyFit.suffix(2), [0, 0])
    // … forecasts their last value 0, and is scored on steps 80…99 only (3 each): MAE 3.
    XCTAssertEqual(result.folds[0].metrics[0].mae, 3, accuracy: 1e-12)
    XCTAssertEqual(result.folds[0].forecasts[0].mean.first, 0)
  }

  // MARK: The baselines fit on what the LSTM trains on

  /// A run inside the training part is removed from a baseline's history, widened back to a
  /// whole week so the days after it keep their weekday; the LSTM takes none of its steps as
  /// targets. A run reaching the end of the history leaves the last value before it.
  func testBaselinesAndTheLSTMLeaveOutTheSameSteps() throws {
    let panel = Self.panel(days: 90, gap: 40..<50).droppingLast(0)
    let ranges = panel.trainingExclusions()[0]
    XCTAssertEqual(ranges, [40..<50])
    // 10 days widened to 14: steps 36..<50 removed.
    let values = (0..<90).map(Double.init)
    let kept = ForecastSeries(key: "t", values: values).values(removing: ranges, period: 7)
    XCTAssertEqual(kept, Array(values[0..<36] + values[50...]))
    XCTAssertEqual(ForecastSeries(key: "t", values: values).values(removing: ranges, period: 1), Array(values[0..<40] + values[50...]))
    XCTAssertEqual(ForecastSeries(key: "t", values: [1, 2]).values(removing: [0..<2], period: 1), [1, 2], "nothing left: unchanged")

    let recorder = Recorder()
    _ = try PerSeriesForecaster(recorder).fit(panel)
    let fitted = recorder.fitted.withLock { $0 }
    XCTAssertEqual(fitted[0].count, 90 - 14)
    XCTAssertFalse(fitted[0].contains(0), "no stock-out zero is fitted")
    XCTAssertEqual(fitted[1].count, 90)

    let c = LSTMForecastConfig.plainWeek(validationSteps: 14)
    let data = LSTMTrainingData(config: c, features: ForecastFeatures(config: c, panel: panel), panel: panel)
    let targetSteps = Set((data.train + data.validation).filter { $0.series == 0 }.flatMap { $0.origin..<($0.origin + 7) })
    XCTAssertTrue(targetSteps.isDisjoint(with: 40..<50))
    XCTAssertTrue(targetSteps.contains(39) && targetSteps.contains(50))
    // The scale, too, is the mean of the steps kept: 3 (plus the epsilon), not 3 · 80/90.
    XCTAssertEqual(data.scales[0], 3 + c.scaleEpsilon, accuracy: 1e-12)

    // Ongoing at the end of the history: the baseline continues from before the run.
    let ending = Self.panel(days: 60, gap: 50..<60)
    let naive = try PerSeriesForecaster(NaiveModel()).fit(ending).forecast(horizon: 3, levels: [])
    XCTAssertEqual(naive[0].mean, [3, 3, 3])
  }

  // MARK: Month of the year

  /// Step 0 is Monday 1970-01-05 (January), step 27 is 1970-02-01 (February), step 57 is
  /// 1970-03-03 (March): one-hot puts a 1 in the month's column, cyclic gives
  /// sin/cos of 2π(month − 1)/12.
  func testMonthOneHotAndCyclic() {
    let series = ForecastSeries(key: "s", start: 0, values: Array(repeating: 1, count: 60))
    let panel = ForecastPanel(series: [series], period: 7, stepDays: 1)
    var c = LSTMForecastConfig()
    c.lags = []
    c.rollingMeans = []
    c.calendar = .none
    c.logInputs = false  // the target column then holds 1, not log 2
    c.month = .oneHot
    let oneHot = ForecastFeatures(config: c, panel: panel)
    XCTAssertEqual(oneHot.width, 13)
    let rows = oneHot.rows(series, scale: 1)
    func row(_ t: Int, _ f: ForecastFeatures, _ r: [Float]) -> [Float] { Array(r[(t * f.width)..<((t + 1) * f.width)]) }
    XCTAssertEqual(row(0, oneHot, rows), [1, 1] + [Float](repeating: 0, count: 11))
    XCTAssertEqual(row(27, oneHot, rows), [1, 0, 1] + [Float](repeating: 0, count: 10))
    XCTAssertEqual(row(57, oneHot, rows), [1, 0, 0, 1] + [Float](repeating: 0, count: 9))

    c.month = .cyclic
    let cyclic = ForecastFeatures(config: c, panel: panel)
    XCTAssertEqual(cyclic.width, 3)
    let r = cyclic.rows(series, scale: 1)
    XCTAssertEqual(row(0, cyclic, r), [1, 0, 1])
    XCTAssertEqual(row(27, cyclic, r)[1], 0.5, accuracy: 1e-6)  // sin(π/6)
    XCTAssertEqual(row(27, cyclic, r)[2], Float(3.0.squareRoot() / 2), accuracy: 1e-6)

    // `yearly` alone (older checkpoints) means cyclic; without a known step length, no input.
    c.month = nil
    c.yearly = true
    XCTAssertEqual(ForecastFeatures(config: c, panel: panel).width, 3)
    XCTAssertEqual(ForecastFeatures(config: c, panel: ForecastPanel(series: [series], period: 7)).width, 1)
  }

  // MARK: Scale and schedule

  /// The scale over the whole history, from the first sale, or over the last steps.
  func testScalingChoices() {
    let values: [Double] = [0, 0, 0, 0, 2, 4, 6, 8]
    var c = LSTMForecastConfig()
    c.scaleEpsilon = 0
    let panel = ForecastPanel(series: [ForecastSeries(key: "s", values: values)], period: 1)
    XCTAssertEqual(ForecastFeatures(config: c, panel: panel).scale(of: values), 2.5)
    c.scaling = .fromFirstSale
    XCTAssertEqual(ForecastFeatures(config: c, panel: panel).scale(of: values), 5)
    c.scaling = .recent
    c.scaleSteps = 2
    XCTAssertEqual(ForecastFeatures(config: c, panel: panel).scale(of: values), 7)
  }

  /// The learning rate decays by the factor after every epoch, and out-of-range factors are refused.
  func testLearningRateDecayPerEpoch() throws {
    var c = LSTMForecastConfig()
    c.window = 7
    c.horizon = 7
    c.learningRate = 0.01
    c.learningRateDecay = 0.5
    c.validationSteps = 0
    let panel = Self.panel(days: 60, gap: 0..<0)
    let features = ForecastFeatures(config: c, panel: panel)
    let data = LSTMTrainingData(config: c, features: features, panel: panel)
    var run = MemberRun(config: c, features: features, seed: 1)
    _ = try run.epoch(1, samples: data.train, data: data, cancellation: Cancellation())
    XCTAssertEqual(run.adam.learningRate, 0.01)
    _ = try run.epoch(3, samples: data.train, data: data, cancellation: Cancellation())
    XCTAssertEqual(run.adam.learningRate, 0.0025, accuracy: 1e-9)
    c.learningRateDecay = 0
    XCTAssertThrowsError(try c.validate())
    c.learningRateDecay = 1.5
    XCTAssertThrowsError(try c.validate())
  }

  // MARK: Level, identity, recency and target features

  /// Smoothed means follow m ← m + α(y − m) from the first value (worked by hand below), the
  /// series one-hot sits last, and the target rows hold the target step's weekday and month.
  func testSmoothedMeansIdentityAndTargetRows() {
    var c = LSTMForecastConfig()
    c.lags = []
    c.rollingMeans = []
    c.calendar = .none
    c.logInputs = false
    c.useExogenous = false
    c.smoothedMeans = [0.5]
    c.seriesIdentity = true
    c.targetCalendar = .additive
    c.targetMonth = true
    let a = ForecastSeries(key: "a", start: 0, values: [2, 4, 0, 8])
    let b = ForecastSeries(key: "b", start: 0, values: [1, 1, 1, 1])
    let panel = ForecastPanel(series: [a, b], period: 7, stepDays: 1)
    let f = ForecastFeatures(config: c, panel: panel)
    XCTAssertEqual(f.width, 1 + 1 + 2)
    let rows = f.rows(a, scale: 1)
    // m: 2, then 2 + 0.5·(4 − 2) = 3, 3 + 0.5·(0 − 3) = 1.5, 1.5 + 0.5·(8 − 1.5) = 4.75.
    XCTAssertEqual((0..<4).map { rows[$0 * 4 + 1] }, [2, 3, 1.5, 4.75])
    XCTAssertEqual(Array(rows[2..<4]), [1, 0])
    XCTAssertEqual(Array(f.rows(b, scale: 1)[2..<4]), [0, 1])
    // Step 0 is Monday 1970-01-05 (January); step 30 is Wednesday 1970-02-04 (February).
    XCTAssertEqual(f.targetWidth, 7 + 12)
    let z = f.targetRows(a, from: 30, count: 1)
    XCTAssertEqual(z.indices.filter { z[$0] == 1 }, [2, 7 + 1])
  }

  /// Recency weights halve every `recencyHalfLife` steps of age and average 1 over the
  /// training samples.
  func testRecencyWeightsHalveWithAgeAndAverageOne() {
    var c = LSTMForecastConfig()
    c.window = 4
    c.horizon = 2
    c.lags = []
    c.rollingMeans = []
    c.validationSteps = 0
    c.recencyHalfLife = 3
    let panel = ForecastPanel(series: [ForecastSeries(key: "a", values: (0..<20).map(Double.init))], period: 7)
    let data = LSTMTrainingData(config: c, features: ForecastFeatures(config: c, panel: panel), panel: panel)
    let w = data.weights(data.train)!.map(Double.init)
    XCTAssertEqual(w.reduce(0, +) / Double(w.count), 1, accuracy: 1e-5)
    let newest = data.train.firstIndex { $0.origin == 18 }!, older = data.train.firstIndex { $0.origin == 15 }!
    XCTAssertEqual(w[older] / w[newest], 0.5, accuracy: 1e-5)
  }

  /// The SES anchor of every training and validation sample, precomputed for all origins in
  /// one pass, equals the one-origin `offset` (the forecast's path) and the recursion run
  /// directly (reference: level = y0, then level += 0.3·(y − level), log under Tweedie).
  func testSmoothingAnchorOffsetsMatchTheRecursion() {
    var c = LSTMForecastConfig()
    c.anchorSmoothing = 0.3
    c.validationSteps = 28
    let p = Self.panel(days: 200, gap: 90..<100)
    let data = LSTMTrainingData(config: c, features: ForecastFeatures(config: c, panel: p), panel: p)
    XCTAssertFalse(data.train.isEmpty)
    XCTAssertFalse(data.validation.isEmpty)
    let samples = data.train + data.validation
    let offsets = data.batch(samples).offsets ?? []
    XCTAssertEqual(offsets.count, samples.count)
    for (sample, offset) in zip(samples, offsets) {
      let y = data.targets[sample.series].map(Double.init)
      var level = y[0]
      for t in 1..<sample.origin { level += 0.3 * (y[t] - level) }
      XCTAssertEqual(Double(offset), log(max(level, 0.05)), accuracy: 1e-5)
      XCTAssertEqual(offset, LSTMTrainingData.offset(data.targets[sample.series], origin: sample.origin, config: c), accuracy: 1e-6)
    }
  }
}
