import ShopCore
import ShopFrames
import ShopSparkPlan
import ShopSyntax

/// The table verbs on a remote table: each reads its arguments exactly as the local verb
/// does and wraps the plan in one more relation. Nothing is sent until `collect`.
enum RemoteVerbs {
  static func translator(_ inv: Invocation) -> SparkExpressionTranslator {
    SparkExpressionTranslator(session: inv.session)
  }

  static func head(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    let n = inv.args.atEnd ? 10 : try TableCommands.nonNegative(&inv.args, "how many rows")
    try inv.args.finish()
    guard n <= Int(Int32.max) else { throw RuntimeError.invalidValue("at most \(Int32.max) rows", at: inv.range) }
    return .remote(RemoteTable(plan: .limit(r.plan, Int32(n))))
  }

  static func select(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    let cols = try inv.args.columns()
    try inv.args.finish()
    return .remote(RemoteTable(plan: .project(r.plan, cols.map { .column($0.name) })))
  }

  static func filter(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    let e = try inv.args.expr("a condition")
    try inv.args.finish()
    return .remote(RemoteTable(plan: .filter(r.plan, try translator(inv).translate(e))))
  }

  static func derive(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    let defs = try inv.args.assignments("NAME = EXPR")
    try inv.args.finish()
    // One WithColumns per definition, so each may use the ones before it, as locally.
    var plan = r.plan
    for d in defs { plan = .withColumns(plan, [(d.name, try translator(inv).translate(d.expr))]) }
    return .remote(RemoteTable(plan: plan))
  }

  static func sort(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    var keys: [SparkSortKey] = []
    repeat {
      let e = try inv.args.expr("a column to sort by")
      let descending = inv.args.keyword(oneOf: ["asc", "desc"]) == "desc"
      keys.append(SparkSortKey(try translator(inv).translate(e), descending: descending))
    } while inv.args.comma()
    try inv.args.finish()
    return .remote(RemoteTable(plan: .sort(r.plan, keys)))
  }

  static func distinct(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    let cols = inv.args.atEnd ? nil : try inv.args.columns()
    try inv.args.finish()
    let input = cols.map { SparkRelation.project(r.plan, $0.map { .column($0.name) }) } ?? r.plan
    return .remote(RemoteTable(plan: .distinct(input)))
  }

  static func groupBy(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    try inv.args.expectKeyword("by")
    var plan = r.plan
    var keys: [SparkExpression] = []
    repeat {
      if let t = inv.args.current, case .assignment(let name, _, let expr) = t.kind {
        inv.args.skip()
        plan = .withColumns(plan, [(name, try translator(inv).translate(expr))])
        keys.append(.column(name))
      } else {
        keys.append(.column(try inv.args.column("a column to group by").name))
      }
    } while inv.args.comma()
    try inv.args.finish()
    return .remote(RemoteTable(plan: plan, grouping: keys))
  }

  static func agg(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    var aggregates: [SparkExpression] = []
    repeat {
      if let t = inv.args.current, case .assignment(let n, _, let value) = t.kind {
        inv.args.skip()
        aggregates.append(try translator(inv).aggregation(value, named: n))
      } else {
        aggregates.append(try translator(inv).aggregation(try inv.args.expr("an aggregation such as gmv = sum(Revenue)"), named: nil))
      }
    } while inv.args.comma()
    try inv.args.finish()
    return .remote(RemoteTable(plan: .aggregate(r.plan, keys: r.grouping ?? [], aggregates: aggregates)))
  }

  /// `resample TIME by day|week|month|quarter agg …`: one Spark plan with the same rows as
  /// locally, empty buckets included (see `SparkRelation.resample`).
  static func resample(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    let time = try inv.args.column("a datetime column")
    try inv.args.expectKeyword("by")
    let unit = SparkRelation.TimeUnit(
      rawValue: try inv.args.expectChoice(["day", "week", "month", "quarter"], what: "bucket")) ?? .day
    try inv.args.expectKeyword("agg")
    var aggregates: [SparkExpression] = []
    var zeroFilled: [String] = []
    repeat {
      let name: String?
      let value: Expr
      if let t = inv.args.current, case .assignment(let n, _, let v) = t.kind {
        inv.args.skip()
        (name, value) = (n, v)
      } else {
        (name, value) = (nil, try inv.args.expr("an aggregation such as orders = nunique(InvoiceNo)"))
      }
      let aggregate = try translator(inv).aggregation(value, named: name)
      aggregates.append(aggregate)
      // count and nunique are 0 in an empty bucket locally; the others are null.
      if case .alias(.function("count", _, _), let alias) = aggregate { zeroFilled.append(alias) }
    } while inv.args.comma()
    try inv.args.finish()
    return .remote(RemoteTable(
      plan: .resample(r.plan, time: time.name, by: unit, aggregates: aggregates, zeroFilled: zeroFilled)))
  }

  /// `join [inner|left|anti] TABLE on KEY, …` of two remote tables, on equal keys, with the
  /// local join's columns: each key once, the left's columns first, clashing right names
  /// with `_right`.
  static func join(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    let kind: SparkJoinKind
    switch inv.args.keyword(oneOf: ["inner", "left", "anti"]) {
    case "left": kind = .left
    case "anti": kind = .leftAnti
    default: kind = .inner
    }
    let otherExpr = try inv.args.expr("the table to join")
    let other = try inv.value(of: otherExpr)
    guard case .remote(let right) = other else {
      throw RuntimeError.wrongInput(
        command: "join", needs: "a remote table (a local table cannot be sent to Spark; collect this one first)",
        got: other.kindName, at: otherExpr.range)
    }
    try inv.args.expectKeyword("on")
    let keys = try inv.args.columns()
    try inv.args.finish()
    // Both sides' columns (`Limit 0` runs: schemas, no rows) give the join the local
    // join's columns and names (`SparkRelation.join(_:leftColumns:…)`).
    let tables = try RemoteCommands.connection(inv).tables
    let leftColumns = try tables.collect(.limit(r.plan, 0)).columnNames
    let rightColumns = try tables.collect(.limit(right.plan, 0)).columnNames
    for key in keys {
      for (side, names) in [("left", leftColumns), ("right", rightColumns)] where !names.contains(key.name) {
        throw RuntimeError.invalidValue(
          "the \(side) table has no column '\(key.name)'; it has: \(names.joined(separator: ", "))", at: key.range)
      }
    }
    let renamed = Frame.joinedRightNames(left: leftColumns, right: rightColumns, keys: keys.map(\.name))
    return .remote(RemoteTable(
      plan: .join(r.plan, leftColumns: leftColumns, right.plan, rightColumns: renamed, kind: kind, using: keys.map(\.name))))
  }

  /// After `group by`: the rows of each group, in a column `count`, as locally. On a
  /// whole remote table: the row count, fetched at once (a number, not a table).
  static func count(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    try inv.args.finish()
    let counted = SparkRelation.aggregate(
      r.plan, keys: r.grouping ?? [], aggregates: [.alias(.function("count", [.literal(.long(1))]), "count")])
    if r.grouping != nil { return .remote(RemoteTable(plan: counted)) }
    let frame = try RemoteCommands.run(inv, counted)
    return .scalar(frame.rowCount == 1 ? frame.columns[0][0] : .null)
  }
}

extension Invocation {
  /// The piped remote table, when the input is one.
  var remoteInput: RemoteTable? {
    if case .remote(let r)? = input { return r }
    return nil
  }
}
