import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// Figures on the real non-UK slice of UCI Online Retail, each computed independently with
/// python3's csv module (the one-liner is next to the number). Load:
///   r=list(csv.DictReader(open('online_retail_non_uk.csv')))
final class RetailDataTests: XCTestCase {
  var frame: Frame { RetailFixture.frame }
  let revenue = bin(.multiply, col("Quantity"), col("UnitPrice"))

  override func setUpWithError() throws {
    if frame.rowCount == 0 { throw MissingTestData(path: RetailFixture.path) }
  }

  func testShape() {
    XCTAssertEqual(frame.rowCount, 46_431)  // len(r)
  }

  func testRevenueByCountry() throws {
    let out = try frame.groupBy(
      refs("Country"),
      aggregations: [
        agg("n", "count", nil), agg("revenue", "sum", revenue),
        agg("customers", "nunique", col("CustomerID")),
      ])
    // len({x['Country'] for x in r}) -> 37; first in file order: France, Australia, Netherlands
    XCTAssertEqual(out.rowCount, 37)
    XCTAssertEqual(
      out.values("Country").prefix(3),
      [.string("France"), .string("Australia"), .string("Netherlands")])
    // rev[c] += int(Quantity)*float(UnitPrice); n[c] += 1; cust[c].add(CustomerID) if CustomerID
    let expected: [String: (Double, Int64, Int64)] = [
      "Germany": (221698.20999999862, 9495, 95), "France": (197403.90000000002, 8557, 87),
      "EIRE": (263276.81999999826, 8196, 3), "Netherlands": (284661.54000000015, 2371, 9),
      "Australia": (137077.26999999973, 1259, 9),
    ]
    let countries = out.values("Country")
    for (country, (rev, n, customers)) in expected {
      guard let i = countries.firstIndex(of: .string(country)) else { return XCTFail(country) }
      assertClose(out.values("revenue")[i].doubleValue ?? 0, rev, tolerance: 1e-9)
      XCTAssertEqual(out.values("n")[i], .int(n), country)
      XCTAssertEqual(out.values("customers")[i], .int(customers), country)
    }
    // sum(int(x['Quantity'])*float(x['UnitPrice']) for x in r) -> 1559941.5699999968
    let total = try frame.groupBy([], aggregations: [agg("revenue", "sum", revenue)])
    assertClose(total.values("revenue")[0].doubleValue ?? 0, 1559941.5699999968, tolerance: 1e-9)
  }

  func testDistinctInvoicesAndCleaningCounts() throws {
    XCTAssertEqual(try frame.distinct(refs("InvoiceNo")).rowCount, 2406)  // len({x['InvoiceNo'] for x in r})
    // len(r) - len({tuple(x.values()) for x in r}) -> 90
    XCTAssertEqual(try frame.dedupe().summary, "dedupe: removed 90 of 46,431 rows")
    // sum(1 for x in r if not x['CustomerID']) -> 1480
    XCTAssertEqual(
      try frame.dropMissing(refs("CustomerID")).summary,
      "drop missing CustomerID: removed 1,480 of 46,431 rows")
    // sum(1 for x in r if int(x['Quantity']) <= 0) -> 1432
    let check = try frame.check(
      bin(.greater, col("Quantity"), lit(Int64(0))), ruleText: "Quantity > 0", drop: true)
    XCTAssertEqual(check.summary, "check Quantity > 0: 1,432 of 46,431 rows violate, dropped")
    XCTAssertEqual(check.frame.rowCount, 46_431 - 1432)
  }

  func testMedianAndStdForGermany() throws {
    let germany = try frame.filter(bin(.equal, col("Country"), lit("Germany")))
    let out = try germany.groupBy(
      [],
      aggregations: [
        agg("med", "median", col("UnitPrice")), agg("sd", "std", col("Quantity")),
      ])
    // g=[x for x in r if x['Country']=='Germany']; statistics.median(float UnitPrice) -> 1.95;
    // statistics.stdev(int Quantity) -> 17.865718557895136
    XCTAssertEqual(out.values("med"), [.float(1.95)])
    assertClose(out.values("sd")[0].doubleValue ?? 0, 17.865718557895136, tolerance: 1e-12)
  }

  func testMonthlyRevenueAndFreq() throws {
    let monthly = try frame.resample(
      ref("InvoiceDate"), every: .month, aggregations: [agg("revenue", "sum", revenue)])
    XCTAssertEqual(monthly.rowCount, 13)  // 2010-12 .. 2011-12
    // m[x['InvoiceDate'][:7]] += Quantity*UnitPrice -> 2010-12: 72214.39999999998, 2011-01: 125691.95999999932
    assertClose(monthly.values("revenue")[0].doubleValue ?? 0, 72214.39999999998, tolerance: 1e-9)
    assertClose(monthly.values("revenue")[1].doubleValue ?? 0, 125691.95999999932, tolerance: 1e-9)
    let byMonth = try frame.derive([(name: "m", expr: fn("month_start", col("InvoiceDate")))])
      .groupBy(refs("m"), aggregations: [agg("revenue", "sum", revenue)])
    assertClose(byMonth.values("revenue")[1].doubleValue ?? 0, 125691.95999999932, tolerance: 1e-9)
    // collections.Counter(x['Country'] for x in r).most_common(3)
    // -> [('Germany', 9495), ('France', 8557), ('EIRE', 8196)]
    let top = try frame.freq(ref("Country"), limit: 3)
    XCTAssertEqual(top.values("Country"), [.string("Germany"), .string("France"), .string("EIRE")])
    XCTAssertEqual(top.values("count"), [.int(9495), .int(8557), .int(8196)])
    assertClose(top.values("percent")[0].doubleValue ?? 0, 9495.0 / 46431 * 100)
  }

  func testJoinInvoiceTotalsBack() throws {
    let invoices = try frame.groupBy(
      refs("InvoiceNo"), aggregations: [agg("invoice_total", "sum", revenue)])
    let joined = try frame.join(invoices, on: refs("InvoiceNo"), kind: .left)
    XCTAssertEqual(joined.rowCount, 46_431)
    XCTAssertEqual(joined.column(named: "invoice_total")?.nullCount, 0)
    let totals = try joined.groupBy([], aggregations: [agg("s", "sum", col("invoice_total"))])
    XCTAssertGreaterThan(totals.values("s")[0].doubleValue ?? 0, 0)
  }

  func testDescribeOnRealData() {
    let d = frame.describe()
    XCTAssertEqual(d.rowCount, 8)
    let names = d.values("column")
    guard let c = names.firstIndex(of: .string("Country")),
      let id = names.firstIndex(of: .string("CustomerID"))
    else {
      return XCTFail()
    }
    XCTAssertEqual(d.values("top")[c], .string("Germany (9,495)"))
    XCTAssertEqual(d.values("nulls")[id], .int(1480))
    XCTAssertEqual(d.values("unique")[c], .int(37))
  }
}
