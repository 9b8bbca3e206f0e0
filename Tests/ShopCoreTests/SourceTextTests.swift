import ShopCore
import XCTest

final class SourceTextTests: XCTestCase {
  func testLineIndexAndLocation() {
    // "ab\n\ncd\n" has 7 bytes and lines starting at bytes 0, 3, 4 and 7.
    let s = SourceText(name: "n", text: "ab\n\ncd\n")
    XCTAssertEqual(s.lineCount, 4)
    XCTAssertEqual((0...8).map { s.lineIndex(of: $0) }, [0, 0, 0, 1, 2, 2, 2, 3, 3])
    XCTAssertEqual(s.location(of: 5).line, 3)
    XCTAssertEqual(s.location(of: 5).column, 2)
    XCTAssertEqual(s.line(at: 1), "")
    XCTAssertEqual(s.line(at: 2), "cd")
    XCTAssertEqual(s.line(at: 3), "")
    XCTAssertEqual(s.slice(SourceRange(4, 6)), "cd")
    XCTAssertEqual(s.slice(SourceRange(5, 99)), "d\n")
  }

  func testColumnsCountCharactersNotBytes() {
    // "é" is 2 bytes, "👍🏽" is one character of 8 bytes.
    let s = SourceText(name: "n", text: "é👍🏽x")
    XCTAssertEqual(s.location(of: 2).column, 2)
    XCTAssertEqual(s.location(of: 10).column, 3)
  }

  func testRangeNormalisesAndUnites() {
    let r = SourceRange(5, 2)
    XCTAssertEqual(r.end, 5)
    XCTAssertEqual(r.length, 0)
    XCTAssertEqual(SourceRange(3, 4).union(SourceRange(1, 2)), SourceRange(1, 4))
    XCTAssertEqual(SourceRange(3, 7).description, "3..<7")
  }
}
