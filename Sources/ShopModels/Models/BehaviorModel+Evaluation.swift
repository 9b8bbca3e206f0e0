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
  ///
  /// The negatives are drawn first, pair by pair in the given order (so a seed gives the
  /// same samples however the pairs are grouped); then the catalogue is scored once per
  /// distinct user, not once per pair.
  /// - Parameters:
  ///   - seen: per-user training items, excluded from candidates and from top-K lists.
  /// - Complexity: O(distinct users × items × model cost + pairs × negatives).
  public func rankingReport(
    heldOutUsers: [Int], heldOutItems: [Int], seen: [Int: Set<Int>], k: Int = 10,
    negatives: Int? = 99, seed: UInt64 = 1
  ) -> RankingReport {
    var rng = SeededRandom(seed: seed)
    // Pass 1: the valid pairs and their sampled candidates, in the caller's order.
    var pairs: [(user: Int, item: Int, candidates: [Int]?)] = []
    for (u, item) in zip(heldOutUsers, heldOutItems) {
      guard item >= 0 && item < config.itemCount, u >= 0 && u < config.userCount else { continue }
      guard let negatives else {
        pairs.append((u, item, nil))
        continue
      }
      let excluded = seen[u] ?? []
      var drawn = Set<Int>()
      var tries = 0
      while drawn.count < negatives && tries < negatives * 20 {
        let j = rng.nextInt(below: config.itemCount)
        tries += 1
        if j != item && !excluded.contains(j) { drawn.insert(j) }
      }
      pairs.append((u, item, drawn.sorted()))
    }
    // Pass 2: score each user's catalogue once.
    var byUser: [Int: [Int]] = [:]
    var userOrder: [Int] = []
    for (index, pair) in pairs.enumerated() {
      if byUser[pair.user] == nil { userOrder.append(pair.user) }
      byUser[pair.user, default: []].append(index)
    }
    var ranks: [Int] = []
    var lists: [[Int]] = []
    for u in userOrder {
      let excluded = seen[u] ?? []
      let all = scoresForAllItems(user: u)
      for index in byUser[u] ?? [] {
        let pair = pairs[index]
        let target = Double(all[pair.item])
        let candidates: [Double]
        if let drawn = pair.candidates {
          candidates = drawn.map { Double(all[$0]) }
        } else {
          candidates = all.enumerated().compactMap { j, s in
            j != pair.item && !excluded.contains(j) ? Double(s) : nil
          }
        }
        ranks.append(Metrics.rank(of: target, among: candidates))
      }
      lists.append(topK(all, k: k, excluding: excluded))
    }
    return RankingReport(
      k: k, hitRate: Metrics.hitRate(ranks: ranks, k: k), ndcg: Metrics.ndcg(ranks: ranks, k: k),
      users: ranks.count, distinctLists: Metrics.distinctListCount(lists),
      coverage: Metrics.coverage(lists: lists, catalogueSize: config.itemCount))
  }
}
