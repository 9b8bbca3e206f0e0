import ShopCore
import XCTest

@testable import ShopFrames

/// Type inference, null tokens, widening after the sample, and forced types.
final class CSVInferenceTests: XCTestCase {
  private let folder = CSVTestFolder()

  private func load(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> LoadResult {
    try CSVReader.load(folder.write("t.csv", text), options: options)
  }

  // MARK: Identifiers

  func testLeadingZerosStayStrings() throws {
    let r = try load("id,zip,n\n007,01234,0\n00123,98765,10\n42,12345,-3\n")
    XCTAssertEqual(csvType(r.frame, "id"), .string)
    XCTAssertEqual(csvCells(r.frame, "id"), [.string("007"), .string("00123"), .string("42")])
    XCTAssertEqual(csvType(r.frame, "zip"), .string)
    XCTAssertEqual(csvCells(r.frame, "n"), [.int(0), .int(10), .int(-3)])
  }

  func testMixedCodesStayStrings() throws {
    let r = try load("StockCode\n85123A\n71053\nPOST\n")
    XCTAssertEqual(csvType(r.frame, "StockCode"), .string)
    XCTAssertEqual(
      csvCells(r.frame, "StockCode"), [.string("85123A"), .string("71053"), .string("POST")])
  }

  func testIntegersBeyondInt64StayStrings() throws {
    // Avazu ids: 20 digits do not fit Int64, and a float would lose digits.
    let r = try load("id\n1000009418151094273\n10000169349117863715\n")
    XCTAssertEqual(csvType(r.frame, "id"), .string)
    XCTAssertEqual(csvCells(r.frame, "id")[1], .string("10000169349117863715"))
    let fits = try load("id\n9223372036854775807\n-9223372036854775808\n")
    XCTAssertEqual(csvCells(fits.frame, "id"), [.int(.max), .int(.min)])
  }

  // MARK: Numbers

  func testFloatsParseExactly() throws {
    // Reference: python3 -c "print(repr(float('123456789.123456789')), float('6.02214076e23'))"
    let r = try load(
      "x\n0.1\n2.55\n1e-3\n-.5\n6.02214076e23\n123456789.123456789\n"
        + "3.14159265358979323846264338327950288\n7\n")
    XCTAssertEqual(csvType(r.frame, "x"), .float)
    XCTAssertEqual(
      csvCells(r.frame, "x"),
      [
        .float(0.1), .float(2.55), .float(0.001), .float(-0.5), .float(6.02214076e23),
        .float(123456789.12345679), .float(3.141592653589793), .float(7),
      ])
  }

  func testInfAndNanWordsAreNotNumbers() throws {
    let r = try load("x\n1.5\ninf\n")
    XCTAssertEqual(csvType(r.frame, "x"), .string)
  }

  // MARK: Nulls

  func testNullTokens() throws {
    let r = try load("n,s\n1,a\n,\nNA,NA\nN/A,N/A\nnull,null\nNULL,NULL\nNone,None\nNaN,NaN\n2,b\n")
    XCTAssertEqual(csvType(r.frame, "n"), .int)
    XCTAssertEqual(r.frame.column(named: "n")?.nullCount, 7)
    XCTAssertEqual(csvType(r.frame, "s"), .string)
    XCTAssertEqual(r.frame.column(named: "s")?.nullCount, 7)
    XCTAssertEqual(csvCells(r.frame, "n").first, .int(1))
    XCTAssertEqual(csvCells(r.frame, "n").last, .int(2))
  }

  func testAllNullColumnIsAStringColumnOfNulls() throws {
    let r = try load("a,b\n1,\n2,\n")
    XCTAssertEqual(csvType(r.frame, "b"), .string)
    XCTAssertEqual(r.frame.column(named: "b")?.nullCount, 2)
  }

  // MARK: Booleans

  func testBooleanWords() throws {
    let r = try load("a,b,c,d\nTRUE,true,True,yes\nFALSE,false,False,no\n")
    XCTAssertEqual(csvCells(r.frame, "a"), [.bool(true), .bool(false)])
    XCTAssertEqual(csvCells(r.frame, "b"), [.bool(true), .bool(false)])
    XCTAssertEqual(csvCells(r.frame, "c"), [.bool(true), .bool(false)])
    XCTAssertEqual(csvType(r.frame, "d"), .string)  // yes/no is not inferred
  }

  // MARK: Dates
  // Reference seconds: python3 -c "import calendar,datetime as d;
  //   print(calendar.timegm(d.datetime(2010,12,1,8,26).timetuple()))"  -> 1291191960

  func testDateFormats() throws {
    let text = """
      iso,isot,us,usdate,dmy,slash,ampm
      2010-12-01 08:26:00,2011-01-04T13:05:07,12/1/2010 8:26,1/4/2011,01-Jan-1995,2024/02/29,12/9/2011 12:30 AM
      2010-12-01,2011-01-04 13:05,1/4/2011 13:05,12/1/2010,9-May-2016,2010/12/01,12/9/2011 12:30 PM

      """
    let r = try load(text)
    XCTAssertEqual(r.frame.columns.map(\.type), Array(repeating: .datetime, count: 7))
    XCTAssertEqual(csvCells(r.frame, "iso"), [.datetime(1_291_191_960), .datetime(1_291_161_600)])
    XCTAssertEqual(csvCells(r.frame, "isot"), [.datetime(1_294_146_307), .datetime(1_294_146_300)])
    XCTAssertEqual(csvCells(r.frame, "us"), [.datetime(1_291_191_960), .datetime(1_294_146_300)])
    XCTAssertEqual(
      csvCells(r.frame, "usdate"), [.datetime(1_294_099_200), .datetime(1_291_161_600)])
    XCTAssertEqual(csvCells(r.frame, "dmy"), [.datetime(788_918_400), .datetime(1_462_752_000)])
    XCTAssertEqual(
      csvCells(r.frame, "slash"), [.datetime(1_709_164_800), .datetime(1_291_161_600)])
    XCTAssertEqual(csvCells(r.frame, "ampm"), [.datetime(1_323_390_600), .datetime(1_323_433_800)])
  }

  func testImpossibleDatesAreNotDates() throws {
    let r = try load("d\n2011-02-29\n2011-03-01\n")
    XCTAssertEqual(csvType(r.frame, "d"), .string)
  }

  func testCompactDatesNeedPlausibleValues() throws {
    let r = try load("order_date,id,hour\n20101201,10000001,14102100\n20110104,12345678,14102101\n")
    // Valid YYYYMMDD values: a date. Month 00 / year 1234: integers, not dates. Avazu's
    // `hour` (YYMMDDHH) is not a date either.
    XCTAssertEqual(
      csvCells(r.frame, "order_date"), [.datetime(1_291_161_600), .datetime(1_294_099_200)])
    XCTAssertEqual(csvType(r.frame, "id"), .int)
    XCTAssertEqual(csvType(r.frame, "hour"), .int)
  }

  func testUnixSecondsOnlyWhenTheNameSaysTime() throws {
    let r = try load(
      "event_time,count,ts_ms\n881250949,881250949,1659304800025\n"
        + "891717742,891717742,1659304904511\n")
    XCTAssertEqual(
      csvCells(r.frame, "event_time"), [.datetime(881_250_949), .datetime(891_717_742)])
    XCTAssertEqual(csvType(r.frame, "count"), .int)
    XCTAssertEqual(csvType(r.frame, "ts_ms"), .int)  // milliseconds are out of range
  }

  func testNameHints() {
    XCTAssertEqual(
      CSVTypeInference.NameHints.words("eventTimeUTC_ts"), ["event", "time", "utc", "ts"])
    XCTAssertTrue(CSVTypeInference.NameHints("created_at").time)
    XCTAssertFalse(CSVTypeInference.NameHints("products").time)  // "ts" only as a word
    XCTAssertTrue(CSVTypeInference.NameHints("eventdate").date)
  }

  // MARK: Widening after the sample

  /// `count` rows of `value(i)` then one `last` value, in column `x`.
  private func column(_ count: Int, _ value: (Int) -> String, then last: String) -> String {
    "x,i\n" + (0..<count).map { "\(value($0)),\($0)\n" }.joined() + "\(last),\(count)\n"
  }

  func testIntWidensToFloatAfterTheSample() throws {
    let r = try load(column(1500, { "\($0)" }, then: "2.5"))
    XCTAssertEqual(csvType(r.frame, "x"), .float)
    XCTAssertEqual(r.frame.rowCount, 1501)
    XCTAssertEqual(csvCells(r.frame, "x")[1499], .float(1499))
    XCTAssertEqual(csvCells(r.frame, "x")[1500], .float(2.5))
    XCTAssertEqual(csvType(r.frame, "i"), .int)
  }

  func testIntWidensToStringKeepingTheText() throws {
    let r = try load(column(1500, { "\(536_365 + $0)" }, then: "C536379"))
    XCTAssertEqual(csvType(r.frame, "x"), .string)
    XCTAssertEqual(csvCells(r.frame, "x")[0], .string("536365"))
    XCTAssertEqual(csvCells(r.frame, "x")[1500], .string("C536379"))
  }

  func testDatesWidenToStringOnALaterNonDate() throws {
    let r = try load(column(1200, { _ in "2011-01-04" }, then: "unknown"))
    XCTAssertEqual(csvType(r.frame, "x"), .string)
    XCTAssertEqual(csvCells(r.frame, "x")[0], .string("2011-01-04"))
  }

  func testCompactDatesWidenToIntOnALaterNonDate() throws {
    let r = try load(column(1200, { _ in "20110104" }, then: "20119999"))
    XCTAssertEqual(csvType(r.frame, "x"), .int)
    XCTAssertEqual(csvCells(r.frame, "x")[1200], .int(20_119_999))
  }

  func testWideningKeepsNullsAndRejects() throws {
    // A ragged row before the widening value must be skipped in the second pass too.
    var text = "x,y\n"
    for i in 0..<1300 { text += i == 3 ? "1,2,3\n" : i == 5 ? "NA,5\n" : "\(i),\(i)\n" }
    text += "1.5,1\n"
    let r = try load(text)
    XCTAssertEqual(r.rejects.rowCount, 1)
    XCTAssertEqual(r.frame.rowCount, 1300)
    XCTAssertEqual(csvType(r.frame, "x"), .float)
    XCTAssertEqual(r.frame.column(named: "x")?.nullCount, 1)
    XCTAssertEqual(csvCells(r.frame, "x")[3], .float(4))  // row 3 was rejected
    XCTAssertEqual(csvCells(r.frame, "y")[1299], .int(1))
  }

  func testWideningAcrossChunksAndFilesSkipsTheSameRejects() throws {
    // 40,000 records over two files (several chunks each): a ragged record and a record
    // that breaks a forced type in the first file, and the value that widens `x` to float
    // in the second. The second pass must skip exactly the two rejected records.
    func line(_ i: Int) -> String {
      if i == 100 { return "100,100,extra\n" }
      if i == 20_000 { return "20000,bad\n" }
      if i == 35_000 { return "7.5,35000\n" }
      return "\(i),\(i)\n"
    }
    let a = folder.write("part-a.csv", "x,y\n" + (0..<25_000).map(line).joined())
    folder.write("part-b.csv", "x,y\n" + (25_000..<40_000).map(line).joined())
    let r = try CSVReader.load(folder.path + "/part-*.csv", options: CSVOptions(types: ["y": .int]))
    XCTAssertEqual(r.frame.rowCount, 39_998)
    XCTAssertEqual(csvType(r.frame, "x"), .float)
    XCTAssertEqual(csvType(r.frame, "y"), .int)
    XCTAssertEqual(csvCells(r.rejects, "file"), [.string(a), .string(a)])
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(102), .int(20_002)])  // header is line 1
    let x = csvCells(r.frame, "x")
    let y = csvCells(r.frame, "y")
    XCTAssertEqual(x[99], .float(99))
    XCTAssertEqual(x[100], .float(101))  // record 100 was rejected
    XCTAssertEqual(y[19_998], .int(19_999))
    XCTAssertEqual(y[19_999], .int(20_001))  // record 20,000 was rejected too
    XCTAssertEqual(x[34_998], .float(7.5))
    XCTAssertEqual(y[34_998], .int(35_000))
    XCTAssertEqual(x[39_997], .float(39_999))
  }

  // MARK: Forced types

  func testForcedTypesRejectValuesThatDoNotFit() throws {
    let text = "code,qty,flag,day\n007,1,yes,20110104\n008,x,no,2011-01-05\n009,3,1,1294099200\n"
    let options = CSVOptions(types: ["code": .string, "qty": .int, "flag": .bool, "day": .datetime])
    let r = try load(text, options)
    XCTAssertEqual(r.frame.rowCount, 2)
    XCTAssertEqual(csvCells(r.frame, "code"), [.string("007"), .string("009")])
    XCTAssertEqual(csvCells(r.frame, "flag"), [.bool(true), .bool(true)])
    XCTAssertEqual(csvCells(r.frame, "day"), [.datetime(1_294_099_200), .datetime(1_294_099_200)])
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(3)])
    XCTAssertEqual(
      csvCells(r.rejects, "reason"), [.string("cannot read 'x' as int in column 'qty'")])
    XCTAssertEqual(csvCells(r.rejects, "text"), [.string("008,x,no,2011-01-05")])
  }

  func testForcedTypeErrorInStrictMode() throws {
    let path = folder.write("f.csv", "a,qty\n1,2\n2,two\n")
    let error = csvError {
      _ = try CSVReader.load(path, options: CSVOptions(types: ["qty": .int], strict: true))
    }
    XCTAssertEqual(
      error, .typeConversion(file: path, line: 3, column: "qty", value: "two", type: .int))
    XCTAssertEqual(
      error?.diagnostic.message, "cannot read 'two' as int in column 'qty' at line 3 of '\(path)'")
  }

  func testForcingAnIntColumnToFloatAndString() throws {
    let r = try load("a,b\n1,2\n3,4\n", CSVOptions(types: ["a": .float, "b": .string]))
    XCTAssertEqual(csvCells(r.frame, "a"), [.float(1), .float(3)])
    XCTAssertEqual(csvCells(r.frame, "b"), [.string("2"), .string("4")])
  }

  func testUnknownColumnInTypes() throws {
    let error = csvError {
      _ = try self.load("price,qty\n1,2\n", CSVOptions(types: ["prise": .float]))
    }
    XCTAssertEqual(error, .unknownColumn(name: "prise", available: ["price", "qty"]))
    XCTAssertEqual(error?.diagnostic.label, "did you mean 'price'?")
  }

  // MARK: Unit parsers

  func testIntParserRejectsNonCanonicalForms() {
    func int(_ s: String) -> Int64? {
      var s = s
      return s.withUTF8 { b in b.baseAddress.flatMap { CSVFieldParser.int($0, b.count) } }
    }
    XCTAssertEqual(int("0"), 0)
    XCTAssertEqual(int("-12"), -12)
    XCTAssertEqual(int("+7"), 7)
    XCTAssertEqual(int(" 42 "), 42)
    XCTAssertNil(int("007"))
    XCTAssertNil(int("1_000"))
    XCTAssertNil(int("-"))
    XCTAssertNil(int("12a"))
    XCTAssertNil(int("99999999999999999999"))
  }
}
