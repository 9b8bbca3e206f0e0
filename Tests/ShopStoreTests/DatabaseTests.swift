import Foundation
import ShopStore
import XCTest

final class DatabaseTests: XCTestCase {
  func testValuesRoundTripThroughBinding() throws {
    let db = try Database(path: ":memory:")
    try db.execute("CREATE TABLE t (v)")
    let values: [SQLValue] = [
      .null, .integer(Int64.min), .integer(Int64.max), .real(-1.5), .real(1e-300), .text(""), .text("Größe 商品 👍"),
      .text("before\0after"), .text("\0"), .blob([0, 255, 1, 0]), .blob([]),
    ]
    let insert = try db.prepare("INSERT INTO t VALUES (?)")
    for v in values { try insert.run([v]) }
    XCTAssertEqual(try db.query("SELECT v FROM t ORDER BY rowid").map { $0[0] }, values)
    XCTAssertEqual(try db.query("SELECT count(*) FROM t WHERE v IS ?", [.null]), [[.integer(1)]])
    XCTAssertEqual(db.changes, 1)
    XCTAssertEqual(db.lastInsertRowID, Int64(values.count))
  }

  func testTextWithNULIsBoundAndReadWhole() throws {
    let db = try Database(path: ":memory:")
    XCTAssertEqual(try db.query("SELECT length(?), ? = 'before'", [.text("before\0after"), .text("before\0after")]),
      [[.integer(6), .integer(0)]])  // SQLite's length() stops at a NUL; the value does not
    XCTAssertEqual(try db.query("SELECT length(CAST(? AS BLOB))", [.text("before\0after")]), [[.integer(12)]])
    // A statement with a NUL inside is refused, never run cut short at it.
    XCTAssertThrowsError(try db.query("SELECT 1\0; DROP TABLE x"))
    XCTAssertThrowsError(try db.execute("SELECT 1\0; DROP TABLE x"))
  }

  func testStatementColumns() throws {
    let db = try Database(path: ":memory:")
    try db.execute("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')")
    let stmt = try db.prepare("SELECT a, b AS bee, a + 1 FROM t")
    try stmt.bind([])
    XCTAssertEqual(stmt.columnCount, 3)
    XCTAssertEqual((0..<3).map(stmt.columnName), ["a", "bee", "a + 1"])
    XCTAssertEqual((0..<3).map(stmt.declaredType), ["INTEGER", "TEXT", nil])
    XCTAssertTrue(try stmt.step())
    XCTAssertEqual(stmt.row(), [.integer(1), .text("x"), .integer(2)])
    XCTAssertFalse(try stmt.step())
    // Rebinding resets the statement, so it can run again.
    try stmt.bind([])
    XCTAssertTrue(try stmt.step())
  }

  func testAccessors() {
    XCTAssertEqual(SQLValue.real(2.9).integer, 2)
    XCTAssertEqual(SQLValue.integer(5).integer, 5)
    XCTAssertNil(SQLValue.text("5").integer)
    XCTAssertNil(SQLValue.real(.infinity).integer)
    XCTAssertNil(SQLValue.real(.nan).integer)
    XCTAssertNil(SQLValue.real(1e19).integer)
    XCTAssertEqual(SQLValue.real(-9.1e18).integer, -9_100_000_000_000_000_000)
    XCTAssertEqual(SQLValue.text("a").text, "a")
    XCTAssertNil(SQLValue.null.text)
    XCTAssertEqual(SQLValue.blob([1]).blob, [1])
  }

  func testErrorsCarryTheMessageAndSQL() throws {
    let db = try Database(path: ":memory:")
    XCTAssertThrowsError(try db.execute("CREATE TABLE")) { error in
      XCTAssertEqual(error as? StoreError, .sql(message: "incomplete input", sql: "CREATE TABLE"))
    }
    XCTAssertThrowsError(try db.query("SELEC 1")) { error in
      XCTAssertEqual(error as? StoreError, .sql(message: "near \"SELEC\": syntax error", sql: "SELEC 1"))
    }
    XCTAssertThrowsError(try Database(path: "/nonexistent-dir/x/y.db")) { error in
      XCTAssertEqual(
        error as? StoreError, .cannotOpen(path: "/nonexistent-dir/x/y.db", reason: "unable to open database file"))
    }
  }

  func testTransactionCommitsOrRollsBack() throws {
    let dir = TemporaryDirectory()
    let db = try Database(path: dir.file("t.db"))
    try db.execute("CREATE TABLE t (v INTEGER)")
    struct Boom: Error {}
    XCTAssertThrowsError(
      try db.transaction {
        try db.query("INSERT INTO t VALUES (1)")
        try db.query("INSERT INTO t VALUES (2)")
        throw Boom()
      }
    ) { XCTAssert($0 is Boom) }
    XCTAssertEqual(try db.query("SELECT count(*) FROM t"), [[.integer(0)]])
    // The connection is out of the failed transaction: the next one commits.
    let n = try db.transaction { () -> Int in
      try db.query("INSERT INTO t VALUES (3)")
      return 1
    }
    XCTAssertEqual(n, 1)
    XCTAssertEqual(try db.query("SELECT v FROM t"), [[.integer(3)]])
    // A failing statement inside rolls back the statements before it, too.
    XCTAssertThrowsError(
      try db.transaction {
        try db.query("INSERT INTO t VALUES (4)")
        try db.query("INSERT INTO missing VALUES (5)")
      })
    XCTAssertEqual(try db.query("SELECT v FROM t"), [[.integer(3)]])
  }

  func testAReaderSeesCommittedDataWhileAWriterWorks() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("shared.db")
    let store = try SessionStore(path: path)
    let first = try store.startSession(kind: "repl", source: "one")
    let reader = try Database(path: path)
    let sessions = "SELECT count(*) FROM sessions"
    XCTAssertEqual(try reader.query(sessions), [[.integer(1)]])
    try store.database.transaction {
      _ = try store.startSession(kind: "repl", source: "two")
      _ = try store.beginCommand(session: first, seq: 1, line: nil, text: "x")
      // WAL: the reader is not blocked by the open write transaction and sees the last
      // committed state, not the half-written one.
      XCTAssertEqual(try reader.query(sessions), [[.integer(1)]])
      XCTAssertEqual(try reader.query("SELECT count(*) FROM commands"), [[.integer(0)]])
    }
    XCTAssertEqual(try reader.query(sessions), [[.integer(2)]])
    XCTAssertEqual(try reader.query("SELECT count(*) FROM commands"), [[.integer(1)]])
    // A second writer waits for the busy timeout and then fails, rather than corrupting.
    let writer = try Database(path: path)
    try writer.execute("PRAGMA busy_timeout = 50")
    try store.database.execute("BEGIN IMMEDIATE")
    XCTAssertThrowsError(try writer.execute("INSERT INTO sessions(started_at, kind, source) VALUES ('t', 'k', 's')")) {
      XCTAssertEqual($0 as? StoreError, .locked(path: path))
    }
    try store.database.execute("COMMIT")
    try writer.execute("INSERT INTO sessions(started_at, kind, source) VALUES ('t', 'k', 's')")
    XCTAssertEqual(try reader.query(sessions), [[.integer(3)]])
  }
}
