import ShopCore
import XCTest

final class TerminalTextTests: XCTestCase {
  func testControlsAndInvisiblesAreShownNewlineAndTabKept() {
    XCTAssertEqual(TerminalText.visible("plain ✓ 商品 👨‍👩‍👧", colors: false), "plain ✓ 商品 👨‍👩‍👧")
    XCTAssertEqual(TerminalText.visible("a\tb\nc", colors: false), "a\tb\nc")
    XCTAssertEqual(TerminalText.visible("\u{1B}[2J\u{07}\u{0}\r\u{7F}\u{9B}", colors: false), "\\x1b[2J\\x07\\x00\\x0d\\x7f\\x9b")
    XCTAssertEqual(
      TerminalText.visible("na\u{200B}me \u{202E}gpj.exe \u{FEFF}\u{2066}x\u{2069}", colors: false),
      "na\\u{200B}me \\u{202E}gpj.exe \\u{FEFF}\\u{2066}x\\u{2069}")
  }

  func testColourMarksBecomeCodesOnlyWhenColoursAreOn() {
    let red = TerminalText.colorMark(31) + "x" + TerminalText.colorMark(0)
    XCTAssertEqual(TerminalText.visible(red, colors: true), "\u{1B}[31mx\u{1B}[0m")
    XCTAssertEqual(TerminalText.visible(red, colors: false), "\\u{F81F}x\\u{F800}")
    // Data's own escape codes are shown even when colours are on.
    XCTAssertEqual(TerminalText.visible("\u{1B}[31mx", colors: true), "\\x1b[31mx")
    XCTAssertEqual(displayWidth(red), 1)
  }

  func testACaretAfterAControlCharacterPointsAtItsTarget() {
    let source = SourceText(name: "s.shop", text: "print \"\u{1B}[2J\" + nope")
    let start = source.text.utf8.count - 4
    let rendered = DiagnosticRenderer.render(
      .error("unknown name 'nope'", at: SourceRange(start, start + 4)), in: source)
    XCTAssertEqual(
      rendered,
      """
      error: unknown name 'nope'
       --> s.shop:1:16
        |
      1 | print "\\x1b[2J" + nope
        |                   ^^^^
      """)
  }
}
