import ShopCore

/// Whom to rank items for: a known user, and the items they had (for item-based models, and
/// for a visitor with no user id, whose history is all there is).
public struct RankingQuery: Sendable {
  /// The user's id in training, or nil for a visitor the model never saw (fold-in).
  public var user: Int?
  /// Items the user (or visitor) had, ascending or not.
  public var history: [Int]

  public init(user: Int?, history: [Int]) {
    self.user = user
    self.history = history
  }
}

/// The ranking family: a model that scores every item of the catalogue for one user.
///
/// Every recommender kind (popularity, item-kNN, EASE, ALS, BPR, MF …) is one class that
/// conforms to this protocol and to `EpochFitting`, and one entry in `RecommenderKinds`.
/// Evaluation, `recommend`, `similar` and fold-in work on this protocol alone.
public protocol Recommender: AnyObject, EpochFitting {
  /// The kind's registry name ("ease", "als" …).
  var kindName: String { get }
  var itemCount: Int { get }
  /// Scores of every item for `query` into `out` (resized to `itemCount`); higher is better.
  func scores(for query: RankingQuery, into out: inout [Float])
  /// Item-based models: how much each history item contributes to `item`'s score, largest
  /// first (the reason shown by `recommend`). Empty for models without such a breakdown.
  func reasons(for item: Int, history: [Int]) -> [(item: Int, weight: Float)]
  /// Similarity of every item to `item`, or nil when the model has no item similarity.
  func similarities(to item: Int) -> [Float]?
  /// The fitted model as bytes' structured form (see `RecommenderKinds.restore`).
  func checkpoint() -> Checkpoint
  /// Validation pairs to report each epoch (see `RankingValidation`).
  var validation: RankingValidation? { get set }
}

extension Recommender {
  public func reasons(for item: Int, history: [Int]) -> [(item: Int, weight: Float)] { [] }
  public func similarities(to item: Int) -> [Float]? { nil }

  public func validationMetrics() -> [String: Double] {
    validation?.metrics(of: self) ?? [:]
  }

  public var monitoredMetric: (name: String, higherIsBetter: Bool) {
    ("ndcg@\(validation?.k ?? 10)", true)
  }

  /// The `k` best items for `query`, best first, leaving out `excluding`; ties go to the
  /// lower item id, so lists are deterministic.
  public func recommend(_ query: RankingQuery, k: Int, excluding: Set<Int>) -> [(item: Int, score: Float)] {
    var s: [Float] = []
    scores(for: query, into: &s)
    return topK(s, k: k, excluding: excluding).map { ($0, s[$0]) }
  }
}

/// Held-out (user, items) pairs to watch during fitting: full-ranking NDCG@k over at most
/// `maxUsers` users, so validation stays cheap on large data.
public struct RankingValidation: Sendable {
  public var train: Interactions
  public var heldOut: [Int: [Int]]
  public var k: Int

  public init(train: Interactions, heldOut: [Int: [Int]], k: Int = 10, maxUsers: Int = 2000) {
    self.train = train
    self.k = k
    // A fixed, spread-out subset: every n-th user in id order.
    let users = heldOut.keys.sorted()
    let step = max(1, users.count / maxUsers)
    var kept: [Int: [Int]] = [:]
    for (n, u) in users.enumerated() where n % step == 0 { kept[u] = heldOut[u] }
    self.heldOut = kept
  }

  public func metrics(of model: Recommender) -> [String: Double] {
    let task = RankingTask(train: train, heldOut: heldOut)
    let report = RankingEvaluator(k: k, candidates: .full).evaluate(model, on: task)
    return ["ndcg@\(k)": report.ndcg, "hr@\(k)": report.hitRate]
  }
}
