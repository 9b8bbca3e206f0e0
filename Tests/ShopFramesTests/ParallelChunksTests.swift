import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// Commands that run in row chunks on several threads (`RowChunks`: gathers, selections,
/// full-row dedupe, drop missing, check, resample, group by) give exactly the one-thread
/// result: the same rows in the same order, the same bits in every float. Each test runs
/// the same work under one thread and under several thread counts and chunk sizes (tiny
/// chunks put chunk edges everywhere) and compares every cell.
final class ParallelChunksTests: XCTestCase {
  private let oneThread = RowChunks.Settings(threads: 1)
  /// Several threads, with and without chunk edges inside the small fixtures.
  private let manyThreads: [(String, RowChunks.Settings)] = [
    ("2 threads", RowChunks.Settings(threads: 2, minimumRows: 0)),
    ("3 threads, chunks of 1,000 rows", RowChunks.Settings(threads: 3, chunkRows: 1_000, minimumRows: 0)),
    ("4 threads, chunks of 7 rows", RowChunks.Settings(threads: 4, chunkRows: 7, minimumRows: 0)),
    ("1 thread, chunks of 7 rows", RowChunks.Settings(threads: 1, chunkRows: 7, minimumRows: 0)),
  ]

  // MARK: Real data

  /// The issue-13 pipeline (bench/pipeline/pipeline.shop) on the 13 monthly files of
  /// Online Retail (541,909 rows): on 2 and 3 threads with the default and an odd chunk
  /// size, every step's frame (and the removed rows) is the one-thread frame.
  func testOnlineRetailPipelineIsTheOneThreadResult() throws {
    let glob = try testDataPath("uci-online-retail/monthly/*.csv.gz")
    let raw = try CSVReader.load(glob).frame
    let expected = try RowChunks.with(oneThread) { try pipeline(raw) }
    // pandas (bench/pipeline/peers.py pandas 1 on the same files): rows=392692 countries=37
    // revenue=8887208.89 invoices=18532 customers=4346 months=13.
    let orders = expected[4].frame
    XCTAssertEqual(orders.rowCount, 392_692)
    let byCountry = expected[6].frame
    XCTAssertEqual(byCountry.rowCount, 37)
    XCTAssertEqual(sum(byCountry, "revenue"), 8_887_208.89, accuracy: 0.005)
    XCTAssertEqual(sum(byCountry, "invoices"), 18_532)
    XCTAssertEqual(sum(byCountry, "customers"), 4_346)
    XCTAssertEqual(expected[7].frame.rowCount, 13)
    let settings = [
      ("2 threads", RowChunks.Settings(threads: 2, minimumRows: 0)),
      ("3 threads, chunks of 4,099 rows", RowChunks.Settings(threads: 3, chunkRows: 4_099, minimumRows: 0)),
    ]
    for (what, s) in settings {
      let got = try RowChunks.with(s) { try pipeline(raw) }
      assertSteps(got, expected, what)
    }
  }

  /// The non-UK slice (46,431 rows) in chunks of a few rows on 4 threads, and at the
  /// other settings.
  func testNonUKPipelineInTinyChunks() throws {
    let raw = RetailFixture.frame
    try XCTSkipIf(raw.rowCount == 0, "the bundled non-UK file is missing")
    let expected = try RowChunks.with(oneThread) { try pipeline(raw) }
    for (what, s) in manyThreads {
      assertSteps(try RowChunks.with(s) { try pipeline(raw) }, expected, what)
    }
  }

  // MARK: Synthetic edge cases

  /// Duplicates that differ by null against value, NaN, -0.0 and the empty string, with
  /// row counts around the chunk size: no rows, one, a chunk's worth, one over.
  func testEdgeFramesAtEveryChunkSize() throws {
    for rows in [0, 1, 6, 7, 8, 14, 15, 50] {
      let raw = edgeFrame(rows: rows)
      let expected = try RowChunks.with(oneThread) { try steps(raw) }
      for (what, s) in manyThreads {
        assertSteps(try RowChunks.with(s) { try steps(raw) }, expected, "\(rows) rows, \(what)")
      }
    }
  }

  /// Month and quarter buckets come from one calendar conversion per row; each bucket's
  /// count must be the count of rows whose bucket start (TimeBucket.start) is its start,
  /// across year ends and before 1970, on one thread and in tiny chunks on several.
  func testResampleBucketsMatchTheCalendar() throws {
    let texts: [String?] = [
      "1969-12-31 23:59", "1970-01-01 00:00", "2010-12-31 23:59", "2011-01-01 00:00", nil,
      "2011-03-31 12:00", "2011-04-01 00:00", "2011-09-30 23:59", "2011-10-01 00:00", "2011-12-31 23:59",
      "1969-11-15 08:00", "2011-06-15 10:30",
    ]
    let frame = Frame(columns: [dates("t", texts)])
    guard case .datetime(let times, _) = frame.columns[0].data else { return XCTFail("not datetimes") }
    let valid = (0..<times.count).filter { texts[$0] != nil }
    for bucket in [TimeBucket.month, .quarter, .week, .day] {
      let first = valid.map { bucket.start(times[$0]) }.min()!
      let last = valid.map { bucket.start(times[$0]) }.max()!
      let buckets = bucket.index(of: last, from: first) + 1
      let expectedStarts = (0..<buckets).map { bucket.start(after: first, count: $0) }
      let expectedCounts = expectedStarts.map { s in Int64(valid.filter { bucket.start(times[$0]) == s }.count) }
      for s in [oneThread] + manyThreads.map(\.1) {
        let got = try RowChunks.with(s) { try frame.resample(ref("t"), every: bucket, aggregations: [agg("n", "count", nil)]) }
        XCTAssertEqual(got.values("t"), expectedStarts.map(Scalar.datetime), "\(bucket)")
        XCTAssertEqual(got.values("n"), expectedCounts.map(Scalar.int), "\(bucket)")
      }
    }
  }

  /// The primitives against plain loops, for chunk sizes that split the input every way.
  func testChunkPrimitivesMatchPlainLoops() {
    let n = 23
    let values = (0..<n).map { Int64($0 * 37 % 11) }
    let indices = (0..<40).map { ($0 * 7) % n }
    for chunk in [1, 2, 5, 22, 23, 24, 1_000] {
      let s = RowChunks.Settings(threads: 3, chunkRows: chunk, minimumRows: 0)
      RowChunks.with(s) {
        XCTAssertEqual(RowChunks.select(rows: n) { values[$0] > 4 }, (0..<n).filter { values[$0] > 4 }, "chunk \(chunk)")
        XCTAssertEqual(RowChunks.gather(values, indices), indices.map { values[$0] }, "chunk \(chunk)")
        XCTAssertEqual(RowChunks.map(rows: n) { $0 }, stride(from: 0, to: n, by: chunk).map { $0..<min(n, $0 + chunk) })
        XCTAssertEqual(RowChunks.concatenate([[1, 2], [], [3], [4, 5, 6]]), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(RowChunks.select(rows: 0) { _ in true }, [])
      }
    }
    // Below the threshold one thread does the work, whatever the setting.
    RowChunks.with(RowChunks.Settings(threads: 8, minimumRows: 100)) {
      XCTAssertEqual(RowChunks.threads(forRows: 99), 1)
      XCTAssertEqual(RowChunks.threads(forRows: 100), 8)
    }
  }

  /// A step's frame and its removed rows, in pipeline order.
  private typealias Step = (frame: Frame, removed: Frame?)

  /// bench/pipeline/pipeline.shop step by step.
  private func pipeline(_ raw: Frame) throws -> [Step] {
    let deduped = try raw.dedupe()
    let notCancelled = try deduped.frame.check(
      ColumnExpr(.unary(.not, fn("startswith", col("InvoiceNo"), lit("C")))), ruleText: "rule", drop: true)
    let withCustomer = try notCancelled.frame.dropMissing(refs("CustomerID"))
    let positive = try withCustomer.frame.check(
      bin(.and, bin(.greater, col("Quantity"), lit(Int64(0))), bin(.greater, col("UnitPrice"), lit(Int64(0)))),
      ruleText: "rule", drop: true)
    let orders = try positive.frame.derive([("Revenue", bin(.multiply, col("Quantity"), col("UnitPrice")))])
    let byCountry = try orders.groupBy(
      refs("Country"),
      aggregations: [
        agg("revenue", "sum", col("Revenue")), agg("invoices", "nunique", col("InvoiceNo")),
        agg("customers", "nunique", col("CustomerID")),
      ])
    let months = try orders.resample(ref("InvoiceDate"), every: .month, aggregations: [agg("revenue", "sum", col("Revenue"))])
    let lastOfInvoice = try orders.dedupe(by: refs("InvoiceNo"), keepLast: true)
    return [
      (deduped.frame, deduped.removed), (notCancelled.frame, notCancelled.removed),
      (withCustomer.frame, withCustomer.removed), (positive.frame, positive.removed), (orders, nil),
      (lastOfInvoice.frame, lastOfInvoice.removed), (byCountry, nil), (months, nil),
    ]
  }

  /// Every chunked command on an edge frame.
  private func steps(_ raw: Frame) throws -> [Step] {
    let deduped = try raw.dedupe()
    let byKey = try raw.dedupe(by: refs("s", "i"), keepLast: true)
    let checked = try raw.check(bin(.greater, col("x"), lit(0.5)), ruleText: "x > 0.5", drop: true)
    let kept = try raw.check(bin(.greater, col("x"), lit(0.5)), ruleText: "x > 0.5", drop: false)
    let noS = try raw.dropMissing(refs("s"))
    let noI = try raw.dropMissing(refs("i"))
    let noNull = try raw.dropMissing([])
    let groups = try raw.groupBy(
      refs("s"), aggregations: [agg("n", "count", nil), agg("x", "sum", col("x")), agg("u", "nunique", col("i"))])
    let months = try raw.resample(ref("t"), every: .month, aggregations: [agg("x", "sum", col("x"))])
    let filtered = try raw.filter(bin(.less, col("i"), lit(Int64(3))))
    return [
      (deduped.frame, deduped.removed), (byKey.frame, byKey.removed), (checked.frame, checked.removed),
      (kept.frame, kept.removed), (noS.frame, noS.removed), (noI.frame, noI.removed),
      (noNull.frame, noNull.removed), (groups, nil), (months, nil), (filtered, nil),
    ]
  }

  /// `rows` rows cycling through values that repeat, with nulls in every column, NaN and
  /// -0.0 beside 0.0, and the empty string beside null.
  private func edgeFrame(rows: Int) -> Frame {
    let xs: [Double?] = [1, .nan, -0.0, 0.0, nil, 2.5, 1, 0.75]
    let ss: [String?] = ["a", "", nil, "a", "b\0c", "b", "a"]
    let iv: [Int64?] = [1, 2, nil, 1, 5, -3]
    let ts: [String?] = ["2011-01-03 10:00", nil, "2011-03-31 23:59", "2010-12-01 08:26", "2011-01-03 10:00"]
    return Frame(columns: [
      floats("x", (0..<rows).map { xs[$0 % xs.count] }),
      strings("s", (0..<rows).map { ss[$0 % ss.count] }),
      ints("i", (0..<rows).map { iv[$0 % iv.count] }),
      dates("t", (0..<rows).map { ts[$0 % ts.count] }),
      bools("b", (0..<rows).map { $0 % 4 == 3 ? nil : $0 % 3 == 0 }),
    ])
  }

  private func sum(_ frame: Frame, _ name: String) -> Double {
    frame.values(name).reduce(0) { total, cell in
      switch cell {
      case .int(let v): return total + Double(v)
      case .float(let v): return total + v
      default: return total
      }
    }
  }

  private func assertSteps(
    _ got: [Step], _ expected: [Step], _ what: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(got.count, expected.count, what, file: file, line: line)
    for (k, (g, e)) in zip(got, expected).enumerated() {
      assertIdentical(g.frame, e.frame, "\(what), step \(k)", file: file, line: line)
      XCTAssertEqual(g.removed == nil, e.removed == nil, "\(what), step \(k) removed", file: file, line: line)
      if let gr = g.removed, let er = e.removed {
        assertIdentical(gr, er, "\(what), step \(k) removed", file: file, line: line)
      }
    }
  }

  /// Same names, types and storage: codes and dictionaries, validity, and float bits.
  private func assertIdentical(_ a: Frame, _ b: Frame, _ what: String, file: StaticString, line: UInt) {
    XCTAssertEqual(a.columnNames, b.columnNames, what, file: file, line: line)
    XCTAssertEqual(a.rowCount, b.rowCount, what, file: file, line: line)
    for (x, y) in zip(a.columns, b.columns) {
      let column = "\(what), \(x.name)"
      switch (x.data, y.data) {
      case (.int(let v, let m), .int(let w, let n)), (.datetime(let v, let m), .datetime(let w, let n)):
        XCTAssertEqual(v, w, column, file: file, line: line)
        XCTAssertEqual(m, n, column, file: file, line: line)
      case (.float(let v, let m), .float(let w, let n)):
        XCTAssertEqual(v.map(\.bitPattern), w.map(\.bitPattern), column, file: file, line: line)
        XCTAssertEqual(m, n, column, file: file, line: line)
      case (.bool(let v, let m), .bool(let w, let n)):
        XCTAssertEqual(v, w, column, file: file, line: line)
        XCTAssertEqual(m, n, column, file: file, line: line)
      case (.string(let p, let d), .string(let q, let e)):
        XCTAssertEqual(p, q, column, file: file, line: line)
        XCTAssertEqual(d, e, column, file: file, line: line)
      default:
        XCTFail("\(column): \(x.type) against \(y.type)", file: file, line: line)
      }
    }
  }
}
