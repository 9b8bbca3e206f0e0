import ShopCore
import ShopFrames
import ShopSparkPlan
import ShopSyntax

/// `kpi` on a remote table: the aggregation runs on Spark (`SparkRelation.kpi`), with the
/// local KPI's metrics, bases, roles and definitions.
///
/// Roles are inferred from column names, so the remote table's columns are fetched first
/// (a `Limit 0` run: the schema, no rows). The local `Frame.kpi` then runs over that empty
/// table: it checks the roles and makes the definition line and notes exactly as locally,
/// and its columns say which metrics a bare `kpi` keeps.
enum RemoteKPI {
  static func kpi(_ r: RemoteTable, _ inv: inout Invocation) throws -> Value {
    let connection = try RemoteCommands.connection(inv)
    let schema = try connection.tables.collect(.limit(r.plan, 0))
    var metrics: [KPIMetric] = []
    if let word = inv.args.peekName, !["by", "gross", "net"].contains(word.lowercased()) {
      repeat {
        if let word = inv.args.peekName {
          try KPICommands.refuseOtherKPICommand(word, metrics: KPIMetric.allCases.map(\.rawValue), at: inv.args.hereRange)
        }
        let m = try inv.args.expectChoice(KPIMetric.allCases.map(\.rawValue), what: "KPI")
        if let metric = KPIMetric(rawValue: m) { metrics.append(metric) }
      } while inv.args.comma()
    }
    var basis = KPIBasis.gross
    var breakdown = KPIBreakdown.none
    while !inv.args.atEnd {
      if inv.args.keyword("by") {
        let start = inv.args.hereRange
        let (b, keys) = try KPICommands.orderBreakdown(&inv, schema)
        // Spark groups by one column of the remote table or a period word; several terms
        // and expressions are local (BreakdownTerms.swift) for now.
        if let keys, schema.index(of: keys.by.name) == nil {
          throw RuntimeError.invalidValue(
            "kpi on Spark takes 'by' one column or a period word (day, week, month); collect first for several terms or expressions",
            at: start)
        }
        breakdown = b
      } else if let b = inv.args.keyword(oneOf: ["gross", "net"]) {
        basis = KPIBasis(rawValue: b) ?? .gross
      } else {
        try inv.args.finish()
      }
    }
    let roles = KPICommands.resolvedRoles(inv, schema)
    // Netting a refund column depends on the rows (its sign, whether the table also has
    // return lines: see ShopFrames' `Refunds`), which Spark does not do yet: refused rather
    // than a net revenue that silently differs from the local one.
    if basis == .net, let refund = roles[.refund], metrics.isEmpty || metrics.contains(where: \.netOfRefunds) {
      throw RuntimeError.invalidValue(
        "kpi net on Spark does not subtract the refund column '\(refund)' yet; collect the table first, "
          + "or say 'roles refund none' to net by the return lines only", at: inv.range)
    }
    let local = try schema.kpi(metrics, roles: roles, by: breakdown, basis: basis)
    func role(_ role: ShopRoles.Role, _ why: String) throws -> String {
      guard let name = roles[role] else {
        throw RuntimeError.invalidValue("kpi on Spark needs \(why); name it with 'roles \(role.rawValue) COLUMN'", at: inv.range)
      }
      return name
    }
    let quantity = try role(.quantity, "a quantity column (a sale line has quantity > 0)")
    // The line amount as locally (`kpiAmounts`): the amount column unless it is a bool,
    // else quantity × price, else none (the local kpi above has refused any metric that
    // needs money).
    let amount: SparkExpression
    if let a = roles[.amount], schema.column(named: a)?.type != .bool {
      amount = .column(a)
    } else if let price = roles[.price] {
      amount = .function("*", [.column(quantity), .column(price)])
    } else {
      amount = .literal(.double(0))
    }
    let columns = SparkRelation.KPIColumns(
      order: try role(.order, "an order column"), customer: roles[.customer] ?? quantity, quantity: quantity, amount: amount)
    let grouping: SparkRelation.KPIGrouping
    var keyName: String?
    switch breakdown {
    case .none: grouping = .none
    case .column(let ref):
      grouping = .column(ref.name)
      keyName = ref.name
    case .period(let bucket):
      guard let unit = SparkRelation.TimeUnit(rawValue: bucket.rawValue) else { throw RuntimeError.invalidValue("by day, week or month", at: inv.range) }
      grouping = .period(time: try role(.time, "a time column"), unit: unit)
      keyName = bucket.rawValue
    }
    let names = local.frame.columnNames.filter { $0 != keyName }
    var used: [ShopRoles.Role] = [.order, .customer, .amount, .quantity]
    if case .period = breakdown { used.append(.time) }
    inv.say(roles.summary(used))
    for note in local.notes { inv.note("note: " + note) }
    inv.note("definition: " + local.definition)
    return .remote(RemoteTable(plan: .kpi(r.plan, columns, metrics: names, by: grouping, net: basis == .net)))
  }
}
