import ShopCore
import ShopFrames
import ShopTestSupport
import XCTest

@testable import ShopRuntime

/// `train` and `backtest` of a forecaster say when a table's last steps do not look whole
/// (`TableEnd`): a last week or month the rows stop partway through, or a tail of days with
/// a trickle of rows, as an export cut short leaves.
final class TableEndTests: XCTestCase {
  private let monday = CivilTime.seconds(year: 2024, month: 1, day: 1)

  /// Rows per day for `weeks` weeks: 100 on weekdays, 0 on Saturdays (a shop closed then).
  private func days(weeks: Int) -> [Int] {
    (0..<(7 * weeks)).map { $0 % 7 == 5 ? 0 : 100 }
  }

  /// The latest row of each of `count` steps of `bucket` from `first`: `day` days into the
  /// step at 17:00 (a negative `day` counts from the step's end: -1 is its last day).
  private func latest(_ count: Int, from first: Int64, _ bucket: TimeBucket, day: Int) -> [Int64?] {
    (0..<count).map { t in
      let start = bucket.start(after: first, count: t)
      let base = day >= 0 ? start : bucket.start(after: first, count: t + 1)
      return base + Int64(day) * 86_400 + 17 * 3_600
    }
  }

  /// Daily rows, each step's latest at 17:00 of its day (nil when the day has no rows).
  private func dailyLatest(_ rows: [Int], from first: Int64) -> [Int64?] {
    rows.indices.map { rows[$0] > 0 ? first + Int64($0) * 86_400 + 17 * 3_600 : nil }
  }

  func testWholeTablesAreNotFlagged() {
    // Ending on a closed Saturday is no thin tail: Saturdays are compared with Saturdays.
    let closed = Array(days(weeks: 8).prefix(7 * 7 + 6))
    let end = TableEnd(rows: closed, latest: dailyLatest(closed, from: monday), first: monday, bucket: .day)
    XCTAssertNil(end.partialFrom)
    XCTAssertNil(end.thinTail)
    // A last week whose last row is on its Sunday, and a month whose last row is on its
    // last day at midnight, are whole.
    XCTAssertNil(
      TableEnd(rows: Array(repeating: 50, count: 8), latest: latest(8, from: monday, .week, day: 6), first: monday, bucket: .week)
        .partialFrom)
    let january2023 = CivilTime.seconds(year: 2023, month: 1, day: 1)
    var monthEnds = latest(13, from: january2023, .month, day: -1)
    monthEnds[12] = CivilTime.seconds(year: 2024, month: 1, day: 31)
    let months = TableEnd(rows: Array(repeating: 50, count: 13), latest: monthEnds, first: january2023, bucket: .month)
    XCTAssertNil(months.partialFrom)
    XCTAssertNil(months.thinTail)
    XCTAssertEqual(months.describe(bucket: .month, timeColumn: "t"), [])
  }

  func testAQuietDayInASmallTableIsChanceNotACut() {
    // Two rows a day, then none for two days: P(0 | Poisson(4)) = e^-4 ≈ 0.018 > 0.001.
    var rows = Array(repeating: 2, count: 56)
    rows[54] = 0
    rows[55] = 0
    XCTAssertNil(TableEnd(rows: rows, latest: dailyLatest(rows, from: monday), first: monday, bucket: .day).thinTail)
    // The same tail in a table of 100 rows a day is a cut.
    var busy = Array(repeating: 100, count: 56)
    busy[54] = 3
    busy[55] = 1
    let end = TableEnd(rows: busy, latest: dailyLatest(busy, from: monday), first: monday, bucket: .day)
    XCTAssertEqual(end.thinTail, TableEnd.ThinTail(steps: 2, from: monday + 54 * 86_400, rows: 4, usual: 200))
    XCTAssertEqual(
      end.describe(bucket: .day, timeColumn: "At"),
      ["the last 2 days (2024-02-24 to 2024-02-25) have 4 rows where the same weekdays of the four weeks before had"
        + " about 200: the table may stop partway (an export cut short); 'where At < 2024-02-24' leaves them out"])
  }

  func testALastWeekOrMonthTheRowsStopPartwayThroughIsPartial() {
    // Rows up to Wednesday of the last week (at 17:00): Thursday to Sunday are missing.
    var sundays = latest(6, from: monday, .week, day: 6)
    sundays[5] = monday + 7 * 86_400 * 5 + 2 * 86_400 + 17 * 3_600
    let weeks = TableEnd(rows: Array(repeating: 500, count: 6), latest: sundays, first: monday, bucket: .week)
    XCTAssertEqual(weeks.partialFrom, monday + 7 * 86_400 * 5)
    XCTAssertEqual(
      weeks.describe(bucket: .week, timeColumn: "InvoiceDate"),
      ["the last week (from 2024-02-05) has rows only up to 2024-02-07: if the table stops there, that week is not"
        + " whole and its sum looks low; 'where InvoiceDate < 2024-02-05' leaves it out"])
  }

  func testPoissonTailAgainstReferenceValues() {
    // e^-3 (1 + 3 + 9/2) = 0.42319008112684353 (python3: math.exp(-3) * 8.5).
    XCTAssertEqual(TableEnd.poissonAtMost(2, mean: 3), 0.42319008112684353, accuracy: 1e-15)
    XCTAssertEqual(TableEnd.poissonAtMost(0, mean: 4), exp(-4), accuracy: 1e-15)
    // Far in the tail the sum does not underflow to a wrong 0 or overflow: scipy.stats.poisson.cdf(10, 406.5)
    // is about 1.1e-150.
    let deep = TableEnd.poissonAtMost(10, mean: 406.5)
    XCTAssertGreaterThan(deep, 0)
    XCTAssertLessThan(deep, 1e-140)
    XCTAssertEqual(TableEnd.poissonAtMost(1_000, mean: 10), 1, accuracy: 1e-12)
  }

  /// The bundled log stops on Friday 2011-12-09: a weekly panel's last week lacks its
  /// weekend, and a monthly panel's December has nine days.
  func testTheBundledLogsLastWeekAndMonthAreSaidToBePartial() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let sold = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
    _ = f.output("model w = forecaster snaive value Quantity time InvoiceDate every week")
    XCTAssertTrue(
      f.output("backtest w on sold folds 2 horizon 4").contains(
        "backtest w: the last week (from 2011-12-05) has rows only up to 2011-12-09"))
    _ = f.output("model m = forecaster snaive value Quantity time InvoiceDate every month")
    XCTAssertTrue(
      f.output("backtest m on sold folds 1 horizon 2").contains(
        "backtest m: the last month (from 2011-12-01) has rows only up to 2011-12-09"))
    // Without that week, nothing is said.
    _ = f.output("let cut = sold | where InvoiceDate < 2011-12-05")
    XCTAssertFalse(f.output("backtest w on cut folds 2 horizon 4").contains("the last week"))
  }

  /// A panel stamps each step once, on whatever day, and a shop may be closed at the end of
  /// every week: the last step is judged against where the steps before it stop, not
  /// against the calendar.
  func testPanelsAndClosedDaysAreNotSaidToEndPartway() throws {
    let january2008 = CivilTime.seconds(year: 2008, month: 1, day: 1)
    let firstOfMonth = TableEnd(
      rows: Array(repeating: 42, count: 24), latest: latest(24, from: january2008, .month, day: 0), first: january2008,
      bucket: .month)
    XCTAssertNil(firstOfMonth.partialFrom)
    // Weeks stamped on their Friday, several rows each (stores summed per week); a shop
    // closed on Sundays whose last row is a Saturday.
    for day in [4, 5] {
      let weeks = TableEnd(
        rows: Array(repeating: 12, count: 30), latest: latest(30, from: monday, .week, day: day), first: monday,
        bucket: .week)
      XCTAssertNil(weeks.partialFrom, "weeks ending on day \(day)")
    }
    // A February that ends on its 29th after months that end on their 31st or 30th is whole;
    // one that stops on its 20th is not.
    var february = latest(14, from: january2008, .month, day: -1)
    XCTAssertNil(TableEnd(rows: Array(repeating: 9, count: 14), latest: february, first: january2008, bucket: .month).partialFrom)
    february[13] = CivilTime.seconds(year: 2009, month: 2, day: 20)
    XCTAssertEqual(
      TableEnd(rows: Array(repeating: 9, count: 14), latest: february, first: january2008, bucket: .month).partialFrom,
      CivilTime.seconds(year: 2009, month: 2, day: 1))
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let monthly = orders | resample InvoiceDate by month agg units = sum(Quantity)")
    _ = f.output("model m = forecaster snaive value units time InvoiceDate every month")
    XCTAssertFalse(f.output("backtest m on monthly folds 1 horizon 2").contains("the last month"))
  }

  /// The monthly Australian retail panel: 42 series, one row per month stamped on its 1st.
  func testTheAustralianMonthlyPanelIsNotSaidToEndPartway() throws {
    let path = try testDataPath("aus-retail-monthly/aus_retail_monthly_long.csv")
    let f = try RuntimeFixture()
    _ = f.output("let a = load \"\(path)\"")
    _ = f.output("model e = forecaster snaive value value time date by item every month")
    let out = f.output("backtest e on a folds 1 horizon 12")
    XCTAssertTrue(out.contains("backtest e: 42 series of value per month by item"), out)
    XCTAssertFalse(out.contains("the last month"), out)
    // Summed over its 42 series (python3, csv module: each of its 333 months has 42 rows, all
    // dated the 1st, the last 2009-12-01): the total retail turnover per month, also whole.
    _ = f.output("model t = forecaster snaive value value time date every month")
    let total = f.output("backtest t on a folds 1 horizon 12")
    XCTAssertTrue(total.contains("backtest t: 1 series of value per month, 333 steps"), total)
    XCTAssertFalse(total.contains("the last month"), total)
  }

  /// M5's daily panel runs Saturday 2011-01-29 to Sunday 2016-06-19 (python3, csv module:
  /// min and max of ds, and every week from 2011-01-31 has rows on its Sunday). Cut to end
  /// on a Friday, its last week is partial; whole, it is not.
  func testAWeeklyM5PanelCutOnAFridayIsPartial() throws {
    let path = try testDataPath("m5_sales_exog_small/m5_sales_exog_small.csv")
    let f = try RuntimeFixture()
    _ = f.output("let m = load \"\(path)\"")
    _ = f.output("model w = forecaster snaive value y time ds every week")
    XCTAssertFalse(f.output("backtest w on m folds 1 horizon 4").contains("the last week"))
    _ = f.output("let cut = m | where ds < 2016-06-18")
    XCTAssertTrue(
      f.output("backtest w on cut folds 1 horizon 4").contains(
        "backtest w: the last week (from 2016-06-13) has rows only up to 2016-06-17"))
  }

  /// Diginetica's purchases stop on 2016-06-01, then a trickle of rows follows for two weeks.
  func testACutShortLogIsFlaggedOnRealData() throws {
    let purchases = try testDataPath("diginetica-purchases/train-purchases.csv")
    let categories = try testDataPath("diginetica-purchases/product-categories.csv")
    let f = try RuntimeFixture()
    _ = f.output("let categories = load \"\(categories)\"")
    _ = f.output("let p = load \"\(purchases)\" | join categories on itemId")
    _ = f.output("let top = p | group by categoryId | count | sort count desc | head 5")
    _ = f.output("let daily = p | join top on categoryId | derive units = 1")
    _ = f.output("model d = forecaster snaive value units time eventdate by categoryId")
    // python3 (csv module): purchases joined to their category, the five categories with
    // most rows (822, 47, 88, 402, 755), rows per day; from the last day back, each day below
    // a quarter of the median of the same weekday in the four weeks before: 14 days from
    // 2016-06-02, 10 rows against medians summing to 406.5.
    XCTAssertTrue(
      f.output("backtest d on daily folds 2 horizon 7").contains(
        "backtest d: the last 14 days (2016-06-02 to 2016-06-15) have 10 rows where the same weekdays of the four"
          + " weeks before had about 407"))
  }
}
