import ShopCore

extension Frame {
  /// Shop KPIs (orders, GMV, AOV, customers, repeat rate …) over a table of order lines,
  /// overall or per group.
  ///
  /// A *sale line* has a positive quantity (the amount when there is no quantity role), a
  /// *return line* a negative one. A *sale order* has at least one sale line; a
  /// *cancellation order* has return lines only (Online Retail's `C…` invoices and stock
  /// write-offs). Without an order role every row is an order. With a period breakdown
  /// an order belongs to the period of its earliest line, so an order spanning midnight
  /// counts once, on its first day; empty periods are rows of zeros.
  ///
  /// ```swift
  /// let r = try orders.kpi([.orders, .gmv, .aov], roles: roles, by: .period(.month), basis: .gross)
  /// ```
  /// - Parameters:
  ///   - roles: the resolved roles; needs `order` (optional), `amount` or `quantity` ×
  ///     `price`, `customer` for customer KPIs, `time` for a period breakdown.
  /// - Throws: `KPIError.missingRole` / `.wrongRoleType`, `FrameError.unknownColumn`.
  /// - Complexity: O(rows): orders and customers read by their codes (`KeyCodes`), a period
  ///   found per order, then one pass over the lines and one over the (group, order) pairs
  ///   (`KPITally`).
  public func kpi(
    _ metrics: [KPIMetric], roles: ResolvedRoles, by breakdown: KPIBreakdown = .none,
    basis: KPIBasis = .gross
  ) throws -> KPIResult {
    let (metrics, leftOut) = availableMetrics(metrics, roles: roles)
    let n = rowCount
    // First, so an event log is refused with the filter to write before any missing role.
    // With a quantity role the sale-line signs are its numbers (`saleLines`' first rule),
    // which also count the items and make the amounts with the price; an int quantity is
    // read as it is rather than copied to doubles (`SaleLines`).
    let what = metrics.map(\.rawValue).joined(separator: ", ")
    let quantityName = roles[.quantity].flatMap { column(named: $0) == nil ? nil : $0 }
    let lines: KPITally.Lines
    let sales: SaleLines?
    let saleRule: String
    if let quantityName, case .int(let v, let m) = column(named: quantityName)?.data {
      lines = .ints(v, m)
      sales = nil
      saleRule = SaleLines.quantityRule(quantityName)
    } else {
      let s = try saleLines(roles, for: what)
      lines = .doubles(s.signs, s.valid)
      sales = s
      saleRule = s.rule
    }
    let amounts = try kpiAmountParts(roles, needed: metrics.contains(where: \.needsAmount))
    let amountText = amounts.text
    // Net money is also less the refund column, if the table has one (see `Refunds`).
    var refunds: Refunds?
    var notes = leftOut
    if basis == .net, metrics.contains(where: \.netOfRefunds) {
      let r = try kpiRefunds(roles, sales: try sales ?? saleLines(roles, for: what))
      refunds = r.refunds
      if let note = r.note { notes.append(note) }
    }
    if quantityName == nil, metrics.contains(where: \.needsQuantity) {
      _ = try roles.require(.quantity, for: "items_per_order", in: self)
    }

    // Orders and customers are only counted: their codes will do (see `KeyCodes`).
    let orders: KeyCodes
    if let oName = roles[.order], let o = column(named: oName) {
      orders = KeyCodes(o)
    } else {
      orders = KeyCodes(rowsOf: n)
    }
    let customers: KeyCodes?
    if let cName = roles[.customer], let c = column(named: cName) {
      customers = KeyCodes(c)
    } else if metrics.contains(where: \.needsCustomer) {
      _ = try roles.require(.customer, for: "customer KPIs", in: self)
      customers = nil
    } else {
      customers = nil
    }

    // Row groups.
    let groups: BreakdownGroups?
    switch breakdown {
    case .none: groups = nil
    case .column(let ref): groups = BreakdownGroups(column: try column(ref))
    case .period(let bucket):
      let time = try roles.require(.time, for: "a breakdown by \(bucket.rawValue)", in: self)
      groups = try kpiPeriodGroups(time, orders: orders, bucket: bucket)
    }
    try Cancellation.shared.check()

    let g = groups?.count ?? 1
    let t = KPITally(
      groups: groups?.ids, groupCount: g, orders: orders, customers: customers, lines: lines,
      linesAreQuantities: quantityName != nil, amounts: amounts.amounts, prices: amounts.price, refunds: refunds?.values)
    try Cancellation.shared.check()
    let (gmv, saleOrders, cancelOrders, knownOrders) = (t.gmv, t.saleOrders, t.cancelOrders, t.knownOrders)
    let (customerTotal, repeaters) = (t.customerTotal, t.repeaters)
    let (net, qtyGross, qtyNet) = (t.net, t.qtyGross, t.qtyNet)

    var columns: [Column] = []
    if let keys = groups?.keys { columns.append(keys) }
    let revenue = basis == .gross ? gmv : net
    for m in metrics {
      let name = m.rawValue
      switch m {
      case .orders: columns.append(.ints(name, saleOrders))
      case .gmv: columns.append(.floats(name, gmv))
      case .revenue: columns.append(.floats(name, revenue))
      case .aov: columns.append(.floats(name, (0..<g).map { ratio(revenue[$0], Double(saleOrders[$0])) }))
      case .customers: columns.append(.ints(name, customerTotal))
      case .repeatRate:
        columns.append(.floats(name, (0..<g).map { ratio(Double(repeaters[$0]), Double(customerTotal[$0])) }))
      case .frequency:
        columns.append(.floats(name, (0..<g).map { ratio(Double(knownOrders[$0]), Double(customerTotal[$0])) }))
      case .itemsPerOrder:
        let q = basis == .gross ? qtyGross : qtyNet
        columns.append(.floats(name, (0..<g).map { ratio(q[$0], Double(saleOrders[$0])) }))
      case .cancelRate:
        columns.append(
          .floats(name, (0..<g).map { ratio(Double(cancelOrders[$0]), Double(saleOrders[$0] + cancelOrders[$0])) }))
      }
    }
    var seen = Set<String>()
    columns = columns.filter { seen.insert($0.name).inserted }
    // An empty period has no orders: counts and sums 0, ratios null.
    let totals: Set<String> = [KPIMetric.orders, .gmv, .revenue, .customers].reduce(into: []) { $0.insert($1.rawValue) }
    let empty: [Scalar] = columns.dropFirst(groups?.keys == nil ? 0 : 1).map { c in
      totals.contains(c.name) ? (c.type == .int ? .int(0) : .float(0)) : .null
    }
    let definitions = metrics.map {
      $0.definition(basis: basis, amount: amountText, quantity: roles[.quantity], saleRule: saleRule)
    }
    var parts = ["basis \(basis.rawValue)"] + definitions
    if let refunds { parts.append("refunds = sum of \(refunds.summed), subtracted from net revenue") }
    if roles[.order] == nil { parts.append("no order column: each row is an order") }
    return KPIResult(
      frame: Frame(columns: columns), definition: uniqued(parts).joined(separator: "; "), notes: notes, emptyGroup: [empty])
  }

  /// The metrics asked for; for a bare `kpi` (none named), the standard set less those
  /// whose roles the table lacks, with a note for each left out. Named metrics are kept
  /// as asked, so a missing role is an error that names it.
  func availableMetrics(_ asked: [KPIMetric], roles: ResolvedRoles) -> ([KPIMetric], [String]) {
    guard asked.isEmpty else { return (asked, []) }
    var metrics = KPIMetric.standard
    var notes: [String] = []
    let hasAmount = roles[.amount].flatMap { column(named: $0) }.map { $0.type != .bool } ?? false
      || (roles[.quantity].flatMap { column(named: $0) } != nil && roles[.price].flatMap { column(named: $0) } != nil)
    if !hasAmount {
      let gone = metrics.filter(\.needsAmount)
      metrics.removeAll(where: \.needsAmount)
      let why = roles[.amount].map { "the amount column '\($0)' is a bool, not money" }
        ?? "no amount column (nor quantity and price)"
      notes.append(
        "left out \(gone.map(\.rawValue).joined(separator: ", ")): \(why); name one with 'roles amount COLUMN'")
    }
    if roles[.customer].flatMap({ column(named: $0) }) == nil {
      let gone = metrics.filter(\.needsCustomer)
      metrics.removeAll(where: \.needsCustomer)
      notes.append(
        "left out \(gone.map(\.rawValue).joined(separator: ", ")): no customer column; name it with 'roles customer COLUMN'")
    }
    return (metrics, notes)
  }

  /// The line amounts: the amount role, or quantity × price; zeros when neither exists
  /// and no metric needs money.
  func kpiAmounts(_ roles: ResolvedRoles, needed: Bool, for what: String = "gmv, revenue and aov") throws -> (values: (values: [Double], valid: Validity), text: String) {
    let parts = try kpiAmountParts(roles, needed: needed, for: what)
    if let amounts = parts.amounts { return ((amounts.values, amounts.valid), parts.text) }
    guard let price = parts.price, let qName = roles[.quantity], let quantity = column(named: qName) else {
      return (([Double](repeating: 0, count: rowCount), .allValid), parts.text)
    }
    let q = try quantity.kpiNumbers(role: "quantity")
    return ((zipMap(q.values, price.values) { $0 * $1 }, Validity.both(q.valid, price.valid)), parts.text)
  }

  /// The line amounts as `kpiAmounts` reads them, left unmultiplied: the amount role's
  /// numbers, or (`amounts` nil) the quantity role's numbers times `price` where both
  /// hold one. `kpi` multiplies in its pass over the lines rather than making a column
  /// of products.
  func kpiAmountParts(
    _ roles: ResolvedRoles, needed: Bool, for what: String = "gmv, revenue and aov"
  ) throws -> (amounts: KPITally.Numbers?, price: KPITally.Numbers?, text: String) {
    // A bool amount flags purchases (SaleLines reads it so), but summing it would give a
    // count dressed as money: no metric that needs money may use it.
    if let aName = roles[.amount], let a = column(named: aName), a.type != .bool {
      let d = try a.kpiNumbers(role: "amount")
      return (.init(values: d.values, valid: d.valid), nil, aName)
    }
    if let qName = roles[.quantity], let pName = roles[.price], let q = column(named: qName), let p = column(named: pName) {
      try q.checkKPINumbers(role: "quantity")
      let pd = try p.kpiNumbers(role: "price")
      return (nil, .init(values: pd.values, valid: pd.valid), "\(qName) * \(pName)")
    }
    if needed, let aName = roles[.amount], column(named: aName)?.type == .bool {
      throw KPIError.wrongRoleType(
        role: "amount", column: aName, expected: "a number of money for \(what) (a bool only says which rows are purchases)",
        got: .bool)
    }
    if needed { _ = try roles.require(.amount, for: what, in: self) }
    return (.init(values: [Double](repeating: 0, count: rowCount), valid: .allValid), nil, "amount")
  }
}

/// The elements of `items` without repeats, in first-seen order.
func uniqued(_ items: [String]) -> [String] {
  var seen = Set<String>()
  return items.filter { seen.insert($0).inserted }
}
