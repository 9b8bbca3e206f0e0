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
  let result: Frame
  let refuse: Bool
  private let lock = Mutex<[SparkRelation]>([])
  var plans: [SparkRelation] { lock.withLock { $0 } }

  init(result: Frame, refuse: Bool = false) {
    self.result = result
    self.refuse = refuse
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
    return result
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
    let engine = RecordingRemoteTables(result: threeRows)
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
    let joined = SparkRelation.join(csv, .table("shop.customers"), kind: .left, using: ["CustomerID", "Country"])
    XCTAssertEqual(engine.plans.map(\.planBytes), [joined, resampled].map { SparkRelation.limit($0, 100_001).planBytes })
    let local = fixture.run("let t = load \"\(repositoryRoot)/data/online-retail/online_retail_non_uk.csv\"\norders | join t on Country")
    XCTAssertEqual(local.status, .error)
    XCTAssertTrue(local.errorMessage?.contains("a local table cannot be sent to Spark") ?? false, local.errorMessage ?? "")
  }

  /// kpi asks for the schema (Limit 0), prints the local definition, and builds the KPI plan;
  /// metrics and bases Spark does not run are refused by name.
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
    XCTAssertEqual(
      fixture.run("spark load \"/data/o.csv\" | kpi cancel_rate").errorMessage,
      "'cancel_rate' does not run on Spark yet (there: aov, customers, gmv, orders, repeat_rate); collect first, then use it locally")
    XCTAssertNotEqual(fixture.run("spark load \"/data/o.csv\" | kpi net").status, .ok)
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
