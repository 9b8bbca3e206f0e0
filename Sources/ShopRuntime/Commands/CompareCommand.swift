import ShopCore
import ShopFrames
import ShopSyntax

extension KPICommands {
  /// `compare A vs B`: two segments or periods of a rate table side by side, with the
  /// change and a named significance test (Frame+CompareRates.swift).
  static let compareRates = Command(
    "compare_rates", category: "KPIs", synopsis: "compare_rates A|last vs B|previous N [on COL]",
    summary: "two segments or periods of a conversion, bounce or ctr table side by side, with a two-proportion z-test",
    details: """
      Over the table of conversion, bounce_rate or ctr with a breakdown. A and B are values \
      of a key column (a string, a number or a date such as 2026-02-02); 'last' is the \
      table's last row, 'previous N' the N rows before A pooled (count / base summed), so \
      'compare_rates last vs previous 4' is this week against the four before on a weekly \
      breakdown. Gives each side's base, count and rate, change = a_rate − b_rate, \
      relative_change, z and the two-sided p_value of the pooled two-proportion z-test. \
      With two key columns, one row per value of the other. COL defaults to the column \
      holding A, else the last key column.
      """,
    examples: [
      "orders | conversion per InvoiceNo when Quantity < 0 by Country | compare_rates \"France\" vs \"Germany\"",
      "orders | conversion per InvoiceNo when Quantity < 0 by trunc(InvoiceDate, month) | compare_rates last vs previous 3",
    ], input: .frame
  ) { inv in
    let f = try inv.frame()
    let a = try compareSide(&inv, allowPrevious: false)
    try inv.args.expectKeyword("vs")
    let b = try compareSide(&inv, allowPrevious: true)
    var key: String?
    if inv.args.keyword("on") { key = try inv.args.column("the key column").name }
    try inv.args.finish()
    return emit(try f.compareRates(key: key, a, vs: b), inv)
  }

  /// `last`, `previous N`, or a value (string, number, date).
  static func compareSide(_ inv: inout Invocation, allowPrevious: Bool) throws -> CompareSide {
    if inv.args.keyword("last") { return .last }
    if allowPrevious, inv.args.keyword("previous") {
      let (n, range) = try inv.args.integer("how many periods before")
      guard n >= 1 else { throw RuntimeError.invalidValue("previous needs at least 1", at: range) }
      return .previous(n)
    }
    let e = try inv.args.expr("a value of the key column, 'last' or 'previous N'")
    switch e.kind {
    case .date(let t): return .value(.datetime(t))
    case .name(let n) where inv.session.bindings[n] == nil:
      // `compare_rates New_Visitor vs Returning_Visitor`: a key's text value typed bare.
      throw Diagnostic.error("unknown name '\(n)'", at: e.range, label: "a text value goes in quotes: \"\(n)\"")
    default:
      guard case .scalar(let s) = try inv.value(of: e) else {
        throw RuntimeError.expected("a value such as \"mobile\" or 2026-02-02", at: e.range)
      }
      return .value(s)
    }
  }
}
