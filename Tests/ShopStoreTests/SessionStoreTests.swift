import Foundation
import ShopCore
import ShopStore
import XCTest

final class SessionStoreTests: XCTestCase {
  private let migrations = ["001_sessions_and_commands", "002_kept_tables", "003_models_and_metrics", "004_lessons", "005_column_images"]

  func testMigrationsAreAppliedOnceAndRecorded() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("store.db")
    var firstStamps: [[SQLValue]] = []
    do {
      let store = try SessionStore(path: path)
      XCTAssertEqual(try store.appliedMigrations(), migrations)
      firstStamps = try store.database.query("SELECT name, applied_at FROM schema_migrations ORDER BY name")
      let tables = try store.database.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
      ).compactMap { $0[0].text }
      XCTAssertEqual(tables, ["column_images", "commands", "kept_tables", "lesson_answers", "lesson_progress", "metrics", "models", "schema_migrations", "sessions"])
      _ = try store.startSession(kind: "repl", source: "repl")
    }
    // Re-opening the file keeps the recorded migrations (same timestamps) and the data.
    Thread.sleep(forTimeInterval: 0.01)
    let again = try SessionStore(path: path)
    XCTAssertEqual(try again.appliedMigrations(), migrations)
    XCTAssertEqual(try again.database.query("SELECT name, applied_at FROM schema_migrations ORDER BY name"), firstStamps)
    XCTAssertEqual(try again.sessions().count, 1)
    // Applied-at stamps are UTC wall-clock text with milliseconds.
    for row in firstStamps {
      let stamp = row[1].text ?? ""
      XCTAssertEqual(stamp.count, 23, stamp)
      XCTAssertNotNil(DateTextParser.parse(String(stamp.prefix(19))), stamp)
    }
  }

  func testConcurrentFirstOpensApplyMigrationsOnce() throws {
    // Two scripts started at once on a fresh store file must not both try to migrate.
    final class Failures: @unchecked Sendable {
      let lock = NSLock()
      var list: [String] = []
      func add(_ s: String) { lock.withLock { list.append(s) } }
    }
    for round in 0..<60 {
      let dir = TemporaryDirectory()
      let path = dir.file("fresh.db")
      let failures = Failures()
      DispatchQueue.concurrentPerform(iterations: 6) { _ in
        do { _ = try SessionStore(path: path) } catch { failures.add("\(error)") }
      }
      XCTAssertEqual(failures.list, [], "round \(round)")
      XCTAssertEqual(try SessionStore(path: path).appliedMigrations(), migrations)
    }
  }

  func testFileStoreRunsInWALModeWithForeignKeys() throws {
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("wal.db"))
    XCTAssertEqual(try store.database.query("PRAGMA journal_mode"), [[.text("wal")]])
    XCTAssertEqual(try store.database.query("PRAGMA foreign_keys"), [[.integer(1)]])
    // synchronous=NORMAL is 1.
    XCTAssertEqual(try store.database.query("PRAGMA synchronous"), [[.integer(1)]])
    let memory = try SessionStore(path: ":memory:")
    XCTAssertEqual(try memory.database.query("PRAGMA journal_mode"), [[.text("memory")]])
    // A command must belong to a session.
    XCTAssertThrowsError(try store.beginCommand(session: 999, seq: 1, line: nil, text: "x")) { error in
      guard case StoreError.sql(let message, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(message, "FOREIGN KEY constraint failed")
    }
  }

  func testSessionsAndCommandsRoundTrip() throws {
    let store = try SessionStore(path: ":memory:")
    let s = try store.startSession(kind: "script", source: "tour.shop")
    let c1 = try store.beginCommand(session: s, seq: 1, line: 3, text: "orders | head 5")
    var record = try XCTUnwrap(try store.commands(session: s).first)
    XCTAssertEqual(record.id, c1)
    XCTAssertEqual(record.session, s)
    XCTAssertEqual(record.seq, 1)
    XCTAssertEqual(record.line, 3)
    XCTAssertEqual(record.text, "orders | head 5")
    XCTAssertEqual(record.status, "running")
    XCTAssertEqual(record.output, "")
    XCTAssertNil(record.error)
    XCTAssertNil(record.durationMs)
    XCTAssertNotNil(DateTextParser.parse(String(record.startedAt.prefix(19))))

    try store.finishCommand(c1, output: "5 rows\nGröße 商品", status: .ok, error: nil, durationMs: 12.5)
    record = try XCTUnwrap(try store.commands(session: s).first)
    XCTAssertEqual(record.status, "ok")
    XCTAssertEqual(record.output, "5 rows\nGröße 商品")
    XCTAssertEqual(record.durationMs, 12.5)

    let c2 = try store.beginCommand(session: s, seq: 2, line: nil, text: "where Reveneu > 1")
    try store.finishCommand(
      c2, output: "", status: .error, error: "t:1:7: error: unknown column 'Reveneu'", durationMs: 0.25)
    let c3 = try store.beginCommand(session: s, seq: 3, line: nil, text: "train")
    try store.finishCommand(c3, output: "epoch 1", status: .cancelled, error: "interrupted", durationMs: 3)

    let all = try store.commands(session: s)
    XCTAssertEqual(all.map(\.seq), [1, 2, 3])
    XCTAssertEqual(all.map(\.status), ["ok", "error", "cancelled"])
    XCTAssertEqual(all[1].error, "t:1:7: error: unknown column 'Reveneu'")
    XCTAssertNil(all[1].line)

    var session = try store.session(s)
    XCTAssertEqual(session.kind, "script")
    XCTAssertEqual(session.source, "tour.shop")
    XCTAssertEqual(session.commandCount, 3)
    XCTAssertEqual(session.errorCount, 1)
    XCTAssertNil(session.endedAt)
    try store.endSession(s)
    session = try store.session(s)
    XCTAssertNotNil(session.endedAt)
    XCTAssertGreaterThanOrEqual(session.endedAt ?? "", session.startedAt)

    XCTAssertThrowsError(try store.session(99)) { error in
      XCTAssertEqual(error as? StoreError, .unknownSession(99))
      XCTAssertEqual((error as? DiagnosticConvertible)?.diagnostic.message, "no session 99")
    }
  }

  func testCommandTextAndOutputKeepNULBytes() throws {
    let store = try SessionStore(path: ":memory:")
    let s = try store.startSession(kind: "script", source: "nul\0.shop")
    let c = try store.beginCommand(session: s, seq: 1, line: 1, text: "print \"before\0after\"")
    try store.finishCommand(c, output: "before\0after", status: .ok, error: nil, durationMs: 1)
    let record = try XCTUnwrap(try store.commands(session: s).first)
    XCTAssertEqual(record.text, "print \"before\0after\"")
    XCTAssertEqual(record.output, "before\0after")
    XCTAssertEqual(try store.session(s).source, "nul\0.shop")
    XCTAssertEqual(try store.commands(search: "\0after").count, 1)
  }

  func testSessionsAreListedNewestFirst() throws {
    let store = try SessionStore(path: ":memory:")
    let ids = try (0..<5).map { try store.startSession(kind: "repl", source: "repl \($0)") }
    XCTAssertEqual(try store.sessions().map(\.id), ids.reversed())
    XCTAssertEqual(try store.sessions(limit: 2).map(\.source), ["repl 4", "repl 3"])
  }

  func testHistorySearch() throws {
    let store = try SessionStore(path: ":memory:")
    let a = try store.startSession(kind: "repl", source: "repl")
    let b = try store.startSession(kind: "repl", source: "repl")
    let texts = [
      (a, "orders | head 5"), (a, "orders | where Country == 'UK'"), (b, "HEAD -3"), (b, "sql \"select 100% \""),
      (b, "mutate x = a_b"), (a, "top 10 by Revenue"),
    ]
    for (i, (session, text)) in texts.enumerated() {
      _ = try store.beginCommand(session: session, seq: i + 1, line: nil, text: text)
    }
    // Case-insensitive, across sessions, oldest first.
    XCTAssertEqual(try store.commands(search: "head").map(\.text), ["orders | head 5", "HEAD -3"])
    XCTAssertEqual(try store.commands(session: b, search: "Head").map(\.text), ["HEAD -3"])
    // The search text is literal: '%' and '_' are not wildcards.
    XCTAssertEqual(try store.commands(search: "100%").map(\.text), ["sql \"select 100% \""])
    XCTAssertEqual(try store.commands(search: "a_b").map(\.text), ["mutate x = a_b"])
    XCTAssertEqual(try store.commands(search: "o_d").map(\.text), [])
    // The limit keeps the newest, still listed oldest first.
    XCTAssertEqual(try store.commands(limit: 2).map(\.text), ["mutate x = a_b", "top 10 by Revenue"])
    XCTAssertEqual(try store.commands(session: a).count, 3)
    XCTAssertEqual(try store.commands(search: "nothing like this").count, 0)
  }
}
