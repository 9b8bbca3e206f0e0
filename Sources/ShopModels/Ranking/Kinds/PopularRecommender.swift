import ShopCore

/// The popularity baseline: an item's score is how many users had it. Everyone gets the same
/// list; a model that cannot beat it has not learned anything personal.
public final class PopularRecommender: Recommender {
  public static let kind = RecommenderKind(
    name: "popular",
    summary: "most-had items first, the same list for everyone: the baseline every model must beat",
    options: [], defaultEpochs: 1,
    make: { _, train, _ in PopularRecommender(train: train) },
    restore: { c throws(CheckpointError) in
      let model = PopularRecommender(counts: try c.vector("counts"))
      return model
    })

  public var kindName: String { "popular" }
  public let itemCount: Int
  public var validation: RankingValidation?
  private let train: Interactions?
  private(set) var counts: [Float]

  init(train: Interactions) {
    self.train = train
    itemCount = train.itemCount
    counts = [Float](repeating: 0, count: train.itemCount)
  }

  init(counts: [Float]) {
    train = nil
    itemCount = counts.count
    self.counts = counts
  }

  public func runEpoch(
    _ epoch: Int, of epochs: Int, using rng: inout SeededRandom, cancellation: Cancellation,
    onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome {
    guard let train, train.count > 0 else { throw .noTrainingData }
    counts = train.itemCounts.map(Float.init)
    return EpochOutcome(loss: 0, samples: train.count)
  }

  public func scores(for query: RankingQuery, into out: inout [Float]) { out = counts }
  public func snapshot() -> [[Float]] { [counts] }
  public func restore(_ weights: [[Float]]) { counts = weights[0] }
  public func checkpoint() -> Checkpoint { checkpoint([("counts", counts)]) }
}
