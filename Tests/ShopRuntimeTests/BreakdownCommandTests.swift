import ShopCore
import ShopFrames
import ShopRuntime
import ShopTestSupport
import XCTest

/// Breakdowns by several terms, period starts, rates of aggregates and the two-proportion
/// comparison, on the generated checkout log (data/checkout-events: a payment incident
/// planted in mobile's week of 2026-02-02) and on Diginetica. Every figure is pandas's or
/// statsmodels's: `bench/.venv/bin/python bench/paths/reference_breakdowns.py ../shared/data`
/// prints each block quoted in the comments (a session counts in the breakdown of its
/// first row; weeks start on Monday; statsmodels `proportions_ztest`).
final class BreakdownCommandTests: XCTestCase {
  func fixture() throws -> RuntimeFixture {
    let f = try RuntimeFixture()
    _ = f.output("let ev = load \"data/checkout-events/checkout_events.csv\"")
    return f
  }

  func table(_ f: RuntimeFixture, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> Frame? {
    let outcome = f.run(text)
    guard case .frame(let t)? = outcome.value else {
      XCTFail("\(text)\n\(outcome.transcript)", file: file, line: line)
      return nil
    }
    return t
  }

  func vals(_ t: Frame, _ column: String) -> [Scalar] {
    guard let c = t.column(named: column) else { return [] }
    return (0..<c.count).map { c[$0] }
  }

  func numbers(_ t: Frame, _ column: String) -> [Double] { vals(t, column).map { $0.doubleValue ?? .nan } }

  func testConversionBySeveralTermsInTimeOrder() throws {
    let f = try fixture()
    let t = try XCTUnwrap(table(f, "ev | conversion per session_id when event == \"purchase\" by platform, week(timestamp)"))
    XCTAssertEqual(t.columnNames, ["platform", "week(timestamp)", "units", "converted", "conversion_rate"])
    // pandas "checkout conversion by platform, ISO week": desktop weeks 2-7 then mobile
    XCTAssertEqual(Array(vals(t, "platform").prefix(6)), Array(repeating: .string("desktop"), count: 6))
    XCTAssertEqual(numbers(t, "week(timestamp)"), [2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6, 7])
    XCTAssertEqual(numbers(t, "units"), [111, 105, 91, 109, 90, 103, 89, 95, 109, 91, 110, 97])
    XCTAssertEqual(numbers(t, "converted"), [42, 28, 27, 36, 33, 26, 30, 30, 32, 17, 12, 32])
  }

  func testTruncWeekFillsEmptyPeriods() throws {
    let f = try fixture()
    // pandas "checkout conversion by week start", with mobile's week of 2026-01-19 removed
    let t = try XCTUnwrap(
      table(
        f,
        "ev | where platform == \"mobile\" and trunc(timestamp, week) != 2026-01-19 | conversion per session_id when event == \"purchase\" by trunc(timestamp, week)"
      ))
    XCTAssertEqual(vals(t, "trunc(timestamp, week)").count, 6)
    XCTAssertEqual(
      vals(t, "trunc(timestamp, week)"),
      ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09"].map {
        .datetime(DateTextParser.parse($0) ?? 0)
      })
    XCTAssertEqual(numbers(t, "units"), [89, 95, 0, 91, 110, 97])
    XCTAssertEqual(vals(t, "conversion_rate")[2], .null)
    // trunc's periods
    let p = try XCTUnwrap(
      table(
        f,
        "ev | head 1 | derive d = trunc(timestamp, day), m = trunc(timestamp, month), q = trunc(timestamp, quarter), y = trunc(timestamp, \"year\") | select d, m, q, y"
      ))
    XCTAssertEqual(vals(p, "q"), [.datetime(DateTextParser.parse("2026-01-01") ?? 0)])
    XCTAssertEqual(f.run("ev | derive w = trunc(timestamp, fortnight)").errorMessage,
      "trunc's second argument is the period: day, week, month, quarter, year")
  }

  func testFunnelBySeveralTermsFillsEmptyPeriods() throws {
    let f = try fixture()
    let text =
      "ev | where not (platform == \"mobile\" and trunc(timestamp, week) == 2026-01-19) | funnel steps \"cart\", \"shipping_details\", \"purchase\" per session_id time timestamp by platform, trunc(timestamp, week)"
    let t = try XCTUnwrap(table(f, text))
    XCTAssertEqual(Array(t.columnNames.prefix(5)), ["platform", "trunc(timestamp, week)", "step", "name", "units"])
    // pandas, bench/paths/reference_funnel_kpi_breakdowns.py "funnel cart > shipping_details >
    // purchase by platform, week": each session from its first cart, in the platform and
    // Monday week of that row; mobile's week of 2026-01-19 (filtered out) present at 0.
    XCTAssertEqual(t.rowCount, 36)
    XCTAssertEqual(
      numbers(t, "units"),
      [
        61, 51, 42, 49, 34, 28, 45, 38, 27, 57, 42, 36, 45, 40, 33, 47, 33, 26,
        46, 33, 30, 48, 37, 30, 0, 0, 0, 37, 29, 17, 60, 43, 12, 54, 42, 32,
      ])
    let weeks = ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09"]
    let weekOfRow = weeks.flatMap { Array(repeating: Scalar.datetime(DateTextParser.parse($0) ?? 0), count: 3) }
    XCTAssertEqual(vals(t, "trunc(timestamp, week)"), weekOfRow + weekOfRow)
    XCTAssertEqual(numbers(t, "step"), Array(repeating: [1.0, 2, 3], count: 12).flatMap { $0 })
    XCTAssertEqual(Array(vals(t, "name")[24..<27]), ["cart", "shipping_details", "purchase"].map { .string($0) })
    XCTAssertEqual(Array(vals(t, "step_conversion")[24..<27]), [.null, .null, .null])
    // The payment incident: mobile's week of 2026-02-02 keeps 12 of 43 at payment.
    assertClose(numbers(t, "step_conversion")[32], 12.0 / 43, tolerance: 1e-12)
    let transcript = f.run(text).transcript
    XCTAssertTrue(transcript.contains("each unit in the platform, trunc(timestamp, week) of its step-1 row"), transcript)
    XCTAssertTrue(transcript.contains("periods in time order, empty ones included"), transcript)
    XCTAssertFalse(transcript.contains("__by"), transcript)
  }

  func testKpiBySeveralTermsFillsEmptyPeriods() throws {
    let f = try RuntimeFixture()
    _ = f.output("let o = load \"data/online-retail/online_retail_non_uk.csv\"")
    let t = try XCTUnwrap(
      table(
        f,
        "o | where Country == \"Germany\" and month(InvoiceDate) != 3 | kpi orders, gmv, aov by Country, trunc(InvoiceDate, month)"
      ))
    XCTAssertEqual(t.columnNames, ["Country", "trunc(InvoiceDate, month)", "orders", "gmv", "aov"])
    // pandas, bench/paths/reference_funnel_kpi_breakdowns.py "Germany without March":
    // nunique(InvoiceNo) and sum(Quantity * UnitPrice) over sale lines per calendar month,
    // reindexed from the first month to the last (March present at 0).
    XCTAssertEqual(
      vals(t, "trunc(InvoiceDate, month)"),
      (0..<13).map { i in
        let (y, m) = i == 0 ? (2010, 12) : (2011, i)
        return .datetime(DateTextParser.parse(String(format: "%d-%02d-01", y, m)) ?? 0)
      })
    XCTAssertEqual(numbers(t, "orders"), [30, 31, 19, 0, 23, 42, 24, 33, 39, 41, 58, 68, 17])
    let gmv = [15241.14, 16910.84, 9581.05, 0, 12315.54, 25751.20, 13274.10, 16440.98, 19220.77, 18091.22, 31638.42, 28025.02, 7984.17]
    for (a, b) in zip(numbers(t, "gmv"), gmv) { assertClose(a, b, tolerance: 0.005) }
    XCTAssertEqual(vals(t, "aov")[3], .null)
    XCTAssertEqual(Set(vals(t, "Country")), [.string("Germany")])
    // A period word stays the one-term shorthand (orders by their first line).
    XCTAssertEqual(
      f.run("o | kpi orders by month, Country").errorMessage,
      "expected 'month' alone; with other terms, a period is an expression such as trunc(InvoiceDate, month)")
  }

  func testCompareThisWeekWithTheFourBefore() throws {
    let f = try fixture()
    let t = try XCTUnwrap(
      table(
        f,
        "ev | conversion per session_id when event == \"purchase\" by platform, trunc(timestamp, week) | compare_rates 2026-02-02 vs previous 4"
      ))
    // statsmodels proportions_ztest: desktop 33/90 vs 133/416, z 0.860266, p 0.389642;
    // mobile 12/110 vs 109/384, z -3.757755, p 0.000171445
    XCTAssertEqual(vals(t, "platform"), [.string("desktop"), .string("mobile")])
    XCTAssertEqual(numbers(t, "b_units"), [416, 384])
    XCTAssertEqual(numbers(t, "b_converted"), [133, 109])
    assertClose(numbers(t, "z")[0], 0.860266, tolerance: 1e-6)
    assertClose(numbers(t, "p_value")[0], 0.389642, tolerance: 1e-5)
    assertClose(numbers(t, "z")[1], -3.757755, tolerance: 1e-6)
    assertClose(numbers(t, "p_value")[1], 0.000171445, tolerance: 1e-6)
    assertClose(numbers(t, "change")[1], -0.174763, tolerance: 1e-6)
    // all sessions: 45/200 vs 242/800, z -2.167085, p 0.0302284
    let all = try XCTUnwrap(
      table(f, "ev | conversion per session_id when event == \"purchase\" by trunc(timestamp, week) | compare_rates 2026-02-02 vs previous 4"))
    assertClose(numbers(all, "z")[0], -2.167085, tolerance: 1e-6)
    assertClose(numbers(all, "p_value")[0], 0.0302284, tolerance: 1e-6)
    // segments: the incident week, mobile vs desktop: z -4.339758, p 1.4264e-05
    let seg = try XCTUnwrap(
      table(
        f,
        "ev | where trunc(timestamp, week) == 2026-02-02 | conversion per session_id when event == \"purchase\" by platform | compare_rates \"mobile\" vs \"desktop\""
      ))
    assertClose(numbers(seg, "z")[0], -4.339758, tolerance: 1e-6)
    assertClose(numbers(seg, "p_value")[0], 1.4264e-05, tolerance: 1e-8)
    XCTAssertEqual(
      f.run("ev | conversion per session_id when event == \"purchase\" by platform | compare_rates \"tablet\" vs \"desktop\"")
        .errorMessage, "no platform is tablet; it holds desktop, mobile")

    // A value typed bare is a name: the caret says to quote it.
    let bare = f.run("ev | conversion per session_id when event == \"purchase\" by platform | compare_rates mobile vs \"desktop\"")
    XCTAssertTrue(bare.errorRendered?.contains("^^^^^^ a text value goes in quotes: \"mobile\"") ?? false, bare.errorRendered ?? "")
    // Weeks in time order need no note; sorted otherwise, 'last' is no longer the latest week.
    let weekly = "ev | conversion per session_id when event == \"purchase\" by trunc(timestamp, week)"
    XCTAssertFalse(f.output(weekly + " | compare_rates last vs previous 4").contains("note:"))
    XCTAssertTrue(
      f.output(weekly + " | sort conversion_rate | compare_rates last vs previous 4").contains(
        "note: 'last' and 'previous N' follow the table's rows, and trunc(timestamp, week) does not ascend in them"))
  }

  func testRatesOfAggregates() throws {
    let f = try fixture()
    // pandas "sessions per user by platform": desktop 1.380952, mobile 1.452088 (3,512 and 3,729 events)
    let g = try XCTUnwrap(
      table(f, "ev | group by platform | agg rate = nunique(session_id) / nunique(user_id), n = count() | sort platform"))
    XCTAssertEqual(g.columnNames, ["platform", "rate", "n"])
    assertClose(numbers(g, "rate")[0], 1.380952, tolerance: 1e-6)
    assertClose(numbers(g, "rate")[1], 1.452088, tolerance: 1e-6)
    XCTAssertEqual(numbers(g, "n"), [3512, 3729])
    // pandas "events per session by week (resample)"
    let r = try XCTUnwrap(
      table(f, "ev | resample timestamp by week agg per_session = count() / nunique(session_id)"))
    XCTAssertEqual(numbers(r, "per_session"), [6.280, 5.875, 5.965, 5.760, 6.155, 6.170])
    XCTAssertEqual(f.run("ev | agg nunique(session_id) / 2").errorMessage,
      "expected a name for the result: rate = nunique(a) / nunique(b)")
  }

  func testDigineticaWeeklyConversionAndComparison() throws {
    let views = try testDataPath("diginetica-sample/sample_train-item-views.csv")
    let buys = try testDataPath("diginetica-purchases/train-purchases.csv")
    let f = try RuntimeFixture()
    _ = f.output("let v = load \"\(views)\" | derive event = \"view\" | select session_id, timeframe, eventdate, event")
    _ = f.output(
      "let b = load \"\(buys)\" | rename sessionId to session_id | derive event = \"purchase\" | select session_id, timeframe, eventdate, event")
    let t = try XCTUnwrap(
      table(
        f,
        "v | union b | sort session_id, timeframe | conversion per session_id when event == \"purchase\" among event == \"view\" by trunc(eventdate, week)"
      ))
    // pandas "diginetica view sessions: conversion by week of the first row's eventdate":
    // 23 weeks from 2015-12-28 to 2016-05-30, none empty
    XCTAssertEqual(t.rowCount, 23)
    XCTAssertEqual(vals(t, "units").first, .int(1))
    XCTAssertEqual(Array(numbers(t, "units").suffix(3)), [60, 232, 106])
    XCTAssertEqual(Array(numbers(t, "converted").suffix(3)), [6, 10, 7])
    let c = try XCTUnwrap(table(f, "v | union b | sort session_id, timeframe | conversion per session_id when event == \"purchase\" among event == \"view\" by trunc(eventdate, week) | compare_rates last vs previous 4"))
    // last week vs the 4 before: 7/106 vs 27/512, z 0.546761, p 0.584543
    XCTAssertEqual(numbers(c, "b_units"), [512])
    assertClose(numbers(c, "z")[0], 0.546761, tolerance: 1e-6)
    assertClose(numbers(c, "p_value")[0], 0.584543, tolerance: 1e-6)
  }
}
