import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// Empty frames, all-null columns and odd numbers through every cleaning step: none may
/// crash, and each must say what it did.
final class EdgeCaseTests: XCTestCase {
  let nulls = Frame(columns: [
    strings("k", ["a", "b", "a"]), floats("x", [nil, nil, nil]), strings("s", [nil, nil, nil]),
  ])

  func testCleaningAllNullColumns() throws {
    XCTAssertEqual(
      try nulls.fill(ref("x"), with: .mean).summary, "fill x with mean: filled 0 of 3 nulls")
    XCTAssertEqual(
      try nulls.fill(ref("s"), with: .mode).summary, "fill s with mode: filled 0 of 3 nulls")
    XCTAssertEqual(
      try nulls.fill(ref("x"), with: .interpolate).frame.column(named: "x")?.nullCount, 3)
    XCTAssertEqual(
      try nulls.fill(ref("x"), with: .value(.int(1))).frame.values("x"),
      [.float(1), .float(1), .float(1)])
    XCTAssertEqual(
      try nulls.clip(ref("x"), rule: .iqr(1.5), drop: false).summary,
      "clip x: no values, nothing to do")
    assertFrameError(try nulls.normalize(ref("x"), method: .minmax))
    XCTAssertEqual(try nulls.encode(ref("s"), method: .label).summary, "encode s label: 0 values")
    XCTAssertEqual(try nulls.encode(ref("s"), method: .onehot).frame.columnNames, ["k", "x"])
    XCTAssertEqual(try nulls.dropMissing(refs("x")).frame.rowCount, 0)
    XCTAssertEqual(try nulls.dedupe().summary, "dedupe: removed 1 of 3 rows")
    XCTAssertEqual(try nulls.freq(ref("s")).values("count"), [.int(3)])
  }

  func testCleaningEmptyFrame() throws {
    let empty = nulls.head(0)
    XCTAssertEqual(try empty.dedupe().summary, "dedupe: removed 0 of 0 rows")
    XCTAssertEqual(
      try empty.fill(ref("x"), with: .previous).summary, "fill x with previous: filled 0 nulls")
    XCTAssertEqual(
      try empty.check(bin(.greater, col("x"), lit(0.0)), ruleText: "x > 0", drop: true).summary,
      "check x > 0: 0 of 0 rows violate")
    XCTAssertEqual(try empty.freq(ref("k")).rowCount, 0)
    XCTAssertEqual(empty.describe().values("count"), [.int(0), .int(0), .int(0)])
    XCTAssertEqual(try empty.sample(count: 3, fraction: nil, seed: 1).rowCount, 0)
    let noTimes = Frame(columns: [dates("t", [nil])])
    XCTAssertEqual(
      try noTimes.resample(ref("t"), every: .week, aggregations: [agg("n", "count", nil)]).rowCount,
      0)
  }

  func testSortOrdersSignedZeroAndNaN() throws {
    let f = Frame(columns: [
      floats("x", [.nan, 1, -0.0, -.infinity, 0, .infinity]), ints("i", [0, 1, 2, 3, 4, 5]),
    ])
    let sorted = try f.sort([SortKey(col("x"))])
    // -inf, -0.0 and 0 tie (stable: row 2 before row 4), 1, +inf, then NaN.
    XCTAssertEqual(sorted.values("i"), [3, 2, 4, 1, 5, 0].map { .int($0) })
  }
}
