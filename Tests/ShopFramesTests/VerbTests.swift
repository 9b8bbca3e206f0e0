import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

final class VerbTests: XCTestCase {
  let frame = Frame(columns: [
    strings("k", ["b", "a", "b", nil, "a", "c"]),
    ints("v", [3, 1, 3, 5, nil, 2]),
    floats("x", [0.5, 1.5, 0.5, 2.5, 3.5, nil]),
  ])

  // MARK: head, tail, select, drop, rename

  func testHeadAndTail() {
    XCTAssertEqual(frame.head(2).values("k"), [.string("b"), .string("a")])
    XCTAssertEqual(frame.tail(2).values("v"), [.null, .int(2)])
    XCTAssertEqual(frame.head(100).rowCount, 6)
    XCTAssertEqual(frame.head(-1).rowCount, 0)
    XCTAssertEqual(frame.tail(0).columnNames, ["k", "v", "x"])
  }

  func testSelectDropRename() throws {
    XCTAssertEqual(try frame.select(refs("x", "k")).columnNames, ["x", "k"])
    XCTAssertEqual(try frame.drop(refs("v")).columnNames, ["k", "x"])
    let renamed = try frame.rename([(from: ref("v"), to: "value")])
    XCTAssertEqual(renamed.columnNames, ["k", "value", "x"])
    let unknown = assertFrameError(try frame.select([ColumnRef("vv", range: SourceRange(4, 6))]))
    XCTAssertEqual(
      unknown, .unknownColumn("vv", available: ["k", "v", "x"], at: SourceRange(4, 6)))
    XCTAssertEqual(unknown?.diagnostic.label, "did you mean 'v'?")
    assertFrameError(try frame.rename([(from: ref("v"), to: "x")]))
    assertFrameError(try frame.select(refs("v", "v")))
    assertFrameError(try frame.drop(refs("nope")))
  }

  // MARK: where, derive

  func testFilterKeepsOnlyTrueRows() throws {
    let kept = try frame.filter(bin(.greater, col("v"), lit(Int64(2))))
    XCTAssertEqual(kept.values("v"), [.int(3), .int(3), .int(5)])  // null v is dropped
    XCTAssertEqual(kept.values("k"), [.string("b"), .string("b"), .null])
    let none = try frame.filter(bin(.greater, col("v"), lit(Int64(99))))
    XCTAssertEqual(none.rowCount, 0)
    XCTAssertEqual(none.columnNames, frame.columnNames)
    let notBool = assertFrameError(try frame.filter(col("v")))
    XCTAssertEqual(message(notBool), "a condition must be true or false, 'v' is int")
  }

  func testDeriveSeesEarlierDefinitions() throws {
    let out = try frame.derive([
      (name: "w", expr: bin(.multiply, col("v"), lit(Int64(10)))),
      (name: "v", expr: bin(.add, col("w"), lit(Int64(1)))),
    ])
    XCTAssertEqual(out.columnNames, ["k", "v", "x", "w"])
    XCTAssertEqual(out.values("v"), [.int(31), .int(11), .int(31), .int(51), .null, .int(21)])
  }

  // MARK: sort

  func testSortIsStableMultiKeyNullsLast() throws {
    let f = Frame(columns: [
      strings("k", ["b", "a", "b", nil, "a", "c"]),
      ints("v", [3, 1, 3, 5, nil, 2]),
      ints("id", [0, 1, 2, 3, 4, 5]),
    ])
    let byK = try f.sort([SortKey(col("k"))])
    XCTAssertEqual(byK.values("id"), [1, 4, 0, 2, 5, 3].map { .int($0) })  // ties keep order, null last
    let byKDesc = try f.sort([SortKey(col("k"), descending: true)])
    XCTAssertEqual(byKDesc.values("id"), [5, 0, 2, 1, 4, 3].map { .int($0) })  // null still last
    let byVDesc = try f.sort([SortKey(col("v"), descending: true)])
    XCTAssertEqual(byVDesc.values("id"), [3, 0, 2, 5, 1, 4].map { .int($0) })
    let two = try f.sort([SortKey(col("v")), SortKey(col("id"), descending: true)])
    XCTAssertEqual(two.values("id"), [1, 5, 2, 0, 3, 4].map { .int($0) })
    let expr = try f.sort([SortKey(bin(.multiply, col("v"), lit(Int64(-1))))])
    XCTAssertEqual(expr.values("id").first, .int(3))
  }

  func testSortFloatsAndExtremeInts() throws {
    let f = Frame(columns: [
      floats("x", [0.5, -1, nil, 2]), ints("n", [Int64.min, Int64.max, 0, -1]),
    ])
    XCTAssertEqual(
      try f.sort([SortKey(col("x"))]).values("x"), [.float(-1), .float(0.5), .float(2), .null])
    XCTAssertEqual(
      try f.sort([SortKey(col("n"), descending: true)]).values("n"),
      [.int(.max), .int(0), .int(-1), .int(.min)])
  }

  // MARK: distinct

  func testDistinct() throws {
    let d = try frame.distinct(refs("k"))
    XCTAssertEqual(d.values("k"), [.string("b"), .string("a"), .null, .string("c")])
    let all = try frame.distinct()
    XCTAssertEqual(all.rowCount, 5)  // row 2 repeats row 0
    let pair = try frame.distinct(refs("k", "v"))
    XCTAssertEqual(pair.rowCount, 5)
  }

  // MARK: Empty frames

  func testVerbsOnEmptyFrame() throws {
    let empty = frame.head(0)
    XCTAssertEqual(try empty.filter(bin(.greater, col("v"), lit(Int64(0)))).rowCount, 0)
    XCTAssertEqual(try empty.sort([SortKey(col("k"))]).rowCount, 0)
    XCTAssertEqual(try empty.distinct().rowCount, 0)
    let total = try empty.groupBy(
      [], aggregations: [agg("n", "count", nil), agg("s", "sum", col("v"))])
    XCTAssertEqual(total.values("n"), [.int(0)])
    XCTAssertEqual(total.values("s"), [.null])
    XCTAssertEqual(try empty.groupBy(refs("k"), aggregations: [agg("n", "count", nil)]).rowCount, 0)
    XCTAssertEqual(try empty.derive([(name: "w", expr: lit(Int64(1)))]).rowCount, 0)
  }
}
