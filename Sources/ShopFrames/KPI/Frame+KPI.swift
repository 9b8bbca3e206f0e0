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
  /// - Complexity: O(rows): a few typed passes and one grouping of (group, order) pairs.
  public func kpi(
    _ metrics: [KPIMetric], roles: ResolvedRoles, by breakdown: KPIBreakdown = .none,
    basis: KPIBasis = .gross
  ) throws -> KPIResult {
    let (metrics, leftOut) = availableMetrics(metrics, roles: roles)
    let n = rowCount
    // First, so an event log is refused with the filter to write before any missing role.
    let sales = try saleLines(roles, for: metrics.map(\.rawValue).joined(separator: ", "))
    let signs = sales.signs
    let signValid = sales.valid
    let (amounts, amountText) = try kpiAmounts(roles, needed: metrics.contains(where: \.needsAmount))
    // Net money is also less the refund column, if the table has one (see `Refunds`).
    var refunds: Refunds?
    var notes = leftOut
    if basis == .net, metrics.contains(where: \.netOfRefunds) {
      let r = try kpiRefunds(roles, sales: sales)
      refunds = r.refunds
      if let note = r.note { notes.append(note) }
    }
    var quantities: [Double]?
    var quantityValid = Validity.allValid
    if let qName = roles[.quantity], let q = column(named: qName) {
      let d = try q.kpiNumbers(role: "quantity")
      quantities = d.values
      quantityValid = d.valid
    } else if metrics.contains(where: \.needsQuantity) {
      _ = try roles.require(.quantity, for: "items_per_order", in: self)
    }

    let orders: EntityIDs
    if let oName = roles[.order], let o = column(named: oName) { orders = EntityIDs(o) } else { orders = EntityIDs(rows: n) }
    var customers: EntityIDs?
    if let cName = roles[.customer], let c = column(named: cName) {
      customers = EntityIDs(c)
    } else if metrics.contains(where: \.needsCustomer) {
      _ = try roles.require(.customer, for: "customer KPIs", in: self)
    }

    // Row groups.
    var groups: BreakdownGroups
    switch breakdown {
    case .none: groups = BreakdownGroups(rows: n)
    case .column(let ref): groups = BreakdownGroups(column: try column(ref))
    case .period(let bucket):
      let times = try roles.require(.time, for: "a breakdown by \(bucket.rawValue)", in: self).kpiSeconds(role: "time", calendar: true)
      // Each order's earliest time stands for all its lines.
      var orderTime = [Double?](repeating: nil, count: orders.count)
      for i in 0..<n {
        guard let t = times[i] else { continue }
        let o = Int(orders.ids[i])
        if o < 0 { continue }
        if let cur = orderTime[o] { if t < cur { orderTime[o] = t } } else { orderTime[o] = t }
      }
      let rowTimes: [Double?] = (0..<n).map { orders.ids[$0] < 0 ? times[$0] : orderTime[Int(orders.ids[$0])] }
      groups = BreakdownGroups(times: rowTimes, bucket: bucket, name: bucket.rawValue)
    }
    try Cancellation.shared.check()

    // (group, order) pairs: an order split over two groups counts in both.
    var orderOfRow = orders.ids
    var next = Int32(orders.count)
    for i in 0..<n where orderOfRow[i] < 0 {
      orderOfRow[i] = next  // a row with a null order id is an order of its own
      next += 1
    }
    let pairs: EntityIDs
    if groups.count <= 1, case .none = breakdown {
      pairs = EntityIDs(columns: [Column(name: "o", data: .int(orderOfRow.map { Int64($0) }, .allValid))], rowCount: n)
    } else {
      pairs = EntityIDs(
        columns: [
          Column(name: "g", data: .int(groups.ids.map { Int64($0) }, .allValid)),
          Column(name: "o", data: .int(orderOfRow.map { Int64($0) }, .allValid)),
        ], rowCount: n)
    }
    let p = pairs.count
    var pairSale = [Bool](repeating: false, count: p)
    var pairReturn = [Bool](repeating: false, count: p)
    var pairCustomer = [Int32](repeating: -1, count: p)
    var pairGroup = [Int32](repeating: -1, count: p)
    let g = groups.count
    var gmv = [Double](repeating: 0, count: g)
    var net = [Double](repeating: 0, count: g)
    var qtyGross = [Double](repeating: 0, count: g)
    var qtyNet = [Double](repeating: 0, count: g)
    var refunded = [Double](repeating: 0, count: g)
    for i in 0..<n {
      let grp = groups.ids[i]
      if grp < 0 { continue }
      let k = Int(pairs.ids[i])
      pairGroup[k] = grp
      if pairCustomer[k] < 0, let customers { pairCustomer[k] = customers.ids[i] }
      // Money given back counts wherever its row is, sale line or not.
      if let refunds { refunded[Int(grp)] += refunds.values[i] }
      guard signValid.isValid(i) else { continue }
      let s = signs[i]
      let a = amounts.valid.isValid(i) ? amounts.values[i] : 0
      let q = quantities.map { quantityValid.isValid(i) ? $0[i] : 0 } ?? 0
      if s > 0 {
        pairSale[k] = true
        gmv[Int(grp)] += a
        qtyGross[Int(grp)] += q
      } else if s < 0 {
        pairReturn[k] = true
      }
      if s != 0 {
        net[Int(grp)] += a
        qtyNet[Int(grp)] += q
      }
    }
    if refunds != nil { for k in 0..<g { net[k] -= refunded[k] } }
    try Cancellation.shared.check()

    var saleOrders = [Int](repeating: 0, count: g)
    var cancelOrders = [Int](repeating: 0, count: g)
    var knownOrders = [Int](repeating: 0, count: g)
    // Sale orders per (group, customer), for customers and repeaters.
    var perCustomer: [Int64: Int] = [:]
    let customerCount = Int64(customers?.count ?? 0)
    for k in 0..<p {
      let grp = Int(pairGroup[k])
      if grp < 0 { continue }
      if pairSale[k] {
        saleOrders[grp] += 1
        if pairCustomer[k] >= 0 {
          knownOrders[grp] += 1
          perCustomer[Int64(grp) * customerCount + Int64(pairCustomer[k]), default: 0] += 1
        }
      } else if pairReturn[k] {
        cancelOrders[grp] += 1
      }
    }
    var customerTotal = [Int](repeating: 0, count: g)
    var repeaters = [Int](repeating: 0, count: g)
    for (key, count) in perCustomer {
      let grp = Int(key / max(customerCount, 1))
      customerTotal[grp] += 1
      if count >= 2 { repeaters[grp] += 1 }
    }

    var columns: [Column] = []
    if let keys = groups.keys { columns.append(keys) }
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
    let empty: [Scalar] = columns.dropFirst(groups.keys == nil ? 0 : 1).map { c in
      totals.contains(c.name) ? (c.type == .int ? .int(0) : .float(0)) : .null
    }
    let definitions = metrics.map {
      $0.definition(basis: basis, amount: amountText, quantity: roles[.quantity], saleRule: sales.rule)
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
    // A bool amount flags purchases (SaleLines reads it so), but summing it would give a
    // count dressed as money: no metric that needs money may use it.
    if let aName = roles[.amount], let a = column(named: aName), a.type != .bool {
      return (try a.kpiNumbers(role: "amount"), aName)
    }
    if let qName = roles[.quantity], let pName = roles[.price], let q = column(named: qName), let p = column(named: pName) {
      let qd = try q.kpiNumbers(role: "quantity")
      let pd = try p.kpiNumbers(role: "price")
      return ((zipMap(qd.values, pd.values) { $0 * $1 }, Validity.both(qd.valid, pd.valid)), "\(qName) * \(pName)")
    }
    if needed, let aName = roles[.amount], column(named: aName)?.type == .bool {
      throw KPIError.wrongRoleType(
        role: "amount", column: aName, expected: "a number of money for \(what) (a bool only says which rows are purchases)",
        got: .bool)
    }
    if needed { _ = try roles.require(.amount, for: what, in: self) }
    return (([Double](repeating: 0, count: rowCount), .allValid), "amount")
  }
}

/// The elements of `items` without repeats, in first-seen order.
func uniqued(_ items: [String]) -> [String] {
  var seen = Set<String>()
  return items.filter { seen.insert($0).inserted }
}
