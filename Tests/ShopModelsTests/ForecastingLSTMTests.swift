import Foundation
import ShopCore
import ShopModels
import ShopTensor
import ShopTestSupport
import Synchronization
import XCTest

/// The LSTM demand model: gradients of the whole loss, learning a noiseless seasonal series,
/// determinism, checkpoints, divergence and Ctrl-C.
final class ForecastingLSTMTests: XCTestCase {
  // MARK: Gradients of the whole loss

  /// Central finite differences on every parameter of the network (LSTM weights and bias,
  /// head weights and bias, and with `targetWidth` the target-feature weights U and, when
  /// `interacting`, A, and with `headHidden` the hidden head layer's P and p) for each loss,
  /// with a fixed dropout mask.
  private func checkLossGradients(
    _ loss: ForecastLoss, horizon: Int, targetWidth F: Int = 0, interacting: Bool = false, headHidden M: Int = 0,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    var rng = SeededRandom(seed: 3)
    let I = 3, H = 8, T = 5, B = 3, O = horizon * loss.outputsPerStep
    var net = LSTMForecastNetwork(
      inputSize: I, hidden: H, outputs: O, outputsPerStep: loss.outputsPerStep, targetWidth: F, interacting: interacting,
      headHidden: M, logLink: loss.logLink, seed: 1)
    XCTAssertEqual(
      net.parameters.count, 4 + (F > 0 ? 1 : 0) + (interacting ? 1 : 0) + (M > 0 ? 2 : 0), file: file, line: line)
    XCTAssertEqual(
      net.parameters.map(\.shape),
      LSTMForecastNetwork.parameterShapes(
        inputSize: I, hidden: H, outputs: O, outputsPerStep: loss.outputsPerStep, targetWidth: F,
        interacting: interacting, headHidden: M), file: file, line: line)
    // Larger-than-default weights so every gate is away from its linear regime.
    net.parameters = net.parameters.map { p in Tensor.randomUniform(p.shape, limit: 0.5, using: &rng) }
    if loss.outputsPerStep > 1 {
      // Small target weights keep the outputs near 0, away from the pinball kinks (below).
      for k in net.parameters.indices.dropFirst(4) { net.parameters[k].scale(by: 0.1) }
    }
    let input = Tensor.randomNormal([T * B * I], std: 1, using: &rng).scalars
    let targets = (0..<(B * horizon)).map { _ in Float(rng.nextInt(below: 4)) * 0.5 }
    let mask: [Float] = (0..<(B * H)).map { $0 % 5 == 0 ? 0 : 1.25 }
    // Target features: a one-hot block (like the season position) and a dense column.
    let z: [Float]? = F > 0
      ? (0..<(B * horizon)).flatMap { r -> [Float] in
        (0..<F).map { f in f == F - 1 ? Float(rng.nextInt(below: 5)) * 0.4 - 0.8 : (f == r % (F - 1) ? 1 : 0) }
      } : nil
    func value() -> Double {
      net.lossAndGradients(
        input: input, steps: T, batch: B, targets: targets, loss: loss, dropoutMask: mask, targetFeatures: z
      ).loss
    }
    let analytic = net.lossAndGradients(
      input: input, steps: T, batch: B, targets: targets, loss: loss, dropoutMask: mask, targetFeatures: z
    ).gradients
    XCTAssertEqual(analytic.count, net.parameters.count, file: file, line: line)
    let eps: Float = 5e-3
    var worst = 0.0
    for k in net.parameters.indices {
      for i in 0..<net.parameters[k].count {
        let saved = net.parameters[k].scalars[i]
        net.parameters[k].scalars[i] = saved + eps
        let up = value()
        net.parameters[k].scalars[i] = saved - eps
        let down = value()
        net.parameters[k].scalars[i] = saved
        let numeric = (up - down) / Double(2 * eps)
        let a = Double(analytic[k].scalars[i])
        // Float forward passes: rounding over 2ε is about 1e-7 · |L| / 1e-2 ≈ 1e-5 here.
        let error = abs(a - numeric) / max(1e-2, abs(numeric))
        if error > worst { worst = error }
        XCTAssertEqual(a, numeric, accuracy: 2e-4 + 2e-2 * abs(numeric), "\(loss) p\(k)[\(i)]", file: file, line: line)
      }
    }
  }

  func testMSEGradients() { checkLossGradients(.mse, horizon: 3) }
  func testPoissonGradients() { checkLossGradients(.poisson, horizon: 3) }
  func testTweedieGradients() { checkLossGradients(.tweedie(power: 1.3), horizon: 3) }
  func testMSLEGradients() { checkLossGradients(.msle, horizon: 3) }
  // Targets sit on a 0.5 grid and outputs near 0, so no kink of the pinball loss lies within ε.
  func testPinballGradients() { checkLossGradients(.pinball(quantiles: [0.1, 0.5, 0.9]), horizon: 2) }
  // The target-calendar head: U alone, then U + h·A, under a log link and with quantiles.
  func testAdditiveTargetFeatureGradients() { checkLossGradients(.tweedie(power: 1.3), horizon: 3, targetWidth: 4) }
  func testInteractingTargetFeatureGradients() {
    checkLossGradients(.poisson, horizon: 3, targetWidth: 4, interacting: true)
    checkLossGradients(.mse, horizon: 2, targetWidth: 3, interacting: true)
    checkLossGradients(.pinball(quantiles: [0.1, 0.5, 0.9]), horizon: 2, targetWidth: 3, interacting: true)
  }

  // The hidden head layer (tanh) alone, and under the additive and interacting target heads.
  // (Pinball is left out: the layer moves the outputs onto the loss's kinks at the 0.5-grid
  // targets; its gradient path through the head is the same as the other losses'.)
  func testHiddenHeadLayerGradients() {
    checkLossGradients(.mse, horizon: 3, headHidden: 5)
    checkLossGradients(.msle, horizon: 3, headHidden: 4)
    checkLossGradients(.tweedie(power: 1.3), horizon: 3, targetWidth: 4, interacting: true, headHidden: 6)
    checkLossGradients(.poisson, horizon: 2, targetWidth: 3, headHidden: 3)
  }

  // MARK: Learning

  private func sinePanel(series: Int = 3, length: Int = 300) -> ForecastPanel {
    // Noiseless: 10 + 5·sin(2π(t + φ)/7), a different phase per series.
    ForecastPanel(
      series: (0..<series).map { s in
        ForecastSeries(
          key: "s\(s)", start: 0,
          values: (0..<length).map { 10 + 5 * sin(2 * Double.pi * Double($0 + 2 * s) / 7) })
      }, period: 7)
  }

  private func smallConfig(seed: UInt64 = 0) -> LSTMForecastConfig {
    var c = LSTMForecastConfig()
    c.window = 14
    c.hidden = 16
    c.horizon = 7
    c.loss = .mse
    c.lags = []
    c.rollingMeans = []
    c.dropout = 0
    c.validationSteps = 0
    c.epochs = 40
    c.batchSize = 32
    c.learningRate = 1e-2
    c.seed = seed
    return c
  }

  func testLearnsANoiselessWeeklySine() throws {
    // The next week of each sine from its last 14 values; reference: the exact sine.
    let full = sinePanel()
    let model = try LSTMForecaster(config: smallConfig()).train(full.droppingLast(7))
    let forecasts = try model.forecast(horizon: 7, levels: [])
    for (s, f) in zip(full.series, forecasts) {
      let actual = Array(s.values.suffix(7))
      // Amplitude 5; near-zero means an RMSE under 2% of it.
      XCTAssertLessThan(ForecastMetrics.rmse(actual, f.mean), 0.1, "\(s.key)")
    }
  }

  func testSameSeedSameForecasts() throws {
    var c = smallConfig(seed: 42)
    c.epochs = 3
    c.dropout = 0.2
    c.validationSteps = 7
    let panel = sinePanel(length: 120)
    let a = try LSTMForecaster(config: c).train(panel).forecast(horizon: 7, levels: [80])
    let b = try LSTMForecaster(config: c).train(panel).forecast(horizon: 7, levels: [80])
    XCTAssertEqual(a, b)
    c.seed = 43
    let other = try LSTMForecaster(config: c).train(panel).forecast(horizon: 7, levels: [80])
    XCTAssertNotEqual(a[0].mean, other[0].mean)
  }

  func testEarlyStoppingReportsEveryEpochAndKeepsIntervals() throws {
    var c = smallConfig()
    c.epochs = 4
    c.validationSteps = 14
    c.loss = .tweedie(power: 1.5)
    let reports = Mutex<[LSTMEpochReport]>([])
    let model = try LSTMForecaster(config: c) { r in reports.withLock { $0.append(r) } }.train(sinePanel(length: 120))
    let seen = reports.withLock { $0 }
    XCTAssertEqual(seen.map(\.epoch), Array(1...seen.count))
    XCTAssertTrue(seen.allSatisfy { $0.validationMSE != nil && $0.trainLoss.isFinite })
    let f = try model.forecast(horizon: 7, levels: [80, 95])
    XCTAssertTrue(f[0].mean.allSatisfy { $0 > 0 })  // log link
    XCTAssertEqual(f[0].intervals.map(\.level), [80, 95])
    XCTAssertTrue(zip(f[0].intervals[0].upper, f[0].intervals[1].upper).allSatisfy { $0 <= $1 })
  }

  func testPinballQuantilesGiveIntervals() throws {
    var c = smallConfig()
    c.epochs = 2
    c.loss = .pinball(quantiles: [0.1, 0.5, 0.9])
    let f = try LSTMForecaster(config: c).train(sinePanel(length: 100)).forecast(horizon: 3, levels: [80])
    XCTAssertEqual(f[0].intervals.count, 1)
    XCTAssertEqual(f[0].mean.count, 3)
  }

  /// MSLE fits the mean of log(1 + y), which sits below the mean of a skewed demand; the
  /// log-normal correction brings the forecast back towards the mean. Demand here is 0 on
  /// three days in four and 9 on the fourth, in a seeded random order (nothing to learn but
  /// the level): mean 2.25. Scaled by that mean the values are 0 and 4, so log(1 + y) has
  /// mean log(5)/4 ≈ 0.402 and variance log(5)²·3/16 ≈ 0.486: uncorrected the forecast is
  /// (e^0.402 − 1)·2.25 ≈ 1.11, corrected (e^(0.402 + 0.243) − 1)·2.25 ≈ 2.04.
  func testMSLEMeanCorrectionForecastsNearTheMean() throws {
    var rng = SeededRandom(seed: 11)
    let values = (0..<400).map { _ in rng.nextInt(below: 4) == 0 ? 9.0 : 0.0 }
    let panel = ForecastPanel(series: [ForecastSeries(key: "a", start: 0, values: values)], period: 7)
    var c = smallConfig(seed: 1)
    c.loss = .msle
    c.epochs = 15
    c.learningRate = 3e-3
    c.validationSteps = 56
    var model = try LSTMForecaster(config: c).train(panel)
    XCTAssertEqual(model.logVariance, 0.486, accuracy: 0.1)
    let corrected = try model.forecast(horizon: 7, levels: [])[0].mean.reduce(0, +) / 7
    XCTAssertEqual(corrected, 2.04, accuracy: 0.4)
    model.logVariance = 0
    let median = try model.forecast(horizon: 7, levels: [])[0].mean.reduce(0, +) / 7
    XCTAssertEqual(median, 1.11, accuracy: 0.3)
  }

  /// Per series, each series' forecasts are corrected with its own log variance: beside the
  /// 0-or-9 series above (variance ≈ 0.486 scaled), a steady one alternating 4 and 5 (scaled
  /// 0.89 and 1.11, log(1 + y) within ±0.05 of its mean: variance ≈ 0.003 if fitted).
  func testMSLEPerSeriesCorrection() throws {
    var rng = SeededRandom(seed: 11)
    let spiky = (0..<400).map { _ in rng.nextInt(below: 4) == 0 ? 9.0 : 0.0 }
    let steady = (0..<400).map { $0 % 2 == 0 ? 4.0 : 5.0 }
    let panel = ForecastPanel(
      series: [
        ForecastSeries(key: "spiky", start: 0, values: spiky), ForecastSeries(key: "steady", start: 0, values: steady),
      ],
      period: 7)
    var c = smallConfig(seed: 1)
    c.loss = .msle
    c.epochs = 15
    c.learningRate = 3e-3
    c.validationSteps = 56
    c.logCorrection = .perSeries
    let model = try LSTMForecaster(config: c).train(panel)
    let spikyVariance = try XCTUnwrap(model.seriesLogVariances["spiky"])
    let steadyVariance = try XCTUnwrap(model.seriesLogVariances["steady"])
    XCTAssertEqual(spikyVariance, 0.486, accuracy: 0.12)
    XCTAssertLessThan(steadyVariance, 0.05)
    // The pooled variance lies between the two.
    XCTAssertTrue(model.logVariance > steadyVariance && model.logVariance < spikyVariance)
    let f = try model.forecast(horizon: 7, levels: [])
    XCTAssertEqual(f[0].mean.reduce(0, +) / 7, 2.04, accuracy: 0.45)
    XCTAssertEqual(f[1].mean.reduce(0, +) / 7, 4.5, accuracy: 0.5)
    // Duan's smearing: with residuals r = log(1 + y) − η, the factor mean(e^r) makes a
    // constant η forecast the sample mean exactly (2.25 for the spiky series, whose
    // log(1 + y) is far from normal). The factor also absorbs a bias of η, so early stopping
    // (on corrected forecasts) can keep a less trained epoch whose η still varies: hence the
    // wider tolerance.
    c.logCorrection = .smearing
    let smearing = try LSTMForecaster(config: c).train(panel)
    XCTAssertTrue(smearing.seriesLogVariances.values.allSatisfy(\.isFinite))
    let smeared = try smearing.forecast(horizon: 7, levels: [])
    XCTAssertEqual(smeared[0].mean.reduce(0, +) / 7, 2.25, accuracy: 0.75)
    XCTAssertEqual(smeared[1].mean.reduce(0, +) / 7, 4.5, accuracy: 0.5)
  }

  // MARK: Checkpoint

  func testCheckpointRoundTrip() throws {
    var c = smallConfig()
    c.epochs = 2
    c.ensemble = 2
    c.validationSteps = 7
    let panel = sinePanel(length: 100)
    let model = try LSTMForecaster(config: c).train(panel)
    let bytes = model.checkpoint.encoded()
    let restored = try LSTMForecastModel(checkpoint: Checkpoint(decoding: bytes), history: panel)
    XCTAssertEqual(try restored.forecast(horizon: 7, levels: [95]), try model.forecast(horizon: 7, levels: [95]))
    XCTAssertThrowsError(
      try LSTMForecastModel(checkpoint: Checkpoint(kind: "behavior", metadata: [:], tensors: []), history: panel))
  }

  /// The MSLE loss's log variance and a hidden head layer's weights survive a checkpoint; one
  /// written before the log variance existed restores with none (no correction).
  func testMSLEAndHiddenHeadLayerCheckpointRoundTrip() throws {
    var c = smallConfig(seed: 3)
    c.epochs = 2
    c.ensemble = 2
    c.validationSteps = 7
    c.loss = .msle
    c.logCorrection = .perSeries
    c.headHidden = 6
    let panel = sinePanel(length: 100)
    let model = try LSTMForecaster(config: c).train(panel)
    XCTAssertGreaterThan(model.logVariance, 0)
    XCTAssertEqual(model.seriesLogVariances.keys.sorted(), ["s0", "s1", "s2"])
    XCTAssertEqual(model.members[0].last?.shape, [6])
    let checkpoint = model.checkpoint
    let restored = try LSTMForecastModel(checkpoint: Checkpoint(decoding: checkpoint.encoded()), history: panel)
    XCTAssertEqual(restored.logVariance, model.logVariance)
    XCTAssertEqual(restored.seriesLogVariances, model.seriesLogVariances)
    XCTAssertEqual(try restored.forecast(horizon: 7, levels: [80]), try model.forecast(horizon: 7, levels: [80]))
    var older = checkpoint.metadata
    older.removeValue(forKey: "logVariance")
    older.removeValue(forKey: "seriesLogVariances")
    let old = try LSTMForecastModel(
      checkpoint: Checkpoint(kind: checkpoint.kind, metadata: older, tensors: checkpoint.tensors), history: panel)
    XCTAssertEqual(old.logVariance, 0)
    XCTAssertEqual(old.seriesLogVariances, [:])
  }

  func testAnchorAveragingAndRefitAreDeterministicAndRestorable() throws {
    // Every optional path at once: outputs anchored on the last week's mean, weight
    // averaging, refit after early stopping, Poisson loss.
    var c = smallConfig(seed: 5)
    c.epochs = 3
    c.anchor = 7
    c.averaging = 0.9
    c.refit = true
    c.validationSteps = 7
    c.loss = .poisson
    let panel = sinePanel(length: 100)
    let model = try LSTMForecaster(config: c).train(panel)
    let again = try LSTMForecaster(config: c).train(panel)
    XCTAssertEqual(try model.forecast(horizon: 7, levels: [80]), try again.forecast(horizon: 7, levels: [80]))
    let restored = try LSTMForecastModel(checkpoint: Checkpoint(decoding: model.checkpoint.encoded()), history: panel)
    XCTAssertEqual(try restored.forecast(horizon: 7, levels: [80]), try model.forecast(horizon: 7, levels: [80]))
  }

  /// Three steps forecast by a model of `config` whose head weights are zeroed after one
  /// epoch at a vanishing learning rate, so the outputs are the anchor offsets alone.
  private func untrainedHeadForecast(_ config: LSTMForecastConfig, _ panel: ForecastPanel) throws -> [SeriesForecast] {
    var c = config
    c.epochs = 1
    c.learningRate = 1e-12
    var model = try LSTMForecaster(config: c).train(panel)
    model.members[0][2] = Tensor.zeros(model.members[0][2].shape)
    model.members[0][3] = Tensor.zeros(model.members[0][3].shape)
    return try model.forecast(horizon: 3, levels: [])
  }

  func testAnchoredUntrainedHeadForecastsTheRecentMean() throws {
    // With zero head weights the anchored output is exactly the offset: the mean of the last
    // `anchor` values (reference: that mean computed directly).
    var c = smallConfig()
    c.anchor = 7
    let panel = sinePanel(length: 60)
    let f = try untrainedHeadForecast(c, panel)
    for (s, fc) in zip(panel.series, f) {
      let mean = s.values.suffix(7).reduce(0, +) / 7
      for v in fc.mean { XCTAssertEqual(v, mean, accuracy: 1e-4 * mean) }
    }
  }

  func testSmoothingAnchoredUntrainedHeadForecastsTheSESLevel() throws {
    // With zero head weights the output is exactly the SES anchor: the level simple
    // exponential smoothing (factor 0.2, started at the first value) reaches at the end of
    // the history (reference: that recursion run directly in Double on the raw values; the
    // per-series scale cancels).
    var c = smallConfig()
    c.anchorSmoothing = 0.2
    let panel = sinePanel(length: 60)
    let f = try untrainedHeadForecast(c, panel)
    for (s, fc) in zip(panel.series, f) {
      var level = s.values[0]
      for y in s.values.dropFirst() { level += 0.2 * (y - level) }
      XCTAssertNotEqual(level, s.values.suffix(7).reduce(0, +) / 7, accuracy: 1e-3 * level)
      for v in fc.mean { XCTAssertEqual(v, level, accuracy: 1e-4 * level) }
    }
    c.anchorSmoothing = 0
    XCTAssertThrowsError(try c.validate())
  }

  func testOutlierClipCapsInputsAtAMultipleOfTheScale() {
    // Scale of [1, 1, 1, 97] is mean |y| + 1e-3 = 25.001; a clip of 2 caps 97 at 50.002.
    var c = smallConfig()
    c.outlierClip = 2
    c.logInputs = false  // the rows then hold the clipped values over the scale as they are
    let panel = ForecastPanel(series: [ForecastSeries(key: "a", values: [1, 1, 1, 97])], period: 7)
    let f = ForecastFeatures(config: c, panel: panel)
    let s = f.scale(of: panel.series[0].values)
    assertClose(s, 25.001, tolerance: 1e-12)
    XCTAssertEqual(f.clipped(panel.series[0].values, scale: s), [1, 1, 1, 50.002])
    XCTAssertEqual(f.rows(panel.series[0], scale: s)[3 * f.width], Float(50.002 / 25.001))
    c.logInputs = true
    let logged = ForecastFeatures(config: c, panel: panel)
    XCTAssertEqual(logged.rows(panel.series[0], scale: s)[3 * f.width], Float(log1p(50.002 / 25.001)), accuracy: 1e-6)
  }

  // MARK: Failures

  func testNaNLossThrowsDiverged() {
    var panel = sinePanel(length: 60)
    panel.series[1].values[30] = .nan
    var c = smallConfig()
    c.epochs = 1
    XCTAssertThrowsError(try LSTMForecaster(config: c).train(panel)) { error in
      guard case TrainingError.diverged(let epoch, let batch, _, _) = error else {
        return XCTFail("expected diverged, got \(error)")
      }
      XCTAssertEqual(epoch, 1)
      XCTAssertEqual(batch, 1)
    }
  }

  /// Ctrl-C goes through the shared fit loop: training ends after the current batch with
  /// the best epoch's weights, later ensemble members are skipped, and the model is exactly
  /// the one an uninterrupted run of that many epochs keeps (same seed, same draws).
  func testCtrlCKeepsTheBestWeightsAndSkipsLaterMembers() throws {
    var c = smallConfig()
    c.epochs = 6
    c.ensemble = 2
    c.validationSteps = 7
    let panel = sinePanel(length: 120)
    defer { Cancellation.shared.reset() }
    let forecaster = LSTMForecaster(config: c) { r in
      if r.member == 0 && r.epoch == 3 { Cancellation.shared.request() }
    }
    let stopped = try forecaster.train(panel)
    Cancellation.shared.reset()
    let training = try XCTUnwrap(stopped.training)
    XCTAssertTrue(training.interrupted)
    XCTAssertEqual(training.reports.map(\.epoch), [1, 2, 3])
    XCTAssertEqual(stopped.members.count, 1, "the second member never started")
    var three = c
    three.epochs = 3
    three.ensemble = 1
    let full = try LSTMForecaster(config: three).train(panel)
    XCTAssertEqual(full.training?.interrupted, false)
    XCTAssertEqual(full.training?.bestEpoch, training.bestEpoch)
    XCTAssertEqual(
      try stopped.forecast(horizon: 7, levels: [80]), try full.forecast(horizon: 7, levels: [80]))
  }

  /// Early stopping is the loop's: with patience 1 training ends at the first epoch that
  /// does not improve the validation MSE, and the summary says so.
  func testEarlyStoppingIsTheFitLoops() throws {
    var c = smallConfig()
    c.epochs = 40
    c.patience = 1
    c.validationSteps = 7
    c.learningRate = 0.05
    // The raw weights: an average over the last hundred steps improves too smoothly to stop.
    c.averaging = 0
    let model = try LSTMForecaster(config: c).train(sinePanel(length: 120))
    let training = try XCTUnwrap(model.training)
    let mse = training.reports.map { $0.validation["mse"] ?? .nan }
    XCTAssertTrue(training.stoppedEarly, "\(mse)")
    XCTAssertEqual(training.reports.count, (training.bestEpoch ?? 0) + 1)
    XCTAssertEqual(mse.min(), training.reports.first { $0.epoch == training.bestEpoch }?.validation["mse"])
  }

  /// Demand driven only by a promotion flag known in advance: without the flag's future the
  /// network cannot know which coming days are promoted; with `futureExogenous` the window
  /// reads the flag `horizon` steps ahead and the forecast follows it. Forecasting then needs
  /// the flag over the horizon.
  func testAPromotionKnownAheadIsForecast() throws {
    var rng = SeededRandom(seed: 11)
    let n = 300, h = 7
    var series: [ForecastSeries] = []
    var future: [[Double]] = []
    for k in 0..<3 {
      let promo = (0..<(n + h)).map { _ in rng.nextUnitFloat() < 0.3 ? 1.0 : 0.0 }
      future.append(Array(promo[n...]))
      series.append(
        ForecastSeries(key: "s\(k)", values: (0..<n).map { 10 + 20 * promo[$0] }, exogenous: [promo]))
    }
    let panel = ForecastPanel(series: series, exogenousNames: ["promo"], period: 7)
    func rmse(futureAware: Bool) throws -> Double {
      var c = smallConfig()
      c.futureExogenous = futureAware
      let f = try LSTMForecaster(config: c).train(panel).forecast(horizon: h, levels: [])
      var sq = 0.0
      for (k, forecast) in f.enumerated() {
        for j in 0..<h { sq += pow(forecast.mean[j] - (10 + 20 * future[k][j]), 2) }
      }
      return (sq / Double(3 * h)).squareRoot()
    }
    let blind = try rmse(futureAware: false), aware = try rmse(futureAware: true)
    XCTAssertLessThan(aware, 0.3 * blind, "aware \(aware), blind \(blind)")
    var c = smallConfig()
    c.futureExogenous = true
    c.epochs = 1
    let model = try LSTMForecaster(config: c).train(panel.truncated { $0.values.count })
    var past = panel
    for k in past.series.indices { past.series[k].exogenous[0] = Array(past.series[k].exogenous[0].prefix(n + 3)) }
    XCTAssertThrowsError(try model.forecast(past, horizon: h, levels: [])) { error in
      XCTAssertTrue("\(error)".contains("promo"), "\(error)")
    }
  }

  /// The same promotion, read by the head at each target step instead of through the window
  /// (no exogenous inputs): the additive target term alone forecasts it. The interacting head
  /// survives a checkpoint, and forecasting without the flag over the horizon names it.
  func testTargetExogenousFeaturesForecastAPromotion() throws {
    var rng = SeededRandom(seed: 12)
    let n = 300, h = 7
    var series: [ForecastSeries] = []
    var future: [[Double]] = []
    for k in 0..<3 {
      let promo = (0..<(n + h)).map { _ in rng.nextUnitFloat() < 0.3 ? 1.0 : 0.0 }
      future.append(Array(promo[n...]))
      series.append(ForecastSeries(key: "s\(k)", values: (0..<n).map { 10 + 20 * promo[$0] }, exogenous: [promo]))
    }
    let panel = ForecastPanel(series: series, exogenousNames: ["promo"], period: 7)
    func rmse(_ head: LSTMForecastConfig.TargetCalendar) throws -> Double {
      var c = smallConfig()
      c.useExogenous = false
      c.targetCalendar = head
      c.targetExogenous = true
      let f = try LSTMForecaster(config: c).train(panel).forecast(horizon: h, levels: [])
      var sq = 0.0
      for (k, forecast) in f.enumerated() {
        for j in 0..<h { sq += pow(forecast.mean[j] - (10 + 20 * future[k][j]), 2) }
      }
      return (sq / Double(3 * h)).squareRoot()
    }
    let blind = try rmse(.none), additive = try rmse(.additive)
    XCTAssertLessThan(additive, 0.3 * blind, "additive \(additive), blind \(blind)")
    var c = smallConfig()
    c.targetCalendar = .interacting
    c.targetExogenous = true
    c.targetMonth = true  // no effect: the panel has no stepDays
    c.epochs = 2
    c.ensemble = 2
    c.validationSteps = 7
    let model = try LSTMForecaster(config: c).train(panel)
    XCTAssertEqual(model.members[0].count, 6)
    let restored = try LSTMForecastModel(checkpoint: Checkpoint(decoding: model.checkpoint.encoded()), history: panel)
    XCTAssertEqual(try restored.forecast(horizon: h, levels: [80]), try model.forecast(horizon: h, levels: [80]))
    var past = panel
    for k in past.series.indices { past.series[k].exogenous[0] = Array(past.series[k].exogenous[0].prefix(n + 3)) }
    XCTAssertThrowsError(try model.forecast(past, horizon: h, levels: [])) { error in
      XCTAssertTrue("\(error)".contains("promo"), "\(error)")
    }
    XCTAssertNoThrow(try model.forecast(past, horizon: 3, levels: []))
  }

  /// A shop closed on one day of the week: with the target's day of week in the head (log
  /// link), the forecasts of that day are near 0 and the open days near their level.
  func testTargetSeasonHeadForecastsAClosedDay() throws {
    let panel = ForecastPanel(
      series: (0..<3).map { s in
        ForecastSeries(key: "s\(s)", values: (0..<280).map { t in t % 7 == 5 ? 0 : Double(8 + 2 * s) })
      }, period: 7)
    var c = smallConfig()
    c.loss = .poisson
    c.calendar = .none
    c.targetCalendar = .additive
    let f = try LSTMForecaster(config: c).train(panel).forecast(horizon: 7, levels: [])
    for (s, forecast) in f.enumerated() {
      for j in 0..<7 {
        let expected = (280 + j) % 7 == 5 ? 0 : Double(8 + 2 * s)
        XCTAssertEqual(forecast.mean[j], expected, accuracy: 0.5, "series \(s) step \(j)")
      }
    }
  }

  /// A configuration stored before the target head, log inputs and smoothed means existed
  /// decodes to them off (what it meant), though new configurations default to the head on.
  func testConfigurationsWithoutTheNewOptionsDecodeToThemOff() throws {
    let fresh = LSTMForecastConfig()
    XCTAssertEqual(fresh.targetHead, .interacting)
    XCTAssertEqual(fresh.logInputs, true)
    var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(fresh)) as! [String: Any]
    // The keys an older encoder did not write (nil options are not written either).
    XCTAssertNotNil(json.removeValue(forKey: "targetCalendar"))
    XCTAssertNotNil(json.removeValue(forKey: "logInputs"))
    for key in ["targetMonth", "targetExogenous", "recencyHalfLife", "smoothedMeans", "seriesIdentity"] {
      json.removeValue(forKey: key)
    }
    let old = try JSONDecoder().decode(LSTMForecastConfig.self, from: JSONSerialization.data(withJSONObject: json))
    XCTAssertEqual(old.targetHead, .none)
    XCTAssertNil(old.logInputs)
    XCTAssertNil(old.smoothedMeans)
    XCTAssertEqual(old.window, fresh.window)
  }

  func testInvalidOptionsAndHorizon() throws {
    var c = smallConfig()
    c.loss = .tweedie(power: 2.5)
    XCTAssertThrowsError(try LSTMForecaster(config: c).train(sinePanel(length: 60)))
    c = smallConfig()
    c.loss = .msle
    c.anchor = 7  // anchors are levels, not log(1 + level)
    XCTAssertThrowsError(try LSTMForecaster(config: c).train(sinePanel(length: 60)))
    c.anchor = 0
    c.headHidden = -1
    XCTAssertThrowsError(try LSTMForecaster(config: c).train(sinePanel(length: 60)))
    c = smallConfig()
    c.epochs = 1
    let model = try LSTMForecaster(config: c).train(sinePanel(length: 60))
    XCTAssertThrowsError(try model.forecast(horizon: 8, levels: []))
  }
}
