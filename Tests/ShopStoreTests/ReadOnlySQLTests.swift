import Foundation
import ShopCore
import ShopFrames
import ShopStore
import XCTest

/// `sql` (SessionStore.query) only reads: every way of writing through it is refused,
/// naming what it was asked to do, and leaves the store as it was.
final class ReadOnlySQLTests: XCTestCase {
  private func storeWithData(_ dir: TemporaryDirectory) throws -> SessionStore {
    let store = try SessionStore(path: dir.file("store.db"))
    let s = try store.startSession(kind: "script", source: "t.shop")
    let c = try store.beginCommand(session: s, seq: 1, line: 1, text: "print 1")
    try store.finishCommand(c, output: "1", status: .ok, error: nil, durationMs: 1)
    try store.keep(
      Frame(columns: [Column(name: "x", scalars: [.int(1), .int(2)], type: .int)]), as: "kept", session: s,
      command: c)
    return store
  }

  /// Everything a refused statement could have changed.
  private func snapshot(_ store: SessionStore) throws -> [[SQLValue]] {
    try store.database.query("SELECT type, name, sql FROM sqlite_master ORDER BY name")
      + store.database.query("SELECT id, text, output, status FROM commands")
      + store.database.query("SELECT count(*) FROM sessions")
      + store.database.query("SELECT * FROM kept")
      + store.database.query("PRAGMA user_version") + store.database.query("PRAGMA journal_mode")
      + store.database.query("PRAGMA writable_schema")
  }

  func testEveryKindOfWriteIsRefusedByName() throws {
    let dir = TemporaryDirectory()
    let store = try storeWithData(dir)
    let before = try snapshot(store)
    let elsewhere = dir.file("elsewhere.db")
    let cases: [(sql: String, refused: String)] = [
      ("drop table commands", "drop table 'commands'"),
      ("update commands set text = 'forged'", "update 'commands'"),
      ("insert into sessions(started_at, kind, source) values ('t', 'k', 's')", "insert into 'sessions'"),
      ("delete from kept", "delete from 'kept'"),
      ("replace into kept values (3)", "insert into 'kept'"),
      (
        "create trigger forge after insert on commands begin update commands set text = 'forged'; end",
        "create trigger 'forge'"
      ),
      ("create table t (x)", "create table 't'"),
      ("create temp table t (x)", "create table 't'"),
      ("create view v as select 1", "create view 'v'"),
      ("create index i on kept(x)", "create index 'i'"),
      ("alter table commands rename to c2", "alter table 'commands'"),
      ("attach database '\(elsewhere)' as x", "attach a database"),
      ("vacuum into '\(elsewhere)'", "vacuum into"),
      ("vacuum", "vacuum"),
      ("pragma writable_schema = 1", "set pragma writable_schema = 1"),
      ("pragma user_version = 7", "set pragma user_version = 7"),
      ("pragma journal_mode = delete", "set pragma journal_mode = delete"),
      ("pragma wal_checkpoint", "run pragma wal_checkpoint"),
      ("pragma optimize", "run pragma optimize"),
      ("begin", "begin or end a transaction"),
      ("savepoint a", "use a savepoint"),
      ("analyze", "create table 'sqlite_stat1'"),
      ("reindex", "reindex"),
    ]
    for (sql, refused) in cases {
      XCTAssertThrowsError(try store.query(sql), sql) {
        XCTAssertEqual($0 as? StoreError, .readOnly(refused), sql)
      }
    }
    XCTAssertEqual(try snapshot(store), before)
    XCTAssertFalse(FileManager.default.fileExists(atPath: elsewhere))
    XCTAssertEqual(
      StoreError.readOnly("drop table 'commands'").diagnostic.message, "sql only reads: it cannot drop table 'commands'")
  }

  func testASecondStatementIsRefusedToo() throws {
    let dir = TemporaryDirectory()
    let store = try storeWithData(dir)
    XCTAssertThrowsError(try store.query("select 1; drop table commands"))
    XCTAssertEqual(try store.database.query("SELECT count(*) FROM commands"), [[.integer(1)]])
  }

  func testQueriesAndReportingPragmasRun() throws {
    let dir = TemporaryDirectory()
    let store = try storeWithData(dir)
    XCTAssertEqual(try store.query("select count(*) as n from commands").rowCount, 1)
    XCTAssertEqual(try store.query("select sum(x) as s from kept where x > 0").rowCount, 1)
    XCTAssertEqual(
      try store.query("with recursive n(i) as (select 1 union all select i + 1 from n where i < 5) select i from n")
        .rowCount, 5)
    XCTAssertEqual(try store.query("select c.text, s.source from commands c join sessions s on s.id = c.session_id").rowCount, 1)
    XCTAssertGreaterThan(try store.query("pragma table_info(commands)").rowCount, 5)
    XCTAssertGreaterThan(try store.query("select name from pragma_table_info('commands')").rowCount, 5)
    XCTAssertEqual(try store.query("pragma user_version").rowCount, 1)
    XCTAssertEqual(try store.query("pragma integrity_check").rowCount, 1)
    XCTAssertEqual(try store.query("select name from sqlite_master where type = 'table'").rowCount, 10)
    XCTAssertEqual(try store.query("explain query plan select * from commands").columnCount, 4)
    // And the store writes as before once the query is done.
    try store.keep(Frame(columns: [Column(name: "y", scalars: [.int(1)], type: .int)]), as: "after", session: nil, command: nil)
  }
}
