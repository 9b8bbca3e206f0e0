/// The row functions the expression evaluator knows, for "did you mean" and completion.
///
/// Row functions map each row to one value (`month(InvoiceDate)`, `lower(Country)`);
/// aggregations such as `sum` live in `Aggregation.functionNames` and only work in `agg`.
public enum RowFunctions {
  /// Every row function name, sorted.
  public static let names: [String] = [
    "abs", "coalesce", "concat", "contains", "date", "day", "dow", "endswith", "exp", "float", "hour",
    "if", "int", "isnull", "length", "log", "lower", "month", "month_start", "notnull",
    "replace", "round", "sqrt", "startswith", "string", "trim", "trunc", "upper", "week", "year",
  ]

  /// How many arguments each function takes.
  static let arity: [String: ClosedRange<Int>] = [
    "abs": 1...1, "coalesce": 1...64, "concat": 1...64, "contains": 2...2, "date": 1...1, "day": 1...1,
    "dow": 1...1, "endswith": 2...2, "exp": 1...1, "float": 1...1, "hour": 1...1,
    "if": 3...3, "int": 1...1, "isnull": 1...1, "length": 1...1, "log": 1...1,
    "lower": 1...1, "month": 1...1, "month_start": 1...1, "notnull": 1...1,
    "replace": 3...3, "round": 1...2, "sqrt": 1...1, "startswith": 2...2, "string": 1...1,
    "trim": 1...1, "trunc": 2...2, "upper": 1...1, "week": 1...1, "year": 1...1,
  ]
}
