import Foundation
import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

final class ExpressionTests: XCTestCase {
  let frame = Frame(columns: [
    ints("q", [2, -1, nil, 7]),
    floats("p", [1.5, 2.0, 3.0, nil]),
    strings("c", ["EIRE", "France", nil, "EIRE"]),
    dates("t", ["2011-01-03 10:30", "2010-12-31 23:59", nil, "2011-03-01 00:00"]),
    bools("b", [true, false, nil, true]),
    ints("z", [0, 2, 1, 0]),
  ])

  // MARK: Arithmetic

  func testIntArithmeticStaysIntAndNullPropagates() throws {
    let c = try frame.evaluate(bin(.add, col("q"), lit(Int64(1))), name: "x")
    XCTAssertEqual(c.name, "x")
    XCTAssertEqual(c.type, .int)
    XCTAssertEqual((0..<4).map { c[$0] }, [.int(3), .int(0), .null, .int(8)])
  }

  func testIntTimesFloatIsFloat() throws {
    let c = try frame.evaluate(bin(.multiply, col("q"), col("p")))
    XCTAssertEqual((0..<4).map { c[$0] }, [.float(3), .float(-2), .null, .null])
  }

  func testDivisionGivesFloatAndNullOnZero() throws {
    let c = try frame.evaluate(bin(.divide, col("q"), col("z")))
    XCTAssertEqual(c.type, .float)
    XCTAssertEqual((0..<4).map { c[$0] }, [.null, .float(-0.5), .null, .null])
    let r = try frame.evaluate(bin(.remainder, lit(Int64(7)), col("z")))
    XCTAssertEqual((0..<4).map { r[$0] }, [.null, .int(1), .int(0), .null])
  }

  /// A float past ±1.8e308 is null, as division by zero is: an inf made every sum and mean
  /// over the column inf and its std NaN, and charts of it empty without a reason.
  func testAFloatOverflowIsNull() throws {
    // 1.5e308 is still a float; 2e308 and 3e308 are not.
    let c = try frame.evaluate(bin(.multiply, col("p"), lit(1e308)))
    XCTAssertEqual((0..<4).map { c[$0] }, [.float(1.5e308), .null, .null, .null])
    let sum = try frame.evaluate(bin(.add, col("p"), lit(1.7e308)))
    XCTAssertEqual(sum[0], .float(1.5 + 1.7e308))
    let divided = try frame.evaluate(bin(.divide, lit(1e300), lit(1e-300)))
    XCTAssertEqual(divided[0], .null)
    let e = try frame.evaluate(ColumnExpr(.call("exp", [bin(.multiply, col("q"), lit(Int64(400)))])))
    XCTAssertEqual([e[0], e[2], e[3]], [.null, .null, .null])
    XCTAssertEqual((e[1].doubleValue ?? 0) / Foundation.exp(-400), 1, accuracy: 1e-12)
  }

  func testConstantFoldingBroadcasts() throws {
    let c = try frame.evaluate(bin(.multiply, lit(Int64(2)), lit(Int64(3))))
    XCTAssertEqual(c.count, 4)
    XCTAssertEqual(c[3], .int(6))
  }

  func testDatetimeArithmetic() throws {
    let diff = try frame.evaluate(bin(.subtract, col("t"), col("t")))
    XCTAssertEqual(diff.type, .int)
    XCTAssertEqual(diff[0], .int(0))
    let later = try frame.evaluate(bin(.add, col("t"), lit(Int64(86_400))))
    XCTAssertEqual(later.type, .datetime)
    XCTAssertEqual(
      later[1], .datetime(CivilTime.seconds(year: 2011, month: 1, day: 1, hour: 23, minute: 59)))
  }

  // MARK: Comparison and logic

  func testStringEqualityAndOrdering() throws {
    let eq = try frame.evaluate(bin(.equal, col("c"), lit("EIRE")))
    XCTAssertEqual((0..<4).map { eq[$0] }, [.bool(true), .bool(false), .null, .bool(true)])
    let lt = try frame.evaluate(bin(.less, lit("F"), col("c")))  // "F" < c, i.e. c > "F"
    XCTAssertEqual((0..<4).map { lt[$0] }, [.bool(false), .bool(true), .null, .bool(false)])
    let same = try frame.evaluate(bin(.equal, col("c"), col("c")))
    XCTAssertEqual(same[1], .bool(true))
    XCTAssertEqual(same[2], .null)
  }

  func testDatetimeComparedWithDateLiteral() throws {
    let c = try frame.evaluate(bin(.greaterOrEqual, col("t"), lit("2011-01-01")))
    XCTAssertEqual((0..<4).map { c[$0] }, [.bool(true), .bool(false), .null, .bool(true)])
    let bad = assertFrameError(
      try frame.evaluate(
        bin(.less, col("t"), .literal(.string("yesterday"), range: SourceRange(5, 16)))))
    guard case .invalidArgument(_, let at)? = bad else {
      return XCTFail("\(String(describing: bad))")
    }
    XCTAssertEqual(at, SourceRange(5, 16))
  }

  func testThreeValuedLogic() throws {
    let f = Frame(columns: [
      bools("a", [true, false, nil, nil, true]), bools("b", [nil, nil, false, true, true]),
    ])
    let and = try f.evaluate(bin(.and, col("a"), col("b")))
    XCTAssertEqual(
      (0..<5).map { and[$0] }, [.null, .bool(false), .bool(false), .null, .bool(true)])
    let or = try f.evaluate(bin(.or, col("a"), col("b")))
    XCTAssertEqual((0..<5).map { or[$0] }, [.bool(true), .null, .null, .bool(true), .bool(true)])
    let not = try f.evaluate(ColumnExpr(.unary(.not, col("a"))))
    XCTAssertEqual(not[1], .bool(true))
    XCTAssertEqual(not[2], .null)
  }

  func testIsIn() throws {
    let s = try frame.evaluate(ColumnExpr(.isIn(col("c"), [lit("France"), lit("Spain")])))
    XCTAssertEqual((0..<4).map { s[$0] }, [.bool(false), .bool(true), .null, .bool(false)])
    let n = try frame.evaluate(ColumnExpr(.isIn(col("q"), [lit(Int64(7)), lit(2.0)])))
    XCTAssertEqual((0..<4).map { n[$0] }, [.bool(true), .bool(false), .null, .bool(true)])
  }

  // MARK: Errors

  func testUnknownColumnNamesRangeAndSuggestion() {
    let error = assertFrameError(
      try frame.evaluate(bin(.add, col("qq", SourceRange(10, 12)), lit(Int64(1)))))
    XCTAssertEqual(
      error, .unknownColumn("qq", available: frame.columnNames, at: SourceRange(10, 12)))
    XCTAssertEqual(error?.diagnostic.label, "did you mean 'q'?")
  }

  func testTypeMismatchNamesTheNode() {
    let node = bin(.add, col("c"), lit(Int64(1)), SourceRange(0, 7))
    let error = assertFrameError(try frame.evaluate(node))
    // A text with a number: the message says how to join them.
    XCTAssertEqual(
      error,
      .typeMismatch(
        "'+' needs numbers, 'c' is string (to join a text and a number, write concat(a, b), which turns numbers into text)",
        at: SourceRange(0, 7)))
    let cmp = assertFrameError(try frame.evaluate(bin(.less, col("q"), lit("x"))))
    XCTAssertEqual(message(cmp), "cannot compare 'q' (int) with \"x\" (string)")
  }

  func testUnknownFunctionSuggestsRowFunction() {
    let error = assertFrameError(
      try frame.evaluate(fn("lowr", col("c"), range: SourceRange(3, 10))))
    XCTAssertEqual(
      error, .unknownFunction("lowr", known: RowFunctions.names, at: SourceRange(3, 10)))
    XCTAssertEqual(error?.diagnostic.label, "did you mean 'lower'?")
    let aggregate = assertFrameError(try frame.evaluate(fn("sum", col("q"))))
    XCTAssertTrue(message(aggregate).contains("aggregation"), message(aggregate))
    let arity = assertFrameError(try frame.evaluate(fn("lower", col("c"), col("c"))))
    XCTAssertEqual(message(arity), "lower takes 1 argument, got 2")
  }

  func testUnknownFunctionFromAnotherToolPointsToOurName() {
    // Names from pandas/SQL/Excel are far from ours by edit distance but mean the same.
    let pandas = assertFrameError(try frame.evaluate(fn("to_datetime", col("c"))))
    XCTAssertEqual(pandas?.diagnostic.label, "did you mean 'date'?")
    let sql = assertFrameError(try frame.evaluate(fn("IFNULL", col("q"), lit(Int64(0)))))
    XCTAssertEqual(sql?.diagnostic.label, "did you mean 'coalesce'?")
    XCTAssertEqual(sql?.diagnostic.notes, [])
    // A typo still wins over the table, and a name nobody uses lists every function.
    let typo = assertFrameError(try frame.evaluate(fn("lenght", col("c"))))
    XCTAssertEqual(typo?.diagnostic.label, "did you mean 'length'?")
    // No habit may shadow a real name.
    let ours = Set(RowFunctions.names + Aggregation.functionNames)
    XCTAssertTrue(ForeignFunctionNames.table.keys.allSatisfy { !ours.contains($0) })
    let unknown = assertFrameError(try frame.evaluate(fn("frobnicate", col("c"))))
    XCTAssertNil(unknown?.diagnostic.label)
    XCTAssertEqual(
      unknown?.diagnostic.notes, ["functions: " + RowFunctions.names.joined(separator: ", ")])
  }

  // MARK: Row functions

  func testDateParts() throws {
    func ints(_ f: String) throws -> [Scalar] {
      let c = try frame.evaluate(fn(f, col("t")))
      return (0..<4).map { c[$0] }
    }
    XCTAssertEqual(try ints("year"), [.int(2011), .int(2010), .null, .int(2011)])
    XCTAssertEqual(try ints("month"), [.int(1), .int(12), .null, .int(3)])
    XCTAssertEqual(try ints("day"), [.int(3), .int(31), .null, .int(1)])
    XCTAssertEqual(try ints("hour"), [.int(10), .int(23), .null, .int(0)])
    // 2011-01-03 is a Monday in ISO week 1; 2010-12-31 a Friday in week 52; 2011-03-01 a Tuesday in week 9
    // (python3 -c "import datetime as d;print([d.date(*x).isocalendar() for x in [(2011,1,3),(2010,12,31),(2011,3,1)]])").
    XCTAssertEqual(try ints("dow"), [.int(1), .int(5), .null, .int(2)])
    XCTAssertEqual(try ints("week"), [.int(1), .int(52), .null, .int(9)])
    let d = try frame.evaluate(fn("date", col("t")))
    XCTAssertEqual(d[0], .datetime(CivilTime.seconds(year: 2011, month: 1, day: 3)))
    let m = try frame.evaluate(fn("month_start", col("t")))
    XCTAssertEqual(m[1], .datetime(CivilTime.seconds(year: 2010, month: 12, day: 1)))
    let wrong = assertFrameError(try frame.evaluate(fn("month", col("c"))))
    XCTAssertEqual(message(wrong), "month needs a datetime, 'c' is string")
  }

  func testIsoWeekAtYearBoundaries() {
    // python3 -c "import datetime as d;print([d.date(*x).isocalendar()[1] for x in [(2008,12,29),(2010,1,3),(2015,12,31),(2016,1,1)]])"
    // -> [1, 53, 53, 53]
    let days = [(2008, 12, 29), (2010, 1, 3), (2015, 12, 31), (2016, 1, 1)]
    XCTAssertEqual(
      days.map { CivilTime.isoWeek(CivilTime.seconds(year: $0.0, month: $0.1, day: $0.2)) },
      [1, 53, 53, 53])
  }

  func testStringFunctionsReencodeTheDictionary() throws {
    let f = Frame(columns: [strings("s", ["  Red ", "red", "RED", nil, "Blue"])])
    let lower = try f.evaluate(fn("lower", fn("trim", col("s"))))
    guard case .string(let codes, let dict) = lower.data else { return XCTFail() }
    XCTAssertEqual(dict.sorted(), ["blue", "red"])  // duplicates merged after lowering
    XCTAssertEqual(codes[0], codes[1])
    XCTAssertEqual(codes[3], -1)
    XCTAssertEqual(try f.evaluate(fn("upper", col("s")))[4], .string("BLUE"))
    XCTAssertEqual(try f.evaluate(fn("length", col("s")))[0], .int(6))
    XCTAssertEqual(try f.evaluate(fn("startswith", col("s"), lit("re")))[1], .bool(true))
    XCTAssertEqual(try f.evaluate(fn("endswith", col("s"), lit("ue")))[4], .bool(true))
    XCTAssertEqual(try f.evaluate(fn("contains", col("s"), lit("E")))[2], .bool(true))
    XCTAssertEqual(try f.evaluate(fn("contains", col("s"), lit("E")))[3], .null)
    XCTAssertEqual(try f.evaluate(fn("replace", col("s"), lit("e"), lit("EE")))[1], .string("rEEd"))
    let notLiteral = assertFrameError(try f.evaluate(fn("startswith", col("s"), col("s"))))
    XCTAssertTrue(message(notLiteral).contains("string literal"))
  }

  func testCoalesceIfAndNullTests() throws {
    let c = try frame.evaluate(fn("coalesce", col("p"), col("q"), lit(0.0)))
    XCTAssertEqual(c.type, .float)
    XCTAssertEqual((0..<4).map { c[$0] }, [.float(1.5), .float(2), .float(3), .float(7)])
    let s = try frame.evaluate(fn("coalesce", col("c"), lit("unknown")))
    XCTAssertEqual(
      (0..<4).map { s[$0] },
      [.string("EIRE"), .string("France"), .string("unknown"), .string("EIRE")])
    let i = try frame.evaluate(fn("if", col("b"), col("q"), lit(Int64(-9))))
    XCTAssertEqual((0..<4).map { i[$0] }, [.int(2), .int(-9), .int(-9), .int(7)])
    XCTAssertEqual(try frame.evaluate(fn("isnull", col("c")))[2], .bool(true))
    XCTAssertEqual(try frame.evaluate(fn("notnull", col("c")))[2], .bool(false))
    let mixed = assertFrameError(try frame.evaluate(fn("coalesce", col("c"), col("q"))))
    guard case .typeMismatch? = mixed else { return XCTFail() }
  }

  func testNumericFunctions() throws {
    let f = Frame(columns: [floats("x", [-2.345, 4, 0, nil]), ints("n", [-15, 1234, 5, nil])])
    XCTAssertEqual(try f.evaluate(fn("abs", col("x")))[0], .float(2.345))
    XCTAssertEqual(try f.evaluate(fn("round", col("x"), lit(Int64(2))))[0], .float(-2.35))
    XCTAssertEqual(try f.evaluate(fn("round", col("n"), lit(Int64(-1))))[0], .int(-20))
    XCTAssertEqual(try f.evaluate(fn("round", col("n"), lit(Int64(-2))))[1], .int(1200))
    XCTAssertEqual(try f.evaluate(fn("sqrt", col("x")))[1], .float(2))
    XCTAssertEqual(try f.evaluate(fn("sqrt", col("x")))[0], .null)
    XCTAssertEqual(try f.evaluate(fn("log", col("x")))[2], .null)
    assertClose(try f.evaluate(fn("exp", fn("log", col("x"))))[1].doubleValue ?? 0, 4)
  }

  func testConversions() throws {
    let f = Frame(columns: [
      strings("s", ["12", " 3 ", "x", nil]), floats("x", [2.9, -2.9, .infinity, nil]),
    ])
    let i = try f.evaluate(fn("int", col("s")))
    XCTAssertEqual((0..<4).map { i[$0] }, [.int(12), .int(3), .null, .null])
    let t = try f.evaluate(fn("int", col("x")))
    XCTAssertEqual((0..<4).map { t[$0] }, [.int(2), .int(-2), .null, .null])
    XCTAssertEqual(try f.evaluate(fn("float", col("s")))[1], .float(3))
    XCTAssertEqual(try f.evaluate(fn("string", col("x")))[0], .string("2.9"))
    let q = try frame.evaluate(fn("string", col("q")))
    XCTAssertEqual((0..<4).map { q[$0] }, [.string("2"), .string("-1"), .null, .string("7")])
    let d = try frame.evaluate(fn("string", col("t")))
    XCTAssertEqual(d[0], .string("2011-01-03 10:30:00"))
    XCTAssertEqual(
      try f.evaluate(fn("date", lit("2011-02-03 04:05")))[0],
      .datetime(CivilTime.seconds(year: 2011, month: 2, day: 3)))
  }
}
