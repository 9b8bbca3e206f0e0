import ShopCore
import ShopFrames
import ShopSyntax

/// The aggregations of `agg` and `resample`, including arithmetic over aggregates
/// (`rate = nunique(buyers) / nunique(visitors)`): each aggregation call inside such an
/// expression is computed per group under a hidden name, then the expression is derived
/// over the groups and the hidden columns dropped.
struct AggregatePlan {
  var aggregations: [Aggregation] = []
  /// Expressions over aggregates, in the hidden names, derived after grouping.
  var derived: [(name: String, expr: Expr)] = []
  /// The output columns in the order written.
  var outputs: [String] = []
  static let hiddenPrefix = "__agg_"

  /// The grouped table with the derived columns added and the hidden ones dropped.
  func finish(_ grouped: Frame, _ inv: Invocation) throws -> Frame {
    guard !derived.isEmpty else { return grouped }
    var f = grouped
    for (name, expr) in derived { f = try f.derive([(name, try inv.columnExpr(expr, over: f))]) }
    let keys = f.columnNames.filter { !$0.hasPrefix(Self.hiddenPrefix) && !outputs.contains($0) }
    return try f.select((keys + outputs).map { ColumnRef($0) })
  }
}

extension TableCommands {
  /// Reads comma-separated aggregations: `name = fn(col)`, `fn(col)` (named `fn_col`), or
  /// `name = EXPR` over aggregations (`nunique(a) / nunique(b)`, `sum(x) / count()`).
  static func aggregationPlan(_ inv: inout Invocation, over f: Frame) throws -> AggregatePlan {
    var plan = AggregatePlan()
    repeat {
      var name: String?
      let e: Expr
      if let t = inv.args.current, case .assignment(let n, _, let value) = t.kind {
        inv.args.skip()
        name = n
        e = value
      } else {
        e = try inv.args.expr("an aggregation such as gmv = sum(Revenue)")
      }
      if case .call = e.kind {
        let a = try aggregation(e, named: name, over: f, inv)
        plan.aggregations.append(a)
        plan.outputs.append(a.name)
        continue
      }
      var calls: [Aggregation] = []
      let rewritten = try hideAggregations(e, into: &calls, start: plan.aggregations.count, over: f, inv)
      guard !calls.isEmpty else {
        throw RuntimeError.expected("an aggregation such as sum(Revenue) or count()", at: e.range)
      }
      guard let name else {
        throw RuntimeError.expected("a name for the result: rate = nunique(a) / nunique(b)", at: e.range)
      }
      plan.aggregations += calls
      plan.derived.append((name, rewritten))
      plan.outputs.append(name)
    } while inv.args.comma()
    return plan
  }

  /// `e` with each aggregation call replaced by a hidden column name.
  static func hideAggregations(
    _ e: Expr, into calls: inout [Aggregation], start: Int, over f: Frame, _ inv: Invocation
  ) throws -> Expr {
    switch e.kind {
    case .call(let fn, _, let args):
      if Aggregation.functionNames.contains(fn) {
        let hidden = AggregatePlan.hiddenPrefix + "\(start + calls.count + 1)"
        calls.append(try aggregation(e, named: hidden, over: f, inv))
        return Expr(.name(hidden), e.range)
      }
      let inner = try args.map { try hideAggregations($0, into: &calls, start: start, over: f, inv) }
      return Expr(.call(fn, e.range, inner), e.range)
    case .unary(let op, let x):
      return Expr(.unary(op, try hideAggregations(x, into: &calls, start: start, over: f, inv)), e.range)
    case .binary(let op, let a, let b):
      let l = try hideAggregations(a, into: &calls, start: start, over: f, inv)
      let r = try hideAggregations(b, into: &calls, start: start, over: f, inv)
      return Expr(.binary(op, l, r), e.range)
    default:
      return e
    }
  }
}
