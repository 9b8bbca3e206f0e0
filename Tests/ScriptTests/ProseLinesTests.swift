import XCTest

@testable import ShopREPL

/// Notes and definitions under a table wrap at words on a terminal, tables and other lines
/// never do, and nothing wraps without a width (scripts, pipes, the store).
final class ProseLinesTests: XCTestCase {
  let definition =
    "definition: basis net; revenue = sum of Quantity * UnitPrice over all lines, net of cancellations and returns; aov = net revenue / orders"

  func testADefinitionWrapsAtWordsWithContinuationLinesIndented() {
    let lines = ProseLines.wrap(definition, width: 60)
    XCTAssertEqual(
      lines,
      [
        "definition: basis net; revenue = sum of Quantity * UnitPrice",
        "  over all lines, net of cancellations and returns; aov =",
        "  net revenue / orders",
      ])
    XCTAssertTrue(lines.allSatisfy { $0.count <= 60 })
    // Nothing is lost: the words read the same.
    XCTAssertEqual(lines.joined(separator: " ").split(separator: " "), definition.split(separator: " "))
  }

  func testOnlyProseLinesWiderThanTheTerminalWrap() {
    XCTAssertEqual(ProseLines.wrap(definition, width: 0), [definition])
    XCTAssertEqual(ProseLines.wrap(definition, width: 200), [definition])
    let row = "2010-12-01   72214.40   644.7714" + String(repeating: " x", count: 40)
    XCTAssertEqual(ProseLines.wrap(row, width: 40), [row])
    let table = "note: a\nnote: b " + String(repeating: "word ", count: 30)
    XCTAssertEqual(ProseLines.wrap(table, width: 40), [table])
    XCTAssertEqual(ProseLines.wrap("warning: " + String(repeating: "ab ", count: 20), width: 30).count, 3)
  }
}
