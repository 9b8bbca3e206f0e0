import Foundation
import ShopTestSupport
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

  /// Starts `shoplab --db DB run SCRIPT`, waits until its stdout shows `marker`, lets it
  /// work `delay` seconds more, and kills it with SIGKILL; returns what it printed.
  private func killShoplab(db: String, script: String, in dir: String, after marker: String, delay: Double) throws -> String {
    try (script + "\n").write(toFile: dir + "/job.shop", atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Shoplab.binary)
    process.arguments = ["--db", db, "run", "job.shop"]
    process.currentDirectoryURL = URL(fileURLWithPath: dir)
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    var seen = Data()
    let deadline = Date().addingTimeInterval(60)
    while !String(decoding: seen, as: UTF8.self).contains(marker), Date() < deadline, process.isRunning {
      seen.append(out.fileHandleForReading.availableData)
    }
    Thread.sleep(forTimeInterval: delay)
    XCTAssertTrue(process.isRunning, "shoplab ended before it was killed")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)
    seen.append(out.fileHandleForReading.readDataToEndOfFile())
    return String(decoding: seen, as: UTF8.self)
  }

  /// The last command of the newest session, `seq|status|text`.
  private func lastCommand(_ db: String) throws -> String? {
    try sqlite(db, "SELECT seq, status, text FROM commands WHERE session_id = (SELECT max(id) FROM sessions) ORDER BY seq DESC LIMIT 1").first
  }

  /// The two writes that take longest, each killed while it is under way: a 3,000,000-row
  /// `keep` (its table must be wholly absent) and a `train` (the model stays at its earlier
  /// version, which still loads and recommends). Between and after the kills the store
  /// passes SQLite's integrity check and opens and records again.
  func testShoplabKilledMidKeepAndMidTrainingLeavesTheLastWholeState() throws {
    let dir = try Shoplab.temporaryFolder()
    let db = dir + "/killed.db"

    // Mid-keep: 3,000,000 rows with a text column take about 2.4 s to keep here (400,000
    // integer rows took 0.1 s once keep binds in bulk: too short to land in), and the kill
    // comes 0.4 s into it.
    let keepOutput = try killShoplab(
      db: db,
      script: """
        let big = sql "with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000000) select i, i * 2 as j, printf('item-%d', i % 5000) as s from n"
        print "keeping"
        big | keep big_table
        print "kept"
        """, in: dir, after: "keeping", delay: 0.4)
    XCTAssertFalse(keepOutput.contains("kept"), "the keep finished before the kill:\n\(keepOutput)")
    XCTAssertEqual(try lastCommand(db), "3|running|big | keep big_table", "the kill did not land in the keep")
    XCTAssertEqual(try sqlite(db, "PRAGMA integrity_check"), ["ok"])
    XCTAssertEqual(try sqlite(db, "SELECT count(*) FROM kept_tables WHERE name = 'big_table'"), ["0"])
    XCTAssertEqual(try sqlite(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%big\\_table%' ESCAPE '\\'"), ["0"])
    let load = try Shoplab.run(["--db", db, "-c", "load table big_table"])
    XCTAssertEqual(load.status, 1)
    XCTAssertTrue(load.stderr.hasPrefix("error: "), load.stderr)

    // Mid-training: one finished training of m, then a second killed at its third epoch.
    let orders = repositoryRoot + "/data/online-retail/online_retail_non_uk.csv"
    let trainOutput = try killShoplab(
      db: db,
      script: """
        let orders = load "\(orders)"
        model m = behavior users CustomerID items StockCode arch gmf dim 16
        train m on orders epochs 1 split leave-last-out InvoiceDate
        train m on orders epochs 100 patience 100 split leave-last-out InvoiceDate
        """, in: dir, after: "epoch   3/100", delay: 0.1)
    XCTAssertFalse(trainOutput.contains("trained 100 epochs"), trainOutput)
    XCTAssertEqual(
      try lastCommand(db), "4|running|train m on orders epochs 100 patience 100 split leave-last-out InvoiceDate",
      "the kill did not land in the training")
    XCTAssertEqual(try sqlite(db, "PRAGMA integrity_check"), ["ok"])
    // Only the finished training is stored, with the metrics it measured.
    XCTAssertEqual(try sqlite(db, "SELECT count(*) FROM models WHERE name = 'm'"), ["1"])
    XCTAssertEqual(try sqlite(db, "SELECT count(*) FROM metrics WHERE model_id NOT IN (SELECT id FROM models)"), ["0"])
    let after = try Shoplab.run(
      ["--db", db, "-c", "recommend m user 12583 k 3"], directory: dir)
    XCTAssertEqual(after.status, 0, after.stderr)
    XCTAssertEqual(after.stdout.split(separator: "\n").count, 5, after.stdout)  // header, rule, 3 items
    XCTAssertEqual(try sqlite(db, "PRAGMA integrity_check"), ["ok"])
  }
}
