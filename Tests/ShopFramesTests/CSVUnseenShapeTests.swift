import ShopCore
import XCTest

@testable import ShopFrames

/// File shapes of exports never seen before: BOM and CRLF, trailing delimiters, repeated
/// names, blank lines, quoted tabs, Windows-1252 punctuation.
final class CSVUnseenShapeTests: XCTestCase {
  private let folder = CSVTestFolder()

  func testBOMAndCRLFEuropeanExport() throws {
    let text = "Bestellnummer;Datum;Umsatz\r\nDE-1;31.12.2023;1.275,00\r\nDE-2;01.01.2024;11,97\r\n"
    let r = try CSVReader.load(folder.write("eu.csv", bytes: CSVTextEncoding.bom + Array(text.utf8)))
    XCTAssertEqual(r.frame.columnNames, ["Bestellnummer", "Datum", "Umsatz"])
    XCTAssertEqual(csvCells(r.frame, "Umsatz"), [.float(1275), .float(11.97)])
    // timegm(2023-12-31) -> 1703980800
    XCTAssertEqual(csvCells(r.frame, "Datum").first, .datetime(1_703_980_800))
  }

  func testTrailingDelimiterColumnIsDroppedWithANote() throws {
    let r = try CSVReader.load(folder.write("t.csv", "a;b;\n1;x;\n2;y;\n"))
    XCTAssertEqual(r.frame.columnNames, ["a", "b"])
    XCTAssertTrue(r.warnings.contains { $0.contains("empty last column was dropped") })
    // A trailing column that holds a value somewhere is kept, named.
    let kept = try CSVReader.load(folder.write("k.csv", "a;b;\n1;x;\n2;y;z\n"))
    XCTAssertEqual(kept.frame.columnNames, ["a", "b", "column_3"])
    XCTAssertEqual(csvCells(kept.frame, "column_3"), [.null, .string("z")])
  }

  func testSpreadsheetExportWithEmptyTrailingColumnsKeepsItsHeader() throws {
    // Two blank names over columns blank throughout (a spreadsheet's `,,`) do not make
    // the header look like data.
    let text = "SKU,Stock,Restocked,,\r\nTEE-M,120,2024-02-10,,\r\nBAG,7,2024-02-11,,\r\nMUG,230,2024-03-01,,\r\n"
    let r = try CSVReader.load(folder.write("inv.csv", text))
    XCTAssertEqual(r.frame.columnNames, ["SKU", "Stock", "Restocked"])
    XCTAssertTrue(r.warnings.contains("every line ends with 2 empty fields: the 2 empty last columns were dropped"), "\(r.warnings)")
    XCTAssertEqual(csvCells(r.frame, "Stock"), [.int(120), .int(7), .int(230)])
    // A blank name over a column with values still votes "data": a headerless file whose
    // first record has an empty cell is not taken for a header.
    let headerless = try CSVReader.load(folder.write("d.csv", "x,,1\ny,2,3\nz,4,5\n"))
    XCTAssertEqual(headerless.frame.rowCount, 3)
  }

  func testDashPlaceholdersAreNullsInNumberAndDateColumns() throws {
    let text = "SKU,Stock,Price,Restocked\nA,120,$19.95,2024-02-10\nB,-,$1,234.50,–\nC,7,—,2024-02-12\nD,--,$15.00,2024-01-30\n"
    let r = try CSVReader.load(folder.write("dash.csv", text.replacingOccurrences(of: "$1,234.50", with: "\"$1,234.50\"")))
    XCTAssertEqual(csvCells(r.frame, "Stock"), [.int(120), .null, .int(7), .null])
    XCTAssertEqual(csvCells(r.frame, "Price"), [.float(19.95), .float(1234.5), .null, .float(15)])
    XCTAssertEqual(r.frame.column(named: "Restocked")?.type, .datetime)
    XCTAssertEqual(csvCells(r.frame, "Restocked")[1], .null)
  }

  func testDuplicateNamesAreRenamedWithANote() throws {
    let r = try CSVReader.load(folder.write("t.csv", "Amount,Amount,Amount\n1,2,3\n4,5,6\n"))
    XCTAssertEqual(r.frame.columnNames, ["Amount", "Amount_2", "Amount_3"])
    XCTAssertEqual(r.warnings.filter { $0.contains("appears more than once") }.count, 2)
    XCTAssertEqual(csvCells(r.frame, "Amount_3"), [.int(3), .int(6)])
    // Names the user gives are not repeats of the header's.
    let renamed = try CSVReader.load(
      folder.write("r.csv", "a,b\n1,2\n"), options: CSVOptions(columnNames: ["x", "y"]))
    XCTAssertEqual(renamed.warnings, [])

    // A renamed repeat never takes a name the file has further on: the file's own 'a_2'
    // kept its values under 'a_2_2', with a warning that it "appears more than once".
    let taken = try CSVReader.load(folder.write("d.csv", "a,a,a_2,,column_4\n1,2,3,4,5\n"))
    XCTAssertEqual(taken.frame.columnNames, ["a", "a_3", "a_2", "column_4_2", "column_4"])
    XCTAssertEqual(csvCells(taken.frame, "a_2"), [.int(3)])
    XCTAssertEqual(taken.warnings.filter { $0.contains("appears more than once") }, ["column 'a' appears more than once; this one is 'a_3'"])
  }

  func testBlankLinesInTheMiddleAndAHeaderWithOnlyABlankRow() throws {
    let r = try CSVReader.load(folder.write("t.csv", "a,b\n1,2\n\n\r\n3,4\n\n"))
    XCTAssertEqual(csvCells(r.frame, "a"), [.int(1), .int(3)])
    XCTAssertEqual(r.rejectedCount, 0)
    let empty = try CSVReader.load(folder.write("e.csv", "order_id,created_at,total\n\n"))
    XCTAssertEqual(empty.frame.rowCount, 0)
    XCTAssertEqual(empty.frame.columnNames, ["order_id", "created_at", "total"])
  }

  func testTSVWithQuotedTabsAndGroupedStock() throws {
    let text = "sku\ttitle\tstock\nA\t\"Mug \"\"Classic\"\"\tblue\"\t120\nB\tTea towel\t\"1,200\"\n"
    let r = try CSVReader.load(folder.write("t.tsv", text))
    XCTAssertEqual(r.delimiterName, "tab")
    XCTAssertEqual(csvCells(r.frame, "title"), [.string("Mug \"Classic\"\tblue"), .string("Tea towel")])
    XCTAssertEqual(csvCells(r.frame, "stock"), [.int(120), .int(1200)])
  }

  func testWindows1252EuroPricesAndSmartQuotes() throws {
    // „Crema“ = 0x84 ... 0x93, € = 0x80, ’ = 0x92, – = 0x96 in Windows-1252.
    var bytes = Array("produkt;preis\r\n".utf8)
    bytes += Array("Kaffee ".utf8) + [0x84] + Array("Crema".utf8) + [0x93] + Array(";".utf8)
    bytes += [0x80] + Array("3,50\r\n".utf8)
    bytes += [0x92] + Array("Tee".utf8) + [0x92, 0x20, 0x96] + Array(";".utf8)
    bytes += [0x80] + Array("1.204,00\r\n".utf8)
    let r = try CSVReader.load(folder.write("w.csv", bytes: bytes))
    XCTAssertEqual(csvCells(r.frame, "produkt"), [.string("Kaffee „Crema“"), .string("’Tee’ –")])
    XCTAssertEqual(csvCells(r.frame, "preis"), [.float(3.5), .float(1204)])
    XCTAssertTrue(r.warnings.contains { $0.contains("not UTF-8") })
    XCTAssertTrue(r.warnings.contains { $0.contains("currency '€'") })
  }
}
