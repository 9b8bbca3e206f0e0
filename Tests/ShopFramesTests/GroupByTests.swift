import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

final class GroupByTests: XCTestCase {
  let frame = Frame(columns: [
    strings("k", ["b", "a", "b", nil, "a", "b"]),
    ints("g", [1, 2, 1, 2, 2, 1]),
    ints("v", [3, 1, 4, 5, nil, 2]),
    floats("x", [1, 2, 3, 4, 5, 6]),
    strings("s", ["z", "y", nil, "x", "y", "w"]),
  ])

  func testGroupsInOrderOfFirstAppearanceWithNullGroup() throws {
    let out = try frame.groupBy(
      refs("k"),
      aggregations: [
        agg("n", "count", nil), agg("nv", "count", col("v")), agg("sum", "sum", col("v")),
        agg("mean", "mean", col("v")), agg("min", "min", col("v")), agg("max", "max", col("s")),
      ])
    XCTAssertEqual(out.columnNames, ["k", "n", "nv", "sum", "mean", "min", "max"])
    XCTAssertEqual(out.values("k"), [.string("b"), .string("a"), .null])
    XCTAssertEqual(out.values("n"), [.int(3), .int(2), .int(1)])
    XCTAssertEqual(out.values("nv"), [.int(3), .int(1), .int(1)])
    XCTAssertEqual(out.values("sum"), [.int(9), .int(1), .int(5)])
    XCTAssertEqual(out.values("mean"), [.float(3), .float(1), .float(5)])
    XCTAssertEqual(out.values("min"), [.int(2), .int(1), .int(5)])
    XCTAssertEqual(out.values("max"), [.string("z"), .string("y"), .string("x")])
  }

  func testMultipleKeysAndWholeFrame() throws {
    let out = try frame.groupBy(refs("g", "k"), aggregations: [agg("sx", "sum", col("x"))])
    XCTAssertEqual(out.values("g"), [.int(1), .int(2), .int(2)])
    XCTAssertEqual(out.values("k"), [.string("b"), .string("a"), .null])
    XCTAssertEqual(out.values("sx"), [.float(10), .float(7), .float(4)])
    let total = try frame.groupBy(
      [], aggregations: [agg("n", "count", nil), agg("sx", "sum", col("x"))])
    XCTAssertEqual(total.rowCount, 1)
    XCTAssertEqual(total.values("sx"), [.float(21)])
  }

  func testMedianQuantileStdAreType7AndSample() throws {
    // python3 -c "import numpy as np;x=[1,2,3,4,5,6];print(np.median(x),np.quantile(x,.9),np.std(x,ddof=1))"
    // -> 3.5 5.5 1.8708286933869707
    let out = try frame.groupBy(
      [],
      aggregations: [
        agg("med", "median", col("x")), agg("q9", "quantile", col("x"), 0.9),
        agg("sd", "std", col("x")),
      ])
    XCTAssertEqual(out.values("med"), [.float(3.5)])
    assertClose(out.values("q9")[0].doubleValue ?? 0, 5.5)
    assertClose(out.values("sd")[0].doubleValue ?? 0, 1.8708286933869707)
    // Groups of one value have no sample std.
    let per = try frame.groupBy(
      refs("k"), aggregations: [agg("sd", "std", col("x")), agg("med", "median", col("v"))])
    XCTAssertEqual(per.values("sd")[2], .null)
    XCTAssertEqual(per.values("med"), [.float(3), .float(1), .float(5)])
  }

  func testNuniqueFirstLast() throws {
    let out = try frame.groupBy(
      refs("g"),
      aggregations: [
        agg("u", "nunique", col("s")), agg("f", "first", col("s")), agg("l", "last", col("s")),
        agg("ux", "nunique", col("x")),
      ])
    XCTAssertEqual(out.values("ux"), [.int(3), .int(3)])  // floats go through the hash table
    XCTAssertEqual(out.values("u"), [.int(2), .int(2)])  // g=1: z, w (null skipped); g=2: y, x
    XCTAssertEqual(out.values("f"), [.string("z"), .string("y")])
    XCTAssertEqual(out.values("l"), [.string("w"), .string("y")])
  }

  func testAllNullColumn() throws {
    let f = Frame(columns: [strings("k", ["a", "a", "b"]), floats("x", [nil, nil, nil])])
    let out = try f.groupBy(
      refs("k"),
      aggregations: [
        agg("n", "count", col("x")), agg("s", "sum", col("x")), agg("m", "mean", col("x")),
        agg("md", "median", col("x")), agg("mx", "max", col("x")), agg("u", "nunique", col("x")),
      ])
    XCTAssertEqual(out.values("n"), [.int(0), .int(0)])
    XCTAssertEqual(out.values("s"), [.null, .null])
    XCTAssertEqual(out.values("m"), [.null, .null])
    XCTAssertEqual(out.values("md"), [.null, .null])
    XCTAssertEqual(out.values("mx"), [.null, .null])
    XCTAssertEqual(out.values("u"), [.int(0), .int(0)])
  }

  func testAggregationOfExpressionAndBools() throws {
    let out = try frame.groupBy(
      refs("g"),
      aggregations: [
        agg("rev", "sum", bin(.multiply, col("v"), col("x"))),
        agg("share", "mean", bin(.greater, col("x"), lit(2.0))),
      ])
    XCTAssertEqual(out.values("rev"), [.float(27), .float(22)])  // 3*1+4*3+2*6, 1*2+5*4
    XCTAssertEqual(out.values("share"), [.float(2.0 / 3), .float(2.0 / 3)])
  }

  func testErrors() {
    let sumString = assertFrameError(
      try frame.groupBy(
        refs("g"),
        aggregations: [
          Aggregation(
            name: "s", function: "sum", argument: col("s", SourceRange(8, 9)),
            range: SourceRange(4, 10))
        ]))
    XCTAssertEqual(
      sumString, .typeMismatch("sum needs a numeric column, 's' is string", at: SourceRange(8, 9)))
    let unknownFunction = assertFrameError(
      try frame.groupBy(
        refs("g"),
        aggregations: [
          Aggregation(name: "s", function: "summ", argument: col("v"), range: SourceRange(4, 10))
        ]))
    XCTAssertEqual(unknownFunction?.diagnostic.label, "did you mean 'sum'?")
    let sqlHabit = assertFrameError(
      try frame.groupBy(
        refs("g"),
        aggregations: [
          Aggregation(name: "s", function: "avg", argument: col("v"), range: SourceRange(4, 10))
        ]))
    XCTAssertEqual(sqlHabit?.diagnostic.label, "did you mean 'mean'?")
    let unknownKey = assertFrameError(
      try frame.groupBy([ColumnRef("kk", range: SourceRange(9, 11))], aggregations: []))
    XCTAssertEqual(unknownKey?.diagnostic.range, SourceRange(9, 11))
    XCTAssertEqual(unknownKey?.diagnostic.label, "did you mean 'k'?")
    assertFrameError(try frame.groupBy(refs("k"), aggregations: [agg("k", "count", nil)]))
    assertFrameError(
      try frame.groupBy(refs("k"), aggregations: [agg("q", "quantile", col("x"), 1.5)]))
    assertFrameError(try frame.groupBy(refs("k"), aggregations: [agg("q", "sum", nil)]))
  }

  func testFloatAndBoolKeysAndManyGroups() throws {
    let f = Frame(columns: [
      floats("x", [0.0, -0.0, 1.5, nil, 1.5]), bools("b", [true, true, false, nil, false]),
    ])
    let out = try f.groupBy(refs("x", "b"), aggregations: [agg("n", "count", nil)])
    XCTAssertEqual(out.values("n"), [.int(2), .int(2), .int(1)])  // -0.0 groups with 0.0
    // Many int keys exercise the hash table's growth.
    let n = 100_000
    let big = Frame(columns: [
      ints("id", (0..<n).map { Int64($0 % 40_000) * 7_919 }),
      ints("one", [Int64?](repeating: 1, count: n)),
    ])
    let groups = try big.groupBy(refs("id"), aggregations: [agg("s", "sum", col("one"))])
    XCTAssertEqual(groups.rowCount, 40_000)
    XCTAssertEqual(groups.values("s").prefix(3), [.int(3), .int(3), .int(3)])  // 100,000 / 40,000 -> first 20,000 ids thrice
    XCTAssertEqual(groups.values("s").last, .int(2))
  }
}
