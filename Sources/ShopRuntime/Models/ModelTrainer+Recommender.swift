import ShopCore
import ShopFrames
import ShopModels

extension ModelTrainer {
  /// Trains a recommender of any registered kind: the table becomes a sparse user × item
  /// matrix (repeated pairs once, their weights summed), the split holds interactions out,
  /// and the shared `FitLoop` fits the kind epoch by epoch, watching full-ranking NDCG@10
  /// on the validation part.
  static func trainRecommender(_ state: ModelState, _ request: Request, inv: Invocation) throws
    -> TrainingSummary
  {
    let spec = state.spec
    guard let kind = RecommenderKinds.named(spec.arch) else {
      throw ModelError.unreadable(model: state.name, reason: "unknown recommender kind '\(spec.arch)'")
    }
    let (data, users, items, uid, iid) = try interactions(state, request, inv: inv)
    let (fit, validation, test) = parts(
      data.count, split: request.split, labels: nil, times: data.times, users: uid)
    announce(
      split: request.split, fit: fit.count, validation: validation.count, test: test.count, inv: inv)

    func matrix(_ rows: [Int]) -> Interactions {
      Interactions(
        users: rows.map { uid[$0] }, items: rows.map { iid[$0] },
        weights: data.weights.map { w in rows.map { w[$0] } },
        userCount: users.count, itemCount: items.count)
    }
    let train = matrix(fit)
    var options = request.options
    let declared = state.spec.options ?? ModelOptionValues(declared: kind.options, given: [:])
    let model = try make(kind, declared, train, options)
    if !validation.isEmpty {
      var heldOut: [Int: [Int]] = [:]
      for r in validation { heldOut[uid[r], default: []].append(iid[r]) }
      model.validation = RankingValidation(train: train, heldOut: heldOut, maxUsers: 500)
    } else if options.patience != nil {
      options.patience = nil
    }
    let summary = try fitLoop(model, options, hasValidation: !validation.isEmpty, inv: inv)

    var seen: [Int: Set<Int>] = [:]
    var validationSeen: [Int: Set<Int>] = [:]
    for r in fit + validation { seen[uid[r], default: []].insert(iid[r]) }
    for r in validation { validationSeen[uid[r], default: []].insert(iid[r]) }
    state.install(recommender: model)
    state.users = users
    state.items = items
    state.seen = seen
    state.validationSeen = validationSeen
    record(state, request, summary: summary, samples: fit.count)
    return summary
  }

  /// Typed throws of the kind's factory, rethrown untyped.
  static func make(
    _ kind: RecommenderKind, _ options: ModelOptionValues, _ train: Interactions,
    _ training: TrainingOptions
  ) throws -> Recommender {
    switch Result(catching: { () throws(TrainingError) -> Recommender in
      try kind.make(options, train, training)
    }) {
    case .success(let model): return model
    case .failure(let error): throw error
    }
  }
}
