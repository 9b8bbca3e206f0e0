import Foundation
import ShopFrames
import ShopRuntime
import ShopStore
import ShopTestSupport
import XCTest

/// The store commands (`history`, `sql`, `keep`, `export`, `replay`) as a script uses them.
final class StoreCommandTests: XCTestCase {
  // MARK: Text is kept whole

  func testACommandWithANULByteIsRecordedWhole() throws {
    let f = try RuntimeFixture()
    let text = "print \"before\u{0}after\""
    XCTAssertEqual(f.output(text), "before\u{0}after")
    let record = try XCTUnwrap(try f.store.commands(session: f.session.sessionID).last)
    XCTAssertEqual(record.text, text)
    XCTAssertEqual(record.output, "before\u{0}after")
  }
}
