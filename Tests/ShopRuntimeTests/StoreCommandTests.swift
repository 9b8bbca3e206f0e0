import Foundation
import ShopCore
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

  // MARK: No silent overwrites

  private func folder() throws -> String {
    let dir = NSTemporaryDirectory() + "shoplab-files-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  private func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

  func testSaveRefusesToReplaceAFileUnlessToldOverwrite() throws {
    let dir = try folder()
    try "keep me\n".write(toFile: dir + "/report.csv", atomically: true, encoding: .utf8)
    let f = try RuntimeFixture(workingDirectory: dir)
    _ = f.output("let t = sql \"select 1 as a\"")
    let refused = f.run("t | save to \"report.csv\"")
    XCTAssertEqual(refused.errorMessage, "'report.csv' already exists")
    XCTAssertTrue(
      refused.errorRendered?.contains("^^^^^^^^^^^^ add 'overwrite' after the file name to replace it") ?? false,
      refused.errorRendered ?? "")
    XCTAssertEqual(contents(dir + "/report.csv"), "keep me\n")
    XCTAssertEqual(f.output("t | save to \"report.csv\" overwrite"), "save: wrote 1 row × 1 column to report.csv")
    XCTAssertEqual(contents(dir + "/report.csv"), "a\n1\n")
    // A new file needs no word.
    _ = f.output("t | save to \"new.csv\"")
    XCTAssertEqual(contents(dir + "/new.csv"), "a\n1\n")
  }

  func testALinkIsNotFollowedToReplaceItsTarget() throws {
    let dir = try folder()
    try "# my shell start-up\n".write(toFile: dir + "/bashrc", atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: dir + "/out.csv", withDestinationPath: dir + "/bashrc")
    try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.csv", withDestinationPath: dir + "/nowhere")
    let f = try RuntimeFixture(workingDirectory: dir)
    XCTAssertEqual(f.run("sql \"select 'echo PWNED' as x\" | save to \"out.csv\"").errorMessage, "'out.csv' already exists")
    XCTAssertEqual(
      f.run("sql \"select 'echo PWNED' as x\" | save to \"dangling.csv\"").errorMessage, "'dangling.csv' already exists")
    XCTAssertEqual(contents(dir + "/bashrc"), "# my shell start-up\n")
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/nowhere"))
  }

  func testExportRefusesToReplaceAFileUnlessToldOverwrite() throws {
    let dir = try folder()
    try "print \"the running script\"\n".write(toFile: dir + "/run.shop", atomically: true, encoding: .utf8)
    let f = try RuntimeFixture(workingDirectory: dir)
    _ = f.output("print 1")
    XCTAssertEqual(f.run("export this to \"run.shop\"").errorMessage, "'run.shop' already exists")
    XCTAssertEqual(contents(dir + "/run.shop"), "print \"the running script\"\n")
    XCTAssertEqual(f.run("export this to \".\" overwrite").errorMessage, "'.' is a folder; name a file inside it")
    _ = f.output("export this to \"run.shop\" overwrite")
    XCTAssertTrue(contents(dir + "/run.shop")?.contains("\nprint 1\n") ?? false)
  }

  // MARK: replay and files

  func testReplayOfASessionThatWritesFilesListsThemAndRunsNothingUnlessTold() throws {
    let dir = try folder()
    let db = dir + "/s.db"
    do {
      let first = try RuntimeFixture(dbPath: db, workingDirectory: dir)
      _ = first.output("print \"first\"")
      _ = first.output("sql \"select 'echo PWNED' as x\" | save to \"out.csv\"")
      try first.session.close()
    }
    try FileManager.default.removeItem(atPath: dir + "/out.csv")
    let second = try RuntimeFixture(dbPath: db, workingDirectory: dir)
    let refused = second.run("replay last")
    XCTAssertEqual(refused.output, "", "replay ran commands before refusing")
    XCTAssertEqual(refused.errorMessage, "session 1 writes files; replay runs it only when told 'writing files'")
    XCTAssertTrue(
      refused.errorRendered?.contains("= 2: sql \"select 'echo PWNED' as x\" | save to \"out.csv\"") ?? false,
      refused.errorRendered ?? "")
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out.csv"))

    XCTAssertEqual(
      second.output("replay last writing files"),
      """
      replay: 1 of the 2 commands of session 1 write files:
        2: sql "select 'echo PWNED' as x" | save to "out.csv"
      » print "first"
      first
      » sql "select 'echo PWNED' as x" | save to "out.csv"
      save: wrote 1 row × 1 column to out.csv
      replayed 2 commands of session 1
      """)
    XCTAssertEqual(contents(dir + "/out.csv"), "x\necho PWNED\n")
    // Told to write files, a replay still replaces nothing its commands did not say to.
    let again = try RuntimeFixture(dbPath: db, workingDirectory: dir)
    let replayed = again.output("replay 1 writing files")
    XCTAssertTrue(replayed.contains("error: 'out.csv' already exists"), replayed)
    // The error points at the command's place in the replayed session (its second), not line 1.
    XCTAssertTrue(replayed.contains(" --> replay of session 1:2:42\n"), replayed)
    XCTAssertTrue(replayed.contains("2 | sql \"select 'echo PWNED' as x\" | save to \"out.csv\""), replayed)
  }

  func testKeepRefusesToReplaceAKeptTableUnlessToldOverwrite() throws {
    let f = try RuntimeFixture()
    _ = f.output("let t = sql \"select 1 as a union all select 2\"")
    XCTAssertEqual(f.output("t | keep sample"), "keep: stored sample (2 rows × 1 column)")
    let refused = f.run("t | head 1 | keep Sample")
    XCTAssertEqual(refused.status, .error)
    let message = try XCTUnwrap(refused.errorMessage)
    XCTAssertTrue(
      message.hasPrefix("a table 'sample' is already kept (2 rows × 1 column, kept by session \(f.session.sessionID!) at "),
      message)
    XCTAssertTrue(
      refused.errorRendered?.contains("^^^^^^ add 'overwrite' after the name to replace it") ?? false,
      refused.errorRendered ?? "")
    XCTAssertEqual(try f.store.loadKept("sample").rowCount, 2)
    XCTAssertEqual(
      f.output("t | head 1 | keep Sample overwrite"),
      "keep: stored Sample (1 row × 1 column), replacing the earlier sample (2 rows × 1 column)")
    XCTAssertEqual(try f.store.keptTables().map(\.name), ["Sample"])
    XCTAssertEqual(try f.store.loadKept("Sample").rowCount, 1)
    // One of the store's own tables is refused, pointed at.
    let reserved = f.run("t | keep sessions")
    XCTAssertEqual(reserved.errorMessage, "'sessions' is a table of the session store; keep the table under another name")
    XCTAssertTrue(reserved.errorRendered?.contains("t | keep sessions\n  |          ^^^^^^^^") ?? false, reserved.errorRendered ?? "")
    // A name spelt 'overwrite' is still a name.
    XCTAssertEqual(f.output("t | keep overwrite"), "keep: stored overwrite (2 rows × 1 column)")
  }

  // MARK: Ctrl-C during keep

  func testCtrlCDuringKeepEitherCompletesOrRollsBackNeverBoth() throws {
    let f = try RuntimeFixture()
    _ = f.output(
      "let big = sql \"with recursive n(i) as (select 1 union all select i + 1 from n where i < 200000) select i, 'x' as s from n\"")
    var cancelled = 0
    for (k, delay) in [0.005, 0.02, 0.05, 0.1, 0.2, 0.4].enumerated() {
      let name = "big_\(k)"
      let interrupt = Thread {
        Thread.sleep(forTimeInterval: delay)
        Cancellation.shared.request()
      }
      interrupt.start()
      let outcome = f.run("big | keep \(name)")
      while !interrupt.isFinished { Thread.sleep(forTimeInterval: 0.01) }
      Cancellation.shared.reset()
      let kept = try f.store.keptTables().map(\.name).contains(name)
      switch outcome.status {
      case .ok:
        XCTAssertTrue(kept, "delay \(delay): ok but no table")
        XCTAssertEqual(outcome.output, "keep: stored \(name) (200,000 rows × 2 columns)")
      case .cancelled:
        cancelled += 1
        XCTAssertFalse(kept, "delay \(delay): interrupted, yet the table was stored")
        XCTAssertFalse(outcome.output.contains("stored"), "delay \(delay): \(outcome.transcript)")
      case .error:
        XCTFail("delay \(delay): \(outcome.transcript)")
      }
    }
    XCTAssertGreaterThan(cancelled, 0, "no interrupt landed during a keep")
  }
}
