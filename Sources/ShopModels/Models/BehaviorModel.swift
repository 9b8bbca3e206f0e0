import ShopCore
import ShopTensor

/// Predicts whether a user acts on an item: P(act | user, item) = sigmoid(logit(user, item)).
///
/// Users and items are dense ids `0..<userCount` and `0..<itemCount` (the interpreter maps
/// names to ids). Train with `TrainingLoop.fit` after `setTrainingData`; implicit data (no
/// labels) gets `negativeRatio` seeded negatives per positive each epoch, drawn uniformly from
/// the items the user has not interacted with.
///
/// ```swift
/// let model = BehaviorModel(config: .init(architecture: .gmf, userCount: 943, itemCount: 1682), seed: 1)
/// model.setTrainingData(users: us, items: its)
/// try TrainingLoop(options: .init(epochs: 5, seed: 1)).fit(model)
/// let top = model.recommend(user: 0, k: 10, excluding: seen[0])
/// ```
public final class BehaviorModel: Trainable {
  public let config: BehaviorConfig
  let users: Embedding
  let items: Embedding
  let userBias: Embedding?
  let itemBias: Embedding?
  let head: Linear?
  let tower: FeedForward?

  // Training data
  private var positiveUsers: [Int] = []
  private var positiveItems: [Int] = []
  private var explicitLabels: [Float]?
  private var seenByUser: [Set<Int>] = []
  // The current epoch's samples
  private var sampleUsers: [Int] = []
  private var sampleItems: [Int] = []
  private var sampleLabels: [Float] = []
  // Validation pairs (fixed once set)
  private var validationUsers: [Int] = []
  private var validationItems: [Int] = []
  private var validationLabels: [Bool] = []

  /// A model with seeded initial weights.
  public init(config: BehaviorConfig, seed: UInt64) {
    self.config = config
    var rng = SeededRandom(seed: seed)
    let lazy = config.lazyEmbeddings
    users = Embedding(count: config.userCount, dimension: config.dimension, sparse: lazy, using: &rng)
    items = Embedding(count: config.itemCount, dimension: config.dimension, sparse: lazy, using: &rng)
    switch config.architecture {
    case .seed:
      head = Linear(inputs: 2 * config.dimension, outputs: 1, using: &rng)
      tower = nil
      userBias = nil
      itemBias = nil
    case .gmf:
      head = nil
      tower = nil
      userBias = config.biases ? Embedding(count: config.userCount, dimension: 1, std: 0, sparse: lazy, using: &rng) : nil
      itemBias = config.biases ? Embedding(count: config.itemCount, dimension: 1, std: 0, sparse: lazy, using: &rng) : nil
    case .mlp:
      head = nil
      tower = FeedForward(
        sizes: [2 * config.dimension] + config.hiddenLayers + [1], activation: .relu,
        dropout: config.dropout, using: &rng)
      userBias = nil
      itemBias = nil
    }
  }

  public var parameters: [Variable] {
    var ps = users.parameters + items.parameters
    if let userBias, let itemBias { ps += userBias.parameters + itemBias.parameters }
    if let head { ps += head.parameters }
    if let tower { ps += tower.parameters }
    return ps
  }

  // MARK: Forward

  /// The logits for pairs `(users[k], items[k])` as a `[n]` vector, differentiable.
  public func logits(
    users u: [Int], items i: [Int], training: Bool, using rng: inout SeededRandom
  ) -> Variable {
    let n = u.count
    switch config.architecture {
    case .seed:
      // `head` is always set for .seed; the fallback keeps library code free of `!`.
      guard let head else { return Variable(.zeros([n])) }
      return head(concatenate([users(u), items(i)])).reshaped([n])
    case .gmf:
      var z = users(u).rowDots(items(i))
      if let userBias, let itemBias {
        z = z + userBias(u).reshaped([n]) + itemBias(i).reshaped([n])
      }
      return z
    case .mlp:
      guard let tower else { return Variable(.zeros([n])) }
      return tower(concatenate([users(u), items(i)]), training: training, using: &rng)
        .reshaped([n])
    }
  }

  /// P(act) for each pair; pairs with unknown ids score NaN.
  /// - Complexity: O(n × model size); batched internally.
  public func scores(users u: [Int], items i: [Int]) -> [Float] {
    precondition(u.count == i.count, "\(u.count) users for \(i.count) items")
    var out = [Float](repeating: .nan, count: u.count)
    var rng = SeededRandom(seed: 0)  // unused: no dropout outside training
    let valid = u.indices.filter {
      u[$0] >= 0 && u[$0] < config.userCount && i[$0] >= 0 && i[$0] < config.itemCount
    }
    let chunk = 4096
    for start in stride(from: 0, to: valid.count, by: chunk) {
      let idx = Array(valid[start..<min(valid.count, start + chunk)])
      let z = logits(users: idx.map { u[$0] }, items: idx.map { i[$0] }, training: false, using: &rng)
      let p = z.value.sigmoid().scalars
      for (k, j) in idx.enumerated() { out[j] = p[k] }
    }
    return out
  }

  /// P(user acts on item); NaN for an unknown id.
  public func score(user: Int, item: Int) -> Float {
    scores(users: [user], items: [item])[0]
  }

  /// P(act) of `user` for every item, indexed by item id.
  public func scoresForAllItems(user: Int) -> [Float] {
    scores(
      users: [Int](repeating: user, count: config.itemCount), items: Array(0..<config.itemCount))
  }

  /// The `k` highest-scoring items for `user`, best first, skipping `excluding` (items the
  /// user already has). Ties break by lower item id, so lists are deterministic.
  public func recommend(user: Int, k: Int, excluding: Set<Int> = []) -> [Int] {
    topK(scoresForAllItems(user: user), k: k, excluding: excluding)
  }

  // MARK: Data

  /// Sets the interactions to learn from. Without `labels` the data is implicit: every pair
  /// is a positive and negatives are sampled each epoch.
  public func setTrainingData(users u: [Int], items i: [Int], labels: [Float]? = nil) {
    precondition(u.count == i.count && (labels?.count ?? u.count) == u.count)
    positiveUsers = u
    positiveItems = i
    explicitLabels = labels
    seenByUser = [Set<Int>](repeating: [], count: config.userCount)
    for (a, b) in zip(u, i) { seenByUser[a].insert(b) }
  }

  /// Sets pairs to validate on each epoch (AUC and log-loss). Without `labels` each pair is a
  /// positive and `negativeRatio` (at least 1) seeded negatives per positive are drawn once.
  public func setValidationData(users u: [Int], items i: [Int], labels: [Bool]? = nil, seed: UInt64 = 1) {
    if let labels {
      validationUsers = u
      validationItems = i
      validationLabels = labels
      return
    }
    var rng = SeededRandom(seed: seed)
    var vu = u, vi = i
    var vl = [Bool](repeating: true, count: u.count)
    let ratio = max(1, config.negativeRatio)
    for (a, b) in zip(u, i) {
      for _ in 0..<ratio {
        vu.append(a)
        vi.append(sampleNegative(for: a, also: b, using: &rng))
        vl.append(false)
      }
    }
    validationUsers = vu
    validationItems = vi
    validationLabels = vl
  }

  /// An item `user` has not interacted with (nor `also`), uniformly; after 20 rejected draws
  /// (a user who has seen almost everything) it returns the last draw.
  func sampleNegative(for user: Int, also: Int = -1, using rng: inout SeededRandom) -> Int {
    let seen = user < seenByUser.count ? seenByUser[user] : []
    var j = rng.nextInt(below: config.itemCount)
    var tries = 0
    while (seen.contains(j) || j == also) && tries < 20 {
      j = rng.nextInt(below: config.itemCount)
      tries += 1
    }
    return j
  }

  // MARK: Trainable

  public func prepareEpoch(_ epoch: Int, using rng: inout SeededRandom) -> Int {
    if let explicitLabels {
      sampleUsers = positiveUsers
      sampleItems = positiveItems
      sampleLabels = explicitLabels
      return sampleUsers.count
    }
    let n = positiveUsers.count, ratio = config.negativeRatio
    sampleUsers = positiveUsers
    sampleItems = positiveItems
    sampleLabels = [Float](repeating: 1, count: n)
    sampleUsers.reserveCapacity(n * (1 + ratio))
    sampleItems.reserveCapacity(n * (1 + ratio))
    sampleLabels.reserveCapacity(n * (1 + ratio))
    for k in 0..<n {
      let u = positiveUsers[k]
      for _ in 0..<ratio {
        sampleUsers.append(u)
        sampleItems.append(sampleNegative(for: u, using: &rng))
        sampleLabels.append(0)
      }
    }
    return sampleUsers.count
  }

  public func batchLoss(_ batch: ArraySlice<Int>, using rng: inout SeededRandom) -> Variable {
    let u = batch.map { sampleUsers[$0] }
    let i = batch.map { sampleItems[$0] }
    let y = batch.map { sampleLabels[$0] }
    return Loss.binaryCrossEntropy(logits: logits(users: u, items: i, training: true, using: &rng), targets: y)
  }

  public func validationMetrics() -> [String: Double] {
    guard !validationUsers.isEmpty else { return [:] }
    let p = scores(users: validationUsers, items: validationItems).map(Double.init)
    var m = ["logloss": Metrics.logLoss(probabilities: p, labels: validationLabels)]
    if let auc = Metrics.auc(scores: p, labels: validationLabels) { m["auc"] = auc }
    return m
  }

  public var monitoredMetric: (name: String, higherIsBetter: Bool) { ("auc", true) }
}

/// Indices of the `k` largest scores, best first, ties to the lower index, skipping NaN and
/// the indices where `skipping` is true (a mask is cheaper than a set over a catalogue).
/// - Complexity: O(n log k) typical.
func topK(_ scores: [Float], k: Int, skipping: [Bool]) -> [Int] {
  var best: [(Float, Int)] = []
  best.reserveCapacity(min(k, scores.count) + 1)
  for (j, s) in scores.enumerated() where !s.isNaN && !(j < skipping.count && skipping[j]) {
    if best.count == k, let last = best.last, !(s > last.0) { continue }
    var pos = best.count
    while pos > 0 && s > best[pos - 1].0 { pos -= 1 }
    best.insert((s, j), at: pos)
    if best.count > k { best.removeLast() }
  }
  return best.map(\.1)
}

/// Indices of the `k` largest scores, best first, ties to the lower index, skipping NaN and
/// `excluding`.
/// - Complexity: O(n log k) typical.
public func topK(_ scores: [Float], k: Int, excluding: Set<Int>) -> [Int] {
  var mask = [Bool](repeating: false, count: scores.count)
  for j in excluding where j >= 0 && j < scores.count { mask[j] = true }
  return topK(scores, k: k, skipping: mask)
}
