import ShopCore
import ShopFrames
import ShopSyntax

/// Cleaning steps. Each prints one line saying what it did ("dedupe: removed 5,268 of
/// 541,909 rows"); that line is stored with the command, so a cleaned table's history
/// can be read back with `history`.
enum CleaningCommands {
  static let all: [Command] = [dedupe, fill, clip, normalize, encode, check]

  /// Prints a cleaning step's summary and passes its table on, without printing the
  /// table itself when the step ends the pipeline (`| head` shows it).
  static func report(_ result: CleaningResult, _ inv: Invocation) -> Value {
    inv.say(result.summary)
    inv.session.quietResult = true
    return .frame(result.frame)
  }

  static let dedupe = Command(
    "dedupe", category: "Cleaning", synopsis: "dedupe [by COL, …] [keep first|last]",
    summary: "remove duplicate rows (whole rows, or rows with the same keys)",
    examples: ["orders | dedupe | count", "orders | dedupe by InvoiceNo keep last | count"], input: .frame
  ) { inv in
    let f = try inv.frame()
    var by: [ColumnRef]?
    if inv.args.keyword("by") { by = try inv.args.columns(stopWords: ["keep"]) }
    var keepLast = false
    if inv.args.keyword("keep") { keepLast = try inv.args.expectChoice(["first", "last"], what: "which to keep") == "last" }
    try inv.args.finish()
    return report(try f.dedupe(by: by, keepLast: keepLast), inv)
  }

  static let fill = Command(
    "fill", category: "Cleaning",
    synopsis: "fill COL with mean|median|mode|previous|next|interpolate|value V [by COL, …] [order by COL]",
    summary: "replace nulls in a column",
    details: "'by' fills within groups; 'order by' sets the order for previous, next and interpolate (time order for interpolation).",
    examples: ["orders | fill CustomerID with value 0 | drop missing CustomerID | count", "orders | fill Description with mode by StockCode | count"],
    input: .frame
  ) { inv in
    let f = try inv.frame()
    let col = try inv.args.column()
    try inv.args.expectKeyword("with")
    let how = try inv.args.expectChoice(["mean", "median", "mode", "previous", "next", "interpolate", "value"], what: "fill strategy")
    let strategy: FillStrategy
    switch how {
    case "mean": strategy = .mean
    case "median": strategy = .median
    case "mode": strategy = .mode
    case "previous": strategy = .previous
    case "next": strategy = .next
    case "interpolate": strategy = .interpolate
    default:
      let e = try inv.args.expr("the value to fill with")
      guard case .scalar(let s) = try inv.value(of: e) else { throw RuntimeError.expected("a single value", at: e.range) }
      strategy = .value(s)
    }
    var groups: [ColumnRef] = []
    var order: ColumnRef?
    while !inv.args.atEnd {
      if inv.args.keyword("by") {
        groups = try inv.args.columns(stopWords: ["order"])
      } else if inv.args.keyword("order") {
        try inv.args.expectKeyword("by")
        order = try inv.args.column()
      } else {
        try inv.args.finish()
      }
    }
    return report(try f.fill(col, with: strategy, by: groups, orderBy: order), inv)
  }

  static let clip = Command(
    "clip", category: "Cleaning", synopsis: "clip COL iqr K | zscore Z | between LO and HI [by COL, …] [drop]",
    summary: "cap outliers at bounds (or, with 'drop', remove their rows)",
    details: "iqr K: bounds Q1 - K·IQR and Q3 + K·IQR (Tukey's fences, K = 1.5 usually). zscore Z: mean ± Z standard deviations. between: fixed bounds. 'by' works out the iqr or zscore bounds within each group (a group with too few values is left as it is).",
    examples: [
      "orders | clip Quantity iqr 1.5 | count", "orders | clip UnitPrice between 0 and 100 drop | count",
      "orders | clip UnitPrice iqr 1.5 by StockCode | count",
    ], input: .frame
  ) { inv in
    let f = try inv.frame()
    let col = try inv.args.column()
    let rule: ClipRule
    switch try inv.args.expectChoice(["iqr", "zscore", "between"], what: "clip rule") {
    case "iqr": rule = .iqr(try inv.args.number("the IQR multiple, e.g. 1.5").0)
    case "zscore": rule = .zscore(try inv.args.number("how many standard deviations, e.g. 3").0)
    default:
      // `between 0 and 100` parses as one expression, `0 and 100`.
      let e = try inv.args.expr("LO and HI")
      guard case .binary(.and, let lo, let hi) = e.kind, let l = number(lo, inv), let h = number(hi, inv) else {
        throw RuntimeError.expected("two numbers: between LO and HI", at: e.range)
      }
      guard l <= h else { throw RuntimeError.invalidValue("the lower bound is above the upper one", at: e.range) }
      rule = .between(l, h)
    }
    var drop = false
    var groups: [ColumnRef] = []
    while !inv.args.atEnd {
      if inv.args.keyword("drop") {
        drop = true
      } else if inv.args.keyword("by") {
        groups = try inv.args.columns(stopWords: ["drop"])
      } else {
        try inv.args.finish()
      }
    }
    return report(try f.clip(col, rule: rule, drop: drop, by: groups), inv)
  }

  static func number(_ e: Expr, _ inv: Invocation) -> Double? {
    guard case .scalar(let s)? = try? inv.value(of: e) else { return nil }
    switch s {
    case .int(let v): return Double(v)
    case .float(let v): return v
    default: return nil
    }
  }

  static let normalize = Command(
    "normalize", category: "Cleaning", synopsis: "normalize COL zscore|minmax",
    summary: "rescale a numeric column: (x − mean) / std, or (x − min) / (max − min)",
    examples: ["orders | normalize UnitPrice zscore | select UnitPrice | head 2"], input: .frame
  ) { inv in
    let f = try inv.frame()
    let col = try inv.args.column()
    let method = NormalizeMethod(rawValue: try inv.args.expectChoice(["zscore", "minmax"], what: "method")) ?? .zscore
    try inv.args.finish()
    return report(try f.normalize(col, method: method), inv)
  }

  static let encode = Command(
    "encode", category: "Cleaning", synopsis: "encode COL label|onehot",
    summary: "turn a categorical column into numbers: codes in sorted order, or one 0/1 column per value",
    examples: ["orders | encode Country label | select Country | head 2"], input: .frame
  ) { inv in
    let f = try inv.frame()
    let col = try inv.args.column()
    let method = EncodeMethod(rawValue: try inv.args.expectChoice(["label", "onehot"], what: "method")) ?? .label
    try inv.args.finish()
    return report(try f.encode(col, method: method), inv)
  }

  static let check = Command(
    "check", category: "Cleaning", synopsis: "check CONDITION [or drop]",
    summary: "validate a rule on every row: report the violating rows, or drop them",
    details: "Rows where the condition is false or null violate it. Without 'or drop' the table passes on unchanged and the violations are kept: 'violations' shows them. Like every cleaning step, it prints one line and passes the table on without printing it.",
    examples: ["orders | check UnitPrice > 0 | count", "orders | check Quantity > 0 or drop | count"], input: .frame
  ) { inv in
    let f = try inv.frame()
    var e = try inv.args.expr("a condition")
    try inv.args.finish()
    var drop = false
    // `check X or drop` parses as `X or drop`, with `drop` as a name.
    if case .binary(.or, let rule, let tail) = e.kind, tail.nameValue == "drop" {
      drop = true
      e = rule
    }
    let ruleText = SourceSlice.text(of: e.range, in: inv)
    let result = try f.check(try inv.columnExpr(e, over: f), ruleText: ruleText, drop: drop)
    if let removed = result.removed { inv.session.violations = removed }
    return report(result, inv)
  }
}

/// The source text of a range, for messages that quote what the user wrote.
enum SourceSlice {
  static func text(of range: SourceRange, in inv: Invocation) -> String {
    guard let source = inv.session.currentSource else { return "rule" }
    return source.slice(range)
  }
}
