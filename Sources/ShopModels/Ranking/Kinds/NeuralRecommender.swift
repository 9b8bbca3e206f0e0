import ShopCore
import ShopTensor

/// The design's neural recommenders, trained by mini-batch gradient descent on the shared
/// autodiff core: `mf` scores σ(pᵤ·qᵢ + bᵤ + bᵢ) with binary cross-entropy on each
/// interaction and NEGATIVES sampled unseen items per positive (the behaviour model's `gmf`);
/// `seed-item` is the original design, one linear layer over concat(user, item), whose score
/// is a user term plus an item term: it can only learn a popularity order, and the
/// evaluation shows that (kept for teaching).
public final class NeuralRecommender: Recommender {
  static let neuralOptions = [
    ModelOption("dim", .integer(1...512), default: .int(32), help: "the embedding size"),
    ModelOption("negatives", .integer(1...100), default: .int(4), help: "unseen items sampled per positive each epoch"),
  ]

  public static let mfKind = kind("mf", .gmf, "σ(user · item + biases) with sampled negatives and binary cross-entropy (the design's model)")
  public static let seedItemKind = kind("seed-item", .seed, "the original design: one linear layer over concat(user, item); can only learn popularity (for teaching)")

  static func kind(_ name: String, _ arch: BehaviorConfig.Architecture, _ summary: String) -> RecommenderKind {
    RecommenderKind(
      name: name, summary: summary, options: neuralOptions, defaultEpochs: 10,
      usesGradientOptions: true,
      make: { o, train, t throws(TrainingError) in
        let config = BehaviorConfig(
          architecture: arch, userCount: train.userCount, itemCount: train.itemCount,
          dimension: o.int("dim"), negativeRatio: o.int("negatives"))
        try config.validate()
        return NeuralRecommender(name: name, model: BehaviorModel(config: config, seed: t.seed), train: train, options: t)
      },
      restore: { c throws(CheckpointError) in
        var inner = c
        inner.kind = "behavior"
        let model = try BehaviorModel(checkpoint: inner)
        return NeuralRecommender(name: name, model: model, train: nil, options: nil)
      })
  }

  public let kindName: String
  public var itemCount: Int { model.config.itemCount }
  public var validation: RankingValidation?
  public let model: BehaviorModel
  private let epochs: GradientEpochs?

  /// A trained behaviour model seen as a recommender (for the ranking evaluation).
  public convenience init(wrapping model: BehaviorModel) {
    self.init(name: "behavior", model: model, train: nil, options: nil)
  }

  init(name: String, model: BehaviorModel, train: Interactions?, options: TrainingOptions?) {
    kindName = name
    self.model = model
    if let train, let options {
      var users: [Int] = [], items: [Int] = []
      users.reserveCapacity(train.count)
      items.reserveCapacity(train.count)
      for u in 0..<train.userCount {
        for i in train.items(of: u) {
          users.append(u)
          items.append(Int(i))
        }
      }
      model.setTrainingData(users: users, items: items)
      epochs = GradientEpochs(model: model, options: options, loop: TrainingLoop(options: options))
    } else {
      epochs = nil
    }
  }

  public func runEpoch(
    _ epoch: Int, of count: Int, using rng: inout SeededRandom, cancellation: Cancellation,
    onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome {
    guard let epochs else { throw .noTrainingData }
    return try epochs.runEpoch(epoch, of: count, using: &rng, cancellation: cancellation, onBatch: onBatch)
  }

  public func scores(for query: RankingQuery, into out: inout [Float]) {
    guard let u = query.user, u >= 0, u < model.config.userCount else {
      // A visitor with no embedding: the mean user, so the item terms decide.
      out = [Float](repeating: 0, count: itemCount)
      for user in 0..<min(model.config.userCount, 64) {
        let s = model.scoresForAllItems(user: user)
        for i in 0..<itemCount { out[i] += s[i] }
      }
      return
    }
    out = model.scoresForAllItems(user: u)
  }

  public func snapshot() -> [[Float]] { model.parameters.map(\.value.scalars) }
  public func restore(_ w: [[Float]]) {
    for (p, v) in zip(model.parameters, w) { p.value = Tensor(shape: p.value.shape, scalars: v) }
  }
  public func checkpoint() -> Checkpoint {
    var c = model.checkpoint()
    c.kind = "recommender/" + kindName
    return c
  }
}
