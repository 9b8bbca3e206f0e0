import ShopCore

extension Frame {
  /// How often each value of a column occurs: the value (in a column named like the
  /// source, or `value` if that name is taken), `count`, `percent` of all rows (0-100)
  /// and `cumulative_percent`, sorted by count descending then value ascending. Null is
  /// counted as a value of its own. `limit` keeps the most frequent rows; percentages
  /// stay relative to all rows.
  public func freq(_ ref: ColumnRef, limit: Int? = nil) throws -> Frame {
    let column = try column(ref)
    if let limit, limit < 0 {
      throw FrameError.invalidArgument("freq needs a limit of 0 or more, got \(limit)", at: nil)
    }
    let grouping = Grouping([column], rowCount: rowCount)
    let values = column.gather(grouping.firstRows)
    let counts = Column(name: "count", data: .int(grouping.sizes.map { Int64($0) }, .allValid))
    let byCount = try Frame(columns: [values.renamed("v"), counts.renamed("n")]).sortedRows([
      SortKey(.column("n"), descending: true), SortKey(.column("v")),
    ])
    let kept = Array(byCount.prefix(limit ?? byCount.count))
    let total = Double(max(rowCount, 1))
    let sizes = grouping.sizes
    var running = 0
    var percents: [Double] = []
    var cumulative: [Double] = []
    for g in kept {
      running += sizes[g]
      percents.append(Double(sizes[g]) / total * 100)
      cumulative.append(Double(running) / total * 100)
    }
    let clashes = ["count", "percent", "cumulative_percent"].contains(column.name)
    return Frame(columns: [
      values.gather(kept).renamed(clashes ? "value" : column.name), counts.gather(kept),
      Column(name: "percent", data: .float(percents, .allValid)),
      Column(name: "cumulative_percent", data: .float(cumulative, .allValid)),
    ])
  }
}
