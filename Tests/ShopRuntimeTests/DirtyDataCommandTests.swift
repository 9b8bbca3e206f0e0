import Foundation
import ShopFrames
import ShopTestSupport
import XCTest

@testable import ShopRuntime

/// Issue 16, "Event logs read as order logs" and "Names and expressions": real files read
/// the way a new user would, with the dirt (a missing amount, a misspelt value, an outlier
/// line, an empty cell) brought in by the test. Every expected number was computed apart,
/// with pandas 2.3.3 (bench/.venv), by the snippet in the comment beside it.
final class DirtyDataCommandTests: XCTestCase {
  /// `ev`: the bundled OTTO excerpt, a clickstream (session, aid, ts in ms, type) with
  /// clicks, carts and orders and no amount or quantity column.
  func eventLog() throws -> RuntimeFixture {
    let fixture = try RuntimeFixture()
    _ = fixture.output("let ev = load \"\(try testDataPath("otto-recsys-sample/otto_sample_events.csv"))\"")
    return fixture
  }

  /// `orders`: the non-UK Online Retail table with two lines appended by the test, an
  /// order line with an empty Description and one of StockCode 22423 at a price of 10,000.
  func injectedOrders() throws -> RuntimeFixture {
    let source = try String(contentsOfFile: try testDataPath("uci-online-retail/online_retail_non_uk.csv"), encoding: .utf8)
    let path = NSTemporaryDirectory() + "shoplab-dirty-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).csv"
    try (source
      + "999991,22423,,2,2011-12-09 12:00:00,12.75,12662,Germany\n"
      + "999992,22423,REGENCY CAKESTAND 3 TIER,1,2011-12-09 12:01:00,10000,12662,Germany\n")
      .write(toFile: path, atomically: true, encoding: .utf8)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    let fixture = try RuntimeFixture()
    _ = fixture.output("let orders = load \"\(path)\"")
    return fixture
  }

  func table(_ outcome: Interpreter.Outcome, file: StaticString = #filePath, line: UInt = #line) -> Frame? {
    guard outcome.status == .ok, case .frame(let f) = outcome.value else {
      XCTFail("expected a table:\n\(outcome.transcript)", file: file, line: line)
      return nil
    }
    return f
  }

  func column(_ outcome: Interpreter.Outcome, _ name: String, file: StaticString = #filePath, line: UInt = #line)
    -> [Scalar]
  {
    guard let f = table(outcome, file: file, line: line), let c = f.column(named: name) else { return [] }
    return (0..<c.count).map { c[$0] }
  }

  // MARK: One rule for a missing amount

  func testAFilteredEventLogCountsItsRowsAsOrders() throws {
    let f = try eventLog()
    // ev = pd.read_csv(otto_sample_events.csv); (ev.type == "orders").sum() = 10
    let all = f.run("ev | where type == \"orders\" | kpi orders")
    XCTAssertEqual(column(all, "orders"), [.int(10)])
    XCTAssertTrue(all.output.contains("every row: no quantity or amount column, and type is always \"orders\""), all.output)
    // p = ev[ev.type == "orders"]; p.groupby(pd.to_datetime(p.ts, unit="ms").dt.to_period("M")).size()
    // = {2022-07: 1, 2022-08: 9}
    XCTAssertEqual(column(f.run("ev | where type == \"orders\" | kpi orders by month"), "orders"), [.int(1), .int(9)])
  }

  func testAnUnfilteredEventLogIsRefusedInEveryCommandWithTheFilterToWrite() throws {
    let f = try eventLog()
    _ = f.output("roles customer session")
    for command in ["kpi orders", "kpi", "cohort by month", "rfm", "clv"] {
      let outcome = f.run("ev | \(command)")
      XCTAssertEqual(outcome.status, .error, command)
      let text = outcome.errorRendered ?? ""
      // ev.type.value_counts() = clicks 800, carts 52, orders 10
      XCTAssertTrue(text.contains("'type' holds 3 kinds of event (clicks (800), carts (52), orders (10))"), "\(command): \(text)")
      XCTAssertTrue(text.contains("where type == \"orders\""), "\(command): \(text)")
    }
    // Filtered, the cohort counts purchasers: p.groupby("session").m.min().value_counts()
    // = {2022-07: 1, 2022-08: 2}.
    let cohort = f.run("ev | where type == \"orders\" | cohort by month counts")
    XCTAssertEqual(column(cohort, "customers"), [.int(1), .int(2)])
  }

  /// An order table whose `type` column is a payment type, not an event kind: Olist's
  /// payments without the money column (one row per payment; an order paid two ways has
  /// two rows). Refused as an event log until the user says no column is the event.
  func testAnOrderTableWithAnUnrelatedTypeColumnCanOptOutOfTheEventRule() throws {
    let f = try RuntimeFixture()
    _ = f.output(
      "let pay = load \"\(try testDataPath("olist-brazilian-ecommerce/olist_order_payments_dataset.csv.gz"))\" "
        + "| select order_id, payment_type | rename payment_type to type")
    let refused = f.run("pay | kpi orders")
    XCTAssertEqual(refused.status, .error)
    XCTAssertTrue((refused.errorRendered ?? "").contains("'roles event none'"), refused.errorRendered ?? "")

    _ = f.output("roles event none")
    // p = pd.read_csv(olist_order_payments_dataset.csv.gz); p.order_id.nunique() = 99440
    let outcome = f.run("pay | kpi orders")
    XCTAssertEqual(column(outcome, "orders"), [.int(99_440)])
    XCTAssertTrue(outcome.output.contains("roles: order order_id (inferred), event none"), outcome.output)
    XCTAssertTrue(outcome.output.contains("every row: no quantity or amount column, and no event column (roles event none)"), outcome.output)
    // p.groupby("payment_type").order_id.nunique(): boleto 19784, credit_card 76505,
    // debit_card 1528, not_defined 3, voucher 3866, here in order of first appearance
    // (p.payment_type.unique())
    let byType = f.run("pay | kpi orders by type")
    XCTAssertEqual(column(byType, "type"), ["credit_card", "boleto", "voucher", "debit_card", "not_defined"].map { Scalar.string($0) })
    XCTAssertEqual(column(byType, "orders"), [.int(76_505), .int(19_784), .int(3_866), .int(1_528), .int(3)])
    let roles = f.run("pay | roles")
    let event = try XCTUnwrap(column(roles, "role").firstIndex(of: .string("event")))
    XCTAssertEqual(column(roles, "column")[event], .null)
    XCTAssertEqual(column(roles, "how")[event], .string("none (set: no column plays it)"))
    // Naming an event column again, or clearing the roles, brings the rule back.
    _ = f.output("roles clear")
    XCTAssertEqual(f.run("pay | kpi orders").status, .error)
    _ = f.output("roles event none")
    _ = f.output("roles event type")
    XCTAssertEqual(f.run("pay | kpi orders").status, .error)
  }

  func testABareKpiComputesWhatItCanAndSaysWhatItLeftOut() throws {
    let f = try eventLog()
    let outcome = f.run("ev | where type == \"orders\" | kpi")
    XCTAssertEqual(table(outcome)?.columnNames, ["orders"])
    XCTAssertTrue(outcome.output.contains("note: left out gmv, aov: no amount column"), outcome.output)
    XCTAssertTrue(outcome.output.contains("note: left out customers, repeat_rate: no customer column"), outcome.output)
    // Named metrics are still an error that names the role.
    XCTAssertEqual(f.run("ev | where type == \"orders\" | kpi gmv").status, .error)
  }

  /// A purchase log nobody here had tried: Diginetica's train-purchases (order numbers and
  /// users, no amount, no event column), with its ';' separator and NA cells.
  func testAnUnseenPurchaseLogWithoutAmounts() throws {
    let f = try RuntimeFixture()
    _ = f.output("let buys = load \"\(try testDataPath("diginetica-purchases/train-purchases.csv"))\"")
    let outcome = f.run("buys | kpi")
    // d = pd.read_csv(..., sep=";", na_values=["NA"]); d.ordernumber.nunique() = 13506;
    // d.userId.nunique() = 4425; k = d.dropna(subset=["userId"]).groupby("userId").ordernumber.nunique();
    // (k >= 2).sum() / len(k) = 363 / 4425
    XCTAssertEqual(column(outcome, "orders"), [.int(13_506)])
    XCTAssertEqual(column(outcome, "customers"), [.int(4_425)])
    XCTAssertEqual(column(outcome, "repeat_rate").first?.doubleValue ?? 0, 363.0 / 4425.0, accuracy: 1e-12)
    XCTAssertTrue(outcome.output.contains("note: left out gmv, aov"), outcome.output)
  }

  /// Online Shoppers Intention: one row per session, `Revenue` a bool (TRUE/FALSE) that the
  /// amount role's names pick up. It tells which sessions bought, not how much.
  func testABoolAmountMarksPurchasesButIsNoMoney() throws {
    let f = try RuntimeFixture()
    _ = f.output("let s = load \"\(try testDataPath("uci-online-shoppers-intention/online_shoppers_intention.csv"))\"")
    let outcome = f.run("s | kpi")
    // s = pd.read_csv(online_shoppers_intention.csv); s.Revenue.sum() = 1908 (of 12330)
    XCTAssertEqual(column(outcome, "orders"), [.int(1_908)])
    XCTAssertEqual(table(outcome)?.columnNames, ["orders"])
    XCTAssertTrue(outcome.output.contains("left out gmv, aov: the amount column 'Revenue' is a bool, not money"), outcome.output)
    let gmv = f.run("s | kpi gmv")
    XCTAssertEqual(gmv.status, .error)
    XCTAssertTrue((gmv.errorRendered ?? "").contains("the amount column 'Revenue' is bool"), gmv.errorRendered ?? "")
  }

  // MARK: Values no row has

  func testAMisspeltValueIsNamedWithTheNearestExistingOne() throws {
    let f = try eventLog()
    let filtered = f.run("ev | where type == \"ordres\" | count")
    XCTAssertEqual(filtered.status, .ok)
    XCTAssertTrue(filtered.output.contains("warning: no row has type == \"ordres\"; did you mean \"orders\"?"), filtered.output)
    // In a KPI a near miss is an error: the rate would be a silent 0.
    let conversion = f.run("ev | conversion per session when type == \"ordres\"")
    XCTAssertEqual(conversion.status, .error)
    XCTAssertTrue((conversion.errorRendered ?? "").contains("did you mean \"orders\"?"), conversion.errorRendered ?? "")
    let funnel = f.run("ev | funnel steps \"clicks\", \"cart\" per session")
    XCTAssertEqual(funnel.status, .error)
    XCTAssertTrue((funnel.errorRendered ?? "").contains("did you mean \"carts\"?"), funnel.errorRendered ?? "")
    // A value far from every existing one is a warning listing them, and the rate stands.
    let absent = f.run("ev | conversion per session when type in [\"orders\", \"purchase\"]")
    XCTAssertTrue(absent.output.contains("no row has type == \"purchase\"; type has 3 values: \"clicks\", \"carts\", \"orders\""), absent.output)
    // ev.groupby("session").type.apply(lambda s: (s == "orders").any()).sum() = 3 of 20
    XCTAssertEqual(column(absent, "converted"), [.int(3)])
    // A value that some row has is not flagged.
    XCTAssertFalse(f.output("ev | where type == \"carts\" | count").contains("warning"))
  }

  func testConversionBySegmentSaysHowManyUnitsChangedSegment() throws {
    let f = try eventLog()
    let outcome = f.run(
      "ev | derive seg = if(aid % 2 == 0, \"even\", \"odd\") | conversion per session when type == \"orders\" by seg")
    // ev["seg"] = np.where(ev.aid % 2 == 0, "even", "odd"); g = ev.groupby("session");
    // (g.seg.nunique() > 1).sum() = 15 of 20; by g.seg.first(): odd 11 units, 3 converted; even 9, 0
    XCTAssertTrue(outcome.output.contains("15 of the 20 units (session) have rows with different seg values"), outcome.output)
    XCTAssertEqual(column(outcome, "seg"), [.string("odd"), .string("even")])
    XCTAssertEqual(column(outcome, "units"), [.int(11), .int(9)])
    XCTAssertEqual(column(outcome, "converted"), [.int(3), .int(0)])
    // The funnel says the same of its units: r = ev[ev.type.isin(["clicks", "carts"])];
    // (r.groupby("session").seg.nunique() > 1).sum() = 15 of 20
    let funnel = f.run(
      "ev | derive seg = if(aid % 2 == 0, \"even\", \"odd\") | funnel steps \"clicks\", \"carts\" per session time ts by seg")
    XCTAssertTrue(funnel.output.contains("15 of the 20 units (session) have rows with different seg values"), funnel.output)
    XCTAssertTrue(funnel.output.contains("in the seg of its step-1 row"), funnel.output)
  }

  // MARK: Names and expressions

  func testABackQuotedNameIsAlwaysAColumn() throws {
    let f = try injectedOrders()
    let pivot = "orders | derive big = Quantity > 10 | pivot rows Country columns big value sum(Quantity)"
    // o.groupby(["Country", o.Quantity > 10]).Quantity.sum().unstack(): Australia True 82506, False 1147
    let lift = f.run(pivot + " | derive lift = `true` / `false` | where Country == \"Australia\"")
    XCTAssertEqual(column(lift, "lift").first?.doubleValue ?? 0, 82_506.0 / 1_147.0, accuracy: 1e-9)
    XCTAssertEqual(table(f.run(pivot + " | select `true`, `false`"))?.columnNames, ["true", "false"])
    XCTAssertEqual(table(f.run(pivot + " | rename `true` to big_qty"))?.columnNames, ["Country", "false", "big_qty"])
    // Keywords too, and a bound name does not replace a back-quoted column.
    _ = f.output("let by = 5")
    let keyword = f.run("orders | derive `by` = Quantity * 2 | select `by` | head 1")
    // o.Quantity.iloc[0] * 2 = 48
    XCTAssertEqual(column(keyword, "by"), [.int(48)])
  }

  func testTextsJoinWithConcatOrPlus() throws {
    let f = try RuntimeFixture()
    _ = f.output("let orders = load \"\(try testDataPath("uci-online-retail/online_retail_non_uk.csv"))\"")
    // k = o.CustomerID.astype("Int64").astype(str) + "_" + o.StockCode; k[o.CustomerID.notna()].nunique() = 28811
    let key = f.run("orders | derive k = concat(CustomerID, \"_\", StockCode) | where notnull(k) | distinct k | count")
    XCTAssertEqual(key.value.flatMap { if case .scalar(let s) = $0 { return s.doubleValue } else { return nil } }, 28_811)
    // (o.Country + "/" + o.StockCode).nunique() = 15774
    let plus = f.run("orders | derive k = Country + \"/\" + StockCode | distinct k | count")
    XCTAssertEqual(plus.value.flatMap { if case .scalar(let s) = $0 { return s.doubleValue } else { return nil } }, 15_774)
    let mixed = f.run("orders | derive k = CustomerID + \"_\"")
    XCTAssertTrue((mixed.errorRendered ?? "").contains("write concat(a, b)"), mixed.errorRendered ?? "")
  }

  func testDropMissingWithNoColumnsDropsAnyNull() throws {
    let f = try injectedOrders()
    // o = pd.read_csv(injected); len(o) = 46433; o.dropna().shape[0] = 44952 (1,480 null
    // CustomerID and the injected empty Description)
    let outcome = f.run("orders | drop missing | count")
    XCTAssertTrue(outcome.output.contains("drop missing (any column): removed 1,481 of 46,433 rows"), outcome.output)
  }

  func testClipByGroupUsesEachGroupsBounds() throws {
    let f = try injectedOrders()
    // g = o.groupby("StockCode").UnitPrice; q1, q3 = type-7 quantiles per group; outside
    // [q1 - 1.5 IQR, q3 + 1.5 IQR]: 3948 values in 994 of 2807 groups; 22423's upper bound 15.45
    let outcome = f.run("orders | clip UnitPrice iqr 1.5 by StockCode | where InvoiceNo == \"999992\"")
    XCTAssertTrue(
      outcome.output.contains("by StockCode (bounds per group, 2,807 groups): clipped 3,948 values in 994 groups"),
      outcome.output)
    XCTAssertEqual(column(outcome, "UnitPrice").first?.doubleValue ?? 0, 15.45, accuracy: 1e-9)
    XCTAssertEqual(f.run("orders | clip UnitPrice between 0 and 10 by StockCode").status, .error)
  }

  func testRolesShowWhatTheKPIsWillUseOnThisTable() throws {
    let f = try eventLog()
    _ = f.output("roles customer CustomerID, event type")
    let roles = f.run("ev | roles")
    XCTAssertEqual(column(roles, "column")[1], .null)
    XCTAssertEqual(column(roles, "how")[1], .string("not found (set to 'CustomerID', which this table lacks)"))
    let event = try XCTUnwrap(column(roles, "role").firstIndex(of: .string("event")))
    XCTAssertEqual(column(roles, "how")[event], .string("set"))
  }

  // MARK: Width and charts

  func testLongTextIsCutOnlyWhenTheTableWouldNotFit() throws {
    let f = try injectedOrders()
    // o.Description.iloc[0] + " / " + o.Country.iloc[0] + " / " + o.StockCode.iloc[0] + " / " + o.InvoiceNo.iloc[0]: 51 characters
    let long = "ALARM CLOCK BAKELIKE PINK / France / 22728"
    // With four more columns the row is 122 characters: at width 100 the long cell is cut.
    let query = "orders | derive d = concat(Description, \" / \", Country, \" / \", StockCode, \" / \", InvoiceNo) "
      + "| select d, Description, Country, StockCode, InvoiceDate | head 1"
    XCTAssertTrue(f.output(query).contains("…"))
    _ = f.output("set width 250")
    XCTAssertTrue(f.output(query).contains(long + " / 536370"), f.output(query))
  }

  func testSparkByFitsTheWidthAndSaysItAveraged() throws {
    let f = try injectedOrders()
    let query = "orders | where Country == \"France\" | group by Country, InvoiceDate | agg q = sum(Quantity) | spark q by Country"
    // o.groupby(["Country", "InvoiceDate"]).ngroups restricted to France = 461 points
    let narrow = f.run(query)
    XCTAssertEqual(column(narrow, "n"), [.int(461)])
    XCTAssertTrue(narrow.output.contains("spark: "), narrow.output)
    _ = f.output("set width 600")
    let wide = f.run(query)
    XCTAssertEqual(column(wide, "spark_q").first.map { if case .string(let s) = $0 { return s.count } else { return 0 } }, 461)
    XCTAssertFalse(wide.output.contains("spark: "), wide.output)
  }

  func testAHistogramOverTheWholeDoubleRangeHasFiniteBins() throws {
    let f = try injectedOrders()
    let text = f.output("orders | derive x = if(Quantity > 10, 1.5e308, -1.5e308) | plot hist x")
    XCTAssertFalse(text.contains("NaN") || text.contains("inf"), text)
    // (o.Quantity > 10).sum() = 22761 (+0 injected), (o.Quantity <= 10).sum() = 23670 + 2 injected
    XCTAssertTrue(text.contains("[-1.500e+308, -1.324e+308) ┤"), text)
    XCTAssertTrue(text.contains("23,672") && text.contains("22,761"), text)
  }

  func testSeriesBeyondTheLineStylesAreSaidToRepeat() throws {
    let f = try injectedOrders()
    let six = "orders | where Country in [\"France\", \"Germany\", \"Spain\", \"Belgium\", \"EIRE\", \"Netherlands\"] "
      + "| derive m = month_start(InvoiceDate) | group by Country, m | agg q = sum(Quantity) | plot line x m y q by Country"
    XCTAssertTrue(f.output(six).contains("(6 series, 4 line styles without colour: 5+ repeat"))
    _ = f.output("set charts ascii")
    XCTAssertFalse(f.output(six).contains("repeat"))
  }

  func testACohortHeatmapShowsSharesAndSaysWhatItLeavesOut() throws {
    let f = try injectedOrders()
    let monthly = f.output("orders | cohort by month | plot heatmap")
    XCTAssertTrue(monthly.contains("heatmap: left out customers"), monthly)
    // Every month fits the default width, with its share printed: the Dec 2010 cohort's m0 is 100%.
    XCTAssertTrue(monthly.contains("m12"), monthly)
    XCTAssertTrue(monthly.contains("█100"), monthly)
    let weekly = f.output("orders | cohort by week | plot heatmap")
    XCTAssertTrue(weekly.contains("more columns (w"), weekly)
    XCTAssertTrue(weekly.contains("no values: too narrow; 'set chart_width"), weekly)
  }
}
