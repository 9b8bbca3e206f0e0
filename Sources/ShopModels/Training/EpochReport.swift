/// What one epoch did, handed to the caller's callback (the REPL prints it as a progress line).
public struct EpochReport: Sendable, Equatable, Codable {
  /// 1-based epoch number.
  public var epoch: Int
  /// Mean training loss over the epoch's batches.
  public var trainLoss: Double
  /// Validation metrics by name (empty without validation data).
  public var validation: [String: Double]
  /// Training samples per second of this epoch's training time (validation excluded).
  public var samplesPerSecond: Double
  /// Seconds since training started.
  public var elapsed: Double
  /// Whether this epoch is the best so far by the monitored metric.
  public var isBest: Bool

  public init(
    epoch: Int, trainLoss: Double, validation: [String: Double], samplesPerSecond: Double,
    elapsed: Double, isBest: Bool
  ) {
    self.epoch = epoch
    self.trainLoss = trainLoss
    self.validation = validation
    self.samplesPerSecond = samplesPerSecond
    self.elapsed = elapsed
    self.isBest = isBest
  }
}

/// Progress inside an epoch, for a progress bar (epoch, batch, running loss, speed, ETA).
public struct BatchProgress: Sendable {
  public var epoch: Int
  public var epochs: Int
  public var batch: Int
  public var batches: Int
  /// Mean loss over the batches so far in this epoch.
  public var runningLoss: Double
  public var samplesPerSecond: Double
  /// Estimated seconds until the last epoch ends.
  public var secondsRemaining: Double
}

/// How a training run ended.
public struct TrainingSummary: Sendable, Equatable, Codable {
  /// One report per completed epoch (the training curve).
  public var reports: [EpochReport]
  /// The epoch whose weights the model holds now (nil if no epoch completed).
  public var bestEpoch: Int?
  /// Early stopping ended the run before the last epoch.
  public var stoppedEarly: Bool
  /// Ctrl-C ended the run after the current batch; the best weights so far are kept.
  public var interrupted: Bool

  public init(reports: [EpochReport], bestEpoch: Int?, stoppedEarly: Bool, interrupted: Bool) {
    self.reports = reports
    self.bestEpoch = bestEpoch
    self.stoppedEarly = stoppedEarly
    self.interrupted = interrupted
  }
}
