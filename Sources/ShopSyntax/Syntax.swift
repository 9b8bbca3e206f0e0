import ShopCore

/// An expression: a value computed from literals, names and operators.
public struct Expr: Sendable, Equatable {
  public indirect enum Kind: Sendable, Equatable {
    case name(String)
    case integer(Int64)
    case float(Double)
    case string(String)
    case bool(Bool)
    case null
    case date(Int64)
    case duration(Int64)
    case list([Expr])
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    /// `f(a, b)`: the callee's name and range, then the arguments.
    case call(String, SourceRange, [Expr])
  }

  public var kind: Kind
  public var range: SourceRange
  /// A name written back-quoted (`` `true` ``, `` `by` ``): always a column, never a
  /// keyword, literal or bound value.
  public var quoted: Bool

  public init(_ kind: Kind, _ range: SourceRange, quoted: Bool = false) {
    self.kind = kind
    self.range = range
    self.quoted = quoted
  }

  /// The name, when the expression is a bare name.
  public var nameValue: String? {
    if case .name(let n) = kind { return n }
    return nil
  }

  /// The name when it can be read as a command's keyword: a bare name not back-quoted.
  public var keywordValue: String? { quoted ? nil : nameValue }
}

public enum UnaryOp: String, Sendable, Equatable {
  case negate = "-", not
}

public enum BinaryOp: String, Sendable, Equatable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
  case and, or
  case isIn = "in"
}

/// One argument of a command stage: `x`, `gmv = sum(Revenue)`, `Quantity: int`, or `,`.
///
/// Commands read their own arguments from a list of terms (see `ShopRuntime.Arguments`),
/// so the grammar stays small and every command can still read like a sentence:
/// `group by Country`, `sort gmv desc`, `fill Description with mode`.
public struct Term: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case expr(Expr)
    /// `name = value`
    case assignment(String, SourceRange, Expr)
    /// `name: value`
    case keyed(String, SourceRange, Expr)
    case comma
  }

  public var kind: Kind
  public var range: SourceRange

  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// One stage of a pipeline: a list of terms. The first term usually names a command.
/// An empty stage (a statement that starts with `|`) stands for the last result, `_`.
public struct Stage: Sendable, Equatable {
  public var terms: [Term]
  public var range: SourceRange

  public init(terms: [Term], range: SourceRange) {
    self.terms = terms
    self.range = range
  }

  /// The command word: the first term when it is a bare name.
  public var head: (name: String, range: SourceRange)? {
    guard let first = terms.first, case .expr(let e) = first.kind, let n = e.nameValue else { return nil }
    return (n, e.range)
  }
}

/// Stages joined by `|`: each stage's result flows into the next.
public struct Pipeline: Sendable, Equatable {
  public var stages: [Stage]
  public var range: SourceRange
}

/// A top-level statement.
public struct Statement: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// `let name = pipeline`
    case binding(String, SourceRange, Pipeline)
    case pipeline(Pipeline)
  }

  public var kind: Kind
  public var range: SourceRange

  public var pipeline: Pipeline {
    switch kind {
    case .binding(_, _, let p), .pipeline(let p): return p
    }
  }
}
