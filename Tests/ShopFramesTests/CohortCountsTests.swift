import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// `cohort(counted:…)`, the triangle built from the counts a remote engine returns, gives
/// the same table and definition as the local `cohort` on the non-UK Online Retail file
/// (whose local triangles KPIRealDataTests pins against Python). The counts are made here
/// row by row with dictionaries, following the Spark plan's steps (distinct active
/// (customer, period) pairs of sale lines; members; later activity), not the local code.
final class CohortCountsTests: XCTestCase {
  private func counts(_ f: Frame, _ roles: ResolvedRoles, period: TimeBucket, type: CohortType, mode: CohortMode) throws
    -> CohortCounts
  {
    let customer = try XCTUnwrap(f.column(named: try XCTUnwrap(roles[.customer])))
    let time = try XCTUnwrap(f.column(named: try XCTUnwrap(roles[.time])))
    let quantity = try XCTUnwrap(f.column(named: "Quantity"))
    var first: Int64?
    var last: Int64?
    var active: [String: Set<Int64>] = [:]
    for i in 0..<f.rowCount {
      guard case .datetime(let t) = time[i] else { continue }
      let p = period.start(t)
      first = min(first ?? p, p)
      last = max(last ?? p, p)
      guard let q = quantity[i].doubleValue, q > 0, !customer.isNull(i) else { continue }
      active["\(customer[i])", default: []].insert(p)
    }
    var cells: [Pair: Int] = [:]
    for periods in active.values {
      let starts = type == .first ? [periods.min()!] : Array(periods)
      for s in starts {
        let later = mode == .unbounded ? [periods.max()!] : periods.filter { $0 >= s }
        for a in later { cells[Pair(start: s, at: a), default: 0] += 1 }
      }
    }
    return CohortCounts(
      first: first, last: last, cells: cells.map { CohortCounts.Cell(start: $0.key.start, at: $0.key.at, customers: $0.value) })
  }

  private struct Pair: Hashable {
    var start: Int64
    var at: Int64
  }

  func testTheTriangleFromCountsIsTheLocalTriangle() throws {
    let orders = try CSVReader.load(try testDataPath("uci-online-retail/online_retail_non_uk.csv")).frame
    let roles = ShopRoles().resolved(for: orders)
    let schema = orders.head(0)
    for period in [TimeBucket.month, .week, .day] {
      for type in CohortType.allCases {
        for mode in CohortMode.allCases {
          for asCounts in [false, true] {
            let what = "\(period) \(type) \(mode) counts: \(asCounts)"
            let local = try orders.cohort(roles: roles, period: period, type: type, mode: mode, counts: asCounts)
            let counted = try counts(orders, roles, period: period, type: type, mode: mode)
            let remote = try schema.cohort(
              counted: counted, roles: roles, period: period, type: type, mode: mode, counts: asCounts)
            XCTAssertEqual(remote.definition, local.definition, what)
            XCTAssertEqual(remote.frame.columnNames, local.frame.columnNames, what)
            XCTAssertGreaterThan(local.frame.rowCount, 12, what)
            for name in local.frame.columnNames {
              XCTAssertEqual(remote.frame.values(name), local.frame.values(name), "\(what): \(name)")
            }
          }
        }
      }
    }
  }

  func testNoTimesAndTooManyPeriodsAreRefusedAsLocally() throws {
    let f = Frame(columns: [
      Column(name: "CustomerID", data: .int([], .allValid)), Column(name: "InvoiceDate", data: .datetime([], .allValid)),
      Column(name: "Quantity", data: .int([], .allValid)),
    ])
    let roles = ShopRoles().resolved(for: f)
    XCTAssertThrowsError(try f.cohort(counted: CohortCounts(first: nil, last: nil, cells: []), roles: roles))
    let day: Int64 = 86_400
    XCTAssertThrowsError(
      try f.cohort(counted: CohortCounts(first: 0, last: 500 * day, cells: []), roles: roles, period: .day))
    let one = try f.cohort(
      counted: CohortCounts(first: 0, last: 2 * day, cells: [.init(start: day, at: 2 * day, customers: 3), .init(start: day, at: day, customers: 4)]),
      roles: roles, period: .day, counts: true)
    XCTAssertEqual(one.frame.values("customers"), [.int(0), .int(4), .int(0)])
    XCTAssertEqual(one.frame.values("d1"), [.int(0), .int(3), .null])
  }
}
