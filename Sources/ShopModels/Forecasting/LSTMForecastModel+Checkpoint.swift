import ShopTensor

extension LSTMForecastModel {
  /// The checkpoint kind tag.
  public static let checkpointKind = "lstm_forecast"

  /// The model as a `Checkpoint`: configuration, feature recipe, scales and residual spread as
  /// JSON metadata; member k's parameters as tensors `m<k>.p<j>`. The training history is not
  /// stored: pass a panel to `init(checkpoint:history:)`.
  public var checkpoint: Checkpoint {
    var tensors: [(name: String, tensor: Tensor)] = []
    for (k, parameters) in members.enumerated() {
      for (j, p) in parameters.enumerated() { tensors.append(("m\(k).p\(j)", p)) }
    }
    return Checkpoint(
      kind: Self.checkpointKind,
      metadata: [
        "features": encodeJSON(features), "scales": encodeJSON(scales),
        "residualStd": encodeJSON(residualStd), "members": "\(members.count)",
        "logVariance": "\(logVariance)", "seriesLogVariances": encodeJSON(seriesLogVariances),
      ],
      tensors: tensors)
  }

  /// Restores a model written by `checkpoint`, to forecast after `history`.
  /// - Throws: `CheckpointError` when the checkpoint is another kind or its weights do not
  ///   match the stored configuration.
  public init(checkpoint: Checkpoint, history: ForecastPanel) throws(CheckpointError) {
    guard checkpoint.kind == Self.checkpointKind else {
      throw .wrongKind(expected: Self.checkpointKind, found: checkpoint.kind)
    }
    let features = try decodeJSON(ForecastFeatures.self, checkpoint.metadata["features"], name: "features")
    let scales = try decodeJSON([String: Double].self, checkpoint.metadata["scales"], name: "scales")
    let residualStd = try decodeJSON([Double].self, checkpoint.metadata["residualStd"], name: "residualStd")
    guard let count = checkpoint.metadata["members"].flatMap({ Int($0) }), count >= 1 else {
      throw .corruptHeader("missing 'members'")
    }
    // Checkpoints written before the MSLE loss have no log variance (0: no correction).
    let logVariance = checkpoint.metadata["logVariance"].flatMap(Double.init) ?? 0
    let perSeries = checkpoint.metadata["seriesLogVariances"]
    let seriesLogVariances =
      perSeries == nil ? [:] : try decodeJSON([String: Double].self, perSeries, name: "seriesLogVariances")
    let config = features.config
    let perStep = config.loss.outputsPerStep
    let shapes = LSTMForecastNetwork.parameterShapes(
      inputSize: features.width, hidden: config.hidden, outputs: config.horizon * perStep, outputsPerStep: perStep,
      targetWidth: features.targetWidth, interacting: config.targetHead == .interacting,
      headHidden: config.headHidden ?? 0)
    var members: [[Tensor]] = []
    for k in 0..<count {
      var parameters: [Tensor] = []
      for (j, shape) in shapes.enumerated() {
        guard let t = checkpoint.tensor("m\(k).p\(j)"), t.shape == shape else { throw .shapeMismatch(name: "m\(k).p\(j)") }
        parameters.append(t)
      }
      members.append(parameters)
    }
    guard checkpoint.tensors.count == shapes.count * count else { throw .shapeMismatch(name: "m\(count).p0") }
    self.init(
      config: config, features: features, scales: scales, members: members, residualStd: residualStd,
      logVariance: logVariance, seriesLogVariances: seriesLogVariances, history: history)
  }
}
