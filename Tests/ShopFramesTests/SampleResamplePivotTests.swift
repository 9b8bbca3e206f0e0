import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

final class SampleResamplePivotTests: XCTestCase {
  func testSampleIsSeededWithoutReplacementInOrder() throws {
    let f = Frame(columns: [ints("i", (0..<1000).map { Int64($0) })])
    let a = try f.sample(count: 100, fraction: nil, seed: 42)
    let b = try f.sample(count: 100, fraction: nil, seed: 42)
    let c = try f.sample(count: 100, fraction: nil, seed: 43)
    XCTAssertEqual(a.values("i"), b.values("i"))
    XCTAssertNotEqual(a.values("i"), c.values("i"))
    let picked = a.values("i").compactMap { $0.doubleValue }
    XCTAssertEqual(picked.count, 100)
    XCTAssertEqual(Set(picked).count, 100)
    XCTAssertEqual(picked, picked.sorted())
    XCTAssertEqual(try f.sample(count: nil, fraction: 0.25, seed: 1).rowCount, 250)
    XCTAssertEqual(try f.sample(count: 5000, fraction: nil, seed: 1).rowCount, 1000)
    assertFrameError(try f.sample(count: nil, fraction: nil, seed: 1))
    assertFrameError(try f.sample(count: nil, fraction: 1.5, seed: 1))
  }

  let sales = Frame(columns: [
    dates(
      "t",
      [
        "2011-01-03 09:00", "2011-01-03 17:00", "2011-01-05 10:00", nil, "2011-01-10 08:00",
        "2011-03-02 12:00",
      ]),
    floats("amount", [1, 2, 4, 100, 8, 16]),
  ])

  func testResampleByDayIncludesEmptyBuckets() throws {
    let out = try sales.head(5).resample(
      ref("t"), every: .day,
      aggregations: [
        agg("n", "count", nil), agg("sum", "sum", col("amount")),
      ])
    XCTAssertEqual(out.columnNames, ["t", "n", "sum"])
    XCTAssertEqual(out.rowCount, 8)  // 3rd..10th January
    XCTAssertEqual(
      out.values("t").first, .datetime(CivilTime.seconds(year: 2011, month: 1, day: 3)))
    XCTAssertEqual(out.values("n"), [2, 0, 1, 0, 0, 0, 0, 1].map { .int($0) })
    XCTAssertEqual(out.values("sum")[0], .float(3))
    XCTAssertEqual(out.values("sum")[1], .null)
  }

  func testResampleByWeekStartsMondayAndByMonth() throws {
    let weeks = try sales.resample(
      ref("t"), every: .week, aggregations: [agg("sum", "sum", col("amount"))])
    XCTAssertEqual(
      weeks.values("t").first, .datetime(CivilTime.seconds(year: 2011, month: 1, day: 3)))
    XCTAssertEqual(
      weeks.values("t")[1], .datetime(CivilTime.seconds(year: 2011, month: 1, day: 10)))
    XCTAssertEqual(weeks.rowCount, 9)  // Monday 3 Jan .. Monday 28 Feb
    let months = try sales.resample(
      ref("t"), every: .month, aggregations: [agg("sum", "sum", col("amount"))])
    XCTAssertEqual(
      months.values("t"),
      [1, 2, 3].map { .datetime(CivilTime.seconds(year: 2011, month: $0, day: 1)) })
    XCTAssertEqual(months.values("sum"), [.float(15), .null, .float(16)])
    let wrong = assertFrameError(try sales.resample(ref("amount"), every: .day, aggregations: []))
    XCTAssertEqual(message(wrong), "resample needs a datetime column, 'amount' is float")
  }

  func testPivotSortsRowsAndColumns() throws {
    let f = Frame(columns: [
      strings("c", ["EIRE", "France", "EIRE", "EIRE", nil]),
      ints("y", [2011, 2010, 2010, 2011, 2011]),
      floats("v", [1, 2, 3, 4, 5]),
    ])
    let out = try f.pivot(index: ref("c"), columns: ref("y"), value: agg("s", "sum", col("v")))
    XCTAssertEqual(out.columnNames, ["c", "2010", "2011"])
    XCTAssertEqual(out.values("c"), [.string("EIRE"), .string("France"), .null])
    XCTAssertEqual(out.values("2010"), [.float(3), .float(2), .null])
    XCTAssertEqual(out.values("2011"), [.float(5), .null, .float(5)])
    let counts = try f.pivot(index: ref("c"), columns: ref("y"), value: agg("n", "count", nil))
    XCTAssertEqual(counts.values("2010"), [.int(1), .int(1), .int(0)])
    let wide = Frame(columns: [ints("a", [1]), ints("b", [1])]).head(1)
    XCTAssertEqual(
      try wide.pivot(index: ref("a"), columns: ref("b"), value: agg("n", "count", nil)).columnNames,
      ["a", "1"])
    let many = Frame(columns: [
      ints("a", [Int64](repeating: 1, count: 300)), ints("b", (0..<300).map { Int64($0) }),
    ])
    assertFrameError(
      try many.pivot(index: ref("a"), columns: ref("b"), value: agg("n", "count", nil)))
  }
}
