import ShopCore
import ShopFrames
import ShopModels

extension ModelEvaluator {
  /// How `evaluate` ranks for recommenders and behaviour models.
  struct RankingOptions {
    var k = 10
    /// nil: full ranking; otherwise this many sampled negatives per user.
    var sampled: Int?
  }

  /// Ranking evaluation of a recommender (or behaviour model) beside `popular`, on exactly the
  /// same users and candidates (docs/evaluation.md).
  static func ranking(
    _ state: ModelState, _ model: Recommender, frame: Frame, frameName: String?,
    options: RankingOptions, inv: Invocation
  ) throws {
    let spec = state.spec
    let data = try InteractionData(
      frame: frame, spec: spec, modelName: state.name, timeColumn: spec.split?.column, at: inv.range)
    let grouping = Vocabulary(collecting: data.userKeys)
    let selection = select(
      state, frameName: frameName, frame: frame, count: data.count, labels: data.labels,
      times: data.times, users: data.userKeys.map { grouping.id($0) ?? 0 })
    var heldOut: [Int: [Int]] = [:]
    var unknown = 0, pairs = 0
    for r in selection.rows where data.labels?[r] ?? true {
      guard let u = state.users.id(data.userKeys[r]), let i = state.items.id(data.itemKeys[r]) else {
        unknown += 1
        continue
      }
      heldOut[u, default: []].append(i)
      pairs += 1
    }
    guard pairs > 0 else {
      throw ModelError.noRows(
        "no interactions of known users and items to evaluate '\(state.name)' on"
          + (unknown > 0 ? " (\(NumberFormat.grouped(unknown)) involve users or items it never saw)" : ""),
        at: inv.range)
    }
    let train = state.seenMatrix
    let task = RankingTask(train: train, heldOut: heldOut)
    let seed = spec.training?.seed ?? inv.session.settings.seed
    let candidates: CandidateSet = options.sampled.map { .sampled(negatives: $0, seed: seed) } ?? .full
    let evaluator = RankingEvaluator(k: options.k, candidates: candidates)
    let popular = PopularRecommender.kind
    // The baseline learns from the pairs the model was fitted on, not from its validation part.
    let baseline = try popular.make(ModelOptionValues(), state.fittedMatrix, TrainingOptions(seed: seed))
    var rng = SeededRandom(seed: seed)
    _ = try baseline.runEpoch(1, of: 1, using: &rng, cancellation: Cancellation(), onBatch: nil)
    let reports = evaluator.evaluate([model, baseline], on: task)
    let (ours, theirs) = (reports[0], reports[1])
    let k = options.k

    inv.say(
      "evaluate \(state.name) on \(frameName ?? "the piped table"): \(NumberFormat.count(pairs, "interaction")) of \(NumberFormat.count(ours.users, "user")), \(selection.description)"
        + (unknown > 0 ? " (\(NumberFormat.grouped(unknown)) skipped: users or items never seen in training)" : ""))
    if let n = options.sampled {
      inv.say(
        "SAMPLED protocol: each user's held-out items ranked against \(n) sampled items the user never had"
          + " (sampled metrics flatter models and can reorder them; 'evaluate … full' ranks the whole catalogue)")
    } else {
      inv.say(
        "full ranking: each user's held-out items against every item the user did not have in training"
          + " (\(NumberFormat.count(train.itemCount, "item")) in the catalogue); ties count at their expected rank")
    }
    if ours.skippedUsers > 0 {
      inv.say("left out \(NumberFormat.count(ours.skippedUsers, "user")) who already had every other item: nothing to rank")
    }
    let names = [
      "HR@\(k)", "Recall@\(k)", "Precision@\(k)", "NDCG@\(k)", "MRR", "AUC", "coverage",
      "distinct lists", "mean popularity",
    ]
    func values(_ r: RankingReport) -> [Double?] {
      [r.hitRate, r.recall, r.precision, r.ndcg, r.mrr, r.auc, r.coverage, Double(r.distinctLists), r.meanPopularity]
    }
    inv.say(textTable(names: names, columns: [(state.name, values(ours)), ("popular", values(theirs))], inv: inv))

    // Personalisation: one list for everyone before each user's own items are removed.
    if ours.distinctListsWithOwnItems == 1 && ours.users > 1 && spec.arch != "popular" {
      inv.say(
        "note: '\(state.name)' gives every user the same ranking: its lists differ only by the items each user already has."
          + (spec.arch.hasPrefix("seed")
            ? " A user term plus an item term cannot personalise; try mf, als, ease or itemknn" : ""))
    }
    if selection.split == "training" {
      inv.say(
        "note: these interactions were trained on; 'train \(state.name) on … split leave-last-out COL' holds each user's last one out")
    }
    if ours.ndcg <= theirs.ndcg && spec.arch != "popular" {
      inv.say("note: '\(state.name)' does not beat the popularity baseline on NDCG@\(k)")
    }
    let suffix = options.sampled.map { "_sampled\($0)" } ?? ""
    let keys = [
      "hr@\(k)", "recall@\(k)", "precision@\(k)", "ndcg@\(k)", "mrr", "auc", "coverage",
      "distinct_lists", "mean_popularity",
    ].map { $0 + suffix }
    try store(state, split: selection.split, names: keys, values: values(ours), inv: inv)
    try store(state, split: "baseline", names: keys, values: values(theirs), inv: inv)
  }

  /// A metric table with counts as whole numbers and rates to four decimals.
  static func textTable(names: [String], columns: [(String, [Double?])], inv: Invocation) -> String {
    var cols = [Column(name: "metric", scalars: names.map { .string($0) }, type: .string)]
    for (name, values) in columns {
      cols.append(
        Column(
          name: name,
          scalars: values.map { v in v.map { .string(ModelListing.format($0)) } ?? .string("—") },
          type: .string))
    }
    return render(Frame(columns: cols).rightAligned(from: 1), inv)
  }
}
