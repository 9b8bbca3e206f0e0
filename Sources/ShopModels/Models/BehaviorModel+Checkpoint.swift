extension BehaviorModel {
  /// The model as bytes for the store (configuration plus weights).
  public func checkpoint(metadata: [String: String] = [:]) -> Checkpoint {
    var meta = metadata
    meta["config"] = encodeJSON(config)
    return Checkpoint(kind: "behavior", metadata: meta, tensors: namedWeights())
  }

  /// Rebuilds a model from `checkpoint()` bytes' decoded form.
  public convenience init(checkpoint: Checkpoint) throws(CheckpointError) {
    guard checkpoint.kind == "behavior" else {
      throw .wrongKind(expected: "behavior", found: checkpoint.kind)
    }
    let config = try decodeJSON(BehaviorConfig.self, checkpoint.metadata["config"], name: "config")
    self.init(config: config, seed: 0)
    try loadWeights(from: checkpoint)
  }
}
