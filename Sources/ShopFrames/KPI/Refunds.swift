import ShopCore

/// Money refunded on order rows (the refund role: Shopify's `Refunded Amount`), which net
/// money subtracts besides cancellations and return lines. Gross money never reads it.
///
/// - Sign: exports write a refund as a positive amount (Shopify, Stripe) or as a negative
///   one (accounting parentheses, `(1,234.50)`). Either way it is money given back, so its
///   size is subtracted; a column holding both signs is refused, since which way it is
///   written cannot be told.
/// - Rows: summed over the rows like the amount, each in its row's group. Shopify writes
///   order fields (`Total`, `Refunded Amount`) on an order's first line only, and a table
///   of one row per order has one value per order; both are counted once.
/// - Double counting: a table that also has return lines (negative quantity, Online
///   Retail's `C…` invoices) already records its returns there, and a refund column beside
///   them most likely repeats the same money. Net then subtracts the return lines only,
///   leaves the refund column out, and a note says so and how to net by the refunds instead.
struct Refunds {
  /// Per row, the money refunded (≥ 0; 0 where null).
  var values: [Double]
  /// The refund column, for the definition.
  var column: String
  /// Whether the column writes refunds as negative amounts.
  var negative: Bool

  /// "Refunded Amount", or "-Refunded (written as negative amounts)": what is summed.
  var summed: String { negative ? "-\(column) (written as negative amounts)" : column }
}

extension Frame {
  /// The refunds net money subtracts (nil when there is no refund column), and a note
  /// when a refund column is left out because the table has return lines.
  ///
  /// - Throws: `KPIError.wrongRoleType` for a refund column that is not a number,
  ///   `.invalidOption` for one holding both positive and negative amounts.
  func kpiRefunds(_ roles: ResolvedRoles, sales: SaleLines) throws -> (refunds: Refunds?, note: String?) {
    guard let name = roles[.refund], let col = column(named: name) else { return (nil, nil) }
    if col.type == .bool {
      throw KPIError.wrongRoleType(role: "refund", column: name, expected: "an amount of money refunded", got: .bool)
    }
    let d = try col.kpiNumbers(role: "refund")
    var returnLines = 0
    for i in sales.signs.indices where sales.valid.isValid(i) && sales.signs[i] < 0 { returnLines += 1 }
    if returnLines > 0 {
      // Return lines exist only with a quantity or an amount: the column whose sign tells them.
      let sign = roles[.quantity] ?? roles[.amount] ?? "quantity"
      return (
        nil,
        "the refund column '\(name)' is not subtracted: the table has "
          + "\(NumberFormat.count(returnLines, "return line")), which net subtracts already and the refunds "
          + "likely repeat; to net by '\(name)' instead, keep the sale lines first (where \(Self.spelled(sign)) > 0 | …), "
          + "or say 'roles refund none' to leave it out without this note"
      )
    }
    var positive: Double?
    var negative: Double?
    var values = [Double](repeating: 0, count: rowCount)
    for i in 0..<rowCount where d.valid.isValid(i) && d.values[i].isFinite {
      let v = d.values[i]
      if v > 0, positive == nil { positive = v }
      if v < 0, negative == nil { negative = v }
      values[i] = abs(v)
    }
    if let positive, let negative {
      throw KPIError.invalidOption(
        "the refund column '\(name)' holds both positive (\(NumberFormat.typed(positive))) and negative "
          + "(\(NumberFormat.typed(negative))) amounts, so which way a refund is written cannot be told; "
          + "fix the column, or say 'roles refund none' to net without it")
    }
    return (Refunds(values: values, column: name, negative: negative != nil), nil)
  }

  /// A column name as it is typed in a command: back-quoted unless it is a plain word.
  static func spelled(_ name: String) -> String {
    let plain = name.first.map { $0.isLetter || $0 == "_" } == true && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    return plain ? name : "`\(name)`"
  }
}
