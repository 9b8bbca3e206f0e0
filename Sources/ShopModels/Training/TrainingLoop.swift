import ShopCore
import ShopTensor

/// The training loop every model shares.
///
/// Each epoch: the model prepares its samples, the loop shuffles their indices with the
/// seeded generator, and for each mini-batch runs forward, backward, optional clipping and an
/// optimiser step. After the epoch it asks the model for validation metrics, reports an
/// `EpochReport`, and snapshots the weights when the monitored metric improves. At the end
/// (normal, early-stopped or interrupted) the model holds the best weights seen.
///
/// Failure modes are explicit: a NaN or infinite loss throws `TrainingError.diverged` with a
/// hint; `Cancellation.shared` (Ctrl-C) stops after the current batch with
/// `interrupted == true`.
public struct TrainingLoop {
  public var options: TrainingOptions
  /// The flag polled between batches (the REPL's Ctrl-C handler raises the shared one).
  public var cancellation: Cancellation

  public init(options: TrainingOptions, cancellation: Cancellation = .shared) {
    self.options = options
    self.cancellation = cancellation
  }

  /// Trains `model` and returns the training curve; the model ends holding its best weights.
  /// - Parameters:
  ///   - onEpoch: called after every epoch with its report.
  ///   - onBatch: called after every batch, for a progress bar.
  /// - Throws: `TrainingError` on invalid options, no data, or divergence.
  @discardableResult
  public func fit(
    _ model: Trainable,
    onEpoch: ((EpochReport) -> Void)? = nil,
    onBatch: ((BatchProgress) -> Void)? = nil
  ) throws(TrainingError) -> TrainingSummary {
    try options.validate()
    let epochs = GradientEpochs(model: model, options: options, loop: self)
    return try FitLoop(
      epochs: options.epochs, patience: options.patience, seed: options.seed,
      cancellation: cancellation
    ).fit(epochs, onEpoch: onEpoch, onBatch: onBatch)
  }

  /// One epoch of mini-batch gradient descent: shuffle, then forward, backward, optional
  /// clipping and an optimiser step per batch.
  fileprivate func gradientEpoch(
    _ model: Trainable, optimizer: Optimizer, parameters: [Variable], epoch: Int,
    using rng: inout SeededRandom, onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome {
    let clock = ContinuousClock()
    let epochStart = clock.now
    let count = model.prepareEpoch(epoch, using: &rng)
    guard count > 0 else { throw .noTrainingData }
    var order = Array(0..<count)
    shuffleIndices(&order, using: &rng)
    // A batch larger than the epoch is the whole epoch; clamping first keeps
    // `count + batchSize - 1` from overflowing for `batch 9223372036854775807`.
    let batchSize = min(options.batchSize, count)
    let batches = (count + batchSize - 1) / batchSize
    var lossSum = 0.0
    var seen = 0
    for b in 0..<batches {
      let batch = order[(b * batchSize)..<min(count, (b + 1) * batchSize)]
      let loss = model.batchLoss(batch, using: &rng)
      let value = loss.value.scalar
      guard value.isFinite else {
        optimizer.zeroGrad()
        throw .diverged(epoch: epoch, batch: b + 1, loss: value, hint: divergenceHint(model))
      }
      loss.backward()
      if let maxNorm = options.clipNorm { clipGradientNorm(parameters, maxNorm: maxNorm) }
      optimizer.step()
      optimizer.zeroGrad()
      lossSum += Double(value) * Double(batch.count)
      seen += batch.count
      if let onBatch {
        let secs = seconds(clock.now - epochStart)
        let rate = Double(seen) / max(secs, 1e-9)
        let remaining = Double(count - seen + (options.epochs - epoch) * count) / max(rate, 1e-9)
        onBatch(
          BatchProgress(
            epoch: epoch, epochs: options.epochs, batch: b + 1, batches: batches,
            runningLoss: lossSum / Double(seen), samplesPerSecond: rate,
            secondsRemaining: remaining))
      }
      if cancellation.isRequested { break }
    }
    return EpochOutcome(loss: lossSum / Double(max(1, seen)), samples: seen, completed: seen >= count)
  }

  /// Fisher-Yates exactly as `SeededRandom.shuffle` (same draws, same result), written for
  /// `[Int]`: the generic version is not specialised across modules and spent 7% of a GMF
  /// epoch in value-witness copies (perf).
  private func shuffleIndices(_ a: inout [Int], using rng: inout SeededRandom) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
      let j = rng.nextInt(below: i + 1)
      if i != j { a.swapAt(i, j) }
    }
  }

  /// Names the likely cause of a NaN/inf loss: inputs far from unit scale, or the step size.
  private func divergenceHint(_ model: Trainable) -> String {
    if let m = model.largestInputMagnitude, m > 1_000 || !m.isFinite {
      return "features are unscaled (largest absolute input \(m)); standardise them"
    }
    let lr = options.learningRate
    return "learning rate \(lr) is probably too high; try \(lr / 10)"
  }
}

/// A `Trainable` model as the fit loop sees it: epochs of mini-batch gradient descent.
final class GradientEpochs: EpochFitting {
  let model: Trainable
  let loop: TrainingLoop
  let parameters: [Variable]
  let optimizer: Optimizer

  init(model: Trainable, options: TrainingOptions, loop: TrainingLoop) {
    self.model = model
    self.loop = loop
    parameters = model.parameters
    optimizer = options.optimizer.make(
      parameters: parameters, learningRate: options.learningRate,
      weightDecay: options.weightDecay, momentum: options.momentum)
    optimizer.zeroGrad()
  }

  func runEpoch(
    _ epoch: Int, of epochs: Int, using rng: inout SeededRandom, cancellation: Cancellation,
    onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome {
    try loop.gradientEpoch(
      model, optimizer: optimizer, parameters: parameters, epoch: epoch, using: &rng,
      onBatch: onBatch)
  }

  func validationMetrics() -> [String: Double] { model.validationMetrics() }
  var monitoredMetric: (name: String, higherIsBetter: Bool) { model.monitoredMetric }
  func snapshot() -> [[Float]] { parameters.map(\.value.scalars) }
  func restore(_ weights: [[Float]]) {
    for (p, w) in zip(parameters, weights) { p.value = Tensor(shape: p.value.shape, scalars: w) }
  }
}
