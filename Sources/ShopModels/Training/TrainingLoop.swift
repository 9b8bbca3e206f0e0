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
    var rng = SeededRandom(seed: options.seed ^ 0x5EED_5EED)
    let parameters = model.parameters
    let optimizer = options.optimizer.make(
      parameters: parameters, learningRate: options.learningRate,
      weightDecay: options.weightDecay, momentum: options.momentum)
    optimizer.zeroGrad()
    let (monitor, higherIsBetter) = model.monitoredMetric
    let clock = ContinuousClock()
    let start = clock.now
    var summary = TrainingSummary(reports: [], bestEpoch: nil, stoppedEarly: false, interrupted: false)
    var best: (score: Double, weights: [Tensor])? = nil
    var sinceBest = 0

    func restoreBest() {
      guard let best else { return }
      for (p, w) in zip(parameters, best.weights) { p.value = w }
    }

    epochs: for epoch in 1...options.epochs {
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
          restoreBest()
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
        if cancellation.isRequested {
          summary.interrupted = true
          break
        }
      }
      if summary.interrupted && seen < count {
        // A partial epoch is not comparable with whole ones: keep the best whole epoch, or
        // these weights if no epoch finished.
        if best == nil { summary.bestEpoch = nil } else { restoreBest() }
        return summary
      }
      let trainLoss = lossSum / Double(max(1, seen))
      let trainSeconds = seconds(clock.now - epochStart)
      let validation = model.validationMetrics()
      let score: Double
      if let v = validation[monitor] {
        score = higherIsBetter ? v : -v
      } else {
        score = -trainLoss
      }
      let improved = best.map { score > $0.score } ?? true
      if improved {
        best = (score, parameters.map(\.value))
        summary.bestEpoch = epoch
        sinceBest = 0
      } else {
        sinceBest += 1
      }
      let report = EpochReport(
        epoch: epoch, trainLoss: trainLoss, validation: validation,
        samplesPerSecond: Double(seen) / max(trainSeconds, 1e-9),
        elapsed: seconds(clock.now - start), isBest: improved)
      summary.reports.append(report)
      onEpoch?(report)
      if summary.interrupted { break epochs }
      if let patience = options.patience, sinceBest >= patience, epoch < options.epochs {
        summary.stoppedEarly = true
        break epochs
      }
    }
    restoreBest()
    return summary
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

  private func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
  }
}
