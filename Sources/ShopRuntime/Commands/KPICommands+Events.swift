import ShopCore
import ShopFrames
import ShopSyntax

/// The KPIs of event logs: sessions, conversion, bounce rate, click-through rate,
/// funnels. (Order KPIs, roles, cohorts and RFM are in KPICommands.swift.)
extension KPICommands {
  static let sessionize = Command(
    "sessionize", category: "KPIs",
    synopsis: "sessionize [by USER] [time COL] [gap 30m] [max 24h] [split midnight] [as NAME]",
    summary: "add a session id: a new session after a gap of inactivity, a maximum length, or midnight",
    details: """
      GA4 ends a session after 30 minutes of inactivity (the default gap); PostHog also after \
      24 hours ('max 24h'); Universal Analytics also at midnight ('split midnight'). USER and \
      time default to the customer and time roles; a numeric time is read as Unix time in the \
      unit its size tells (seconds, or OTTO's 13-digit milliseconds). The id column is \
      'session' unless named with 'as'; it never replaces the user or time column.
      """,
    examples: [
      "orders | sessionize by CustomerID time InvoiceDate gap 30m | distinct session | count",
      "orders | sessionize gap 1h max 24h split midnight | select InvoiceNo, CustomerID, session | head 3",
    ], input: .frame
  ) { inv in
    let f = try inv.frame()
    let roles = resolvedRoles(inv, f)
    var user = roles[.customer].map { ColumnRef($0) }
    var time = roles[.time].map { ColumnRef($0) }
    var rules = SessionRules()
    var name = "session"
    var nameRange: SourceRange?
    while !inv.args.atEnd {
      if inv.args.keyword("by") {
        user = try inv.args.column("the user column")
      } else if inv.args.keyword("time") {
        time = try inv.args.column("the time column")
      } else if inv.args.keyword("gap") {
        rules.gap = try duration(&inv, "a gap such as 30m")
      } else if inv.args.keyword("max") {
        rules.maxDuration = try duration(&inv, "a length such as 24h")
      } else if inv.args.keyword("split") {
        try inv.args.expectKeyword("midnight")
        rules.splitAtMidnight = true
      } else if inv.args.keyword("as") {
        let ref = try inv.args.column("the new column's name")
        (name, nameRange) = (ref.name, ref.range)
      } else {
        try inv.args.finish()
      }
    }
    guard let user else { throw KPIError.missingRole(role: "customer", needed: "sessionize", available: f.columnNames) }
    guard let time else { throw KPIError.missingRole(role: "time", needed: "sessionize", available: f.columnNames) }
    // The ids written over the column they were cut from would leave no way back to the
    // users (OTTO calls its visitors `session`, the default name here): refuse, and name a
    // free column instead.
    for (source, role) in [(user, "user"), (time, "time")] where source.name == name {
      var free = "session_id"
      var n = 2
      while f.columnNames.contains(free) {
        free = "session_\(n)"
        n += 1
      }
      throw RuntimeError.invalidValue(
        "sessionize would write its session ids over '\(name)', the \(role) column it reads;"
          + " name the new column with 'as', such as 'as \(free)'",
        at: nameRange ?? source.range ?? inv.range)
    }
    if nameRange == nil, f.columnNames.contains(name) {
      inv.say("warning: the column '\(name)' is replaced by the session ids ('as NAME' keeps it)")
    }
    return emit(try f.sessionize(user: user, time: time, rules: rules, name: name), inv)
  }

  /// A duration literal (`30m`, `24h`, `7d`), in seconds.
  static func duration(_ inv: inout Invocation, _ what: String) throws -> Double {
    let e = try inv.args.expr(what)
    guard case .duration(let d) = e.kind else {
      throw RuntimeError.expected("\(what) (a number with s, m, h, d or w)", at: e.range)
    }
    guard d > 0 else { throw RuntimeError.invalidValue("\(what): must be positive", at: e.range) }
    // Datetimes span years 1 to 9999, so a longer duration means nothing more; refusing it
    // also keeps the seconds exact as a Double and within Int64 when shown again.
    guard d <= maxDuration else {
      throw RuntimeError.invalidValue("\(what): at most 10000 years (\(maxDuration / 86_400)d)", at: e.range)
    }
    return Double(d)
  }

  /// 10,000 Gregorian years, in seconds.
  static let maxDuration: Int64 = 10_000 * 146_097 * 86_400 / 400

  /// A row condition with the text the user typed.
  static func condition(_ inv: inout Invocation, _ f: Frame, _ what: String) throws -> RowCondition {
    let e = try inv.args.expr(what)
    let text = inv.session.currentSource?.slice(e.range) ?? what
    let expr = try inv.columnExpr(e, over: f)
    try checkValues(f.absentLiterals(in: expr), inv)
    return RowCondition(expr, text: text)
  }

  /// Values that no row has, in a KPI's condition or steps: a near miss of an existing
  /// value is an error (the KPI would be a silent zero), any other a warning.
  static func checkValues(_ absent: [AbsentValue], _ inv: Invocation) throws {
    if let typo = absent.first(where: \.isLikelyTypo) { throw FrameError.absentValue(typo) }
    for a in absent { inv.say("warning: " + a.line) }
  }

  static let conversion = Command(
    "conversion", category: "KPIs", synopsis: "conversion [per UNIT] when CONDITION [among CONDITION] [by TERM, …]",
    summary: "units (sessions, users, or rows) with at least one converting row / units",
    details: """
      GA4's session and user key event rates: 'per session_id' counts sessions, 'per user_id' \
      users; without 'per' every row is a unit (a sessions table). 'among' keeps only units \
      with a matching row (sessions with a view, say). With 'by', a unit counts in the group \
      of its first row. Key events / sessions is NOT a conversion rate (one session can \
      convert twice).
      """,
    examples: [
      "orders | conversion per CustomerID when Quantity < 0",
      "orders | conversion per InvoiceNo when UnitPrice > 10 by Country | sort units desc | head 3",
    ], input: .frame
  ) { inv in
    let f = try inv.frame()
    var unit: ColumnRef?
    var when: RowCondition?
    var among: RowCondition?
    var by: BreakdownKeys?
    while !inv.args.atEnd {
      if inv.args.keyword("per") {
        unit = try inv.args.column("the unit column (session or user)")
      } else if inv.args.keyword("when") {
        when = try condition(&inv, f, "a condition such as Revenue or type == \"orders\"")
      } else if inv.args.keyword("among") {
        among = try condition(&inv, f, "a condition")
      } else if inv.args.keyword("by") {
        by = try breakdownKeys(&inv, f)
      } else {
        try inv.args.finish()
      }
    }
    guard let when else { throw RuntimeError.expected("'when CONDITION': which rows count as a conversion", at: inv.args.hereRange) }
    let result = try (by?.frame ?? f).conversion(unit: unit, converted: when, among: among, by: by?.by)
    return emit(try by?.arrange(result) ?? result, inv)
  }

  static let bounceRate = Command(
    "bounce_rate", category: "KPIs",
    synopsis: "bounce_rate ua|ga4|single-event [per SESSION] [time COL] [views CONDITION] [key CONDITION] [engaged 10s] [by TERM, …]",
    summary: "share of sessions that bounced, by the UA, GA4 or single-event definition",
    details: """
      ua: sessions with exactly one page view. ga4: sessions not engaged, where engaged = \
      longer than 10 s (change with 'engaged'), or a key event ('key type == "purchase"'), or \
      2+ page views; it is 1 − GA4's engagement rate. single-event: sessions with one event. \
      'views' says which rows are page views (default: every row). SESSION and time default to \
      the session (else customer) and time roles.
      """,
    examples: [
      "orders | bounce_rate single-event per InvoiceNo",
      "orders | bounce_rate ga4 per InvoiceNo time InvoiceDate by Country | head 3",
    ], input: .frame
  ) { inv in
    let f = try inv.frame()
    let definition = try bounceDefinition(&inv)
    let roles = resolvedRoles(inv, f)
    var session = (roles[.session] ?? roles[.customer]).map { ColumnRef($0) }
    var time = roles[.time].map { ColumnRef($0) }
    var views: RowCondition?
    var key: RowCondition?
    var engaged = 10.0
    var by: BreakdownKeys?
    while !inv.args.atEnd {
      if inv.args.keyword("per") {
        session = try inv.args.column("the session column")
      } else if inv.args.keyword("time") {
        time = try inv.args.column("the time column")
      } else if inv.args.keyword("views") {
        views = try condition(&inv, f, "which rows are page views")
      } else if inv.args.keyword("key") {
        key = try condition(&inv, f, "which rows are key events")
      } else if inv.args.keyword("engaged") {
        engaged = try duration(&inv, "an engagement threshold such as 10s")
      } else if inv.args.keyword("by") {
        by = try breakdownKeys(&inv, f)
      } else {
        try inv.args.finish()
      }
    }
    guard let session else { throw KPIError.missingRole(role: "session", needed: "bounce_rate", available: f.columnNames) }
    let result = try (by?.frame ?? f).bounceRate(
      definition, session: session, time: definition == .ga4 ? time : nil, pageView: views, keyEvent: key,
      engagedSeconds: engaged, by: by?.by)
    return emit(try by?.arrange(result) ?? result, inv)
  }

  /// `ua`, `ga4`, `single-event` (which the parser reads as `single - event`) or `single_event`.
  static func bounceDefinition(_ inv: inout Invocation) throws -> BounceDefinition {
    if let t = inv.args.current, case .expr(let e) = t.kind,
      case .binary(.subtract, let a, let b) = e.kind, a.nameValue == "single", b.nameValue == "event"
    {
      inv.args.skip()
      return .singleEvent
    }
    if inv.args.keyword("single_event") { return .singleEvent }
    let word = try inv.args.expectChoice(["ua", "ga4", "single-event"], what: "bounce definition")
    return BounceDefinition(rawValue: word) ?? .ua
  }

  static let ctr = Command(
    "ctr", category: "KPIs", synopsis: "ctr [clicks EXPR] [impressions COL] [by TERM, …]",
    summary: "click-through rate: clicks / impressions",
    details: """
      Each row is one impression unless 'impressions COL' gives counts. clicks is a 0/1 label, \
      a bool or a count; by default a column named click, clicks, clicked or label.
      """,
    examples: ["orders | ctr clicks Quantity < 0 by Country | sort impressions desc | head 3"], input: .frame
  ) { inv in
    let f = try inv.frame()
    var clicks: RowCondition?
    var impressions: ColumnRef?
    var by: BreakdownKeys?
    while !inv.args.atEnd {
      if inv.args.keyword("clicks") {
        clicks = try condition(&inv, f, "the clicks column or condition")
      } else if inv.args.keyword("impressions") {
        impressions = try inv.args.column()
      } else if inv.args.keyword("by") {
        by = try breakdownKeys(&inv, f)
      } else {
        try inv.args.finish()
      }
    }
    if clicks == nil {
      let known = ["click", "clicks", "clicked", "label", "is_click"]
      guard let name = f.columnNames.first(where: { known.contains($0.lowercased()) }) else {
        throw RuntimeError.expected("'clicks COLUMN' (no click, clicks, clicked or label column)", at: inv.args.hereRange)
      }
      clicks = RowCondition(.column(name), text: name)
    }
    guard let clicks else { return .none }
    let result = try (by?.frame ?? f).ctr(clicks: clicks, impressions: impressions, by: by?.by)
    return emit(try by?.arrange(result) ?? result, inv)
  }

  // MARK: Funnels and cohorts

  static let funnel = Command(
    "funnel", category: "KPIs",
    synopsis: "funnel steps \"A\", \"B\", … [event COL] [per UNIT] [time COL] [window 1d] [order ordered|strict|any] [by TERM, …]",
    summary: "units reaching each step, step and overall conversion, drop-off, time to convert",
    details: """
      Steps are values of the event column. A unit (session or user) reaches step k when \
      steps 1…k happen in order within the window of its step-1 event (a rolling window, as \
      in PostHog and Amplitude). 'strict': nothing in between; 'any': in any order. With \
      'by' (columns or expressions: 'by platform, trunc(timestamp, week)'), a unit counts in \
      the group of its step-1 row; periods come in time order, empty ones at 0 units. event, \
      per and time default to the event, session (else customer) and time roles.
      """,
    examples: [
      "orders | derive step = if(Quantity > 0, \"buy\", \"cancel\") | funnel steps \"buy\", \"cancel\" event step per CustomerID time InvoiceDate window 30d"
    ], input: .frame
  ) { inv in
    let f = try inv.frame()
    let roles = resolvedRoles(inv, f)
    try inv.args.expectKeyword("steps")
    var steps: [(text: String, range: SourceRange)] = []
    repeat { steps.append(try inv.args.string("a step, as a string such as \"cart\"")) } while inv.args.comma()
    var event = roles[.event].map { ColumnRef($0) }
    var unit = (roles[.session] ?? roles[.customer]).map { ColumnRef($0) }
    var time = roles[.time].map { ColumnRef($0) }
    var window: Double?
    var order = FunnelOrder.ordered
    var by: BreakdownKeys?
    while !inv.args.atEnd {
      if inv.args.keyword("event") {
        event = try inv.args.column("the event column")
      } else if inv.args.keyword("per") {
        unit = try inv.args.column("the unit column")
      } else if inv.args.keyword("time") {
        time = try inv.args.column("the time column")
      } else if inv.args.keyword("window") {
        window = try duration(&inv, "a window such as 1d")
      } else if inv.args.keyword("order") {
        order = FunnelOrder(rawValue: try inv.args.expectChoice(FunnelOrder.allCases.map(\.rawValue), what: "order")) ?? .ordered
      } else if inv.args.keyword("by") {
        by = try breakdownKeys(&inv, f)
      } else {
        try inv.args.finish()
      }
    }
    guard let event else { throw KPIError.missingRole(role: "event", needed: "funnel", available: f.columnNames) }
    guard let unit else { throw KPIError.missingRole(role: "session", needed: "funnel", available: f.columnNames) }
    // Checked once the steps make a funnel (two or more, distinct), which `funnel` says first.
    if steps.count >= 2, Set(steps.map(\.text)).count == steps.count {
      try checkValues(try steps.compactMap { try f.absentValue($0.text, in: event, range: $0.range) }, inv)
    }
    let names = steps.map(\.text)
    let funnel = try (by?.frame ?? f).funnel(
      steps: names, event: event, unit: unit, time: time, window: window, order: order, by: by?.by)
    let result = emit(try by?.arrange(funnel) ?? funnel, inv)
    // Interleaved steps make an ordered funnel collapse; say so (Frame+FunnelOrderCheck.swift).
    try f.funnelOrderNote(steps: names, event: event, unit: unit, time: time, window: window, order: order).map { inv.note($0) }
    return result
  }
}
