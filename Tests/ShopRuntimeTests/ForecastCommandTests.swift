import ShopTestSupport
import XCTest

@testable import ShopRuntime

/// The forecaster family in the language, on the bundled Online Retail log.
final class ForecastCommandTests: XCTestCase {
  private func fixture() throws -> RuntimeFixture {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let sold = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
    _ = f.output("let top = sold | group by StockCode | agg units = sum(Quantity) | sort units desc | head 3")
    _ = f.output("let daily = sold | join top on StockCode")
    return f
  }

  func testThePanelCountsEveryDayFromEachSeriesFirstSaleToTheLastDay() throws {
    let f = try fixture()
    _ = f.output("model n = forecaster snaive value Quantity time InvoiceDate by StockCode")
    let out = f.output("train n on daily")
    // python3 (csv module, dates parsed with strptime): the top three StockCodes by units
    // (23084, 22492, 21212); per product, the days from its first sale to the table's last
    // day (2011-12-09), summed: 961 steps, 664 of them without a sale.
    XCTAssertTrue(out.contains("3 series of Quantity per day by StockCode, 961 steps (664 steps without rows counted as 0), season 7"), out)
  }

  func testForecastIsATableWithBandsAndHistory() throws {
    let f = try fixture()
    _ = f.output("model e = forecaster ets value Quantity time InvoiceDate by StockCode")
    _ = f.output("train e on daily")
    let table = f.output("forecast e horizon 5 history 2 | count")
    XCTAssertTrue(table.contains("21"), table)  // 3 series × (2 history + 5 forecast)
    let rows = f.output("forecast e horizon 5 | where forecast < lower_80 or forecast > upper_80 or lower_95 > lower_80 | count")
    XCTAssertTrue(rows.contains("0"), "the point lies inside each band, the 95% band outside the 80% one: \(rows)")
    let negative = f.output("forecast e horizon 5 | where forecast < 0 or lower_95 < 0 | count")
    XCTAssertTrue(negative.contains("0"), "sales are floored at 0: \(negative)")
  }

  func testBacktestPrintsTheModelBesideTheBaselinesAndStoresIt() throws {
    let f = try fixture()
    _ = f.output("model a = forecaster adida value Quantity time InvoiceDate by StockCode")
    _ = f.output("train a on daily")
    let out = f.output("backtest a on daily folds 2 horizon 7")
    XCTAssertTrue(out.contains("rolling origin: 2 folds × 7 days, refit at each origin, forecasts floored at 0"), out)
    let header = out.split(separator: "\n").first { $0.hasPrefix("metric") }.map(String.init) ?? ""
    XCTAssertEqual(header.split(separator: " ").map(String.init), ["metric", "a", "snaive", "ets"], out)
    XCTAssertTrue(out.contains("RMSSE"), out)
  }

  func testLSTMTrainsForecastsAndComesBackFromTheStore() throws {
    let folder = NSTemporaryDirectory() + "/forecast-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let db = folder + "/s.db"
    let first = try RuntimeFixture(dbPath: db)
    first.loadOrders()
    _ = first.output("let daily = orders | where Quantity > 0 and StockCode == \"22326\"")
    _ = first.output("model l = forecaster lstm value Quantity time InvoiceDate horizon 7 window 14 epochs 2")
    let out = first.output("train l on daily")
    XCTAssertTrue(out.contains("epoch 2/2"), out)
    let before = first.output("forecast l horizon 7")
    let second = try RuntimeFixture(dbPath: db)
    XCTAssertEqual(second.output("forecast l horizon 7"), before, "the stored model forecasts the same")
    XCTAssertTrue((second.run("forecast l horizon 8").errorRendered ?? "").contains("at most 7 steps"))
  }

  func testMistakesSayWhatIsWrong() throws {
    let f = try fixture()
    func error(_ text: String) -> String { f.run(text).errorRendered ?? "" }
    XCTAssertTrue(error("model x = forecaster lsmt value Quantity time InvoiceDate").contains("did you mean 'lstm'"))
    XCTAssertTrue(error("model x = forecaster ets value Quantity").contains("'time COL'"))
    _ = f.output("model y = forecaster ets value Quantity time Country")
    XCTAssertTrue(error("train y on daily").contains("not a datetime"))
    _ = f.output("model z = recommender popular users CustomerID items StockCode")
    XCTAssertTrue(error("backtest z on daily").contains("backtest is for forecasters"))
  }
}
