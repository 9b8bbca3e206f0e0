/// The knobs of one training run; `Codable` so a stored model remembers how it was trained.
public struct TrainingOptions: Codable, Sendable, Equatable {
  public var epochs: Int
  public var batchSize: Int
  public var learningRate: Float
  /// Drives initialisation, shuffling, negative sampling and dropout: same seed, same weights.
  public var seed: UInt64
  public var optimizer: OptimizerKind
  /// L2 (SGD, Adam, Adagrad) or decoupled (AdamW) weight decay.
  public var weightDecay: Float
  /// SGD momentum.
  public var momentum: Float
  /// Clip the global gradient norm to this value each step (nil: no clipping).
  public var clipNorm: Float?
  /// Stop after this many epochs without improvement of the monitored metric and restore the
  /// best weights (nil: run every epoch, still restoring the best weights at the end).
  public var patience: Int?

  public init(
    epochs: Int = 10, batchSize: Int = 256, learningRate: Float = 0.01, seed: UInt64 = 42,
    optimizer: OptimizerKind = .adam, weightDecay: Float = 0, momentum: Float = 0.9,
    clipNorm: Float? = nil, patience: Int? = 3
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.seed = seed
    self.optimizer = optimizer
    self.weightDecay = weightDecay
    self.momentum = momentum
    self.clipNorm = clipNorm
    self.patience = patience
  }

  /// Throws `TrainingError.invalidOption` for values no run can use.
  public func validate() throws(TrainingError) {
    if epochs < 1 {
      throw .invalidOption(name: "epochs", value: "\(epochs)", expected: "at least 1")
    }
    if batchSize < 1 {
      throw .invalidOption(name: "batch", value: "\(batchSize)", expected: "at least 1")
    }
    if !(learningRate > 0) || !learningRate.isFinite {
      throw .invalidOption(name: "lr", value: "\(learningRate)", expected: "a positive number")
    }
    if weightDecay < 0 {
      throw .invalidOption(name: "weight decay", value: "\(weightDecay)", expected: "0 or more")
    }
    if let p = patience, p < 1 {
      throw .invalidOption(name: "patience", value: "\(p)", expected: "at least 1")
    }
  }
}
