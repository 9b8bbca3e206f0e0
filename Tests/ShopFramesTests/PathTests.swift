import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// Transitions, top paths, path trees and the funnel order check, on the generated
/// checkout log (data/checkout-events: a planted loop, a planted payment incident and a
/// purchase logged before its payment on desktop; bench/paths/make_checkout_log.py) and on
/// the real OTTO and Diginetica logs. Every number is pinned against pandas:
/// `bench/.venv/bin/python bench/paths/reference_paths.py ../shared/data` prints each
/// table quoted in the comments (events of a unit sorted by time, then file row, stable).
final class PathTests: XCTestCase {
  static let checkout = Result {
    try CSVReader.load(TestData.bundledDirectory + "/checkout-events/checkout_events.csv").frame
  }

  /// The row of a transitions table for `event → next`.
  func edge(_ t: Frame, _ from: String, _ to: String, file: StaticString = #filePath, line: UInt = #line) -> Int? {
    let e = t.values("event")
    let n = t.values("next")
    let row = e.indices.first { e[$0] == .string(from) && n[$0] == .string(to) }
    if row == nil { XCTFail("no transition \(from) → \(to)", file: file, line: line) }
    return row
  }

  func assertEdge(
    _ t: Frame, _ from: String, _ to: String, transitions: Int, units: Int, share: Double,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    guard let r = edge(t, from, to, file: file, line: line) else { return }
    XCTAssertEqual(t.values("transitions")[r], .int(Int64(transitions)), "\(from) → \(to)", file: file, line: line)
    XCTAssertEqual(t.values("units")[r], .int(Int64(units)), "\(from) → \(to)", file: file, line: line)
    assertClose(t.values("share")[r].doubleValue ?? .nan, share, tolerance: 1e-5, file: file, line: line)
  }

  func testCheckoutTransitionsShowThePlantedLoop() throws {
    let log = try Self.checkout.get()
    let t = try log.transitions(event: ref("event"), unit: ref("session_id"), time: ref("timestamp")).frame
    // pandas "checkout transitions per session": the loop shipping_details → add_to_cart
    // (197 times in 132 sessions) → cart (795 = 598 first passes + 197) → shipping_details
    assertEdge(t, "shipping_details", "add_to_cart", transitions: 197, units: 132, share: 0.298938)
    assertEdge(t, "add_to_cart", "cart", transitions: 795, units: 598, share: 1)
    assertEdge(t, "cart", "shipping_details", transitions: 659, units: 462, share: 0.828931)
    assertEdge(t, "product", "product", transitions: 1790, units: 903, share: 0.598662)
    assertEdge(t, "payment", "payment_error", transitions: 56, units: 56, share: 0.139651)
    assertEdge(t, "purchase", "payment", transitions: 192, units: 192, share: 0.556522)  // desktop's early purchase
    XCTAssertEqual(t.rowCount, 17)
    // the busiest event first, its busiest next first
    XCTAssertEqual(Array(t.values("event").prefix(3)), [.string("product"), .string("product"), .string("product")])
    XCTAssertEqual(Array(t.values("next").prefix(3)), [.string("product"), .string("(end)"), .string("add_to_cart")])
    // collapse: product → product merged, so product → (end) is 602 of 1,200
    let c = try log.transitions(event: ref("event"), unit: ref("session_id"), time: ref("timestamp"), collapse: true).frame
    assertEdge(c, "product", "(end)", transitions: 602, units: 602, share: 0.501667)
    // per user within 1 hour: one user's sessions an hour apart break the path
    let u = try log.transitions(event: ref("event"), unit: ref("user_id"), time: ref("timestamp"), within: 3600).frame
    assertEdge(u, "product", "(end)", transitions: 601, units: 422, share: 0.201003)
    assertEdge(u, "cart", "shipping_details", transitions: 659, units: 354, share: 0.828931)
  }

  func testTransitionsBySegmentCountTheSourceRow() throws {
    let log = try Self.checkout.get()
    let t = try log.transitions(event: ref("event"), unit: ref("session_id"), time: ref("timestamp"), by: ref("platform"))
      .frame.filter(bin(.equal, col("event"), lit("payment")))
    // pandas: checkout rows with event payment, next per session, grouped by platform:
    // mobile payment → purchase 153, → payment_error 35; desktop → (end) 192 (purchase came first), → error 21
    let key = { (p: String, n: String) -> Scalar? in
      let rows = t.rowCount
      for r in 0..<rows where t.values("platform")[r] == .string(p) && t.values("next")[r] == .string(n) {
        return t.values("transitions")[r]
      }
      return nil
    }
    XCTAssertEqual(key("mobile", "purchase"), .int(153))
    XCTAssertEqual(key("mobile", "payment_error"), .int(35))
    XCTAssertEqual(key("desktop", "(end)"), .int(192))
    XCTAssertEqual(key("desktop", "payment_error"), .int(21))
  }

  func testCheckoutTopPathsAfterShippingDetails() throws {
    let log = try Self.checkout.get()
    let q = PathQuery(anchor: "shipping_details", steps: 3, conversion: "purchase")
    let r = try log.topPaths(q, event: ref("event"), unit: ref("session_id"), time: ref("timestamp"))
    let p = r.frame
    XCTAssertEqual(p.columnNames, ["event", "next_1", "next_2", "next_3", "units", "share", "converted", "conversion_rate"])
    // pandas "checkout paths after shipping_details 3 converts purchase":
    // (172, 172, purchase payment (end)), (132, 95, the loop), (78, 78, payment purchase (end)),
    // (40, 0, (end)), (40, 0, payment payment_error (end)); 462 sessions reach shipping_details
    XCTAssertEqual(p.values("units"), [172, 132, 78, 40, 40].map { .int($0) })
    XCTAssertEqual(p.values("converted"), [172, 95, 78, 0, 0].map { .int($0) })
    XCTAssertEqual(p.values("next_3")[1], .string("shipping_details"))
    XCTAssertEqual(p.values("next_1")[3], .string("(end)"))
    XCTAssertEqual(p.values("next_2")[3], .null)
    assertClose(p.values("share")[0].doubleValue ?? .nan, 172.0 / 462.0)
    XCTAssertTrue(r.definition.contains("462 of 1,200 units have one"), r.definition)
    // before: (153, shipping_details payment purchase) and (192, cart shipping_details purchase)
    let b = try log.topPaths(
      PathQuery(anchor: "purchase", direction: .before, steps: 2), event: ref("event"), unit: ref("session_id"),
      time: ref("timestamp")
    ).frame
    XCTAssertEqual(b.columnNames, ["prev_2", "prev_1", "event", "units", "share"])
    XCTAssertEqual(b.values("units"), [.int(192), .int(153)])
    XCTAssertEqual(b.values("prev_2"), [.string("cart"), .string("shipping_details")])
  }

  func testPathTreeCountsEveryUnitByPrefix() throws {
    let log = try Self.checkout.get()
    let q = PathQuery(anchor: "shipping_details", steps: 3, conversion: "purchase")
    let root = try log.pathTree(q, event: ref("event"), unit: ref("session_id"), time: ref("timestamp")).root
    // the same pandas paths summed by prefix: 462 at the root (345 converted), then
    // purchase 172, add_to_cart 132 (95), payment 118 (78 + 40), (end) 40
    XCTAssertEqual(root.units, 462)
    XCTAssertEqual(root.converted, 345)
    XCTAssertEqual(root.children.map(\.event), ["purchase", "add_to_cart", "payment", "(end)"])
    XCTAssertEqual(root.children.map(\.units), [172, 132, 118, 40])
    XCTAssertEqual(root.children[2].children.map(\.units), [78, 40])
    XCTAssertEqual(root.children[1].children[0].children[0].event, "shipping_details")
  }

  func testFunnelOrderNoteOnInterleavedSteps() throws {
    let log = try Self.checkout.get()
    let steps = ["cart", "payment", "purchase"]
    // pandas "funnel cart,payment,purchase in order / any": 153 of 345, 192 stalled before step 3 (desktop's purchase
    // is logged 2 s before its payment), and the funnel itself agrees
    let funnel = try log.funnel(steps: steps, event: ref("event"), unit: ref("session_id"), time: ref("timestamp"))
    XCTAssertEqual(funnel.frame.values("units").last, .int(153))
    let any = try log.funnel(
      steps: steps, event: ref("event"), unit: ref("session_id"), time: ref("timestamp"), order: .any)
    XCTAssertEqual(any.frame.values("units").last, .int(345))
    let note = try XCTUnwrap(
      try log.funnelOrderNote(
        steps: steps, event: ref("event"), unit: ref("session_id"), time: ref("timestamp"), window: nil,
        order: .ordered))
    XCTAssertTrue(note.hasPrefix("only 153 of the 345 session_id that did every step did them in this order"), note)
    XCTAssertTrue(note.contains("192 stop before step 3 \"purchase\": it came only before \"payment\""), note)
    XCTAssertTrue(note.contains("'order any'"), note)
    // a funnel whose order holds gets no note
    XCTAssertNil(
      try log.funnelOrderNote(
        steps: ["cart", "shipping_details", "payment"], event: ref("event"), unit: ref("session_id"),
        time: ref("timestamp"), window: nil, order: .ordered))
  }

  func testOttoTransitionsAndPaths() throws {
    let otto = try CSVReader.load(try testDataPath("otto-recsys-sample/otto_sample_events.csv")).frame
    // pandas "otto transitions per session" (ts in ms, ties by file row)
    let t = try otto.transitions(event: ref("type"), unit: ref("session"), time: ref("ts")).frame
    assertEdge(t, "clicks", "clicks", transitions: 732, units: 20, share: 0.915)
    assertEdge(t, "carts", "clicks", transitions: 45, units: 7, share: 0.865385)
    assertEdge(t, "orders", "orders", transitions: 5, units: 2, share: 0.5)
    assertEdge(t, "clicks", "orders", transitions: 4, units: 3, share: 0.005)
    XCTAssertEqual(t.rowCount, 10)
    // "otto transitions collapse"
    let c = try otto.transitions(event: ref("type"), unit: ref("session"), time: ref("ts"), collapse: true).frame
    assertEdge(c, "clicks", "carts", transitions: 45, units: 7, share: 0.661765)
    assertEdge(c, "clicks", "(end)", transitions: 19, units: 19, share: 0.279412)
    XCTAssertEqual(c.rowCount, 7)
    // "otto paths after carts 2 converts orders": (4, 1), (2, 0), (1, 1)
    let p = try otto.topPaths(
      PathQuery(anchor: "carts", steps: 2, conversion: "orders"), event: ref("type"), unit: ref("session"), time: ref("ts")
    ).frame
    XCTAssertEqual(p.values("units"), [.int(4), .int(2), .int(1)])
    XCTAssertEqual(p.values("converted"), [.int(1), .int(0), .int(1)])
    XCTAssertEqual(p.values("next_2"), [.string("clicks"), .string("carts"), .string("orders")])
  }

  func testDigineticaTransitionsAndPathsBeforePurchase() throws {
    let views = try CSVReader.load(try testDataPath("diginetica-sample/sample_train-item-views.csv")).frame
      .derive([("event", lit("view"))]).select(refs("session_id", "timeframe", "event"))
    let buys = try CSVReader.load(try testDataPath("diginetica-purchases/train-purchases.csv")).frame
      .rename([(ref("sessionId"), "session_id")]).derive([("event", lit("purchase"))])
      .select(refs("session_id", "timeframe", "event"))
    let events = try views.union(buys)
    // pandas "diginetica transitions per session" (timeframe, then views before purchases)
    let t = try events.transitions(event: ref("event"), unit: ref("session_id"), time: ref("timeframe")).frame
    assertEdge(t, "view", "view", transitions: 9_394, units: 2_052, share: 0.758131)
    assertEdge(t, "view", "purchase", transitions: 139, units: 138, share: 0.011218)
    assertEdge(t, "purchase", "purchase", transitions: 5_394, units: 3_023, share: 0.299251)
    assertEdge(t, "purchase", "view", transitions: 11, units: 11, share: 0.000610)
    // "diginetica paths before purchase 2": (12,492 (start)), (117 view view), (21 (start) view)
    let p = try events.topPaths(
      PathQuery(anchor: "purchase", direction: .before, steps: 2), event: ref("event"), unit: ref("session_id"),
      time: ref("timeframe")
    ).frame
    XCTAssertEqual(p.values("units"), [.int(12_492), .int(117), .int(21)])
    XCTAssertEqual(p.values("prev_1"), [.string("(start)"), .string("view"), .string("view")])
  }

  func testUnknownAnchorSuggestsTheNearestEvent() throws {
    let log = try Self.checkout.get()
    XCTAssertThrowsError(
      try log.topPaths(PathQuery(anchor: "shiping_details"), event: ref("event"), unit: ref("session_id"), time: nil)
    ) { error in
      XCTAssertEqual(
        error as? KPIError,
        .invalidOption("no row of event is \"shiping_details\"; did you mean \"shipping_details\"?"))
    }
  }
}
