import ShopCore

/// Which rows are sale lines and which are return lines: the one rule every KPI
/// (kpi, cohort, rfm, clv) applies, so a table never counts as orders in one command
/// and as nothing in another.
///
/// - With a quantity role, the sign of the quantity.
/// - Else with an amount role (or quantity × price), the sign of the amount; a bool
///   amount marks the sale lines (true) but is no money.
/// - Else every row is a sale line, *unless* the table is an event log: an event column
///   (the event role) with more than one value. Counting page views as purchases would
///   be a silently wrong number, so that case is refused with the roles to set and the
///   filter to write (`where type == "orders"`). An event column with a single value
///   (the log already filtered to purchases) counts each row as a sale line, and so does
///   a table whose event role the user set to none (`roles event none`: its `type`
///   column is a payment type, not an event kind).
struct SaleLines {
  /// > 0: sale line, < 0: return line, 0: neither.
  var signs: [Double]
  var valid: Validity
  /// The rule in words for the definition line: `Quantity > 0`, `every row`.
  var rule: String
  /// True when there is neither a quantity nor an amount: each row counts as one sale line.
  var countsRows: Bool

  /// The rule with a quantity role `q`: its sign.
  static func quantityRule(_ q: String) -> String { "\(q) > 0" }
}

extension Frame {
  /// The sale-line rule for this table and roles (see `SaleLines`).
  ///
  /// - Parameter needed: what asked, for the error (`"orders"`, `"cohort"`).
  /// - Throws: `KPIError.eventLogWithoutAmount` for an event log with no quantity or amount.
  func saleLines(_ roles: ResolvedRoles, for needed: String) throws -> SaleLines {
    if let q = roles[.quantity], let col = column(named: q) {
      let d = try col.kpiNumbers(role: "quantity")
      return SaleLines(signs: d.values, valid: d.valid, rule: SaleLines.quantityRule(q), countsRows: false)
    }
    if let a = roles[.amount], let col = column(named: a) {
      // A bool "amount" (Online Shoppers Intention's Revenue) flags the purchasing rows;
      // it says which rows are sales, not how much money (see `kpiAmounts`).
      if case .bool(let v, let m) = col.data {
        return SaleLines(
          signs: v.map { $0 ? 1 : 0 }, valid: m, rule: "\(a) is true (a bool: which rows are purchases)", countsRows: false)
      }
      let d = try col.kpiNumbers(role: "amount")
      return SaleLines(signs: d.values, valid: d.valid, rule: "\(a) > 0", countsRows: false)
    }
    var rule = "every row: no quantity or amount column"
    if roles.none.contains(.event) { rule += ", and no event column (roles event none)" }
    if let e = roles[.event], let events = column(named: e) {
      let counts = Self.valueCounts(events)
      if counts.count > 1 {
        throw KPIError.eventLogWithoutAmount(
          needed: needed, event: e, values: counts.map { "\($0.value) (\(NumberFormat.grouped($0.count)))" },
          purchase: Self.likelyPurchase(counts.map(\.value)))
      }
      if let only = counts.first { rule = "every row: no quantity or amount column, and \(e) is always \"\(only.value)\"" }
    }
    return SaleLines(signs: [Double](repeating: 1, count: rowCount), valid: .allValid, rule: rule, countsRows: true)
  }

  /// The non-null values of a column as text with their row counts, most frequent first.
  static func valueCounts(_ column: Column) -> [(value: String, count: Int)] {
    var counts: [String: Int] = [:]
    var order: [String] = []
    for i in 0..<column.count where !column.isNull(i) {
      let text = plainText(column[i])
      if counts[text] == nil { order.append(text) }
      counts[text, default: 0] += 1
    }
    return order.map { ($0, counts[$0] ?? 0) }.sorted { $0.count > $1.count }
  }

  /// The event value that most likely marks a purchase, for the hint.
  static func likelyPurchase(_ values: [String]) -> String? {
    let words = ["purchase", "purchased", "order", "orders", "transaction", "buy", "checkout_complete", "sale", "sales"]
    if let exact = values.first(where: { words.contains($0.lowercased()) }) { return exact }
    return values.first { v in ["purchase", "order", "transaction"].contains { v.lowercased().contains($0) } }
  }
}
