import ShopCore
import ShopFrames
import ShopModels
import ShopSyntax

/// `evaluate`: a model's metrics on held-out data, always beside a baseline, stored in the
/// `metrics` table.
///
/// Which rows count as held out: when the table is the one the model was trained on (same
/// name, same row count) and training used a split, the rows that split held out (the split
/// is recomputed, which is deterministic); otherwise every row of the table, with a note when
/// that means training data.
enum ModelEvaluator {
  /// The rows to evaluate on, as positions in the adapted data, and how to describe them.
  struct Selection {
    var rows: [Int]
    var description: String
    /// "test", or "training" when these rows were trained on.
    var split: String
  }

  static func select(
    _ state: ModelState, frameName: String?, frame: Frame, count: Int, labels: [Bool]?,
    times: [Int64]?,
    users: [Int]?
  ) -> Selection {
    let spec = state.spec
    let same = frameName != nil && frameName == spec.trainedOn && frame.rowCount == spec.trainedRows
    if same, let split = spec.split {
      let test = ModelTrainer.parts(count, split: split, labels: labels, times: times, users: users)
        .test
      return Selection(
        rows: test, description: "held out by split \(split.description)", split: "test")
    }
    if same || (frameName == nil && spec.trainedOn == nil && frame.rowCount == spec.trainedRows) {
      return Selection(
        rows: Array(0..<count), description: "the training data itself", split: "training")
    }
    return Selection(rows: Array(0..<count), description: "all rows", split: "test")
  }

  // MARK: Classifier

  static func classifier(
    _ state: ModelState, _ model: Classifier, frame: Frame, frameName: String?, threshold: Double,
    inv: Invocation
  ) throws {
    guard let encoder = model.encoder else {
      throw ModelError.unreadable(model: state.name, reason: "it has no feature encoder")
    }
    let data = try FeatureData(
      frame: frame, spec: state.spec, modelName: state.name, encoder: encoder, withLabel: true,
      at: inv.range)
    let labels = data.labels ?? []
    let times = try state.spec.split?.column.map { name -> [Int64] in
      let times = try ModelColumns.times(
        try ModelColumns.column(name, role: "time", model: state.name, in: frame, at: inv.range), at: inv.range)
      return data.rows.map { times[$0] }
    }
    let selection = select(
      state, frameName: frameName, frame: frame, count: data.count, labels: labels, times: times,
      users: nil)
    guard !selection.rows.isEmpty else {
      throw ModelError.noRows("no labelled rows to evaluate '\(state.name)' on", at: inv.range)
    }
    let columns = data.columns(selection.rows)
    let x = try encoder.encode(numeric: columns.numeric, categorical: columns.categorical)
    let p = model.predictProbabilities(x).map(Double.init)
    let y = selection.rows.map { labels[$0] }
    let base = BaseRateBaseline(labels: []).with(rate: state.spec.baseRate ?? 0)
    let q = base.probabilities(count: y.count)

    let positives = y.lazy.filter { $0 }.count
    inv.say(
      "evaluate \(state.name) on \(frameName ?? "the piped table"): \(NumberFormat.count(y.count, "row")), \(selection.description);"
        + " \(NumberFormat.percent(Double(positives) / Double(y.count))) positive; threshold \(ValuePrinter.scalarText(.float(threshold)))"
    )
    let mine = classificationMetrics(p, y, threshold)
    let theirs = classificationMetrics(q, y, threshold)
    inv.say(
      table(
        names: ["accuracy", "precision", "recall", "F1", "AUC", "log-loss"],
        columns: [(state.name, mine.values), ("base rate", theirs.values)], inv: inv))
    inv.say("")
    inv.say("confusion matrix of \(state.name) at \(ValuePrinter.scalarText(.float(threshold))):")
    let m = mine.matrix
    inv.say(
      render(
        Frame(columns: [
          Column(name: "actual", scalars: [.string("no"), .string("yes")], type: .string),
          Column(
            name: "predicted no",
            scalars: [.int(Int64(m.trueNegatives)), .int(Int64(m.falseNegatives))], type: .int),
          Column(
            name: "predicted yes",
            scalars: [.int(Int64(m.falsePositives)), .int(Int64(m.truePositives))], type: .int),
        ]), inv))
    if selection.split == "training" {
      inv.say(
        "note: these are training-set numbers and flatter the model; 'train \(state.name) on … split random 0.2' holds rows out"
      )
    }
    if (mine.values[4] ?? 0.5) <= 0.5 {
      inv.say("note: '\(state.name)' does not rank better than the base rate (AUC 0.5)")
    }
    let names = ["accuracy", "precision", "recall", "f1", "auc", "logloss"]
    try store(state, split: selection.split, names: names, values: mine.values, inv: inv)
    try store(state, split: "baseline", names: names, values: theirs.values, inv: inv)
  }

  /// accuracy, precision, recall, F1, AUC, log-loss, and the confusion matrix.
  static func classificationMetrics(_ p: [Double], _ y: [Bool], _ threshold: Double)
    -> (values: [Double?], matrix: ConfusionMatrix)
  {
    let m = ConfusionMatrix(scores: p, labels: y, threshold: threshold)
    return (
      [
        m.accuracy, m.precision, m.recall, m.f1, Metrics.auc(scores: p, labels: y),
        Metrics.logLoss(probabilities: p, labels: y),
      ],
      m
    )
  }

  // MARK: Output

  /// A metric table: one row per metric, one float column per model (null when undefined).
  static func table(names: [String], columns: [(String, [Double?])], inv: Invocation) -> String {
    var cols = [Column(name: "metric", scalars: names.map { .string($0) }, type: .string)]
    for (name, values) in columns {
      cols.append(
        Column(
          name: name,
          scalars: values.map { v in v.map { .float(($0 * 10_000).rounded() / 10_000) } ?? .null },
          type: .float))
    }
    return render(Frame(columns: cols), inv)
  }

  static func render(_ frame: Frame, _ inv: Invocation) -> String {
    TableRenderer(maxRows: max(frame.rowCount, 1), width: inv.session.settings.width).render(frame)
  }

  /// Records metrics of the model's stored version (no-op without a store or a stored version).
  static func store(
    _ state: ModelState, split: String, names: [String], values: [Double?], inv: Invocation
  ) throws {
    guard let store = inv.session.store, let id = state.storedID else { return }
    let pairs = zip(names, values).compactMap { name, value in value.map { (name: name, value: $0) }
    }
    try store.recordMetrics(model: id, command: inv.session.currentCommandID, split: split, pairs)
  }
}

extension BaseRateBaseline {
  /// The baseline with a stored rate (the training labels are not kept).
  func with(rate: Double) -> BaseRateBaseline {
    var copy = self
    copy.rate = rate
    return copy
  }
}

extension Frame {
  /// String columns from `index` on, padded on the left to one width, so numbers formatted as
  /// text line up on the right.
  func rightAligned(from index: Int) -> Frame {
    Frame(
      columns: columns.enumerated().map { k, column in
        guard k >= index, column.type == .string else { return column }
        let texts = (0..<rowCount).map { r in ModelColumns.key(column[r]) ?? "" }
        let width = max(column.name.count, texts.map(\.count).max() ?? 0)
        return Column(
          name: column.name,
          scalars: texts.map { .string(String(repeating: " ", count: width - $0.count) + $0) },
          type: .string)
      })
  }
}
