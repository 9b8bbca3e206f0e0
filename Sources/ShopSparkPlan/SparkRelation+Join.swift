/// A join with the columns of ShopLab's local join (`Frame.join`), not Spark's: the left
/// columns in their order (keys where they stand), then the right's non-key columns,
/// renamed where they clash (`Frame.joinedRightNames`: `_right`); an anti join keeps the
/// left columns only. Spark's own `USING` join puts the keys first and keeps clashing names
/// twice, so the right side is renamed before the join and the result projected after it.
extension SparkRelation {
  /// - Parameters:
  ///   - leftColumns: the left table's columns, in order.
  ///   - rightColumns: the right's non-key columns and their names in the result.
  public static func join(
    _ left: SparkRelation, leftColumns: [String], _ right: SparkRelation,
    rightColumns: [(column: String, name: String)], kind: SparkJoinKind, using keys: [String]
  ) -> SparkRelation {
    let renamed = SparkRelation.project(
      right,
      keys.map { SparkExpression.column($0) }
        + rightColumns.map { $0.column == $0.name ? .column($0.column) : .alias(.column($0.column), $0.name) })
    let names = leftColumns + (kind == .leftAnti ? [] : rightColumns.map(\.name))
    return .project(.join(left, renamed, kind: kind, using: keys), names.map { .column($0) })
  }
}
