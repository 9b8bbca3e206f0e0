import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// KPI edge cases on small frames whose answers can be counted by hand.
final class KPIEdgeCaseTests: XCTestCase {
  /// Four orders: A (customer 1, two lines), B (customer 1), C (customer 2, a return
  /// only: a cancellation), D (no customer). Amount = qty × price.
  func lines() -> Frame {
    Frame(columns: [
      strings("order_id", ["A", "A", "B", "C", "D"]),
      ints("user_id", [1, 1, 1, 2, nil]),
      dates("ts", ["2024-01-01 23:50", "2024-01-02 00:10", "2024-03-05 10:00", "2024-03-06 09:00", "2024-03-07 12:00"]),
      ints("qty", [2, 1, -1, -3, 4]),
      floats("price", [10, 5, 10, 7, 2.5]),
    ])
  }

  func roles(_ f: Frame) -> ResolvedRoles { ShopRoles().resolved(for: f) }

  func testRolesAreInferredFromCommonNamesAndExplicitOnesWin() {
    let f = lines()
    let inferred = roles(f)
    XCTAssertEqual(inferred[.order], "order_id")
    XCTAssertEqual(inferred[.customer], "user_id")
    XCTAssertEqual(inferred[.time], "ts")
    XCTAssertEqual(inferred[.quantity], "qty")
    XCTAssertEqual(inferred[.price], "price")
    XCTAssertEqual(inferred.inferred, [.order, .customer, .time, .quantity, .price])
    XCTAssertEqual(
      inferred.summary([.order, .amount]), "roles: order order_id (inferred), amount qty * price (inferred)")
    let set = ShopRoles([.customer: "order_id", .time: "missing"]).resolved(for: f)
    XCTAssertEqual(set[.customer], "order_id")
    XCTAssertFalse(set.inferred.contains(.customer))
    XCTAssertEqual(set[.time], "ts")  // a role naming a column this table lacks falls back
    XCTAssertNil(set[.order])  // order_id is taken by customer, so no other column is guessed
  }

  func testRolesAreInferredFromExportNamesAndOrderNumberValues() {
    // Shopify: the order is 'Name' holding '#1001'; line items carry a 'Lineitem' prefix.
    let shopify = Frame(columns: [
      strings("Name", ["#1001", "#1001", "#1002"]),
      strings("Email", ["a@x.de", "a@x.de", "b@y.fr"]),
      strings("Lineitem name", ["Tee", "Tote", "Mug"]),
      ints("Lineitem quantity", [2, 1, 1]),
      floats("Lineitem price", [19.95, 15, 12.5]),
    ])
    let s = roles(shopify)
    XCTAssertEqual(s[.order], "Name")
    XCTAssertEqual(s[.customer], "Email")
    XCTAssertEqual(s[.quantity], "Lineitem quantity")
    XCTAssertEqual(s[.price], "Lineitem price")
    XCTAssertTrue(s.inferred.contains(.order))
    // WooCommerce: prefixed amount and customer; a German export in its own words.
    let woo = Frame(columns: [
      floats("Order Shipping Amount", [5]), floats("Order Total Amount", [46.49]),
      strings("Customer Email", ["s@x.com"]), strings("order_type", ["web"]),
    ])
    XCTAssertEqual(roles(woo)[.amount], "Order Total Amount")
    XCTAssertEqual(roles(woo)[.customer], "Customer Email")
    XCTAssertNil(roles(woo)[.event])  // 'order_type' is not an event kind
    let german = Frame(columns: [
      ints("Bestellnummer", [100231]), strings("Kunde", ["K-0042"]), ints("Menge", [2]),
      floats("Einzelpreis", [12.5]),
    ])
    let g = roles(german)
    XCTAssertEqual([g[.order], g[.customer], g[.quantity], g[.price]], ["Bestellnummer", "Kunde", "Menge", "Einzelpreis"])
    // GA4: the microsecond stamp is the time only once it is read as times.
    let raw = Frame(columns: [
      dates("event_date", ["2024-03-01 00:00"]), ints("event_timestamp", [1_709_284_512_345_678]),
    ])
    XCTAssertEqual(roles(raw)[.time], "event_date")
    let read = Frame(columns: [
      dates("event_date", ["2024-03-01 00:00"]), dates("event_timestamp", ["2024-03-01 09:15"]),
    ])
    XCTAssertEqual(roles(read)[.time], "event_timestamp")
    // A text column with one value that is not '#digits' is not taken for the order.
    let mixed = Frame(columns: [strings("Name", ["#1001", "Gift card"])])
    XCTAssertNil(roles(mixed)[.order])
  }

  func testACustomerWithOnlyCancellationsIsNotACustomer() throws {
    let f = lines()
    let r = try f.kpi(KPIMetric.allCases, roles: roles(f)).frame
    // B and C have only return lines (cancellations); the sale orders are A and D.
    XCTAssertEqual(r.values("orders"), [.int(2)])
    XCTAssertEqual(r.values("gmv"), [.float(35)])  // 2 × 10 + 1 × 5 + 4 × 2.5
    XCTAssertEqual(r.values("customers"), [.int(1)])  // only customer 1 (order A); 2 only cancelled
    XCTAssertEqual(r.values("repeat_rate"), [.float(0)])  // customer 1 has one sale order
    XCTAssertEqual(r.values("frequency"), [.float(1)])
    XCTAssertEqual(r.values("cancel_rate"), [.float(0.5)])  // B and C of A, B, C, D
    XCTAssertEqual(r.values("items_per_order"), [.float(3.5)])  // (2 + 1 + 4) / 2
    let net = try f.kpi([.revenue, .aov, .itemsPerOrder], roles: roles(f), basis: .net).frame
    XCTAssertEqual(net.values("revenue"), [.float(4)])  // 35 − 10 − 21
    XCTAssertEqual(net.values("aov"), [.float(2)])
    XCTAssertEqual(net.values("items_per_order"), [.float(1.5)])  // (2 + 1 − 1 − 3 + 4) / 2
    let rfm = try f.rfm(roles: roles(f)).frame
    XCTAssertEqual(rfm.values("user_id"), [.int(1)])  // customer 2 only cancelled: left out
    XCTAssertEqual(rfm.values("monetary"), [.float(15)])  // 25, net of the return of 10 in B
    XCTAssertEqual(rfm.values("frequency"), [.int(1)])
    XCTAssertEqual(rfm.values("recency_days"), [.int(66)])  // 2024-01-02 → 2024-03-08 (the day after the last row): 31 + 29 + 6
  }

  func testAnOrderSpanningMidnightCountsOnceOnItsFirstDay() throws {
    let f = lines()
    let r = try f.kpi([.orders, .gmv], roles: roles(f), by: .period(.day)).frame
    XCTAssertEqual(r.values("day").first, .datetime(CivilTime.seconds(year: 2024, month: 1, day: 1)))
    XCTAssertEqual(r.values("orders")[0], .int(1))
    XCTAssertEqual(r.values("gmv")[0], .float(25))  // both lines of A, the second after midnight
    XCTAssertEqual(r.values("orders")[1], .int(0))
    // sessionize: one session across midnight, two when splitting at midnight
    let plain = try f.sessionize(user: ref("user_id"), time: ref("ts")).frame.values("session")
    XCTAssertEqual(plain[0], plain[1])
    let split = try f.sessionize(user: ref("user_id"), time: ref("ts"), rules: SessionRules(splitAtMidnight: true))
    XCTAssertNotEqual(split.frame.values("session")[0], split.frame.values("session")[1])
    XCTAssertEqual(split.frame.values("session")[4], .null)  // no user
  }

  func testEmptyPeriodsAreRowsOfZeros() throws {
    let f = lines()
    let r = try f.kpi([.orders, .gmv, .aov, .customers], roles: roles(f), by: .period(.month)).frame
    XCTAssertEqual(
      r.values("month"),
      [1, 2, 3].map { .datetime(CivilTime.seconds(year: 2024, month: $0, day: 1)) })
    XCTAssertEqual(r.values("orders"), [.int(1), .int(0), .int(1)])
    XCTAssertEqual(r.values("gmv"), [.float(25), .float(0), .float(10)])
    XCTAssertEqual(r.values("aov"), [.float(25), .null, .float(10)])  // nothing to divide by
    XCTAssertEqual(r.values("customers"), [.int(1), .int(0), .int(0)])
    let c = try f.cohort(roles: roles(f), period: .month).frame
    XCTAssertEqual(c.values("customers"), [.int(1), .int(0), .int(0)])
    XCTAssertEqual(c.values("m0"), [.float(1), .null, .null])
    XCTAssertEqual(c.values("m2"), [.float(0), .null, .null])
  }

  func testWithoutAnOrderColumnEachRowIsAnOrder() throws {
    let f = try lines().drop(refs("order_id"))
    let r = try f.kpi([.orders, .cancelRate], roles: roles(f))
    XCTAssertEqual(r.frame.values("orders"), [.int(3)])
    XCTAssertEqual(r.frame.values("cancel_rate"), [.float(0.4)])
    XCTAssertTrue(r.definition.contains("each row is an order"))
  }

  func testRFMTiesShareAScore() {
    // Four customers worth 10 and one worth 50: the four must share a score.
    XCTAssertEqual(Frame.tieSafeScores([10, 10, 10, 10, 50], bins: 5), [1, 1, 1, 1, 5])
    XCTAssertEqual(Frame.tieSafeScores([1, 2, 3, 4, 5], bins: 5), [1, 2, 3, 4, 5])
    XCTAssertEqual(Frame.tieSafeScores([1, 2, 2, 3], bins: 4), [1, 2, 2, 4])
    XCTAssertEqual(Frame.tieSafeScores([7, 7, 7], bins: 5), [1, 1, 1])
    XCTAssertEqual(Frame.segment(r: 5, f: 5, bins: 5), "Champions")
    XCTAssertEqual(Frame.segment(r: 1, f: 1, bins: 5), "Lost")
    XCTAssertEqual(Frame.segment(r: 4, f: 4, bins: 4), "Champions")  // quartiles scale to 5
    XCTAssertEqual(Frame.segment(r: 1, f: 4, bins: 4), "Can't Lose Them")
  }

  // MARK: Events

  /// Session s1: view, cart, view, purchase; s2: view only; s3: cart then view; s4: view,
  /// purchase two days later.
  func events() -> Frame {
    Frame(columns: [
      strings("session_id", ["s1", "s1", "s1", "s1", "s2", "s3", "s3", "s4", "s4"]),
      strings("event_type", ["view", "cart", "view", "purchase", "view", "cart", "view", "view", "purchase"]),
      dates("ts", [
        "2024-01-01 10:00:00", "2024-01-01 10:00:05", "2024-01-01 10:00:07", "2024-01-01 10:01:00",
        "2024-01-01 11:00:00", "2024-01-01 12:00:00", "2024-01-01 12:00:30",
        "2024-01-01 13:00:00", "2024-01-03 13:00:00",
      ]),
      strings("channel", ["ads", "ads", "ads", "ads", "seo", "seo", "seo", "ads", "ads"]),
    ])
  }

  func testFunnelOrderModesAndWindow() throws {
    let f = events()
    func units(_ order: FunnelOrder, window: Double? = nil) throws -> [Scalar] {
      try f.funnel(
        steps: ["view", "cart", "purchase"], event: ref("event_type"), unit: ref("session_id"), time: ref("ts"),
        window: window, order: order
      ).frame.values("units")
    }
    // ordered: s1 reaches 3; s3 views after its cart, so only step 1; s2, s4 step 1
    XCTAssertEqual(try units(.ordered), [.int(4), .int(1), .int(1)])
    // strict: s1 goes view → cart → view, so purchase does not follow cart directly
    XCTAssertEqual(try units(.strict), [.int(4), .int(1), .int(0)])
    // any order: s3 has view and cart (cart first)
    XCTAssertEqual(try units(.any), [.int(4), .int(2), .int(1)])
    let two = try f.funnel(steps: ["view", "purchase"], event: ref("event_type"), unit: ref("session_id"), time: ref("ts"))
    XCTAssertEqual(two.frame.values("units"), [.int(4), .int(2)])
    XCTAssertEqual(two.frame.values("median_seconds")[1], .float(86_430))  // s1: first view to purchase 60 s; s4: 2 days
    let day = try f.funnel(
      steps: ["view", "purchase"], event: ref("event_type"), unit: ref("session_id"), time: ref("ts"), window: 86_400)
    XCTAssertEqual(day.frame.values("units"), [.int(4), .int(1)])  // s4's purchase is outside 1 day
    XCTAssertEqual(day.frame.values("drop_off")[1], .float(0.75))
    let byChannel = try f.funnel(
      steps: ["view", "purchase"], event: ref("event_type"), unit: ref("session_id"), time: ref("ts"),
      by: ref("channel")).frame
    XCTAssertEqual(byChannel.values("channel"), [.string("ads"), .string("ads"), .string("seo"), .string("seo")])
    XCTAssertEqual(byChannel.values("units"), [.int(2), .int(2), .int(2), .int(0)])
    // Nobody entered (a first step no row has): every step at 0 units and no rates, not an
    // empty table; with a breakdown, groups nobody entered are left out as before.
    let none = try f.funnel(steps: ["wishlist", "purchase"], event: ref("event_type"), unit: ref("session_id"), time: ref("ts")).frame
    XCTAssertEqual(none.values("units"), [.int(0), .int(0)])
    XCTAssertEqual(none.values("step_conversion"), [.null, .null])
    XCTAssertEqual(none.values("overall_conversion"), [.null, .null])
    let noneByChannel = try f.funnel(
      steps: ["wishlist", "purchase"], event: ref("event_type"), unit: ref("session_id"), time: ref("ts"), by: ref("channel")).frame
    XCTAssertEqual(noneByChannel.rowCount, 0)
  }

  func testBounceRateDefinitionsDiffer() throws {
    let f = events()
    let views = RowCondition(bin(.equal, col("event_type"), lit("view")), text: "event_type == \"view\"")
    let purchase = RowCondition(bin(.equal, col("event_type"), lit("purchase")), text: "event_type == \"purchase\"")
    // single-event: only s2 has one event
    let single = try f.bounceRate(.singleEvent, session: ref("session_id")).frame
    XCTAssertEqual(single.values("bounce_rate"), [.float(0.25)])
    // ua: one page view: s2, s3 (cart + view), s4 (view + purchase) → 3 of 4
    let ua = try f.bounceRate(.ua, session: ref("session_id"), pageView: views).frame
    XCTAssertEqual(ua.values("bounces"), [.int(3)])
    // ga4: engaged = > 10 s, or key event, or 2+ views. s1 engaged; s2 not (0 s);
    // s3 lasts 30 s: engaged; s4 has a purchase: engaged → 1 of 4
    let ga4 = try f.bounceRate(
      .ga4, session: ref("session_id"), time: ref("ts"), pageView: views, keyEvent: purchase).frame
    XCTAssertEqual(ga4.values("bounces"), [.int(1)])
    // with a 60 s threshold and no key event, s3 (30 s, one view) bounces and s4 lasts two days
    let strict = try f.bounceRate(.ga4, session: ref("session_id"), time: ref("ts"), pageView: views, engagedSeconds: 60)
    XCTAssertEqual(strict.frame.values("bounces"), [.int(2)])
    XCTAssertTrue(strict.definition.contains("longer than 1m"))
    XCTAssertThrowsError(try f.bounceRate(.ga4, session: ref("session_id")))
  }

  func testConversionCountsUnitsNotEvents() throws {
    // s1 and s4 purchase; s1 twice would still count once
    let f = try events().union(events().head(4))
    let purchase = RowCondition(bin(.equal, col("event_type"), lit("purchase")), text: "event_type == \"purchase\"")
    let r = try f.conversion(unit: ref("session_id"), converted: purchase).frame
    XCTAssertEqual(r.values("units"), [.int(4)])
    XCTAssertEqual(r.values("converted"), [.int(2)])
    let cart = RowCondition(bin(.equal, col("event_type"), lit("cart")), text: "event_type == \"cart\"")
    let amongCart = try f.conversion(unit: ref("session_id"), converted: purchase, among: cart).frame
    XCTAssertEqual(amongCart.values("units"), [.int(2)])  // s1, s3
    XCTAssertEqual(amongCart.values("conversion_rate"), [.float(0.5)])
  }

  func testSessionizeGapAndMaximumLength() throws {
    let f = Frame(columns: [
      ints("user", [1, 1, 1, 1, 2]),
      ints("t", [0, 1000, 4000, 4500, 10]),  // seconds
    ])
    let gap = try f.sessionize(user: ref("user"), time: ref("t"), rules: SessionRules(gap: 1800)).frame
    XCTAssertEqual(gap.values("session"), [.int(1), .int(1), .int(2), .int(2), .int(3)])
    let capped = try f.sessionize(user: ref("user"), time: ref("t"), rules: SessionRules(gap: 5000, maxDuration: 4000)).frame
    XCTAssertEqual(capped.values("session"), [.int(1), .int(1), .int(2), .int(2), .int(3)])
    XCTAssertThrowsError(try f.sessionize(user: ref("user"), time: ref("t"), rules: SessionRules(gap: 0)))
  }

  func testCTRWithImpressionCounts() throws {
    let f = Frame(columns: [strings("ad", ["a", "a", "b"]), ints("shown", [100, 50, 10]), ints("clicked", [3, 0, 1])])
    let r = try f.ctr(clicks: RowCondition(.column("clicked"), text: "clicked"), impressions: ref("shown"), by: ref("ad"))
    XCTAssertEqual(r.frame.values("ctr"), [.float(0.02), .float(0.1)])
    XCTAssertEqual(r.definition, "ctr = sum of clicked / sum of shown")
    // Whole counts stay counts with an impressions column too (they printed as 150.0, 3.0);
    // fractional impressions (a share of a view) stay floats.
    XCTAssertEqual(r.frame.values("impressions"), [.int(150), .int(10)])
    XCTAssertEqual(r.frame.values("clicks"), [.int(3), .int(1)])
    let shares = Frame(columns: [floats("shown", [0.5, 1.0]), ints("clicked", [1, 0])])
    let s = try shares.ctr(clicks: RowCondition(.column("clicked"), text: "clicked"), impressions: ref("shown"))
    XCTAssertEqual(s.frame.values("impressions"), [.float(1.5)])
    XCTAssertEqual(s.frame.values("clicks"), [.int(1)])
  }

  func testMissingRolesAreExplained() {
    let f = Frame(columns: [ints("x", [1])])
    XCTAssertThrowsError(try f.kpi([.gmv], roles: ShopRoles().resolved(for: f))) { error in
      XCTAssertEqual(
        (error as? KPIError)?.diagnostic.message, "no 'amount' column for gmv, revenue and aov")
    }
    XCTAssertThrowsError(try f.cohort(roles: ShopRoles().resolved(for: f)))
    XCTAssertThrowsError(try lines().rfm(roles: roles(lines()), bins: 1))
  }

  func testCLVIsAOVTimesFrequencyTimesMarginTimesLifetime() throws {
    let f = lines()
    let r = try f.clv(roles: roles(f), margin: 0.5, lifetimeYears: 2).frame
    // aov 35 / 2; frequency 1 order per customer; span 2024-01-01 23:50 → 03-07 12:00
    let end = CivilTime.seconds(year: 2024, month: 3, day: 7, hour: 12)
    let start = CivilTime.seconds(year: 2024, month: 1, day: 1, hour: 23, minute: 50)
    let years: Double = Double(end - start) / (365.25 * 86_400)
    let perYear: Double = 1 / years
    assertClose(r.values("purchases_per_year")[0].doubleValue ?? 0, perYear)
    assertClose(r.values("clv")[0].doubleValue ?? 0, 17.5 * perYear * 0.5 * 2)
  }
}

final class KPITimeUnitTests: XCTestCase {
  func testNumericTimesAreReadInTheUnitTheirSizeTells() throws {
    // 2022-08-01 00:00:00 = 1659312000 s; the same moment in ms, µs and ns.
    for (scale, name) in [(1.0, "s"), (1e3, "ms"), (1e6, "µs"), (1e9, "ns")] {
      let column = Column(name: "ts", scalars: [.float(1_659_312_000 * scale), .null], type: .float)
      let seconds = try column.kpiSeconds(role: "time")
      XCTAssertEqual(seconds[0] ?? 0, 1_659_312_000, accuracy: 1e-3, name)
      XCTAssertNil(seconds[1])
    }
  }
}
