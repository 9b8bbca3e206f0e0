import Foundation
import ShopCore
import ShopFrames
import ShopRuntime
import ShopSpark
import ShopSparkPlan
import Synchronization
import ShopStore
import ShopTestSupport
import XCTest

/// Against a real Spark Connect server: scripts/spark-tests.sh installs pyspark, starts the
/// server on 127.0.0.1 and runs these with SHOPLAB_SPARK_ADDRESS set and the `Spark` trait.
/// Otherwise each test is skipped, saying why.
final class SparkConnectIntegrationTests: XCTestCase {
  private var address: String!

  override func setUpWithError() throws {
    #if !Spark
      throw XCTSkip("built without the Spark trait (scripts/spark-tests.sh runs these)")
    #else
      guard let a = ProcessInfo.processInfo.environment["SHOPLAB_SPARK_ADDRESS"] else {
        throw XCTSkip("no Spark Connect server: SHOPLAB_SPARK_ADDRESS is unset (scripts/spark-tests.sh sets it)")
      }
      address = a
      SparkConnectTables.register()
    #endif
  }

  private func interpreter() throws -> Interpreter {
    let session = try Session(
      console: Console(), store: try SessionStore(path: ":memory:"), kind: "script", source: "spark-test",
      isInteractive: false, workingDirectory: repositoryRoot)
    return Interpreter(session: session)
  }

  @discardableResult
  private func run(_ i: Interpreter, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> Interpreter.Outcome {
    let outcome = i.execute(text)
    XCTAssertEqual(outcome.status, .ok, "\(text)\n\(outcome.errorRendered ?? "")", file: file, line: line)
    return outcome
  }

  private func frame(_ i: Interpreter, _ name: String) throws -> Frame {
    guard case .frame(let f)? = i.session.bindings[name] else { throw XCTSkip("no table \(name)") }
    return f
  }

  /// The same pipeline over the bundled non-UK Online Retail file, once by ShopLab and once
  /// by Spark: the same countries, counts and sums; means within summation order.
  func testTheSamePipelineGivesTheSameResultLocallyAndOnSpark() throws {
    let i = try interpreter()
    let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
    let pipeline = """
      where Quantity > 0 | derive revenue = Quantity * UnitPrice | group by Country \
      | agg lines = count(), units = sum(Quantity), orders = nunique(InvoiceNo), mean_price = mean(UnitPrice), \
      top = max(UnitPrice), median_qty = median(Quantity) | sort Country
      """
    run(i, "connect spark \"\(address!)\"")
    run(i, "let local = load \"\(csv)\" | \(pipeline)")
    run(i, "let remote = spark load \"\(csv)\" | \(pipeline) | collect")
    let (l, r) = (try frame(i, "local"), try frame(i, "remote"))
    XCTAssertEqual(r.columnNames, l.columnNames)
    XCTAssertEqual(r.rowCount, l.rowCount)
    XCTAssertGreaterThan(l.rowCount, 30)
    for name in ["Country", "lines", "units", "orders", "top", "median_qty"] {
      let (a, b) = (try XCTUnwrap(l.column(named: name)), try XCTUnwrap(r.column(named: name)))
      for row in 0..<l.rowCount {
        XCTAssertEqual(b[row].doubleValue ?? -1, a[row].doubleValue ?? -1, accuracy: 1e-9, "\(name)[\(row)]")
        if case .string(let s) = a[row] { XCTAssertEqual(b[row], .string(s)) }
      }
    }
    let (ma, mb) = (try XCTUnwrap(l.column(named: "mean_price")), try XCTUnwrap(r.column(named: "mean_price")))
    for row in 0..<l.rowCount { assertClose(mb[row].doubleValue ?? .nan, ma[row].doubleValue ?? .nan, tolerance: 1e-12) }
  }

  /// Two tables with the same columns in the same order agree cell by cell: strings and
  /// datetimes exactly, numbers to 1e-9 relative (floating-point summation order), nulls
  /// where the other has nulls.
  private func assertSameTable(_ l: Frame, _ r: Frame, file: StaticString = #filePath, line: UInt = #line) throws {
    XCTAssertEqual(r.columnNames, l.columnNames, file: file, line: line)
    XCTAssertEqual(r.rowCount, l.rowCount, file: file, line: line)
    guard r.columnNames == l.columnNames, r.rowCount == l.rowCount else { return }
    for name in l.columnNames {
      let (a, b) = (try XCTUnwrap(l.column(named: name)), try XCTUnwrap(r.column(named: name)))
      for row in 0..<l.rowCount {
        switch (a[row], b[row]) {
        case (.null, .null): break
        case (.int, .int), (.int, .float), (.float, .int), (.float, .float):
          let (x, y) = (a[row], b[row])
          let (u, v) = (x.doubleValue!, y.doubleValue!)
          XCTAssertEqual(v, u, accuracy: 1e-9 * max(1, abs(u)), "\(name)[\(row)]", file: file, line: line)
        case (let x, let y): XCTAssertEqual(y, x, "\(name)[\(row)]", file: file, line: line)
        }
      }
    }
  }

  /// resample by day, week and month: the same buckets (empty days such as Saturdays
  /// included, weeks from Monday) and the same aggregates locally and on Spark.
  func testResampleGivesTheSameBucketsLocallyAndOnSpark() throws {
    let i = try interpreter()
    let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
    run(i, "connect spark \"\(address!)\"")
    for unit in ["day", "week", "month"] {
      let pipeline = """
        where Quantity > 0 | derive revenue = Quantity * UnitPrice | resample InvoiceDate by \(unit) agg \
        lines = count(), orders = nunique(InvoiceNo), customers = nunique(CustomerID), revenue = sum(revenue), \
        top = max(UnitPrice), mean_qty = mean(Quantity)
        """
      run(i, "let local = load \"\(csv)\" | \(pipeline)")
      run(i, "let remote = spark load \"\(csv)\" | \(pipeline) | collect")
      let (l, r) = (try frame(i, "local"), try frame(i, "remote"))
      try assertSameTable(l, r)
      XCTAssertGreaterThan(l.rowCount, unit == "month" ? 12 : 50, unit)
      if unit == "day" {
        // Online Retail has no Saturday sales: empty buckets are there, with 0 and null.
        let empty = (0..<l.rowCount).filter { l.column(named: "lines")?[$0] == .int(0) }
        XCTAssertFalse(empty.isEmpty)
        for row in empty { XCTAssertEqual(r.column(named: "revenue")?[row], .null) }
      }
      if unit == "week" {
        // Weeks start on Monday: 2010-11-29 is the Monday before the first sale (Wed 1 Dec).
        XCTAssertEqual(r.column(named: "InvoiceDate")?[0], .datetime(1_290_988_800))
      }
    }
  }

  /// join inner and left of two remote tables on a key, locally and on Spark: the same rows
  /// and the same columns (some pipelines select, some compare whole tables).
  func testJoinGivesTheSameRowsLocallyAndOnSpark() throws {
    let i = try interpreter()
    let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
    run(i, "connect spark \"\(address!)\"")
    for (prefix, load) in [("l", "load \"\(csv)\""), ("r", "spark load \"\(csv)\"")] {
      run(i, "let \(prefix)_all = \(load)")
      run(i, "let \(prefix)_lines = \(prefix)_all | group by Country | agg lines = count(), units = sum(Quantity)")
      run(i, "let \(prefix)_returns = \(prefix)_all | where Quantity < 0 | group by Country | agg returns = count()")
      run(i, "let \(prefix)_big = \(prefix)_all | where UnitPrice > 100 | group by Country, StockCode | agg big = count()")
    }
    let pipelines = [
      ("left", "_lines | join left {}_returns on Country | select Country, lines, units, returns | sort Country"),
      ("inner", "_lines | join inner {}_returns on Country | select Country, lines, units, returns | sort Country"),
      ("rows", "_all | join {}_big on Country, StockCode | select InvoiceNo, StockCode, Country, Quantity, big "
        + "| sort InvoiceNo, StockCode, Quantity"),
    ]
    for (what, p) in pipelines {
      run(i, "let local = l\(p.replacingOccurrences(of: "{}", with: "l"))")
      run(i, "let remote = r\(p.replacingOccurrences(of: "{}", with: "r")) | collect")
      let (l, r) = (try frame(i, "local"), try frame(i, "remote"))
      XCTAssertGreaterThan(l.rowCount, 5, what)
      try assertSameTable(l, r)
      if what == "left" { XCTAssertTrue((0..<l.rowCount).contains { l.column(named: "returns")?[$0] == .null }, "some return nothing") }
    }
  }

  /// The columns of a join on Spark are the local join's: the left's in their order (the
  /// key not first), then the right's non-key ones, clashing names with `_right` (twice
  /// when `_right` is taken too); an anti join keeps the left's.
  func testJoinColumnsAndRightNamesAreTheLocalOnes() throws {
    let i = try interpreter()
    let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
    run(i, "connect spark \"\(address!)\"")
    for (prefix, load) in [("l", "load \"\(csv)\""), ("r", "spark load \"\(csv)\"")] {
      run(i, "let \(prefix)_all = \(load)")
      run(i, "let \(prefix)_a = \(prefix)_all | group by Country | agg units = sum(Quantity), lines = count() | select lines, Country, units")
      run(i, """
        let \(prefix)_b = \(prefix)_all | where Quantity > 100 | group by Country \
        | agg lines = count(), units = sum(Quantity), units_right = max(Quantity)
        """)
    }
    let expected = [
      ("inner", ["lines", "Country", "units", "lines_right", "units_right", "units_right_right"]),
      ("left", ["lines", "Country", "units", "lines_right", "units_right", "units_right_right"]),
      ("anti", ["lines", "Country", "units"]),
    ]
    for (kind, columns) in expected {
      run(i, "let local = l_a | join \(kind) l_b on Country | sort Country")
      run(i, "let remote = r_a | join \(kind) r_b on Country | sort Country | collect")
      let (l, r) = (try frame(i, "local"), try frame(i, "remote"))
      XCTAssertEqual(l.columnNames, columns, kind)
      try assertSameTable(l, r)
      // Every country is on the left; some have no line of more than 100 units.
      XCTAssertGreaterThan(l.rowCount, kind == "inner" ? 5 : kind == "left" ? 30 : 0, kind)
    }
  }

  /// cohort on a remote table: Spark counts, ShopLab builds the triangle; the same roles
  /// and definition lines and the same table as locally, for every period, type and mode
  /// (the local triangles are pinned against Python in KPIRealDataTests).
  func testCohortGivesTheSameTriangleLocallyAndOnSpark() throws {
    let i = try interpreter()
    let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
    run(i, "connect spark \"\(address!)\"")
    run(i, "let lt = load \"\(csv)\"")
    run(i, "let rt = spark load \"\(csv)\"")
    let options = [
      "by month", "by week", "by day counts", "by month type recurring", "by month mode unbounded",
      "by week type recurring mode unbounded counts",
    ]
    for o in options {
      let localOut = run(i, "let local = lt | cohort \(o)").output
      let remoteOut = run(i, "let remote = rt | cohort \(o)").output
      // The same lines but `let`'s own summary line of each table.
      func lines(_ s: String) -> [Substring] { s.split(separator: "\n").filter { !$0.hasPrefix("local: ") && !$0.hasPrefix("remote: ") } }
      XCTAssertEqual(lines(remoteOut), lines(localOut), o)
      XCTAssertTrue(localOut.contains("definition: cohort = "), localOut)
      let (l, r) = (try frame(i, "local"), try frame(i, "remote"))
      XCTAssertGreaterThan(l.rowCount, 12, o)
      try assertSameTable(l, r)
    }
  }

  /// kpi (the standard five, and every metric gross and net) whole, by month, by week and by
  /// Country: the same roles and definition lines printed, and the same values, locally and
  /// on Spark.
  func testKPIGivesTheSameDefinitionsAndValuesLocallyAndOnSpark() throws {
    let i = try interpreter()
    let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
    run(i, "connect spark \"\(address!)\"")
    run(i, "let lt = load \"\(csv)\"")
    run(i, "let rt = spark load \"\(csv)\"")
    let all = " orders, gmv, revenue, aov, customers, repeat_rate, frequency, items_per_order, cancel_rate"
    let runs = [
      ("", "", ""), ("", " by month", ""), ("", " by week", ""), ("", " by Country", " | sort Country"),
      (all, " net", ""), (all, " by month net", ""), (all, " by Country", " | sort Country"),
    ]
    for (metrics, by, sort) in runs {
      let localOut = run(i, "let local = lt | kpi\(metrics)\(by)\(sort)").output
      let remoteOut = run(i, "let rk = rt | kpi\(metrics)\(by)").output
      // The same lines but `let`'s own summary of the local table ("local: 13 rows × 6 columns").
      let localLines = localOut.split(separator: "\n").filter { !$0.hasPrefix("local: ") }.joined(separator: "\n")
      XCTAssertEqual(remoteOut, localLines, by)
      let basis = by.hasSuffix("net") ? "net" : "gross"
      XCTAssertTrue(localOut.contains("definition: basis \(basis); orders = distinct orders with a sale line (Quantity > 0)"), localOut)
      run(i, "let remote = rk | collect")
      let (l, r) = (try frame(i, "local"), try frame(i, "remote"))
      XCTAssertEqual(l.columnNames.suffix(metrics.isEmpty ? 5 : 9).first, "orders", by)
      XCTAssertGreaterThan(l.rowCount, by.contains("by") ? 12 : 0, by)
      try assertSameTable(l, r)
    }
  }

  /// Spark's Arrow types on the way back: long, double, string, timestamp, boolean, date,
  /// decimal, with nulls, through the reader into a frame.
  func testSparkTypesComeBackAsFrameTypes() throws {
    let i = try interpreter()
    let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
    run(i, "connect spark \"\(address!)\"")
    run(i, """
      let t = spark load "\(csv)" | where InvoiceNo == "536370" | derive big = Quantity > 12, \
      price2 = round(UnitPrice, 1), y = year(InvoiceDate) | sort StockCode | head 3 | collect
      """)
    let t = try frame(i, "t")
    XCTAssertEqual(t.rowCount, 3)
    XCTAssertEqual(t.column(named: "InvoiceDate")?.type, .datetime)
    XCTAssertEqual(t.column(named: "InvoiceDate")?[0], .datetime(1_291_193_100))  // 2010-12-01 08:45:00
    XCTAssertEqual(t.column(named: "Quantity")?.type, .int)
    XCTAssertEqual(t.column(named: "big")?.type, .bool)
    XCTAssertEqual(t.column(named: "y")?[0], .int(2010))
    XCTAssertEqual(t.column(named: "Country")?[0], .string("France"))
  }

  func testAServerErrorIsShownAndTheSessionStaysUsable() throws {
    let i = try interpreter()
    run(i, "connect spark \"\(address!)\"")
    let bad = i.execute("spark load \"/no/such/file.csv\" | collect")
    XCTAssertEqual(bad.status, .error)
    XCTAssertTrue(bad.errorMessage?.hasPrefix("Spark at \(address!):") ?? false, bad.errorMessage ?? "")
    let outcome = run(i, "spark load \"\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv\" | count")
    XCTAssertEqual(outcome.output, "46431")
  }

  /// ShopLab's plan tree, then Spark's own plans for the same relation.
  func testExplainShowsBothPlans() throws {
    let i = try interpreter()
    run(i, "connect spark \"\(address!)\"")
    let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
    let out = run(i, "spark load \"\(csv)\" | where Quantity > 0 | group by Country | agg n = count() | explain").output
    XCTAssertTrue(out.hasPrefix("ShopLab plan:\n  Aggregate [Country] [count(1) AS n]\n    Filter (Quantity > 0)\n"), out)
    XCTAssertTrue(out.contains("== Optimized Logical Plan =="), out)
    XCTAssertTrue(out.contains("HashAggregate(keys=[Country#"), out)
  }

  /// Ctrl-C (the REPL's SIGINT handler requests `Cancellation`) during a slow remote run:
  /// the operation is interrupted on the server (Interrupt with its operation id), the
  /// command ends with "interrupted" within seconds, and the same session runs the next one.
  func testCtrlCInterruptsTheRemoteOperationAndTheSessionGoesOn() throws {
    let i = try interpreter()
    let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
    run(i, "connect spark \"\(address!)\"")
    run(i, "let a = spark load \"\(csv)\"")
    // Every pair of lines of the same country (about 250 million rows), then the distinct
    // products paired with each invoice: minutes on two cores.
    let started = Date()
    let pressed = Mutex<Date?>(nil)
    let ctrlC = DispatchWorkItem {
      pressed.withLock { $0 = Date() }
      Cancellation.shared.request()
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + 6, execute: ctrlC)
    let outcome = i.execute("a | join a on Country | group by InvoiceNo | agg n = nunique(StockCode_right) | count")
    let ended = Date()
    ctrlC.cancel()
    Cancellation.shared.reset()
    XCTAssertEqual(outcome.status, .cancelled, outcome.output)
    XCTAssertEqual(outcome.errorMessage, "interrupted")
    let at = try XCTUnwrap(pressed.withLock { $0 }, "finished before Ctrl-C, in \(ended.timeIntervalSince(started)) s")
    XCTAssertLessThan(ended.timeIntervalSince(at), 10, "the interrupt took too long")
    XCTAssertEqual(run(i, "a | count").output, "46431")
  }

  /// Spark streams its execution progress (stages and tasks) while a plan runs; the client
  /// hands it to the progress bar.
  func testSparkStreamsExecutionProgress() throws {
    #if Spark
      let tables = SparkConnectTables()
      _ = try tables.connect(address: address, token: nil)
      defer { tables.disconnect() }
      let csv = "\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv"
      let lines = SparkRelation.files(format: "csv", paths: [csv], options: ["header": "true", "inferSchema": "true"])
      let pairs = SparkRelation.aggregate(
        .join(lines, .project(lines, [.column("Country"), .alias(.column("Quantity"), "q2")]), kind: .inner, using: ["Country"]),
        keys: [], aggregates: [.alias(.function("count", [.literal(.long(1))]), "n")])
      let reports = Mutex<[RemoteProgress]>([])
      // At most 20 s: the run is interrupted then (the timer must not outlive the test).
      let stop = DispatchWorkItem { Cancellation.shared.request() }
      DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: stop)
      _ = try? tables.collect(pairs) { p in reports.withLock { $0.append(p) } }
      stop.cancel()
      Cancellation.shared.reset()
      let seen = reports.withLock { $0 }
      XCTAssertFalse(seen.isEmpty, "no execution progress in 20 s")
      XCTAssertGreaterThan(seen.last?.tasks ?? 0, 0)
      XCTAssertGreaterThan(seen.last?.stages ?? 0, 0)
    #endif
  }

  /// `use_ssl=true` makes the client speak TLS: against this plaintext server the handshake
  /// fails, and the error names the address (with any token masked).
  func testUseSSLSpeaksTLS() throws {
    let i = try interpreter()
    let outcome = i.execute("connect spark \"\(address!)/;use_ssl=true;token=s3cr3t\"")
    XCTAssertEqual(outcome.status, .error)
    XCTAssertEqual(outcome.errorMessage, "cannot reach the Spark Connect server at \(address!)/;use_ssl=true;token=***")
    XCTAssertFalse(outcome.errorRendered?.contains("s3cr3t") ?? true, outcome.errorRendered ?? "")
    run(i, "connect spark \"\(address!)/;use_ssl=false\"")
  }

  func testAnUnreachableServerNamesTheAddress() throws {
    let i = try interpreter()
    let outcome = i.execute("connect spark \"sc://127.0.0.1:9\"")
    XCTAssertEqual(outcome.status, .error)
    XCTAssertEqual(outcome.errorMessage, "cannot reach the Spark Connect server at sc://127.0.0.1:9")
  }
}
