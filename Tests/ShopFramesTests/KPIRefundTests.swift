import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// The refund role: a refund column (Shopify's `Refunded Amount`) that net money subtracts.
/// Small frames whose answers are counted by hand in the comments; a Shopify-shaped export
/// checked against pandas is Tests/Scripts/unseen/shopify_refunds.shop.
final class KPIRefundTests: XCTestCase {
  func roles(_ f: Frame, _ book: ShopRoles = ShopRoles()) -> ResolvedRoles { book.resolved(for: f) }

  /// Four orders, no return lines: A (10 + 2 × 5, refund 5 on its first line), B (20),
  /// C (3 × 4, refunded 12), D (8, in FR). gmv 10 + 10 + 20 + 12 + 8 = 60; refunds 17.
  func orders(refund: [Double?] = [5, nil, 0, 12, nil], name: String = "Refunded Amount") -> Frame {
    Frame(columns: [
      strings("order_id", ["A", "A", "B", "C", "D"]),
      strings("country", ["DE", "DE", "DE", "FR", "FR"]),
      ints("qty", [1, 2, 1, 3, 1]),
      floats("price", [10, 5, 20, 4, 8]),
      floats(name, refund),
    ])
  }

  func value(_ r: KPIResult, _ column: String, row: Int = 0) -> Double? { r.frame.column(named: column)?[row].doubleValue }

  func testRefundNamedNumbersAreInferredAndNothingElseIs() {
    for name in [
      "Refunded Amount", "refund", "refund_amount", "amount_refunded", "AMOUNT-REFUNDED", "Refunds", "Total Refunded",
      "Order Refund Amount", "Erstattungsbetrag", "montant_rembourse",
    ] {
      let r = roles(orders(name: name))
      XCTAssertEqual(r[.refund], name, name)
      XCTAssertTrue(r.inferred.contains(.refund), name)
      XCTAssertNil(r[.amount], "\(name) is not the amount")
    }
    // An order export's total stays the amount; the refund beside it is the refund.
    let shop = Frame(columns: [floats("Total", [10]), floats("Refunded Amount", [2]), floats("Subtotal", [9])])
    XCTAssertEqual([roles(shop)[.amount], roles(shop)[.refund]], ["Total", "Refunded Amount"])
    // Not money: a refund reason, a yes/no flag (bool or 0/1), a refund date, a near name.
    let notMoney = [
      strings("refund", ["damaged"]), bools("refunded", [true]), dates("refund_date", ["2024-01-02 10:00"]),
      floats("refund_rate", [0.1]), floats("refund_reason_code", [3]),
    ]
    for column in notMoney { XCTAssertNil(roles(Frame(columns: [column]))[.refund], column.name) }
    XCTAssertNil(roles(Frame(columns: [ints("Refunded", [0, 1, 1, 0])]))[.refund], "a 0/1 column says whether, not how much")
    XCTAssertEqual(roles(Frame(columns: [ints("Refunded", [0, 25, 0])]))[.refund], "Refunded")
  }

  func testNetSubtractsTheRefundsAndGrossNeverReadsThem() throws {
    let f = orders()
    let r = roles(f)
    let net = try f.kpi([.orders, .gmv, .revenue, .aov], roles: r, basis: .net)
    XCTAssertEqual(value(net, "gmv"), 60)  // gmv is always gross
    XCTAssertEqual(value(net, "revenue"), 43)  // 60 - (5 + 12)
    XCTAssertEqual(value(net, "aov"), 43.0 / 4)
    XCTAssertTrue(net.definition.contains("refunds = sum of Refunded Amount, subtracted from net revenue"), net.definition)
    XCTAssertEqual(net.notes, [])
    let gross = try f.kpi([.revenue, .aov], roles: r, basis: .gross)
    XCTAssertEqual(value(gross, "revenue"), 60)
    XCTAssertEqual(value(gross, "aov"), 15)
    XCTAssertFalse(gross.definition.contains("refund"), gross.definition)
    // Gross does not even look: a refund column net would refuse leaves it untouched.
    let mixed = orders(refund: [5, nil, -1, 12, nil])
    XCTAssertEqual(value(try mixed.kpi([.revenue], roles: roles(mixed), basis: .gross), "revenue"), 60)
    XCTAssertThrowsError(try mixed.kpi([.revenue], roles: roles(mixed), basis: .net)) { error in
      XCTAssertEqual(
        (error as? KPIError)?.diagnostic.message,
        "the refund column 'Refunded Amount' holds both positive (5) and negative (-1) amounts, so which way a "
          + "refund is written cannot be told; fix the column, or say 'roles refund none' to net without it")
    }
    // Metrics with no money are not net of refunds.
    let counts = try f.kpi([.orders, .itemsPerOrder], roles: r, basis: .net)
    XCTAssertEqual(value(counts, "items_per_order"), 8.0 / 4)
    XCTAssertFalse(counts.definition.contains("refund"), counts.definition)
  }

  func testRefundsWrittenNegativeCountTheSameAndGroupsGetTheirOwn() throws {
    let f = orders(refund: [-5, nil, 0, -12, nil])
    let net = try f.kpi([.revenue], roles: roles(f), basis: .net)
    XCTAssertEqual(value(net, "revenue"), 43)
    XCTAssertTrue(net.definition.contains("refunds = sum of -Refunded Amount (written as negative amounts)"), net.definition)
    // By country: DE 10 + 10 + 20 - 5 = 35, FR 12 + 8 - 12 = 8.
    let by = try f.kpi([.revenue], roles: roles(f), by: .column(ColumnRef("country")), basis: .net)
    XCTAssertEqual([value(by, "revenue", row: 0), value(by, "revenue", row: 1)], [35, 8])
  }

  func testTheRoleIsSetOrSetToNoneLikeTheOthers() throws {
    let f = orders(name: "money_back")
    XCTAssertNil(roles(f)[.refund], "not a refund name")
    let set = roles(f, ShopRoles([.refund: "money_back"]))
    XCTAssertEqual(value(try f.kpi([.revenue], roles: set, basis: .net), "revenue"), 43)
    XCTAssertEqual(set.summary([.amount, .refund]), "roles: amount qty * price (inferred), refund money_back")
    let none = roles(orders(), ShopRoles(none: [.refund]))
    XCTAssertEqual(value(try orders().kpi([.revenue], roles: none, basis: .net), "revenue"), 60)
    // A text column named as the refund is an error, as for any role.
    let text = Frame(columns: [strings("order_id", ["A"]), ints("qty", [1]), floats("price", [3]), strings("why", ["late"])])
    XCTAssertThrowsError(try text.kpi([.revenue], roles: roles(text, ShopRoles([.refund: "why"])), basis: .net))
  }

  /// Return lines and a refund column: the return lines are the returns and the refund
  /// column is left out (it most likely repeats them), with a note saying how to choose it.
  func testReturnLinesWinOverARefundColumnSoNothingIsCountedTwice() throws {
    // Order C's 3 units come back as a line of -3 × 4 = -12, and its refund of 12 says the same.
    var f = orders()
    f = try f.union(
      Frame(columns: [
        strings("order_id", ["C"]), strings("country", ["FR"]), ints("qty", [-3]), floats("price", [4]),
        floats("Refunded Amount", [nil]),
      ]))
    let net = try f.kpi([.revenue], roles: roles(f), basis: .net)
    XCTAssertEqual(value(net, "revenue"), 48)  // 60 - 12 once, not 60 - 12 - 17
    XCTAssertEqual(
      net.notes,
      [
        "the refund column 'Refunded Amount' is not subtracted: the table has 1 return line, which net subtracts "
          + "already and the refunds likely repeat; to net by 'Refunded Amount' instead, keep the sale lines first "
          + "(where qty > 0 | …), or say 'roles refund none' to leave it out without this note"
      ])
    XCTAssertFalse(net.definition.contains("refunds ="), net.definition)
    // Keeping the sale lines, as the note says, nets by the refund column: 60 - 17.
    let sales = f.gather(Array(0..<5))  // the rows with qty > 0
    XCTAssertEqual(value(try sales.kpi([.revenue], roles: roles(sales), basis: .net), "revenue"), 43)
  }

  /// rfm's monetary is net: of returns, and of the refunds.
  func testRFMMonetaryIsLessTheRefunds() throws {
    var f = orders()
    f = f.with(strings("customer_id", ["u1", "u1", "u2", "u2", "u3"]))
    f = f.with(dates("ts", ["2024-01-01 10:00", "2024-01-01 10:00", "2024-02-01 10:00", "2024-03-01 10:00", "2024-03-02 10:00"]))
    let rfm = try f.rfm(roles: roles(f))
    // u1: 10 + 10 - 5 = 15; u2: 20 + 12 - 12 = 20; u3: 8.
    let money = (0..<3).map { value(rfm, "monetary", row: $0) }
    XCTAssertEqual(money, [15, 20, 8])
    XCTAssertTrue(rfm.definition.contains("less refunds (sum of Refunded Amount)"), rfm.definition)
  }

  /// The bundled Online Retail log has no refund column, and its net revenue stays the
  /// pinned one (KPIRealDataTests) even if a refund column is added: it has return lines.
  func testOnlineRetailNetIsUnchangedEvenWithARefundColumn() throws {
    let orders = try CSVReader.load(try testDataPath("uci-online-retail/online_retail_non_uk.csv")).frame
    let r = roles(orders)
    XCTAssertNil(r[.refund])
    let before = try orders.kpi([.revenue, .aov], roles: r, basis: .net)
    let withRefunds = orders.with(floats("refund", [Double?](repeating: 1, count: orders.rowCount)))
    let after = try withRefunds.kpi([.revenue, .aov], roles: roles(withRefunds), basis: .net)
    XCTAssertEqual(value(after, "revenue"), value(before, "revenue"))
    XCTAssertEqual(value(after, "aov"), value(before, "aov"))
    XCTAssertEqual(after.notes.count, 1)
    XCTAssertTrue(after.notes[0].hasPrefix("the refund column 'refund' is not subtracted: the table has "), after.notes[0])
  }
}
