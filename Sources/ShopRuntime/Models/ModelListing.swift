import ShopCore
import ShopFrames
import ShopStore

/// `models` and `compare`: stored models and their metrics as tables.
enum ModelListing {
  /// Splits in the order a "best" metric is taken from.
  static let splitPreference = ["test", "training", "validation"]

  static func models(_ store: SessionStore) throws -> Frame {
    let rows = try store.models()
    var best: [Scalar] = []
    for row in rows {
      let metrics = try store.latestMetrics(model: row.id)
      best.append(
        headline(metrics).map {
          .string("\($0.split) \($0.name) \(NumberFormat.fixed($0.value ?? .nan, 4))")
        } ?? .null)
    }
    let specs = rows.map { ModelSpec.decode($0.spec) }
    return Frame(columns: [
      Column(name: "name", scalars: rows.map { .string($0.name) }, type: .string),
      Column(name: "kind", scalars: rows.map { .string($0.kind) }, type: .string),
      Column(
        name: "arch", scalars: specs.map { $0.map { .string($0.arch) } ?? .null }, type: .string),
      Column(
        name: "trained on", scalars: specs.map { $0?.trainedOn.map(Scalar.string) ?? .null },
        type: .string),
      Column(
        name: "rows", scalars: specs.map { $0?.trainingSamples.map { .int(Int64($0)) } ?? .null },
        type: .int),
      Column(
        name: "seed", scalars: rows.map { $0.seed.map { .int(Int64(bitPattern: $0)) } ?? .null },
        type: .int),
      Column(name: "best metric", scalars: best, type: .string),
      Column(
        name: "created", scalars: rows.map { .string(String($0.createdAt.prefix(16))) },
        type: .string),
    ])
  }

  /// The metric that sums a model up: NDCG@K for rankings, else AUC, from the most
  /// trustworthy split it was measured on.
  static func headline(_ metrics: [MetricRecord]) -> MetricRecord? {
    for split in splitPreference {
      let here = metrics.filter { $0.split == split && $0.value != nil }
      if let m = here.first(where: { $0.name.hasPrefix("ndcg@") }) ?? here.first(where: { $0.name == "auc" }) {
        return m
      }
    }
    return nil
  }

  /// Counts (distinct lists) as whole numbers, everything else with four decimals.
  static func format(_ v: Double) -> String {
    v == v.rounded() && abs(v) >= 2 ? NumberFormat.grouped(Int(v)) : NumberFormat.fixed(v, 4)
  }

  /// One row per metric, one column per model; the split each model's numbers come from is
  /// printed above the table.
  static func compare(_ states: [ModelState], store: SessionStore, inv: Invocation) throws -> Frame
  {
    var names: [String] = []
    var columns: [(String, [String: Double])] = []
    for state in states {
      guard let id = state.storedID else {
        throw ModelError.notTrained(state.name, at: nil)
      }
      let metrics = try store.latestMetrics(model: id)
      let split = splitPreference.first { s in metrics.contains { $0.split == s } }
      var values: [String: Double] = [:]
      for m in metrics where m.split == split || m.split == "baseline" {
        let key = m.split == "baseline" ? "baseline " + m.name : m.name
        if let v = m.value { values[key] = v }
        if !names.contains(key) { names.append(key) }
      }
      let what =
        split.map { "\($0) metrics" } ?? "no metrics yet ('evaluate \(state.name) on TABLE')"
      inv.say(
        "\(state.name): \(state.spec.shortDescription), trained on \(ModelRegistry.trainedOn(state.spec) ?? "?"); \(what)"
      )
      columns.append((state.name, values))
    }
    // Model metrics first, then the baselines measured with them.
    names = names.filter { !$0.hasPrefix("baseline ") } + names.filter { $0.hasPrefix("baseline ") }
    var frameColumns = [Column(name: "metric", scalars: names.map { .string($0) }, type: .string)]
    var used = Set<String>()
    for (name, values) in columns {
      var header = name
      while used.contains(header) { header += "'" }
      used.insert(header)
      frameColumns.append(
        Column(
          name: header, scalars: names.map { n in .string(values[n].map(format) ?? "—") },
          type: .string))
    }
    return Frame(columns: frameColumns).rightAligned(from: 1)
  }
}
