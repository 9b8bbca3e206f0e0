import ShopCore
import ShopFrames
import ShopSyntax

/// The verbs that reshape a table: head, select, where, derive, sort, group by, agg, join …
enum TableCommands {
  static let all: [Command] = [
    head, tail, select, drop, rename, whereCommand, derive, sort, distinct, groupBy, agg, count,
    join, union, sample, resample, pivot, describe, freq,
  ]

  static let head = Command(
    "head", category: "Tables", synopsis: "head [N]", summary: "the first N rows (10 if not given)",
    examples: ["orders | head 3", "head orders 2"], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.head(r, &inv) }
    let f = try inv.frame()
    let n = inv.args.atEnd ? 10 : try nonNegative(&inv.args, "how many rows")
    try inv.args.finish()
    return .frame(f.head(n))
  }

  static let tail = Command(
    "tail", category: "Tables", synopsis: "tail [N]", summary: "the last N rows (10 if not given)",
    examples: ["orders | tail 3"], input: .frame
  ) { inv in
    let f = try inv.frame()
    let n = inv.args.atEnd ? 10 : try nonNegative(&inv.args, "how many rows")
    try inv.args.finish()
    return .frame(f.tail(n))
  }

  static func nonNegative(_ args: inout Arguments, _ what: String) throws -> Int {
    let (n, range) = try args.integer(what)
    guard n >= 0 else { throw RuntimeError.invalidValue("\(what) cannot be negative", at: range) }
    return n
  }

  static let select = Command(
    "select", category: "Tables", synopsis: "select COL, COL …", summary: "keep these columns, in this order",
    examples: ["orders | select InvoiceNo, Country | head 2"], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.select(r, &inv) }
    let f = try inv.frame()
    let cols = try inv.args.columns()
    try inv.args.finish()
    return .frame(try f.select(cols))
  }

  static let drop = Command(
    "drop", category: "Tables", synopsis: "drop COL, COL …  |  drop missing [COL, COL …]",
    summary: "remove columns; or, with 'missing', remove rows where these columns (any column if none named) are null",
    details: "'drop missing' is a cleaning step: it prints how many rows it removed. A back-quoted `missing` is the column of that name.",
    examples: ["orders | drop Description | head 2", "orders | drop missing CustomerID | count"], input: .frame
  ) { inv in
    let f = try inv.frame()
    if inv.args.keyword("missing") {
      // No columns: a null in any column drops the row.
      let cols = inv.args.atEnd ? [] : try inv.args.columns()
      try inv.args.finish()
      return try CleaningCommands.report(f.dropMissing(cols), inv)
    }
    let cols = try inv.args.columns()
    try inv.args.finish()
    return .frame(try f.drop(cols))
  }

  static let rename = Command(
    "rename", category: "Tables", synopsis: "rename OLD to NEW, …", summary: "rename columns",
    examples: ["orders | rename UnitPrice to Price | head 2"], input: .frame
  ) { inv in
    let f = try inv.frame()
    var pairs: [(from: ColumnRef, to: String)] = []
    repeat {
      let from = try inv.args.column()
      try inv.args.expectKeyword("to")
      pairs.append((from, try inv.args.column("the new name").name))
    } while inv.args.comma()
    try inv.args.finish()
    return .frame(try f.rename(pairs))
  }

  static let whereCommand = Command(
    "where", aliases: ["filter"], category: "Tables", synopsis: "where CONDITION",
    summary: "keep the rows where the condition is true (null counts as false)",
    details: "Conditions use ==, !=, <, <=, >, >=, and, or, not, in [...], and functions such as startswith(InvoiceNo, \"C\").",
    examples: ["orders | where Quantity > 0 and Country in [\"France\", \"Germany\"] | count"], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.filter(r, &inv) }
    let f = try inv.frame()
    let e = try inv.args.expr("a condition")
    try inv.args.finish()
    let condition = try inv.columnExpr(e, over: f)
    // A value no row has is legal (and the empty result shows it), but is usually a typo.
    for absent in f.absentLiterals(in: condition) { inv.say("warning: " + absent.line) }
    return .frame(try f.filter(condition))
  }

  static let derive = Command(
    "derive", aliases: ["mutate"], category: "Tables", synopsis: "derive NAME = EXPR, …",
    summary: "add (or replace) columns computed from each row",
    examples: ["orders | derive Revenue = Quantity * UnitPrice | select Revenue | head 2"], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.derive(r, &inv) }
    let f = try inv.frame()
    let defs = try inv.args.assignments("NAME = EXPR")
    try inv.args.finish()
    // Each definition may use the ones before it.
    var known = Set(f.columnNames)
    var translated: [(name: String, expr: ColumnExpr)] = []
    for d in defs {
      translated.append((d.name, try ExpressionTranslator(session: inv.session, columns: known).translate(d.expr)))
      known.insert(d.name)
    }
    return .frame(try f.derive(translated))
  }

  static let sort = Command(
    "sort", aliases: ["order"], category: "Tables", synopsis: "sort KEY [asc|desc], …",
    summary: "order rows by one or more keys (stable; nulls last)",
    examples: ["orders | sort UnitPrice desc, InvoiceNo | head 3"], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.sort(r, &inv) }
    let f = try inv.frame()
    var keys: [SortKey] = []
    repeat {
      let e = try inv.args.expr("a column to sort by")
      let descending = inv.args.keyword(oneOf: ["asc", "desc"]) == "desc"
      keys.append(SortKey(try inv.columnExpr(e, over: f), descending: descending))
    } while inv.args.comma()
    try inv.args.finish()
    return .frame(try f.sort(keys))
  }

  static let distinct = Command(
    "distinct", category: "Tables", synopsis: "distinct [COL, …]",
    summary: "unique rows (or unique combinations of these columns)",
    examples: ["orders | distinct Country | count"], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.distinct(r, &inv) }
    let f = try inv.frame()
    let cols = inv.args.atEnd ? nil : try inv.args.columns()
    try inv.args.finish()
    return .frame(try f.distinct(cols))
  }

  static let groupBy = Command(
    "group", category: "Tables", synopsis: "group by KEY, …   (KEY: a column, or NAME = EXPR)",
    summary: "split rows into groups; follow with 'agg' or 'count'",
    details: "A key can be computed: 'group by month = month_start(InvoiceDate)'.",
    examples: ["orders | group by Country | count | sort count desc | head 3"], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.groupBy(r, &inv) }
    var f = try inv.frame()
    try inv.args.expectKeyword("by")
    var keys: [ColumnRef] = []
    repeat {
      if let t = inv.args.current, case .assignment(let name, let nameRange, let expr) = t.kind {
        inv.args.skip()
        f = try f.derive([(name, inv.columnExpr(expr, over: f))])
        keys.append(ColumnRef(name, range: nameRange))
      } else {
        keys.append(try inv.args.column("a column to group by"))
      }
    } while inv.args.comma()
    try inv.args.finish()
    _ = try f.select(keys)  // unknown keys fail here, with a suggestion
    return .grouped(f, keys: keys)
  }

  /// One aggregation call, checked: a known function, one column (two for quantile).
  static func aggregation(_ e: Expr, named name: String?, over f: Frame, _ inv: Invocation) throws -> Aggregation {
    guard case .call(let fn, let fnRange, let args) = e.kind else {
      throw RuntimeError.expected("an aggregation such as sum(Revenue) or count()", at: e.range)
    }
    guard Aggregation.functionNames.contains(fn) else {
      throw RuntimeError.invalidValue(
        "unknown aggregation '\(fn)'"
          + (ForeignFunctionNames.suggestion(for: fn, known: Aggregation.functionNames).map { "; \($0)" }
            ?? "; aggregations: \(Aggregation.functionNames.joined(separator: ", "))"),
        at: fnRange)
    }
    var argument: ColumnExpr?
    var parameter: Double?
    if let first = args.first { argument = try inv.columnExpr(first, over: f) }
    if fn == "quantile" {
      guard args.count == 2, let q = numberLiteral(args[1]) else {
        throw RuntimeError.expected("quantile(COLUMN, q) with q between 0 and 1", at: e.range)
      }
      parameter = q
    } else if args.count > 1 {
      throw RuntimeError.invalidValue("\(fn) takes one column", at: args[1].range)
    }
    if argument == nil, fn != "count" { throw RuntimeError.expected("\(fn)(COLUMN)", at: e.range) }
    var autoName = fn
    if fn != "count", let col = args.first?.nameValue { autoName = "\(fn)_\(col)" }
    return Aggregation(name: name ?? autoName, function: fn, argument: argument, parameter: parameter, range: e.range)
  }

  static func numberLiteral(_ e: Expr) -> Double? {
    switch e.kind {
    case .integer(let v): return Double(v)
    case .float(let v): return v
    default: return nil
    }
  }

  static let agg = Command(
    "agg", aliases: ["aggregate", "summarize"], category: "Tables",
    synopsis: "agg NAME = FN(COL), …  |  agg NAME = EXPR over FN(COL)s, …",
    summary: "aggregate each group (after 'group by') or the whole table",
    details: "FN: count, sum, mean, median, min, max, std (sample), nunique, quantile(COL, q), first, last. Nulls are skipped; count() counts rows. A named expression can combine aggregations: 'rate = nunique(a) / nunique(b)'.",
    examples: [
      "orders | group by Country | agg orders = nunique(InvoiceNo), units = sum(Quantity) | sort units desc | head 3",
      "orders | agg rows = count(), customers = nunique(CustomerID)",
      "orders | group by Country | agg orders_per_customer = nunique(InvoiceNo) / nunique(CustomerID) | head 3",
    ], input: .any
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.agg(r, &inv) }
    let (f, keys) = try groupedInput(&inv)
    let plan = try aggregationPlan(&inv, over: f)
    try inv.args.finish()
    return .frame(try plan.finish(try f.groupBy(keys, aggregations: plan.aggregations), inv))
  }

  /// The frame and group keys of a piped `group by` result, or a table with no keys.
  static func groupedInput(_ inv: inout Invocation) throws -> (Frame, [ColumnRef]) {
    if let input = inv.input, case .grouped(let f, let keys) = input { return (f, keys) }
    return (try inv.frame(), [])
  }

  static let count = Command(
    "count", category: "Tables", synopsis: "count",
    summary: "the number of rows; after 'group by', the rows in each group",
    examples: ["orders | count", "orders | group by Country | count | head 3"], input: .any
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.count(r, &inv) }
    let (f, keys) = try groupedInput(&inv)
    try inv.args.finish()
    if keys.isEmpty { return .scalar(.int(Int64(f.rowCount))) }
    return .frame(try f.groupBy(keys, aggregations: [Aggregation(name: "count", function: "count", argument: nil)]))
  }

  static let join = Command(
    "join", category: "Tables", synopsis: "join [inner|left|anti] TABLE on KEY, …",
    summary: "combine with another table on equal keys",
    details: "inner keeps matching rows; left keeps every row of the left table; anti keeps the left rows with no match. Clashing column names from the right get the suffix _right. On a remote table the other table must be remote too; Spark puts the keys first and does not rename clashes (see docs/spark.md).",
    examples: [
      "let lines_per_country = orders | group by Country | agg lines = count()",
      "orders | join left lines_per_country on Country | select InvoiceNo, Country, lines | head 2",
    ], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.join(r, &inv) }
    let f = try inv.frame()
    let kind = JoinKind(rawValue: inv.args.keyword(oneOf: ["inner", "left", "anti"]) ?? "inner") ?? .inner
    let otherExpr = try inv.args.expr("the table to join")
    let other = try tableValue(otherExpr, inv)
    try inv.args.expectKeyword("on")
    let keys = try inv.args.columns()
    try inv.args.finish()
    return .frame(try f.join(other, on: keys, kind: kind))
  }

  /// A table given by name (`customers`) or as `_`.
  static func tableValue(_ e: Expr, _ inv: Invocation) throws -> Frame {
    let v = try inv.value(of: e)
    guard case .frame(let f) = v else {
      throw RuntimeError.wrongInput(command: inv.command.name, needs: "a table", got: v.kindName, at: e.range)
    }
    return f
  }

  static let union = Command(
    "union", category: "Tables", synopsis: "union TABLE", summary: "append the rows of another table with the same columns",
    examples: ["orders | head 2 | union orders | count"], input: .frame
  ) { inv in
    let f = try inv.frame()
    let other = try tableValue(try inv.args.expr("a table"), inv)
    try inv.args.finish()
    return .frame(try f.union(other))
  }

  static let sample = Command(
    "sample", category: "Tables", synopsis: "sample N | sample FRACTION [seed S]",
    summary: "a random sample of rows without replacement, in original order; seeded",
    details: "A whole number takes that many rows; a number below 1 takes that fraction. The seed defaults to the session's ('set seed N').",
    examples: ["orders | sample 5 seed 7 | select InvoiceNo"], input: .frame
  ) { inv in
    let f = try inv.frame()
    let (x, range) = try inv.args.number("how many rows, or a fraction")
    var seed = inv.session.settings.seed
    if inv.args.keyword("seed") {
      let (n, seedRange) = try inv.args.integer("a seed")
      guard n >= 0 else { throw RuntimeError.invalidValue("a seed is a whole number from 0 up", at: seedRange) }
      seed = UInt64(n)
    }
    try inv.args.finish()
    if x < 0 { throw RuntimeError.invalidValue("sample size cannot be negative", at: range) }
    if x < 1, x != 0 { return .frame(try f.sample(count: nil, fraction: x, seed: seed)) }
    // Clamped before converting: `sample 9223372036854775807` is beyond Int as a Double.
    return .frame(try f.sample(count: Int(min(x, Double(f.rowCount))), fraction: nil, seed: seed))
  }

  static let resample = Command(
    "resample", category: "Tables", synopsis: "resample TIME by day|week|month|quarter agg NAME = FN(COL), …",
    summary: "aggregate over calendar buckets of a datetime column, empty buckets included",
    details: "Weeks start on Monday. The output's first column, named like TIME, holds each bucket's start. On a remote table it runs on Spark with the same buckets (single aggregations only; see docs/spark.md).",
    examples: [
      "orders | resample InvoiceDate by month agg orders = nunique(InvoiceNo) | head 3",
      "orders | resample InvoiceDate by week agg lines_per_order = count() / nunique(InvoiceNo) | head 3",
    ], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteVerbs.resample(r, &inv) }
    let f = try inv.frame()
    let time = try inv.args.column("a datetime column")
    try inv.args.expectKeyword("by")
    let bucket = TimeBucket(rawValue: try inv.args.expectChoice(["day", "week", "month", "quarter"], what: "bucket")) ?? .day
    try inv.args.expectKeyword("agg")
    let plan = try aggregationPlan(&inv, over: f)
    try inv.args.finish()
    return .frame(try plan.finish(try f.resample(time, every: bucket, aggregations: plan.aggregations), inv))
  }

  static let pivot = Command(
    "pivot", category: "Tables", synopsis: "pivot rows COL columns COL value FN(COL)",
    summary: "a wide table: one row per value of one column, one column per value of another",
    examples: ["orders | where Country in [\"France\", \"Germany\"] | derive m = month(InvoiceDate) | pivot rows m columns Country value sum(Quantity) | head 3"],
    input: .frame
  ) { inv in
    let f = try inv.frame()
    try inv.args.expectKeyword("rows")
    let index = try inv.args.column()
    try inv.args.expectKeyword("columns")
    let columns = try inv.args.column()
    try inv.args.expectKeyword("value")
    let e = try inv.args.expr("an aggregation such as sum(Revenue)")
    try inv.args.finish()
    let a = try aggregation(e, named: nil, over: f, inv)
    return .frame(try f.pivot(index: index, columns: columns, value: a))
  }

  static let describe = Command(
    "describe", category: "Tables", synopsis: "describe",
    summary: "per column: type, count, nulls, unique, mean, std, min, quartiles, max, top value",
    examples: ["orders | select Quantity, Country | describe"], input: .frame
  ) { inv in
    let f = try inv.frame()
    try inv.args.finish()
    return .frame(f.describe())
  }

  static let freq = Command(
    "freq", category: "Tables", synopsis: "freq COL [limit N]",
    summary: "value counts with percentages, most frequent first",
    examples: ["orders | freq Country limit 5"], input: .frame
  ) { inv in
    let f = try inv.frame()
    let col = try inv.args.column()
    var limit: Int?
    if inv.args.keyword("limit") { limit = try nonNegative(&inv.args, "how many values") }
    try inv.args.finish()
    return .frame(try f.freq(col, limit: limit))
  }
}
