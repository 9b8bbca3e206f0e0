import Foundation
import ShopCore
import ShopTensor

/// One epoch of LSTM forecaster training, for progress display.
public struct LSTMEpochReport: Sendable, Equatable {
  /// Which ensemble member (0-based) is training.
  public var member: Int
  public var epoch: Int
  /// Mean training loss over the epoch's batches.
  public var trainLoss: Double
  /// Mean squared error of the point forecast on the validation window, in scaled units
  /// (nil without a validation window).
  public var validationMSE: Double?
  public var seconds: Double
  /// Training samples (series × origins) seen in the epoch.
  public var samples: Int
  /// Whether the member's weights after this epoch are the best so far (the ones kept).
  public var isBest: Bool = false
}

/// The LSTM demand model, trained globally across every series of a panel.
///
/// Each training sample is one series at one forecast origin o: the input rows of steps
/// `o−W ..< o` (see `ForecastFeatures`) and the scaled targets of steps `o ..< o+horizon`.
/// Training is mini-batch Adam with global-norm clipping and dropout before the head, in a
/// seeded order, so the same seed and data give the same forecasts. With a validation window,
/// the origins whose targets reach into the last `validationSteps` steps are held out, the
/// validation MSE is measured after each epoch, the best weights are kept, and training stops
/// after `patience` epochs without improvement; with `refit`, a fresh model with the same
/// seed is then trained for the chosen number of epochs on every origin, validation ones
/// included, so the latest steps also serve as targets. Each member trains through the
/// shared `FitLoop`, as every model kind does: a non-finite loss throws
/// `TrainingError.diverged`, and Ctrl-C (`Cancellation.shared`, polled between batches) ends
/// training with the best weights so far, skipping the members not yet trained; the
/// model's `training` says how it ended.
public struct LSTMForecaster: Forecaster {
  public var config: LSTMForecastConfig
  /// Called after every epoch (from the training thread).
  public var onEpoch: (@Sendable (LSTMEpochReport) -> Void)?

  public init(config: LSTMForecastConfig = LSTMForecastConfig(), onEpoch: (@Sendable (LSTMEpochReport) -> Void)? = nil) {
    self.config = config
    self.onEpoch = onEpoch
  }

  public var name: String { "lstm" }

  public func fit(_ panel: ForecastPanel) throws -> any FittedForecaster { try train(panel) }

  /// Trains on `panel` and returns the fitted model.
  public func train(_ panel: ForecastPanel) throws -> LSTMForecastModel {
    try config.validate()
    let features = ForecastFeatures(config: config, panel: panel)
    var data = LSTMTrainingData(config: config, features: features, panel: panel)
    guard !data.train.isEmpty else { throw TrainingError.noTrainingData }
    var members: [[Tensor]] = []
    var residualSquares = [Double](repeating: 0, count: config.horizon)
    var validated = 0
    var logVariances = LSTMTrainingData.LogVariances()
    var summary: TrainingSummary? = nil
    for member in 0..<config.ensemble {
      let result = try trainMember(member, data: &data, features: features)
      // A member Ctrl-C stopped before any epoch ended is only kept when it is the first.
      if member > 0 && result.summary.interrupted && result.summary.bestEpoch == nil { break }
      members.append(result.weights)
      for j in 0..<config.horizon { residualSquares[j] += result.squares[j] }
      validated += result.count
      logVariances.pooled += result.logVariances.pooled
      if !result.logVariances.perSeries.isEmpty {
        if logVariances.perSeries.isEmpty { logVariances.perSeries = [Double](repeating: 0, count: panel.series.count) }
        for i in logVariances.perSeries.indices { logVariances.perSeries[i] += result.logVariances.perSeries[i] }
      }
      if member == 0 { summary = result.summary }
      if result.summary.interrupted {
        summary?.interrupted = true
        break
      }
    }
    let residualStd = validated > 0 ? residualSquares.map { ($0 / Double(validated)).squareRoot() } : []
    var scales: [String: Double] = [:]
    for (s, scale) in zip(panel.series, data.scales) { scales[s.key] = scale }
    // Members' variances averaged (a Ctrl-C may have left fewer members than configured).
    var seriesLogVariances: [String: Double] = [:]
    for (s, v) in zip(panel.series, logVariances.perSeries) { seriesLogVariances[s.key] = v / Double(members.count) }
    return LSTMForecastModel(
      config: config, features: features, scales: scales, members: members, residualStd: residualStd,
      logVariance: logVariances.pooled / Double(members.count), seriesLogVariances: seriesLogVariances, history: panel,
      training: summary)
  }

  private func trainMember(
    _ member: Int, data: inout LSTMTrainingData, features: ForecastFeatures
  ) throws -> MemberResult {
    let seed = config.seed &+ UInt64(member)
    let validated = !data.validation.isEmpty
    let fitting = LSTMMemberFitting(
      run: MemberRun(config: config, features: features, seed: seed), data: data,
      samples: data.train)
    let summary = try FitLoop(epochs: config.epochs, patience: validated ? config.patience : nil, seed: seed)
      .fit(fitting, onEpoch: report(member, samples: data.train.count))
    // The loop left the best epoch's weights in the run (or, interrupted before any epoch
    // ended, those of the unfinished first epoch).
    var run = fitting.run
    let best = run.evaluationParameters
    let zeros = [Double](repeating: 0, count: config.horizon)
    guard validated else {
      // MSLE's mean correction then comes from the training samples' residuals.
      run.net.parameters = best
      let v = data.logVariances(&run.net, data.train)
      return MemberResult(weights: best, squares: zeros, count: 0, logVariances: v, summary: summary)
    }
    run.net.parameters = best
    let (squares, logVariances) = data.validationErrors(&run.net)
    guard config.refit, !summary.interrupted, let bestEpoch = summary.bestEpoch else {
      return MemberResult(
        weights: best, squares: squares, count: data.validation.count, logVariances: logVariances, summary: summary)
    }
    // Refit: the same seed, the early-stopped number of epochs, every origin including the
    // validation ones, so the most recent steps are targets too. Without validation the loop
    // keeps the epoch of lowest training loss; Ctrl-C keeps the early-stopped weights.
    let refit = LSTMMemberFitting(
      run: MemberRun(config: config, features: features, seed: seed), data: data,
      samples: data.train + data.validation)
    let refitSummary = try FitLoop(epochs: bestEpoch, patience: nil, seed: seed)
      .fit(refit, onEpoch: report(member, samples: refit.samples.count))
    var result = MemberResult(
      weights: best, squares: squares, count: data.validation.count, logVariances: logVariances, summary: summary)
    if refitSummary.interrupted {
      result.summary.interrupted = true
    } else {
      result.weights = refit.run.evaluationParameters
    }
    return result
  }

  /// Turns the loop's epoch reports into this forecaster's, tagged with the member.
  private func report(_ member: Int, samples: Int) -> ((EpochReport) -> Void)? {
    guard let onEpoch else { return nil }
    return { r in
      onEpoch(
        LSTMEpochReport(
          member: member, epoch: r.epoch, trainLoss: r.trainLoss, validationMSE: r.validation["mse"],
          seconds: Double(samples) / max(r.samplesPerSecond, 1e-12), samples: samples, isBest: r.isBest))
    }
  }
}

/// What training one ensemble member gave.
struct MemberResult {
  var weights: [Tensor]
  /// Squared validation errors per forecast step, summed over `count` validation samples.
  var squares: [Double]
  var count: Int
  /// MSLE's log-scale residual variances (zeros for other losses).
  var logVariances: LSTMTrainingData.LogVariances
  var summary: TrainingSummary
}

/// One ensemble member as the shared `FitLoop` drives it: an epoch is a pass over `samples`,
/// the validation metric is the point forecast's MSE on the validation origins (scaled
/// units), and the weights kept are those forecasts use (the running average when
/// averaging). The member draws sample order and dropout from its own generator, seeded as
/// before the loop existed, so a seed gives the same forecasts; the loop's generator is
/// unused.
final class LSTMMemberFitting: EpochFitting {
  var run: MemberRun
  let data: LSTMTrainingData
  let samples: [LSTMTrainingData.Sample]

  init(run: MemberRun, data: LSTMTrainingData, samples: [LSTMTrainingData.Sample]) {
    self.run = run
    self.data = data
    self.samples = samples
  }

  func runEpoch(
    _ epoch: Int, of epochs: Int, using rng: inout SeededRandom, cancellation: Cancellation,
    onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome {
    let (loss, completed) = try run.epoch(epoch, samples: samples, data: data, cancellation: cancellation)
    return EpochOutcome(loss: loss, samples: samples.count, completed: completed)
  }

  func validationMetrics() -> [String: Double] {
    guard !data.validation.isEmpty else { return [:] }
    var evaluated = run.net
    evaluated.parameters = run.evaluationParameters
    let squares = data.validationErrors(&evaluated).squares
    return ["mse": squares.reduce(0, +) / Double(data.validation.count * run.config.horizon)]
  }

  var monitoredMetric: (name: String, higherIsBetter: Bool) { ("mse", false) }

  func snapshot() -> [[Float]] { run.evaluationParameters.map(\.scalars) }

  /// Puts the weights back as both the current and the averaged ones.
  func restore(_ weights: [[Float]]) {
    for k in run.net.parameters.indices {
      let t = Tensor(shape: run.net.parameters[k].shape, scalars: weights[k])
      run.net.parameters[k] = t
      run.average[k] = t
    }
  }
}

/// One model's training state: network, optimiser and the seeded generator behind sample
/// order and dropout masks.
struct MemberRun {
  let config: LSTMForecastConfig
  var net: LSTMForecastNetwork
  var adam: LSTMAdam
  var rng: SeededRandom
  /// Exponential moving average of the parameters (when `config.averaging > 0`).
  var average: [Tensor]

  init(config: LSTMForecastConfig, features: ForecastFeatures, seed: UInt64) {
    self.config = config
    net = LSTMForecastNetwork(
      inputSize: features.width, hidden: config.hidden,
      outputs: config.horizon * config.loss.outputsPerStep, outputsPerStep: config.loss.outputsPerStep,
      targetWidth: features.targetWidth, interacting: config.targetHead == .interacting,
      headHidden: config.headHidden ?? 0, logLink: config.loss.logLink, anchored: config.anchored, seed: seed)
    adam = LSTMAdam(parameters: net.parameters, learningRate: Float(config.learningRate))
    rng = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1)
    if config.loss.logTargets && !config.anchored {
      net.parameters[3] = Tensor(repeating: config.loss.levelOutput, shape: net.parameters[3].shape)
    }
    average = net.parameters
  }

  /// The weights to evaluate and keep: the running average when averaging, else the current.
  var evaluationParameters: [Tensor] { config.averaging > 0 ? average : net.parameters }

  /// One pass over `samples` in a fresh seeded order; returns the mean batch loss and whether
  /// the pass ended (false when Ctrl-C, checked before every batch, stopped it).
  /// - Throws: `TrainingError.diverged` on a non-finite loss or gradient.
  mutating func epoch(
    _ epoch: Int, samples: [LSTMTrainingData.Sample], data: LSTMTrainingData, cancellation: Cancellation
  ) throws(TrainingError) -> (loss: Double, completed: Bool) {
    var order = samples
    rng.shuffle(&order)
    adam.learningRate = Float(config.learningRate * pow(config.learningRateDecay ?? 1, Double(epoch - 1)))
    let keep = Float(1 - config.dropout)
    var lossSum = 0.0, batches = 0
    for (index, start) in stride(from: 0, to: order.count, by: config.batchSize).enumerated() {
      if cancellation.isRequested { return (lossSum / Double(max(batches, 1)), false) }
      let batch = Array(order[start..<min(order.count, start + config.batchSize)])
      let (input, targets, offsets, targetFeatures) = data.batch(batch)
      var mask: [Float]? = nil
      if config.dropout > 0 {
        mask = (0..<(batch.count * config.hidden)).map { _ in rng.nextUnitFloat() < keep ? 1 / keep : 0 }
      }
      let (loss, grads) = net.lossAndGradients(
        input: input, steps: config.window, batch: batch.count, targets: targets, loss: config.loss,
        dropoutMask: mask, offsets: offsets, targetFeatures: targetFeatures, sampleWeights: data.weights(batch))
      guard loss.isFinite, grads.allSatisfy({ $0.scalars.allSatisfy(\.isFinite) }) else {
        throw TrainingError.diverged(
          epoch: epoch, batch: index + 1, loss: Float(loss), hint: "lower the learning rate or use the mse loss")
      }
      adam.step(&net.parameters, gradients: grads, clipNorm: Float(config.clipNorm))
      if config.averaging > 0 {
        let d = Float(config.averaging)
        for k in average.indices {
          average[k].scale(by: d)
          average[k].add(net.parameters[k], scaledBy: 1 - d)
        }
      }
      lossSum += loss
      batches += 1
    }
    return (lossSum / Double(max(batches, 1)), true)
  }
}

/// Adam over the network's dense parameters, with global-norm clipping first.
struct LSTMAdam {
  var m: [Tensor], v: [Tensor]
  var t = 0
  /// The step size, set per epoch by the schedule.
  var learningRate: Float

  init(parameters: [Tensor], learningRate: Float) {
    m = parameters.map { Tensor.zeros([$0.count]) }
    v = m
    self.learningRate = learningRate
  }

  mutating func step(_ parameters: inout [Tensor], gradients: [Tensor], clipNorm: Float) {
    var grads = gradients
    if clipNorm > 0 {
      let norm = grads.reduce(0.0) { $0 + Double($1.sumOfSquares()) }.squareRoot()
      if norm > Double(clipNorm) {
        let s = clipNorm / Float(norm + 1e-6)
        for k in grads.indices { grads[k].scale(by: s) }
      }
    }
    t += 1
    let step = AdamStep(
      learningRate: learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
      correction1: 1 - powf(0.9, Float(t)), correction2: 1 - powf(0.999, Float(t)), weightDecay: 0,
      decoupled: false)
    for k in parameters.indices {
      Tensor.adamUpdate(
        weights: &parameters[k], gradient: grads[k], m: &m[k], v: &v[k],
        ranges: [0..<parameters[k].count], step: step)
    }
  }
}
