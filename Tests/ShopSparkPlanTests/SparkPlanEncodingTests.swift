import Foundation
import ShopTestSupport
import XCTest

@testable import ShopSparkPlan

/// Plans encoded by hand, compared byte for byte with pyspark's generated protobuf classes
/// encoding the same plans (Fixtures/make_fixtures.py builds each with pyspark.sql.connect.proto).
final class SparkPlanEncodingTests: XCTestCase {
  private func reference(_ name: String) throws -> String {
    let path = "\(repositoryRoot)/Tests/ShopSparkPlanTests/Fixtures/plans.json"
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    return try XCTUnwrap((json as? [String: String])?[name], "no fixture \(name)")
  }

  private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
  }

  private func col(_ name: String) -> SparkExpression { .column(name) }
  private func fn(_ name: String, _ args: SparkExpression..., distinct: Bool = false) -> SparkExpression {
    .function(name, args, distinct: distinct)
  }

  static let csvPipeline: SparkRelation = {
    let csv = SparkRelation.files(
      format: "csv", paths: ["/data/online_retail.csv"], options: ["inferSchema": "true", "header": "true"])
    let positive = SparkRelation.filter(csv, .function(">", [.column("Quantity"), .literal(.long(0))]))
    let withRevenue = SparkRelation.withColumns(
      positive, [("revenue", .function("*", [.column("Quantity"), .column("UnitPrice")]))])
    func agg(_ f: String, _ c: SparkExpression, _ name: String, distinct: Bool = false) -> SparkExpression {
      .alias(.function(f, [c], distinct: distinct), name)
    }
    let grouped = SparkRelation.aggregate(
      withRevenue, keys: [.column("Country")],
      aggregates: [
        agg("sum", .column("revenue"), "revenue"), agg("avg", .column("revenue"), "mean_revenue"),
        agg("min", .column("UnitPrice"), "cheapest"), agg("max", .column("UnitPrice"), "dearest"),
        agg("median", .column("Quantity"), "median_quantity"),
        agg("count", .column("InvoiceNo"), "orders", distinct: true), agg("count", .literal(.long(1)), "lines"),
      ])
    let sorted = SparkRelation.sort(
      grouped, [SparkSortKey(.column("revenue"), descending: true), SparkSortKey(.column("Country"))])
    return .limit(sorted, 10)
  }()

  func testReadFilterDeriveAggregateSortLimitMatchesPyspark() throws {
    XCTAssertEqual(hex(Self.csvPipeline.planBytes), try reference("csv_pipeline"))
  }

  func testNamedTableProjectAliasDistinctMatchesPyspark() throws {
    let plan = SparkRelation.distinct(
      .project(.table("shop.events"), [col("customer_id"), .alias(col("event type"), "kind")]))
    XCTAssertEqual(hex(plan.planBytes), try reference("table_project_distinct"))
  }

  /// Every literal kind, operators as Spark's function names, and quoting of odd names.
  func testLiteralsOperatorsAndQuotedNamesMatchPyspark() throws {
    let condition = fn(
      "or",
      fn("and", fn("not", fn("==", col("odd`name"), .literal(.string("it's")))),
         fn("in", col("n"), .literal(.long(-3)), .literal(.double(2.5)))),
      fn("and", fn("<=", fn("negative", col("x")), .literal(.null)),
         fn(">=", col("at"), .literal(.timestampNTZ(1_293_840_000_000_000)))))
    XCTAssertEqual(hex(SparkRelation.filter(.table("shop.events"), condition).planBytes), try reference("literals_and_operators"))
    let flag = SparkRelation.filter(.table("shop.events"), fn("==", col("flag"), .literal(.bool(false))))
    XCTAssertEqual(hex(flag.planBytes), try reference("false_literal"))
  }

  func testVarintsOfEveryLengthAndNegativeNumbers() {
    var w = ProtoWriter()
    w.int(1, 0)
    w.int(1, 127)
    w.int(1, 128)
    w.int(1, 300)
    w.int(1, -1)
    XCTAssertEqual(
      hex(w.bytes), "0800" + "087f" + "088001" + "08ac02" + "08ffffffffffffffffff01")
  }

  func testTheExplainTreeShowsEachRelationOverItsInput() {
    XCTAssertEqual(
      Self.csvPipeline.treeDescription,
      """
      Limit 10
        Sort [revenue DESC NULLS LAST, Country ASC NULLS LAST]
          Aggregate [Country] [sum(revenue) AS revenue, avg(revenue) AS mean_revenue, min(UnitPrice) AS cheapest, \
      max(UnitPrice) AS dearest, median(Quantity) AS median_quantity, count(DISTINCT InvoiceNo) AS orders, \
      count(1) AS lines]
            WithColumns [(Quantity * UnitPrice) AS revenue]
              Filter (Quantity > 0)
                Read csv /data/online_retail.csv (header=true, inferSchema=true)
      """)
  }

  /// `resample … by week`: date_trunc buckets, the full run of weeks from sequence(), the
  /// aggregates left-joined onto it with counts 0 in empty weeks, sorted.
  static let weekly: SparkRelation = {
    guard case .limit(.sort(.aggregate(let withRevenue, _, _), _), _) = csvPipeline else { fatalError("csvPipeline changed") }
    return SparkRelation.resample(
      withRevenue, time: "InvoiceDate", by: .week,
      aggregates: [
        .alias(.function("count", [.column("InvoiceNo")], distinct: true), "orders"),
        .alias(.function("sum", [.column("revenue")]), "revenue"),
        .alias(.function("count", [.literal(.long(1))]), "lines"),
      ],
      zeroFilled: ["orders", "lines"])
  }()

  func testResampleMatchesPyspark() throws {
    XCTAssertEqual(hex(Self.weekly.planBytes), try reference("resample_week"))
  }

  func testIntervalLiteralsMatchPyspark() throws {
    let plan = SparkRelation.project(
      .table("shop.events"),
      [.literal(.interval(months: 1, days: 0, microseconds: 0)), .literal(.interval(months: -3, days: 2, microseconds: 5))])
    XCTAssertEqual(hex(plan.planBytes), try reference("interval_literals"))
  }

  func testJoinsOfEveryKindMatchPyspark() throws {
    for (kind, name) in [(SparkJoinKind.inner, "inner"), (.left, "left"), (.leftAnti, "anti")] {
      let plan = SparkRelation.join(.table("shop.events"), .table("shop.customers"), kind: kind, using: ["customer_id", "Country"])
      XCTAssertEqual(hex(plan.planBytes), try reference("join_\(name)"), name)
    }
  }

  func testTheExplainTreeShowsBothInputsOfAJoin() {
    XCTAssertEqual(
      SparkRelation.join(.filter(.table("shop.events"), .function("isnotnull", [.column("x")])), .table("shop.customers"),
                         kind: .left, using: ["customer_id"]).treeDescription,
      """
      Join left using [customer_id]
        Filter isnotnull(x)
          Read table shop.events
        Read table shop.customers
      """)
  }

  /// kpi orders, gmv, aov, customers, repeat_rate, whole and by month (see make_fixtures.py's
  /// kpi_plan for the same plan written with pyspark's classes).
  func testKPIPlansMatchPyspark() throws {
    let csv = SparkRelation.files(
      format: "csv", paths: ["/data/online_retail.csv"], options: ["inferSchema": "true", "header": "true"])
    let columns = SparkRelation.KPIColumns(
      order: "InvoiceNo", customer: "CustomerID", quantity: "Quantity",
      amount: .function("*", [.column("Quantity"), .column("UnitPrice")]))
    let metrics = ["orders", "gmv", "aov", "customers", "repeat_rate"]
    XCTAssertEqual(hex(SparkRelation.kpi(csv, columns, metrics: metrics, by: .none).planBytes), try reference("kpi_whole"))
    XCTAssertEqual(
      hex(SparkRelation.kpi(csv, columns, metrics: metrics, by: .period(time: "InvoiceDate", unit: .month)).planBytes),
      try reference("kpi_by_month"))
    let every = ["orders", "gmv", "revenue", "aov", "customers", "repeat_rate", "frequency", "items_per_order", "cancel_rate"]
    XCTAssertEqual(
      hex(SparkRelation.kpi(csv, columns, metrics: every, by: .period(time: "InvoiceDate", unit: .month), net: true).planBytes),
      try reference("kpi_every_metric_net_by_month"))
    XCTAssertEqual(hex(SparkRelation.kpi(csv, columns, metrics: every, by: .none).planBytes), try reference("kpi_every_metric_gross"))
  }

  /// cohort's counts, first/nday and recurring/unbounded (make_fixtures.py's cohort_plan).
  func testCohortPlansMatchPyspark() throws {
    let csv = SparkRelation.files(
      format: "csv", paths: ["/data/online_retail.csv"], options: ["inferSchema": "true", "header": "true"])
    func plan(_ recurring: Bool, _ unbounded: Bool) -> String {
      hex(
        SparkRelation.cohortCounts(
          csv, customer: "CustomerID", time: "InvoiceDate", sale: fn(">", col("Quantity"), .literal(.long(0))), unit: .week,
          recurring: recurring, unbounded: unbounded
        ).planBytes)
    }
    XCTAssertEqual(plan(false, false), try reference("cohort_week_first_nday"))
    XCTAssertEqual(plan(true, true), try reference("cohort_week_recurring_unbounded"))
  }

  /// A join with the local join's columns (make_fixtures.py's local_join).
  func testJoinWithLocalColumnsMatchesPyspark() throws {
    let csv = SparkRelation.files(
      format: "csv", paths: ["/data/online_retail.csv"], options: ["inferSchema": "true", "header": "true"])
    let plan = SparkRelation.join(
      csv, leftColumns: ["InvoiceNo", "Quantity", "Country"], .table("shop.orders"),
      rightColumns: [("Quantity", "Quantity_right"), ("segment", "segment")], kind: .left, using: ["Country"])
    XCTAssertEqual(hex(plan.planBytes), try reference("join_with_local_columns"))
  }
}
