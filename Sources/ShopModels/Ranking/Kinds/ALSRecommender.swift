import ShopCore
import ShopTensor

/// Implicit-feedback ALS (Hu, Koren & Volinsky 2008): every (user, item) pair is a preference
/// of 1 (had it) or 0 (did not), trusted with confidence 1 + alpha · weight for the pairs seen
/// and 1 for the rest; users and items are solved in turn (one epoch is one sweep of both), each
/// row by a few conjugate-gradient steps. Fast, and uses every unseen pair as a weak negative.
/// A visitor it never saw is placed at the mean of their items' factors.
public final class ALSRecommender: Recommender {
  public static let options = [
    ModelOption("factors", .integer(1...1024), default: .int(64), help: "the embedding size"),
    ModelOption("reg", .real(0...10_000), default: .real(0.01), help: "L2 penalty on every factor"),
    ModelOption("alpha", .real(0...100_000), default: .real(1), help: "confidence per unit of weight: c = 1 + alpha · weight"),
    ModelOption("cg", .integer(1...1024), default: .int(3), help: "conjugate-gradient steps per row and sweep"),
  ]

  public static let kind = RecommenderKind(
    name: "als",
    summary: "implicit ALS: every unseen pair a weak negative, confidence grows with the weight; one epoch per sweep",
    options: options, defaultEpochs: 15,
    make: { o, train, t in
      ALSRecommender(
        train: train, factors: o.int("factors"), reg: Float(o.real("reg")),
        alpha: Float(o.real("alpha")), cgSteps: o.int("cg"), seed: t.seed)
    },
    restore: { c throws(CheckpointError) in
      let f = try c.integer("factors")
      let model = ALSRecommender(train: nil, itemCount: try c.integer("items"), factors: f, reg: 0, alpha: 0, cgSteps: 3, seed: 0)
      model.matrices = FactorMatrices(users: try c.vector("users"), items: try c.vector("items"), itemBias: [], factors: f)
      return model
    })

  public var kindName: String { "als" }
  public let itemCount: Int
  public var validation: RankingValidation?
  let reg: Float, alpha: Float, cgSteps: Int
  private let train: Interactions?
  private let byItem: Interactions?
  var matrices: FactorMatrices

  init(
    train: Interactions?, itemCount: Int? = nil, factors: Int, reg: Float, alpha: Float,
    cgSteps: Int, seed: UInt64
  ) {
    self.train = train
    self.byItem = train?.transposed()
    self.itemCount = itemCount ?? train?.itemCount ?? 0
    self.reg = reg
    self.alpha = alpha
    self.cgSteps = cgSteps
    matrices = FactorMatrices.random(
      users: train?.userCount ?? 0, items: train?.itemCount ?? 0, factors: factors, std: 0.01,
      bias: false, seed: seed)
  }

  private func confidence(_ x: Interactions) -> [Float] { x.weights.map { 1 + alpha * $0 } }

  public func runEpoch(
    _ epoch: Int, of epochs: Int, using rng: inout SeededRandom, cancellation: Cancellation,
    onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome {
    guard let train, let byItem, train.count > 0 else { throw .noTrainingData }
    let f = matrices.factors
    var users = matrices.users
    ALSKernel.solveRows(
      rowStart: train.rowStart, columns: train.columns, confidence: confidence(train),
      x: &users, y: matrices.items, factors: f, regularization: reg, cgSteps: cgSteps)
    matrices.users = users
    if cancellation.isRequested { return EpochOutcome(loss: 0, samples: train.count, completed: false) }
    var items = matrices.items
    ALSKernel.solveRows(
      rowStart: byItem.rowStart, columns: byItem.columns, confidence: confidence(byItem),
      x: &items, y: matrices.users, factors: f, regularization: reg, cgSteps: cgSteps)
    matrices.items = items
    let loss = objective() / Double(train.count)
    guard loss.isFinite else {
      throw .diverged(epoch: epoch, batch: 1, loss: Float(loss), hint: "lower alpha or raise reg")
    }
    return EpochOutcome(loss: loss, samples: train.count)
  }

  /// The full implicit-ALS objective (see `ALSKernel.objective`).
  public func objective() -> Double {
    guard let train else { return 0 }
    return ALSKernel.objective(
      rowStart: train.rowStart, columns: train.columns, confidence: confidence(train),
      x: matrices.users, y: matrices.items, factors: matrices.factors, regularization: reg)
  }

  public func scores(for query: RankingQuery, into out: inout [Float]) {
    out = matrices.scores(for: query, itemCount: itemCount)
  }

  public func similarities(to item: Int) -> [Float]? {
    item >= 0 && item < itemCount ? matrices.cosine(to: item, itemCount: itemCount) : nil
  }

  public func snapshot() -> [[Float]] { [matrices.users, matrices.items] }
  public func restore(_ w: [[Float]]) {
    matrices.users = w[0]
    matrices.items = w[1]
  }
  public func checkpoint() -> Checkpoint {
    checkpoint(
      [("users", matrices.users), ("items", matrices.items)],
      metadata: ["items": String(itemCount), "factors": String(matrices.factors)])
  }
}
