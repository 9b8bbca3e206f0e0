import ShopCore
import XCTest

@testable import ShopFrames

/// The edge cases issue 3 names: header only, a 1 MB field, 10,000 columns, invalid
/// UTF-8 in the middle of a file, and a column that mixes types.
final class CSVExtremeInputTests: XCTestCase {
  private let folder = CSVTestFolder()

  func testHeaderOnlyGivesNamedColumnsAndNoRows() throws {
    let r = try CSVReader.load(folder.write("h.csv", "InvoiceNo,Quantity,Country\n"))
    XCTAssertEqual(r.frame.columnNames, ["InvoiceNo", "Quantity", "Country"])
    XCTAssertEqual(r.frame.rowCount, 0)
    XCTAssertEqual(r.rejects.rowCount, 0)
  }

  func testAOneMegabyteQuotedFieldIsKeptWhole() throws {
    let big = String(repeating: "ab,\"c\n", count: 1 << 20 / 6 + 1)
    let quoted = "\"" + big.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    let r = try CSVReader.load(folder.write("big.csv", "id,blob,tail\n1,\(quoted),x\n2,small,y\n"))
    XCTAssertEqual(r.frame.rowCount, 2)
    XCTAssertEqual(csvCells(r.frame, "blob").first, .string(big))
    XCTAssertEqual(csvCells(r.frame, "tail"), [.string("x"), .string("y")])
    XCTAssertGreaterThanOrEqual(big.utf8.count, 1 << 20)
  }

  func testTenThousandColumns() throws {
    let n = 10_000
    let header = (0..<n).map { "c\($0)" }.joined(separator: ",")
    let row1 = (0..<n).map { String($0) }.joined(separator: ",")
    let row2 = (0..<n).map { $0 % 2 == 0 ? "\($0).5" : "" }.joined(separator: ",")
    let r = try CSVReader.load(folder.write("wide.csv", header + "\n" + row1 + "\n" + row2 + "\n"))
    XCTAssertEqual(r.frame.columnCount, n)
    XCTAssertEqual(r.frame.rowCount, 2)
    XCTAssertEqual(csvCells(r.frame, "c9999"), [.int(9999), .null])
    XCTAssertEqual(csvCells(r.frame, "c9998"), [.float(9998), .float(9998.5)])
  }

  func testInvalidUTF8InTheMiddleFallsBackToLatin1WithAWarning() throws {
    var bytes = Array("name,city\nA,Paris\n".utf8)
    bytes += [0x42, 0x2C, 0x4D, 0xFC, 0x6E, 0x63, 0x68, 0x65, 0x6E, 0x0A]  // "B,M\u{FC}nchen" in Latin-1
    let r = try CSVReader.load(folder.write("latin.csv", bytes: bytes))
    XCTAssertEqual(csvCells(r.frame, "city"), [.string("Paris"), .string("München")])
    XCTAssertEqual(r.warnings.count, 1)
    XCTAssertTrue(r.warnings[0].contains("Latin-1"), r.warnings[0])
  }

  func testAColumnMixingNumbersAndTextBecomesText() throws {
    var text = "code,qty\n"
    for i in 0..<3000 { text += "\(i),\(i)\n" }
    text += "85123A,7\n"
    let r = try CSVReader.load(folder.write("mixed.csv", text))
    let code = try XCTUnwrap(r.frame.column(named: "code"))
    XCTAssertEqual(code.type, .string)
    XCTAssertEqual(code[0], .string("0"))
    XCTAssertEqual(code[3000], .string("85123A"))
    XCTAssertEqual(r.frame.column(named: "qty")?.type, .int)
    XCTAssertEqual(r.rejects.rowCount, 0)
  }

  /// `1e400` overflows a Double: it is a number out of range, not a code like `85123A`, so
  /// the column is named in a warning (as a late value or `inf` would be), and 'keep types'
  /// keeps the numbers. It used to turn the column to text without a word.
  func testANumberTooLargeForADoubleIsNamedNotTakenForACode() throws {
    var text = "amount\n"
    for i in 0..<100 { text += "\(i).5\n" }
    text += "1e400\n"
    let r = try CSVReader.load(folder.write("overflow.csv", text))
    XCTAssertEqual(r.frame.column(named: "amount")?.type, .string)
    XCTAssertTrue(
      r.warnings.contains { $0.contains("column 'amount' read as text, not float, because of line 102 ('1e400')") },
      "\(r.warnings)")
    var keep = CSVOptions()
    keep.keepTypes = true
    let kept = try CSVReader.load(folder.write("overflow.csv", text), options: keep)
    XCTAssertEqual(kept.frame.column(named: "amount")?.type, .float)
    XCTAssertEqual(csvCells(kept.frame, "amount").last, .null)
    XCTAssertTrue(CSVTypeInference.isScientificNumber(Array("-1.5E+400".utf8)))
    XCTAssertFalse(CSVTypeInference.isScientificNumber(Array("85123A".utf8)))
    XCTAssertFalse(CSVTypeInference.isScientificNumber(Array("12E4B".utf8)))
    XCTAssertTrue(CSVTypeInference.isCode(Array("C536379".utf8)))
  }

  func testRaggedRowsAreRejectedWithTheirLineNumbers() throws {
    let r = try CSVReader.load(folder.write("ragged.csv", "a,b\n1,2\n3\n4,5,6\n7,8\n"))
    XCTAssertEqual(r.frame.rowCount, 2)
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(3), .int(4)])
  }
}
