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
/// included, so the latest steps also serve as targets. A non-finite loss throws
/// `TrainingError.diverged`; Ctrl-C (`Cancellation.shared`) is polled between batches.
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
    for member in 0..<config.ensemble {
      let (weights, squares, count) = try trainMember(member, data: &data, features: features)
      members.append(weights)
      for j in 0..<config.horizon { residualSquares[j] += squares[j] }
      validated += count
    }
    let residualStd = validated > 0 ? residualSquares.map { ($0 / Double(validated)).squareRoot() } : []
    var scales: [String: Double] = [:]
    for s in panel.series { scales[s.key] = features.scale(of: s.values) }
    return LSTMForecastModel(
      config: config, features: features, scales: scales, members: members, residualStd: residualStd,
      history: panel)
  }

  private func trainMember(
    _ member: Int, data: inout LSTMTrainingData, features: ForecastFeatures
  ) throws -> (weights: [Tensor], residualSquares: [Double], count: Int) {
    let seed = config.seed &+ UInt64(member)
    var run = MemberRun(config: config, features: features, seed: seed)
    var best = run.net.parameters
    var bestMSE = Double.infinity, bestEpoch = config.epochs
    var sinceBest = 0
    for epoch in 1...config.epochs {
      let clock = ContinuousClock.now
      let loss = try run.epoch(epoch, samples: data.train, data: data)
      var validationMSE: Double? = nil
      if !data.validation.isEmpty {
        var evaluated = run.net
        evaluated.parameters = run.evaluationParameters
        let mse = data.validationErrors(&evaluated).reduce(0, +) / Double(data.validation.count * config.horizon)
        validationMSE = mse
        if mse < bestMSE {
          bestMSE = mse
          best = run.evaluationParameters
          bestEpoch = epoch
          sinceBest = 0
        } else {
          sinceBest += 1
        }
      } else {
        best = run.evaluationParameters
      }
      onEpoch?(
        LSTMEpochReport(
          member: member, epoch: epoch, trainLoss: loss, validationMSE: validationMSE,
          seconds: Backtest.seconds(since: clock), samples: data.train.count))
      if validationMSE != nil && sinceBest >= config.patience { break }
    }
    run.net.parameters = best
    if data.validation.isEmpty { return (best, [Double](repeating: 0, count: config.horizon), 0) }
    let squares = data.validationErrors(&run.net)
    guard config.refit else { return (best, squares, data.validation.count) }
    // Refit: the same seed, the early-stopped number of epochs, every origin including the
    // validation ones, so the most recent steps are targets too.
    var refit = MemberRun(config: config, features: features, seed: seed)
    let all = data.train + data.validation
    for epoch in 1...bestEpoch {
      let clock = ContinuousClock.now
      let loss = try refit.epoch(epoch, samples: all, data: data)
      onEpoch?(
        LSTMEpochReport(
          member: member, epoch: epoch, trainLoss: loss, validationMSE: nil,
          seconds: Backtest.seconds(since: clock), samples: all.count))
    }
    return (refit.evaluationParameters, squares, data.validation.count)
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
      outputs: config.horizon * config.loss.outputsPerStep, logLink: config.loss.logLink,
      anchored: config.anchor > 0, seed: seed)
    adam = LSTMAdam(parameters: net.parameters, learningRate: Float(config.learningRate))
    rng = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1)
    average = net.parameters
  }

  /// The weights to evaluate and keep: the running average when averaging, else the current.
  var evaluationParameters: [Tensor] { config.averaging > 0 ? average : net.parameters }

  /// One pass over `samples` in a fresh seeded order; returns the mean batch loss.
  /// - Throws: `TrainingError.diverged` on a non-finite loss or gradient, `CommandCancelled`
  ///   on Ctrl-C (checked before every batch).
  mutating func epoch(_ epoch: Int, samples: [LSTMTrainingData.Sample], data: LSTMTrainingData) throws -> Double {
    var order = samples
    rng.shuffle(&order)
    let keep = Float(1 - config.dropout)
    var lossSum = 0.0, batches = 0
    for (index, start) in stride(from: 0, to: order.count, by: config.batchSize).enumerated() {
      try Cancellation.shared.check()
      let batch = Array(order[start..<min(order.count, start + config.batchSize)])
      let (input, targets, offsets) = data.batch(batch)
      var mask: [Float]? = nil
      if config.dropout > 0 {
        mask = (0..<(batch.count * config.hidden)).map { _ in rng.nextUnitFloat() < keep ? 1 / keep : 0 }
      }
      let (loss, grads) = net.lossAndGradients(
        input: input, steps: config.window, batch: batch.count, targets: targets, loss: config.loss,
        dropoutMask: mask, offsets: offsets)
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
    return lossSum / Double(max(batches, 1))
  }
}

/// Adam over the network's dense parameters, with global-norm clipping first.
struct LSTMAdam {
  var m: [Tensor], v: [Tensor]
  var t = 0
  let learningRate: Float

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
