import ShopCore

/// An intermediate value of expression evaluation: a whole column, or a constant that
/// has not been broadcast yet (so `Country == "EIRE"` looks the literal up in the
/// dictionary once instead of materialising 541,909 copies of it).
enum Operand {
  case column(Column)
  case scalar(Scalar)

  var type: DataType? {
    switch self {
    case .column(let c): return c.type
    case .scalar(let s): return s.dataType
    }
  }
}

/// Evaluates a `ColumnExpr` tree bottom-up over typed column storage.
///
/// Every node produces an `Operand`; constants stay scalars until an operation needs a
/// column, and an operation whose inputs are all constants is folded on one row. Errors
/// carry the range of the exact node that failed.
struct ExpressionEvaluator {
  let frame: Frame
  /// Rows produced when a constant is broadcast: the frame's, or 1 when folding constants.
  var rowCount: Int

  init(frame: Frame) {
    self.frame = frame
    self.rowCount = frame.rowCount
  }

  func evaluate(_ expr: ColumnExpr) throws -> Operand {
    switch expr.kind {
    case .column(let name):
      guard let c = frame.column(named: name) else {
        throw FrameError.unknownColumn(name, available: frame.columnNames, at: expr.range)
      }
      return .column(c)
    case .literal(let value):
      return .scalar(value)
    case .unary(let op, let inner):
      let value = try evaluate(inner)
      return try fold([value]) { ev, cols in try ev.unary(op, cols[0], inner, expr) }
    case .binary(let op, let lhs, let rhs):
      var l = try evaluate(lhs)
      var r = try evaluate(rhs)
      if op.isComparison {
        (l, r) = try coerceDateLiterals(l, lhs, r, rhs)
        if let fast = try stringLiteralComparison(op, l, r) { return .column(fast) }
        if let fast = numericLiteralComparison(op, l, r) { return .column(fast) }
      }
      if case .scalar(.null) = l, case .scalar(.null) = r { return .scalar(.null) }
      let nullType = op.isComparison || op.isLogical ? DataType.bool : (l.type ?? r.type ?? .float)
      return try fold([l, r], nullTypes: [r.type ?? nullType, l.type ?? nullType]) { ev, c in
        try ev.binary(op, c[0], c[1], lhs, rhs, expr)
      }
    case .call(let name, let args):
      return try call(name, args, expr)
    case .isIn(let needle, let items):
      return try isIn(needle, items, expr)
    }
  }

  /// Turns an operand into a column of this evaluator's row count.
  func materialize(_ operand: Operand, name: String = "value", nullType: DataType = .float)
    -> Column
  {
    switch operand {
    case .column(let c): return c
    case .scalar(let s): return Column.broadcast(s, count: rowCount, name: name, nullType: nullType)
    }
  }

  /// Runs `body` on columns; when every input is a constant it runs on one row and
  /// returns a constant, so `2 * 3` or `lower("EIRE")` never touch the frame's rows.
  func fold(
    _ inputs: [Operand], nullTypes: [DataType]? = nil,
    _ body: (ExpressionEvaluator, [Column]) throws -> Column
  ) throws -> Operand {
    let allConstant = inputs.allSatisfy {
      if case .scalar = $0 { return true } else { return false }
    }
    var ev = self
    if allConstant { ev.rowCount = 1 }
    let columns = inputs.enumerated().map { i, op in
      ev.materialize(op, nullType: nullTypes?[i] ?? .float)
    }
    let result = try body(ev, columns)
    return allConstant && result.count == 1 ? .scalar(result[0]) : .column(result)
  }

  /// How an operand is named in an error: "'Country' is string" or "the value is string".
  static func describe(_ expr: ColumnExpr, _ type: DataType) -> String {
    switch expr.kind {
    case .column(let name): return "'\(name)' is \(type)"
    case .literal(let value): return "\(literalText(value)) is \(type)"
    default: return "the value is \(type)"
    }
  }

  /// How a node is named in an error: 'Country', "EIRE" or "the value".
  static func label(_ expr: ColumnExpr) -> String {
    switch expr.kind {
    case .column(let name): return "'\(name)'"
    case .literal(let value): return literalText(value)
    default: return "the value"
    }
  }

  static func literalText(_ value: Scalar) -> String {
    switch value {
    case .null: return "null"
    case .int(let v): return String(v)
    case .float(let v): return NumberFormat.shortest(v)
    case .string(let s): return "\"\(s)\""
    case .bool(let b): return String(b)
    case .datetime(let t): return CivilTime.format(t)
    }
  }
}

extension BinaryOperator {
  var isComparison: Bool {
    switch self {
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
    default: return false
    }
  }

  var isLogical: Bool { self == .and || self == .or }

  /// The operator with its operands swapped (`3 < x` is `x > 3`).
  var mirrored: BinaryOperator {
    switch self {
    case .less: return .greater
    case .lessOrEqual: return .greaterOrEqual
    case .greater: return .less
    case .greaterOrEqual: return .lessOrEqual
    default: return self
    }
  }
}

extension Frame {
  /// Evaluates a row expression to a column of `rowCount` rows.
  ///
  /// Null semantics follow SQL: arithmetic and comparisons with a null give null, and
  /// `and`/`or` use three-valued logic. A constant expression is broadcast.
  ///
  /// ```swift
  /// let revenue = try frame.evaluate(quantity * unitPrice, name: "Revenue")
  /// ```
  /// - Throws: `FrameError.unknownColumn`, `.typeMismatch`, `.unknownFunction` or
  ///   `.invalidArgument`, each with the range of the offending node.
  /// - Complexity: O(rows) per node; string functions run once per distinct value.
  public func evaluate(_ expr: ColumnExpr, name: String = "value") throws -> Column {
    let ev = ExpressionEvaluator(frame: self)
    return ev.materialize(try ev.evaluate(expr), name: name).renamed(name)
  }
}
