import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// `kpi` reads orders and customers by their dictionary codes (text) or their values less
/// the minimum (narrow ints), times as integer seconds (datetimes) and int quantities as
/// they are; any other column goes the general way (grouped as `EntityIDs` does, times
/// through `kpiSeconds`, quantities as doubles through `saleLines`). These
/// tests hold the two ways to the same table, cell for cell, on Online Retail and on
/// small frames with the edge cases counted by hand.
final class KPIKeyPathTests: XCTestCase {
  /// Orders A (split over UK and FR), B (a sale and a return line), C (a return only,
  /// no time), D (no customer, no price); two lines without an order; February empty.
  func edgeLines() -> Frame {
    Frame(columns: [
      strings("order_id", ["A", "A", "B", nil, nil, "C", "D", "B"]),
      ints("user_id", [1, 1, 1, 2, nil, 2, nil, 1]),
      dates("ts", [
        "2024-01-05 10:00", "2024-01-05 10:00", "2024-03-02 09:00", "2024-03-03 12:00", "2024-03-04 08:00", nil,
        "2024-01-06 11:00", "2024-03-02 09:00",
      ]),
      strings("country", ["UK", "FR", "UK", "FR", "FR", "UK", "UK", "UK"]),
      ints("qty", [2, 1, 1, 3, 1, -1, 2, -1]),
      floats("price", [10, 5, 4, 1, 2, 4, nil, 4]),
    ])
  }

  let all = KPIMetric.allCases

  func values(_ f: Frame, _ name: String) -> [Scalar] {
    guard let c = f.column(named: name) else { return [] }
    return (0..<c.count).map { c[$0] }
  }

  func testEdgeCasesCountedByHand() throws {
    let f = edgeLines()
    let roles = ShopRoles().resolved(for: f)
    let total = try f.kpi(all, roles: roles).frame
    // Sale orders A, B, D and the two order-less lines; C is a cancellation.
    XCTAssertEqual(values(total, "orders"), [.int(5)])
    XCTAssertEqual(values(total, "gmv"), [.float(34)])  // 20 + 5 + 4 + 3 + 2 (D's price is null)
    XCTAssertEqual(values(total, "customers"), [.int(2)])  // 1 (A, B) and 2 (an order-less line)
    XCTAssertEqual(values(total, "repeat_rate"), [.float(0.5)])
    XCTAssertEqual(values(total, "frequency"), [.float(1.5)])  // 3 sale orders with a customer
    XCTAssertEqual(values(total, "items_per_order"), [.float(2)])  // 10 items / 5
    XCTAssertEqual(values(total, "cancel_rate"), [.float(1.0 / 6)])

    let byCountry = try f.kpi([.orders, .gmv, .customers, .repeatRate], roles: roles, by: .column(ColumnRef("country"))).frame
    // A counts in both countries.
    XCTAssertEqual(values(byCountry, "country"), [.string("UK"), .string("FR")])
    XCTAssertEqual(values(byCountry, "orders"), [.int(3), .int(3)])
    XCTAssertEqual(values(byCountry, "gmv"), [.float(24), .float(10)])
    XCTAssertEqual(values(byCountry, "customers"), [.int(1), .int(2)])
    XCTAssertEqual(values(byCountry, "repeat_rate"), [.float(1), .float(0)])

    let byMonth = try f.kpi([.orders, .gmv, .aov, .customers, .repeatRate], roles: roles, by: .period(.month)).frame
    // C has no time and is left out; February is a row of zeros.
    XCTAssertEqual(values(byMonth, "orders"), [.int(2), .int(0), .int(3)])
    XCTAssertEqual(values(byMonth, "gmv"), [.float(25), .float(0), .float(9)])
    XCTAssertEqual(values(byMonth, "aov"), [.float(12.5), .null, .float(3)])
    XCTAssertEqual(values(byMonth, "customers"), [.int(1), .int(0), .int(2)])
    XCTAssertEqual(values(byMonth, "repeat_rate"), [.float(0), .null, .float(0)])
  }

  func testEdgeCasesGiveTheSameTableEitherWay() throws {
    let f = edgeLines()
    try assertSameEitherWay(f)
    // One customer for every line, and a customer column of nulls only.
    try assertSameEitherWay(f.replacing("user_id", with: ints("user_id", Array(repeating: 7, count: f.rowCount))))
    try assertSameEitherWay(f.replacing("user_id", with: strings("user_id", Array(repeating: nil, count: f.rowCount))))
    // No order column: each line is an order.
    try assertSameEitherWay(f, roles: ShopRoles([:], none: [.order]))
  }

  /// Order and customer dictionaries far larger than the rows (a few rows kept from a big
  /// table) are grouped rather than used as ids, and count the same.
  func testDictionariesLargerThanTheRowsCountTheSame() throws {
    let f = edgeLines()
    func padded(_ c: Column) -> Column {
      guard case .string(let codes, let dictionary) = c.data else { return c }
      return Column(name: c.name, data: .string(codes: codes, dictionary: dictionary + (0..<10_000).map { "unused \($0)" }))
    }
    let orders = try XCTUnwrap(f.column(named: "order_id"))
    let countries = try XCTUnwrap(f.column(named: "country"))
    let g = f.replacing("order_id", with: padded(orders)).replacing("country", with: padded(countries))
    let roles = ShopRoles().resolved(for: g)
    for by in [KPIBreakdown.none, .column(ColumnRef("country")), .period(.month)] {
      assertSameTable(try g.kpi(all, roles: roles, by: by).frame, try f.kpi(all, roles: roles, by: by).frame)
    }
  }

  func testOnlineRetailGivesTheSameTableEitherWay() throws {
    let f = try KPIRealDataTests.fullRetail.get()
    try assertSameEitherWay(f, country: "Country")
  }

  /// More groups × customers than a flat table holds: the hashed count gives the same.
  func testManyGroupsAndCustomersAreCountedThroughAHash() throws {
    let n = 3_000
    // 1,500 groups, and a customer dictionary of 3,000 names of which 600 are used.
    let names = (0..<n).map { "c\($0)" }
    let customers = Column(
      name: "user_id", data: .string(codes: (0..<n).map { Int32(($0 * 7) % 600 * 5) }, dictionary: names))
    let f = Frame(columns: [
      ints("order_id", (0..<n).map { Int64($0 / 2) }),
      customers,
      ints("shop", (0..<n).map { Int64($0 % 1_500) * 1_000_003 }),
      ints("qty", (0..<n).map { $0 % 5 == 0 ? -1 : 1 }),
      floats("price", (0..<n).map { Double($0 % 13) + 0.25 }),
    ])
    XCTAssertGreaterThan(1_500 * names.count, max(1 << 22, 2 * n))
    let roles = ShopRoles().resolved(for: f)
    let hashed = try f.kpi(all, roles: roles, by: .column(ColumnRef("shop"))).frame
    let general = try f.replacing("user_id", with: asFloats(customers)).kpi(all, roles: roles, by: .column(ColumnRef("shop"))).frame
    assertSameTable(hashed, general)
  }

  // MARK: Helpers

  /// The table from the fast paths equals the one from the general paths (orders and
  /// customers as floats or wide ints, times as float seconds, quantities as floats), for
  /// each breakdown and basis.
  func assertSameEitherWay(
    _ f: Frame, roles shopRoles: ShopRoles = ShopRoles(), country: String = "country",
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let roles = shopRoles.resolved(for: f)
    var general = f
    for (role, widen) in [(ShopRoles.Role.order, asFloats), (.customer, asWideInts), (.time, asFloats), (.quantity, asFloats)] {
      if let name = roles[role], let c = f.column(named: name) { general = general.replacing(name, with: widen(c)) }
    }
    for by in [KPIBreakdown.none, .column(ColumnRef(country)), .period(.month)] {
      for basis in [KPIBasis.gross, .net] {
        let fast = try f.kpi(all, roles: roles, by: by, basis: basis).frame
        let slow = try general.kpi(all, roles: roles, by: by, basis: basis).frame
        assertSameTable(fast, slow, file: file, line: line)
      }
    }
  }

  func assertSameTable(_ a: Frame, _ b: Frame, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.columnNames, b.columnNames, file: file, line: line)
    XCTAssertGreaterThan(a.rowCount, 0, file: file, line: line)
    for name in a.columnNames {
      XCTAssertEqual(values(a, name), values(b, name), "column \(name)", file: file, line: line)
    }
  }

  /// Floats the general path groups: a text's dictionary code, a number's value, a
  /// datetime's seconds.
  func asFloats(_ c: Column) -> Column {
    floats(c.name, (0..<c.count).map { i in
      switch c[i] {
      case .null: return nil
      case .datetime(let t): return Double(t)
      default:
        if case .string(let codes, _) = c.data { return Double(codes[i]) }
        return c[i].doubleValue
      }
    })
  }

  /// Ints too far apart for a flat table: grouped the general way.
  func asWideInts(_ c: Column) -> Column {
    let f = asFloats(c)
    return ints(c.name, (0..<f.count).map { f[$0].doubleValue.map { Int64($0) * 1_000_000_007 } })
  }
}

extension Frame {
  /// This frame with column `name` replaced.
  fileprivate func replacing(_ name: String, with column: Column) -> Frame {
    Frame(columns: columns.map { $0.name == name ? column : $0 })
  }
}
