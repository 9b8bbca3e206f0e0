import XCTest

@testable import ShopREPL

/// Tab completion prints its candidates through readline, past the one terminal exit, so a
/// name holding a control code or an invisible character must never be among them.
final class CompleterTests: XCTestCase {
  func testNamesThatWouldReachTheTerminalRawAreNotOffered() {
    let words = ["Country", "na\u{200B}me", "evil\u{1B}]52;c;cHduZWQ=\u{07}", "clear\u{1B}[2J", "price", "\u{202E}txt"]
    XCTAssertEqual(Completer.offerable(words), ["Country", "price"])
  }
}
