import ShopTestSupport
import XCTest

/// A table whose rows come in coarser steps than the forecaster reads (a weekly or monthly
/// panel read per day or week) is said to, with the step that fits (`CoarserSteps`).
final class CoarserStepsTests: XCTestCase {
  func testAWeeklyTableReadPerDayIsSaidToBeWeekly() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let wk = orders | where Quantity > 0 | resample InvoiceDate by week agg units = sum(Quantity)")
    _ = f.output("model d = forecaster snaive value units time InvoiceDate")
    let out = f.output("backtest d on wk folds 1 horizon 14")
    XCTAssertTrue(
      out.contains(
        "backtest d: the series has rows on one day of each week, week after week: the table looks weekly, so most"
          + " days are 0 here; 'every week' reads it step for step"), out)
    // Read per week it is step for step, and nothing is said.
    _ = f.output("model w = forecaster snaive value units time InvoiceDate every week")
    XCTAssertFalse(f.output("backtest w on wk folds 1 horizon 4").contains("the table looks"))
  }

  func testSparseTransactionsAreNotMistakenForAPanel() throws {
    // Customers buy on a few days each (98 % of their days are 0), products on many: both
    // have days in one week or month that are not alone in it.
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let sold = orders | where Quantity > 0")
    _ = f.output("let top = sold | group by StockCode | agg n = count() | sort n desc | head 30")
    _ = f.output("let t = sold | join top on StockCode")
    _ = f.output("model p = forecaster snaive value Quantity time InvoiceDate by StockCode")
    XCTAssertFalse(f.output("backtest p on t folds 1 horizon 14").contains("the table looks"))
    _ = f.output("model c = forecaster snaive value Quantity time InvoiceDate by CustomerID")
    XCTAssertFalse(f.output("backtest c on sold folds 1 horizon 14").contains("the table looks"))
  }

  /// The Australian retail panel: one row per series and month, stamped on the 1st.
  func testTheAustralianMonthlyPanelReadPerWeekIsSaidToBeMonthly() throws {
    let path = try testDataPath("aus-retail-monthly/aus_retail_monthly_long.csv")
    let f = try RuntimeFixture()
    _ = f.output("let a = load \"\(path)\"")
    _ = f.output("model w = forecaster snaive value value time date by item every week")
    let out = f.output("backtest w on a folds 1 horizon 4")
    XCTAssertTrue(
      out.contains("backtest w: every series has rows on one week of each month, month after month: the table looks monthly"),
      out)
  }
}
