import Foundation
import ShopFrames
import ShopRuntime
import ShopStore
import ShopTestSupport
import XCTest

final class InterpreterTests: XCTestCase {
  // MARK: Names, _ and pipelines

  func testLetBindsAndUnderscoreIsTheLastResult() throws {
    let f = try RuntimeFixture()
    XCTAssertEqual(f.output("let x = 6"), "")
    XCTAssertEqual(f.output("x * 7"), "42")
    XCTAssertEqual(f.output("_ + 1"), "43")
  }

  func testALeadingPipeContinuesFromTheLastResult() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("orders | where Country == \"France\"")
    XCTAssertEqual(f.output("| count"), "8557")
  }

  func testMultiLinePipeline() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    let out = f.output(
      """
      orders
        | where Country == "Japan"
        | agg lines = count(), units = sum(Quantity)
      """)
    // python3: rows with Country == "Japan": 358, sum(Quantity) = 25218
    XCTAssertEqual(out, "lines  units\n─────  ─────\n  358  25218")
  }

  func testGroupByMixesComputedAndPlainKeys() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    // python3 csv, Country == "Japan", Counter((InvoiceDate[:4], int(Quantity) > 100)):
    // (2010, False) 64, (2011, False) 265, (2010, True) 1, (2011, True) 28
    let out = f.output(
      "orders | where Country == \"Japan\" | group by y = year(InvoiceDate), Country, q = Quantity > 100 | count | sort q")
    XCTAssertEqual(
      out,
      """
         y  Country  q      count
      ────  ───────  ─────  ─────
      2010  Japan    false     64
      2011  Japan    false    265
      2010  Japan    true       1
      2011  Japan    true      28
      """)
  }

  // MARK: Errors

  func testUnknownColumnPointsAtItWithASuggestion() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    let outcome = f.run("orders | where Quantty > 0")
    XCTAssertEqual(outcome.status, .error)
    XCTAssertEqual(
      outcome.errorRendered,
      """
      error: unknown column 'Quantty'
       --> session:1:16
        |
      1 | orders | where Quantty > 0
        |                ^^^^^^^ did you mean 'Quantity'?
        = columns: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country
      """)
  }

  /// An error that carries no place of its own (a union's missing column, a KPI's missing
  /// role) points at its command, so a script's reader sees the line.
  func testAnErrorWithoutAPlacePointsAtItsCommand() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let countries = orders | select Country")
    XCTAssertEqual(
      f.run("orders | union countries").errorRendered,
      """
      error: union: the second frame has no column 'InvoiceNo'
       --> session:1:10
        |
      1 | orders | union countries
        |          ^^^^^
      """)
    let rfm = f.run("orders | select InvoiceNo, InvoiceDate | rfm").errorRendered ?? ""
    XCTAssertTrue(rfm.contains(" --> session:1:42\n"), rfm)
  }

  /// `CustomerID != null` is null on every row: `where` kept nothing without a word.
  func testAComparisonWithNullSaysWhatToWrite() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    XCTAssertEqual(
      f.run("orders | where CustomerID != null | count").errorRendered,
      """
      error: a comparison with null is null on every row, never true
       --> session:1:16
        |
      1 | orders | where CustomerID != null | count
        |                ^^^^^^^^^^^^^^^^^^ to keep the present ones, write notnull(CustomerID)
      """)
    let equal = f.run("orders | derive missing = null == lower(Country)").errorRendered ?? ""
    XCTAssertTrue(equal.contains("to keep the missing ones, write isnull(lower(Country))"), equal)
    // The test it points to keeps the rows pandas keeps: read_csv(...).CustomerID.notna().sum() = 44,951.
    XCTAssertEqual(f.output("orders | where notnull(CustomerID) | count"), "44951")
  }

  func testUnknownCommandAfterAPipeSuggests() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    let outcome = f.run("orders | sortt Quantity")
    XCTAssertEqual(outcome.errorMessage, "unknown command 'sortt'")
    XCTAssertTrue(outcome.errorRendered?.contains("^^^^^ did you mean 'sort'?") ?? false)
  }

  func testLeftoverArgumentsAreRejected() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    let outcome = f.run("orders | head 5 6")
    XCTAssertEqual(outcome.errorMessage, "unexpected argument")
  }

  func testSingleEqualsInAConditionExplainsItself() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    let outcome = f.run("orders | where Country = \"France\"")
    XCTAssertEqual(outcome.errorMessage, "unexpected 'Country = …' here; to compare, write 'Country == …'")
  }

  func testAFailedCommandLeavesTheSessionUsable() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    XCTAssertEqual(f.run("orders | where nope > 1").status, .error)
    XCTAssertEqual(f.output("orders | count"), "46431")
  }

  // MARK: Cleaning is audited

  func testCleaningStepsPrintTheirSummaryAndPassTheTableOn() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    // python3 csv: 90 exact duplicate rows in online_retail_non_uk.csv
    XCTAssertEqual(f.output("orders | dedupe"), "dedupe: removed 90 of 46,431 rows")
    XCTAssertEqual(f.output("| count"), "46341")
    let history = try f.store.commands(session: try XCTUnwrap(f.session.sessionID))
    XCTAssertEqual(history.first { $0.text == "orders | dedupe" }?.output, "dedupe: removed 90 of 46,431 rows")
  }

  // MARK: The store

  func testEveryInputIsRecordedWithItsStatus() throws {
    let f = try RuntimeFixture()
    _ = f.output("print 1")
    _ = f.run("print nope")
    let records = try f.store.commands(session: try XCTUnwrap(f.session.sessionID))
    XCTAssertEqual(records.map(\.text), ["print 1", "print nope"])
    XCTAssertEqual(records.map(\.status), ["ok", "error"])
    XCTAssertEqual(records[1].error, "session:1:7: error: unknown name 'y'".replacingOccurrences(of: "'y'", with: "'nope'"))
  }

  func testAnUnknownNameWithNoNearOneSaysWhatIsBound() throws {
    let f = try RuntimeFixture()
    let fresh = f.run("ordrs | head").transcript
    XCTAssertTrue(fresh.contains("= no name is bound yet: 'let orders = load \"orders.csv\"' binds one"), fresh)
    _ = f.output("let total = 3")
    _ = f.output("let other = 4")
    let bound = f.run("zzz").transcript
    XCTAssertTrue(bound.contains("= bound names: other, total ('names' shows what they hold)"), bound)
    XCTAssertFalse(bound.contains("_,"), bound)
    let near = f.run("totl").transcript
    XCTAssertTrue(near.contains("did you mean 'total'?"), near)
    XCTAssertFalse(near.contains("bound names"), near)
  }

  func testKeptTablesRoundTripThroughTheStore() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("orders | where Country == \"Japan\" | keep japan")
    XCTAssertEqual(f.output("load table japan | count"), "load: table japan, 358 rows × 8 columns\n358")
    let sql = f.output("sql \"select count(*) as n, sum(Quantity) as units from japan\"")
    XCTAssertEqual(sql, "  n  units\n───  ─────\n358  25218")
  }

  /// `keep` treats names differing only in case as one table, so `load table` finds it in
  /// any case; a name kept nowhere is pointed at, with the nearest kept one.
  func testLoadTableMatchesTheKeptNameInAnyCaseAndPointsAtAMiss() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("orders | where Country == \"Japan\" | keep Japan")
    XCTAssertEqual(f.output("load table JAPAN | count"), "load: table JAPAN, 358 rows × 8 columns\n358")
    let outcome = f.run("load table japn")
    XCTAssertEqual(
      outcome.errorRendered,
      """
      error: no kept table 'japn'
       --> session:1:12
        |
      1 | load table japn
        |            ^^^^ did you mean 'Japan'?
        = 'tables' lists the kept tables
      """)
  }

  func testExportWritesARunnableScriptAndATranscript() throws {
    let dir = NSTemporaryDirectory() + "shoplab-export-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let f = try RuntimeFixture(workingDirectory: dir)
    _ = f.output("let x = 2")
    _ = f.run("print x +")
    _ = f.output("print x * 21")
    _ = f.output("export this to \"s.shop\"")
    _ = f.output("export this to \"s.md\"")
    let script = try String(contentsOfFile: dir + "/s.shop", encoding: .utf8)
    XCTAssertTrue(
      script.hasSuffix("let x = 2\n# failed: session:1:10: error: expected an expression, found end of input\n# print x +\nprint x * 21\n"),
      script)
    let markdown = try String(contentsOfFile: dir + "/s.md", encoding: .utf8)
    XCTAssertTrue(markdown.contains("```shop\nprint x * 21\n```\n\n```text\n42\n```"), markdown)
    // The exported script runs in a fresh session and prints the same thing.
    let g = try RuntimeFixture(workingDirectory: dir)
    let outcome = g.run(script)
    XCTAssertEqual(outcome.output, "42")
  }

  func testChartsAreStoredWithTheCommandAndExported() throws {
    let dir = NSTemporaryDirectory() + "shoplab-chart-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let f = try RuntimeFixture(workingDirectory: dir)
    _ = f.output("let orders = load \"\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv\"")
    _ = f.output("set charts ascii")
    let chart = f.output("orders | group by Country | agg units = sum(Quantity) | sort units desc | head 3 | plot bar x Country y units")
    XCTAssertTrue(chart.contains("Netherlands |####"), chart)
    let stored = try f.store.commands(session: try XCTUnwrap(f.session.sessionID)).last
    XCTAssertEqual(stored?.output, chart)
    _ = f.output("export this to \"t.md\"")
    let markdown = try String(contentsOfFile: dir + "/t.md", encoding: .utf8)
    XCTAssertTrue(markdown.contains("```text\n" + chart + "\n```"), markdown)
  }

  func testReplayRunsAnEarlierSessionAgain() throws {
    let path = NSTemporaryDirectory() + "shoplab-replay-\(UUID().uuidString).db"
    do {
      let first = try RuntimeFixture(dbPath: path)
      _ = first.output("let x = 5")
      _ = first.output("print x + 1")
      try first.session.close()
    }
    let second = try RuntimeFixture(dbPath: path)
    XCTAssertEqual(second.output("replay last"), "» let x = 5\n» print x + 1\n6\nreplayed 2 commands of session 1")
    XCTAssertEqual(second.output("print x"), "5")
  }

  func testSeededSampleRepeats() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    let a = f.output("orders | sample 5 seed 9 | select InvoiceNo, StockCode")
    let b = f.output("orders | sample 5 seed 9 | select InvoiceNo, StockCode")
    let c = f.output("orders | sample 5 seed 10 | select InvoiceNo, StockCode")
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, c)
  }
}
