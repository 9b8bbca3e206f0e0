import ShopCore
import ShopTensor

/// The architecture and size of a binary classifier over a feature matrix.
public struct ClassifierConfig: Codable, Sendable, Equatable {
  public enum Architecture: String, Codable, Sendable, CaseIterable {
    /// Logistic regression: one linear layer, sigmoid.
    case logistic
    /// Hidden ReLU layers, then one logit.
    case mlp
  }

  public var architecture: Architecture
  public var featureCount: Int
  /// Hidden layer sizes of `.mlp`.
  public var hiddenLayers: [Int]
  /// Dropout after each hidden layer while training.
  public var dropout: Float
  /// Weight of positive samples in the loss (>1 helps rare positives; 1 is plain BCE).
  public var positiveWeight: Float

  public init(
    architecture: Architecture, featureCount: Int, hiddenLayers: [Int] = [32, 16],
    dropout: Float = 0, positiveWeight: Float = 1
  ) {
    self.architecture = architecture
    self.featureCount = featureCount
    self.hiddenLayers = hiddenLayers
    self.dropout = dropout
    self.positiveWeight = positiveWeight
  }
}

/// A binary classifier: P(label | features) = sigmoid(network(features)).
///
/// Takes an already-encoded `[rows, featureCount]` matrix; `encoder` (optional) is the
/// `FeatureEncoder` that produced it, stored with the model so predictions reuse it.
public final class Classifier: Trainable {
  public let config: ClassifierConfig
  public var encoder: FeatureEncoder?
  let network: FeedForward
  private var trainX = Tensor.zeros([0, 0])
  private var trainY: [Float] = []
  private var validationX: Tensor?
  private var validationY: [Bool] = []
  private var inputMagnitude: Float?

  public init(config: ClassifierConfig, seed: UInt64, encoder: FeatureEncoder? = nil) {
    self.config = config
    self.encoder = encoder
    var rng = SeededRandom(seed: seed)
    let sizes =
      config.architecture == .logistic
      ? [config.featureCount, 1] : [config.featureCount] + config.hiddenLayers + [1]
    network = FeedForward(sizes: sizes, activation: .relu, dropout: config.dropout, using: &rng)
  }

  public var parameters: [Variable] { network.parameters }

  /// Sets the training rows (`features` is `[rows, featureCount]`).
  public func setTrainingData(features: Tensor, labels: [Bool]) {
    precondition(features.rowCount == labels.count && features.columnCount == config.featureCount)
    trainX = features
    trainY = labels.map { $0 ? 1 : 0 }
    inputMagnitude = features.maxAbs()
  }

  /// Sets rows to validate on after each epoch (AUC, log-loss).
  public func setValidationData(features: Tensor, labels: [Bool]) {
    precondition(features.rowCount == labels.count && features.columnCount == config.featureCount)
    validationX = features
    validationY = labels
  }

  /// P(positive) per row of `features`.
  /// - Complexity: O(rows × model size).
  public func predictProbabilities(_ features: Tensor) -> [Float] {
    var rng = SeededRandom(seed: 0)
    return network(Variable(features), training: false, using: &rng).value.sigmoid().scalars
  }

  // MARK: Trainable

  public func prepareEpoch(_ epoch: Int, using rng: inout SeededRandom) -> Int { trainY.count }

  public func batchLoss(_ batch: ArraySlice<Int>, using rng: inout SeededRandom) -> Variable {
    let rows = Array(batch)
    let x = Variable(trainX.gatherRows(rows))
    let y = rows.map { trainY[$0] }
    let w = config.positiveWeight == 1 ? nil : y.map { $0 > 0 ? config.positiveWeight : 1 }
    let z = network(x, training: true, using: &rng).reshaped([rows.count])
    return Loss.binaryCrossEntropy(logits: z, targets: y, weights: w)
  }

  public func validationMetrics() -> [String: Double] {
    guard let validationX else { return [:] }
    let p = predictProbabilities(validationX).map(Double.init)
    var m = ["logloss": Metrics.logLoss(probabilities: p, labels: validationY)]
    if let auc = Metrics.auc(scores: p, labels: validationY) { m["auc"] = auc }
    return m
  }

  public var monitoredMetric: (name: String, higherIsBetter: Bool) { ("auc", true) }
  public var largestInputMagnitude: Float? { inputMagnitude }

  // MARK: Checkpoint

  /// The model as bytes for the store (configuration, encoder, weights).
  public func checkpoint(metadata: [String: String] = [:]) -> Checkpoint {
    var meta = metadata
    meta["config"] = encodeJSON(config)
    if let encoder { meta["encoder"] = encodeJSON(encoder) }
    return Checkpoint(kind: "classifier", metadata: meta, tensors: namedWeights())
  }

  /// Rebuilds a classifier from its checkpoint.
  public convenience init(checkpoint: Checkpoint) throws(CheckpointError) {
    guard checkpoint.kind == "classifier" else {
      throw .wrongKind(expected: "classifier", found: checkpoint.kind)
    }
    let config = try decodeJSON(ClassifierConfig.self, checkpoint.metadata["config"], name: "config")
    let encoder: FeatureEncoder? =
      checkpoint.metadata["encoder"] == nil
      ? nil : try decodeJSON(FeatureEncoder.self, checkpoint.metadata["encoder"], name: "encoder")
    self.init(config: config, seed: 0, encoder: encoder)
    try loadWeights(from: checkpoint)
  }
}
