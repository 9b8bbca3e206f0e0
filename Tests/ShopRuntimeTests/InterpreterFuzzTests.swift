import Foundation
import ShopCore
import ShopFrames
import ShopRuntime
import ShopTestSupport
import XCTest

/// No input, however wrong, may crash or hang the interpreter (issue 2, "nothing is
/// lost"): a crash loses the session. The fuzzer runs generated inputs through
/// `Interpreter.execute` and requires that each one ends, either fine or with a rendered
/// diagnostic pointing inside the input, and that the session still answers afterwards.
///
/// `SHOPLAB_FUZZ_COUNT` (default 10,000, about 10 s in debug) and `SHOPLAB_FUZZ_SEED` (default 1) widen a local
/// run; `SHOPLAB_FUZZ_TRACE=FILE` writes each input to FILE before running it, so the input
/// that crashed the process is in FILE afterwards; `SHOPLAB_FUZZ_VERBOSE=1` prints every
/// input with its outcome; `SHOPLAB_FUZZ_INPUTS=FILE` runs FILE's lines instead of
/// generated inputs.
final class InterpreterFuzzTests: XCTestCase {
  /// A session over an in-memory store whose working folder is a fresh temporary folder
  /// holding `orders.csv` (the first 300 rows of the bundled table), with `orders`, `empty`
  /// (no rows), `one` (one row), `nulls` (an all-null column `Blank`) and `labeled` (a
  /// yes/no column `big`) bound, and two trained models: `m` (behavior) and `c` (classifier).
  static func fuzzFixture() throws -> (RuntimeFixture, String) {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("shoplab-fuzz-\(getpid())-\(Int(Date().timeIntervalSince1970 * 1000))").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let csv = try String(
      contentsOfFile: repositoryRoot + "/data/online-retail/online_retail_non_uk.csv", encoding: .utf8)
    let head = csv.split(separator: "\n", maxSplits: 301, omittingEmptySubsequences: false).prefix(301)
    try (head.joined(separator: "\n") + "\n").write(toFile: folder + "/orders.csv", atomically: true, encoding: .utf8)
    let fixture = try RuntimeFixture(workingDirectory: folder)
    _ = fixture.output("let orders = load \"orders.csv\"")
    _ = fixture.output("let empty = orders | head 0")
    _ = fixture.output("let one = orders | head 1")
    _ = fixture.output("let nulls = orders | derive Blank = null")
    _ = fixture.output("let orders_ref = orders")
    _ = fixture.output("let labeled = orders | derive big = Quantity > 12")
    _ = fixture.output("model m = behavior users CustomerID items StockCode dim 4")
    _ = fixture.output("model c = classifier label big features Quantity, UnitPrice, Country")
    _ = fixture.output("train m on orders epochs 1")
    _ = fixture.output("train c on labeled epochs 1")
    return (fixture, folder)
  }

  /// Checks that a failed input's rendered error is a diagnostic pointing inside `text`.
  static func diagnosticProblem(_ outcome: Interpreter.Outcome, text: String) -> String? {
    guard let rendered = outcome.errorRendered, let message = outcome.errorMessage, !message.isEmpty else {
      return "failed without a diagnostic"
    }
    guard rendered.hasPrefix("error: ") else { return "diagnostic does not start with 'error: ':\n\(rendered)" }
    guard let locationLine = rendered.split(separator: "\n").first(where: { $0.hasPrefix(" --> session:") }) else {
      return nil
    }
    let parts = locationLine.dropFirst(" --> session:".count).split(separator: ":").compactMap { Int($0) }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0] >= 1, parts[0] <= lines.count,
      parts[1] >= 1, parts[1] <= lines[parts[0] - 1].count + 1
    else { return "diagnostic points outside the input: \(locationLine)" }
    return nil
  }

  func testGeneratedInputsEndInAResultOrADiagnostic() throws {
    let environment = ProcessInfo.processInfo.environment
    let count = environment["SHOPLAB_FUZZ_COUNT"].flatMap { Int($0) } ?? 10000
    let seed = environment["SHOPLAB_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
    let trace = environment["SHOPLAB_FUZZ_TRACE"]
    let verbose = environment["SHOPLAB_FUZZ_VERBOSE"] != nil
    let (fixture, folder) = try Self.fuzzFixture()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var fuzzer = InterpreterFuzzer(seed: seed)
    // A file of inputs, one a line, replaces the generated ones (to replay a finding).
    let listed = try environment["SHOPLAB_FUZZ_INPUTS"].map {
      try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n").map(String.init)
    }
    var problems: [String] = []
    var failed = 0
    let watchdog = FuzzWatchdog(limit: 60)
    defer { watchdog.stop() }
    for index in 0..<(listed?.count ?? count) {
      let text = listed?[index] ?? fuzzer.next()
      if let trace { try? "seed \(seed) input \(index)\n\(text)\n".write(toFile: trace, atomically: false, encoding: .utf8) }
      let started = Date()
      watchdog.begin(text)
      let outcome = fixture.run(text)
      watchdog.end()
      let seconds = Date().timeIntervalSince(started)
      if verbose { print("[\(index)] \(outcome.status) \(text)\n    \(outcome.errorMessage ?? outcome.output.prefix(80).description)") }
      if seconds > 5 { problems.append("input \(index) took \(Int(seconds)) s: \(text)") }
      switch outcome.status {
      case .ok: break
      case .cancelled: problems.append("input \(index) was cancelled: \(text)")
      case .error:
        failed += 1
        if let problem = Self.diagnosticProblem(outcome, text: text) { problems.append("input \(index): \(text)\n\(problem)") }
      }
      let check = fixture.run("orders_ref | count")
      if check.status != .ok || !check.output.contains("300") {
        problems.append("session unusable after input \(index): \(text)\n\(check.transcript)")
        break
      }
      if problems.count >= 20 { break }
    }
    XCTAssertEqual(problems, [], "seed \(seed)")
    guard listed == nil else { return }
    // A generator whose inputs all fail (or all pass) tests little: both must happen.
    XCTAssertGreaterThan(failed, count / 10, "too few generated inputs fail")
    XCTAssertLessThan(failed, count * 95 / 100, "too few generated inputs succeed")
  }
}

/// Ends the process, naming the input, when one input runs longer than `limit` seconds: a
/// hang would otherwise stall the whole test run without saying where.
final class FuzzWatchdog: @unchecked Sendable {
  private let lock = NSLock()
  private var current: (text: String, started: Date)?
  private var stopped = false

  init(limit: TimeInterval) {
    Thread.detachNewThread { [self] in
      while true {
        Thread.sleep(forTimeInterval: 1)
        lock.lock()
        let (running, done) = (current, stopped)
        lock.unlock()
        if done { return }
        if let running, Date().timeIntervalSince(running.started) > limit {
          FileHandle.standardError.write(Data("fuzz input hung for more than \(Int(limit)) s:\n\(running.text)\n".utf8))
          abort()
        }
      }
    }
  }

  func begin(_ text: String) { locked { current = (text, Date()) } }
  func end() { locked { current = nil } }
  func stop() { locked { stopped = true } }

  private func locked(_ body: () -> Void) {
    lock.lock()
    body()
    lock.unlock()
  }
}

/// Inputs the fuzzer found crashing the process, each run once more in a fresh session.
final class InterpreterFuzzRegressionTests: XCTestCase {
  /// Runs `text` after the fuzz fixture's setup and returns its outcome; the session must
  /// still answer afterwards.
  func outcome(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Interpreter.Outcome {
    let (fixture, folder) = try InterpreterFuzzTests.fuzzFixture()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let outcome = fixture.run(text)
    XCTAssertEqual(fixture.run("orders_ref | count").status, .ok, file: file, line: line)
    return outcome
  }

  /// `sample 9223372036854775807` trapped converting the Double back to Int; a count above
  /// the row count takes every row.
  func testSampleCountBeyondIntTakesEveryRow() throws {
    let outcome = try outcome("sample orders 9223372036854775807 seed 5 | count")
    XCTAssertEqual(outcome.status, .ok, outcome.transcript)
    XCTAssertEqual(outcome.output, "300")
    XCTAssertEqual(try self.outcome("orders | sample 1e308 | count").output, "300")
  }
}

extension InterpreterFuzzRegressionTests {
  /// `conversion … by COL` on a table without rows made one count for zero groups and
  /// trapped building the result ("columns of unequal length"); it is an empty breakdown.
  func testConversionByOnAnEmptyTableIsEmpty() throws {
    for text in [
      "conversion empty per StockCode when Quantity - 2 by UnitPrice | count",
      "empty | conversion when Quantity > 2 by Country | count",
      "empty | bounce_rate single-event per CustomerID time InvoiceDate by Country | count",
    ] {
      let outcome = try outcome(text)
      XCTAssertEqual(outcome.status, .ok, outcome.transcript)
      // The count, then the KPI's definition note.
      XCTAssertEqual(outcome.output.split(separator: "\n").first, "0", text)
    }
  }
}

extension InterpreterFuzzRegressionTests {
  /// `history … last -1` trapped taking a suffix of negative length, and `last` at Int.max
  /// overflowed `limit + 1`; a negative count is an error now.
  func testHistoryLastNegativeIsAnError() throws {
    let negative = try outcome("history session 0 search \"0\" last -1")
    XCTAssertEqual(negative.errorMessage, "how many must be at least 0")
    XCTAssertEqual(try outcome("history last 9223372036854775807 | count").status, .ok)
    XCTAssertEqual(try outcome("sessions last -1").errorMessage, "how many must be at least 0")
  }
}

extension InterpreterFuzzRegressionTests {
  /// `set chart_width 9223372036854775807` was accepted, and the next chart
  /// (`orders | chart box Quantity by InvoiceDate`) tried to allocate its canvas and died;
  /// chart and table sizes have an upper bound now.
  func testHugeChartSizesAreRefused() throws {
    let (fixture, folder) = try InterpreterFuzzTests.fuzzFixture()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    XCTAssertEqual(fixture.run("set chart_width 9223372036854775807").errorMessage, "chart_width must be at most 2000")
    XCTAssertEqual(fixture.run("set chart_height 100000000").errorMessage, "chart_height must be at most 1000")
    XCTAssertEqual(fixture.run("set width 1000000000").errorMessage, "width must be at most 10000")
    XCTAssertEqual(fixture.run("set chart_width 2000").status, .ok)
    let chart = fixture.run("orders | chart box Quantity by InvoiceDate")
    XCTAssertEqual(chart.status, .ok, chart.transcript)
  }
}

extension InterpreterFuzzRegressionTests {
  /// `nulls | ctr clicks ---1e308 by InvoiceDate` trapped converting whole-number click
  /// sums beyond Int (or infinite) to Int; such sums are shown as floats.
  func testCTRWithHugeClicksShowsFloats() throws {
    for text in ["nulls | ctr clicks ---1e308 by InvoiceDate", "orders | ctr clicks 1e308"] {
      let outcome = try outcome(text)
      XCTAssertEqual(outcome.status, .ok, outcome.transcript)
    }
    // 300 rows × 1e308 overflows to infinity: ctr = inf / 300.
    XCTAssertTrue(try outcome("orders | ctr clicks 1e308").output.contains("inf"))
  }
}

extension InterpreterFuzzRegressionTests {
  /// `model big = behavior … dim 100000000` was accepted and `train big on orders epochs 1`
  /// died allocating 6.8 GB of embeddings; model sizes have upper bounds now.
  func testHugeModelSizesAreRefused() throws {
    let (fixture, folder) = try InterpreterFuzzTests.fuzzFixture()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    XCTAssertEqual(
      fixture.run("model big = behavior users CustomerID items StockCode dim 100000000").errorMessage,
      "the embedding size must be between 1 and 512")
    XCTAssertEqual(
      fixture.run("model big = behavior users CustomerID items StockCode arch mlp hidden 64, 100000000").errorMessage,
      "a hidden layer size must be at most 4096")
    XCTAssertEqual(
      fixture.run("model big = behavior users CustomerID items StockCode negatives 1000000000").errorMessage,
      "negatives per positive must be between 0 and 100")
    XCTAssertEqual(
      fixture.run("model big = classifier label big features Quantity arch mlp hidden 1000000000").errorMessage,
      "a hidden layer size must be at most 4096")
    XCTAssertEqual(fixture.run("train big on orders epochs 1").errorMessage, "no model 'big'")
    XCTAssertEqual(fixture.run("model ok = behavior users CustomerID items StockCode dim 512 negatives 100").status, .ok)
  }
}

extension InterpreterFuzzRegressionTests {
  /// `train m on orders epochs 1 batch 9223372036854775807` overflowed counting batches;
  /// a batch larger than the data is one batch of everything.
  func testTrainingWithAHugeBatchRunsOneBatch() throws {
    let outcome = try outcome("train m on orders epochs 1 batch 9223372036854775807")
    XCTAssertEqual(outcome.status, .ok, outcome.transcript)
  }
}

extension InterpreterFuzzRegressionTests {
  /// `recommend m user 12583 k 9223372036854775807` overflowed reserving room for k + 1
  /// items (and `evaluate … k` goes through the same top-k); k beyond the items is all.
  func testRecommendAndEvaluateWithAHugeK() throws {
    for text in ["recommend m user 12583 k 9223372036854775807", "evaluate m on orders k 9223372036854775807"] {
      let outcome = try outcome(text)
      XCTAssertEqual(outcome.status, .ok, outcome.transcript)
    }
  }
}

extension InterpreterFuzzRegressionTests {
  /// `orders | join orders on Country` three times over asked for ~125 million rows and
  /// died allocating them; a join that would pass 200 million values is refused first.
  func testExplodingJoinIsRefused() throws {
    // 300 rows joined on Country: 19,528 pairs (sum over countries of n²), then 1,505,742
    // rows (sum of n³), then sum of n⁴ rows; awk over the first 300 data lines of the CSV:
    // head -301 online_retail_non_uk.csv | tail -300 | awk -F, '{c[$NF]++} END {for (k in c) s+=c[k]^4; print s}'
    let outcome = try outcome("orders | join orders on Country | join orders on Country | join orders on Country | count")
    XCTAssertEqual(
      outcome.errorMessage,
      "join would make 124,686,628 rows of 29 columns (the limit is 200,000,000 values): join on more keys, or filter first")
    XCTAssertEqual(try self.outcome("orders | join orders on Country | join orders on Country | count").output, "1505742")
  }
}

extension InterpreterFuzzRegressionTests {
  /// `… InvoiceDate + 9000000000000000000 | resample d by day …` trapped converting a
  /// bucket index of billions to Int32. Such datetimes are null now (see
  /// `testDatetimesShiftedOutOfTheCalendarAreNull`), and resample still refuses a span of
  /// more than 10 million buckets before allocating; the KPI commands refuse times outside
  /// the years 0000–9999 (a float time of 1e300 trapped converting to Int64).
  func testFarApartTimesAreRefused() throws {
    let resample = try outcome(
      "orders | derive d = if(Quantity > 12, InvoiceDate, InvoiceDate + 9000000000000000000) | resample d by day agg n = count() | count")
    XCTAssertEqual(resample.status, .ok, resample.transcript)
    let far = Frame(columns: [
      Column(name: "t", scalars: [.datetime(-9_000_000_000_000_000_000), .datetime(1_300_000_000)], type: .datetime)
    ])
    XCTAssertThrowsError(
      try far.resample(ColumnRef("t"), every: .day, aggregations: [Aggregation(name: "n", function: "count", argument: nil)])
    ) { error in
      let message = (error as? DiagnosticConvertible)?.diagnostic.message ?? ""
      XCTAssertTrue(message.hasPrefix("resample by day would make more than 10,000,000 rows"), message)
    }
    let float = try outcome(
      "let tt = orders | derive t = if(Quantity > 12, 1e300, 0.5)\nroles time t\ntt | kpi orders by month")
    // 1e300 is read as nanoseconds (its size says so), still 1e291 seconds: refused.
    XCTAssertEqual(
      float.errorMessage, "the time column 't' holds 1.0000000000000001e+291 seconds, outside the years 0000–9999")
    // The years 0001 to 9999 by day are 3,652,059 buckets: still allowed.
    let wide = try outcome(
      "orders | derive d = if(Quantity > 12, 0001-01-01, 9999-12-31) | resample d by day agg n = count() | count")
    XCTAssertEqual(wide.output, "3652059")
  }
}

extension InterpreterFuzzRegressionTests {
  /// `sql ""` failed with SQLite's "not an error"; it says the query is empty now.
  func testAnEmptySQLQuerySaysSo() throws {
    XCTAssertEqual(try outcome("sql \"\"").errorMessage, "sql: the query is empty")
    XCTAssertEqual(try outcome("sql \"-- nothing\"").errorMessage, "sql: the query is empty")
  }
}

extension InterpreterFuzzRegressionTests {
  /// `derive labeled gmv = Quantity * 1e308 | rfm segments` hung (after other inputs): a
  /// customer's monetary sum of inf and -inf is NaN, NaN never equals itself, and the tie
  /// loop of the scores never advanced. NaN now ties with NaN and scores lowest. (`1e308 * 10`
  /// is null now; lines of ±1.7e308 still sum to ±inf per customer, and their mean to NaN.)
  func testRFMWithANaNMonetaryEnds() throws {
    let outcome = try outcome("orders | derive gmv = if(Quantity > 12, 1.7e308, -1.7e308) | rfm segments")
    XCTAssertEqual(outcome.status, .ok, outcome.transcript)
    XCTAssertTrue(outcome.output.contains("NaN"), outcome.output)
  }
}

extension InterpreterFuzzRegressionTests {
  /// `… InvoiceDate = if(Quantity > 12, -9223372036854775807, 9223372036854775807) + 1970-01-01
  /// | sort InvoiceDate | head 3` trapped printing a datetime next to Int64.min (the day
  /// number overflowed); a datetime shifted out of the years 0000–9999 is null.
  func testDatetimesShiftedOutOfTheCalendarAreNull() throws {
    let outcome = try outcome(
      "orders | derive InvoiceDate = if(Quantity > 12, -9223372036854775807, 9223372036854775807) + 1970-01-01 | sort InvoiceDate | head 3")
    XCTAssertEqual(outcome.status, .ok, outcome.transcript)
    XCTAssertEqual(try self.outcome("print -9223372036854775807 + 1970-01-01").output, "null")
    XCTAssertEqual(try self.outcome("print 2011-01-01 + 9223372036854775807").output, "null")
    XCTAssertEqual(try self.outcome("print 9999-12-31 + 86399").output, "9999-12-31 23:59:59")
    XCTAssertEqual(try self.outcome("print 9999-12-31 + 86400").output, "null")
    XCTAssertEqual(try self.outcome("print 0000-01-01 - 1").output, "null")
  }
}
