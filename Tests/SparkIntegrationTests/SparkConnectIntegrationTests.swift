import Foundation
import ShopFrames
import ShopRuntime
import ShopSpark
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

  func testAnUnreachableServerNamesTheAddress() throws {
    let i = try interpreter()
    let outcome = i.execute("connect spark \"sc://127.0.0.1:9\"")
    XCTAssertEqual(outcome.status, .error)
    XCTAssertEqual(outcome.errorMessage, "cannot reach the Spark Connect server at sc://127.0.0.1:9")
  }
}
