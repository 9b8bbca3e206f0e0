import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

final class CleaningTests: XCTestCase {
  let frame = Frame(columns: [
    strings("k", ["a", "a", "b", "a", "b", "b"]),
    ints("q", [1, 1, 2, nil, nil, 8]),
    floats("x", [1, 1, nil, 4, nil, 10]),
    strings("s", ["u", "u", nil, "v", "v", nil]),
  ])

  // MARK: dedupe, drop missing, check

  func testDedupe() throws {
    let r = try frame.dedupe()
    XCTAssertEqual(r.summary, "dedupe: removed 1 of 6 rows")
    XCTAssertEqual(r.frame.rowCount, 5)
    XCTAssertEqual(r.removed?.rowCount, 1)
    let byK = try frame.dedupe(by: refs("k"))
    XCTAssertEqual(byK.summary, "dedupe by k: removed 4 of 6 rows")
    XCTAssertEqual(byK.frame.values("q"), [.int(1), .int(2)])
    let last = try frame.dedupe(by: refs("k"), keepLast: true)
    XCTAssertEqual(last.frame.values("q"), [.null, .int(8)])  // rows 3 and 5, in order
    XCTAssertEqual(last.summary, "dedupe by k keeping last: removed 4 of 6 rows")
  }

  func testDropMissing() throws {
    let r = try frame.dropMissing(refs("q"))
    XCTAssertEqual(r.summary, "drop missing q: removed 2 of 6 rows")
    XCTAssertEqual(r.removed?.values("k"), [.string("a"), .string("b")])
    let both = try frame.dropMissing(refs("q", "s"))
    XCTAssertEqual(both.summary, "drop missing q, s: removed 4 of 6 rows")
    XCTAssertEqual(try frame.dropMissing([]).frame.rowCount, 2)
  }

  func testCheckCountsNullAsViolation() throws {
    let rule = bin(.greater, col("q"), lit(Int64(1)))
    let r = try frame.check(rule, ruleText: "q > 1", drop: false)
    XCTAssertEqual(r.summary, "check q > 1: 4 of 6 rows violate")
    XCTAssertEqual(r.frame.rowCount, 6)
    XCTAssertEqual(r.removed?.values("q"), [.int(1), .int(1), .null, .null])
    let dropped = try frame.check(rule, ruleText: "q > 1", drop: true)
    XCTAssertEqual(dropped.frame.values("q"), [.int(2), .int(8)])
    XCTAssertEqual(dropped.summary, "check q > 1: 4 of 6 rows violate, dropped")
  }

  // MARK: fill

  func testFillMeanMedianMode() throws {
    let mean = try frame.fill(ref("q"), with: .mean)
    XCTAssertEqual(mean.summary, "fill q with mean: filled 2 nulls")
    XCTAssertEqual(mean.frame.values("q"), [1, 1, 2, 3, 3, 8].map { .float($0) })
    let byGroup = try frame.fill(ref("q"), with: .median, by: refs("k"))
    XCTAssertEqual(byGroup.frame.values("q"), [1, 1, 2, 1, 5, 8].map { .float($0) })
    XCTAssertEqual(byGroup.summary, "fill q with median by k: filled 2 nulls")
    let mode = try frame.fill(ref("s"), with: .mode)
    XCTAssertEqual(mode.frame.values("s")[2], .string("u"))  // u and v tie at 2; u is seen first
    XCTAssertEqual(mode.frame.column(named: "s")?.nullCount, 0)
    let modeByGroup = try frame.fill(ref("s"), with: .mode, by: refs("k"))
    XCTAssertEqual(
      modeByGroup.frame.values("s"), ["u", "u", "v", "v", "v", "v"].map { .string($0) })
    let wrong = assertFrameError(try frame.fill(ref("s"), with: .mean))
    XCTAssertEqual(message(wrong), "fill with mean needs a numeric column, 's' is string")
  }

  func testFillValuePreviousNextInterpolate() throws {
    XCTAssertEqual(try frame.fill(ref("q"), with: .value(.int(0))).frame.values("q")[3], .int(0))
    XCTAssertEqual(
      try frame.fill(ref("q"), with: .value(.float(0.5))).frame.values("q")[3], .float(0.5))
    XCTAssertEqual(
      try frame.fill(ref("s"), with: .value(.string("?"))).summary, "fill s with ?: filled 2 nulls")
    assertFrameError(try frame.fill(ref("q"), with: .value(.string("x"))))
    let previous = try frame.fill(ref("x"), with: .previous)
    XCTAssertEqual(previous.frame.values("x"), [1, 1, 1, 4, 4, 10].map { .float($0) })
    let next = try frame.fill(ref("q"), with: .next, by: refs("k"))
    XCTAssertEqual(next.frame.values("q"), [.int(1), .int(1), .int(2), .null, .int(8), .int(8)])
    XCTAssertEqual(next.summary, "fill q with next by k: filled 1 of 2 nulls")
    let series = Frame(columns: [
      ints("t", [5, 1, 2, 3, 4, 6]), floats("y", [nil, nil, 10, nil, nil, 40]),
    ])
    // Ordered by t: y = null, 10, null, null, (t=5) null, 40 -> 20, 30, 35? No: positions 1..5 are
    // t=2 (10), t=3, t=4, t=5, t=6 (40): 10, 17.5, 25, 32.5, 40; t=1 stays null.
    let line = try series.fill(ref("y"), with: .interpolate, orderBy: ref("t"))
    XCTAssertEqual(
      line.frame.values("y"),
      [.float(32.5), .null, .float(10), .float(17.5), .float(25), .float(40)])
    XCTAssertEqual(line.summary, "fill y with interpolate: filled 3 of 4 nulls")
  }

  // MARK: clip, normalize, encode

  func testClipIqr() throws {
    let f = Frame(columns: [ints("q", [1, 2, 3, 4, 5, 6, 7, 8, 100, -50, nil])])
    // python3 -c "import numpy as np;x=[1,2,3,4,5,6,7,8,100,-50];a,b=np.quantile(x,[.25,.75]);print(a-1.5*(b-a),b+1.5*(b-a))"
    // (numpy from bench/.venv) -> q1 2.25, q3 6.75, fences -4.5 13.5
    let r = try f.clip(ref("q"), rule: .iqr(1.5), drop: false)
    XCTAssertEqual(r.summary, "clip q iqr 1.5 [-4.5, 13.5]: clipped 2 values")
    XCTAssertEqual(r.frame.values("q")[8], .int(13))  // int bounds round inwards
    XCTAssertEqual(r.frame.values("q")[9], .int(-4))
    XCTAssertEqual(r.frame.values("q")[10], .null)
    let dropped = try f.clip(ref("q"), rule: .iqr(1.5), drop: true)
    XCTAssertEqual(dropped.summary, "clip q iqr 1.5 [-4.5, 13.5]: dropped 2 rows")
    XCTAssertEqual(dropped.frame.rowCount, 9)
    XCTAssertEqual(dropped.removed?.values("q"), [.int(100), .int(-50)])
    let between = try frame.clip(ref("x"), rule: .between(2, 5), drop: false)
    XCTAssertEqual(
      between.frame.values("x"), [.float(2), .float(2), .null, .float(4), .null, .float(5)])
    XCTAssertEqual(between.summary, "clip x between [2, 5]: clipped 3 values")
    let z = try frame.clip(ref("x"), rule: .zscore(1), drop: false)
    XCTAssertTrue(z.summary.hasPrefix("clip x zscore 1 ["), z.summary)
    assertFrameError(try frame.clip(ref("s"), rule: .iqr(1.5), drop: false))
  }

  func testNormalize() throws {
    let z = try frame.normalize(ref("x"), method: .zscore)
    // python3 -c "import statistics as s;x=[1,1,4,10];print(s.mean(x),s.stdev(x))" -> 4 4.242640687119285
    XCTAssertEqual(z.summary, "normalize x zscore (mean 4, std 4.24)")
    assertClose(z.frame.values("x")[5].doubleValue ?? 0, 6 / 4.242640687119285)
    XCTAssertEqual(z.frame.values("x")[2], .null)
    let mm = try frame.normalize(ref("q"), method: .minmax)
    XCTAssertEqual(mm.summary, "normalize q minmax (min 1, max 8)")
    XCTAssertEqual(mm.frame.values("q")[5], .float(1))
    XCTAssertEqual(mm.frame.column(named: "q")?.type, .float)
    let flat = Frame(columns: [ints("c", [3, 3, 3])])
    assertFrameError(try flat.normalize(ref("c"), method: .zscore))
  }

  func testEncode() throws {
    let label = try frame.encode(ref("s"), method: .label)
    XCTAssertEqual(label.summary, "encode s label: 2 values")
    XCTAssertEqual(label.frame.values("s"), [.int(0), .int(0), .null, .int(1), .int(1), .null])
    let hot = try frame.encode(ref("k"), method: .onehot)
    XCTAssertEqual(hot.frame.columnNames, ["k_a", "k_b", "q", "x", "s"])
    XCTAssertEqual(
      hot.frame.values("k_b"), [false, false, true, false, true, true].map { .bool($0) })
    XCTAssertEqual(hot.summary, "encode k onehot: 2 columns")
    let many = Frame(columns: [ints("id", (0..<150).map { Int64($0) })])
    let error = assertFrameError(try many.encode(ref("id"), method: .onehot))
    XCTAssertTrue(message(error).hasPrefix("onehot would make 150 columns"), message(error))
  }
}
