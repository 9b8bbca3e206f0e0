import Foundation
import ShopTestSupport
import XCTest

/// A store write that fails is an error the user sees, and a script that hits one stops
/// with a non-zero status: the real shoplab against another process holding the write
/// lock, and against a file size limit (a full disk as the process sees it).
final class StoreFailureTests: XCTestCase {
  override func setUpWithError() throws {
    try Shoplab.requireBinary()
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.python), "no python3")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.sqlite3), "no sqlite3")
  }

  static let python = "/usr/bin/python3"
  static let sqlite3 = "/usr/bin/sqlite3"

  /// Waits until the shoplab under test has begun `print 2`, takes the write lock, says
  /// "locked", holds it for argv[2] seconds (or, if negative, until its stdin closes),
  /// then lets go. Another program's writer: shoplab's own code is only the one under test.
  private static let lockHolder = """
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
    while not con.execute("SELECT count(*) FROM commands WHERE text = 'print 2'").fetchone()[0]:
        time.sleep(0.001)
    con.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    hold = float(sys.argv[2])
    if hold < 0:
        sys.stdin.read()
    else:
        time.sleep(hold)
    con.execute("ROLLBACK")
    """

  /// A script of `print 1` … `print n`.
  private func prints(_ n: Int) -> String { (1...n).map { "print \($0)" }.joined(separator: "\n") + "\n" }

  /// Runs a query with the sqlite3 shell; one row per line, columns separated by '|'.
  private func sqlite(_ db: String, _ sql: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.sqlite3)
    process.arguments = [db, sql]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "sqlite3 \(sql)")
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  private func newStore() throws -> String {
    let db = try Shoplab.temporaryFolder() + "/s.db"
    XCTAssertEqual(try Shoplab.run(["--db", db, "-c", "print 0"]).status, 0)
    return db
  }

  /// Starts the lock holder on `db`; it takes the lock once `print 2` has begun.
  private func startLockHolder(_ db: String, hold: Double) throws -> (Process, Pipe) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.python)
    process.arguments = ["-c", Self.lockHolder, db, String(hold)]
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = Pipe()
    try process.run()
    return (process, input)
  }

  // MARK: Another process holds the write lock

  func testAScriptStopsWithAnErrorWhenAnotherProcessHoldsTheStoreLocked() throws {
    let db = try newStore()
    let (holder, release) = try startLockHolder(db, hold: -1)
    defer { if holder.isRunning { holder.terminate() } }
    // Before the fix every blocked command waited 5 s and the script went on: a timeout.
    let r = try Shoplab.run(["--db", db], stdin: prints(3000), timeout: 40)
    try release.fileHandleForWriting.close()
    holder.waitUntilExit()

    XCTAssertFalse(r.timedOut, "shoplab kept running after the store stopped recording")
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(
      r.stderr.hasPrefix("error: the session store '\(db)' is locked by another process (waited 5 s); "), r.stderr)
    let printed = r.stdout.split(separator: "\n").count
    XCTAssertLessThan(printed, 3000, "the script went on after the store stopped recording")
    // Every command that printed is in the store; the one whose end could not be written
    // is left `running`, and the error said so.
    let session = "(SELECT max(id) FROM sessions)"
    let recorded = try sqlite(db, "SELECT text, status FROM commands WHERE session_id = \(session) ORDER BY seq")
    let expected = (1...printed).map { "print \($0)|ok" }
    if recorded.count == printed, recorded.last?.hasSuffix("|running") == true {
      XCTAssertTrue(r.stderr.contains("the command ran, but its output and status are not recorded"), r.stderr)
      XCTAssertEqual(Array(recorded.dropLast()), Array(expected.dropLast()))
    } else {
      XCTAssertTrue(r.stderr.contains("the command did not run"), r.stderr)
      XCTAssertEqual(recorded, expected)
    }
  }

  func testOrdinaryContentionIsWaitedOut() throws {
    let db = try newStore()
    let (holder, _) = try startLockHolder(db, hold: 1)
    defer { if holder.isRunning { holder.terminate() } }
    let r = try Shoplab.run(["--db", db], stdin: prints(1000))
    holder.waitUntilExit()
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, (1...1000).map { "\($0)\n" }.joined())
    XCTAssertEqual(
      try sqlite(db, "SELECT count(*), sum(status = 'ok') FROM commands WHERE session_id = (SELECT max(id) FROM sessions)"),
      ["1000|1000"])
  }

  // MARK: The disk refuses a write

  func testAFileSizeLimitStopsTheScriptWithAnError() throws {
    let db = try newStore()
    // 256 KB: the store as created fits; the write-ahead log of a few dozen commands with
    // 3 KB of output each does not.
    let limited = ["/bin/bash", "-c", "ulimit -f 256 && exec \"$0\" \"$@\""]
    let long = String(repeating: "x", count: 3000)
    let script = (1...400).map { "print \"\($0) \(long)\"" }.joined(separator: "\n") + "\n"
    let r = try Shoplab.run(["--db", db], stdin: script, launcher: limited)

    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(
      r.stderr.hasPrefix("error: cannot write to the session store '\(db)': the file size limit was reached; "),
      r.stderr)
    let printed = r.stdout.split(separator: "\n").count
    XCTAssertLessThan(printed, 400, "the script went on after the store stopped recording")
    let ok = try sqlite(
      db, "SELECT count(*) FROM commands WHERE status = 'ok' AND session_id = (SELECT max(id) FROM sessions)")
    // Every command that printed is recorded, but for the last when the error said so.
    if r.stderr.contains("the command ran, but") {
      XCTAssertEqual(ok, ["\(printed - 1)"])
    } else {
      XCTAssertEqual(ok, ["\(printed)"])
    }
    XCTAssertEqual(try sqlite(db, "PRAGMA integrity_check"), ["ok"])
  }
}
