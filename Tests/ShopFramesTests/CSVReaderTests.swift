import ShopCore
import XCTest

@testable import ShopFrames

/// Edge cases of the CSV format itself: quoting, line ends, encodings, malformed records.
final class CSVReaderTests: XCTestCase {
  private let folder = CSVTestFolder()

  private func load(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> LoadResult {
    try CSVReader.load(folder.write("t.csv", text), options: options)
  }

  // MARK: Basics

  func testHeaderTypesAndValues() throws {
    let r = try load("id,name,price,ok\n1,apple,2.5,true\n2,pear,3,false\n")
    XCTAssertEqual(r.frame.columnNames, ["id", "name", "price", "ok"])
    XCTAssertEqual(r.frame.columns.map(\.type), [.int, .string, .float, .bool])
    XCTAssertEqual(csvCells(r.frame, "id"), [.int(1), .int(2)])
    XCTAssertEqual(csvCells(r.frame, "name"), [.string("apple"), .string("pear")])
    XCTAssertEqual(csvCells(r.frame, "price"), [.float(2.5), .float(3)])
    XCTAssertEqual(csvCells(r.frame, "ok"), [.bool(true), .bool(false)])
    XCTAssertEqual(r.delimiterName, "comma")
    XCTAssertEqual(r.rejects.rowCount, 0)
    XCTAssertEqual(r.rejects.columnNames, ["line", "file", "reason", "text"])
    XCTAssertEqual(r.warnings, [])
  }

  func testBOMIsSkipped() throws {
    let r = try load("\u{FEFF}name,qty\nx,1\n")
    XCTAssertEqual(r.frame.columnNames, ["name", "qty"])
    XCTAssertEqual(csvCells(r.frame, "qty"), [.int(1)])
  }

  func testCRLFLineEnds() throws {
    let r = try load("a,b\r\n1,x\r\n2,y\r\n")
    XCTAssertEqual(csvCells(r.frame, "b"), [.string("x"), .string("y")])
    XCTAssertEqual(csvCells(r.frame, "a"), [.int(1), .int(2)])
  }

  func testOldMacLineEnds() throws {
    let r = try load("a,b\r1,\"x\ry\"\r2,z\r")
    XCTAssertEqual(csvCells(r.frame, "b"), [.string("x\ry"), .string("z")])
    let bad = try load("a,b\r1\r2,z\r")
    XCTAssertEqual(csvCells(bad.rejects, "line"), [.int(2)])
  }

  func testWhitespaceAlignedWithQuotedFields() throws {
    let r = try load(
      "name  city\n\"Ann Lee\"  \"New York\"\nBob  Paris\n", CSVOptions(delimiter: 32))
    XCTAssertEqual(r.delimiterName, "whitespace")
    XCTAssertEqual(csvCells(r.frame, "city"), [.string("New York"), .string("Paris")])
    XCTAssertEqual(csvCells(r.frame, "name"), [.string("Ann Lee"), .string("Bob")])
  }

  func testNoNewlineAtEndAndBlankLines() throws {
    let r = try load("a,b\n\n1,x\n\n\n2,y")
    XCTAssertEqual(r.frame.rowCount, 2)
    XCTAssertEqual(csvCells(r.frame, "b"), [.string("x"), .string("y")])
  }

  func testQuotedFieldsWithDelimitersNewlinesAndDoubledQuotes() throws {
    let text = "id,text,n\n1,\"hello, \"\"world\"\"\nsecond line\",5\n2,plain,6\n3,\"\",7\n"
    let r = try load(text)
    XCTAssertEqual(r.rejects.rowCount, 0)
    XCTAssertEqual(
      csvCells(r.frame, "text"),
      [.string("hello, \"world\"\nsecond line"), .string("plain"), .null])
    XCTAssertEqual(csvCells(r.frame, "n"), [.int(5), .int(6), .int(7)])
  }

  func testQuotedNumbersAreNumbers() throws {
    let r = try load("\"id\",\"v\"\n\"1\",\"2.5\"\n\"2\",\"3.5\"\n")
    XCTAssertEqual(r.frame.columnNames, ["id", "v"])
    XCTAssertEqual(csvCells(r.frame, "id"), [.int(1), .int(2)])
    XCTAssertEqual(csvCells(r.frame, "v"), [.float(2.5), .float(3.5)])
  }

  // MARK: Malformed records

  func testUnterminatedQuoteAtEndOfFileIsRejected() throws {
    let r = try load("a,b\n1,x\n2,\"oops\n3,z\n")
    XCTAssertEqual(r.frame.rowCount, 1)
    XCTAssertEqual(r.rejects.rowCount, 1)
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(3)])
    XCTAssertEqual(csvCells(r.rejects, "reason"), [.string("unterminated quote")])
    XCTAssertEqual(csvCells(r.rejects, "text"), [.string("2,\"oops\n3,z\n")])
  }

  func testRaggedRowsGoToRejectsWithPhysicalLineNumbers() throws {
    // Line 3 holds a record spanning lines 3-4, so the ragged records are on lines 5 and 7.
    let text = "a,b,c\n1,2,3\n4,\"five\nstill five\",6\n7,8\n9,10,11\n12,13,14,15\n"
    let r = try load(text)
    XCTAssertEqual(r.frame.rowCount, 3)
    XCTAssertEqual(csvCells(r.frame, "a"), [.int(1), .int(4), .int(9)])
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(5), .int(7)])
    XCTAssertEqual(
      csvCells(r.rejects, "reason"),
      [.string("expected 3 fields, found 2"), .string("expected 3 fields, found 4")])
    XCTAssertEqual(csvCells(r.rejects, "text"), [.string("7,8"), .string("12,13,14,15")])
    XCTAssertEqual(
      csvCells(r.rejects, "file"),
      [.string(folder.path + "/t.csv"), .string(folder.path + "/t.csv")])
  }

  func testBrokenHeaderIsAnErrorEvenWhenNotStrict() throws {
    let path = folder.write("h.csv", "a,\"b\nx,1\ny,2\n")
    let error = csvError { _ = try CSVReader.load(path, options: CSVOptions(hasHeader: true)) }
    XCTAssertEqual(error, .malformedRow(file: path, line: 1, reason: "unterminated quote"))
  }

  func testTextAfterClosingQuoteIsRejected() throws {
    let r = try load("a,b\n1,\"x\"y\n2,z\n")
    XCTAssertEqual(csvCells(r.frame, "b"), [.string("z")])
    XCTAssertEqual(csvCells(r.rejects, "reason"), [.string("text after a closing quote")])
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(2)])
  }

  func testLongRejectedRecordIsTruncated() throws {
    let long = String(repeating: "x", count: 500)
    let r = try load("a,b\n1,2\n\(long)\n")
    let text = csvCells(r.rejects, "text")
    guard case .string(let s)? = text.first else { return XCTFail("no reject text") }
    XCTAssertEqual(s.count, 201)  // 200 characters and an ellipsis
    XCTAssertTrue(s.hasSuffix("…"))
  }

  func testStrictMakesTheFirstBadRowAnError() throws {
    let path = folder.write("s.csv", "a,b\n1,2\n3\n4,5,6\n")
    let error = csvError { _ = try CSVReader.load(path, options: CSVOptions(strict: true)) }
    XCTAssertEqual(
      error, .malformedRow(file: path, line: 3, reason: "expected 2 fields, found 1"))
    XCTAssertEqual(
      error?.diagnostic.message,
      "malformed row at line 3 of '\(path)': expected 2 fields, found 1")
  }

  // MARK: Encodings

  func testLatin1FileIsReadWithAWarning() throws {
    // "café" and "€5" in Windows-1252: é = 0xE9, € = 0x80.
    let bytes: [UInt8] =
      Array("name,price\ncaf".utf8) + [0xE9] + Array(",".utf8) + [0x80]
      + Array("5\n".utf8)
    let r = try CSVReader.load(folder.write("latin.csv", bytes: bytes))
    XCTAssertEqual(csvCells(r.frame, "name"), [.string("café")])
    XCTAssertEqual(csvCells(r.frame, "price"), [.string("€5")])
    XCTAssertEqual(r.warnings, ["'latin.csv' is not UTF-8; read as Windows-1252 (Latin-1 with € and curly quotes)"])
  }

  func testUTF16IsRefusedWithAReason() {
    let path = folder.write("u16.csv", bytes: [0xFF, 0xFE] + Array("a\0,\0b\0".utf8))
    XCTAssertEqual(
      csvError { _ = try CSVReader.load(path) },
      .unreadable(path: path, reason: "the file is UTF-16; save it as UTF-8"))
  }

  /// An Excel workbook, a Parquet file or JSON used to "load" as one column named after
  /// its first bytes and no rows, without a word; each is refused with what it is.
  func testOtherFormatsAreRefusedWithWhatTheyAre() throws {
    let cases: [(String, [UInt8], String)] = [
      ("orders.xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "it is a zip archive (an Excel .xlsx workbook is one), not CSV; in Excel, save it as 'CSV UTF-8'"),
      ("orders.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00], "it is an old Excel (.xls) or other Office file, not CSV; in Excel, save it as 'CSV UTF-8'"),
      ("t.parquet", Array("PAR1".utf8) + [0x15, 0x04], "it is a Parquet file, not CSV; load reads CSV and TSV"),
      ("train.jsonl", Array("{\"session\":0,\"events\":[]}\n".utf8), "it is JSON (an object per line, or an array), not CSV; load reads CSV and TSV"),
      ("a.json", Array("\u{FEFF} [ {\"a\": 1} ]".utf8), "it is JSON (an object per line, or an array), not CSV; load reads CSV and TSV"),
    ]
    for (name, bytes, reason) in cases {
      let path = folder.write(name, bytes: bytes)
      XCTAssertEqual(csvError { _ = try CSVReader.load(path) }, .unreadable(path: path, reason: reason), name)
    }
    // A bracketed header (SQL Server exports) is text.
    let bracketed = try load("[Order ID],[Total]\n1,2.5\n")
    XCTAssertEqual(bracketed.frame.columnNames, ["[Order ID]", "[Total]"])
  }

  func testUTF8IsKept() throws {
    let r = try load("city,n\nSão Paulo,1\nKøbenhavn,2\n")
    XCTAssertEqual(csvCells(r.frame, "city"), [.string("São Paulo"), .string("København")])
    XCTAssertEqual(r.warnings, [])
  }

  // MARK: Delimiters and headers

  func testDelimiterSniffing() throws {
    XCTAssertEqual(try load("a;b\n1;\"x,y\"\n2;z\n").delimiterName, "semicolon")
    XCTAssertEqual(try load("a\tb\n1\tx, y\n").delimiterName, "tab")
    XCTAssertEqual(try load("a|b|c\n1|Shawshank, The|3\n").delimiterName, "pipe")
    // Commas inside quotes do not count: the file is comma-separated with 2 fields.
    let r = try load("a,b\n\"1;2;3\",x\n\"4;5;6\",y\n")
    XCTAssertEqual(r.delimiterName, "comma")
    XCTAssertEqual(csvCells(r.frame, "a"), [.string("1;2;3"), .string("4;5;6")])
  }

  func testDelimiterOverride() throws {
    let r = try load("a,b;c\n1,2;3\n", CSVOptions(delimiter: UInt8(ascii: ";")))
    XCTAssertEqual(r.frame.columnNames, ["a,b", "c"])
    XCTAssertEqual(r.delimiterName, "semicolon")
  }

  func testWhitespaceAlignedFile() throws {
    let r = try load("  id   name    score\n   1   ann     3.5\n  2 bob\t\t4\n\n")
    XCTAssertEqual(r.delimiterName, "whitespace")
    XCTAssertEqual(r.frame.columnNames, ["id", "name", "score"])
    XCTAssertEqual(csvCells(r.frame, "id"), [.int(1), .int(2)])
    XCTAssertEqual(csvCells(r.frame, "name"), [.string("ann"), .string("bob")])
    XCTAssertEqual(csvCells(r.frame, "score"), [.float(3.5), .float(4)])
  }

  func testSingleSpacedNumbersAreWhitespaceButPhrasesAreOneColumn() throws {
    let numbers = try load("1 2 3\n4 5 6\n")
    XCTAssertEqual(numbers.delimiterName, "whitespace")
    XCTAssertEqual(numbers.frame.columnNames, ["column_1", "column_2", "column_3"])
    let phrases = try load("product name\nred apple\ngreen pear\n")
    XCTAssertEqual(phrases.frame.columnNames, ["product name"])
    XCTAssertEqual(
      csvCells(phrases.frame, "product name"), [.string("red apple"), .string("green pear")])
  }

  func testHeaderlessNumericFileGetsGeneratedNames() throws {
    let r = try load("1,2,3\n4,5,6\n")
    XCTAssertEqual(r.frame.columnNames, ["column_1", "column_2", "column_3"])
    XCTAssertEqual(r.frame.rowCount, 2)
    XCTAssertEqual(csvCells(r.frame, "column_1"), [.int(1), .int(4)])
  }

  func testHeaderlessFileWithExplicitNames() throws {
    let r = try load(
      "196\t242\t3\t881250949\n186\t302\t3\t891717742\n",
      CSVOptions(columnNames: ["user_id", "item_id", "rating", "timestamp"]))
    XCTAssertEqual(r.frame.columnNames, ["user_id", "item_id", "rating", "timestamp"])
    XCTAssertEqual(r.frame.rowCount, 2)
    // "timestamp" names a time and the values are plausible Unix seconds.
    XCTAssertEqual(csvType(r.frame, "timestamp"), .datetime)
    XCTAssertEqual(csvCells(r.frame, "timestamp").first, .datetime(881_250_949))
  }

  func testHeaderOverride() throws {
    let r = try load("a,b\nc,d\n", CSVOptions(hasHeader: false))
    XCTAssertEqual(r.frame.rowCount, 2)
    XCTAssertEqual(csvCells(r.frame, "column_1"), [.string("a"), .string("c")])
  }

  func testRenamingAFileWithAHeader() throws {
    let r = try load("a,b\n1,2\n", CSVOptions(columnNames: ["x", "y"]))
    XCTAssertEqual(r.frame.columnNames, ["x", "y"])
    XCTAssertEqual(r.frame.rowCount, 1)
  }

  func testBlankAndDuplicateHeaderNamesAreMadeUnique() throws {
    let r = try load("a,,a,a\n1,2,3,4\n")
    XCTAssertEqual(r.frame.columnNames, ["a", "column_2", "a_2", "a_3"])
  }

  // MARK: Gzip and globs

  func testGzipIncludingMultiMemberFiles() throws {
    let first = try CSVWriter.gzipped(Array("k,v\na,1\n".utf8))
    let second = try CSVWriter.gzipped(Array("b,2\n".utf8))
    let r = try CSVReader.load(folder.write("two.csv.gz", bytes: first + second))
    XCTAssertEqual(csvCells(r.frame, "k"), [.string("a"), .string("b")])
    XCTAssertEqual(csvCells(r.frame, "v"), [.int(1), .int(2)])
  }

  func testTruncatedGzipIsUnreadable() throws {
    let whole = try CSVWriter.gzipped(Array(String(repeating: "a,b\n1,2\n", count: 200).utf8))
    let path = folder.write("cut.csv.gz", bytes: Array(whole.prefix(whole.count / 2)))
    let error = csvError { _ = try CSVReader.load(path) }
    guard case .unreadable(let p, let reason)? = error else {
      return XCTFail("\(String(describing: error))")
    }
    XCTAssertEqual(p, path)
    XCTAssertTrue(reason.contains("gzip"), reason)
  }

  func testGlobConcatenatesFilesSortedByName() throws {
    folder.write("m-02.csv", "month,n\nfeb,2\n")
    folder.write("m-01.csv", "month,n\njan,1\n")
    folder.write("other.txt", "not,this\n")
    let r = try CSVReader.load(folder.path + "/m-*.csv")
    XCTAssertEqual(r.files, [folder.path + "/m-01.csv", folder.path + "/m-02.csv"])
    XCTAssertEqual(csvCells(r.frame, "month"), [.string("jan"), .string("feb")])
    XCTAssertEqual(csvCells(r.frame, "n"), [.int(1), .int(2)])
  }

  func testGlobWithMismatchedHeaderNamesTheFile() throws {
    folder.write("m-01.csv", "month,n\njan,1\n")
    let bad = folder.write("m-02.csv", "month,count\nfeb,2\n")
    let error = csvError { _ = try CSVReader.load(folder.path + "/m-*.csv") }
    XCTAssertEqual(
      error, .mismatchedHeader(file: bad, expected: ["month", "n"], found: ["month", "count"]))
    XCTAssertEqual(
      error?.diagnostic.message, "'\(bad)' has different columns than the first file")
  }

  func testRejectLinesAreCountedPerFileInAGlob() throws {
    folder.write("m-01.csv", "a,b\n1,2\n")
    let second = folder.write("m-02.csv", "a,b\n3,4\n5\n")
    let r = try CSVReader.load(folder.path + "/m-*.csv")
    XCTAssertEqual(r.frame.rowCount, 2)
    XCTAssertEqual(csvCells(r.rejects, "file"), [.string(second)])
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(3)])
  }

  // MARK: Cancellation

  func testCtrlCStopsTheLoad() throws {
    Cancellation.shared.request()
    defer { Cancellation.shared.reset() }
    XCTAssertThrowsError(try load("a\n1\n")) { error in
      XCTAssertTrue(error is CommandCancelled, "\(error)")
    }
  }
}
