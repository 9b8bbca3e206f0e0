import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// Edge cases of the breakdown keys and the two-proportion test, on small synthetic
/// tables (the real-data figures are in ShopRuntimeTests/BreakdownCommandTests.swift).
final class BreakdownKeysTests: XCTestCase {
  func day(_ s: String) -> Int64 { DateTextParser.parse(s) ?? 0 }

  func testAFunnelsEmptyPeriodHasEveryStepAtZero() throws {
    // Weeks of 2026-01-05 and 2026-01-19 have sessions; the week between comes out with
    // both steps at 0 units (several rows per group), and the note names the terms.
    let f = Frame(columns: [
      Column(name: "session", scalars: [1, 1, 2, 3, 3].map { .int($0) }, type: .int),
      Column(name: "event", scalars: ["cart", "buy", "cart", "cart", "buy"].map { .string($0) }, type: .string),
      Column(name: "t", data: .datetime([day("2026-01-05"), day("2026-01-06"), day("2026-01-19"), day("2026-01-20"), day("2026-01-26")], .allValid)),
      Column(name: "seg", scalars: ["a", "a", "a", "a", "b"].map { .string($0) }, type: .string),
      Column(name: "w", data: .datetime([day("2026-01-05"), day("2026-01-05"), day("2026-01-19"), day("2026-01-19"), day("2026-01-26")], .allValid)),
    ])
    let keys = try BreakdownKeys(frame: f, columns: ["seg", "w"], orders: [nil, nil])
    let r = try keys.arrange(
      try keys.frame.funnel(steps: ["cart", "buy"], event: ColumnRef("event"), unit: ColumnRef("session"), time: ColumnRef("t"), by: keys.by))
    XCTAssertEqual(Array(r.frame.columnNames.prefix(5)), ["seg", "w", "step", "name", "units"])
    XCTAssertEqual(r.frame.values("w"), ["2026-01-05", "2026-01-05", "2026-01-12", "2026-01-12", "2026-01-19", "2026-01-19"].map { .datetime(day($0)) })
    XCTAssertEqual(r.frame.values("step"), [1, 2, 1, 2, 1, 2].map { .int($0) })
    XCTAssertEqual(r.frame.values("name"), ["cart", "buy", "cart", "buy", "cart", "buy"].map { .string($0) })
    XCTAssertEqual(r.frame.values("units"), [1, 1, 0, 0, 2, 1].map { .int($0) })
    XCTAssertEqual(r.frame.values("step_conversion")[2], .null)
    // Session 3's buy is in segment b: it is counted in a (its step-1 row), as the note says.
    XCTAssertEqual(r.notes.count, 1)
    XCTAssertTrue(r.notes[0].contains("different seg, w values"), r.notes[0])
    XCTAssertFalse((r.notes + [r.definition]).joined().contains("__by"))
  }

  func testPeriodsAreInferredFromTheValues() {
    let quarters = Column(name: "q", data: .datetime([day("2026-01-01"), day("2026-07-01")], .allValid))
    XCTAssertEqual(BreakdownKeys.inferOrder(quarters), .periods(.quarter))
    let weeks = Column(name: "w", data: .datetime([day("2026-01-05"), day("2026-01-19")], .allValid))
    XCTAssertEqual(BreakdownKeys.inferOrder(weeks), .periods(.week))
    let times = Column(name: "t", data: .datetime([day("2026-01-05") + 3600], .allValid))
    XCTAssertEqual(BreakdownKeys.inferOrder(times), .ascending)
    XCTAssertEqual(BreakdownKeys.inferOrder(Column(name: "s", scalars: [.string("a")], type: .string)), .appearance)
  }

  func testEmptyQuartersAreFilledForEachSegment() throws {
    // Two segments; b has no row in Q2 and a has none in Q3: both come out with Q1 … Q3.
    let q1 = day("2026-01-01")
    let q2 = day("2026-04-01")
    let q3 = day("2026-07-01")
    let f = Frame(columns: [
      Column(name: "seg", scalars: ["a", "b", "a", "b"].map { .string($0) }, type: .string),
      Column(name: "q", data: .datetime([q1, q1, q2, q3], .allValid)),
      Column(name: "hit", data: .bool([true, false, true, true], .allValid)),
    ])
    let keys = try BreakdownKeys(frame: f, columns: ["seg", "q"], orders: [nil, nil])
    let r = try keys.arrange(
      try keys.frame.conversion(unit: nil, converted: RowCondition(.column("hit"), text: "hit"), by: keys.by))
    XCTAssertEqual(r.frame.columnNames, ["seg", "q", "units", "converted", "conversion_rate"])
    XCTAssertEqual(r.frame.values("seg"), ["a", "a", "a", "b", "b", "b"].map { .string($0) })
    XCTAssertEqual(r.frame.values("q"), [q1, q2, q3, q1, q2, q3].map { .datetime($0) })
    XCTAssertEqual(r.frame.values("units"), [1, 1, 0, 1, 0, 1].map { .int($0) })
    XCTAssertEqual(r.frame.values("conversion_rate")[2], .null)
    XCTAssertTrue(r.definition.contains("each unit counted in the seg, q of its first row"), r.definition)
    XCTAssertTrue(r.definition.hasSuffix("periods in time order, empty ones included"), r.definition)
  }

  func testTwoProportionTestWithoutVariance() {
    let none = TwoProportionTest(xa: 0, na: 0, xb: 3, nb: 10)
    XCTAssertNil(none.change)
    XCTAssertNil(none.pValue)
    // Both sides at 100%: no change and no variance, so no z.
    let flat = TwoProportionTest(xa: 5, na: 5, xb: 7, nb: 7)
    XCTAssertEqual(flat.change, 0)
    XCTAssertNil(flat.z)
    // scipy.stats.norm.sf(1.96) * 2 = 0.04999579 for a z of exactly 1.96
    let t = TwoProportionTest(xa: 60, na: 100, xb: 40, nb: 100)
    assertClose(t.z ?? .nan, 0.2 / (0.25 * 0.02).squareRoot())
    assertClose(TwoProportionTest.pValue(z: 1.96), 0.04999579, tolerance: 1e-7)
  }
}
