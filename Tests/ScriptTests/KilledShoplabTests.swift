import Foundation
import XCTest

/// shoplab itself killed with SIGKILL in the middle of a script that writes (commands and
/// kept tables) must leave a store that passes SQLite's integrity check, holds every
/// command before the one in flight as finished, only whole kept tables, and opens again.
final class KilledShoplabTests: XCTestCase {
  override func setUpWithError() throws {
    try Shoplab.requireBinary()
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "no sqlite3")
  }

  private func sqlite(_ db: String, _ sql: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [db, sql]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  func testAKilledShoplabLeavesAConsistentStore() throws {
    let dir = try Shoplab.temporaryFolder()
    let db = dir + "/killed.db"
    XCTAssertEqual(try Shoplab.run(["--db", db, "-c", "print 0"]).status, 0)
    // Prints, with a 20,000-row keep every 25 commands, for longer than the test waits.
    var lines = ["let rows = sql \"with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000) select i from n\""]
    for i in 1...20_000 { lines.append(i % 25 == 0 ? "rows | keep kept_\(i)" : "print \(i)") }
    try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/w.shop", atomically: true, encoding: .utf8)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: Shoplab.binary)
    process.arguments = ["--db", db, "run", "w.shop"]
    process.currentDirectoryURL = URL(fileURLWithPath: dir)
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait for some hundreds of commands, then kill it mid-flight.
    var seen = 0
    let deadline = Date().addingTimeInterval(30)
    while seen < 400, Date() < deadline, process.isRunning {
      seen += out.fileHandleForReading.availableData.filter { $0 == 10 }.count
    }
    XCTAssertTrue(process.isRunning, "shoplab ended before it was killed")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)

    XCTAssertEqual(try sqlite(db, "PRAGMA integrity_check"), ["ok"])
    let session = "(SELECT max(id) FROM sessions)"
    // Commands are numbered without gaps; all but the last are finished, and the last is
    // finished or still `running` (the one in flight).
    let rows = try sqlite(db, "SELECT seq, status FROM commands WHERE session_id = \(session) ORDER BY seq")
    XCTAssertGreaterThan(rows.count, 100)
    for (k, row) in rows.enumerated() {
      let parts = row.split(separator: "|").map(String.init)
      XCTAssertEqual(parts.first, String(k + 1), row)
      if k < rows.count - 1 { XCTAssertEqual(parts.last, "ok", row) }
    }
    // Every kept table is whole and listed; none is half there.
    let kept = try sqlite(db, "SELECT name, rows FROM kept_tables")
    XCTAssertFalse(kept.isEmpty)
    for entry in kept {
      let parts = entry.split(separator: "|").map(String.init)
      XCTAssertEqual(try sqlite(db, "SELECT count(*) FROM \"\(parts[0])\""), [parts[1]], entry)
    }
    let tables = try sqlite(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'kept\\_%' ESCAPE '\\' AND name != 'kept_tables'")
    XCTAssertEqual(tables, ["\(kept.count)"])
    // The store opens and records again.
    let after = try Shoplab.run(["--db", db, "-c", "print \"after the kill\""])
    XCTAssertEqual(after.status, 0, after.stderr)
  }
}
