import ShopCore

extension Frame {
  /// Removes rows that repeat an earlier row (on the `by` columns, or on all columns),
  /// keeping the first occurrence, or the last with `keepLast`. Kept rows stay in order.
  ///
  /// Summary: "dedupe: removed 5,268 of 541,909 rows" (or "dedupe by InvoiceNo, …").
  public func dedupe(by refs: [ColumnRef]? = nil, keepLast: Bool = false) throws -> CleaningResult {
    let keys = try refs.map { try $0.map { try column($0) } } ?? columns
    let grouping = Grouping(keys, rowCount: rowCount)
    var keep = [Bool](repeating: false, count: rowCount)
    if keepLast {
      var seen = [Bool](repeating: false, count: grouping.count)
      for i in stride(from: rowCount - 1, through: 0, by: -1) where !seen[Int(grouping.ids[i])] {
        seen[Int(grouping.ids[i])] = true
        keep[i] = true
      }
    } else {
      for row in grouping.firstRows where row >= 0 { keep[row] = true }
    }
    if keys.isEmpty { keep = [Bool](repeating: true, count: rowCount) }
    let removedCount = keep.lazy.filter { !$0 }.count
    var label = "dedupe"
    if let refs, !refs.isEmpty { label += " by " + refs.map(\.name).joined(separator: ", ") }
    if keepLast { label += " keeping last" }
    return CleaningResult(
      frame: rows(where: keep),
      summary:
        "\(label): removed \(NumberFormat.grouped(removedCount)) of \(NumberFormat.grouped(rowCount)) rows",
      removed: rows(where: keep.map { !$0 }))
  }

  /// Removes rows with a null in any of the named columns (any column when none are named).
  ///
  /// Summary: "drop missing CustomerID: removed 135,080 of 541,909 rows".
  public func dropMissing(_ refs: [ColumnRef]) throws -> CleaningResult {
    let checked = refs.isEmpty ? columns : try refs.map { try column($0) }
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
    let removedCount = keep.lazy.filter { !$0 }.count
    let what = refs.isEmpty ? "(any column)" : refs.map(\.name).joined(separator: ", ")
    return CleaningResult(
      frame: rows(where: keep),
      summary:
        "drop missing \(what): removed \(NumberFormat.grouped(removedCount)) of \(NumberFormat.grouped(rowCount)) rows",
      removed: rows(where: keep.map { !$0 }))
  }

  /// Checks a rule on every row. Rows where it is false or null violate it; they are
  /// returned in `removed`, and taken out of the frame only when `drop` is set.
  ///
  /// Summary: "check Quantity > 0: 10,624 of 541,909 rows violate" (", dropped" with drop).
  public func check(_ rule: ColumnExpr, ruleText: String, drop: Bool) throws -> CleaningResult {
    let passing = try matchingRows(rule)
    var keep = [Bool](repeating: false, count: rowCount)
    for i in passing { keep[i] = true }
    let violations = rowCount - passing.count
    let summary =
      "check \(ruleText): \(NumberFormat.grouped(violations)) of \(NumberFormat.grouped(rowCount)) rows violate"
      + (drop && violations > 0 ? ", dropped" : "")
    return CleaningResult(
      frame: drop ? gather(passing) : self, summary: summary, removed: rows(where: keep.map { !$0 })
    )
  }
}
