import ShopCore
import ShopFrames
import ShopSparkPlan

/// `cohort` on a remote table: Spark counts (cohort period, later period) pairs
/// (`SparkRelation.cohortCounts`), at most periods² rows, and ShopFrames builds the same
/// triangle, roles line and definition as locally (`Frame.cohort(counted:…)`). Unlike the
/// table verbs it runs at once and gives a local table: its columns (one per offset)
/// depend on the data.
extension RemoteKPI {
  static func cohort(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    let connection = try RemoteCommands.connection(inv)
    let o = try KPICommands.cohortOptions(&inv)
    guard r.grouping == nil else { throw RuntimeError.invalidValue("follow 'group by' with 'agg' or 'count' first", at: inv.range) }
    let schema = try connection.tables.collect(.limit(r.plan, 0))
    let roles = KPICommands.resolvedRoles(inv, schema)
    // The roles and column types checked on the schema before Spark runs anything, with
    // the local errors (a missing customer or time role, a time that is no date...).
    _ = try schema.cohort(
      counted: CohortCounts(first: 0, last: 0, cells: []), roles: roles, period: o.period, type: o.type, mode: o.mode)
    let sale: SparkExpression
    if let q = roles[.quantity] {
      sale = .function(">", [.column(q), .literal(.long(0))])
    } else if let a = roles[.amount], let column = schema.column(named: a) {
      sale = column.type == .bool ? .column(a) : .function(">", [.column(a), .literal(.long(0))])
    } else {
      // Locally an event log is told apart by its event values, which needs the rows.
      throw RuntimeError.invalidValue(
        "cohort on Spark needs a quantity or an amount column to tell sale lines; name one with 'roles quantity COLUMN', or collect first",
        at: inv.range)
    }
    guard let unit = SparkRelation.TimeUnit(rawValue: o.period.rawValue), let customer = roles[.customer],
      let time = roles[.time]
    else { throw RuntimeError.invalidValue("cohort by day, week or month", at: inv.range) }
    let plan = SparkRelation.cohortCounts(
      r.plan, customer: customer, time: time, sale: sale, unit: unit, recurring: o.type == .recurring,
      unbounded: o.mode == .unbounded)
    let rows = try RemoteCommands.run(inv, plan)
    let result = try schema.cohort(
      counted: try counts(rows), roles: roles, period: o.period, type: o.type, mode: o.mode, counts: o.counts)
    return KPICommands.emit(result, inv, roles: roles.summary([.customer, .time] + roles.saleRoles))
  }

  /// The rows of `SparkRelation.cohortCounts` as counts.
  static func counts(_ rows: Frame) throws -> CohortCounts {
    func seconds(_ s: Scalar) -> Int64? {
      switch s {
      case .datetime(let t), .int(let t): return t
      default: return nil
      }
    }
    guard let first = rows.column(named: "first"), let last = rows.column(named: "last"),
      let start = rows.column(named: "start"), let at = rows.column(named: "at"), let n = rows.column(named: "customers")
    else { throw RuntimeError.invalidValue("Spark's cohort counts lack a column: \(rows.columnNames)", at: nil) }
    var cells: [CohortCounts.Cell] = []
    for i in 0..<rows.rowCount {
      guard let s = seconds(start[i]), let a = seconds(at[i]), case .int(let c) = n[i] else { continue }
      cells.append(CohortCounts.Cell(start: s, at: a, customers: Int(c)))
    }
    return CohortCounts(
      first: rows.rowCount > 0 ? seconds(first[0]) : nil, last: rows.rowCount > 0 ? seconds(last[0]) : nil, cells: cells)
  }
}
