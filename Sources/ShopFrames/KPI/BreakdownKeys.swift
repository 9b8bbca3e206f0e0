import ShopCore

/// How a breakdown key orders its values.
public enum BreakdownOrder: Sendable, Equatable {
  /// First appearance (a category such as platform).
  case appearance
  /// Ascending (a period number such as `week(t)`), no gaps filled.
  case ascending
  /// Calendar periods in time order, with the empty ones in between present.
  case periods(TimeBucket)
}

/// `by` over several columns (and derived terms): one combined key for the KPI, then its
/// result spread back into one column per term, in time order where a term is a period.
///
/// The KPI commands group by a single column; `conversion … by platform, trunc(t, week)`
/// gives them one combined id column, and `arrange` turns the id back into the terms'
/// values, orders periods in time and adds the empty periods (counts 0, rates null), as
/// `resample` and `kpi by week` do.
public struct BreakdownKeys: Sendable {
  /// The input with the combined key column added (when there is more than one term).
  public var frame: Frame
  /// The column the KPI groups by.
  public var by: ColumnRef
  var names: [String]
  var orders: [BreakdownOrder]
  /// Per combined id, its first row (to read each term's value).
  var firstRows: [Int]
  static let combined = "__by"

  /// - Parameter orders: per column, nil to infer: a datetime column whose values all
  ///   start a day, week, month or quarter is a period; any other column keeps appearance.
  public init(frame: Frame, columns: [String], orders: [BreakdownOrder?]) throws {
    names = columns
    let keyColumns = try columns.map { try frame.column(ColumnRef($0)) }
    self.orders = zip(keyColumns, orders).map { $1 ?? Self.inferOrder($0) }
    if columns.count == 1 {
      self.frame = frame
      by = ColumnRef(columns[0])
      firstRows = []
      return
    }
    let g = Grouping(keyColumns, rowCount: frame.rowCount)
    self.frame = Frame(columns: frame.columns + [.ints(Self.combined, g.ids.map(Int.init))])
    by = ColumnRef(Self.combined)
    firstRows = g.firstRows
  }

  /// A datetime column whose every value starts a quarter, month, week or day.
  static func inferOrder(_ c: Column) -> BreakdownOrder {
    guard case .datetime(let v, let m) = c.data else { return .appearance }
    let values = v.indices.filter { m.isValid($0) }.map { v[$0] }
    guard !values.isEmpty else { return .appearance }
    for bucket in [TimeBucket.quarter, .month, .week, .day] where values.allSatisfy({ bucket.start($0) == $0 }) {
      return .periods(bucket)
    }
    return .ascending
  }

  /// Whether `arrange` changes anything: several terms, or one that is ordered.
  public var reshapes: Bool { names.count > 1 || orders.contains { $0 != .appearance } }

  /// The KPI's table with one key column per term, periods in time order and empty
  /// periods filled (int columns 0, others null).
  public func arrange(_ result: KPIResult) throws -> KPIResult {
    guard reshapes else { return result }
    var table = result.frame
    if names.count > 1 {
      guard let ids = table.column(named: Self.combined) else { return result }
      let rows = (0..<ids.count).map { i -> Int in
        if case .int(let id) = ids[i] { return firstRows[Int(id)] }
        return 0
      }
      let keys = try names.map { try frame.column(ColumnRef($0)).gather(rows) }
      table = Frame(columns: keys + table.columns.filter { $0.name != Self.combined })
    }
    let k = names.count
    let keyColumns = Array(table.columns.prefix(k))
    // Rank each key: first appearance, or its value ascending.
    var ranks: [[Int]] = []
    for (j, c) in keyColumns.enumerated() {
      var seen: [Scalar: Int] = [:]
      for i in 0..<c.count where seen[c[i]] == nil { seen[c[i]] = seen.count }
      if orders[j] != .appearance {
        let sorted = seen.keys.sorted { Self.less($0, $1) }
        for (r, s) in sorted.enumerated() { seen[s] = r }
      }
      ranks.append((0..<c.count).map { seen[c[$0]] ?? 0 })
    }
    var order = Array(0..<table.rowCount)
    order.sort { a, b in
      for j in 0..<k where ranks[j][a] != ranks[j][b] { return ranks[j][a] < ranks[j][b] }
      return a < b
    }
    var rows: [[Scalar]] = order.map { i in table.columns.map { $0[i] } }
    if let p = orders.firstIndex(where: { if case .periods = $0 { return true } else { return false } }),
      case .periods(let bucket) = orders[p]
    {
      let empty = result.emptyGroup ?? [table.columns.dropFirst(k).map { $0.type == .int ? .int(0) : .null }]
      rows = Self.fillPeriods(rows, keyCount: k, period: p, bucket: bucket, empty: empty)
    }
    let columns = table.columns.enumerated().map { j, c in
      Column(name: c.name, scalars: rows.map { $0[j] }, type: c.type)
    }
    // The combined key's name, in the definition and notes, is the terms'.
    let termsText = names.joined(separator: ", ")
    var definition = result.definition.replacingAll(Self.combined, with: termsText)
    if orders.contains(where: { $0 != .appearance }) {
      definition += "; periods in time order" + (rows.count > order.count ? ", empty ones included" : "")
    }
    return KPIResult(
      frame: Frame(columns: columns), definition: definition,
      notes: result.notes.map { $0.replacingAll(Self.combined, with: termsText) })
  }

  /// Every period from the first to the last, for each combination of the other keys.
  /// A group may have several rows (a funnel's steps); an empty period gets `empty`'s rows
  /// (the values after the keys) under its keys.
  static func fillPeriods(
    _ rows: [[Scalar]], keyCount k: Int, period p: Int, bucket: TimeBucket, empty: [[Scalar]]
  ) -> [[Scalar]] {
    let times = rows.compactMap { r -> Int64? in if case .datetime(let t) = r[p] { return t } else { return nil } }
    guard let first = times.min(), let last = times.max() else { return rows }
    let count = bucket.index(of: last, from: first) + 1
    guard count <= TimeBucket.maximumCount / 100 else { return rows }
    var byOthers: [[Scalar]: [Int64: [[Scalar]]]] = [:]
    var otherOrder: [[Scalar]] = []
    var nulls: [[Scalar]] = []
    for r in rows {
      let others = (0..<k).filter { $0 != p }.map { r[$0] }
      guard case .datetime(let t) = r[p] else {
        nulls.append(r)
        continue
      }
      if byOthers[others] == nil { otherOrder.append(others) }
      byOthers[others, default: [:]][t, default: []].append(r)
    }
    var out: [[Scalar]] = []
    for others in otherOrder {
      for i in 0..<count {
        let t = bucket.start(after: first, count: i)
        if let present = byOthers[others]?[t] {
          out += present
          continue
        }
        var key: [Scalar] = others
        key.insert(.datetime(t), at: p)
        out += empty.map { key + $0 }
      }
    }
    return out + nulls
  }

  /// Ascending order of key values; null last.
  static func less(_ a: Scalar, _ b: Scalar) -> Bool {
    switch (a, b) {
    case (.null, _): return false
    case (_, .null): return true
    case (.datetime(let x), .datetime(let y)): return x < y
    case (.string(let x), .string(let y)): return x < y
    default:
      if let x = a.doubleValue, let y = b.doubleValue { return x < y }
      return plainText(a) < plainText(b)
    }
  }
}
