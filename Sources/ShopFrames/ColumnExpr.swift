import ShopCore

/// An expression evaluated row-wise over a frame: the body of `where`, `derive`, `check`,
/// `sort` keys and `agg` arguments.
///
/// The interpreter translates its syntax tree into this small tree, keeping each node's
/// source range, so that an error found while evaluating (an unknown column, a type
/// mismatch) points at the exact span the user typed. ShopFrames never sees the parser.
public struct ColumnExpr: Sendable {
  public indirect enum Kind: Sendable {
    /// A column by name.
    case column(String)
    /// A constant broadcast to every row.
    case literal(Scalar)
    case unary(UnaryOperator, ColumnExpr)
    case binary(BinaryOperator, ColumnExpr, ColumnExpr)
    /// A function such as `lower(x)`, `month(t)`, `coalesce(a, b)`, `if(c, a, b)`.
    case call(String, [ColumnExpr])
    /// `x in [a, b, c]`.
    case isIn(ColumnExpr, [ColumnExpr])
  }

  public var kind: Kind
  public var range: SourceRange?

  public init(_ kind: Kind, range: SourceRange? = nil) {
    self.kind = kind
    self.range = range
  }

  public static func column(_ name: String, range: SourceRange? = nil) -> ColumnExpr {
    ColumnExpr(.column(name), range: range)
  }

  public static func literal(_ value: Scalar, range: SourceRange? = nil) -> ColumnExpr {
    ColumnExpr(.literal(value), range: range)
  }
}

public enum UnaryOperator: String, Sendable {
  case negate = "-"
  case not = "not"
}

public enum BinaryOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case remainder = "%"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case and = "and"
  case or = "or"
}

/// A column named by the user, with where it was typed (for "did you mean" carets).
public struct ColumnRef: Sendable, Hashable {
  public var name: String
  public var range: SourceRange?

  public init(_ name: String, range: SourceRange? = nil) {
    self.name = name
    self.range = range
  }
}
