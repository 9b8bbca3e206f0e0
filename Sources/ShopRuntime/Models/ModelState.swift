import ShopCore
import ShopModels

/// A model as the session holds it: its spec, and once trained its weights and the lookup
/// tables that turn the user's values into the model's ids.
///
/// `ModelHandle` (the runtime value a model name is bound to) carries one of these by
/// reference, so training a model updates every handle to it. Sessions run one command at a
/// time, hence `@unchecked Sendable`.
final class ModelState: @unchecked Sendable {
  let name: String
  var spec: ModelSpec
  /// The row of this version in the store's `models` table, once stored.
  var storedID: Int64?
  var behavior: BehaviorModel?
  var classifier: Classifier?
  var recommender: Recommender?
  /// Forecasters: the fitted model, the panel it was fitted on, and when each series starts.
  var forecast: FittedForecast?
  /// Behaviour models: user and item values (as text) by id.
  var users = Vocabulary([])
  var items = Vocabulary([])
  /// Behaviour models: the items each user interacted with in training (excluded from
  /// recommendations and from ranking candidates).
  var seen: [Int: Set<Int>] = [:]
  /// The part of `seen` that came from the validation split: the model watched it but did
  /// not fit on it, so the `popular` baseline `evaluate` trains beside it leaves it out too.
  var validationSeen: [Int: Set<Int>] = [:]

  init(name: String, spec: ModelSpec) {
    self.name = name
    self.spec = spec
  }

  /// Holds `fitted` as this state's one fitted model: whatever an earlier training left
  /// (of any family) is dropped, so no command can reach a stale model.
  func install(behavior: BehaviorModel? = nil, classifier: Classifier? = nil, recommender: Recommender? = nil, forecast: FittedForecast? = nil) {
    self.behavior = behavior
    self.classifier = classifier
    self.recommender = recommender
    self.forecast = forecast
  }

  /// The value a name is bound to.
  var handle: ModelHandle {
    var h = ModelHandle(name: name, kind: spec.kind.rawValue, summary: summary)
    h.state = self
    return h
  }

  /// What printing the model shows.
  var summary: String {
    var s = "model \(name): \(spec.shortDescription)"
    switch spec.kind {
    case .behavior:
      s += ", users \(spec.users ?? "?") × items \(spec.items ?? "?")"
      if let label = spec.label { s += ", label \(label)" }
    case .classifier:
      s += ", label \(spec.label ?? "?")"
    case .forecaster:
      s += ", \(spec.target ?? "?") per \(spec.every ?? "day") of \(spec.timeColumn ?? "?")"
      if let key = spec.seriesKey { s += ", one series per \(key)" }
      if let x = spec.exogenous { s += ", exogenous " + x.joined(separator: ", ") }
      if let h = spec.holidays { s += ", holidays " + h }
      if spec.stockOuts == "exclude" { s += ", stock-outs excluded" }
    case .recommender:
      s += ", users \(spec.users ?? "?") × items \(spec.items ?? "?")"
      if let w = spec.weight { s += ", weight \(w)" }
    }
    guard spec.isTrained else { return s + "; not trained yet: 'train \(name) on TABLE'" }
    s += "\ntrained on \(spec.trainedOn ?? "a piped table")"
    if let n = spec.trainingSamples { s += " (\(NumberFormat.grouped(n)) training rows)" }
    if let t = spec.training { s += ", seed \(t.seed)" }
    if let split = spec.split { s += ", split \(split.description)" }
    if let best = spec.bestEpoch, let point = spec.curve?.first(where: { $0.epoch == best }) {
      s += "; best epoch \(best)"
      if let auc = point.validation["auc"] { s += ", validation AUC \(NumberFormat.fixed(auc, 4))" }
      if let ndcg = point.validation["ndcg@10"] { s += ", validation NDCG@10 \(NumberFormat.fixed(ndcg, 4))" }
    }
    return s
  }

  /// The items each user had in training as a sparse matrix (ranking candidates leave them
  /// out; item-based models read them as the user's history).
  var seenMatrix: Interactions { matrix(seen) }

  /// The pairs the model was fitted on (`seen` without the validation part): what the
  /// `popular` baseline counts, so it learns from exactly the model's training rows.
  var fittedMatrix: Interactions {
    matrix(seen.reduce(into: [:]) { out, entry in
      let rest = entry.value.subtracting(validationSeen[entry.key] ?? [])
      if !rest.isEmpty { out[entry.key] = rest }
    })
  }

  private func matrix(_ pairs: [Int: Set<Int>]) -> Interactions {
    var users: [Int] = [], items: [Int] = []
    for (u, set) in pairs.sorted(by: { $0.key < $1.key }) {
      for i in set.sorted() {
        users.append(u)
        items.append(i)
      }
    }
    return Interactions(users: users, items: items, userCount: self.users.count, itemCount: self.items.count)
  }
}

/// Values of a column as dense ids, in order of first appearance.
struct Vocabulary: Sendable, Equatable {
  private(set) var keys: [String]
  private var index: [String: Int]

  init(_ keys: [String]) {
    self.keys = keys
    var index: [String: Int] = [:]
    for (i, k) in keys.enumerated() where index[k] == nil { index[k] = i }
    self.index = index
  }

  /// Builds a vocabulary over `values` (nils skipped), in order of first appearance.
  init(collecting values: [String?]) {
    var keys: [String] = []
    var index: [String: Int] = [:]
    for case let v? in values where index[v] == nil {
      index[v] = keys.count
      keys.append(v)
    }
    self.keys = keys
    self.index = index
  }

  var count: Int { keys.count }
  func id(_ key: String) -> Int? { index[key] }
}
