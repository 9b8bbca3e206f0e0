import ShopCore
import XCTest

@testable import ShopPlot

/// Calendar ticks: the unit fits the span, labels share one shape.
final class TimeTicksTests: XCTestCase {
  private func t(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0) -> Double {
    Double(CivilTime.seconds(year: y, month: m, day: d, hour: h))
  }

  private func labels(_ lo: Double, _ hi: Double, _ columns: Int) -> [String] {
    TimeTicks.ticks(lo: lo, hi: hi, columns: columns).map(\.label)
  }

  func testMonthsEveryOtherMonthInAYear() {
    // 70 columns hold 7 labels of 7 characters + 2; monthly would need 12.
    XCTAssertEqual(
      labels(t(2011, 1, 1), t(2011, 12, 1), 70),
      ["2011-01", "2011-03", "2011-05", "2011-07", "2011-09", "2011-11"])
  }

  func testWeeksStartOnMonday() {
    // 2011-03-01 was a Tuesday (python: date(2011,3,7).isoweekday() == 1).
    XCTAssertEqual(
      labels(t(2011, 3, 1), t(2011, 3, 31), 70),
      ["2011-03-07", "2011-03-14", "2011-03-21", "2011-03-28"])
  }

  func testYearsForDecades() {
    XCTAssertEqual(
      labels(t(1982, 4, 1), t(2009, 12, 1), 70), ["1985", "1990", "1995", "2000", "2005"])
  }

  func testHoursWithinADay() {
    XCTAssertEqual(
      labels(t(2011, 3, 1), t(2011, 3, 1, 12), 70),
      ["03-01 00:00", "03-01 03:00", "03-01 06:00", "03-01 09:00", "03-01 12:00"])
  }

  func testDaysBeforeNineteenSeventy() {
    XCTAssertEqual(
      labels(t(1969, 12, 30), t(1970, 1, 2), 70),
      ["1969-12-30", "1969-12-31", "1970-01-01", "1970-01-02"])
  }
}
