import ShopCore

extension Frame {
  /// One row per distinct combination of the keys, with the key columns followed by one
  /// column per aggregation. Groups come out in order of first appearance; a null key is
  /// a group of its own. With no keys the whole frame is one group (one row, even when
  /// the frame is empty).
  ///
  /// ```swift
  /// try orders.groupBy([ColumnRef("Country")], aggregations: [
  ///   Aggregation(name: "revenue", function: "sum", argument: quantity * unitPrice)])
  /// ```
  /// - Throws: `.unknownColumn` for a key, the aggregation's errors, `.invalidArgument`
  ///   for an output name used twice.
  /// - Complexity: O(rows × (keys + aggregations)); median and quantile add a sort per group.
  public func groupBy(_ keys: [ColumnRef], aggregations: [Aggregation]) throws -> Frame {
    let keyColumns = try keys.map { try column($0) }
    let grouping = Grouping(keyColumns, rowCount: rowCount)
    try Cancellation.shared.check()
    var out = keyColumns.map { $0.gather(grouping.firstRows) }
    try Frame.appendAggregations(aggregations, of: self, grouping: grouping, to: &out)
    return Frame(columns: out)
  }

  /// Runs each aggregation and appends its column, refusing duplicate names.
  static func appendAggregations(
    _ aggregations: [Aggregation], of frame: Frame, grouping: Grouping, to out: inout [Column]
  ) throws {
    var names = Set(out.map(\.name))
    for aggregation in aggregations {
      guard names.insert(aggregation.name).inserted else {
        throw FrameError.invalidArgument(
          "the output column '\(aggregation.name)' is defined twice", at: aggregation.range)
      }
      out.append(try aggregation.run(on: frame, grouping: grouping))
    }
  }

  /// The distinct rows of the named columns (all columns when nil), in order of first
  /// appearance. Only those columns are returned, like SQL `SELECT DISTINCT`; use
  /// `dedupe(by:)` to keep whole rows.
  public func distinct(_ refs: [ColumnRef]? = nil) throws -> Frame {
    let keys = try refs.map { try $0.map { try column($0) } } ?? columns
    let grouping = Grouping(keys, rowCount: rowCount)
    if keys.isEmpty { return self }
    return Frame(columns: keys.map { $0.gather(grouping.firstRows) })
  }
}
