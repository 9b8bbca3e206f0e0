import ShopCore

extension Frame {
  /// RFM scores and segments, one row per customer with at least one sale order.
  ///
  /// - recency_days: calendar days from the customer's last sale line to `at` (default:
  ///   the day after the last time in the table).
  /// - frequency: sale orders (distinct orders with a sale line; rows without an order
  ///   column are orders).
  /// - monetary: sum of amounts over all the customer's lines, net of returns, less the
  ///   refund column when there is one (see `Refunds`).
  ///
  /// Scores run 1…`bins`, higher is better: a value's score is 1 + ⌊bins × (share of
  /// customers strictly worse)⌋, so equal values always get equal scores (ties never
  /// split across bins, unlike a plain quantile cut). Segments come from R and F scaled
  /// to 1…5, on the widely used RF grid (Champions, Loyal Customers, Potential Loyalists,
  /// New Customers, Promising, Need Attention, About To Sleep, At Risk, Can't Lose Them,
  /// Hibernating, Lost).
  ///
  /// - Throws: `KPIError.missingRole` without customer and time roles,
  ///   `.invalidOption` for bins outside 2…10.
  /// - Complexity: O(rows + customers log customers).
  public func rfm(roles: ResolvedRoles, at: Int64? = nil, bins: Int = 5) throws -> KPIResult {
    guard (2...10).contains(bins) else { throw KPIError.invalidOption("rfm bins must be between 2 and 10") }
    let customerColumn = try roles.require(.customer, for: "rfm", in: self)
    let customers = EntityIDs(customerColumn)
    let times = try roles.require(.time, for: "rfm", in: self).kpiSeconds(role: "time")
    let sales = try saleLines(roles, for: "rfm")
    let sale = saleRowMask(sales)
    let (amounts, amountText) = try kpiAmounts(roles, needed: true, for: "rfm's monetary")
    // Monetary is net: of returns, and of the refund column if there is one (`Refunds`).
    let (refunds, refundNote) = try kpiRefunds(roles, sales: sales)
    let orders: EntityIDs = try roles[.order].map { EntityIDs(try column(ColumnRef($0))) } ?? EntityIDs(rows: rowCount)
    let c = customers.count
    var last = [Double](repeating: -.infinity, count: c)
    var monetary = [Double](repeating: 0, count: c)
    var maxTime = -Double.infinity
    var orderSeen = Set<Int64>()
    var frequency = [Int](repeating: 0, count: c)
    for i in 0..<rowCount {
      if let t = times[i] { maxTime = max(maxTime, t) }
      let cu = customers.ids[i]
      guard cu >= 0 else { continue }
      if amounts.valid.isValid(i) { monetary[Int(cu)] += amounts.values[i] }
      if let refunds { monetary[Int(cu)] -= refunds.values[i] }
      guard sale[i], let t = times[i] else { continue }
      last[Int(cu)] = max(last[Int(cu)], t)
      let o = orders.ids[i]
      if o >= 0, orderSeen.insert(Int64(cu) << 32 | Int64(o)).inserted { frequency[Int(cu)] += 1 }
    }
    guard maxTime > -.infinity else { throw KPIError.invalidOption("rfm needs at least one row with a time") }
    let atDay = at.map { CivilTime.dayNumber($0) } ?? (CivilTime.dayNumber(Int64(maxTime.rounded(.down))) + 1)
    let kept = (0..<c).filter { last[$0] > -.infinity }
    let recency = kept.map { atDay - CivilTime.dayNumber(Int64(last[$0].rounded(.down))) }
    let freq = kept.map { frequency[$0] }
    let money = kept.map { monetary[$0] }
    let r = Self.tieSafeScores(recency.map { -Double($0) }, bins: bins)
    let f = Self.tieSafeScores(freq.map { Double($0) }, bins: bins)
    let m = Self.tieSafeScores(money, bins: bins)
    let segment = kept.indices.map { Self.segment(r: r[$0], f: f[$0], bins: bins) }
    let columns: [Column] = [
      customerColumn.gather(kept.map { customers.firstRows[$0] }),
      .ints("recency_days", recency), .ints("frequency", freq), .floats("monetary", money),
      .ints("r", r), .ints("f", f), .ints("m", m),
      Column(name: "rfm", scalars: kept.indices.map { .string("\(r[$0])\(f[$0])\(m[$0])") }, type: .string),
      Column(name: "segment", scalars: segment.map { .string($0) }, type: .string),
    ]
    let definition = "rfm at \(CivilTime.format(Int64(atDay) * 86_400, dateOnly: true)): recency_days = days since the last sale line, "
      + "frequency = sale orders, monetary = sum of \(amountText) (net of returns)"
      + (refunds.map { " less refunds (sum of \($0.summed))" } ?? "") + "; scores 1–\(bins), "
      + "1 + floor(\(bins) × share of customers strictly worse), ties share a score; segment from R and F "
      + "(scaled to 1–5) on the RF grid; customers with no sale (only cancellations) left out"
    return KPIResult(frame: Frame(columns: columns), definition: definition, notes: refundNote.map { [$0] } ?? [])
  }

  /// 1 + ⌊bins × (number of values strictly below) / n⌋ for each value.
  ///
  /// NaN (a monetary sum of inf and -inf) sorts below every number and ties with NaN:
  /// with plain `==` a NaN never equalled itself and the tie loop never advanced.
  static func tieSafeScores(_ values: [Double], bins: Int) -> [Int] {
    let n = values.count
    guard n > 0 else { return [] }
    let order = values.indices.sorted { a, b in
      values[a].isNaN ? !values[b].isNaN : !values[b].isNaN && values[a] < values[b]
    }
    func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
    var scores = [Int](repeating: 1, count: n)
    var below = 0
    var i = 0
    while i < n {
      var j = i + 1
      while j < n && same(values[order[j]], values[order[i]]) { j += 1 }
      let score = min(bins, 1 + bins * below / n)
      for k in i..<j { scores[order[k]] = score }
      below = j
      i = j
    }
    return scores
  }

  /// The RF-grid segment of a customer (scores scaled to 1…5).
  static func segment(r: Int, f: Int, bins: Int) -> String {
    let r5 = (r * 5 + bins - 1) / bins
    let f5 = (f * 5 + bins - 1) / bins
    switch (r5, f5) {
    case (5, 4...5): return "Champions"
    case (3...4, 4...5): return "Loyal Customers"
    case (1...2, 5): return "Can't Lose Them"
    case (1...2, 3...4): return "At Risk"
    case (1, 1): return "Lost"
    case (1...2, 1...2): return "Hibernating"
    case (3, 3): return "Need Attention"
    case (3, 1...2): return "About To Sleep"
    case (4...5, 2...3): return "Potential Loyalists"
    case (4, 1): return "Promising"
    case (5, 1): return "New Customers"
    default: return "Other"
    }
  }
}
