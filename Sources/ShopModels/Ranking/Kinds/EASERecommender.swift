import Foundation
import ShopCore
import ShopTensor

/// EASE (Steck 2019): a linear item-to-item model in closed form. With G = XᵀX + λI over the
/// binary user × item matrix X and P = G⁻¹, the weights are B = I − P · diag(1/diag(P)) with a
/// zero diagonal, and a user's scores are x·B. One Cholesky inverse (LAPACK), no epochs.
/// Often the strongest model on small and medium catalogues; its item × item matrix grows with
/// the square of the catalogue, so large catalogues are refused with the memory they would need.
public final class EASERecommender: Recommender {
  public static let options = [
    ModelOption("lambda", .real(0.001...10_000_000), default: .real(500), help: "L2 penalty on the weights: larger for noisier data")
  ]

  /// The item × item matrices may use at most this much memory.
  public static let memoryLimit = 8 * 1_073_741_824

  public static let kind = RecommenderKind(
    name: "ease",
    summary: "item-to-item linear model in closed form (one Cholesky inverse); strong on small and medium catalogues",
    options: options, defaultEpochs: 1, explains: true,
    make: { o, train, _ throws(TrainingError) in
      let n = train.itemCount
      // The Double Gram matrix being inverted plus the Float weights kept.
      let bytes = n.multipliedReportingOverflow(by: n).partialValue &* 12
      if n > 200_000 || bytes > memoryLimit {
        throw .tooLarge(
          what: "EASE on \(n) items (an item × item matrix)", bytes: max(bytes, 0), limit: memoryLimit,
          hint: "use als, bpr or itemknn, or keep the most frequent items")
      }
      return EASERecommender(train: train, lambda: o.real("lambda"))
    },
    restore: { c throws(CheckpointError) in
      let b = try c.vector("weights")
      let n = Int(Double(b.count).squareRoot())
      let model = EASERecommender(train: nil, itemCount: n, lambda: 0)
      model.weights = b
      return model
    })

  public var kindName: String { "ease" }
  public let itemCount: Int
  public var validation: RankingValidation?
  let lambda: Double
  private let train: Interactions?
  /// B, row-major n × n: row j holds what having item j adds to every item's score.
  var weights: [Float] = []

  init(train: Interactions?, itemCount: Int? = nil, lambda: Double) {
    self.train = train
    self.itemCount = itemCount ?? train?.itemCount ?? 0
    self.lambda = lambda
  }

  public func runEpoch(
    _ epoch: Int, of epochs: Int, using rng: inout SeededRandom, cancellation: Cancellation,
    onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome {
    guard let train, train.count > 0 else { throw .noTrainingData }
    let n = itemCount
    var g = [Double](repeating: 0, count: n * n)
    for u in 0..<train.userCount {
      let row = train.items(of: u)
      for a in row {
        let base = Int(a) * n
        for b in row { g[base + Int(b)] += 1 }
      }
    }
    for i in 0..<n { g[i * n + i] += lambda }
    if cancellation.isRequested { return EpochOutcome(loss: 0, samples: 0, completed: false) }
    guard LinearAlgebra.invertSymmetricPositiveDefinite(&g, n: n) else {
      throw .invalidOption(
        name: "lambda", value: String(lambda), expected: "a larger value (the Gram matrix is not positive definite)")
    }
    // B[i][j] = −P[i][j] / P[j][j] off the diagonal, 0 on it.
    var b = [Float](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n where i != j { b[i * n + j] = Float(-g[i * n + j] / g[j * n + j]) }
    }
    weights = b
    return EpochOutcome(loss: 0, samples: train.count)
  }

  public func scores(for query: RankingQuery, into out: inout [Float]) {
    RowSums.sum(of: query.history.filter { $0 >= 0 && $0 < itemCount }, in: weights, columns: itemCount, into: &out)
  }

  public func reasons(for item: Int, history: [Int]) -> [(item: Int, weight: Float)] {
    history.filter { $0 >= 0 && $0 < itemCount }.map { ($0, weights[$0 * itemCount + item]) }
      .filter { $0.1 > 0 }
      .sorted { $0.weight > $1.weight || ($0.weight == $1.weight && $0.item < $1.item) }
  }

  public func similarities(to item: Int) -> [Float]? {
    guard item >= 0 && item < itemCount else { return nil }
    return Array(weights[(item * itemCount)..<((item + 1) * itemCount)])
  }

  public func snapshot() -> [[Float]] { [weights] }
  public func restore(_ w: [[Float]]) { weights = w[0] }
  public func checkpoint() -> Checkpoint { checkpoint([("weights", weights)]) }
}
