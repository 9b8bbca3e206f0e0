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

  // MARK: sql only reads

  func testSQLRefusesToWriteAndSaysWhat() throws {
    let f = try RuntimeFixture()
    _ = f.output("print 1")
    for (sql, refused) in [
      ("drop table commands", "drop table 'commands'"),
      ("update commands set text = 'forged'", "update 'commands'"),
      ("create trigger t after insert on commands begin update commands set text = 'x'; end", "create trigger 't'"),
      ("pragma writable_schema = 1", "set pragma writable_schema = 1"),
    ] {
      let outcome = f.run("sql \"\(sql)\"")
      XCTAssertEqual(outcome.errorMessage, "sql only reads: it cannot \(refused)", sql)
    }
    XCTAssertEqual(try f.store.commands(session: f.session.sessionID).first?.text, "print 1")
    XCTAssertEqual(f.output("sql \"select count(*) as n from commands where text = 'print 1'\""), "n\n─\n1")
  }
}
