import Foundation
import ShopCore

/// Item-based k-nearest neighbours: items are similar when the same users had them (cosine of
/// their user vectors, shrunk towards 0 for items with few users), and a user's score for an
/// item is the summed similarity to the items they had. Explains itself ("because they had
/// …"); strong on sparse purchase logs; cannot score a user with no history.
public final class ItemKNNRecommender: Recommender {
  public static let options = [
    ModelOption("neighbours", .integer(1...10_000), default: .int(100), help: "similar items kept per item"),
    ModelOption("shrink", .real(0...1_000_000), default: .real(10), help: "added to the cosine's denominator: damps similarities resting on few users"),
  ]

  public static let kind = RecommenderKind(
    name: "itemknn",
    summary: "items had by the same users (cosine with shrinkage, K neighbours); explains with the user's own items",
    options: options, defaultEpochs: 1, explains: true,
    make: { o, train, _ in
      ItemKNNRecommender(train: train, neighbours: o.int("neighbours"), shrink: Float(o.real("shrink")))
    },
    restore: { c throws(CheckpointError) in
      let model = ItemKNNRecommender(
        train: nil, itemCount: try c.integer("items"), neighbours: try c.integer("neighbours"),
        shrink: 0)
      model.neighbour = try c.vector("neighbour").map { Int32($0) }
      model.similarity = try c.vector("similarity")
      return model
    })

  public var kindName: String { "itemknn" }
  public let itemCount: Int
  public var validation: RankingValidation?
  let neighbours: Int
  let shrink: Float
  private let train: Interactions?
  /// Row i: item i's neighbours (−1 pads) and their similarities.
  var neighbour: [Int32] = []
  var similarity: [Float] = []

  init(train: Interactions?, itemCount: Int? = nil, neighbours: Int, shrink: Float) {
    self.train = train
    self.itemCount = itemCount ?? train?.itemCount ?? 0
    self.neighbours = neighbours
    self.shrink = shrink
  }

  public func runEpoch(
    _ epoch: Int, of epochs: Int, using rng: inout SeededRandom, cancellation: Cancellation,
    onBatch: ((BatchProgress) -> Void)?
  ) throws(TrainingError) -> EpochOutcome {
    guard let train, train.count > 0 else { throw .noTrainingData }
    let byItem = train.transposed()
    let n = itemCount, k = min(neighbours, max(1, n - 1))
    let norms = (0..<n).map { Float(byItem.items(of: $0).count).squareRoot() }
    neighbour = [Int32](repeating: -1, count: n * k)
    similarity = [Float](repeating: 0, count: n * k)
    var dot = [Float](repeating: 0, count: n)
    var touched: [Int] = []
    for i in 0..<n {
      if i % 256 == 0 && cancellation.isRequested { return EpochOutcome(loss: 0, samples: i, completed: false) }
      for u in byItem.items(of: i) {
        for j in train.items(of: Int(u)) where Int(j) != i {
          if dot[Int(j)] == 0 { touched.append(Int(j)) }
          dot[Int(j)] += 1
        }
      }
      var scored = touched.map { j in (j, dot[j] / (norms[i] * norms[j] + shrink)) }
      scored.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
      for (slot, (j, s)) in scored.prefix(k).enumerated() {
        neighbour[i * k + slot] = Int32(j)
        similarity[i * k + slot] = s
      }
      for j in touched { dot[j] = 0 }
      touched.removeAll(keepingCapacity: true)
    }
    return EpochOutcome(loss: 0, samples: train.count)
  }

  private var width: Int { itemCount == 0 ? 0 : neighbour.count / itemCount }

  public func scores(for query: RankingQuery, into out: inout [Float]) {
    out = [Float](repeating: 0, count: itemCount)
    let k = width
    for j in query.history where j >= 0 && j < itemCount {
      for slot in 0..<k {
        let n = neighbour[j * k + slot]
        if n < 0 { break }
        out[Int(n)] += similarity[j * k + slot]
      }
    }
  }

  public func reasons(for item: Int, history: [Int]) -> [(item: Int, weight: Float)] {
    let k = width
    var out: [(item: Int, weight: Float)] = []
    for j in history where j >= 0 && j < itemCount {
      for slot in 0..<k where neighbour[j * k + slot] == Int32(item) {
        out.append((j, similarity[j * k + slot]))
      }
    }
    return out.sorted { $0.weight > $1.weight || ($0.weight == $1.weight && $0.item < $1.item) }
  }

  public func similarities(to item: Int) -> [Float]? {
    var out = [Float](repeating: 0, count: itemCount)
    let k = width
    guard item >= 0 && item < itemCount else { return out }
    for slot in 0..<k {
      let n = neighbour[item * k + slot]
      if n < 0 { break }
      out[Int(n)] = similarity[item * k + slot]
    }
    return out
  }

  public func snapshot() -> [[Float]] { [neighbour.map(Float.init), similarity] }
  public func restore(_ weights: [[Float]]) {
    neighbour = weights[0].map { Int32($0) }
    similarity = weights[1]
  }
  public func checkpoint() -> Checkpoint {
    checkpoint(
      [("neighbour", neighbour.map(Float.init)), ("similarity", similarity)],
      metadata: ["items": String(itemCount), "neighbours": String(neighbours)])
  }
}
