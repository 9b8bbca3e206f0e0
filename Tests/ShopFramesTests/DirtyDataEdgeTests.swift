import ShopCore
import XCTest

@testable import ShopFrames

/// Edge cases of issue 16's rules on tiny synthetic frames (the real-file cases are in
/// ShopRuntimeTests/DirtyDataCommandTests): nulls in joined texts, groups too small for
/// clip bounds, which comparisons the absent-value check reads, the sale-line rule.
final class DirtyDataEdgeTests: XCTestCase {
  let frame = Frame(columns: [
    strings("event", ["view", "cart", "purchase", nil]),
    ints("n", [1, nil, 3, 4]),
    strings("g", ["a", "a", "a", "b"]),
  ])

  func testConcatAndTextPlusAreNullWhenAPartIsNull() throws {
    let joined = try frame.evaluate(ColumnExpr(.call("concat", [col("event"), lit("_"), col("n")])))
    XCTAssertEqual((0..<4).map { joined[$0] }, [.string("view_1"), .null, .string("purchase_3"), .null])
    let plus = try frame.evaluate(bin(.add, col("event"), col("g")))
    XCTAssertEqual((0..<4).map { plus[$0] }, [.string("viewa"), .string("carta"), .string("purchasea"), .null])
    // Two constants fold to one text.
    XCTAssertEqual(try frame.evaluate(bin(.add, lit("a"), lit("b")))[0], .string("ab"))
  }

  func testClipByGroupLeavesAGroupTooSmallForItsBoundsAlone() throws {
    let f = Frame(columns: [floats("x", [1, 2, 3, 100, 50]), strings("g", ["a", "a", "a", "a", "b"])])
    // Group a: mean 26.5, sample std 49.0 → 1 sd bounds [-22.5, 75.5]: 100 is clipped;
    // group b has one value, no std: left as it is.
    let r = try f.clip(ColumnRef("x"), rule: .zscore(1), drop: false, by: [ColumnRef("g")])
    let x = r.frame.column(named: "x")!
    XCTAssertEqual(x[3].doubleValue ?? 0, 26.5 + 49.0, accuracy: 0.01)
    XCTAssertEqual(x[4], .float(50))
    XCTAssertTrue(r.summary.hasSuffix("clipped 1 value in 1 group"), r.summary)
  }

  func testAbsentValuesAreReadFromDirectTextComparisonsOnly() {
    let e = bin(
      .or, bin(.equal, lit("purchse"), col("event")),
      ColumnExpr(.isIn(col("event"), [lit("view"), lit("click")])))
    let absent = frame.absentLiterals(in: e)
    XCTAssertEqual(absent.map(\.value), ["purchse", "click"])
    XCTAssertEqual(absent.first?.nearest, "purchase")
    // "click" is near no value: the note lists the values instead.
    XCTAssertNil(absent.last?.nearest)
    XCTAssertEqual(absent.last?.notes, ["event has 3 values: \"cart\", \"purchase\", \"view\""])
    // Numbers, functions of a column and present values are not checked.
    XCTAssertTrue(frame.absentLiterals(in: bin(.equal, col("n"), lit(Int64(9)))).isEmpty)
    XCTAssertTrue(frame.absentLiterals(in: bin(.equal, ColumnExpr(.call("lower", [col("event")])), lit("zz"))).isEmpty)
    XCTAssertTrue(frame.absentLiterals(in: bin(.notEqual, col("event"), lit("view"))).isEmpty)
    // A table filtered to nothing has no values to list (it said "event has 0 values: ").
    let none = try? frame.filter(bin(.equal, col("n"), lit(Int64(-99)))).absentLiterals(in: bin(.equal, col("event"), lit("view")))
    XCTAssertEqual(none?.first?.notes, ["event has no values (every row is null, or there are no rows)"])
  }

  func testTheSaleLineRuleOfATableWithoutMoney() throws {
    // An event column with several values: refused, naming the likely purchase value.
    let roles = ResolvedRoles(columns: [.event: "event"])
    XCTAssertThrowsError(try frame.saleLines(roles, for: "orders")) { error in
      guard case KPIError.eventLogWithoutAmount(_, let event, let values, let purchase) = error else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(event, "event")
      XCTAssertEqual(values.count, 3)
      XCTAssertEqual(purchase, "purchase")
    }
    // The event role set to none (`roles event none`): the `event` column is not read.
    let none = ShopRoles(none: [.event]).resolved(for: frame)
    XCTAssertNil(none[.event])
    let counted = try frame.saleLines(none, for: "orders")
    XCTAssertTrue(counted.countsRows)
    XCTAssertEqual(counted.rule, "every row: no quantity or amount column, and no event column (roles event none)")
    XCTAssertEqual(ShopRoles().resolved(for: frame)[.event], "event")
    // No event column: every row is a sale line, and the rule says so.
    let plain = try frame.saleLines(ResolvedRoles(), for: "orders")
    XCTAssertTrue(plain.countsRows)
    XCTAssertEqual(plain.rule, "every row: no quantity or amount column")
    // A bool amount marks the sale lines.
    let flagged = Frame(columns: [bools("paid", [true, false, nil])])
    let flags = try flagged.saleLines(ResolvedRoles(columns: [.amount: "paid"]), for: "orders")
    XCTAssertEqual(flags.signs, [1, 0, 0])
    XCTAssertFalse(flags.valid.isValid(2))
  }
}
