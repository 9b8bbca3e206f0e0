import ShopCore
import ShopSyntax
import XCTest

final class ParserDiagnosticTests: XCTestCase {
  func testOneDiagnosticPerBrokenLineAndGoodLinesStillParse() {
    let text = """
      orders | head 5
      where x >
      let y = orders | top 3 by Revenue
      sort a < b < c
      a & b
      agg s = sum(Revenue
      | tail 2
      let = 5
      head 5 let x = 1
      """
    let (statements, diagnostics) = Parser.parse(text)
    XCTAssertEqual(
      statements.map(SExpr.of),
      ["{orders} | {head 5}", "let y = {orders} | {top 3 by Revenue}", "{} | {tail 2}"])
    let source = SourceText(name: "t", text: text)
    XCTAssertEqual(
      diagnostics.map { DiagnosticRenderer.oneLine($0, in: source) },
      [
        "t:2:10: error: expected an expression, found end of line",
        "t:4:12: error: comparisons cannot be chained",
        "t:5:3: error: unexpected character '&' (use 'and')",
        "t:6:20: error: expected ',' or ')', found end of line",
        "t:8:5: error: expected a name after 'let', found '='",
        "t:9:8: error: 'let' must start a line",
      ])
  }

  func testEveryErrorKindHasItsMessage() {
    func messages(_ text: String) -> [String] { Parser.parse(text).diagnostics.map(\.message) }
    XCTAssertEqual(messages("orders | | head"), ["expected a command after '|'"])
    XCTAssertEqual(messages("orders |"), ["expected a command after '|'"])
    XCTAssertEqual(messages("top 10 by Revenue)"), ["expected end of line, found ')'"])
    XCTAssertEqual(messages("f (a"), ["expected ')', found end of input"])
    XCTAssertEqual(messages("f [1 2]"), ["expected ',' or ']', found number 2"])
    XCTAssertEqual(messages("let x 5"), ["expected '=' after the name, found number 5"])
    XCTAssertEqual(messages("f x = = 1"), ["expected an expression, found '='"])
    XCTAssertEqual(messages("f a and"), ["expected an expression, found end of input"])
    XCTAssertEqual(messages("f \"open"), ["unterminated string"])
    XCTAssertEqual(messages("f a ! b"), ["unexpected '!' (did you mean '!=' or 'not'?)"])
    XCTAssertEqual(messages("f 30min"), ["malformed number '30min'; a duration is a whole number and one unit: 30s, 30m, 24h, 7d, 2w"])
    XCTAssertEqual(messages(String(repeating: "(", count: 200) + "1"), ["expression nested too deeply"])
    XCTAssertEqual(messages("f " + String(repeating: "not ", count: 500) + "x"), ["expression nested too deeply"])
    XCTAssertEqual(messages(")"), ["expected a command, found ')'"])
  }

  func testRenderedCaretsForTypicalMistakes() {
    // "orders | where Quantity >" is 25 bytes: the caret sits just past the '>'.
    XCTAssertEqual(
      rendered("orders | where Quantity >"),
      """
      error: expected an expression, found end of input
       --> t.shop:1:26
        |
      1 | orders | where Quantity >
        |                          ^
      """)
    // The first '&' is byte 19 (column 20).
    XCTAssertEqual(
      rendered("where Quantity > 5 && Country == 'UK'"),
      """
      error: unexpected character '&' (use 'and')
       --> t.shop:1:20
        |
      1 | where Quantity > 5 && Country == 'UK'
        |                    ^
      """)
    // The empty stage is reported at the '|' before it (byte 7).
    XCTAssertEqual(
      rendered("orders | | head 5"),
      """
      error: expected a command after '|'
       --> t.shop:1:8
        |
      1 | orders | | head 5
        |        ^
      """)
    // A chained comparison points at the second operator and says how to write it.
    XCTAssertEqual(
      rendered("orders\nwhere 1 < Quantity < 10"),
      """
      error: comparisons cannot be chained
       --> t.shop:2:20
        |
      2 | where 1 < Quantity < 10
        |                    ^
        = write 'a < b and b < c'
      """)
    // An unterminated string is underlined to the end of the line, after a wide name:
    // 12 characters ("where " + 2 + " == ") but 14 columns come before it.
    XCTAssertEqual(
      rendered("where 商品 == \"茶"),
      """
      error: unterminated string
       --> t.shop:1:13
        |
      1 | where 商品 == "茶
        |               ^^^
      """)
    // A missing ')' is reported at the end of the line that needed it.
    XCTAssertEqual(
      rendered("agg s = sum(Revenue\nhead 5"),
      """
      error: expected ',' or ')', found end of line
       --> t.shop:1:20
        |
      1 | agg s = sum(Revenue
        |                    ^
      """)
  }
}
