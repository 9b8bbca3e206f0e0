/// One key of `sort`: an expression and a direction. Nulls sort last in both directions.
public struct SortKey: Sendable {
  public var expr: ColumnExpr
  public var descending: Bool

  public init(_ expr: ColumnExpr, descending: Bool = false) {
    self.expr = expr
    self.descending = descending
  }
}
