import Foundation
import ShopCore

/// Held-out interactions to rank: each user's items held out, and the training matrix whose
/// items are never candidates (the user already has them).
public struct RankingTask: Sendable {
  public var train: Interactions
  /// Held-out items by user id.
  public var heldOut: [Int: [Int]]

  public init(train: Interactions, heldOut: [Int: [Int]]) {
    self.train = train
    self.heldOut = heldOut
  }
}

/// Which items a held-out item is ranked against.
public enum CandidateSet: Sendable, Equatable {
  /// Every item the user did not have in training (the default: what a user would see).
  case full
  /// The user's held-out items plus `negatives` items drawn uniformly from those the user
  /// never had (NCF's protocol uses 99). Cheaper, but it can reorder models (docs/evaluation.md).
  case sampled(negatives: Int, seed: UInt64)
}

/// Ranking metrics of one model on one task, averaged over the users evaluated.
public struct RankingReport: Sendable, Equatable {
  public var k: Int
  /// Users with at least one held-out item and at least one candidate.
  public var users: Int
  /// Users left out because every item was already theirs (nothing to rank).
  public var skippedUsers: Int
  public var hitRate: Double
  public var recall: Double
  public var precision: Double
  public var ndcg: Double
  public var mrr: Double
  public var auc: Double
  /// Share of the catalogue in at least one top-K list.
  public var coverage: Double
  /// How many different top-K lists the users got (1: no personalisation).
  public var distinctLists: Int
  /// The same before each user's own items are left out: 1 means one ranking for everyone,
  /// the lists differing only by what each user already had.
  public var distinctListsWithOwnItems: Int
  /// Mean, over every recommended item, of the share of training users who had it.
  public var meanPopularity: Double
}

/// The one ranking protocol: candidates are drawn once per task, and every model (baselines
/// included) is scored on exactly those candidates.
///
/// Ties are counted at their expected value under a random order of the tied items: a model
/// that gives many items the same score (popularity, item-kNN on rare items) earns what a
/// coin would give it, no more and no less.
public struct RankingEvaluator: Sendable {
  public var k: Int
  public var candidates: CandidateSet

  public init(k: Int = 10, candidates: CandidateSet = .full) {
    self.k = k
    self.candidates = candidates
  }

  /// Sampled negatives per user, drawn once in user-id order (nil for the full protocol).
  public func drawNegatives(for task: RankingTask) -> [Int: [Int]]? {
    guard case .sampled(let negatives, let seed) = candidates else { return nil }
    var rng = SeededRandom(seed: seed)
    var out: [Int: [Int]] = [:]
    let itemCount = task.train.itemCount
    for u in task.heldOut.keys.sorted() {
      let relevant = Set(task.heldOut[u] ?? [])
      var drawn = Set<Int>()
      var order: [Int] = []
      var tries = 0
      while drawn.count < negatives && tries < negatives * 20 {
        let j = rng.nextInt(below: itemCount)
        tries += 1
        if !relevant.contains(j) && !task.train.contains(user: u, item: j) && drawn.insert(j).inserted {
          order.append(j)
        }
      }
      out[u] = order
    }
    return out
  }

  /// Evaluates several models on the same candidates.
  public func evaluate(_ models: [Recommender], on task: RankingTask) -> [RankingReport] {
    let negatives = drawNegatives(for: task)
    return models.map { evaluate($0, on: task, negatives: negatives) }
  }

  public func evaluate(_ model: Recommender, on task: RankingTask) -> RankingReport {
    evaluate(model, on: task, negatives: drawNegatives(for: task))
  }

  func evaluate(_ model: Recommender, on task: RankingTask, negatives: [Int: [Int]]?)
    -> RankingReport
  {
    let itemCount = task.train.itemCount
    let popularity = task.train.itemCounts
    let trainUsers = max(1, (0..<task.train.userCount).filter { !task.train.items(of: $0).isEmpty }.count)
    var sums = UserMetrics()
    var users = 0, skipped = 0
    var lists: [[Int]] = []
    var listsWithOwnItems = Set<[Int]>()
    var popularitySum = 0.0, recommended = 0
    var scores: [Float] = []
    var isCandidate = [Bool](repeating: false, count: itemCount)
    var isRelevant = [Bool](repeating: false, count: itemCount)
    for u in task.heldOut.keys.sorted() {
      let relevant = Array(Set((task.heldOut[u] ?? []).filter { $0 >= 0 && $0 < itemCount }))
        .filter { !task.train.contains(user: u, item: $0) }.sorted()
      guard !relevant.isEmpty else { continue }
      let history = task.train.history(of: u)
      model.scores(for: RankingQuery(user: u < task.train.userCount ? u : nil, history: history), into: &scores)
      var candidateList: [Int]
      if let drawn = negatives?[u] {
        candidateList = relevant + drawn
      } else {
        for i in history { isCandidate[i] = true }  // mark seen, then invert below
        candidateList = (0..<itemCount).filter { !isCandidate[$0] }
        for i in history { isCandidate[i] = false }
      }
      let negativeCount = candidateList.count - relevant.count
      if negativeCount <= 0 {
        skipped += 1
        continue
      }
      for i in relevant { isRelevant[i] = true }
      let m = Self.userMetrics(
        scores: scores, candidates: candidateList, relevant: relevant, isRelevant: isRelevant, k: k)
      for i in relevant { isRelevant[i] = false }
      sums.add(m)
      users += 1
      for i in history { isCandidate[i] = true }  // reused as "the user had it"
      let list = topK(scores, k: k, skipping: isCandidate)
      for i in history { isCandidate[i] = false }
      for i in list { popularitySum += Double(popularity[i]) / Double(trainUsers) }
      recommended += list.count
      lists.append(list)
      listsWithOwnItems.insert(topK(scores, k: k, skipping: []))
    }
    let n = Double(max(users, 1))
    let coverage = Metrics.coverage(lists: lists, catalogueSize: itemCount)
    let distinct = Metrics.distinctListCount(lists)
    let meanPopularity: Double = recommended > 0 ? popularitySum / Double(recommended) : 0
    return RankingReport(
      k: k, users: users, skippedUsers: skipped, hitRate: sums.hit / n, recall: sums.recall / n,
      precision: sums.precision / n, ndcg: sums.ndcg / n, mrr: sums.mrr / n, auc: sums.auc / n,
      coverage: coverage, distinctLists: distinct,
      distinctListsWithOwnItems: listsWithOwnItems.count, meanPopularity: meanPopularity)
  }

  /// Per-user metrics, summed over users by the caller.
  struct UserMetrics {
    var hit = 0.0, recall = 0.0, precision = 0.0, ndcg = 0.0, mrr = 0.0, auc = 0.0
    mutating func add(_ o: UserMetrics) {
      hit += o.hit
      recall += o.recall
      precision += o.precision
      ndcg += o.ndcg
      mrr += o.mrr
      auc += o.auc
    }
  }

  /// One user's metrics with ties at their expected value (see docs/evaluation.md).
  ///
  /// For relevant item i, let gᵢ be the candidates scored strictly higher and tᵢ the other
  /// candidates scored the same: under a random order of ties its position is uniform on
  /// gᵢ+1 … gᵢ+tᵢ+1, which gives E[hits@K] and E[DCG@K] item by item. HR@K and MRR depend on
  /// the best relevant item's block of ties only, and are computed exactly (hypergeometric).
  /// - Complexity: O(candidates × relevant + K × relevant + tied block).
  static func userMetrics(
    scores: [Float], candidates: [Int], relevant: [Int], isRelevant: [Bool], k: Int
  ) -> UserMetrics {
    let r = relevant.count
    let negatives = candidates.count - r
    var expectedHits = 0.0, dcg = 0.0, aucSum = 0.0
    var best = (score: -Float.infinity, greater: 0, block: 0, relevantInBlock: 0)
    for i in relevant {
      let s = scores[i].isNaN ? -Float.infinity : scores[i]
      var greater = 0, equal = 0, greaterNegative = 0, equalNegative = 0
      for j in candidates where j != i {
        let sj = scores[j].isNaN ? -Float.infinity : scores[j]
        if sj > s {
          greater += 1
          if !isRelevant[j] { greaterNegative += 1 }
        } else if sj == s {
          equal += 1
          if !isRelevant[j] { equalNegative += 1 }
        }
      }
      let block = equal + 1
      expectedHits += min(1, max(0, Double(k - greater) / Double(block)))
      var positionGain = 0.0
      if greater < k {
        for p in (greater + 1)...min(greater + block, k) { positionGain += 1 / log2(Double(p) + 1) }
      }
      dcg += positionGain / Double(block)
      aucSum += (Double(negatives - greaterNegative - equalNegative) + 0.5 * Double(equalNegative))
        / Double(negatives)
      if s > best.score || best.block == 0 {
        let inBlock = relevant.filter { (scores[$0].isNaN ? -Float.infinity : scores[$0]) == s }.count
        best = (s, greater, block, inBlock)
      }
    }
    var idcg = 0.0
    for p in 1...min(r, k) { idcg += 1 / log2(Double(p) + 1) }
    // HR@K: the first relevant block straddles K or not.
    var hit = 0.0
    let (a, b, rb) = (best.greater, best.block, best.relevantInBlock)
    if a + b <= k {
      hit = 1
    } else if a < k {
      var noHit = 1.0
      for j in 0..<(k - a) { noHit *= Double(b - rb - j) / Double(b - j) }
      hit = 1 - max(0, noHit)
    }
    // MRR: the expected reciprocal position of the first relevant item in its block.
    var mrr = 0.0
    var survive = 1.0  // P(first relevant is after block position j)
    var j = 0
    while survive > 0 && j < b {
      let next = survive * Double(b - rb - j) / Double(b - j)
      mrr += (survive - max(0, next)) / Double(a + j + 1)
      survive = max(0, next)
      j += 1
    }
    return UserMetrics(
      hit: hit, recall: expectedHits / Double(r), precision: expectedHits / Double(k),
      ndcg: dcg / idcg, mrr: mrr, auc: aucSum / Double(r))
  }
}
