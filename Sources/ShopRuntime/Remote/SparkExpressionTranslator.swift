import ShopCore
import ShopFrames
import ShopSparkPlan
import ShopSyntax

/// Translates ShopLab expressions into Spark Connect expressions, function by function.
///
/// Names are columns unless the session binds them to a single value (then a literal,
/// as locally). Operators become Spark's operator functions; `!=` is `not(==)`, as
/// pyspark sends it. A function Spark has under another name is renamed; one ShopLab has
/// and this table lacks is refused, naming it, rather than guessed.
struct SparkExpressionTranslator {
  let session: Session

  /// ShopLab function name → Spark function name, for functions with the same meaning.
  static let functions: [String: String] = [
    "abs": "abs", "round": "round", "floor": "floor", "ceil": "ceil", "sqrt": "sqrt", "log": "ln", "exp": "exp",
    "lower": "lower", "upper": "upper", "length": "length", "trim": "trim",
    "startswith": "startswith", "endswith": "endswith", "contains": "contains",
    "year": "year", "month": "month", "day": "dayofmonth", "hour": "hour",
    "is_null": "isnull", "coalesce": "coalesce",
  ]

  func translate(_ e: Expr) throws -> SparkExpression {
    switch e.kind {
    case .name(let n):
      if case .scalar(let s)? = session.bindings[n] { return .literal(try literal(s, at: e.range)) }
      return .column(n)
    case .integer(let v): return .literal(.long(v))
    case .float(let v): return .literal(.double(v))
    case .string(let v): return .literal(.string(v))
    case .bool(let v): return .literal(.bool(v))
    case .null: return .literal(.null)
    case .date(let seconds): return .literal(.timestampNTZ(seconds * 1_000_000))
    case .duration, .list:
      throw RuntimeError.invalidValue("this value cannot be sent to Spark here", at: e.range)
    case .unary(let op, let x):
      return .function(op == .negate ? "negative" : "not", [try translate(x)])
    case .binary(let op, let l, let r):
      if op == .isIn {
        guard case .list(let items) = r.kind else { throw RuntimeError.expected("a list after 'in'", at: r.range) }
        return .function("in", try [translate(l)] + items.map(translate))
      }
      let (a, b) = (try translate(l), try translate(r))
      if op == .notEqual { return .function("not", [.function("==", [a, b])]) }
      return .function(op.rawValue, [a, b])
    case .call(let name, let range, let args):
      guard let spark = Self.functions[name] else {
        throw RuntimeError.invalidValue(
          "'\(name)' does not run on Spark yet; collect first, then use it locally", at: range)
      }
      return .function(spark, try args.map(translate))
    }
  }

  private func literal(_ s: Scalar, at range: SourceRange) throws -> SparkLiteral {
    switch s {
    case .null: return .null
    case .int(let v): return .long(v)
    case .float(let v): return .double(v)
    case .string(let v): return .string(v)
    case .bool(let v): return .bool(v)
    case .datetime(let v): return .timestampNTZ(v * 1_000_000)
    }
  }

  /// ShopLab aggregation → Spark aggregate function (`nunique` is `count(DISTINCT …)`).
  func aggregation(_ e: Expr, named name: String?) throws -> SparkExpression {
    guard case .call(let fn, let fnRange, let args) = e.kind else {
      throw RuntimeError.expected("an aggregation such as sum(Revenue) or count()", at: e.range)
    }
    let autoName = fn != "count" && args.first?.nameValue != nil ? "\(fn)_\(args[0].nameValue!)" : fn
    let call: SparkExpression
    switch (fn, args.count) {
    case ("count", 0): call = .function("count", [.literal(.long(1))])
    case ("count", 1), ("sum", 1), ("min", 1), ("max", 1), ("median", 1), ("first", 1), ("last", 1):
      call = .function(fn, [try translate(args[0])])
    case ("mean", 1): call = .function("avg", [try translate(args[0])])
    case ("std", 1): call = .function("stddev_samp", [try translate(args[0])])
    case ("nunique", 1): call = .function("count", [try translate(args[0])], distinct: true)
    case ("quantile", 2): call = .function("percentile", [try translate(args[0]), try translate(args[1])])
    default:
      guard Aggregation.functionNames.contains(fn) else {
        throw RuntimeError.invalidValue(
          "unknown aggregation '\(fn)'" + (Suggestions.didYouMean(fn, in: Aggregation.functionNames).map { "; \($0)" } ?? ""),
          at: fnRange)
      }
      throw RuntimeError.expected("\(fn)(COLUMN)", at: e.range)
    }
    return .alias(call, name ?? autoName)
  }
}
