import ShopCore

extension Frame {
  /// A profile of every column, one row each: `column`, `type`, `count` (non-null),
  /// `nulls`, `unique` (distinct non-null values), `mean`, `std` (sample, n - 1), `min`,
  /// `p25`, `p50`, `p75`, `max` (type-7 quantiles) and `top`, the most frequent value with
  /// its count such as "United Kingdom (495,478)" (ties go to the value seen first).
  /// The numeric statistics are null for string and datetime columns; bools count as 0/1.
  /// When the frame has a datetime column, two more columns, `earliest` and `latest`, give
  /// its range (null for the other columns), so a date range is visible at a glance.
  public func describe() -> Frame {
    var names = StringColumnBuilder()
    var types = StringColumnBuilder()
    var tops = StringColumnBuilder()
    var counts: [Scalar] = []
    var nulls: [Scalar] = []
    var uniques: [Scalar] = []
    var stats: [[Scalar]] = Array(repeating: [], count: 7)
    for column in columns {
      names.append(column.name)
      types.append(column.type.rawValue)
      let nullCount = column.nullCount
      counts.append(.int(Int64(column.count - nullCount)))
      nulls.append(.int(Int64(nullCount)))
      let grouping = Grouping([column], rowCount: column.count)
      let sizes = grouping.sizes
      var best = -1
      var distinct = 0
      for g in 0..<grouping.count where !column.isNull(grouping.firstRows[g]) {
        distinct += 1
        if best < 0 || sizes[g] > sizes[best] { best = g }
      }
      uniques.append(.int(Int64(distinct)))
      if best >= 0 {
        tops.append(
          "\(plainText(column[grouping.firstRows[best]])) (\(NumberFormat.grouped(sizes[best])))")
      } else {
        tops.append(nil)
      }
      let values = column.validDoubles?.sorted() ?? []
      if values.isEmpty {
        for k in stats.indices { stats[k].append(.null) }
      } else {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let std: Scalar = values.count > 1 ? .float((squares / (n - 1)).squareRoot()) : .null
        let row: [Scalar] = [
          .float(mean), std, .float(values[0]), .float(sortedQuantile(values, 0.25)),
          .float(sortedQuantile(values, 0.5)), .float(sortedQuantile(values, 0.75)),
          .float(values[values.count - 1]),
        ]
        for k in stats.indices { stats[k].append(row[k]) }
      }
    }
    var out = [
      names.column(name: "column"), types.column(name: "type"),
      Column(name: "count", scalars: counts, type: .int),
      Column(name: "nulls", scalars: nulls, type: .int),
      Column(name: "unique", scalars: uniques, type: .int),
    ]
    for (k, name) in ["mean", "std", "min", "p25", "p50", "p75", "max"].enumerated() {
      out.append(Column(name: name, scalars: stats[k], type: .float))
    }
    out.append(tops.column(name: "top"))
    if columns.contains(where: { $0.type == .datetime }) {
      var earliest: [Scalar] = []
      var latest: [Scalar] = []
      for column in columns {
        guard case .datetime(let values, _) = column.data else {
          earliest.append(.null)
          latest.append(.null)
          continue
        }
        let valid = values.indices.filter { !column.isNull($0) }.map { values[$0] }
        earliest.append(valid.min().map { .datetime($0) } ?? .null)
        latest.append(valid.max().map { .datetime($0) } ?? .null)
      }
      out.append(Column(name: "earliest", scalars: earliest, type: .datetime))
      out.append(Column(name: "latest", scalars: latest, type: .datetime))
    }
    return Frame(columns: out)
  }
}
