import ShopCore

extension Frame {
  /// The most distinct values `pivot` spreads into columns before refusing.
  static let pivotColumnLimit = 200

  /// A wide table: one row per distinct `index` value, one column per distinct `columns`
  /// value, each cell the aggregation over the rows with that pair. Rows and columns are
  /// sorted by value (nulls last); a pair without rows is null, or 0 for `count`.
  ///
  /// ```swift
  /// try orders.pivot(index: ColumnRef("Country"), columns: ColumnRef("Year"),
  ///                  value: Aggregation(name: "revenue", function: "sum", argument: revenue))
  /// ```
  /// - Throws: `.invalidArgument` when `columns` has more than 200 distinct values.
  public func pivot(index: ColumnRef, columns spread: ColumnRef, value: Aggregation) throws -> Frame
  {
    let indexColumn = try column(index)
    let spreadColumn = try column(spread)
    let spreadGroups = Grouping([spreadColumn], rowCount: rowCount)
    guard spreadGroups.count <= Frame.pivotColumnLimit else {
      throw FrameError.invalidArgument(
        "pivot would make \(NumberFormat.count(spreadGroups.count, "column")) from '\(spread.name)' "
          + "(the limit is \(Frame.pivotColumnLimit)): pick a column with fewer values",
        at: spread.range)
    }
    let indexGroups = Grouping([indexColumn], rowCount: rowCount)
    let pairs = Grouping([indexColumn, spreadColumn], rowCount: rowCount)
    let cells = try value.run(on: self, grouping: pairs)

    let indexValues = indexColumn.gather(indexGroups.firstRows)
    let spreadValues = spreadColumn.gather(spreadGroups.firstRows)
    let rowOrder = try Frame(columns: [indexValues]).sortedRows([SortKey(.column(index.name))])
    let columnOrder = try Frame(columns: [spreadValues]).sortedRows([SortKey(.column(spread.name))])
    var rowPosition = [Int](repeating: 0, count: indexGroups.count)
    for (position, g) in rowOrder.enumerated() { rowPosition[g] = position }

    // cellOf[column group][row position] = pair group, or -1.
    var cellOf = [[Int]](
      repeating: [Int](repeating: -1, count: indexGroups.count), count: spreadGroups.count)
    for (pair, row) in pairs.firstRows.enumerated() {
      let r = rowPosition[Int(indexGroups.ids[row])]
      cellOf[Int(spreadGroups.ids[row])][r] = pair
    }
    var out = [indexValues.gather(rowOrder)]
    var taken: Set<String> = [index.name]
    for g in columnOrder {
      var name = plainText(spreadValues[g])
      while taken.contains(name) { name += "_" }
      taken.insert(name)
      var column = cells.gatherOptional(cellOf[g]).renamed(name)
      if value.function == "count", case .int(let v, let m) = column.data {
        // A pair without rows counted nothing.
        let counts = v.indices.map { m.isValid($0) ? v[$0] : 0 }
        column = Column(name: name, data: .int(counts, .allValid))
      }
      out.append(column)
    }
    return Frame(columns: out)
  }
}
