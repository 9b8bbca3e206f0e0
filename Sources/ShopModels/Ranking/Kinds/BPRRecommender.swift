import ShopCore
import ShopTensor

/// BPR-MF (Rendle et al. 2009): user and item factors trained so that each user scores an
/// item they had above one they did not, by stochastic gradient steps on sampled triples (one
/// epoch draws as many triples as there are interactions). Optimises ranking directly; needs
/// more epochs than ALS.
public final class BPRRecommender: Recommender {
  public static let options = [
    ModelOption("factors", .integer(1...1024), default: .int(64), help: "the embedding size"),
    ModelOption("lr", .real(0.000001...10), default: .real(0.01), help: "the SGD step size"),
    ModelOption("reg", .real(0...10), default: .real(0.01), help: "L2 penalty per step"),
  ]

  public static let kind = RecommenderKind(
    name: "bpr",
    summary: "BPR-MF: factors trained so users rank what they had above what they did not (sampled pairs, SGD)",
    options: options, defaultEpochs: 100,
    make: { o, train, t in
      BPRRecommender(
        train: train, factors: o.int("factors"), lr: Float(o.real("lr")), reg: Float(o.real("reg")),
        seed: t.seed)
    },
    restore: { c throws(CheckpointError) in
      let f = try c.integer("factors")
      let model = BPRRecommender(train: nil, itemCount: try c.integer("items"), factors: f, lr: 0, reg: 0, seed: 0)
      model.matrices = FactorMatrices(
        users: try c.vector("users"), items: try c.vector("items"), itemBias: try c.vector("bias"), factors: f)
      return model
    })

  public var kindName: String { "bpr" }
  public let itemCount: Int
  public var validation: RankingValidation?
  let lr: Float, reg: Float
  private let train: Interactions?
  var matrices: FactorMatrices

  init(train: Interactions?, itemCount: Int? = nil, factors: Int, lr: Float, reg: Float, seed: UInt64) {
    self.train = train
    self.itemCount = itemCount ?? train?.itemCount ?? 0
    self.lr = lr
    self.reg = reg
    // Small uniform-scale start, as implicit does: (U(0,1) − 0.5) / factors ≈ N(0, 0.29/f).
    matrices = FactorMatrices.random(
      users: train?.userCount ?? 0, items: train?.itemCount ?? 0, factors: factors,
      std: 0.29 / Float(factors), bias: true, seed: seed)
  }

  public func runEpoch(
    _ epoch: Int, of epochs: Int, using rng: inout SeededRandom, cancellation: Cancellation,
    onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome {
    guard let train, train.count > 0 else { throw .noTrainingData }
    // Move the matrices out while the kernel mutates them: three inout accesses to parts of
    // one stored struct would overlap.
    var m = matrices
    matrices = FactorMatrices(users: [], items: [], itemBias: [], factors: m.factors)
    let result = BPRKernel.epoch(
      rows: .init(rowStart: train.rowStart, items: train.columns), itemCount: itemCount,
      samples: train.count, userFactors: &m.users, itemFactors: &m.items,
      itemBias: &m.itemBias, dimension: m.factors, learningRate: lr,
      regularization: reg, using: &rng)
    matrices = m
    guard result.loss.isFinite else {
      throw .diverged(epoch: epoch, batch: 1, loss: Float(result.loss), hint: "lower lr (now \(lr))")
    }
    return EpochOutcome(loss: result.loss, samples: result.used)
  }

  public func scores(for query: RankingQuery, into out: inout [Float]) {
    out = matrices.scores(for: query, itemCount: itemCount)
  }

  public func similarities(to item: Int) -> [Float]? {
    item >= 0 && item < itemCount ? matrices.cosine(to: item, itemCount: itemCount) : nil
  }

  public func snapshot() -> [[Float]] { [matrices.users, matrices.items, matrices.itemBias] }
  public func restore(_ w: [[Float]]) {
    matrices.users = w[0]
    matrices.items = w[1]
    matrices.itemBias = w[2]
  }
  public func checkpoint() -> Checkpoint {
    checkpoint(
      [("users", matrices.users), ("items", matrices.items), ("bias", matrices.itemBias)],
      metadata: ["items": String(itemCount), "factors": String(matrices.factors)])
  }
}
