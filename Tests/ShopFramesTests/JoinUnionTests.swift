import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

final class JoinUnionTests: XCTestCase {
  let orders = Frame(columns: [
    ints("id", [1, 2, 3, 4, nil]),
    strings("c", ["EIRE", "France", "Spain", "EIRE", "France"]),
    floats("amount", [10, 20, 30, 40, 50]),
  ])
  // Its own dictionary order differs from orders' on purpose; France appears twice.
  let countries = Frame(columns: [
    strings("c", ["France", "Germany", "EIRE", "France", nil]),
    strings("region", ["west", "central", "isles", "west-dup", "nowhere"]),
    floats("amount", [1, 2, 3, 4, 5]),
  ])

  func testInnerJoinWithDuplicateKeys() throws {
    let out = try orders.join(countries, on: refs("c"), kind: .inner)
    XCTAssertEqual(out.columnNames, ["id", "c", "amount", "region", "amount_right"])
    XCTAssertEqual(out.values("id"), [.int(1), .int(2), .int(2), .int(4), .null, .null])
    XCTAssertEqual(
      out.values("region"),
      [
        .string("isles"), .string("west"), .string("west-dup"), .string("isles"), .string("west"),
        .string("west-dup"),
      ])
    XCTAssertEqual(
      out.values("amount_right"),
      [.float(3), .float(1), .float(4), .float(3), .float(1), .float(4)])
  }

  func testLeftJoinKeepsUnmatchedWithNulls() throws {
    let out = try orders.join(countries, on: refs("c"), kind: .left)
    XCTAssertEqual(out.rowCount, 7)
    XCTAssertEqual(out.values("c")[3], .string("Spain"))
    XCTAssertEqual(out.values("region")[3], .null)
    XCTAssertEqual(out.values("amount_right")[3], .null)
  }

  func testAntiJoinAndNullKeysNeverMatch() throws {
    let out = try orders.join(countries, on: refs("c"), kind: .anti)
    XCTAssertEqual(out.values("c"), [.string("Spain")])
    let a = Frame(columns: [ints("k", [1, nil]), ints("x", [1, 2])])
    let b = Frame(columns: [ints("k", [nil, 1]), ints("y", [8, 9])])
    XCTAssertEqual(try a.join(b, on: refs("k"), kind: .inner).values("y"), [.int(9)])
    XCTAssertEqual(try a.join(b, on: refs("k"), kind: .anti).values("x"), [.int(2)])
  }

  func testMultiKeyAndIntFloatKeys() throws {
    let a = Frame(columns: [
      ints("k", [1, 2, 2]), strings("s", ["x", "x", "y"]), ints("v", [1, 2, 3]),
    ])
    let b = Frame(columns: [floats("k", [2, 1]), strings("s", ["y", "x"]), ints("w", [30, 10])])
    let out = try a.join(b, on: refs("k", "s"), kind: .left)
    XCTAssertEqual(out.values("w"), [.int(10), .null, .int(30)])
    XCTAssertEqual(out.column(named: "k")?.type, .int)  // the left key column is kept as is
  }

  func testJoinErrors() {
    let missing = assertFrameError(
      try orders.join(countries, on: [ColumnRef("id", range: SourceRange(1, 3))], kind: .inner))
    XCTAssertEqual(
      missing, .unknownColumn("id", available: ["c", "region", "amount"], at: SourceRange(1, 3)))
    // A key read as text on one side and as numbers on the other points at the key and
    // says how to convert the left side.
    let typed = Frame(columns: [ints("c", [1])])
    XCTAssertEqual(
      assertFrameError(try orders.join(typed, on: [ColumnRef("c", range: SourceRange(5, 6))], kind: .inner)),
      .typeMismatch(
        "cannot join on 'c': it is string on the left and int on the right;"
          + " convert the left side first: 'derive c = int(c) | join …'", at: SourceRange(5, 6)))
  }

  func testUnionReordersWidensAndMergesDictionaries() throws {
    let a = Frame(columns: [strings("s", ["a", "b"]), ints("n", [1, nil])])
    let b = Frame(columns: [floats("n", [2.5]), strings("s", ["c"])])
    let out = try a.union(b)
    XCTAssertEqual(out.columnNames, ["s", "n"])
    XCTAssertEqual(out.values("s"), [.string("a"), .string("b"), .string("c")])
    XCTAssertEqual(out.values("n"), [.float(1), .null, .float(2.5)])
    let bad = assertFrameError(
      try a.union(Frame(columns: [strings("s", ["x"]), strings("n", ["1"])])))
    XCTAssertEqual(
      message(bad), "union: column 'n' is int in the first frame and string in the second")
    assertFrameError(try a.union(Frame(columns: [strings("s", ["x"])])))
  }
}
