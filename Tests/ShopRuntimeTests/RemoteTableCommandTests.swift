import Foundation
import ShopFrames
import ShopSparkPlan
import ShopTestSupport
import Synchronization
import XCTest

@testable import ShopRuntime

/// A Spark stand-in: records the plans it is asked to run and answers with a fixed table,
/// or fails to connect. What the real server does with a plan is tested by the Spark
/// integration tests (scripts/spark-tests.sh); here, what the language builds and sends.
final class RecordingRemoteTables: RemoteTables, @unchecked Sendable {
  let answer: @Sendable (SparkRelation) -> Frame
  let refuse: Bool
  private let lock = Mutex<[SparkRelation]>([])
  var plans: [SparkRelation] { lock.withLock { $0 } }

  init(result: Frame, refuse: Bool = false) {
    self.answer = { _ in result }
    self.refuse = refuse
  }

  /// Answers each plan with `answer(plan)`: a schema for a `Limit 0`, counts for the rest.
  init(answer: @escaping @Sendable (SparkRelation) -> Frame) {
    self.answer = answer
    self.refuse = false
  }

  struct Unreachable: Error, CustomStringConvertible {
    var address: String
    var description: String { "cannot reach the Spark Connect server at \(address)" }
  }

  func connect(address: String, token: String?) throws -> String {
    if refuse { throw Unreachable(address: address) }
    return "connected to \(address)"
  }
  func disconnect() {}
  func collect(_ plan: SparkRelation) throws -> Frame {
    lock.withLock { $0.append(plan) }
    return answer(plan)
  }
  func explain(_ plan: SparkRelation) throws -> String { "== Physical Plan ==" }
}

final class RemoteTableCommandTests: XCTestCase {
  private let threeRows = Frame(columns: [
    Column(name: "Country", scalars: [.string("France"), .string("Germany"), .string("Spain")])
  ])

  private func connected(_ engine: RecordingRemoteTables) throws -> RuntimeFixture {
    RemoteBackends.register("spark") { engine }
    let fixture = try RuntimeFixture()
    XCTAssertEqual(fixture.output("connect spark \"sc://127.0.0.1:15002\""), "connected to sc://127.0.0.1:15002")
    return fixture
  }

  /// The verbs build one plan; nothing is sent until collect, which adds the row limit + 1.
  func testThePipelineVerbsBuildTheSparkPlanAndCollectSendsItOnce() throws {
    let engine = RecordingRemoteTables(result: threeRows)
    let fixture = try connected(engine)
    fixture.output(
      """
      let sales = spark load "/data/online_retail.csv" | where Quantity > 0 and Country != "United Kingdom" \
      | derive revenue = Quantity * UnitPrice | group by Country \
      | agg revenue = sum(revenue), orders = nunique(InvoiceNo), mean(UnitPrice), median(Quantity), lines = count() \
      | sort revenue desc | head 20
      """)
    XCTAssertTrue(engine.plans.isEmpty, "a remote table is lazy")
    let out = fixture.output("sales | collect limit 50")
    XCTAssertTrue(out.contains("Germany"), out)
    let expected = SparkRelation.limit(
      .limit(
        .sort(
          .aggregate(
            .withColumns(
              .filter(
                .files(format: "csv", paths: ["/data/online_retail.csv"], options: ["header": "true", "inferSchema": "true"]),
                .function("and", [
                  .function(">", [.column("Quantity"), .literal(.long(0))]),
                  .function("not", [.function("==", [.column("Country"), .literal(.string("United Kingdom"))])]),
                ])),
              [("revenue", .function("*", [.column("Quantity"), .column("UnitPrice")]))]),
            keys: [.column("Country")],
            aggregates: [
              .alias(.function("sum", [.column("revenue")]), "revenue"),
              .alias(.function("count", [.column("InvoiceNo")], distinct: true), "orders"),
              .alias(.function("avg", [.column("UnitPrice")]), "mean_UnitPrice"),
              .alias(.function("median", [.column("Quantity")]), "median_Quantity"),
              .alias(.function("count", [.literal(.long(1))]), "lines"),
            ]),
          [SparkSortKey(.column("revenue"), descending: true)]),
        20),
      51)
    XCTAssertEqual(engine.plans.count, 1)
    XCTAssertEqual(engine.plans.first?.planBytes, expected.planBytes)
  }

  /// resample and join build one plan each; counts and nunique are zero-filled, others not.
  func testResampleAndJoinBuildTheirSparkPlans() throws {
    func columns(_ names: String...) -> Frame { Frame(columns: names.map { Column(name: $0, scalars: [], type: .string) }) }
    let (orderColumns, customerColumns) = (
      columns("InvoiceNo", "Quantity", "Country", "CustomerID"), columns("CustomerID", "Quantity", "Country", "segment")
    )
    let rows = threeRows
    let engine = RecordingRemoteTables { plan in
      switch plan {
      case .limit(.table, 0): return customerColumns
      case .limit(_, 0): return orderColumns
      default: return rows
      }
    }
    let fixture = try connected(engine)
    fixture.output(
      """
      let orders = spark load "/data/o.csv"
      let people = spark table "shop.customers"
      let weekly = orders | resample InvoiceDate by month agg n = count(), u = nunique(CustomerID), s = sum(Quantity)
      orders | join left people on CustomerID, Country | collect
      weekly | collect
      """)
    let csv = SparkRelation.files(format: "csv", paths: ["/data/o.csv"], options: ["header": "true", "inferSchema": "true"])
    let resampled = SparkRelation.resample(
      csv, time: "InvoiceDate", by: .month,
      aggregates: [
        .alias(.function("count", [.literal(.long(1))]), "n"),
        .alias(.function("count", [.column("CustomerID")], distinct: true), "u"),
        .alias(.function("sum", [.column("Quantity")]), "s"),
      ],
      zeroFilled: ["n", "u"])
    // The local join's columns: the left's in order, then the right's non-key ones, a
    // clashing name with _right.
    let joined = SparkRelation.project(
      .join(
        csv,
        .project(.table("shop.customers"), [.column("CustomerID"), .column("Country"), .alias(.column("Quantity"), "Quantity_right"), .column("segment")]),
        kind: .left, using: ["CustomerID", "Country"]),
      ["InvoiceNo", "Quantity", "Country", "CustomerID", "Quantity_right", "segment"].map { .column($0) })
    XCTAssertEqual(
      engine.plans.map(\.planBytes),
      [SparkRelation.limit(csv, 0), .limit(.table("shop.customers"), 0), .limit(joined, 100_001), .limit(resampled, 100_001)]
        .map(\.planBytes))
    XCTAssertEqual(
      fixture.run("orders | join people on StockCode").errorMessage,
      "the left table has no column 'StockCode'; it has: InvoiceNo, Quantity, Country, CustomerID")
    XCTAssertEqual(
      fixture.run("orders | join anti people on CustomerID | collect").status, .ok)
    XCTAssertEqual(
      engine.plans.last?.planBytes,
      SparkRelation.limit(
        .project(
          .join(csv, .project(.table("shop.customers"), [
            .column("CustomerID"), .alias(.column("Quantity"), "Quantity_right"),
            .alias(.column("Country"), "Country_right"), .column("segment"),
          ]), kind: .leftAnti, using: ["CustomerID"]),
          ["InvoiceNo", "Quantity", "Country", "CustomerID"].map { .column($0) }),
        100_001).planBytes)
    let local = fixture.run("let t = load \"\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv\"\norders | join t on Country")
    XCTAssertEqual(local.status, .error)
    XCTAssertTrue(local.errorMessage?.contains("a local table cannot be sent to Spark") ?? false, local.errorMessage ?? "")
  }

  /// kpi asks for the schema (Limit 0), prints the local definition, and builds the KPI plan,
  /// for every metric and both bases.
  func testKPIFetchesTheSchemaPrintsTheLocalDefinitionAndBuildsThePlan() throws {
    let schema = Frame(columns: [
      Column(name: "InvoiceNo", scalars: [], type: .string), Column(name: "Quantity", data: .int([], .allValid)),
      Column(name: "InvoiceDate", data: .datetime([], .allValid)), Column(name: "UnitPrice", data: .float([], .allValid)),
      Column(name: "CustomerID", data: .int([], .allValid)),
    ])
    let engine = RecordingRemoteTables(result: schema)
    let fixture = try connected(engine)
    let out = fixture.output("let k = spark load \"/data/o.csv\" | kpi orders, aov by month")
    XCTAssertEqual(
      out,
      """
      roles: order InvoiceNo (inferred), customer CustomerID (inferred), amount Quantity * UnitPrice (inferred), \
      quantity Quantity (inferred), time InvoiceDate (inferred)
      definition: basis gross; orders = distinct orders with a sale line (Quantity > 0); aov = gmv / orders
      """)
    let csv = SparkRelation.files(format: "csv", paths: ["/data/o.csv"], options: ["header": "true", "inferSchema": "true"])
    XCTAssertEqual(engine.plans.map { $0.planBytes }, [SparkRelation.limit(csv, 0).planBytes])
    fixture.output("k | collect")
    let expected = SparkRelation.kpi(
      csv,
      .init(order: "InvoiceNo", customer: "CustomerID", quantity: "Quantity",
            amount: .function("*", [.column("Quantity"), .column("UnitPrice")])),
      metrics: ["orders", "aov"], by: .period(time: "InvoiceDate", unit: .month))
    XCTAssertEqual(engine.plans.last?.planBytes, SparkRelation.limit(expected, 100_001).planBytes)
    // The other metrics and the net basis run there too, with the local definition.
    let net = fixture.output("let n = spark load \"/data/o.csv\" | kpi revenue, items_per_order, cancel_rate, frequency net")
    XCTAssertTrue(
      net.hasSuffix(
        "definition: basis net; revenue = sum of Quantity * UnitPrice over all lines, net of cancellations and returns; "
          + "items_per_order = sum of Quantity over all lines / orders; "
          + "cancel_rate = cancellation orders (only negative lines) / (orders + cancellation orders); "
          + "frequency = orders of known customers / customers"), net)
    fixture.output("n | collect")
    let netPlan = SparkRelation.kpi(
      csv,
      .init(order: "InvoiceNo", customer: "CustomerID", quantity: "Quantity",
            amount: .function("*", [.column("Quantity"), .column("UnitPrice")])),
      metrics: ["revenue", "items_per_order", "cancel_rate", "frequency"], by: .none, net: true)
    XCTAssertEqual(engine.plans.last?.planBytes, SparkRelation.limit(netPlan, 100_001).planBytes)
  }

  /// Spark does not net a refund column yet: net money over a table with one is refused,
  /// rather than a revenue that differs from the local one; gross, and net after
  /// 'roles refund none', run as before.
  func testKPINetOverARefundColumnIsRefusedOnSpark() throws {
    let schema = Frame(columns: [
      Column(name: "InvoiceNo", scalars: [], type: .string), Column(name: "Quantity", data: .int([], .allValid)),
      Column(name: "UnitPrice", data: .float([], .allValid)), Column(name: "Refunded Amount", data: .float([], .allValid)),
    ])
    let fixture = try connected(RecordingRemoteTables(result: schema))
    let refused = fixture.run("spark load \"/data/o.csv\" | kpi revenue net")
    XCTAssertEqual(
      refused.errorMessage,
      "kpi net on Spark does not subtract the refund column 'Refunded Amount' yet; collect the table first, "
        + "or say 'roles refund none' to net by the return lines only")
    fixture.output("let g = spark load \"/data/o.csv\" | kpi revenue, aov")
    fixture.output("let c = spark load \"/data/o.csv\" | kpi orders, cancel_rate net")  // no money: no refunds
    fixture.output("roles refund none")
    let net = fixture.output("let n = spark load \"/data/o.csv\" | kpi revenue net")
    XCTAssertTrue(net.hasSuffix("definition: basis net; revenue = sum of Quantity * UnitPrice over all lines, net of cancellations and returns"), net)
  }

  /// cohort asks for the schema, sends the cohort-counts plan, and builds the triangle and
  /// the definition locally (the values from counts: CohortCountsTests; against Spark: the
  /// integration tests). It runs at once and binds a local table.
  func testCohortSendsTheCountsPlanAndBuildsTheTriangleLocally() throws {
    let schema = Frame(columns: [
      Column(name: "InvoiceNo", scalars: [], type: .string), Column(name: "Quantity", data: .int([], .allValid)),
      Column(name: "InvoiceDate", data: .datetime([], .allValid)), Column(name: "CustomerID", data: .int([], .allValid)),
    ])
    let (jan, feb, mar): (Int64, Int64, Int64) = (1_293_840_000, 1_296_518_400, 1_298_937_600)
    let counted = Frame(columns: [
      Column(name: "first", data: .datetime([jan, jan, jan], .allValid)),
      Column(name: "last", data: .datetime([mar, mar, mar], .allValid)),
      Column(name: "start", data: .datetime([jan, jan, feb], .allValid)),
      Column(name: "at", data: .datetime([jan, mar, feb], .allValid)),
      Column(name: "customers", data: .int([5, 2, 3], .allValid)),
    ])
    let engine = RecordingRemoteTables { plan in
      if case .limit(_, 0) = plan { return schema }
      return counted
    }
    let fixture = try connected(engine)
    let out = fixture.output("let c = spark load \"/data/o.csv\" | cohort by month counts")
    XCTAssertEqual(
      out.split(separator: "\n").filter { !$0.hasPrefix("c: ") }.joined(separator: "\n"),
      """
      roles: customer CustomerID (inferred), time InvoiceDate (inferred), quantity Quantity (inferred)
      definition: cohort = customers whose first purchase fell in the month; mk = count of them who purchased again \
      exactly k months later; a purchase = a sale line (Quantity > 0) of a known CustomerID
      """)
    let csv = SparkRelation.files(format: "csv", paths: ["/data/o.csv"], options: ["header": "true", "inferSchema": "true"])
    let plan = SparkRelation.cohortCounts(
      csv, customer: "CustomerID", time: "InvoiceDate", sale: .function(">", [.column("Quantity"), .literal(.long(0))]),
      unit: .month, recurring: false, unbounded: false)
    XCTAssertEqual(engine.plans.map(\.planBytes), [SparkRelation.limit(csv, 0).planBytes, plan.planBytes])
    guard case .frame(let c)? = fixture.session.bindings["c"] else { return XCTFail("c is not a local table") }
    XCTAssertEqual(c.columnNames, ["cohort", "customers", "m0", "m1", "m2"])
    XCTAssertEqual(c.column(named: "cohort")?[2], .datetime(mar))
    XCTAssertEqual((0..<3).map { c.column(named: "customers")![$0] }, [.int(5), .int(3), .int(0)])
    XCTAssertEqual((0..<3).map { c.column(named: "m1")![$0] }, [.int(0), .int(0), .null])
    XCTAssertEqual((0..<3).map { c.column(named: "m2")![$0] }, [.int(2), .null, .null])
    fixture.output("spark load \"/data/o.csv\" | cohort by week type recurring mode unbounded")
    let recurring = SparkRelation.cohortCounts(
      csv, customer: "CustomerID", time: "InvoiceDate", sale: .function(">", [.column("Quantity"), .literal(.long(0))]),
      unit: .week, recurring: true, unbounded: true)
    XCTAssertEqual(engine.plans.last?.planBytes, recurring.planBytes)
  }

  func testCollectRefusesMoreRowsThanTheLimit() throws {
    let fixture = try connected(RecordingRemoteTables(result: threeRows))
    let outcome = fixture.run("spark table \"shop.events\" | distinct Country | collect limit 2")
    XCTAssertEqual(outcome.status, .error)
    XCTAssertEqual(outcome.errorMessage, "the result has more than 2 rows; aggregate first, or raise it: collect limit N")
  }

  func testExplainShowsShopLabsPlanThenSparks() throws {
    let fixture = try connected(RecordingRemoteTables(result: threeRows))
    XCTAssertEqual(
      fixture.output("spark load \"events.parquet\" | select user, kind | distinct | explain"),
      """
      ShopLab plan:
        Deduplicate
          Project [user, kind]
            Read parquet events.parquet

      Spark:
      == Physical Plan ==
      """)
  }

  func testAnUnreachableServerIsAnErrorNamingTheAddressAndLeavesNoConnection() throws {
    RemoteBackends.register("spark") { RecordingRemoteTables(result: Frame.empty, refuse: true) }
    let fixture = try RuntimeFixture()
    let outcome = fixture.run("connect spark \"sc://127.0.0.1:1\"")
    XCTAssertEqual(outcome.status, .error)
    XCTAssertEqual(outcome.errorMessage, "cannot reach the Spark Connect server at sc://127.0.0.1:1")
    XCTAssertNil(fixture.session.remote)
    XCTAssertEqual(
      fixture.run("spark load \"x.csv\" | collect").errorMessage,
      "not connected to Spark; first: connect spark \"sc://HOST:15002\"")
  }

  func testAFunctionSparkLacksIsRefusedByName() throws {
    let fixture = try connected(RecordingRemoteTables(result: threeRows))
    let outcome = fixture.run("spark load \"x.csv\" | derive w = week_start(InvoiceDate)")
    XCTAssertEqual(outcome.status, .error)
    XCTAssertEqual(outcome.errorMessage, "'week_start' does not run on Spark yet; collect first, then use it locally")
  }
}

final class TokenMaskTests: XCTestCase {
  func testATokenIsMaskedAndTheRestKept() {
    XCTAssertEqual(
      TokenMask.masked("connect spark \"sc://h:15002\" token \"s3cr3t\" # tokens"),
      "connect spark \"sc://h:15002\" token \"***\" # tokens")
    XCTAssertEqual(TokenMask.masked("orders | where tokenised == 1"), "orders | where tokenised == 1")
  }

  func testTheStoreNeverSeesTheToken() throws {
    RemoteBackends.register("spark") { RecordingRemoteTables(result: Frame.empty) }
    let fixture = try RuntimeFixture()
    fixture.output("connect spark \"sc://127.0.0.1:15002\" token \"s3cr3t\"")
    let history = try fixture.store.commands(session: fixture.session.sessionID).map(\.text).joined(separator: "\n")
    XCTAssertFalse(history.contains("s3cr3t"), history)
    XCTAssertTrue(history.contains("token \"***\""), history)
  }
}
