import ShopCore
import XCTest

@testable import ShopFrames

/// Numbers the way shops in other locales export them: decimal commas, thousands marks,
/// currency symbols and codes, percentages, accounting negatives.
final class CSVUnseenNumberTests: XCTestCase {
  private let folder = CSVTestFolder()

  private func load(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> LoadResult {
    try CSVReader.load(folder.write("t.csv", text), options: options)
  }

  func testDecimalCommaWithThousandsDotsInASemicolonFile() throws {
    let r = try load("sku;preis\nA;12,50\nB;1.234,50\nC;0,85\nD;1.000.000,00\n")
    XCTAssertEqual(r.delimiterName, "semicolon")
    XCTAssertEqual(csvType(r.frame, "preis"), .float)
    XCTAssertEqual(
      csvCells(r.frame, "preis"), [.float(12.5), .float(1234.5), .float(0.85), .float(1_000_000)])
    XCTAssertTrue(r.warnings.contains { $0.contains("'preis'") && $0.contains("decimal comma") })
  }

  func testQuotedDecimalCommaInACommaFile() throws {
    let r = try load("event,value_eur\npurchase,\"12,50\"\npurchase,\"37,50\"\nview,\"\"\n")
    XCTAssertEqual(csvCells(r.frame, "value_eur"), [.float(12.5), .float(37.5), .null])
  }

  func testThousandsCommasInQuotedIntegers() throws {
    // Excel and Shopify write `1,234` for 1234; the column stays an int column.
    let r = try load("sku,stock\nA,\"1,200\"\nB,35\nC,\"12,345,678\"\n")
    XCTAssertEqual(csvType(r.frame, "stock"), .int)
    XCTAssertEqual(csvCells(r.frame, "stock"), [.int(1200), .int(35), .int(12_345_678)])
  }

  func testDecimalCommaElsewhereMakesDotsThousands() throws {
    // `1.500` units in a file whose prices are `12,50`: fifteen hundred, not one and a half.
    let r = try load("menge;preis\n1;12,50\n1.500;0,85\n12;3,99\n")
    XCTAssertEqual(csvCells(r.frame, "menge"), [.int(1), .int(1500), .int(12)])
    // Without decimal commas anywhere, `1.500` stays the plain float it looks like.
    let plain = try load("a;b\n1;x\n1.500;y\n")
    XCTAssertEqual(csvCells(plain.frame, "a"), [.float(1), .float(1.5)])
  }

  func testCurrencySymbolsAndCodes() throws {
    let r = try load(
      "usd,eur,code\n\"$1,234.50\",€12.50,12.50 EUR\n$5.00,€0.99,EUR 3.00\n\"-$2,000.00\",€-1.00,EUR -1.25\n")
    XCTAssertEqual(csvCells(r.frame, "usd"), [.float(1234.5), .float(5), .float(-2000)])
    XCTAssertEqual(csvCells(r.frame, "eur"), [.float(12.5), .float(0.99), .float(-1)])
    XCTAssertEqual(csvCells(r.frame, "code"), [.float(12.5), .float(3), .float(-1.25)])
    XCTAssertTrue(r.warnings.contains { $0.contains("'usd'") && $0.contains("currency '$'") })
  }

  func testMixedCurrenciesAndCodesStayText() throws {
    // Two currencies cannot be summed; `INV-2023` and `SKU 12` are codes, not money.
    let r = try load("price,invoice,sku\n$12.50,INV-2023,SKU 12\n€3.00,INV-2024,SKU 13\n")
    XCTAssertEqual(csvType(r.frame, "price"), .string)
    XCTAssertEqual(csvCells(r.frame, "invoice"), [.string("INV-2023"), .string("INV-2024")])
    XCTAssertEqual(csvType(r.frame, "sku"), .string)
  }

  func testPercentagesAreFractions() throws {
    let r = try load("discount,tax\n12.5%,19%\n0%,7%\n100%,19%\n")
    XCTAssertEqual(csvCells(r.frame, "discount"), [.float(0.125), .float(0), .float(1)])
    // 19% is read as 19e-2, the double nearest 0.19 (not 19 / 100 rounded twice).
    XCTAssertEqual(csvCells(r.frame, "tax"), [.float(0.19), .float(0.07), .float(0.19)])
    // A percent column must say % on every value: `30` would be 30 or 0.3.
    let mixed = try load("discount\n12.5%\n30\n")
    XCTAssertEqual(csvType(mixed.frame, "discount"), .string)
  }

  func testAccountingNegativesAndTrailingSpaces() throws {
    let r = try load("amount;refund\n(12,50)  ;  12,50\n(1.234,50);1.234,50\n5,95;5,95 \n")
    XCTAssertEqual(csvCells(r.frame, "amount"), [.float(-12.5), .float(-1234.5), .float(5.95)])
    XCTAssertEqual(csvCells(r.frame, "refund"), [.float(12.5), .float(1234.5), .float(5.95)])
  }

  func testLateThousandsSeparatorWidensInsteadOfFailing() throws {
    // The first 1,000 rows are small numbers; row 1,201 is the first with a group mark.
    var text = "qty\n"
    for i in 0..<1200 { text += "\(i % 50)\n" }
    text += "\"1,234\"\n(7)\n"
    let r = try load(text)
    XCTAssertEqual(csvType(r.frame, "qty"), .int)
    XCTAssertEqual(csvCells(r.frame, "qty").suffix(2), [.int(1234), .int(-7)])
    XCTAssertEqual(r.rejectedCount, 0)
  }

  func testBrokenGroupsAndCodesAreNotNumbers() throws {
    // `1,23,456` (Indian lakh grouping), IPs, versions and `0,750` groups are not read as
    // thousands; the column stays text rather than guessing.
    for bad in ["1,23,456", "192.168.1.1", "1.2.3"] {
      let r = try load("v\n\"\(bad)\"\n\"\(bad)\"\n")
      XCTAssertEqual(csvType(r.frame, "v"), .string, bad)
    }
    let weights = try load("kg;x\n0,750;a\n1,250;b\n")
    XCTAssertEqual(csvCells(weights.frame, "kg"), [.float(0.75), .float(1.25)])
  }

  func testIdColumnsThatLookLikeFloatsStayText() throws {
    // GA4 user_pseudo_id: as a Double, 1197960960.1670000000 would print 1197960960.167.
    let r = try load("user_pseudo_id,value\n1197960960.1670000000,1.5\n1197968879.1670000011,2.5\n")
    XCTAssertEqual(
      csvCells(r.frame, "user_pseudo_id"),
      [.string("1197960960.1670000000"), .string("1197968879.1670000011")])
    XCTAssertEqual(csvType(r.frame, "value"), .float)
  }

  func testOneValueDoesNotMakeAStyle() throws {
    let r = try load("price\n$12.50\n")
    XCTAssertEqual(csvCells(r.frame, "price"), [.string("$12.50")])
  }

  func testStyleParserDirectly() {
    let style = CSVNumberStyle(
      decimal: CSVNumberStyle.comma, group: CSVNumberStyle.dot, currency: Array("€".utf8),
      percent: false, integer: false)
    func read(_ s: String) -> Double? {
      let bytes = Array(s.utf8)
      return bytes.withUnsafeBufferPointer { style.double($0.baseAddress!, $0.count) }
    }
    XCTAssertEqual(read("1.234,50 €"), 1234.5)
    XCTAssertEqual(read("- 12,50 €"), -12.5)
    XCTAssertEqual(read("(€ 3,00)"), -3)
    XCTAssertNil(read("-(3,00)"))
    XCTAssertNil(read("12,50 $"))
    XCTAssertNil(read("1.23,50"))
    XCTAssertNil(read("12,"))
  }
}

/// The allocation-free reader must agree with the definition (`slowDouble`/`slowInt`) on
/// every value, valid or not.
final class CSVUnseenFastPathTests: XCTestCase {
  func testFastAndSlowPathsAgree() {
    let samples = [
      "12,50", "1.234,50", "(12,50)", "( 1.234,50 )", "-12,50", "- 12,50", "+3", "0,5", ",5",
      "12,", "1.23,4", "01,5", "0,750", "1.000.000", "1.000.00", "€12,50", "€ 12,50", "12,50 €",
      "12,50€", "-€12,50", "€-12,50", "(€12,50)", "€12,50€", "EUR 12,50", "EUR12,50", "12,50 EUR",
      "EUR -1,25", "INV-2023", "12,5%", "12,5 %", "%12", "1.234", "1,234", "1,234.50", "$1,234.50",
      "-(3,00)", "(-3,00)", "12345678901234567890", "9223372036854775807", "99999999999999999999,5",
      "", " ", "-", "(", "()", "€", "12 50", "1 234,50",
    ]
    let styles: [CSVNumberStyle] = [
      CSVNumberStyle(decimal: 44, group: 46, currency: [], percent: false, integer: false),
      CSVNumberStyle(decimal: 44, group: 46, currency: Array("€".utf8), percent: false, integer: false),
      CSVNumberStyle(decimal: 44, group: 46, currency: Array("EUR".utf8), percent: false, integer: false),
      CSVNumberStyle(decimal: 44, group: 46, currency: [], percent: true, integer: false),
      CSVNumberStyle(decimal: 46, group: 44, currency: Array("$".utf8), percent: false, integer: false),
      CSVNumberStyle(decimal: 46, group: 44, currency: [], percent: false, integer: true),
    ]
    for style in styles {
      for text in samples {
        let bytes = Array(text.utf8) + [0]
        bytes.withUnsafeBufferPointer { b in
          guard let p = b.baseAddress else { return }
          let n = b.count - 1
          XCTAssertEqual(
            style.double(p, n).map(\.bitPattern), style.slowDouble(p, n).map(\.bitPattern),
            "double '\(text)' \(style)")
          XCTAssertEqual(style.int(p, n), style.slowInt(p, n), "int '\(text)' \(style)")
        }
      }
    }
  }
}
