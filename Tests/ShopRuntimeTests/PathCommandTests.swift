import ShopRuntime
import ShopTestSupport
import XCTest

/// `transitions` and `paths` as a user types them, on the generated checkout log
/// (data/checkout-events; the counts are pandas's, see Tests/ShopFramesTests/PathTests.swift).
final class PathCommandTests: XCTestCase {
  func fixture() throws -> RuntimeFixture {
    let f = try RuntimeFixture()
    _ = f.output("let ev = load \"data/checkout-events/checkout_events.csv\"")
    return f
  }

  func testRolesAreInferredAndTheLoopShows() throws {
    let f = try fixture()
    // event, session_id and timestamp are found by their names
    let out = f.output("ev | transitions | where event == \"shipping_details\" and next == \"add_to_cart\"")
    XCTAssertTrue(out.contains("shipping_details  add_to_cart          197  0.2989    132"), out)
  }

  func testTreeBeforeAnEventReadsUpward() throws {
    let f = try fixture()
    let out = f.output("ev | paths before \"purchase\" steps 1 tree")
    // pandas "checkout paths before purchase 2", first step only: shipping_details 192, payment 153
    XCTAssertEqual(
      Array(out.split(separator: "\n").prefix(4)),
      [
        "(read each branch upward: the events just before \"purchase\")",
        "purchase             345  ████████████████████",
        "├─ shipping_details  192  ███████████▏",
        "└─ payment           153  ████████▉",
      ])
  }

  func testOptionsAreChecked() throws {
    let f = try fixture()
    XCTAssertEqual(f.run("ev | paths after \"cart\" steps 0").errorMessage, "steps must be 1 to 20")
    XCTAssertEqual(f.run("ev | paths around \"cart\"").status, .error)
    XCTAssertEqual(
      f.run("ev | paths after \"kart\"").errorMessage, "no row of event is \"kart\"; did you mean \"cart\"?")
    XCTAssertEqual(f.run("ev | select session_id, event | transitions within 30m").errorMessage, "'within' needs a time column")
  }
}
