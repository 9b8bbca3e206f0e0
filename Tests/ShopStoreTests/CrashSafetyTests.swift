import Foundation
import ShopStore
import XCTest

/// A process killed with SIGKILL in the middle of writing must leave a store that opens,
/// passes SQLite's integrity check, and holds only whole transactions.
final class CrashSafetyTests: XCTestCase {
  /// Writes transactions of one session plus n commands (n from 1 to 300, recorded in the
  /// session's source) as fast as it can, in WAL mode like the store, until killed.
  private static let writer = """
    import random, sqlite3, sys
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA foreign_keys=ON")
    rng = random.Random(11)
    i = 0
    while True:
        n = rng.randint(1, 300)
        con.execute("BEGIN IMMEDIATE")
        sid = con.execute(
            "INSERT INTO sessions(started_at, kind, source) VALUES ('2011-01-01 00:00:00.000', 'script', ?)",
            ("%d %d" % (i, n),)).lastrowid
        for k in range(n):
            con.execute(
                "INSERT INTO commands(session_id, seq, text, output, status, started_at) "
                "VALUES (?, ?, 'orders | head 5', ?, 'ok', '2011-01-01 00:00:00.000')", (sid, k + 1, "y" * 2000))
        con.execute("COMMIT")
        i += 1
        if i == 1:
            print("ready", flush=True)
    """

  func testKilledWriterLeavesAConsistentStore() throws {
    let python = "/usr/bin/python3"
    guard FileManager.default.isExecutableFile(atPath: python) else { throw XCTSkip("no python3") }
    let dir = TemporaryDirectory()
    let path = dir.file("killed.db")
    do { _ = try SessionStore(path: path) }  // create the schema, then close

    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", Self.writer, path]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    // Wait for the first commit, let it write for 0.3 s more, then kill it mid-flight.
    var seen = Data()
    let deadline = Date().addingTimeInterval(10)
    while !String(decoding: seen, as: UTF8.self).contains("ready"), Date() < deadline, process.isRunning {
      seen.append(out.fileHandleForReading.availableData)
    }
    XCTAssert(String(decoding: seen, as: UTF8.self).contains("ready"), "writer never committed")
    Thread.sleep(forTimeInterval: 0.3)
    XCTAssertTrue(process.isRunning)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)
    XCTAssertEqual(process.terminationStatus, SIGKILL)
    // SIGKILL left the write-ahead log behind, un-checkpointed.
    XCTAssert(FileManager.default.fileExists(atPath: path + "-wal"))

    let store = try SessionStore(path: path)
    XCTAssertEqual(try store.database.query("PRAGMA integrity_check"), [[.text("ok")]])
    XCTAssertEqual(
      try store.appliedMigrations(), ["001_sessions_and_commands", "002_kept_tables", "003_models_and_metrics"])
    // Every committed transaction is whole: each session has exactly its n commands.
    let rows = try store.database.query(
      "SELECT s.source, (SELECT count(*) FROM commands c WHERE c.session_id = s.id) FROM sessions s")
    XCTAssertGreaterThan(rows.count, 1)
    for row in rows {
      let parts = (row[0].text ?? "").split(separator: " ")
      XCTAssertEqual(parts.count, 2)
      XCTAssertEqual(row[1].integer, parts.last.flatMap { Int64($0) }, "session \(row[0])")
    }
    // And the store goes on working.
    let s = try store.startSession(kind: "repl", source: "after the crash")
    XCTAssertEqual(try store.session(s).source, "after the crash")
  }
}
