import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

final class SummaryTests: XCTestCase {
  let frame = Frame(columns: [
    strings("country", ["UK", "UK", "EIRE", nil, "France", "UK"]),
    ints("q", [1, 2, 3, 4, nil, 10]),
    floats("empty", [nil, nil, nil, nil, nil, nil]),
  ])

  func testDescribe() {
    let d = frame.describe()
    XCTAssertEqual(
      d.columnNames,
      [
        "column", "type", "count", "nulls", "unique", "mean", "std", "min", "p25", "p50", "p75",
        "max", "top",
      ])
    XCTAssertEqual(d.values("column"), [.string("country"), .string("q"), .string("empty")])
    XCTAssertEqual(d.values("type"), [.string("string"), .string("int"), .string("float")])
    XCTAssertEqual(d.values("count"), [.int(5), .int(5), .int(0)])
    XCTAssertEqual(d.values("nulls"), [.int(1), .int(1), .int(6)])
    XCTAssertEqual(d.values("unique"), [.int(3), .int(5), .int(0)])
    XCTAssertEqual(d.values("top"), [.string("UK (3)"), .string("1 (1)"), .null])
    XCTAssertEqual(d.values("mean"), [.null, .float(4), .null])
    // python3 -c "import numpy as np;x=[1,2,3,4,10];print(np.std(x,ddof=1),np.quantile(x,[.25,.5,.75]))"
    // -> 3.5355339059327378 [2. 3. 4.]
    assertClose(d.values("std")[1].doubleValue ?? 0, 3.5355339059327378)
    XCTAssertEqual(d.values("p25")[1], .float(2))
    XCTAssertEqual(d.values("max")[1], .float(10))
    XCTAssertEqual(d.values("std")[0], .null)
  }

  func testFreq() throws {
    let f = try frame.freq(ref("country"))
    XCTAssertEqual(f.columnNames, ["country", "count", "percent", "cumulative_percent"])
    // Ties (count 1) sorted by value, null last.
    XCTAssertEqual(f.values("country"), [.string("UK"), .string("EIRE"), .string("France"), .null])
    XCTAssertEqual(f.values("count"), [.int(3), .int(1), .int(1), .int(1)])
    XCTAssertEqual(f.values("percent")[0], .float(50))
    assertClose(f.values("cumulative_percent")[1].doubleValue ?? 0, 400.0 / 6)
    XCTAssertEqual(f.values("cumulative_percent").last, .float(100))
    let top = try frame.freq(ref("country"), limit: 1)
    XCTAssertEqual(top.rowCount, 1)
    assertFrameError(try frame.freq(ref("nope")))
    let clash = try Frame(columns: [ints("count", [1, 1])]).freq(ref("count"))
    XCTAssertEqual(clash.columnNames, ["value", "count", "percent", "cumulative_percent"])
  }
}

final class DescribeDateRangeTests: XCTestCase {
  func testDatetimeColumnsShowTheirRange() {
    let t0 = CivilTime.seconds(year: 2011, month: 1, day: 5, hour: 10)
    let t1 = CivilTime.seconds(year: 2010, month: 12, day: 1, hour: 8, minute: 26)
    let frame = Frame(columns: [
      Column(name: "when", scalars: [.datetime(t0), .null, .datetime(t1)], type: .datetime),
      Column(name: "qty", scalars: [.int(1), .int(2), .int(3)], type: .int),
    ])
    let d = frame.describe()
    XCTAssertEqual(d.column(named: "earliest")?[0], .datetime(t1))
    XCTAssertEqual(d.column(named: "latest")?[0], .datetime(t0))
    XCTAssertEqual(d.column(named: "earliest")?[1], .null)
    XCTAssertNil(Frame(columns: [frame.columns[1]]).describe().column(named: "earliest"))
  }
}
