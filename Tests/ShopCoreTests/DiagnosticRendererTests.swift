import ShopCore
import XCTest

/// Whole-output tests of the caret renderer: every byte of the rendered text is pinned,
/// so a caret that drifts by one column fails. Columns were counted by hand from the
/// source strings (the comments show the counts).
final class DiagnosticRendererTests: XCTestCase {
  private func render(
    _ text: String, _ start: Int, _ end: Int, message: String = "m", label: String? = nil,
    notes: [String] = [], name: String = "t.shop", firstLine: Int = 1
  ) -> String {
    let source = SourceText(name: name, text: text, firstLine: firstLine)
    let diagnostic = Diagnostic.error(message, at: SourceRange(start, end), label: label, notes: notes)
    return DiagnosticRenderer.render(diagnostic, in: source)
  }

  func testASCIILineWithLabel() {
    // "orders | group by Country | agg s = sum(" is 40 bytes, so Reveneu is 40..<47, column 41.
    let text = "orders | group by Country | agg s = sum(Reveneu)"
    let out = render(
      text, 40, 47, message: "unknown column 'Reveneu'", label: "did you mean 'Revenue'?", name: "tour.shop")
    XCTAssertEqual(
      out,
      """
      error: unknown column 'Reveneu'
       --> tour.shop:1:41
        |
      1 | orders | group by Country | agg s = sum(Reveneu)
        |                                         ^^^^^^^ did you mean 'Revenue'?
      """)
  }

  func testCredentialsInTheShownLineAreStarredWithoutMovingTheCaret() {
    // The store keeps commands with their tokens masked; the snippet must not show them.
    // 'connect spark "sc://h:1/;token=s3cr3t;use_ssl=true" token "abc" x': x is at byte 64.
    let text = "connect spark \"sc://h:1/;token=s3cr3t;use_ssl=true\" token \"abc\" x"
    XCTAssertEqual(Array(text.utf8).count, 65)
    XCTAssertEqual(
      render(text, 64, 65, label: "here"),
      """
      error: m
       --> t.shop:1:65
        |
      1 | connect spark "sc://h:1/;token=******;use_ssl=true" token "***" x
        |                                                                 ^ here
      """)
    // The word alone, or a column called token, is not a secret.
    XCTAssertTrue(render("select token, tokens", 0, 6).contains("select token, tokens"))
  }

  func testMultiByteUTF8BeforeTheCaret() {
    // Bytes before Preis: "where "6 + "Größe"7 + " == "4 + "\"Müll\""7 + " | "3 + "top "4 = 31.
    // Characters before it: 6 + 5 + 4 + 6 + 3 + 4 = 28, so column 29 and 28 spaces of lead.
    let text = "where Größe == \"Müll\" | top Preis"
    XCTAssertEqual(Array(text.utf8).count, 36)
    XCTAssertEqual(
      render(text, 31, 36),
      """
      error: m
       --> t.shop:1:29
        |
      1 | where Größe == "Müll" | top Preis
        |                             ^^^^^
      """)
  }

  func testWideCJKCharactersBeforeAndUnderTheCaret() {
    // "商品" is 6 bytes, 2 characters, 4 columns; "\"茶\"" is 5 bytes, 3 characters, 4 columns.
    // Menge starts at byte 6+6+4+5+3+4 = 28, character column 6+2+4+3+3+4+1 = 23, and
    // needs 6+4+4+4+3+4 = 25 columns of lead.
    let text = "where 商品 == \"茶\" | sum Menge"
    XCTAssertEqual(
      render(text, 28, 33),
      """
      error: m
       --> t.shop:1:23
        |
      1 | where 商品 == "茶" | sum Menge
        |                          ^^^^^
      """)
    // A caret under the wide characters themselves is two columns per character.
    XCTAssertEqual(
      render(text, 6, 12),
      """
      error: m
       --> t.shop:1:7
        |
      1 | where 商品 == "茶" | sum Menge
        |       ^^^^
      """)
  }

  func testRangeAtEndOfLineGetsOneCaretPastTheText() {
    // "orders | where Quantity >" is 25 bytes; the parser reports end of input at 25..<25.
    XCTAssertEqual(
      render("orders | where Quantity >", 25, 25, message: "expected an expression, found end of input"),
      """
      error: expected an expression, found end of input
       --> t.shop:1:26
        |
      1 | orders | where Quantity >
        |                          ^
      """)
    // The newline token of a line that goes on (3..<4 in "a +\nb") points just past "a +".
    XCTAssertEqual(
      render("a +\nb", 3, 4),
      """
      error: m
       --> t.shop:1:4
        |
      1 | a +
        |    ^
      """)
  }

  func testRangeSpanningLinesIsCutAtTheEndOfTheFirstLine() {
    // "let x = " is 8 bytes; "sum(" is 8..<12, "\n" 12, "  Revenue" 13..<22.
    XCTAssertEqual(
      render("let x = sum(\n  Revenue\n", 8, 22),
      """
      error: m
       --> t.shop:1:9
        |
      1 | let x = sum(
        |         ^^^^
      """)
  }

  func testSecondLineAndFirstLineOffset() {
    // "a\n" is 2 bytes, so "c" in "bb c" is byte 5: line index 1, shown as 10 + 1 = 11.
    XCTAssertEqual(
      render("a\nbb c", 5, 6, name: "script.shop", firstLine: 10),
      """
      error: m
       --> script.shop:11:4
         |
      11 | bb c
         |    ^
      """)
  }

  func testCarriageReturnIsNotShown() {
    XCTAssertEqual(
      render("ab cd\r\nx", 3, 5),
      """
      error: m
       --> t.shop:1:4
        |
      1 | ab cd
        |    ^^
      """)
  }

  func testTabsAreExpandedSoTheCaretLinesUp() {
    // A tab would take up to 8 terminal columns but 0 in displayWidth; the renderer shows
    // it as 4 spaces in both the source line and the lead. "\tx = \tyy": yy is byte 6.
    XCTAssertEqual(
      render("\tx = \tyy", 6, 8),
      """
      error: m
       --> t.shop:1:7
        |
      1 |     x =     yy
        |             ^^
      """)
  }

  func testNoRangeLabelAndNotes() {
    let d = Diagnostic.error("no kept table 'ordrs'", label: "did you mean 'orders'?", notes: ["one", "two"])
    XCTAssertEqual(
      DiagnosticRenderer.render(d, in: nil),
      """
      error: no kept table 'ordrs'
        did you mean 'orders'?
        = one
        = two
      """)
    // A range past the end of the text is shown without a snippet rather than trapping.
    let far = Diagnostic(.warning, "late", at: SourceRange(50, 60))
    XCTAssertEqual(DiagnosticRenderer.render(far, in: SourceText(name: "x", text: "short")), "warning: late")
  }

  func testNotesFollowTheSnippet() {
    let d = Diagnostic.error(
      "comparisons cannot be chained", at: SourceRange(6, 7), notes: ["write 'a < b and b < c'"])
    XCTAssertEqual(
      DiagnosticRenderer.render(d, in: SourceText(name: "s", text: "a < b < c")),
      """
      error: comparisons cannot be chained
       --> s:1:7
        |
      1 | a < b < c
        |       ^
        = write 'a < b and b < c'
      """)
  }

  func testOneLineForm() {
    let source = SourceText(name: "tour.shop", text: "x\norders | top Reveneu")
    let d = Diagnostic.error("unknown column 'Reveneu'", at: SourceRange(15, 22), label: "did you mean 'Revenue'?")
    XCTAssertEqual(
      DiagnosticRenderer.oneLine(d, in: source),
      "tour.shop:2:14: error: unknown column 'Reveneu' (did you mean 'Revenue'?)")
    XCTAssertEqual(DiagnosticRenderer.oneLine(.error("boom"), in: nil), "error: boom")
    XCTAssertEqual(Diagnostic(.note, "n").description, "note: n")
  }
}
