import ShopCore
import ShopFrames
import ShopSyntax

extension KPICommands {
  /// `by TERM, TERM, …` of the rate KPIs: columns, or expressions such as
  /// `trunc(timestamp, week)` or `week(timestamp)` (derived under their own text).
  /// Periods come out in time order, `trunc` ones with their empty periods present.
  static func breakdownKeys(_ inv: inout Invocation, _ f: Frame) throws -> BreakdownKeys {
    var frame = f
    var names: [String] = []
    var orders: [BreakdownOrder?] = []
    repeat {
      let e = try inv.args.expr("a column or an expression such as trunc(timestamp, week)")
      if let name = e.nameValue, f.index(of: name) != nil {
        names.append(name)
        orders.append(nil)
        continue
      }
      let text = inv.session.currentSource?.slice(e.range) ?? "by_\(names.count + 1)"
      let expr = try inv.columnExpr(e, over: frame)
      if frame.index(of: text) == nil { frame = try frame.derive([(text, expr)]) }
      names.append(text)
      orders.append(periodOrder(expr))
    } while inv.args.comma()
    return try BreakdownKeys(frame: frame, columns: names, orders: orders)
  }

  /// `by` of the order KPIs (kpi, clv): the terms `breakdownKeys` reads, or one period
  /// word alone (`by month`, when no column has that name), which buckets each order by
  /// the time of its first line.
  static func orderBreakdown(_ inv: inout Invocation, _ f: Frame) throws -> (KPIBreakdown, BreakdownKeys?) {
    if let word = inv.args.peekName, f.index(of: word) == nil, let bucket = TimeBucket(rawValue: word.lowercased()) {
      inv.args.skip()
      if inv.args.comma() {
        throw RuntimeError.expected(
          "'\(word)' alone; with other terms, a period is an expression such as trunc(InvoiceDate, \(word))",
          at: inv.args.hereRange)
      }
      return (.period(bucket), nil)
    }
    let keys = try breakdownKeys(&inv, f)
    return (.column(keys.by), keys)
  }

  /// A derived term's order: `trunc` periods in time with gaps filled, period numbers
  /// (`week(t)`, `month(t)` …) ascending, anything else inferred from its values.
  static func periodOrder(_ expr: ColumnExpr) -> BreakdownOrder? {
    guard case .call(let name, let args) = expr.kind else { return nil }
    switch name {
    case "trunc":
      var word: String?
      if args.count == 2, case .column(let w) = args[1].kind { word = w }
      if args.count == 2, case .literal(.string(let w)) = args[1].kind { word = w }
      guard let bucket = word.flatMap({ PeriodUnit(rawValue: $0.lowercased())?.bucket }) else { return .ascending }
      return .periods(bucket)
    case "week", "month", "year", "day", "dow", "hour": return .ascending
    default: return nil
    }
  }
}
