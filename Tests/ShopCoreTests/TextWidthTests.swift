import ShopCore
import XCTest

final class TextWidthTests: XCTestCase {
  func testDisplayWidth() {
    XCTAssertEqual(displayWidth(""), 0)
    XCTAssertEqual(displayWidth("abc"), 3)
    XCTAssertEqual(displayWidth("商品"), 4)  // CJK ideographs are wide
    XCTAssertEqual(displayWidth("한국"), 4)  // Hangul syllables are wide
    XCTAssertEqual(displayWidth("ＡＢ"), 4)  // fullwidth Latin
    XCTAssertEqual(displayWidth("ｱ"), 1)  // halfwidth katakana stays narrow
    XCTAssertEqual(displayWidth("é"), 1)  // precomposed
    XCTAssertEqual(displayWidth("e\u{301}"), 1)  // e + combining acute
    XCTAssertEqual(displayWidth("a\u{200B}b"), 2)  // zero-width space
    XCTAssertEqual(displayWidth("a\u{AD}b"), 2)  // soft hyphen is a format character
    XCTAssertEqual(displayWidth("👍"), 2)
    XCTAssertEqual(displayWidth("🤔"), 2)
    XCTAssertEqual(displayWidth("a\tb\u{7}"), 2)  // control characters take no column
    XCTAssertEqual(displayWidth("Größe"), 5)
  }

  func testTruncate() {
    XCTAssertEqual(truncate("Hello, world", toWidth: 5), "Hell…")
    XCTAssertEqual(truncate("Hello", toWidth: 5), "Hello")
    XCTAssertEqual(truncate("Hello", toWidth: 1), "…")
    XCTAssertEqual(truncate("Hello", toWidth: 0), "")
    XCTAssertEqual(truncate("商品名前", toWidth: 5), "商品…")
    // A wide character that would straddle the limit is dropped, leaving one column spare.
    XCTAssertEqual(truncate("商品名前", toWidth: 4), "商…")
    XCTAssertEqual(truncate("e\u{301}e\u{301}e\u{301}", toWidth: 2), "e\u{301}…")
    for width in 0..<12 {
      XCTAssertLessThanOrEqual(displayWidth(truncate("商a品bcd名前", toWidth: width)), width)
    }
  }

  func testPad() {
    XCTAssertEqual(pad("ab", toWidth: 4), "ab  ")
    XCTAssertEqual(pad("ab", toWidth: 4, alignRight: true), "  ab")
    XCTAssertEqual(pad("商品", toWidth: 6), "商品  ")
    XCTAssertEqual(pad("商品", toWidth: 6, alignRight: true), "  商品")
    XCTAssertEqual(pad("toolong", toWidth: 3), "toolong")
  }
}
