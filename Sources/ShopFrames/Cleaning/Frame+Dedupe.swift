import ShopCore

extension Frame {
  /// Removes rows that repeat an earlier row (on the `by` columns, or on all columns),
  /// keeping the first occurrence, or the last with `keepLast`. Kept rows stay in order.
  ///
  /// Summary: "dedupe: removed 5,268 of 541,909 rows" (or "dedupe by InvoiceNo, …").
  public func dedupe(by refs: [ColumnRef]? = nil, keepLast: Bool = false) throws -> CleaningResult {
    let keys = try refs.map { try $0.map { try column($0) } } ?? columns
    let grouping = Grouping(keys, rowCount: rowCount)
    // Kept rows, ascending: each group's first row (groups are numbered in order of first
    // appearance), or with `keepLast` each group's last row.
    var kept: [Int]
    if keys.isEmpty {
      kept = Array(0..<rowCount)
    } else if keepLast {
      var lastRows = [Int](repeating: -1, count: grouping.count)
      for i in 0..<rowCount { lastRows[Int(grouping.ids[i])] = i }
      kept = lastRows
      kept.sort()
    } else {
      kept = grouping.firstRows
    }
    let removedCount = rowCount - kept.count
    var label = "dedupe"
    if let refs, !refs.isEmpty { label += " by " + refs.map(\.name).joined(separator: ", ") }
    if keepLast { label += " keeping last" }
    let source = self
    return CleaningResult(
      frame: gather(kept),
      summary:
        "\(label): removed \(NumberFormat.grouped(removedCount)) of \(NumberFormat.count(rowCount, "row"))",
      removedRows: { [kept] in source.rows(notIn: kept) })
  }

  /// Removes rows with a null in any of the named columns (any column when none are named).
  ///
  /// Summary: "drop missing CustomerID: removed 135,080 of 541,909 rows".
  public func dropMissing(_ refs: [ColumnRef]) throws -> CleaningResult {
    let checked = refs.isEmpty ? columns : try refs.map { try column($0) }
    let kept: [Int]
    if checked.count == 1 {
      // The usual `drop missing COL`: select straight from the column's own storage.
      switch checked[0].data {
      case .string(let codes, _):
        kept = codes.withUnsafeBufferPointer { c in RowChunks.select(rows: rowCount) { c[$0] >= 0 } }
      default:
        if let mask = checked[0].validity.mask {
          kept = mask.withUnsafeBufferPointer { m in RowChunks.select(rows: rowCount) { m[$0] } }
        } else {
          kept = Array(0..<rowCount)
        }
      }
    } else {
      var keep = [Bool](repeating: true, count: rowCount)
      for c in checked {
        switch c.data {
        case .string(let codes, _):
          for i in 0..<rowCount where codes[i] < 0 { keep[i] = false }
        default:
          if let mask = c.validity.mask {
            for i in 0..<rowCount where !mask[i] { keep[i] = false }
          }
        }
      }
      kept = keep.withUnsafeBufferPointer { k in RowChunks.select(rows: rowCount) { k[$0] } }
    }
    let removedCount = rowCount - kept.count
    let what = refs.isEmpty ? "(any column)" : refs.map(\.name).joined(separator: ", ")
    let source = self
    return CleaningResult(
      frame: gather(kept),
      summary:
        "drop missing \(what): removed \(NumberFormat.grouped(removedCount)) of \(NumberFormat.count(rowCount, "row"))",
      removedRows: { [kept] in source.rows(notIn: kept) })
  }

  /// Checks a rule on every row. Rows where it is false or null violate it; they are
  /// returned in `removed`, and taken out of the frame only when `drop` is set.
  ///
  /// Summary: "check Quantity > 0: 10,624 of 541,909 rows violate" (", dropped" with drop).
  public func check(_ rule: ColumnExpr, ruleText: String, drop: Bool) throws -> CleaningResult {
    let passing = try matchingRows(rule)
    let violations = rowCount - passing.count
    let summary =
      "check \(ruleText): \(NumberFormat.grouped(violations)) of \(NumberFormat.count(rowCount, "row")) violate"
      + (drop && violations > 0 ? ", dropped" : "")
    let source = self
    return CleaningResult(
      frame: drop ? gather(passing) : self, summary: summary,
      removedRows: { source.rows(notIn: passing) })
  }
}
