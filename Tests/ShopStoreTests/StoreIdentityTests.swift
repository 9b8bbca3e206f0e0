import Foundation
import ShopStore
import XCTest

/// The store opens only files that are ShopLab stores (or empty), from this ShopLab or an
/// older one; anything else is refused and left byte for byte as it was.
final class StoreIdentityTests: XCTestCase {
  private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  /// Opens `path` as a store, expecting `expected`, and checks the file is unchanged.
  private func assertRefused(
    _ path: String, _ expected: StoreError, file: StaticString = #filePath, line: UInt = #line
  ) {
    let before = bytes(path)
    XCTAssertThrowsError(try SessionStore(path: path), file: file, line: line) {
      XCTAssertEqual($0 as? StoreError, expected, file: file, line: line)
    }
    XCTAssertEqual(bytes(path), before, "the refused file was written to", file: file, line: line)
    XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"), file: file, line: line)
  }

  // MARK: Refused

  func testAStoreFromANewerShopLabIsRefused() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("newer.db")
    do {
      let store = try SessionStore(path: path)
      try store.database.execute("PRAGMA user_version = 9")
      try store.database.execute("PRAGMA journal_mode=DELETE")
    }
    assertRefused(path, .newerStore(path: path, found: "schema version 9", known: 5))
    XCTAssertEqual(
      StoreError.newerStore(path: path, found: "schema version 9", known: 5).diagnostic.message,
      "the session store '\(path)' was written by a newer ShopLab (schema version 9; this one knows 5 migrations)")
  }

  func testAnUnknownMigrationIsRefused() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("newer.db")
    do {
      let store = try SessionStore(path: path)
      try store.database.query(
        "INSERT INTO schema_migrations(name, applied_at) VALUES ('006_future', '2027-01-01 00:00:00.000')")
      try store.database.execute("PRAGMA journal_mode=DELETE")
    }
    assertRefused(path, .newerStore(path: path, found: "migration '006_future'", known: 5))
  }

  func testAnotherApplicationsDatabaseIsRefused() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("crm.db")
    do {
      let other = try Database(path: path)
      try other.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'a')")
    }
    assertRefused(path, .notAStore(path: path, reason: "it holds other tables ('customers')"))
    XCTAssertEqual(
      StoreError.notAStore(path: path, reason: "it holds other tables ('customers')").diagnostic.message,
      "'\(path)' is not a ShopLab session store: it holds other tables ('customers')")
  }

  func testADatabaseMarkedByAnotherApplicationIsRefused() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("marked.db")
    do {
      let other = try Database(path: path)
      try other.execute("PRAGMA application_id = 1234; CREATE TABLE sessions (x)")
    }
    assertRefused(path, .notAStore(path: path, reason: "it belongs to another application (application_id 1234)"))
  }

  func testAFileThatIsNotSQLiteIsRefused() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("notes.db")
    try String(repeating: "my notes, not a database\n", count: 100).write(toFile: path, atomically: true, encoding: .utf8)
    assertRefused(path, .notAStore(path: path, reason: "it is not a SQLite database"))
  }

  // MARK: Accepted

  func testAnEmptyFileBecomesAMarkedStore() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("empty.db")
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
    let store = try SessionStore(path: path)
    XCTAssertEqual(try store.database.query("PRAGMA application_id"), [[.integer(SessionStore.applicationID)]])
    XCTAssertEqual(try store.database.query("PRAGMA user_version"), [[.integer(5)]])
    XCTAssertEqual(try store.appliedMigrations().count, 5)
  }

  func testAStoreFromBeforeTheMarkIsMarkedAndKeepsItsData() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("old.db")
    do {
      let store = try SessionStore(path: path)
      _ = try store.startSession(kind: "repl", source: "before the mark")
      try store.database.execute("PRAGMA application_id = 0; PRAGMA user_version = 0")
    }
    let store = try SessionStore(path: path)
    XCTAssertEqual(try store.database.query("PRAGMA application_id"), [[.integer(SessionStore.applicationID)]])
    XCTAssertEqual(try store.database.query("PRAGMA user_version"), [[.integer(5)]])
    XCTAssertEqual(try store.sessions().map(\.source), ["before the mark"])
  }
}
