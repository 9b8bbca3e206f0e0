import ShopCore

/// A condition over rows, with the text the user wrote (for the definition line).
public struct RowCondition: Sendable {
  public var expr: ColumnExpr
  public var text: String

  public init(_ expr: ColumnExpr, text: String) {
    self.expr = expr
    self.text = text
  }
}

/// Per-unit flags and first-touch groups, shared by conversion, bounce rate and CTR.
struct UnitTable {
  /// Unit of each row (-1: left out).
  var unitOfRow: [Int32]
  var count: Int
  /// Group of each unit (first-touch: the group of its first row), -1 when it has none.
  var groupOfUnit: [Int32]
  var groups: BreakdownGroups

  init(frame: Frame, unit: ColumnRef?, by: ColumnRef?) throws {
    let n = frame.rowCount
    if let unit {
      let ids = EntityIDs(try frame.column(unit))
      unitOfRow = ids.ids
      count = ids.count
    } else {
      unitOfRow = (0..<n).map { Int32($0) }
      count = n
    }
    groups = try by.map { BreakdownGroups(column: try frame.column($0)) } ?? BreakdownGroups(rows: n)
    groupOfUnit = [Int32](repeating: -1, count: count)
    var mixed = [Bool](repeating: false, count: count)
    for i in 0..<n {
      let u = unitOfRow[i]
      guard u >= 0 else { continue }
      if groupOfUnit[Int(u)] < 0 {
        groupOfUnit[Int(u)] = groups.ids[i]
      } else if groupOfUnit[Int(u)] != groups.ids[i] {
        mixed[Int(u)] = true
      }
    }
    mixedUnits = mixed.lazy.filter { $0 }.count
  }

  /// Units whose rows fall in more than one group (a user whose segment changed): each
  /// is counted in the group of its first row, which the caller must say.
  var mixedUnits = 0

  /// The note about units with several `by` values, or nil when every unit has one.
  func mixedNote(unit: ColumnRef?, by: ColumnRef?) -> String? {
    by.flatMap { mixedUnitsNote(mixedUnits, of: count, unit: unit?.name, by: $0.name, anchor: "first row") }
  }

  /// Units that have at least one row with the flag set.
  func any(_ flags: [Bool]) -> [Bool] {
    var out = [Bool](repeating: false, count: count)
    for i in flags.indices where flags[i] && unitOfRow[i] >= 0 { out[Int(unitOfRow[i])] = true }
    return out
  }

  /// Units that have any row at all.
  var present: [Bool] {
    var out = [Bool](repeating: false, count: count)
    for u in unitOfRow where u >= 0 { out[Int(u)] = true }
    return out
  }

  /// Per group: how many units satisfy each mask.
  func countPerGroup(_ mask: [Bool]) -> [Int] {
    // One entry per key row when there is a breakdown (none for an empty table, as the
    // keys column has none), else the single whole-table group.
    var out = [Int](repeating: 0, count: groups.keys?.count ?? max(groups.count, 1))
    for u in 0..<count where mask[u] && groupOfUnit[u] >= 0 { out[Int(groupOfUnit[u])] += 1 }
    return out
  }
}

/// "15 of the 20 units (session) have rows with different seg values; …", or nil for none:
/// a KPI that counts each unit in one group says how many units it had to choose for.
func mixedUnitsNote(_ mixed: Int, of units: Int, unit: String?, by: String, anchor: String) -> String? {
  guard mixed > 0 else { return nil }
  let what = unit.map { "units (\($0))" } ?? "units"
  return "\(NumberFormat.grouped(mixed)) of the \(NumberFormat.grouped(units)) \(what) have rows with different \(by) values; "
    + "each is counted once, in the \(by) of its \(anchor) (derive a per-row unit, or filter, to split them)"
}

/// The definition of bounce rate to use; they differ, and GA4 changed it silently.
public enum BounceDefinition: String, Sendable, CaseIterable {
  /// Universal Analytics: sessions with a single page view / sessions.
  case ua
  /// GA4: sessions that were not engaged / sessions (1 − engagement rate).
  case ga4
  /// Event logs: sessions with a single event / sessions.
  case singleEvent = "single-event"
}

extension Frame {
  /// Conversion rate: units (sessions, users, or rows) with at least one converting row
  /// / units, as GA4's session and user key event rates (not key events / sessions,
  /// which counts a session twice when it converts twice).
  ///
  /// - Parameters:
  ///   - unit: the column whose values are the units; nil makes every row a unit (a
  ///     sessions table such as Online Shoppers Intention).
  ///   - converted: a row condition (`Revenue`, `type == "orders"`).
  ///   - among: only units with a row matching this condition enter (views, say).
  ///   - by: breakdown; a unit is counted in the group of its first row (first touch).
  public func conversion(
    unit: ColumnRef?, converted: RowCondition, among: RowCondition? = nil, by: ColumnRef? = nil
  ) throws -> KPIResult {
    let units = try UnitTable(frame: self, unit: unit, by: by)
    let hits = units.any(try evaluate(converted.expr).kpiFlags(role: "conversion condition"))
    var entered = units.present
    if let among { entered = units.any(try evaluate(among.expr).kpiFlags(role: "condition")) }
    let both = zip(entered, hits).map { $0 && $1 }
    let nUnits = units.countPerGroup(entered)
    let nConv = units.countPerGroup(both)
    var columns: [Column] = []
    if let keys = units.groups.keys { columns.append(keys) }
    columns.append(.ints("units", nUnits))
    columns.append(.ints("converted", nConv))
    columns.append(.floats("conversion_rate", zip(nConv, nUnits).map { ratio(Double($0), Double($1)) }))
    var table = Frame(columns: columns)
    // Groups that only units left out by 'among' fall in have no rate: leave them out.
    if by != nil { table = table.gather(nUnits.indices.filter { nUnits[$0] > 0 }) }
    var definition: String
    if let unit {
      definition = "conversion_rate = distinct \(unit.name) with at least one row where \(converted.text) / distinct \(unit.name)"
    } else {
      definition = "conversion_rate = rows where \(converted.text) / rows (each row a unit)"
    }
    if let among { definition += unit == nil ? ", among rows where \(among.text)" : " with a row where \(among.text)" }
    if let by { definition += "; each unit counted in the \(by.name) of its first row" }
    return KPIResult(frame: table, definition: definition, notes: [units.mixedNote(unit: unit, by: by)].compactMap { $0 })
  }

  /// Bounce rate over an event table, by the chosen definition.
  ///
  /// - `ua`: sessions with exactly one page view / sessions.
  /// - `ga4`: sessions not engaged / sessions, where engaged means lasting more than
  ///   `engagedSeconds` (GA4: 10 s), or having a key event, or two or more page views.
  /// - `single-event`: sessions with exactly one event / sessions.
  ///
  /// - Parameters:
  ///   - pageView: which rows are page views (nil: every row).
  ///   - keyEvent: which rows are key events (GA4 only; nil: none).
  ///   - time: event times, needed by `ga4` for the session length.
  public func bounceRate(
    _ definition: BounceDefinition, session: ColumnRef, time: ColumnRef? = nil,
    pageView: RowCondition? = nil, keyEvent: RowCondition? = nil, engagedSeconds: Double = 10,
    by: ColumnRef? = nil
  ) throws -> KPIResult {
    let units = try UnitTable(frame: self, unit: session, by: by)
    let n = rowCount
    let views = try pageView.map { try evaluate($0.expr).kpiFlags(role: "page view condition") }
      ?? [Bool](repeating: true, count: n)
    var events = [Int](repeating: 0, count: units.count)
    var pages = [Int](repeating: 0, count: units.count)
    for i in 0..<n where units.unitOfRow[i] >= 0 {
      let u = Int(units.unitOfRow[i])
      events[u] += 1
      if views[i] { pages[u] += 1 }
    }
    let present = units.present
    var bounced = [Bool](repeating: false, count: units.count)
    var text: String
    switch definition {
    case .singleEvent:
      for u in 0..<units.count { bounced[u] = events[u] == 1 }
      text = "bounce_rate (single-event) = sessions with exactly one event / sessions"
    case .ua:
      for u in 0..<units.count { bounced[u] = pages[u] == 1 }
      text = "bounce_rate (UA) = sessions with exactly one page view"
        + (pageView.map { " (\($0.text))" } ?? " (every row a page view)") + " / sessions"
    case .ga4:
      guard let time else {
        throw KPIError.invalidOption("the GA4 bounce rate needs event times to tell a session's length; add 'time COLUMN'")
      }
      let times = try column(time).kpiSeconds(role: "time")
      var first = [Double](repeating: .infinity, count: units.count)
      var last = [Double](repeating: -.infinity, count: units.count)
      for i in 0..<n where units.unitOfRow[i] >= 0 {
        guard let t = times[i] else { continue }
        let u = Int(units.unitOfRow[i])
        first[u] = min(first[u], t)
        last[u] = max(last[u], t)
      }
      let key = try keyEvent.map { units.any(try evaluate($0.expr).kpiFlags(role: "key event condition")) }
        ?? [Bool](repeating: false, count: units.count)
      for u in 0..<units.count {
        let length = last[u] >= first[u] ? last[u] - first[u] : 0
        let engaged = length > engagedSeconds || key[u] || pages[u] >= 2
        bounced[u] = !engaged
      }
      text = "bounce_rate (GA4) = sessions not engaged / sessions; engaged = longer than "
        + "\(durationWords(engagedSeconds)) (first to last event), or a key event"
        + (keyEvent.map { " (\($0.text))" } ?? " (none given)") + ", or 2+ page views"
        + (pageView.map { " (\($0.text))" } ?? " (every row a page view)")
    }
    let sessions = units.countPerGroup(present)
    let bounces = units.countPerGroup(zip(present, bounced).map { $0 && $1 })
    var columns: [Column] = []
    if let keys = units.groups.keys { columns.append(keys) }
    columns.append(.ints("sessions", sessions))
    columns.append(.ints("bounces", bounces))
    columns.append(.floats("bounce_rate", zip(bounces, sessions).map { ratio(Double($0), Double($1)) }))
    text += "; sessions = distinct \(session.name)"
    if let by { text += "; each session counted in the \(by.name) of its first row" }
    return KPIResult(
      frame: Frame(columns: columns), definition: text, notes: [units.mixedNote(unit: session, by: by)].compactMap { $0 })
  }

  /// Click-through rate: clicks / impressions.
  ///
  /// - Parameters:
  ///   - clicks: a row expression giving clicks (a 0/1 label, a bool, or a count).
  ///   - impressions: a column of impression counts; nil makes each row one impression.
  public func ctr(clicks: RowCondition, impressions: ColumnRef? = nil, by: ColumnRef? = nil) throws -> KPIResult {
    let n = rowCount
    let clickCol = try evaluate(clicks.expr)
    guard let (cv, cm) = clickCol.doubles else {
      throw KPIError.wrongRoleType(role: "clicks", column: clicks.text, expected: "a number or bool", got: clickCol.type)
    }
    var iv = [Double](repeating: 1, count: n)
    var im = Validity.allValid
    if let impressions {
      let d = try column(impressions).kpiNumbers(role: "impressions")
      iv = d.values
      im = d.valid
    }
    let groups = try by.map { BreakdownGroups(column: try column($0)) } ?? BreakdownGroups(rows: n)
    var imp = [Double](repeating: 0, count: groups.count)
    var clk = [Double](repeating: 0, count: groups.count)
    for i in 0..<n where im.isValid(i) {
      let g = Int(groups.ids[i])
      imp[g] += iv[i]
      if cm.isValid(i) { clk[g] += cv[i] }
    }
    var columns: [Column] = []
    if let keys = groups.keys { columns.append(keys) }
    // Counts read as counts, each column on its own (Avazu's C15 as impressions sums to
    // 31980, not 31980.0); whole only within Int's exact range: clicks of 1e308 (or their
    // infinite sum) are floats.
    func whole(_ v: [Double]) -> Bool { v.allSatisfy { $0 == $0.rounded() && abs($0) < 9.0e15 } }
    columns.append(whole(imp) ? .ints("impressions", imp.map { Int($0) }) : .floats("impressions", imp))
    columns.append(whole(clk) ? .ints("clicks", clk.map { Int($0) }) : .floats("clicks", clk))
    columns.append(.floats("ctr", zip(clk, imp).map { ratio($0, $1) }))
    let definition = "ctr = sum of \(clicks.text) / "
      + (impressions.map { "sum of \($0.name)" } ?? "rows (each row one impression)")
    return KPIResult(frame: Frame(columns: columns), definition: definition)
  }
}
