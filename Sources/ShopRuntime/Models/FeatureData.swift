import ShopCore
import ShopFrames
import ShopModels

/// A table's feature columns and label for a classifier.
///
/// Numeric, boolean and datetime columns are numeric features; text columns are categorical
/// (one-hot encoded by `FeatureEncoder`). Rows whose label is null are dropped; nulls in
/// features are left to the encoder (a missing number encodes as the mean).
struct FeatureData {
  var numeric: [(name: String, values: [Double?])] = []
  var categorical: [(name: String, values: [String?])] = []
  /// Table row of each kept row.
  var rows: [Int] = []
  var labels: [Bool]?
  var droppedNulls = 0

  var count: Int { rows.count }

  /// Reads `features` (and the label, when `withLabel`) from `frame`.
  /// - Parameter encoder: when given, columns are read as the encoder was fitted (numeric or
  ///   categorical by its lists), not by their type in this table.
  init(
    frame: Frame, spec: ModelSpec, modelName: String, encoder: FeatureEncoder?, withLabel: Bool,
    at range: SourceRange?
  ) throws {
    var labelValues: [Bool?]?
    if withLabel {
      let label = try ModelColumns.column(
        spec.label ?? "", role: "label", model: modelName, in: frame, at: range)
      labelValues = try ModelColumns.labels(label, at: range)
    }
    rows = (0..<frame.rowCount).filter { labelValues?[$0] != nil || labelValues == nil }
    droppedNulls = frame.rowCount - rows.count
    if let labelValues { labels = rows.map { labelValues[$0] ?? false } }
    let numericNames: [String]
    let categoricalNames: [String]
    if let encoder {
      numericNames = encoder.numeric.map(\.name)
      categoricalNames = encoder.categorical.map(\.name)
    } else {
      var n: [String] = [], c: [String] = []
      for name in spec.features ?? [] {
        let column = try ModelColumns.column(
          name, role: "feature", model: modelName, in: frame, at: range)
        if column.type == .string { c.append(name) } else { n.append(name) }
      }
      numericNames = n
      categoricalNames = c
    }
    for name in numericNames {
      let column = try ModelColumns.column(
        name, role: "feature", model: modelName, in: frame, at: range)
      numeric.append((name, rows.map { column[$0].doubleValue }))
    }
    for name in categoricalNames {
      let column = try ModelColumns.column(
        name, role: "feature", model: modelName, in: frame, at: range)
      categorical.append((name, rows.map { ModelColumns.key(column[$0]) }))
    }
  }

  /// The same columns restricted to `subset` (positions into this data's rows).
  func columns(_ subset: [Int]) -> (numeric: [[Double?]], categorical: [[String?]]) {
    (
      numeric.map { c in subset.map { c.values[$0] } },
      categorical.map { c in subset.map { c.values[$0] } }
    )
  }
}
