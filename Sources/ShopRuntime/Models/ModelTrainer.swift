import ShopCore
import ShopFrames
import ShopModels

/// Trains a session's model on a table: adapts the table to ids or a feature matrix, splits
/// it, runs the shared `TrainingLoop`, and records what happened in the model's spec.
///
/// With a split, the held-out part is never seen: early stopping watches a validation part
/// carved out of the training part by the same rule (10% of it; for leave-last-out, each
/// user's last remaining interaction), so `evaluate` reports numbers on data no decision
/// was made with.
enum ModelTrainer {
  /// What `train` was asked to do.
  struct Request {
    var frame: Frame
    /// The table's name in the session (nil when piped in).
    var frameName: String?
    var options: TrainingOptions
    var split: SplitSpec?
  }

  /// The validation share of the training part.
  static let validationFraction = 0.1

  static func train(_ state: ModelState, _ request: Request, inv: Invocation) throws
    -> TrainingSummary
  {
    switch state.spec.kind {
    case .behavior: return try trainBehavior(state, request, inv: inv)
    case .classifier: return try trainClassifier(state, request, inv: inv)
    case .recommender: return try trainRecommender(state, request, inv: inv)
    case .forecaster: return try trainForecaster(state, request, inv: inv)
    }
  }

  /// The training split and, inside its training part, the validation split.
  static func parts(
    _ count: Int, split: SplitSpec?, labels: [Bool]?, times: [Int64]?, users: [Int]?
  ) -> (fit: [Int], validation: [Int], test: [Int]) {
    let all = Array(0..<count)
    guard let split else { return (all, [], []) }
    if split.kind == .rs811 {
      // The validation part is the split's own 10% per user, not a share of the rest.
      let p = Split.ratioPerUser(users: users ?? [Int](repeating: 0, count: count), seed: split.seed)
      return (p.train, p.validation, p.test)
    }
    let (train, test) = split.apply(to: all, labels: labels, times: times, users: users)
    var inner = split
    inner.fraction = validationFraction
    inner.seed = split.seed &+ 1
    let (fit, validation) = inner.apply(to: train, labels: labels, times: times, users: users)
    return (fit, validation, test)
  }

  // MARK: Behaviour

  static func trainBehavior(_ state: ModelState, _ request: Request, inv: Invocation) throws
    -> TrainingSummary
  {
    let spec = state.spec
    let (data, users, items, uid, iid) = try interactions(state, request, inv: inv)
    let (fit, validation, test) = parts(
      data.count, split: request.split, labels: data.labels, times: data.times, users: uid)
    announce(
      split: request.split, fit: fit.count, validation: validation.count, test: test.count, inv: inv
    )

    let config = BehaviorConfig(
      architecture: BehaviorConfig.Architecture(rawValue: spec.arch) ?? .gmf,
      userCount: users.count,
      itemCount: items.count, dimension: spec.dimension ?? 32,
      hiddenLayers: spec.hidden ?? [64, 32],
      negativeRatio: spec.negatives ?? 4)
    try config.validate()
    let model = BehaviorModel(config: config, seed: request.options.seed)
    model.setTrainingData(
      users: fit.map { uid[$0] }, items: fit.map { iid[$0] },
      labels: data.labels.map { l in fit.map { l[$0] ? 1 : 0 } })
    if !validation.isEmpty {
      model.setValidationData(
        users: validation.map { uid[$0] }, items: validation.map { iid[$0] },
        labels: data.labels.map { l in validation.map { l[$0] } }, seed: request.options.seed)
    }
    let summary = try fitLoop(model, request.options, hasValidation: !validation.isEmpty, inv: inv)

    var seen: [Int: Set<Int>] = [:]
    var validationSeen: [Int: Set<Int>] = [:]
    for r in fit + validation where data.labels?[r] ?? true {
      seen[uid[r], default: []].insert(iid[r])
    }
    for r in validation where data.labels?[r] ?? true { validationSeen[uid[r], default: []].insert(iid[r]) }
    state.install(behavior: model)
    state.users = users
    state.items = items
    state.seen = seen
    state.validationSeen = validationSeen
    record(state, request, summary: summary, samples: fit.count)
    return summary
  }

  /// A table as interactions numbered by user and item, announced with what was left out
  /// (shared by behaviour models and recommenders).
  static func interactions(_ state: ModelState, _ request: Request, inv: Invocation) throws
    -> (data: InteractionData, users: Vocabulary, items: Vocabulary, uid: [Int], iid: [Int])
  {
    let spec = state.spec
    let data = try InteractionData(
      frame: request.frame, spec: spec, modelName: state.name, timeColumn: request.split?.column,
      at: inv.range)
    guard data.count > 0 else {
      throw ModelError.noRows(
        "no rows with both a user and an item to train '\(state.name)' on", at: inv.range)
    }
    let users = Vocabulary(collecting: data.userKeys)
    let items = Vocabulary(collecting: data.itemKeys)
    var dropped: [String] = []
    if data.droppedNulls > 0 {
      dropped.append("\(NumberFormat.count(data.droppedNulls, "row")) with nulls")
    }
    if data.droppedWeights > 0 {
      dropped.append("\(NumberFormat.count(data.droppedWeights, "row")) whose \(spec.weight ?? "weight") is not positive")
    }
    if data.droppedRepeats > 0 {
      dropped.append(
        "\(NumberFormat.grouped(data.droppedRepeats)) repeated pairs" + (spec.weight != nil ? " (weights added up)" : ""))
    }
    inv.say(
      "train \(state.name): \(NumberFormat.count(data.count, "interaction")) of \(NumberFormat.count(users.count, "user"))"
        + " × \(NumberFormat.count(items.count, "item"))"
        + (dropped.isEmpty ? "" : " (left out \(dropped.joined(separator: " and ")))"))
    return (data, users, items, data.userKeys.map { users.id($0) ?? 0 }, data.itemKeys.map { items.id($0) ?? 0 })
  }

  // MARK: Classifier

  static func trainClassifier(_ state: ModelState, _ request: Request, inv: Invocation) throws
    -> TrainingSummary
  {
    if let except = state.spec.allFeaturesExcept {
      state.spec.features = try allFeatures(
        of: request.frame, label: state.spec.label ?? "", except: except, model: state.name, inv: inv)
    }
    let spec = state.spec
    let data = try FeatureData(
      frame: request.frame, spec: spec, modelName: state.name, encoder: nil, withLabel: true,
      at: inv.range)
    let labels = data.labels ?? []
    guard data.count > 0 else {
      throw ModelError.noRows("no rows with a label to train '\(state.name)' on", at: inv.range)
    }
    let times = try timeValues(request, rows: data.rows, model: state.name, inv: inv)
    let (fit, validation, test) = parts(
      data.count, split: request.split, labels: labels, times: times, users: nil)
    let positives = labels.lazy.filter { $0 }.count
    inv.say(
      "train \(state.name): \(NumberFormat.count(data.count, "row")), \(NumberFormat.percent(Double(positives) / Double(data.count))) positive"
        + (data.droppedNulls > 0
          ? " (left out \(NumberFormat.count(data.droppedNulls, "row")) without a label)" : ""))
    announce(
      split: request.split, fit: fit.count, validation: validation.count, test: test.count, inv: inv
    )

    let fitColumns = data.columns(fit)
    let encoder = FeatureEncoder(
      numeric: zip(data.numeric.map(\.name), fitColumns.numeric).map { ($0, $1) },
      categorical: zip(data.categorical.map(\.name), fitColumns.categorical).map { ($0, $1) })
    let config = ClassifierConfig(
      architecture: ClassifierConfig.Architecture(rawValue: spec.arch) ?? .logistic,
      featureCount: encoder.featureCount, hiddenLayers: spec.hidden ?? [32, 16])
    guard config.featureCount > 0 else {
      throw ModelError.noRows("model '\(state.name)' has no features to learn from", at: inv.range)
    }
    let model = Classifier(config: config, seed: request.options.seed, encoder: encoder)
    let fitLabels = fit.map { labels[$0] }
    model.setTrainingData(
      features: try encoder.encode(
        numeric: fitColumns.numeric, categorical: fitColumns.categorical), labels: fitLabels)
    if !validation.isEmpty {
      let v = data.columns(validation)
      model.setValidationData(
        features: try encoder.encode(numeric: v.numeric, categorical: v.categorical),
        labels: validation.map { labels[$0] })
    }
    let summary = try fitLoop(model, request.options, hasValidation: !validation.isEmpty, inv: inv)
    state.install(classifier: model)
    state.spec.baseRate = BaseRateBaseline(labels: fitLabels).rate
    state.spec.tunedThreshold = nil
    if !validation.isEmpty {
      // Tune the decision threshold on the validation part (the best weights are back in
      // place), never on the held-out rows that `evaluate` reports.
      let v = data.columns(validation)
      let scores = model.predictProbabilities(
        try encoder.encode(numeric: v.numeric, categorical: v.categorical)
      ).map(Double.init)
      let best = Metrics.bestF1Threshold(scores: scores, labels: validation.map { labels[$0] })
      if best.f1 > 0 {
        let rounded = (best.threshold * 1000).rounded() / 1000
        state.spec.tunedThreshold = rounded
        inv.say(
          "threshold with the best F1 on the validation part: \(ValuePrinter.scalarText(.float(rounded)))"
            + " (F1 \(NumberFormat.fixed(best.f1, 4))); 'evaluate \(state.name) on … threshold tuned' uses it")
      }
    }
    record(state, request, summary: summary, samples: fit.count)
    return summary
  }

  /// The feature columns of `features all`: every column but the label and the exceptions,
  /// leaving out text columns with so many values that they look like identifiers (one-hot
  /// encoding them would give one weight per row).
  static func allFeatures(
    of frame: Frame, label: String, except: [String], model: String, inv: Invocation
  ) throws -> [String] {
    for name in except where frame.index(of: name) == nil {
      throw FrameError.unknownColumn(name, available: frame.columnNames, at: inv.range)
    }
    var chosen: [String] = []
    var skipped: [String] = []
    for column in frame.columns where column.name != label && !except.contains(column.name) {
      // The dictionary may hold values filtered away since; count the codes in use.
      if case .string(let codes, let dictionary) = column.data, dictionary.count > maxCategories {
        let used = Set(codes.lazy.filter { $0 >= 0 }).count
        if used > maxCategories {
          skipped.append("\(column.name) (\(NumberFormat.count(used, "value")))")
          continue
        }
      }
      chosen.append(column.name)
    }
    guard !chosen.isEmpty else {
      throw ModelError.noRows("model '\(model)' has no features to learn from", at: inv.range)
    }
    inv.say("features: " + chosen.joined(separator: ", "))
    if !skipped.isEmpty {
      inv.say("left out text columns with more than \(maxCategories) values (identifiers?): " + skipped.joined(separator: ", "))
    }
    return chosen
  }

  /// More distinct values than this and a text column is not a category but a key.
  static let maxCategories = 100

  /// The split's time column over `rows`, when the split orders by time.
  static func timeValues(_ request: Request, rows: [Int], model: String, inv: Invocation) throws
    -> [Int64]?
  {
    guard let name = request.split?.column else { return nil }
    let times = try ModelColumns.times(
      try ModelColumns.column(name, role: "time", model: model, in: request.frame, at: inv.range), at: inv.range)
    return rows.map { times[$0] }
  }

  // MARK: Shared

  static func announce(split: SplitSpec?, fit: Int, validation: Int, test: Int, inv: Invocation) {
    guard let split else {
      inv.say("no split: training on every row (evaluate will report training-set numbers)")
      return
    }
    inv.say(
      "split \(split.description): \(NumberFormat.grouped(fit)) to train, \(NumberFormat.grouped(validation)) to validate,"
        + " \(NumberFormat.grouped(test)) held out for evaluate")
  }

  /// Runs the training loop with progress lines and reports how it ended.
  static func fitLoop(
    _ model: Trainable, _ options: TrainingOptions, hasValidation: Bool, inv: Invocation
  ) throws
    -> TrainingSummary
  {
    try fitLoop(
      metric: hasValidation ? model.monitoredMetric.name : nil, options, inv: inv
    ) { onEpoch, onBatch in
      try TrainingLoop(options: options).fit(model, onEpoch: onEpoch, onBatch: onBatch)
    }
  }

  /// The same for any model the shared `FitLoop` drives (recommenders).
  static func fitLoop(
    _ model: EpochFitting, _ options: TrainingOptions, hasValidation: Bool, inv: Invocation
  ) throws -> TrainingSummary {
    try fitLoop(
      metric: hasValidation ? model.monitoredMetric.name : nil, options, inv: inv
    ) { onEpoch, onBatch in
      try FitLoop(epochs: options.epochs, patience: options.patience, seed: options.seed)
        .fit(model, onEpoch: onEpoch, onBatch: onBatch)
    }
  }

  static func fitLoop(
    metric: String?, _ options: TrainingOptions, inv: Invocation,
    run: (_ onEpoch: @escaping (EpochReport) -> Void, _ onBatch: @escaping (BatchProgress) -> Void) throws -> TrainingSummary
  ) throws -> TrainingSummary {
    let progress = ProgressBox(
      TrainingProgress(interactive: inv.session.isInteractive, metric: metric, say: inv.say))
    let summary = try run({ progress.value.epoch($0, of: options.epochs) }, { progress.value.batch($0) })
    inv.say(ending(summary, metric: metric, patience: options.patience))
    if let note = UnsteadyTraining.note(summary, learningRate: Double("\(options.learningRate)") ?? Double(options.learningRate)) { inv.say(note) }
    return summary
  }

  /// How a training run ended, in one line: epochs run, why it stopped, the epoch kept.
  static func ending(_ summary: TrainingSummary, metric: String?, patience: Int?) -> String {
    let best = summary.bestEpoch.flatMap { e in summary.reports.first { $0.epoch == e } }
    var kept = "no epoch finished: the weights are from the middle of epoch 1"
    if let best {
      kept = "kept epoch \(best.epoch)"
      if let metric, let v = best.validation[metric] {
        kept += " (val \(metric) \(NumberFormat.fixed(v, 4)))"
      } else {
        kept += " (loss \(NumberFormat.fixed(best.trainLoss, 4)))"
      }
    }
    let last = summary.reports.last?.epoch ?? 0
    if summary.interrupted {
      return "interrupted by Ctrl-C after \(last) complete epoch\(last == 1 ? "" : "s"); \(kept)"
    } else if summary.stoppedEarly {
      return "stopped early after epoch \(last): no improvement for \(patience ?? 0) epochs; \(kept)"
    }
    return "trained \(last) epoch\(last == 1 ? "" : "s"); \(kept)"
  }

  /// Writes the run into the spec.
  static func record(
    _ state: ModelState, _ request: Request, summary: TrainingSummary, samples: Int
  ) {
    state.spec.training = request.options
    state.spec.split = request.split
    state.spec.trainedOn = request.frameName
    state.spec.trainedRows = request.frame.rowCount
    state.spec.trainingSamples = samples
    state.spec.curve = summary.reports.map {
      .init(epoch: $0.epoch, loss: $0.trainLoss, validation: $0.validation)
    }
    state.spec.bestEpoch = summary.bestEpoch
  }
}

/// Lets the training loop's escaping callbacks update one progress reporter.
final class ProgressBox {
  var value: TrainingProgress
  init(_ value: TrainingProgress) { self.value = value }
}
