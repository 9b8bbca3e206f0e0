import ShopCore
import ShopTensor

/// What ALS and BPR share: a user factor matrix and an item factor matrix, scores by dot
/// product (plus an item bias for BPR), and fold-in of a visitor from their items.
struct FactorMatrices {
  var users: [Float]
  var items: [Float]
  var itemBias: [Float]
  let factors: Int

  /// Scores of every item for user factors `p`.
  func scores(_ p: ArraySlice<Float>, itemCount: Int) -> [Float] {
    var out = RowSums.product(items, columns: factors, Array(p))
    if !itemBias.isEmpty { for i in 0..<min(itemCount, out.count) { out[i] += itemBias[i] } }
    return out
  }

  /// A known user's scores from their factors; a visitor's from the mean of their items'.
  func scores(for query: RankingQuery, itemCount: Int) -> [Float] {
    if let u = query.user, u >= 0, (u + 1) * factors <= users.count {
      return scores(userRow(u), itemCount: itemCount)
    }
    return scores(foldIn(query.history, itemCount: itemCount), itemCount: itemCount)
  }

  func userRow(_ u: Int) -> ArraySlice<Float> { users[(u * factors)..<((u + 1) * factors)] }

  /// A visitor's factors as the mean of their items' factors: a cheap fold-in that ranks
  /// items similar to what they had first.
  func foldIn(_ history: [Int], itemCount: Int) -> ArraySlice<Float> {
    var p = [Float](repeating: 0, count: factors)
    let valid = history.filter { $0 >= 0 && $0 < itemCount }
    for i in valid {
      for k in 0..<factors { p[k] += items[i * factors + k] }
    }
    if !valid.isEmpty { for k in 0..<factors { p[k] /= Float(valid.count) } }
    return p[...]
  }

  /// Item-to-item cosine of the item factors.
  func cosine(to item: Int, itemCount: Int) -> [Float] {
    let f = factors
    func norm(_ i: Int) -> Float {
      var s: Float = 0
      for k in 0..<f { s += items[i * f + k] * items[i * f + k] }
      return s.squareRoot()
    }
    let ni = norm(item)
    return (0..<itemCount).map { j in
      var s: Float = 0
      for k in 0..<f { s += items[item * f + k] * items[j * f + k] }
      let d = ni * norm(j)
      return d > 0 ? s / d : 0
    }
  }

  /// Gaussian weights with standard deviation `std`, users then items.
  static func random(users: Int, items: Int, factors: Int, std: Float, bias: Bool, seed: UInt64) -> FactorMatrices {
    var rng = SeededRandom(seed: seed)
    let u = (0..<(users * factors)).map { _ in Float(rng.nextGaussian()) * std }
    let i = (0..<(items * factors)).map { _ in Float(rng.nextGaussian()) * std }
    return FactorMatrices(
      users: u, items: i, itemBias: bias ? [Float](repeating: 0, count: items) : [], factors: factors)
  }
}
