import ShopCore

/// Ranking quality and personalisation of a behaviour model on held-out interactions.
public struct RankingReport: Sendable, Equatable, Codable {
  public var k: Int
  public var hitRate: Double
  public var ndcg: Double
  /// Users evaluated (one held-out item each).
  public var users: Int
  /// Distinct top-K lists over the evaluated users: 1 means no personalisation.
  public var distinctLists: Int
  /// Share of the catalogue appearing in some top-K list.
  public var coverage: Double
}

extension BehaviorModel {
  /// Leave-one-out ranking: for each `(user, item)` held out, rank the item among
  /// `negatives` sampled unseen items (NCF's protocol uses 99), or among all items the user
  /// has not interacted with when `negatives` is nil. Also builds each user's top-K list
  /// (excluding seen items) for the personalisation check.
  /// - Parameters:
  ///   - seen: per-user training items, excluded from candidates and from top-K lists.
  /// - Complexity: O(users × candidates × model cost).
  public func rankingReport(
    heldOutUsers: [Int], heldOutItems: [Int], seen: [Int: Set<Int>], k: Int = 10,
    negatives: Int? = 99, seed: UInt64 = 1
  ) -> RankingReport {
    var rng = SeededRandom(seed: seed)
    var ranks: [Int] = []
    var lists: [[Int]] = []
    for (u, item) in zip(heldOutUsers, heldOutItems) {
      let excluded = seen[u] ?? []
      let all = scoresForAllItems(user: u)
      guard item >= 0 && item < all.count, u >= 0 && u < config.userCount else { continue }
      let target = Double(all[item])
      var candidates: [Double] = []
      if let negatives {
        var drawn = Set<Int>()
        var tries = 0
        while drawn.count < negatives && tries < negatives * 20 {
          let j = rng.nextInt(below: config.itemCount)
          tries += 1
          if j != item && !excluded.contains(j) { drawn.insert(j) }
        }
        candidates = drawn.sorted().map { Double(all[$0]) }
      } else {
        for (j, s) in all.enumerated() where j != item && !excluded.contains(j) {
          candidates.append(Double(s))
        }
      }
      ranks.append(Metrics.rank(of: target, among: candidates))
      lists.append(topK(all, k: k, excluding: excluded))
    }
    return RankingReport(
      k: k, hitRate: Metrics.hitRate(ranks: ranks, k: k), ndcg: Metrics.ndcg(ranks: ranks, k: k),
      users: ranks.count, distinctLists: Metrics.distinctListCount(lists),
      coverage: Metrics.coverage(lists: lists, catalogueSize: config.itemCount))
  }
}
