import ShopCore

/// One output column of `agg`: a function applied to an expression within each group.
///
/// ```swift
/// Aggregation(name: "revenue", function: "sum", argument: quantity * unitPrice)
/// Aggregation(name: "orders", function: "count", argument: nil)   // count() counts rows
/// Aggregation(name: "p90", function: "quantile", argument: price, parameter: 0.9)
/// ```
/// Nulls are skipped (`count(x)` counts non-null values); a group with no value gives
/// null, except the counts, which give 0.
public struct Aggregation: Sendable {
  /// The output column name.
  public var name: String
  /// One of `functionNames`.
  public var function: String
  /// The expression aggregated; nil only for `count()`.
  public var argument: ColumnExpr?
  /// `quantile`'s q in [0, 1].
  public var parameter: Double?
  /// The range of the whole call, for errors.
  public var range: SourceRange?

  public init(
    name: String, function: String, argument: ColumnExpr?, parameter: Double? = nil,
    range: SourceRange? = nil
  ) {
    self.name = name
    self.function = function
    self.argument = argument
    self.parameter = parameter
    self.range = range
  }

  /// Every aggregation function name.
  public static let functionNames: [String] = [
    "count", "sum", "mean", "median", "min", "max", "std", "nunique", "quantile", "first", "last",
  ]
}

extension Aggregation {
  /// Checks the call and evaluates its argument over the whole frame, once.
  func input(in frame: Frame) throws -> Column? {
    guard Self.functionNames.contains(function) else {
      throw FrameError.unknownFunction(function, known: Self.functionNames, at: range)
    }
    guard let argument else {
      if function == "count" { return nil }
      throw FrameError.invalidArgument(
        "\(function) needs a column, e.g. \(function)(Quantity)", at: range)
    }
    let column = try frame.evaluate(argument, name: name)
    switch function {
    case "sum", "mean", "median", "std", "quantile":
      guard column.isNumeric else {
        throw FrameError.typeMismatch(
          "\(function) needs a numeric column, \(ExpressionEvaluator.describe(argument, column.type))",
          at: argument.range ?? range)
      }
    default: break
    }
    if function == "quantile" {
      guard let q = parameter, q >= 0, q <= 1 else {
        throw FrameError.invalidArgument(
          "quantile needs q between 0 and 1, e.g. quantile(x, 0.9)", at: range)
      }
    }
    return column
  }

  /// The aggregated column: one row per group of `grouping`.
  func run(on frame: Frame, grouping: Grouping) throws -> Column {
    let column = try input(in: frame)
    try Cancellation.shared.check()
    return try AggregationKernels.apply(
      function, to: column, grouping: grouping, parameter: parameter, range: range
    )
    .renamed(name)
  }
}
