import Foundation
import ShopCore
import ShopModels

/// What a `model` statement defined and how `train` trained it: stored as the `spec` JSON of
/// the model's row in the session store, so `models` and `compare` can describe a model
/// without loading its weights.
struct ModelSpec: Codable, Sendable, Equatable {
  enum Kind: String, Codable, Sendable {
    case behavior, classifier, recommender, forecaster
  }

  var kind: Kind
  /// `seed`, `gmf` or `mlp` for behaviour models; `logistic` or `mlp` for classifiers; the
  /// kind's registry name (`ease`, `als` …) for recommenders.
  var arch: String
  /// Behaviour models: the user and item columns.
  var users: String?
  var items: String?
  /// The label column: optional for behaviour models (implicit data without it), required for
  /// classifiers.
  var label: String?
  var dimension: Int?
  var hidden: [Int]?
  var negatives: Int?
  /// Recommenders: the kind's options, every declared one present (see `RecommenderKind`).
  var options: ModelOptionValues?
  /// Recommenders: an optional column weighting each interaction (quantity, rating …).
  var weight: String?
  /// Forecasters: the value to forecast, the time column, the optional series key, the step
  /// (day, week, month) and the season length in steps.
  var target: String?
  var timeColumn: String?
  var seriesKey: String?
  var every: String?
  var period: Int?
  /// Forecasters: columns known in advance (price, a promotion flag), averaged per step and
  /// needed over the horizon at `forecast` time.
  var exogenous: [String]?
  /// Forecasters: `uk` (the built-in bank holidays) or the name of a table of holiday dates.
  var holidays: String?
  /// The holiday days (day starts, seconds) `train` resolved from `holidays`, kept so that
  /// `forecast` flags future steps without the table.
  var holidayDays: [Int64]?
  /// Forecasters: `exclude` leaves the flagged stock-outs out of training and backtest scores.
  var stockOuts: String?
  /// Classifiers: the feature columns, in the order given. With `features all`, nil until
  /// `train` resolves it from the training table (then fixed for scoring and evaluation).
  var features: [String]?
  /// Classifiers: `features all [except …]`: every column but the label and these.
  var allFeaturesExcept: [String]?

  // Set by `train`.
  var training: TrainingOptions?
  var split: SplitSpec?
  /// The name the training table had in the session (nil when it was piped in).
  var trainedOn: String?
  /// Rows of the training table, before the split (to recognise the same table later).
  var trainedRows: Int?
  /// Rows actually trained on (after dropping nulls, deduplicating and splitting).
  var trainingSamples: Int?
  /// Mean training loss and monitored validation metric per epoch.
  var curve: [CurvePoint]?
  var bestEpoch: Int?
  /// Classifiers: the share of positive training labels (the baseline's prediction).
  var baseRate: Double?
  /// Classifiers: the threshold with the best F1 on the validation part, chosen after
  /// training so that `evaluate … threshold tuned` never looks at the held-out rows.
  var tunedThreshold: Double?

  /// One epoch of the training curve.
  struct CurvePoint: Codable, Sendable, Equatable {
    var epoch: Int
    var loss: Double
    var validation: [String: Double]
  }

  var isTrained: Bool { training != nil }

  /// "behavior gmf dim 32" or "classifier logistic, 17 features".
  var shortDescription: String {
    switch kind {
    case .behavior:
      var s = "behavior \(arch) dim \(dimension ?? 32)"
      if arch == "mlp", let hidden {
        s += " hidden " + hidden.map(String.init).joined(separator: ", ")
      }
      return s
    case .forecaster:
      let declared = ForecasterKinds.named(arch)?.options ?? []
      let o = options?.summary(declared) ?? ""
      return "forecaster \(arch)" + (o.isEmpty ? "" : " " + o)
    case .recommender:
      let declared = RecommenderKinds.named(arch)?.options ?? []
      let o = options?.summary(declared) ?? ""
      return "recommender \(arch)" + (o.isEmpty ? "" : " " + o)
    case .classifier:
      let n = features?.count ?? 0
      var s = "classifier \(arch), \(n) feature\(n == 1 ? "" : "s")"
      if features == nil, let except = allFeaturesExcept {
        s = "classifier \(arch), all features" + (except.isEmpty ? "" : " except " + except.joined(separator: ", "))
      }
      if arch == "mlp", let hidden {
        s += ", hidden " + hidden.map(String.init).joined(separator: ", ")
      }
      return s
    }
  }

  /// The spec as JSON with sorted keys (stable bytes for the store).
  func json() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // A struct of strings, numbers and arrays always encodes.
    return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
  }

  static func decode(_ json: String) -> ModelSpec? {
    try? JSONDecoder().decode(ModelSpec.self, from: Data(json.utf8))
  }
}

/// How `train` holds data out: `split random 0.2`, `split time COL 0.2`,
/// `split leave-last-out COL`.
struct SplitSpec: Codable, Sendable, Equatable {
  enum Kind: String, Codable, Sendable {
    case random
    case time
    case leaveLastOut = "leave-last-out"
    /// RecBole's random 80/10/10 per user: validation and test parts are fixed by the split.
    case rs811
  }

  var kind: Kind
  /// The time column of `time` and `leave-last-out`.
  var column: String?
  /// The held-out share for `random` and `time`.
  var fraction: Double
  var seed: UInt64

  /// "random 20%", "time InvoiceDate 20%", "leave-last-out InvoiceDate".
  var description: String {
    switch kind {
    case .random: return "random \(NumberFormat.percent(fraction, decimals: 0))"
    case .time: return "time \(column ?? "?") \(NumberFormat.percent(fraction, decimals: 0))"
    case .leaveLastOut: return "leave-last-out \(column ?? "?")"
    case .rs811: return "rs811 (80/10/10 per user)"
    }
  }

  /// Splits `rows` (indices into the data) into a training and a held-out part.
  ///
  /// `labels` stratify the random split; `times` order the time split; `users` and `times`
  /// drive leave-last-out. Applying the same spec to the same data always gives the same
  /// parts, which is how `evaluate` finds the rows `train` held out.
  func apply(
    to rows: [Int], labels: [Bool]?, times: [Int64]?, users: [Int]?
  ) -> (train: [Int], test: [Int]) {
    let parts: (train: [Int], test: [Int])
    switch kind {
    case .random:
      parts = Split.random(
        count: rows.count, testFraction: fraction, seed: seed,
        stratifyBy: labels.map { l in rows.map { l[$0] } })
    case .time:
      parts = Split.byTime(times: rows.map { times?[$0] ?? 0 }, testFraction: fraction)
    case .leaveLastOut:
      parts = Split.leaveLastOut(
        users: rows.map { users?[$0] ?? 0 }, times: rows.map { times?[$0] ?? 0 })
    case .rs811:
      let p = Split.ratioPerUser(users: rows.map { users?[$0] ?? 0 }, seed: seed)
      parts = ((p.train + p.validation).sorted(), p.test)
    }
    return (parts.train.map { rows[$0] }, parts.test.map { rows[$0] })
  }
}
