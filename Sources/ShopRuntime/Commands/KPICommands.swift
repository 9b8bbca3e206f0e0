import ShopCore
import ShopFrames
import ShopSyntax

/// Shop KPIs and behaviour analytics: roles, kpi, sessionize, conversion, bounce_rate,
/// ctr, funnel, cohort, rfm, clv.
///
/// Every command returns a table (so it pipes into sort, save or plot) and prints the
/// definition it used as `definition: …`, and the column roles as `roles: …` when it
/// relied on them; both lines are stored with the command in the session store.
enum KPICommands {
  static let all: [Command] = [roles, kpi, sessionize, conversion, bounceRate, ctr, compareRates, funnel, cohort, rfm, clv]

  /// Refuses a `kpi` metric that is really another command's measure, saying which command:
  /// people type `kpi conversion` or `kpi retention` because the docs call those KPIs too.
  static func refuseOtherKPICommand(_ word: String, metrics: [String], at range: SourceRange) throws {
    let w = word.lowercased()
    guard !metrics.contains(w) else { return }
    if ["repurchase_rate", "repurchase", "returning_rate"].contains(w) {
      throw RuntimeError.invalidValue(
        "'\(word)' is not a kpi metric: the share of customers who buy again is 'repeat_rate' "
          + "(kpi repeat_rate), and 'cohort' shows when they come back", at: range)
    }
    let aliases = [
      "conversion_rate": "conversion", "retention": "cohort", "ltv": "clv", "lifetime_value": "clv",
      "transition": "transitions", "path": "paths", "bounce": "bounce_rate",
    ]
    let name = aliases[w] ?? w
    guard !["kpi", "roles", "sessionize"].contains(name),
      let command = (all + PathCommands.all).first(where: { $0.name == name })
    else { return }
    let what = name == w ? "a command of its own" : "measured by the command '\(name)'"
    throw RuntimeError.invalidValue("'\(word)' is not a kpi metric but \(what): … | \(command.synopsis)", at: range)
  }

  // MARK: Roles

  static let roles = Command(
    "roles", category: "KPIs", synopsis: "roles [ROLE COL|none, …]  |  roles clear",
    summary: "name which columns are the order, customer, time, amount … for the KPI commands",
    details: """
      ROLE: order, customer, time, amount, quantity, price, refund, session, event. Roles hold for the \
      whole session; a role not named (or naming a column a table lacks) is inferred from \
      common column names (InvoiceNo, order_id, CustomerID, user_id, InvoiceDate, timestamp, \
      Revenue, Quantity, UnitPrice, session_id, event_type …, also after a word such as \
      Lineitem, Order or Customer: 'Lineitem quantity', 'Order Total Amount', 'Customer Email'; \
      and common German, French, Spanish and Italian names: Bestellnummer, Kunde, Menge …); a \
      text column of '#1001' numbers is the order; a numeric Refunded Amount, refund, \
      amount_refunded … is the refund, which net money (kpi … net, rfm's monetary) subtracts. \
      Every KPI prints the roles it used. Without an amount, the amount is quantity * price. 'ROLE none' says no column plays \
      the role, so none is inferred ('roles event none' when a 'type' column is a payment type, \
      not an event kind). With a table ('orders | roles'), shows the roles as they resolve for it.
      """,
    examples: [
      "roles order InvoiceNo, customer CustomerID, time InvoiceDate", "roles event none", "orders | roles",
      "roles clear",
    ],
    input: .any
  ) { inv in
    var table: Frame?
    if let input = inv.input, case .frame(let f) = input {
      table = f
    } else if let name = inv.args.peekName, ShopRoles.Role(rawValue: name) == nil, name != "clear",
      let bound = inv.session.bindings[name], case .frame = bound
    {
      table = try inv.frame()
    }
    var book = inv.session.roles
    if inv.args.keyword("clear") {
      try inv.args.finish()
      inv.session.roles = ShopRoles()
      inv.say("roles cleared; they will be inferred from column names")
      return .none
    }
    if !inv.args.atEnd {
      repeat {
        let word = try inv.args.expectChoice(ShopRoles.Role.allCases.map(\.rawValue), what: "role")
        guard let role = ShopRoles.Role(rawValue: word) else { continue }
        // A bare `none`; a column called none is written `none` in back-quotes.
        if inv.args.keyword("none") {
          book.setNone(role)
          continue
        }
        let col = try inv.args.column("the column for \(word)")
        if let table, table.index(of: col.name) == nil {
          throw FrameError.unknownColumn(col.name, available: table.columnNames, at: col.range)
        }
        book[role] = col.name
      } while inv.args.comma()
      try inv.args.finish()
      inv.session.roles = book
    }
    let resolved = table.map { book.resolved(for: $0) }
    if resolved == nil, book.columns.isEmpty, book.none.isEmpty {
      inv.say("no roles set; each KPI infers them from column names ('orders | roles' shows how)")
      return .none
    }
    var roleNames: [Scalar] = []
    var columns: [Scalar] = []
    var how: [Scalar] = []
    for role in ShopRoles.Role.allCases {
      // With a table, what the KPIs will use on it: a role set to a column the table
      // lacks is not used (the KPIs infer one instead, or go without).
      let column = resolved.map { $0[role] } ?? book[role]
      if column == nil && resolved == nil && !book.none.contains(role) { continue }
      roleNames.append(.string(role.rawValue))
      columns.append(column.map { .string($0) } ?? .null)
      var text =
        book.none.contains(role)
        ? "none (set: no column plays it)"
        : column == nil ? "not found" : (resolved?.inferred.contains(role) == true ? "inferred" : "set")
      if let set = book[role], resolved != nil, set != column { text += " (set to '\(set)', which this table lacks)" }
      how.append(.string(text))
    }
    return .frame(
      Frame(columns: [
        Column(name: "role", scalars: roleNames, type: .string), Column(name: "column", scalars: columns, type: .string),
        Column(name: "how", scalars: how, type: .string),
      ]))
  }

  /// The roles of a table: the session's, completed by inference.
  static func resolvedRoles(_ inv: Invocation, _ frame: Frame) -> ResolvedRoles {
    inv.session.roles.resolved(for: frame)
  }

  /// Prints the roles line (when given) and the definition line, and passes the table on.
  static func emit(_ result: KPIResult, _ inv: Invocation, roles: String? = nil) -> Value {
    if let roles { inv.say(roles) }
    for note in result.notes { inv.note("note: " + note) }
    inv.note("definition: " + result.definition)
    return .frame(result.frame)
  }

  // MARK: kpi

  static let kpi = Command(
    "kpi", category: "KPIs", synopsis: "kpi [METRIC, …] [by TERM, … | by day|week|month] [gross|net]",
    summary: "orders, gmv, revenue, aov, customers, repeat_rate, frequency, items_per_order, cancel_rate",
    details: """
      Over a table of order lines. A sale line has quantity > 0, a return line < 0; orders are \
      distinct orders with a sale line, cancellations are orders with only return lines. gmv is \
      before cancellations and returns; 'net' makes revenue, aov and items_per_order net of \
      them, and revenue and aov also less a refund column (Refunded Amount …) unless the \
      table has return lines ('gross' is the default, and printed). 'by month' buckets orders by the month of \
      their first line (empty months included) unless the table has a column 'month'. Several \
      terms and expressions ('by Country, trunc(InvoiceDate, month)') group by each line's \
      values, periods in time order with the empty ones present. Without \
      metric names: orders, gmv, aov, customers, repeat_rate. See docs/kpis.md. On a remote \
      table every metric, gross or net, runs on Spark with the same definitions, but for net \
      money over a refund column (see docs/spark.md).
      """,
    examples: [
      "orders | kpi",
      "orders | kpi orders, gmv, aov, cancel_rate by Country | sort gmv desc | head 3",
      "orders | kpi orders, revenue, aov by month net | head 3",
      "orders | kpi orders, gmv by Country, trunc(InvoiceDate, month) | head 3",
    ], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteKPI.kpi(r, &inv) }
    let f = try inv.frame()
    var metrics: [KPIMetric] = []
    let names = KPIMetric.allCases.map(\.rawValue)
    if let word = inv.args.peekName, !["by", "gross", "net"].contains(word.lowercased()) {
      repeat {
        if let word = inv.args.peekName { try refuseOtherKPICommand(word, metrics: names, at: inv.args.hereRange) }
        let m = try inv.args.expectChoice(names, what: "KPI")
        if let metric = KPIMetric(rawValue: m) { metrics.append(metric) }
      } while inv.args.comma()
    }
    var breakdown = KPIBreakdown.none
    var keys: BreakdownKeys?
    var basis = KPIBasis.gross
    while !inv.args.atEnd {
      if inv.args.keyword("by") {
        (breakdown, keys) = try orderBreakdown(&inv, f)
      } else if let b = inv.args.keyword(oneOf: ["gross", "net"]) {
        basis = KPIBasis(rawValue: b) ?? .gross
      } else {
        try inv.args.finish()
      }
    }
    let roles = resolvedRoles(inv, f)
    let result = try (keys?.frame ?? f).kpi(metrics, roles: roles, by: breakdown, basis: basis)
    var used: [ShopRoles.Role] = [.order, .customer, .amount, .quantity]
    // Net money is less the refund column too: it is announced with the roles it joins.
    if basis == .net, metrics.isEmpty || metrics.contains(where: \.netOfRefunds) { used.append(.refund) }
    if roles.saleRoles == [.event] { used.append(.event) }
    if case .period = breakdown { used.append(.time) }
    return emit(try keys?.arrange(result) ?? result, inv, roles: roles.summary(used))
  }

  // MARK: Sessions

  static let cohort = Command(
    "cohort", category: "KPIs",
    synopsis: "cohort [by day|week|month] [type first|recurring] [mode nday|unbounded] [counts]",
    summary: "the retention triangle: per cohort, the share of customers active k periods later",
    details: """
      type first: a customer's cohort is the period of their first purchase; recurring: every \
      period they purchased in. mode nday: active in exactly period k; unbounded: in period k \
      or later. 'counts' shows customers instead of shares. Uses the customer and time roles; \
      a purchase is a sale line (quantity > 0). On a remote table Spark does the counting and \
      the triangle comes back as a local table (see docs/spark.md).
      """,
    examples: ["orders | cohort by month | select cohort, customers, m0, m1, m2 | head 3"], input: .frame
  ) { inv in
    if let r = inv.remoteInput { return try RemoteKPI.cohort(r, &inv) }
    let f = try inv.frame()
    let o = try cohortOptions(&inv)
    let roles = resolvedRoles(inv, f)
    let result = try f.cohort(roles: roles, period: o.period, type: o.type, mode: o.mode, counts: o.counts)
    return emit(result, inv, roles: roles.summary([.customer, .time] + roles.saleRoles))
  }

  /// The words after `cohort`, read the same way for a local and a remote table.
  static func cohortOptions(_ inv: inout Invocation) throws -> (
    period: TimeBucket, type: CohortType, mode: CohortMode, counts: Bool
  ) {
    var period = TimeBucket.month
    var type = CohortType.first
    var mode = CohortMode.nday
    var counts = false
    while !inv.args.atEnd {
      if inv.args.keyword("by") {
        period = TimeBucket(rawValue: try inv.args.expectChoice(["day", "week", "month"], what: "period")) ?? .month
      } else if inv.args.keyword("type") {
        type = CohortType(rawValue: try inv.args.expectChoice(["first", "recurring"], what: "cohort type")) ?? .first
      } else if inv.args.keyword("mode") {
        mode = CohortMode(rawValue: try inv.args.expectChoice(["nday", "unbounded"], what: "retention mode")) ?? .nday
      } else if inv.args.keyword("counts") {
        counts = true
      } else {
        try inv.args.finish()
      }
    }
    return (period, type, mode, counts)
  }

  // MARK: Customers

  static let rfm = Command(
    "rfm", category: "KPIs", synopsis: "rfm [at DATE] [bins 5] [segments]",
    summary: "recency, frequency, monetary scores and segments per customer (or segment sizes)",
    details: """
      Per customer with a sale: days since the last purchase (to DATE, default the day after \
      the data ends), sale orders, and net spend; each scored 1…bins (5 by default) so that \
      equal values share a score. Segments (Champions, Loyal Customers, Potential Loyalists, \
      New Customers, Promising, Need Attention, About To Sleep, At Risk, Can't Lose Them, \
      Hibernating, Lost) come from R and F. 'segments' gives one row per segment with its size.
      """,
    examples: ["orders | rfm at 2011-12-10 | sort monetary desc | head 3", "orders | rfm segments"], input: .frame
  ) { inv in
    let f = try inv.frame()
    var at: Int64?
    var bins = 5
    var segments = false
    while !inv.args.atEnd {
      if inv.args.keyword("at") {
        let e = try inv.args.expr("a date such as 2011-12-10")
        switch e.kind {
        case .date(let t): at = t
        case .string(let s):
          guard let t = DateTextParser.parse(s) else { throw RuntimeError.expected("a date such as 2011-12-10", at: e.range) }
          at = t
        default: throw RuntimeError.expected("a date such as 2011-12-10", at: e.range)
        }
      } else if inv.args.keyword("bins") {
        bins = try inv.args.integer("how many bins (2 to 10)").0
      } else if inv.args.keyword("segments") {
        segments = true
      } else {
        try inv.args.finish()
      }
    }
    let roles = resolvedRoles(inv, f)
    var result = try f.rfm(roles: roles, at: at, bins: bins)
    if segments { result = try segmentSizes(result) }
    return emit(result, inv, roles: roles.summary([.customer, .time, .order, .amount, .quantity, .refund]))
  }

  /// One row per segment: customers, share, mean recency, frequency and monetary.
  static func segmentSizes(_ r: KPIResult) throws -> KPIResult {
    let frame = try r.frame.groupBy(
      [ColumnRef("segment")],
      aggregations: [
        Aggregation(name: "customers", function: "count", argument: nil),
        Aggregation(name: "recency_days", function: "mean", argument: .column("recency_days")),
        Aggregation(name: "frequency", function: "mean", argument: .column("frequency")),
        Aggregation(name: "monetary", function: "mean", argument: .column("monetary")),
      ])
    let total = Double(r.frame.rowCount)
    guard let counts = frame.column(named: "customers") else { return r }
    let share = Column(name: "share", scalars: (0..<frame.rowCount).map { .float((counts[$0].doubleValue ?? 0) / total) })
    var cols = frame.columns
    cols.insert(share, at: 2)
    let sorted = try Frame(columns: cols).sort([SortKey(.column("customers"), descending: true)])
    return KPIResult(
      frame: sorted, definition: r.definition + "; per segment: customers, share, mean recency, frequency, monetary",
      notes: r.notes)
  }

  static let clv = Command(
    "clv", category: "KPIs", synopsis: "clv [margin 0.3] [lifetime YEARS] [by TERM, … | by month] [gross|net]",
    summary: "simple customer lifetime value: aov × purchases per year × margin × lifetime",
    details: """
      purchases per year = orders per customer / years covered by the data. margin defaults \
      to 1 (revenue value, not profit) and lifetime to 3 years; both are printed. A simple \
      model with no churn curve (see docs/kpis.md for BG/NBD, not implemented).
      """,
    examples: ["orders | clv margin 0.3 lifetime 3", "orders | clv margin 0.25 by Country | sort clv desc | head 3"],
    input: .frame
  ) { inv in
    let f = try inv.frame()
    var margin = 1.0
    var lifetime = 3.0
    var breakdown = KPIBreakdown.none
    var keys: BreakdownKeys?
    var basis = KPIBasis.gross
    while !inv.args.atEnd {
      if inv.args.keyword("margin") {
        margin = try inv.args.number("a margin between 0 and 1").0
      } else if inv.args.keyword("lifetime") {
        lifetime = try inv.args.number("a lifetime in years").0
      } else if inv.args.keyword("by") {
        (breakdown, keys) = try orderBreakdown(&inv, f)
      } else if let b = inv.args.keyword(oneOf: ["gross", "net"]) {
        basis = KPIBasis(rawValue: b) ?? .gross
      } else {
        try inv.args.finish()
      }
    }
    let roles = resolvedRoles(inv, f)
    let result = try (keys?.frame ?? f).clv(roles: roles, margin: margin, lifetimeYears: lifetime, by: breakdown, basis: basis)
    let used: [ShopRoles.Role] = [.order, .customer, .time, .amount, .quantity] + (basis == .net ? [.refund] : [])
    return emit(try keys?.arrange(result) ?? result, inv, roles: roles.summary(used))
  }
}

