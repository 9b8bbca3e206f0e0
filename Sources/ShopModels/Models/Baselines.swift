import ShopCore

/// The popularity baseline for recommendation: score = how many interactions an item has.
public struct PopularityBaseline: Codable, Sendable, Equatable {
  /// Interaction count per item id.
  public var counts: [Int]

  public init(items: [Int], itemCount: Int) {
    var c = [Int](repeating: 0, count: itemCount)
    for i in items where i >= 0 && i < itemCount { c[i] += 1 }
    counts = c
  }

  /// The item's interaction count as a score (NaN for an unknown id).
  public func score(item: Int) -> Double {
    item >= 0 && item < counts.count ? Double(counts[item]) : .nan
  }

  /// The `k` most popular items not in `excluding`, ties to the lower id.
  public func recommend(k: Int, excluding: Set<Int> = []) -> [Int] {
    topK(counts.map(Float.init), k: k, excluding: excluding)
  }

  /// The same leave-one-out protocol as `BehaviorModel.rankingReport`, for comparison.
  public func rankingReport(
    heldOutUsers: [Int], heldOutItems: [Int], seen: [Int: Set<Int>], k: Int = 10,
    negatives: Int? = 99, seed: UInt64 = 1
  ) -> RankingReport {
    var rng = SeededRandom(seed: seed)
    var ranks: [Int] = []
    var lists: [[Int]] = []
    let all = counts.map(Double.init)
    for (u, item) in zip(heldOutUsers, heldOutItems) where item >= 0 && item < counts.count {
      let excluded = seen[u] ?? []
      var candidates: [Double] = []
      if let negatives {
        var drawn = Set<Int>()
        var tries = 0
        while drawn.count < negatives && tries < negatives * 20 {
          let j = rng.nextInt(below: counts.count)
          tries += 1
          if j != item && !excluded.contains(j) { drawn.insert(j) }
        }
        candidates = drawn.sorted().map { all[$0] }
      } else {
        for (j, s) in all.enumerated() where j != item && !excluded.contains(j) { candidates.append(s) }
      }
      ranks.append(Metrics.rank(of: all[item], among: candidates))
      lists.append(recommend(k: k, excluding: excluded))
    }
    return RankingReport(
      k: k, hitRate: Metrics.hitRate(ranks: ranks, k: k), ndcg: Metrics.ndcg(ranks: ranks, k: k),
      users: ranks.count, distinctLists: Metrics.distinctListCount(lists),
      coverage: Metrics.coverage(lists: lists, catalogueSize: counts.count))
  }
}

/// The classification baseline: always predict the training base rate (so the majority class
/// at threshold 0.5).
public struct BaseRateBaseline: Codable, Sendable, Equatable {
  /// The share of positive training labels.
  public var rate: Double

  public init(labels: [Bool]) {
    rate = labels.isEmpty ? 0 : Double(labels.lazy.filter { $0 }.count) / Double(labels.count)
  }

  /// The majority class of the training labels.
  public var majorityClass: Bool { rate > 0.5 }

  /// The base rate for each of `count` rows (AUC 0.5 by construction; log-loss is the entropy).
  public func probabilities(count: Int) -> [Double] { [Double](repeating: rate, count: count) }
}
