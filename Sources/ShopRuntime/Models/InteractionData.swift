import ShopCore
import ShopFrames

/// A table's rows as (user, item[, label][, time]) interactions for a behaviour model.
///
/// Rows with a null user or item (or label) are dropped. Without a label the data is
/// implicit (every row is a positive) and repeated (user, item) pairs are kept once, at their
/// first row: buying the same item twice is one preference, and a split must not hold out a
/// pair the model also sees in training.
struct InteractionData {
  var userKeys: [String] = []
  var itemKeys: [String] = []
  var labels: [Bool]?
  var times: [Int64]?
  /// Recommenders with `weight COL`: each pair's weight, repeats summed into the kept row.
  var weights: [Float]?
  /// Rows of the table left out (nulls, repeated pairs).
  var droppedNulls = 0
  var droppedRepeats = 0
  /// Rows whose weight was null, zero or negative (returns, cancellations).
  var droppedWeights = 0

  var count: Int { userKeys.count }

  /// - Parameter timeColumn: the column a time or leave-last-out split orders by.
  init(
    frame: Frame, spec: ModelSpec, modelName: String, timeColumn: String?, at range: SourceRange?
  ) throws {
    let users = try ModelColumns.column(
      spec.users ?? "", role: "users", model: modelName, in: frame, at: range)
    let items = try ModelColumns.column(
      spec.items ?? "", role: "items", model: modelName, in: frame, at: range)
    let label = try spec.label.map {
      try ModelColumns.column($0, role: "label", model: modelName, in: frame, at: range)
    }
    let time = try timeColumn.map {
      try ModelColumns.times(
        try ModelColumns.column($0, role: "time", model: modelName, in: frame, at: range), at: range)
    }
    let labelValues = try label.map { try ModelColumns.labels($0, at: range) }
    let weightColumn = try spec.weight.map {
      try ModelColumns.column($0, role: "weight", model: modelName, in: frame, at: range)
    }
    var weightsOut: [Float] = []
    var pairRow: [String: Int] = [:]
    var seenPairs = Set<String>()
    var labelsOut: [Bool] = []
    var timesOut: [Int64] = []
    for r in 0..<frame.rowCount {
      guard let u = ModelColumns.key(users[r]), let i = ModelColumns.key(items[r]) else {
        droppedNulls += 1
        continue
      }
      var w: Float = 1
      if let weightColumn {
        guard let x = weightColumn[r].doubleValue, x.isFinite, x > 0 else {
          droppedWeights += 1
          continue
        }
        w = Float(x)
      }
      var y = true
      if let labelValues {
        guard let v = labelValues[r] else {
          droppedNulls += 1
          continue
        }
        y = v
      } else if !seenPairs.insert(u + "\u{1F}" + i).inserted {
        if weightColumn != nil, let kept = pairRow[u + "\u{1F}" + i] { weightsOut[kept] += w }
        droppedRepeats += 1
        continue
      }
      if weightColumn != nil {
        pairRow[u + "\u{1F}" + i] = userKeys.count
        weightsOut.append(w)
      }
      userKeys.append(u)
      itemKeys.append(i)
      if labelValues != nil { labelsOut.append(y) }
      if let time { timesOut.append(time[r]) }
    }
    labels = labelValues == nil ? nil : labelsOut
    times = time == nil ? nil : timesOut
    weights = weightColumn == nil ? nil : weightsOut
  }
}

/// Reading model inputs out of frame columns.
enum ModelColumns {
  /// The column `name` of `frame`, or an error naming the model's use of it.
  static func column(
    _ name: String, role: String, model: String, in frame: Frame, at range: SourceRange?
  ) throws -> Column {
    guard let c = frame.column(named: name) else {
      throw ModelError.missingColumn(
        model: model, column: name, role: role, available: frame.columnNames, at: range)
    }
    return c
  }

  /// A cell as the text a user would type for it: `12583` for 12583 and 12583.0 alike, so an
  /// id column read as float still matches `predict m user 12583 …`. Nil for null.
  static func key(_ s: Scalar) -> String? {
    switch s {
    case .null: return nil
    case .int(let v): return String(v)
    case .float(let v):
      if v.isNaN { return nil }
      if v == v.rounded(), abs(v) < 9e15 { return String(Int64(v)) }
      return NumberFormat.shortest(v)
    case .string(let v): return v
    case .bool(let v): return v ? "true" : "false"
    case .datetime(let t): return CivilTime.format(t)
    }
  }

  /// A label column as yes/no per row (nil for null): booleans, the numbers 0 and 1 (any
  /// other number is refused),
  /// or the text true/false, yes/no, 1/0.
  static func labels(_ column: Column, at range: SourceRange?) throws -> [Bool?] {
    var out = [Bool?](repeating: nil, count: column.count)
    // A number is a yes/no label only as 0 or 1: 0/1/2 classes or probabilities in 0..1 read
    // as "non-zero is yes" would train a different question without a word.
    func check(_ v: Double) throws {
      guard v != 0 && v != 1 else { return }
      var shown = (0..<column.count).compactMap { column[$0].doubleValue }.filter { !$0.isNaN }
      shown = Array(Set(shown)).sorted()
      let list = shown.prefix(5).map { ValuePrinter.scalarText(.float($0)) }.joined(separator: ", ")
      throw ModelError.badLabel(
        column: column.name,
        reason: "holds \(shown.count) different number\(shown.count == 1 ? "" : "s") (\(list)\(shown.count > 5 ? ", …" : "")), not only 0 and 1",
        at: range)
    }
    for r in 0..<column.count {
      switch column[r] {
      case .null: out[r] = nil
      case .bool(let b): out[r] = b
      case .int(let v):
        try check(Double(v))
        out[r] = v != 0
      case .float(let v):
        if !v.isNaN { try check(v) }
        out[r] = v.isNaN ? nil : v != 0
      case .string(let s):
        switch s.lowercased() {
        case "true", "yes", "1", "y", "t": out[r] = true
        case "false", "no", "0", "n", "f": out[r] = false
        default:
          throw ModelError.badLabel(
            column: column.name, reason: "holds '\(s)', which is not yes or no", at: range)
        }
      case .datetime:
        throw ModelError.badLabel(column: column.name, reason: "holds dates", at: range)
      }
    }
    return out
  }

  /// A time column as sortable integers, one per row: datetimes as seconds, integers as they
  /// are, floats as the rank of their value, so the order is kept exactly. Nulls come first.
  ///
  /// Text orders by time only when it says the time: dates (`2016-05-09`), or codes of digits
  /// written to one width (`2016-05`, `201605`), which sort as they read. Other text is
  /// refused: `Feb`, `Mar`, … `Nov` sorted by letter put November before October, and a split
  /// would hold out the wrong months without a word.
  static func times(_ column: Column, at range: SourceRange?) throws -> [Int64] {
    switch column.data {
    case .datetime(let v, let m), .int(let v, let m):
      return v.indices.map { m.isValid($0) ? v[$0] : Int64.min }
    case .float(let v, let m):
      let distinct = Set(v.indices.filter { m.isValid($0) && !v[$0].isNaN }.map { v[$0] }).sorted()
      let rank = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int64($0)) })
      return v.indices.map { m.isValid($0) ? rank[v[$0]] ?? Int64.min : Int64.min }
    case .bool:
      throw ModelError.badTimeColumn(column: column.name, reason: "is a bool", at: range)
    case .string:
      let texts = (0..<column.count).map { key(column[$0]) }
      let distinct = Set(texts.compactMap { $0 }).sorted()
      if !distinct.isEmpty, distinct.allSatisfy({ DateTextParser.parse($0) != nil }) {
        return texts.map { $0.flatMap(DateTextParser.parse) ?? Int64.min }
      }
      if let width = distinct.first?.utf8.count,
        distinct.allSatisfy({ $0.utf8.count == width && $0.utf8.allSatisfy { $0 < 0x80 && !Self.isLetter($0) } })
      {
        let rank = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int64($0)) })
        return texts.map { $0.flatMap { rank[$0] } ?? Int64.min }
      }
      let shown = distinct.prefix(4).map { "'\($0)'" }.joined(separator: ", ") + (distinct.count > 4 ? ", …" : "")
      throw ModelError.badTimeColumn(
        column: column.name, reason: "is text (\(shown)), and its alphabetical order is not time order", at: range)
    }
  }

  static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

}
