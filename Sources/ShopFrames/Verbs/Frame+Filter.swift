import ShopCore

extension Frame {
  /// The rows where `predicate` is true (`where`); false and null rows are dropped, as in SQL.
  /// - Throws: the evaluator's errors, or `.typeMismatch` when the predicate is not a bool.
  /// - Complexity: O(rows) for the predicate plus O(kept rows × columns) for the gather.
  public func filter(_ predicate: ColumnExpr) throws -> Frame {
    gather(try matchingRows(predicate))
  }

  /// Row indices where `predicate` is true.
  func matchingRows(_ predicate: ColumnExpr) throws -> [Int] {
    let result = try evaluate(predicate)
    guard case .bool(let v, let m) = result.data else {
      throw FrameError.typeMismatch(
        "a condition must be true or false, \(ExpressionEvaluator.describe(predicate, result.type))",
        at: predicate.range)
    }
    return v.withUnsafeBufferPointer { vp in
      if let mask = m.mask {
        return mask.withUnsafeBufferPointer { mp in RowChunks.select(rows: vp.count) { vp[$0] && mp[$0] } }
      }
      return RowChunks.select(rows: vp.count) { vp[$0] }
    }
  }

  /// Adds (or replaces) computed columns; each definition sees the ones before it.
  ///
  /// ```swift
  /// try frame.derive([("Revenue", quantity * unitPrice), ("Big", revenue > 100)])
  /// ```
  public func derive(_ definitions: [(name: String, expr: ColumnExpr)]) throws -> Frame {
    var frame = self
    for (name, expr) in definitions {
      let column = try frame.evaluate(expr, name: name)
      frame = frame.columns.isEmpty ? Frame(columns: [column]) : frame.with(column)
    }
    return frame
  }
}
