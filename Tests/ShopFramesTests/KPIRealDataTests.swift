import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// KPIs on the real datasets, each number pinned against an independent computation in
/// plain Python (the command is in the comment beside the number; the scripts live in
/// bench/kpi/ and docs/kpis.md). Paths are in the ../shared/data layout; the files the
/// repository ships are read from data/ (see `testDataPath`).
final class KPIRealDataTests: XCTestCase {
  static func load(_ path: String) throws -> Frame {
    try CSVReader.load(try testDataPath(path)).frame
  }

  /// The whole Online Retail table (541,909 rows from 13 monthly gzip files), loaded once.
  static let fullRetail = Result { try load("uci-online-retail/monthly/*.csv.gz") }
  static let nonUK = Result { try load("uci-online-retail/online_retail_non_uk.csv") }

  func number(_ f: Frame, _ column: String, row: Int = 0, file: StaticString = #filePath, line: UInt = #line) -> Double {
    guard let c = f.column(named: column), row < c.count, let v = c[row].doubleValue else {
      XCTFail("no number in \(column)[\(row)] of \(f.columnNames)", file: file, line: line)
      return .nan
    }
    return v
  }

  // MARK: Online Retail

  func testFullOnlineRetailKPIsGrossAndNet() throws {
    let orders = try Self.fullRetail.get()
    XCTAssertEqual(orders.rowCount, 541_909)
    let roles = ShopRoles().resolved(for: orders)
    XCTAssertEqual(roles[.order], "InvoiceNo")
    XCTAssertEqual(roles[.customer], "CustomerID")
    XCTAssertEqual(roles[.time], "InvoiceDate")
    XCTAssertEqual(roles[.quantity], "Quantity")
    XCTAssertEqual(roles[.price], "UnitPrice")
    XCTAssertNil(roles[.amount])
    XCTAssertNil(roles[.refund])  // so net below is the return lines' alone, as pinned
    let all = KPIMetric.allCases
    let gross = try orders.kpi(all, roles: roles, basis: .gross).frame
    // python3 bench/kpi/reference_kpis.py "$DATA/uci-online-retail/monthly/*.csv.gz"
    XCTAssertEqual(number(gross, "orders"), 20_728)
    assertClose(number(gross, "gmv"), 10_644_560.424004026, tolerance: 1e-9)
    assertClose(number(gross, "revenue"), 10_644_560.424004026, tolerance: 1e-9)
    assertClose(number(gross, "aov"), 513.5353350059835, tolerance: 1e-9)
    XCTAssertEqual(number(gross, "customers"), 4_339)
    assertClose(number(gross, "repeat_rate"), 0.6556810324959668)
    assertClose(number(gross, "frequency"), 4.271952062687255)
    assertClose(number(gross, "items_per_order"), 273.1079216518719)
    assertClose(number(gross, "cancel_rate"), 0.1996911196911197)  // 5,172 cancellation orders
    let net = try orders.kpi(all, roles: roles, basis: .net).frame
    assertClose(number(net, "revenue"), 9_747_747.93400317, tolerance: 1e-9)
    assertClose(number(net, "aov"), 470.26958384808813, tolerance: 1e-9)
    assertClose(number(net, "items_per_order"), 249.73224623697413)
    assertClose(number(net, "gmv"), 10_644_560.424004026, tolerance: 1e-9)  // gmv is always gross
  }

  func testFullOnlineRetailByMonth() throws {
    let orders = try Self.fullRetail.get()
    let roles = ShopRoles().resolved(for: orders)
    let f = try orders.kpi([.orders, .gmv, .customers, .repeatRate], roles: roles, by: .period(.month)).frame
    XCTAssertEqual(f.rowCount, 13)
    XCTAssertEqual(f.values("month").first, .datetime(CivilTime.seconds(year: 2010, month: 12, day: 1)))
    // python3 bench/kpi/reference_kpis.py "$DATA/uci-online-retail/monthly/*.csv.gz" month
    XCTAssertEqual(number(f, "orders", row: 0), 1_629)  // 2010-12
    assertClose(number(f, "gmv", row: 0), 823_746.1399999646, tolerance: 1e-9)
    XCTAssertEqual(number(f, "customers", row: 0), 885)
    assertClose(number(f, "repeat_rate", row: 0), 0.29717514124293787)
    XCTAssertEqual(number(f, "orders", row: 11), 2_884)  // 2011-11
    assertClose(number(f, "gmv", row: 11), 1_509_496.329999743, tolerance: 1e-9)
    assertClose(number(f, "repeat_rate", row: 11), 0.32432432432432434)
    XCTAssertEqual(number(f, "orders", row: 12), 839)  // 2011-12
  }

  func testNonUKByCountry() throws {
    let orders = try Self.nonUK.get()
    let roles = ShopRoles().resolved(for: orders)
    let total = try orders.kpi([], roles: roles).frame
    // python3 bench/kpi/reference_kpis.py "$DATA/uci-online-retail/online_retail_non_uk.csv"
    XCTAssertEqual(number(total, "orders"), 1_942)
    assertClose(number(total, "gmv"), 1_641_462.4600000058, tolerance: 1e-9)
    assertClose(number(total, "aov"), 845.2432852729175, tolerance: 1e-9)
    XCTAssertEqual(number(total, "customers"), 418)
    assertClose(number(total, "repeat_rate"), 0.6578947368421053)
    let by = try orders.kpi([.orders, .gmv, .cancelRate], roles: roles, by: .column(ref("Country"))).frame
    XCTAssertEqual(by.rowCount, 37)
    let countries = by.values("Country")
    let germany = try XCTUnwrap(countries.firstIndex(of: .string("Germany")))
    // python3 bench/kpi/reference_kpis.py "$DATA/uci-online-retail/online_retail_non_uk.csv" Country | grep ^Germany
    XCTAssertEqual(number(by, "orders", row: germany), 457)
    assertClose(number(by, "gmv", row: germany), 228_867.13999999844, tolerance: 1e-9)
    assertClose(number(by, "cancel_rate", row: germany), 0.2421227197346600, tolerance: 1e-9)
  }

  func testNonUKCohortsAndRFM() throws {
    let orders = try Self.nonUK.get()
    let roles = ShopRoles().resolved(for: orders)
    // python3 bench/kpi/reference_customers.py "$DATA/uci-online-retail/online_retail_non_uk.csv" 2011-12-10
    let first = try orders.cohort(roles: roles, period: .month).frame
    XCTAssertEqual(first.values("customers").map(\.doubleValue), [70, 59, 40, 33, 23, 28, 28, 19, 28, 23, 34, 26, 7])
    assertClose(number(first, "m1"), 0.5)
    assertClose(number(first, "m3"), 0.514286, tolerance: 1e-6)
    assertClose(number(first, "m12"), 0.242857, tolerance: 1e-6)
    assertClose(number(first, "m1", row: 1), 0.271186, tolerance: 1e-6)
    XCTAssertEqual(first.values("m12")[1], .null)  // the triangle
    let unbounded = try orders.cohort(roles: roles, period: .month, mode: .unbounded).frame
    assertClose(number(unbounded, "m1"), 0.828571, tolerance: 1e-6)
    assertClose(number(unbounded, "m6", row: 1), 0.694915, tolerance: 1e-6)
    let recurring = try orders.cohort(roles: roles, period: .month, type: .recurring).frame
    XCTAssertEqual(recurring.values("customers").map(\.doubleValue), [70, 94, 79, 94, 72, 94, 102, 90, 101, 120, 134, 159, 55])
    assertClose(number(recurring, "m2", row: 1), 0.457447, tolerance: 1e-6)

    let rfm = try orders.rfm(roles: roles, at: CivilTime.seconds(year: 2011, month: 12, day: 10)).frame
    XCTAssertEqual(rfm.rowCount, 418)
    let ids = rfm.values("CustomerID")
    let i = try XCTUnwrap(ids.firstIndex(of: .int(12415)))
    XCTAssertEqual(rfm.values("recency_days")[i], .int(25))
    XCTAssertEqual(rfm.values("frequency")[i], .int(21))
    assertClose(number(rfm, "monetary", row: i), 123_725.45, tolerance: 1e-8)
    XCTAssertEqual(rfm.values("rfm")[i], .string("455"))
    XCTAssertEqual(rfm.values("segment")[i], .string("Loyal Customers"))
    var sizes: [String: Int] = [:]
    for s in rfm.values("segment") { if case .string(let v) = s { sizes[v, default: 0] += 1 } }
    XCTAssertEqual(
      sizes,
      [
        "About To Sleep": 43, "At Risk": 28, "Can't Lose Them": 1, "Champions": 53, "Hibernating": 77, "Lost": 62,
        "Loyal Customers": 78, "Need Attention": 10, "New Customers": 10, "Potential Loyalists": 42, "Promising": 14,
      ])
  }

  // MARK: Sessions and conversion

  func testOnlineShoppersConversion() throws {
    let sessions = try Self.load("uci-online-shoppers-intention/online_shoppers_intention.csv")
    let revenue = RowCondition(.column("Revenue"), text: "Revenue")
    // python3 -c "import csv; r=list(csv.DictReader(open('online_shoppers_intention.csv'))); print(len(r), sum(x['Revenue']=='TRUE' for x in r))"
    let all = try sessions.conversion(unit: nil, converted: revenue).frame
    XCTAssertEqual(all.values("units"), [.int(12_330)])
    XCTAssertEqual(all.values("converted"), [.int(1_908)])
    assertClose(number(all, "conversion_rate"), 0.15474452554744525)
    let byVisitor = try sessions.conversion(unit: nil, converted: revenue, by: ref("VisitorType")).frame
    let kinds = byVisitor.values("VisitorType")
    let newVisitor = try XCTUnwrap(kinds.firstIndex(of: .string("New_Visitor")))
    // same, grouped by VisitorType: New_Visitor 1,694 sessions, 422 converted
    XCTAssertEqual(byVisitor.values("units")[newVisitor], .int(1_694))
    assertClose(number(byVisitor, "conversion_rate", row: newVisitor), 0.24911452184179456)
    let byWeekend = try sessions.conversion(unit: nil, converted: revenue, by: ref("Weekend")).frame
    let weekend = try XCTUnwrap(byWeekend.values("Weekend").firstIndex(of: .bool(true)))
    assertClose(number(byWeekend, "conversion_rate", row: weekend), 0.17398884239888424)  // 499 / 2,868
    let byMonth = try sessions.conversion(unit: nil, converted: revenue, by: ref("Month")).frame
    let nov = try XCTUnwrap(byMonth.values("Month").firstIndex(of: .string("Nov")))
    XCTAssertEqual(byMonth.values("units")[nov], .int(2_998))
    XCTAssertEqual(byMonth.values("converted")[nov], .int(760))
  }

  /// Diginetica: the views sample and the purchases of the same sessions, as one event log.
  func digineticaEvents() throws -> Frame {
    let views = try Self.load("diginetica-sample/sample_train-item-views.csv")
      .derive([("event", lit("view"))]).select(refs("session_id", "timeframe", "event"))
    let purchases = try Self.load("diginetica-purchases/train-purchases.csv")
      .rename([(ref("sessionId"), "session_id")]).derive([("event", lit("purchase"))])
      .select(refs("session_id", "timeframe", "event"))
    return try views.union(purchases).derive([("t", bin(.divide, col("timeframe"), lit(Int64(1000))))])
  }

  func testDigineticaBounceConversionAndFunnel() throws {
    let events = try digineticaEvents()
    let isView = RowCondition(bin(.equal, col("event"), lit("view")), text: "event == \"view\"")
    let isPurchase = RowCondition(bin(.equal, col("event"), lit("purchase")), text: "event == \"purchase\"")
    let views = try events.filter(isView.expr)
    // python3: Counter(session_id) over sample_train-item-views.csv: 2,986 sessions, 933 with one view
    let bounce = try views.bounceRate(.singleEvent, session: ref("session_id")).frame
    XCTAssertEqual(bounce.values("sessions"), [.int(2_986)])
    XCTAssertEqual(bounce.values("bounces"), [.int(933)])
    // sessions of the views sample whose id is in train-purchases.csv: 138 / 2,986 = 4.62%
    let conv = try events.conversion(unit: ref("session_id"), converted: isPurchase, among: isView).frame
    XCTAssertEqual(conv.values("units"), [.int(2_986)])
    XCTAssertEqual(conv.values("converted"), [.int(138)])
    assertClose(number(conv, "conversion_rate"), 0.046215673141326186)
    // the same through an ordered funnel on timeframe: every one of the 138 purchased
    // after a view (python: max(purchase timeframe) >= min(view timeframe) for all 138)
    let funnel = try events.funnel(
      steps: ["view", "purchase"], event: ref("event"), unit: ref("session_id"), time: ref("t")).frame
    XCTAssertEqual(funnel.values("units"), [.int(2_986), .int(138)])
  }

  func testDigineticaConversionByCategoryOfTheFirstEvent() throws {
    let views = try Self.load("diginetica-sample/sample_train-item-views.csv")
      .derive([("event", lit("view"))]).select(refs("session_id", "item_id", "timeframe", "event"))
    let purchases = try Self.load("diginetica-purchases/train-purchases.csv")
      .rename([(ref("sessionId"), "session_id"), (ref("itemId"), "item_id")]).derive([("event", lit("purchase"))])
      .select(refs("session_id", "item_id", "timeframe", "event"))
    let categories = try Self.load("diginetica-purchases/product-categories.csv").rename([(ref("itemId"), "item_id")])
    let events = try views.union(purchases).join(categories, on: refs("item_id"), kind: .left)
      .sort([SortKey(col("session_id")), SortKey(col("timeframe"))])
    let r = try events.conversion(
      unit: ref("session_id"), converted: RowCondition(bin(.equal, col("event"), lit("purchase")), text: "purchase"),
      among: RowCondition(bin(.equal, col("event"), lit("view")), text: "view"), by: ref("categoryId")
    ).frame
    // python3: rows of views then purchases sorted by (session, timeframe, position); a
    // view session's category is that of its first row: 435 categories, the largest
    // 822 with 294 sessions of which 15 purchased, then 88 (110, 5), 1096 (101, 2)
    XCTAssertEqual(r.rowCount, 435)
    let sorted = try r.sort([SortKey(col("units"), descending: true)])
    XCTAssertEqual(Array(sorted.values("categoryId").prefix(3)), [.int(822), .int(88), .int(1096)])
    XCTAssertEqual(Array(sorted.values("units").prefix(3)), [.int(294), .int(110), .int(101)])
    XCTAssertEqual(Array(sorted.values("converted").prefix(3)), [.int(15), .int(5), .int(2)])
  }

  func testOttoFunnelAndSessionize() throws {
    let events = try Self.load("otto-recsys-sample/otto_sample_events.csv")
      .derive([("t", bin(.divide, col("ts"), lit(Int64(1000))))])
    // python3 (see docs/kpis.md, "OTTO"): ordered funnel per session, max depth over
    // click starts, events by (ts, row): reach [20, 7, 2]; seconds to cart: median
    // 85301.342 without a window, 92.944 within 1 day; to order 75659.3485
    let open = try events.funnel(
      steps: ["clicks", "carts", "orders"], event: ref("type"), unit: ref("session"), time: ref("t")).frame
    XCTAssertEqual(open.values("units"), [.int(20), .int(7), .int(2)])
    assertClose(number(open, "median_seconds", row: 1), 85_301.342, tolerance: 1e-6)
    assertClose(number(open, "mean_seconds", row: 1), 825_179.807714292, tolerance: 1e-6)
    assertClose(number(open, "median_seconds", row: 2), 75_659.3485, tolerance: 1e-6)
    assertClose(number(open, "overall_conversion", row: 2), 0.1)
    let day = try events.funnel(
      steps: ["clicks", "carts", "orders"], event: ref("type"), unit: ref("session"), time: ref("t"),
      window: 86_400).frame
    assertClose(number(day, "median_seconds", row: 1), 92.944, tolerance: 1e-6)
    // PROVENANCE.md and python: re-split on a 30-minute gap → 144 visits of 20 users
    let visits = try events.sessionize(user: ref("session"), time: ref("t"), rules: SessionRules(gap: 1800))
    XCTAssertEqual(Set(visits.frame.values("session")).count, 144)
    XCTAssertTrue(visits.definition.contains("144 sessions of 20 users"))
  }

  func testCTRSamples() throws {
    let avazu = try Self.load("ctr-samples-deepctr/avazu_sample.txt")
    let clicks = RowCondition(.column("click"), text: "click")
    // python3: sum(click) over avazu_sample.txt = 20 of 100; banner_pos 0: 19/84, 1: 1/16
    let all = try avazu.ctr(clicks: clicks).frame
    XCTAssertEqual(all.values("impressions"), [.int(100)])
    XCTAssertEqual(all.values("clicks"), [.int(20)])
    assertClose(number(all, "ctr"), 0.2)
    let byPos = try avazu.ctr(clicks: clicks, by: ref("banner_pos")).frame
    let zero = try XCTUnwrap(byPos.values("banner_pos").firstIndex(of: .int(0)))
    assertClose(number(byPos, "ctr", row: zero), 19.0 / 84.0)
    let criteo = try Self.load("ctr-samples-deepctr/criteo_sample.txt")
    // python3: sum(label) over criteo_sample.txt = 49 of 200
    assertClose(number(try criteo.ctr(clicks: RowCondition(.column("label"), text: "label")).frame, "ctr"), 49.0 / 200.0)
  }
}
