import Foundation
import ShopCore
import ShopModels
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

  /// MASE is scaled by the seasonal naive error (52 weeks back for weeks): a training part
  /// of a year or less has no such error, and the table says '—' and why rather than NaN.
  func testAMetricNoSeriesCanBeScaledOnShowsADashAndWhy() throws {
    let f = try fixture()
    _ = f.output("model w = forecaster snaive value Quantity time InvoiceDate by StockCode every week")
    let out = f.output("backtest w on daily folds 1 horizon 4")
    // python3 (csv module): the top three products' weeks (Monday starts) from each one's
    // first sale to the table's last week, 2011-12-05: 31, 54 and 54, so at most 50 weeks
    // train before the 4-week window, fewer than a season and a step (53).
    XCTAssertTrue(out.contains("rolling origin: 1 fold × 4 weeks"), out)
    let mase = out.split(separator: "\n").first { $0.hasPrefix("MASE") }.map(String.init) ?? ""
    XCTAssertEqual(mase.split(separator: " ").map(String.init), ["MASE", "—", "—", "—"], out)
    XCTAssertFalse(out.contains("NaN"), out)
    XCTAssertTrue(out.contains("note: no MASE (—): it is scaled by the error of the value one season (52 weeks) before"), out)
    // RMSSE (lag 1) is still there.
    let rmsse = out.split(separator: "\n").first { $0.hasPrefix("RMSSE") }.map(String.init) ?? ""
    XCTAssertEqual(rmsse.split(separator: " ").count, 4, out)
    XCTAssertFalse(rmsse.contains("—"), out)
  }

  /// A table that stamps every row at the same place in its step (a week on its Friday, a
  /// month on its last day) gets forecast and history rows stamped the same way, so they
  /// join back to it; a log of transactions gets each step's start.
  func testForecastRowsAreStampedAsTheTableStampsItsSteps() throws {
    let folder = NSTemporaryDirectory() + "/forecast-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let f = try RuntimeFixture(dbPath: folder + "/s.db")
    f.loadOrders()
    _ = f.output("let sold = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
    _ = f.output("let weeks = sold | resample InvoiceDate by week agg units = sum(Quantity) | derive ending = InvoiceDate + 4d")
    _ = f.output("model w = forecaster snaive value units time ending every week")
    _ = f.output("train w on weeks")
    // python3: the bundled log's last row is on Friday 2011-12-09, in the week of Monday
    // 2011-12-05; that Friday and the two after it.
    XCTAssertEqual(
      f.output("forecast w horizon 2 history 1 | select ending | print"),
      "ending\n──────────\n2011-12-09\n2011-12-16\n2011-12-23")
    _ = f.output("let months = sold | resample InvoiceDate by month agg units = sum(Quantity) | derive last_day = month_start(InvoiceDate + 31d) - 1d")
    _ = f.output("model m = forecaster snaive value units time last_day every month")
    _ = f.output("train m on months")
    XCTAssertEqual(
      f.output("forecast m horizon 3 history 1 | select last_day | print"),
      "last_day\n──────────\n2011-12-31\n2012-01-31\n2012-02-29\n2012-03-31")
    // The stamp is stored with the model.
    let later = try RuntimeFixture(dbPath: folder + "/s.db")
    XCTAssertEqual(later.output("forecast m horizon 1 | select last_day | print"), "last_day\n──────────\n2012-01-31")
    // Transactions fall anywhere in their weeks: each step's start, a Monday.
    _ = f.output("model t = forecaster snaive value Quantity time InvoiceDate every week")
    _ = f.output("train t on sold")
    XCTAssertEqual(
      f.output("forecast t horizon 1 history 1 | select InvoiceDate | print"),
      "InvoiceDate\n───────────\n2011-12-05\n2011-12-12")
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

  /// Ctrl-C during `train` stops the LSTM as it stops every model: after the current batch,
  /// with the best epoch's weights kept and a model that forecasts.
  func testCtrlCStopsTheLSTMAndKeepsTheBestWeights() throws {
    let f = try fixture()
    // Wide and with many members, so training outlasts the interrupt's delay; the interrupt
    // is withdrawn after the command so it cannot fall on a later test.
    _ = f.output("model l = forecaster lstm value Quantity time InvoiceDate by StockCode horizon 7 hidden 256 epochs 2000 ensemble 20")
    let interrupt = DispatchWorkItem { Cancellation.shared.request() }
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.5, execute: interrupt)
    let outcome = f.run("train l on daily")
    interrupt.cancel()
    XCTAssertEqual(outcome.status, .cancelled, outcome.transcript)
    XCTAssertTrue(outcome.output.contains("interrupted by Ctrl-C after"), outcome.output)
    XCTAssertFalse(outcome.output.contains("epoch 2000/2000"), "the interrupt came too late")
    Cancellation.shared.reset()
    let rows = f.output("forecast l horizon 7 | count")
    XCTAssertTrue(rows.contains("21"), rows)  // 3 series × 7 steps
  }

  /// Exogenous columns are averaged per day and interpolated over days without rows; a
  /// forecast needs their values over the horizon and says which are missing.
  func testExogenousColumnsNeedTheirFutureValues() throws {
    let f = try fixture()
    _ = f.output("model x = forecaster lstm value Quantity time InvoiceDate by StockCode exogenous UnitPrice horizon 7 epochs 1")
    _ = f.output("train x on daily")
    let panel = try XCTUnwrap(try ModelRegistry.lookup("x", in: f.session, at: nil).forecast?.panel)
    XCTAssertEqual(panel.exogenousNames, ["UnitPrice"])
    let s = try XCTUnwrap(panel.series.first { $0.key == "23084" })
    // python3 (csv module): 23084's sales rows of 2011-05-11 and 2011-05-12 have mean unit
    // prices 1.935 (2 rows) and 1.98333 (3 rows); its next two days have no rows and lie
    // between two days at 2.08.
    XCTAssertEqual(s.exogenous[0][0], 1.935, accuracy: 1e-9)
    XCTAssertEqual(s.exogenous[0][1], 5.95 / 3, accuracy: 1e-9)
    XCTAssertEqual(s.exogenous[0][3], 2.08, accuracy: 1e-9)

    let none = f.run("forecast x horizon 7")
    XCTAssertEqual(
      none.errorMessage,
      "'x' reads 'UnitPrice' over the forecast: give their values for the next 7 days in a table, 'forecast x … future TABLE'")
    // Future prices for the 7 days after 2011-12-09, first one day short for 21212.
    let folder = NSTemporaryDirectory() + "/future-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var lines = ["StockCode,InvoiceDate,UnitPrice"]
    for code in ["23084", "22492", "21212"] {
      for day in 10...16 { lines.append("\(code),2011-12-\(day) 00:00:00,1.5") }
    }
    try lines.dropLast().joined(separator: "\n").write(toFile: folder + "/short.csv", atomically: true, encoding: .utf8)
    try lines.joined(separator: "\n").write(toFile: folder + "/full.csv", atomically: true, encoding: .utf8)
    _ = f.output("let short = load \"\(folder)/short.csv\" types StockCode: text, InvoiceDate: datetime")
    _ = f.output("let full = load \"\(folder)/full.csv\" types StockCode: text, InvoiceDate: datetime")
    XCTAssertEqual(
      f.run("forecast x horizon 7 future short").errorMessage,
      "the future table has no 'UnitPrice' for series 21212 on 1 of the 7 forecast days: 2011-12-16")
    XCTAssertTrue(f.output("forecast x horizon 6 future short | count").contains("18"))
    XCTAssertTrue(f.output("forecast x horizon 7 future full | count").contains("21"))
  }

  /// `holidays uk` flags the built-in bank holidays; `holidays TABLE` the days of a table.
  func testHolidayFlagsComeFromTheUKListOrATable() throws {
    let f = try fixture()
    _ = f.output("model h = forecaster lstm value Quantity time InvoiceDate by StockCode holidays uk horizon 7 epochs 1")
    _ = f.output("train h on daily")
    let panel = try XCTUnwrap(try ModelRegistry.lookup("h", in: f.session, at: nil).forecast?.panel)
    XCTAssertEqual(panel.exogenousNames, ["holiday"])
    // python3 (csv module): 22492 and 21212 sell from 2010-12-01, 23084 from 2011-05-11, to
    // 2011-12-09; England and Wales bank holidays in those spans (gov.uk list): 9, 9 and 2.
    let counts = Dictionary(uniqueKeysWithValues: panel.series.map { ($0.key, $0.exogenous[0].reduce(0, +)) })
    XCTAssertEqual(counts, ["22492": 9, "21212": 9, "23084": 2])
    // A user table: the days 23084 sold are its holidays, so the flag is exactly "sold that day".
    _ = f.output("let days = daily | where StockCode == \"23084\" | select InvoiceDate")
    _ = f.output("model t = forecaster lstm value Quantity time InvoiceDate by StockCode holidays days horizon 7 epochs 1")
    _ = f.output("train t on daily")
    let own = try XCTUnwrap(try ModelRegistry.lookup("t", in: f.session, at: nil).forecast?.panel)
    let s = try XCTUnwrap(own.series.first { $0.key == "23084" })
    XCTAssertEqual(s.exogenous[0], s.values.map { $0 > 0 ? 1 : 0 })
    // The flags continue over the forecast from the calendar alone: no future table needed.
    XCTAssertTrue(f.output("forecast t horizon 7 | count").contains("21"))
    XCTAssertEqual(
      f.run("model e = forecaster ets value Quantity time InvoiceDate holidays uk").errorMessage,
      "only the lstm reads exogenous columns and holidays; 'ets' forecasts from the history alone")
  }

  /// Lags, rolling means, the calendar encoding and the trend input are options of the LSTM.
  func testFeatureOptionsShapeTheLSTMInputs() throws {
    let f = try fixture()
    let defined = f.output("model o = forecaster lstm value Quantity time InvoiceDate by StockCode lags 1, 14 rolling none calendar onehot trend yes yearly yes horizon 7 epochs 1")
    XCTAssertTrue(defined.contains("lags 1, 14 rolling none calendar onehot trend yes yearly yes"), defined)
    _ = f.output("train o on daily")
    let model = try XCTUnwrap(try ModelRegistry.lookup("o", in: f.session, at: nil).forecast?.model as? LSTMForecastModel)
    XCTAssertEqual(model.config.lags, [1, 14])
    XCTAssertEqual(model.config.rollingMeans, [])
    // The target, 2 lags, 7 weekdays one-hot, the trend, the month (sin, cos).
    XCTAssertEqual(model.features.width, 1 + 2 + 7 + 1 + 2)
    // 23084's first day, 2011-05-11, a Wednesday in May: weekday slot 2 (Monday 0), month 5.
    let s = try XCTUnwrap(model.history.series.first { $0.key == "23084" })
    let row = Array(model.features.rows(s, scale: 1).prefix(model.features.width))
    XCTAssertEqual(row[3...9].map { $0 }, [0, 0, 1, 0, 0, 0, 0])
    XCTAssertEqual(Double(row[11]), sin(2 * Double.pi * 4 / 12), accuracy: 1e-6)
    XCTAssertEqual(Double(row[12]), cos(2 * Double.pi * 4 / 12), accuracy: 1e-6)
    // `yearly onehot`: 12 month flags instead, May's (slot 4) set.
    _ = f.output("model m = forecaster lstm value Quantity time InvoiceDate by StockCode lags 1 rolling none calendar none yearly onehot horizon 7 epochs 1")
    _ = f.output("train m on daily")
    let monthly = try XCTUnwrap(try ModelRegistry.lookup("m", in: f.session, at: nil).forecast?.model as? LSTMForecastModel)
    XCTAssertEqual(monthly.config.month, .oneHot)
    XCTAssertEqual(monthly.features.width, 1 + 1 + 12)
    let first = Array(monthly.features.rows(s, scale: 1).prefix(monthly.features.width))
    XCTAssertEqual(first[2...].map { $0 }, [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    XCTAssertEqual(
      f.run("model p = forecaster lstm value Quantity time InvoiceDate lags 0").errorMessage,
      "lags must be whole numbers between 1 and 1000")
  }

  /// A run without a sale that reaches the table's end is said to be one: the product may be
  /// out of stock still, or no longer sold.
  func testAStockOutRunToTheEndIsSaidToMaybeBeAProductNoLongerSold() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let sold = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
    _ = f.output("let top = sold | group by StockCode | agg units = sum(Quantity) | sort units desc | head 40")
    _ = f.output("let daily = sold | join top on StockCode")
    _ = f.output("model a = forecaster snaive value Quantity time InvoiceDate by StockCode")
    let out = f.output("train a on daily")
    // python3 (csv module): 21915, one of the forty best sellers, sold on 84 days from
    // 2010-12-01, the last 2011-11-01; the log runs to 2011-12-09.
    XCTAssertTrue(out.contains("21915 2011-11-02 to the end (2011-12-09)"), out)
    XCTAssertTrue(out.contains("; a run to the end may be a product no longer sold, which left out is forecast at its level before"), out)
  }

  /// Stock-outs on real data: among the ten best sellers of the bundled log, the runs of
  /// open days (some product sold) without a sale that chance would hardly give are flagged,
  /// and `stockouts exclude` leaves them out of the scores.
  func testStockOutsAreFlaggedAndCanBeExcluded() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let sold = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
    _ = f.output("let top = sold | group by StockCode | agg units = sum(Quantity) | sort units desc | head 10")
    _ = f.output("let daily = sold | join top on StockCode")
    _ = f.output("model a = forecaster snaive value Quantity time InvoiceDate by StockCode")
    let kept = f.output("backtest a on daily folds 4 horizon 28")
    // python3 (csv module): per product, the days from its first sale to 2011-12-09 on which
    // any of the ten sold; p = share of those with a sale; runs of k ≥ 7 such days without a
    // sale and (1 − p)^k < 0.001: 22629 (p 0.546) 9 days from 2011-07-01, 23084 (p 0.417) 34
    // days from 2011-07-14 and 39 from 2011-09-04. Christmas, when nothing sold, is no run.
    XCTAssertTrue(
      kept.contains(
        "possible stock-outs (long runs without a sale while the others sold): 22629 2011-07-01 to 2011-07-13, "
          + "23084 2011-07-14 to 2011-08-25, 23084 2011-09-04 to 2011-10-25; 'stockouts exclude' leaves them out"),
      kept)
    _ = f.output("model b = forecaster snaive value Quantity time InvoiceDate by StockCode stockouts exclude")
    let excluded = f.output("backtest b on daily folds 4 horizon 28")
    XCTAssertTrue(excluded.contains("; left out of training and scores"), excluded)
    func rmsse(_ out: String) -> Double? {
      out.split(separator: "\n").first { $0.hasPrefix("RMSSE") }.flatMap { Double($0.split(separator: " ")[1]) }
    }
    // The last test window (from 2011-08-20) overlaps 23084's second run: fewer steps scored.
    XCTAssertNotEqual(rmsse(kept), rmsse(excluded))
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
