import ShopCore
import ShopFrames
import ShopStore
import XCTest

final class KeptTablesTests: XCTestCase {
  /// One column of every type, each with a null, and awkward values.
  private func everyType() -> Frame {
    // calendar.timegm((2010,12,1,8,26,0)) == 1291191960; -1 is 1969-12-31 23:59:59.
    Frame(columns: [
      Column(name: "i", scalars: [.int(1), .null, .int(-3), .int(Int64.max), .int(Int64.min)], type: .int),
      Column(
        name: "f", scalars: [.float(1.5), .null, .float(-0.25), .float(1e300), .float(2)], type: .float),
      Column(
        name: "s", scalars: [.string("a"), .null, .string(""), .string("Größe 商品 \"q\" 'x'\ttab"), .string("123")],
        type: .string),
      Column(name: "b", scalars: [.bool(true), .null, .bool(false), .bool(true), .bool(false)], type: .bool),
      Column(
        name: "d", scalars: [.datetime(1_291_191_960), .null, .datetime(-1), .datetime(0), .datetime(253_402_300_799)],
        type: .datetime),
    ])
  }

  private func cells(_ frame: Frame) -> [[Scalar]] {
    frame.columns.map { c in (0..<frame.rowCount).map { c[$0] } }
  }

  func testEveryTypeRoundTripsWithNulls() throws {
    let store = try SessionStore(path: ":memory:")
    let session = try store.startSession(kind: "repl", source: "repl")
    let frame = everyType()
    try store.keep(frame, as: "every", session: session, command: nil)
    let back = try store.loadKept("every")
    XCTAssertEqual(back.columnNames, ["i", "f", "s", "b", "d"])
    XCTAssertEqual(back.columns.map(\.type), [.int, .float, .string, .bool, .datetime])
    XCTAssertEqual(back.rowCount, 5)
    XCTAssertEqual(cells(back), cells(frame))
    XCTAssertEqual(back.columns.map(\.nullCount), [1, 1, 1, 1, 1])
    let listed = try store.keptTables()
    XCTAssertEqual(listed.map(\.name), ["every"])
    XCTAssertEqual(listed.map(\.rows), [5])
    XCTAssertEqual(listed.map(\.columns), [5])
    // The SQLite table itself holds ISO text for datetimes and 0/1 for booleans.
    XCTAssertEqual(
      try store.database.query("SELECT b, d FROM every WHERE i = 1"), [[.integer(1), .text("2010-12-01 08:26:00")]])
    XCTAssertEqual(try store.database.query("SELECT typeof(s) FROM every WHERE i = -3"), [[.text("text")]])
  }

  func testManyRowsRoundTripAcrossInsertBatches() throws {
    // `keep` inserts many rows per statement: 1,000 rows of 9 columns is 9 full batches
    // of 111 and one of 1, so every cell must land in its own row across batch edges.
    // Datetimes come in runs (formatted once per run) and jump back and forth; strings
    // repeat from a dictionary with "", a NUL inside and non-ASCII text.
    let n = 1000
    let words: [Scalar] = [.string("a"), .string(""), .string("x\0y"), .string("Größe"), .null]
    let frame = Frame(columns: [
      Column(name: "i", scalars: (0..<n).map { $0 % 7 == 0 ? .null : .int(Int64($0) * 1_000_003) }, type: .int),
      Column(name: "f", scalars: (0..<n).map { $0 % 11 == 0 ? .null : .float(Double($0) / 8 - 60) }, type: .float),
      Column(name: "s", scalars: (0..<n).map { words[$0 % words.count] }, type: .string),
      Column(name: "t", scalars: (0..<n).map { .string("row \($0)") }, type: .string),
      Column(name: "b", scalars: (0..<n).map { $0 % 5 == 0 ? .null : .bool($0 % 3 == 0) }, type: .bool),
      Column(
        name: "d", scalars: (0..<n).map { $0 % 13 == 0 ? .null : .datetime(Int64(($0 / 4) % 9) * 86_461 - 3_600) },
        type: .datetime),
      Column(name: "z", scalars: (0..<n).map { _ in .float(-0.0) }, type: .float),
      Column(name: "e", scalars: (0..<n).map { _ in .string("") }, type: .string),
      Column(name: "j", scalars: (0..<n).map { .int(Int64($0)) }, type: .int),
    ])
    let store = try SessionStore(path: ":memory:")
    try store.keep(frame, as: "batches", session: nil, command: nil)
    let back = try store.loadKept("batches")
    XCTAssertEqual(back.columns.map(\.type), frame.columns.map(\.type))
    XCTAssertEqual(cells(back), cells(frame))
    XCTAssertEqual(try store.database.query("SELECT count(*), sum(j) FROM batches"), [[.integer(1000), .integer(499_500)]])
    XCTAssertEqual(
      try store.database.query("SELECT d FROM batches WHERE j = 4"), [[.text(CivilTime.format(86_461 - 3_600))]])
  }

  func testTextWithNULBytesIsKeptWhole() throws {
    let store = try SessionStore(path: ":memory:")
    let text: [Scalar] = [.string("before\0after"), .string("\0"), .string("plain")]
    try store.keep(
      Frame(columns: [Column(name: "s", scalars: text, type: .string)]), as: "nul", session: nil, command: nil)
    XCTAssertEqual(cells(try store.loadKept("nul")), [text])
    // SQLite would cut a name at the NUL: refused, with the NUL shown.
    XCTAssertThrowsError(
      try store.keep(Frame(columns: [Column(name: "s\0t", scalars: text, type: .string)]), as: "n2", session: nil, command: nil)
    ) {
      XCTAssertEqual($0 as? StoreError, .unstorableName("s\0t"))
      XCTAssertEqual(
        ($0 as? StoreError)?.diagnostic.message,
        "'s\\0t' holds a NUL character, which SQLite cannot keep in a name; rename it first")
    }
  }

  func testAKeepStoppedMidwayLeavesTheStoreAsItWas() throws {
    struct Stop: Error {}
    let store = try SessionStore(path: ":memory:")
    try store.keep(everyType(), as: "t", session: nil, command: nil)
    let big = Frame(columns: [Column(name: "i", scalars: (0..<20_000).map { .int(Int64($0)) }, type: .int)])
    for stopAt in [1, 3, 6] {  // before the first row, midway, just before the commit
      var calls = 0
      XCTAssertThrowsError(
        try store.keep(big, as: "t", session: nil, command: nil, replacing: true, stop: {
          calls += 1
          if calls == stopAt { throw Stop() }
        })
      ) { XCTAssertTrue($0 is Stop) }
      XCTAssertEqual(cells(try store.loadKept("t")), cells(everyType()), "stopped at call \(stopAt)")
      XCTAssertEqual(try store.keptTables().map(\.rows), [5])
    }
  }

  func testNaNIsStoredAsNull() throws {
    let store = try SessionStore(path: ":memory:")
    try store.keep(
      Frame(columns: [Column(name: "x", scalars: [.float(.nan), .float(1)], type: .float)]), as: "n", session: nil,
      command: nil)
    XCTAssertEqual(cells(try store.loadKept("n")), [[.null, .float(1)]])
  }

  func testKeepReplacesAndAcceptsAwkwardNames() throws {
    let store = try SessionStore(path: ":memory:")
    let name = "my \"odd\" table; drop"
    try store.keep(everyType(), as: name, session: nil, command: nil)
    let small = Frame(columns: [Column(name: "Unit Price", scalars: [.float(2.5)], type: .float)])
    try store.keep(small, as: name, session: nil, command: nil, replacing: true)
    XCTAssertEqual(try store.keptTables().map(\.name), [name])
    XCTAssertEqual(try store.keptTables().map(\.rows), [1])
    let back = try store.loadKept(name)
    XCTAssertEqual(back.columnNames, ["Unit Price"])
    XCTAssertEqual(cells(back), [[.float(2.5)]])
    // Every store table is still there.
    XCTAssertEqual(try store.database.query("SELECT count(*) FROM sqlite_master WHERE type = 'table'"), [[.integer(10)]])
  }

  func testColumnNamesWithColonsKeepTheirTypes() throws {
    let store = try SessionStore(path: ":memory:")
    let frame = Frame(columns: [
      Column(name: "is:vip", scalars: [.bool(true), .bool(false)], type: .bool),
      Column(name: "at:utc", scalars: [.datetime(86_400), .null], type: .datetime),
    ])
    try store.keep(frame, as: "c", session: nil, command: nil)
    let back = try store.loadKept("c")
    XCTAssertEqual(back.columns.map(\.type), [.bool, .datetime])
    XCTAssertEqual(cells(back), cells(frame))
  }

  func testStoreTablesCannotBeOverwritten() throws {
    let store = try SessionStore(path: ":memory:")
    let s = try store.startSession(kind: "repl", source: "repl")
    let frame = Frame(columns: [Column(name: "x", scalars: [.int(1)])])
    for name in ["sessions", "commands", "kept_tables", "models", "metrics", "schema_migrations", "Metrics", "sqlite_x", "lesson_progress", "lesson_answers", "column_images"] {
      XCTAssertThrowsError(try store.keep(frame, as: name, session: nil, command: nil), name) { error in
        XCTAssertEqual(error as? StoreError, .reservedName(name))
      }
    }
    // Whatever tables later migrations add are protected as well.
    let own = try store.database.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0[0].text }
    for name in own {
      XCTAssertThrowsError(try store.keep(frame, as: name, session: nil, command: nil), name)
    }
    XCTAssertEqual(try store.session(s).id, s)
    XCTAssertEqual(try store.appliedMigrations().count, 5)
    XCTAssertEqual(try store.keptTables().count, 0)
    XCTAssertEqual(
      StoreError.reservedName("metrics").diagnostic.message,
      "'metrics' is a table of the session store; keep the table under another name")
  }

  func testNamesDifferingOnlyInCaseAreOneTable() throws {
    // SQLite table names ignore ASCII case, so "Orders" replaces "orders" everywhere (when asked to).
    let store = try SessionStore(path: ":memory:")
    try store.keep(Frame(columns: [Column(name: "b", scalars: [.bool(true)], type: .bool)]), as: "orders", session: nil, command: nil)
    try store.keep(Frame(columns: [Column(name: "n", scalars: [.int(7)], type: .int)]), as: "Orders", session: nil, command: nil, replacing: true)
    XCTAssertEqual(try store.keptTables().map(\.name), ["Orders"])
    XCTAssertEqual(cells(try store.loadKept("Orders")), [[.int(7)]])
  }

  func testKeepingOverAKeptTableNeedsReplacing() throws {
    let store = try SessionStore(path: ":memory:")
    let session = try store.startSession(kind: "script", source: "test")
    let first = Frame(columns: [Column(name: "n", scalars: [.int(1), .int(2)], type: .int)])
    XCTAssertNil(try store.keep(first, as: "orders", session: session, command: nil))
    // Any case of the name meets the same table; without `replacing` nothing changes.
    for name in ["orders", "ORDERS"] {
      XCTAssertThrowsError(try store.keep(everyType(), as: name, session: nil, command: nil), name) { error in
        guard case StoreError.alreadyKept(let earlier) = error else { return XCTFail("\(error)") }
        XCTAssertEqual([earlier.name, "\(earlier.rows ?? -1)", "\(earlier.columns ?? -1)"], ["orders", "2", "1"])
        XCTAssertEqual(earlier.session, session)
        let message = StoreError.alreadyKept(earlier).diagnostic.message
        XCTAssertTrue(
          message.hasPrefix("a table 'orders' is already kept (2 rows × 1 column, kept by session \(session) at 20"), message)
      }
    }
    XCTAssertEqual(cells(try store.loadKept("orders")), cells(first))
    // With it, the keep says what it replaced.
    let replaced = try store.keep(everyType(), as: "Orders", session: nil, command: nil, replacing: true)
    XCTAssertEqual(replaced?.name, "orders")
    XCTAssertEqual(replaced?.rows, 2)
    XCTAssertEqual(cells(try store.loadKept("Orders")), cells(everyType()))
  }

  func testATableAnotherProgramMadeIsNotReplacedUnasked() throws {
    let store = try SessionStore(path: ":memory:")
    try store.database.execute("CREATE TABLE theirs (x INTEGER)")
    try store.database.execute("INSERT INTO theirs VALUES (42)")
    let frame = Frame(columns: [Column(name: "n", scalars: [.int(1)], type: .int)])
    XCTAssertThrowsError(try store.keep(frame, as: "Theirs", session: nil, command: nil)) { error in
      XCTAssertEqual(error as? StoreError, .alreadyKept(KeptTable(name: "theirs", rows: nil, columns: nil, keptAt: nil, session: nil)))
      XCTAssertEqual((error as? StoreError)?.diagnostic.message, "a table 'theirs' is already kept")
    }
    XCTAssertEqual(try store.database.query("SELECT x FROM theirs"), [[.integer(42)]])
    let replaced = try store.keep(frame, as: "theirs", session: nil, command: nil, replacing: true)
    XCTAssertEqual(replaced?.rows, nil)
    XCTAssertEqual(cells(try store.loadKept("theirs")), [[.int(1)]])
  }

  func testAFailedKeepLeavesTheOldTable() throws {
    let store = try SessionStore(path: ":memory:")
    try store.keep(everyType(), as: "t", session: nil, command: nil)
    // Two columns of one name make CREATE TABLE fail after the old table was dropped.
    let bad = Frame(columns: [Column(name: "x", scalars: [.int(1)]), Column(name: "x", scalars: [.int(2)])])
    XCTAssertThrowsError(try store.keep(bad, as: "t", session: nil, command: nil, replacing: true)) { error in
      guard case StoreError.sql(let message, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(message, "duplicate column name: x")
    }
    XCTAssertEqual(cells(try store.loadKept("t")), cells(everyType()))
  }

  func testSQLOverKeptTables() throws {
    let store = try SessionStore(path: ":memory:")
    let orders = Frame(columns: [
      Column(name: "Country", scalars: ["UK", "France", "UK", "EIRE", "France", "UK"].map { .string($0) }),
      Column(name: "Revenue", scalars: [10.5, 3, 4.5, 100, 7, .nan].map { .float($0) }, type: .float),
      Column(name: "Quantity", scalars: [1, 2, 3, 4, 5, 6].map { .int($0) }),
    ])
    try store.keep(orders, as: "orders", session: nil, command: nil)
    // UK: 10.5 + 4.5 (the NaN is NULL and ignored by sum) = 15; France 10; EIRE 100.
    let result = try store.query(
      "SELECT Country, sum(Revenue) AS gmv, count(*) AS n, sum(Quantity) AS q FROM orders GROUP BY Country ORDER BY gmv DESC")
    XCTAssertEqual(result.columnNames, ["Country", "gmv", "n", "q"])
    XCTAssertEqual(result.columns.map(\.type), [.string, .float, .int, .int])
    XCTAssertEqual(
      cells(result),
      [
        [.string("EIRE"), .string("UK"), .string("France")], [.float(100), .float(15), .float(10)],
        [.int(1), .int(3), .int(2)], [.int(4), .int(10), .int(7)],
      ])
    // Date functions work on kept datetimes.
    try store.keep(everyType(), as: "every", session: nil, command: nil)
    XCTAssertEqual(
      cells(try store.query("SELECT strftime('%Y', d) AS y FROM every WHERE d IS NOT NULL ORDER BY d")),
      [[.string("1969"), .string("1970"), .string("2010"), .string("9999")]])
  }

  func testQueryInfersColumnTypes() throws {
    let store = try SessionStore(path: ":memory:")
    let mixed = try store.query("SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2.5, 1 UNION ALL SELECT NULL, NULL")
    XCTAssertEqual(mixed.columns.map(\.type), [.float, .string])
    XCTAssertEqual(cells(mixed), [[.float(1), .float(2.5), .null], [.string("x"), .string("1"), .null]])
    // Duplicate names are made unique; an empty result keeps its columns.
    XCTAssertEqual(try store.query("SELECT 1 AS a, 2 AS a, 3 AS a").columnNames, ["a", "a_2", "a_3"])
    let empty = try store.query("SELECT name, rows FROM kept_tables")
    XCTAssertEqual(empty.columnNames, ["name", "rows"])
    XCTAssertEqual(empty.rowCount, 0)
    XCTAssertEqual(cells(try store.query("SELECT x'00ff' AS b")), [[.string("<2 bytes>")]])
    XCTAssertThrowsError(try store.query("SELECT * FROM nowhere")) { error in
      guard case StoreError.sql(let message, let sql) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(message, "no such table: nowhere")
      XCTAssertEqual(sql, "SELECT * FROM nowhere")
      XCTAssertEqual((error as? StoreError)?.diagnostic.message, "sql: no such table: nowhere")
    }
  }

  func testUnknownTableSuggestsTheNearestName() throws {
    let store = try SessionStore(path: ":memory:")
    XCTAssertThrowsError(try store.loadKept("orders")) { error in
      XCTAssertEqual(error as? StoreError, .unknownTable("orders", available: []))
      let d = (error as? DiagnosticConvertible)?.diagnostic
      XCTAssertEqual(d?.message, "no kept table 'orders'")
      XCTAssertNil(d?.label)
      XCTAssertEqual(d?.notes, ["'keep NAME' stores a table"])
    }
    let frame = Frame(columns: [Column(name: "x", scalars: [.int(1)])])
    try store.keep(frame, as: "orders", session: nil, command: nil)
    try store.keep(frame, as: "customers", session: nil, command: nil)
    XCTAssertThrowsError(try store.loadKept("ordrs")) { error in
      XCTAssertEqual(error as? StoreError, .unknownTable("ordrs", available: ["customers", "orders"]))
      let d = (error as? DiagnosticConvertible)?.diagnostic
      XCTAssertEqual(d?.label, "did you mean 'orders'?")
      XCTAssertEqual(d?.notes, [])
    }
  }
}
