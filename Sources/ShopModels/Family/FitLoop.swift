import ShopCore
import ShopTensor

/// A model the shared fit loop can drive, one epoch at a time.
///
/// An epoch is whatever unit the model fits in: a pass of mini-batch SGD, one ALS sweep, or
/// the whole closed-form solve of EASE or item-kNN (one epoch). The loop owns what every kind
/// shares: progress, Ctrl-C, early stopping, the best weights, divergence, the curve.
public protocol EpochFitting: AnyObject {
  /// Runs epoch `epoch` (1-based), polling `cancellation` where it can stop early.
  func runEpoch(
    _ epoch: Int, of epochs: Int, using rng: inout SeededRandom, cancellation: Cancellation,
    onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome
  /// Validation metrics by name, or an empty dictionary without validation data.
  func validationMetrics() -> [String: Double]
  /// The metric early stopping watches and whether higher is better; without it, the loop
  /// watches the training loss.
  var monitoredMetric: (name: String, higherIsBetter: Bool) { get }
  /// A copy of the weights (to keep the best epoch's).
  func snapshot() -> [[Float]]
  /// Puts back weights from `snapshot()`.
  func restore(_ weights: [[Float]])
}

/// What one epoch did.
public struct EpochOutcome: Sendable {
  /// The epoch's training loss or objective (lower is better).
  public var loss: Double
  /// Samples (or rows) processed.
  public var samples: Int
  /// False when Ctrl-C stopped the epoch before its end.
  public var completed: Bool

  public init(loss: Double, samples: Int, completed: Bool = true) {
    self.loss = loss
    self.samples = samples
    self.completed = completed
  }
}

/// The one loop that fits every model kind (see `EpochFitting`).
///
/// After each epoch it asks for validation metrics, reports an `EpochReport`, and snapshots
/// the weights when the monitored metric improves; at the end (normal, early-stopped,
/// interrupted or diverged) the model holds the best weights seen.
public struct FitLoop {
  public var epochs: Int
  /// Stop after this many epochs without improvement (nil: run every epoch).
  public var patience: Int?
  public var seed: UInt64
  public var cancellation: Cancellation

  public init(epochs: Int, patience: Int?, seed: UInt64, cancellation: Cancellation = .shared) {
    self.epochs = epochs
    self.patience = patience
    self.seed = seed
    self.cancellation = cancellation
  }

  @discardableResult
  public func fit(
    _ model: EpochFitting, onEpoch: ((EpochReport) -> Void)? = nil,
    onBatch: ((BatchProgress) -> Void)? = nil
  ) throws(TrainingError) -> TrainingSummary {
    var rng = SeededRandom(seed: seed ^ 0x5EED_5EED)
    let (monitor, higherIsBetter) = model.monitoredMetric
    let clock = ContinuousClock()
    let start = clock.now
    var summary = TrainingSummary(reports: [], bestEpoch: nil, stoppedEarly: false, interrupted: false)
    var best: (score: Double, weights: [[Float]])? = nil
    var sinceBest = 0

    for epoch in 1...max(1, epochs) {
      let epochStart = clock.now
      let outcome: EpochOutcome
      do {
        outcome = try model.runEpoch(
          epoch, of: epochs, using: &rng, cancellation: cancellation, onBatch: onBatch)
      } catch {
        if let best { model.restore(best.weights) }
        throw error
      }
      if !outcome.completed {
        // A partial epoch is not comparable with whole ones: keep the best whole epoch, or
        // these weights if no epoch finished.
        summary.interrupted = true
        if let best { model.restore(best.weights) } else { summary.bestEpoch = nil }
        return summary
      }
      let trainSeconds = seconds(clock.now - epochStart)
      let validation = model.validationMetrics()
      let score = validation[monitor].map { higherIsBetter ? $0 : -$0 } ?? -outcome.loss
      let improved = best.map { score > $0.score } ?? true
      if improved {
        best = (score, model.snapshot())
        summary.bestEpoch = epoch
        sinceBest = 0
      } else {
        sinceBest += 1
      }
      let report = EpochReport(
        epoch: epoch, trainLoss: outcome.loss, validation: validation,
        samplesPerSecond: Double(outcome.samples) / max(trainSeconds, 1e-9),
        elapsed: seconds(clock.now - start), isBest: improved)
      summary.reports.append(report)
      onEpoch?(report)
      if cancellation.isRequested {
        summary.interrupted = true
        break
      }
      if let patience, sinceBest >= patience, epoch < epochs {
        summary.stoppedEarly = true
        break
      }
    }
    if let best { model.restore(best.weights) }
    return summary
  }
}

/// A duration in seconds, for reports.
func seconds(_ d: Duration) -> Double {
  let c = d.components
  return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}
