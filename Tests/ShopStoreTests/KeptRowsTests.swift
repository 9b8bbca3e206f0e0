import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames
@testable import ShopStore

/// `keep` binds batches of rows straight from the typed columns (`KeptColumnWriter`), with
/// datetimes formatted into bytes, while the column image is encoded on another thread. The
/// rows it leaves must be exactly what binding each cell's `SessionStore.sqlValue` into a
/// plain one-row `INSERT` leaves (the reference below, sharing nothing with the batch
/// code), read back with their storage classes and in rowid order.
final class KeptRowsTests: XCTestCase {
  /// Every type with nulls, NaN, -0.0, the extreme integers, NUL bytes and non-ASCII text,
  /// datetimes in runs, before 1970, and in years outside 0...9999 (formatted the general way).
  private func awkward(rows n: Int = 300) -> Frame {
    let rows = 0..<n
    let times: [Int64] = [
      1_291_191_960, -1, 0, 253_402_300_799, 253_402_300_800, -62_167_219_200, -62_167_219_201, 951_782_400,
    ]
    return Frame(columns: [
      Column(
        name: "i", scalars: rows.map { $0 % 7 == 0 ? .null : .int($0 % 2 == 0 ? Int64.max - Int64($0) : Int64.min + Int64($0)) },
        type: .int),
      Column(
        name: "f",
        scalars: rows.map { r -> Scalar in
          r % 11 == 0 ? .null : r % 17 == 0 ? .float(.nan) : r % 5 == 0 ? .float(-0.0) : .float(Double(r) / 8 - 20)
        }, type: .float),
      Column(
        name: "s",
        data: .string(codes: rows.map { r in r % 9 == 0 ? -1 : Int32([3, 1, 3, 0, 4][r % 5]) }, dictionary: ["x\0y", "Größe", "unused", "", "café"])),
      Column(name: "b", scalars: rows.map { $0 % 5 == 0 ? .null : .bool($0 % 3 == 0) }, type: .bool),
      Column(name: "d", scalars: rows.map { $0 % 13 == 0 ? .null : .datetime(times[($0 / 3) % times.count]) }, type: .datetime),
      Column(name: "allnull", scalars: rows.map { _ in .null }, type: .float),
    ])
  }

  /// The frame inserted the plain way: one bound `INSERT` per row of `sqlValue`s.
  private func reference(_ frame: Frame, as name: String, in store: SessionStore) throws {
    let defs = frame.columns.map { "\(SessionStore.quote($0.name)) \(SessionStore.sqlType($0.type))" }
    try store.database.execute("CREATE TABLE \(SessionStore.quote(name)) (\(defs.joined(separator: ", ")))")
    let insert = try store.database.prepare(
      "INSERT INTO \(SessionStore.quote(name)) VALUES (\(Array(repeating: "?", count: frame.columnCount).joined(separator: ", ")))")
    for r in 0..<frame.rowCount {
      try insert.run(frame.columns.map { SessionStore.sqlValue($0[r]) })
    }
  }

  /// Every row with its rowid, each cell with its storage class.
  private func stored(_ name: String, columns: [String], in store: SessionStore) throws -> [[SQLValue]] {
    let cells = columns.map { "typeof(\(SessionStore.quote($0))), \(SessionStore.quote($0))" }
    return try store.database.query("SELECT rowid, \(cells.joined(separator: ", ")) FROM \(SessionStore.quote(name)) ORDER BY rowid")
  }

  private func assertKeptAsBound(_ frame: Frame, file: StaticString = #filePath, line: UInt = #line) throws {
    let store = try SessionStore(path: ":memory:")
    try store.keep(frame, as: "kept", session: nil, command: nil)
    try reference(frame, as: "bound", in: store)
    let kept = try stored("kept", columns: frame.columnNames, in: store)
    XCTAssertEqual(kept.count, frame.rowCount, file: file, line: line)
    XCTAssertEqual(kept, try stored("bound", columns: frame.columnNames, in: store), file: file, line: line)
    // Same declared columns too.
    XCTAssertEqual(
      try store.database.query("SELECT name, type FROM pragma_table_info('kept')"),
      try store.database.query("SELECT name, type FROM pragma_table_info('bound')"), file: file, line: line)
  }

  func testRowsAreWhatBindingEachCellGives() throws {
    try assertKeptAsBound(awkward())
    // One row, no rows, one column.
    try assertKeptAsBound(awkward(rows: 1))
    try assertKeptAsBound(awkward(rows: 0))
    try assertKeptAsBound(Frame(columns: [awkward().columns[2]]))
  }

  func testRowsAreWhatBindingEachCellGivesOnOnlineRetail() throws {
    // The 13 monthly files of UCI Online Retail as loaded (541,909 rows; nulls in
    // Description and CustomerID, texts from Latin-1 bytes, datetimes): every 50th row
    // through the plain INSERT (binding all 541,909 one at a time is slow in a debug
    // build), and the whole table's storage classes and values as `sql` reads them.
    let loaded = try CSVReader.load(TestData.bundledDirectory + "/online-retail/monthly/*.csv.gz").frame
    XCTAssertEqual(loaded.rowCount, 541_909)
    let every50 = loaded.gather(Array(stride(from: 0, to: loaded.rowCount, by: 50)))
    try assertKeptAsBound(every50)
    let store = try SessionStore(path: ":memory:")
    try store.keep(loaded, as: "orders", session: nil, command: nil)
    for column in loaded.columns {
      // Each cell's storage class: NULL for a null, else the class of its SQL type
      // (REAL columns hold their integral values as INTEGER on disk but read as real).
      let expected: String
      switch column.type {
      case .int, .bool: expected = "integer"
      case .float: expected = "real"
      case .string, .datetime: expected = "text"
      }
      let classes = try store.database.query(
        "SELECT typeof(\(SessionStore.quote(column.name))), count(*) FROM orders GROUP BY 1 ORDER BY 1")
      let want: [[SQLValue]] = [(expected, column.count - column.nullCount), ("null", column.nullCount)]
        .filter { $0.1 > 0 }.sorted { $0.0 < $1.0 }.map { [.text($0.0), .integer(Int64($0.1))] }
      XCTAssertEqual(classes, want, column.name)
    }
    // Rows in the frame's order, each value what `sqlValue` gives (spot rows and the last).
    for r in [0, 1, 77_777, 300_001, loaded.rowCount - 1] {
      let row = try store.database.query("SELECT * FROM orders WHERE rowid = ?", [.integer(Int64(r + 1))])
      XCTAssertEqual(row, [loaded.columns.map { SessionStore.sqlValue($0[r]) }], "row \(r)")
    }
  }

  func testTextWithNULBytesIsWholeForSQL() throws {
    let store = try SessionStore(path: ":memory:")
    let text: [Scalar] = [.string("before\0after"), .string("\0"), .null, .string("")]
    try store.keep(Frame(columns: [Column(name: "s", scalars: text, type: .string)]), as: "nul", session: nil, command: nil)
    XCTAssertEqual(
      try store.database.query("SELECT hex(s), length(CAST(s AS BLOB)), typeof(s) FROM nul ORDER BY rowid"),
      [
        [.text("6265666F7265006166746572"), .integer(12), .text("text")], [.text("00"), .integer(1), .text("text")],
        [.text(""), .null, .text("null")], [.text(""), .integer(0), .text("text")],
      ])
  }

  func testAFrameWithNoColumnsIsRefusedAndChangesNothing() throws {
    // SQLite has no table without columns.
    let store = try SessionStore(path: ":memory:")
    try store.keep(awkward(rows: 3), as: "t", session: nil, command: nil)
    XCTAssertThrowsError(try store.keep(Frame(columns: []), as: "t", session: nil, command: nil, replacing: true))
    XCTAssertEqual(try store.keptTables().map(\.rows), [3])
    XCTAssertEqual(try store.database.query("SELECT count(*) FROM t"), [[.integer(3)]])
  }

  func testAKeepStoppedWhileTheImageIsEncodedChangesNothingAndTheNextKeepWorks() throws {
    struct Stop: Error {}
    try RowChunks.with(RowChunks.Settings(threads: 2, minimumRows: 0)) {
      let store = try SessionStore(path: ":memory:")
      try store.keep(awkward(), as: "t", session: nil, command: nil)
      let big = Frame(columns: [Column(name: "i", scalars: (0..<10_000).map { .int(Int64($0)) }, type: .int)])
      var calls = 0
      // Call 1 is before the first row, call 2 after 4,096 rows.
      XCTAssertThrowsError(
        try store.keep(big, as: "t", session: nil, command: nil, replacing: true) {
          calls += 1
          if calls == 2 { throw Stop() }
        }
      ) { XCTAssertTrue($0 is Stop, "\($0)") }
      XCTAssertEqual(calls, 2)
      XCTAssertEqual(try store.database.query("SELECT count(*) FROM t"), [[.integer(300)]])
      XCTAssertEqual(try store.keptTables().map(\.rows), [300])
      XCTAssertTrue(try store.readKept("t").fromImage)
      // The same frame kept again, whole, with its image.
      try store.keep(big, as: "t", session: nil, command: nil, replacing: true)
      XCTAssertEqual(try store.database.query("SELECT count(*), sum(i) FROM t"), [[.integer(10_000), .integer(49_995_000)]])
      let (back, fromImage) = try store.readKept("t")
      XCTAssertTrue(fromImage)
      XCTAssertEqual(cellsOf(back), cellsOf(big))
    }
  }

  func testReplacingATableKeepsOnlyTheNewRowsAndImageAndPutsTheCacheBack() throws {
    // A keep over an existing name (any case) takes a bigger page cache for its write and
    // deletes the old image and record late in the transaction: the result must be the
    // new table alone, whole, and the cache setting as it was, also after a stopped keep.
    struct Stop: Error {}
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("replace.db"))
    let cache = try store.database.query("PRAGMA cache_size")
    try store.keep(awkward(), as: "t", session: nil, command: nil)
    let second = awkward(rows: 50)
    try store.keep(second, as: "T", session: nil, command: nil, replacing: true)
    XCTAssertEqual(try store.database.query("PRAGMA cache_size"), cache)
    try reference(second, as: "bound", in: store)
    XCTAssertEqual(try stored("T", columns: second.columnNames, in: store), try stored("bound", columns: second.columnNames, in: store))
    XCTAssertEqual(try store.keptTables().map(\.name), ["T"])
    XCTAssertEqual(try store.keptTables().map(\.rows), [50])
    XCTAssertEqual(try store.database.query("SELECT DISTINCT table_name FROM column_images"), [[.text("T")]])
    let (back, fromImage) = try store.readKept("T")
    XCTAssertTrue(fromImage)
    XCTAssertEqual(cellsOf(back).map { $0.map { $0.doubleValue?.isNaN ?? false ? .null : $0 } }, cellsOf(second).map { $0.map { $0.doubleValue?.isNaN ?? false ? .null : $0 } })
    XCTAssertThrowsError(try store.keep(awkward(), as: "t", session: nil, command: nil, replacing: true) { throw Stop() })
    XCTAssertEqual(try store.database.query("PRAGMA cache_size"), cache)
    XCTAssertEqual(try store.keptTables().map(\.rows), [50])
    XCTAssertTrue(try store.readKept("T").fromImage)
  }

  func testTheImageIsTheSameEncodedBesideTheInsertOrAfter() throws {
    // On two threads with no size threshold the image is encoded on the second one; on
    // one thread, when `keep` asks for it. Both must read back as the frame.
    let frame = awkward()
    for threads in [1, 2] {
      try RowChunks.with(RowChunks.Settings(threads: threads, minimumRows: 0)) {
        let store = try SessionStore(path: ":memory:")
        try store.keep(frame, as: "t", session: nil, command: nil)
        let (back, fromImage) = try store.readKept("t")
        XCTAssertTrue(fromImage, "\(threads) threads")
        for (a, b) in zip(frame.columns, back.columns) {
          XCTAssertTrue(
            (0..<frame.rowCount).allSatisfy { a[$0] == b[$0] || (a[$0].doubleValue?.isNaN ?? false && b[$0].isNull) },
            "\(a.name), \(threads) threads")
        }
      }
    }
  }

  func testDatetimeTextIsWhatCivilTimeFormats() {
    // Every hour over years around the epoch, leap days, and the ends of years 0 and 9999;
    // years outside 0...9999 are left to CivilTime.format.
    var seconds: [Int64] = Array(stride(from: Int64(-90_000_000), to: 1_500_000_000, by: 3_599_999))
    seconds += [-62_167_219_200, -62_167_219_199, 253_402_300_799, 951_782_400, 951_868_799, 1_709_164_800, 0, -1]
    for t in seconds {
      var bytes = [UInt8](repeating: 0, count: 19)
      XCTAssertTrue(bytes.withUnsafeMutableBytes { KeptColumnWriter.formatTime(t, into: $0.baseAddress!) }, "\(t)")
      XCTAssertEqual(String(decoding: bytes, as: UTF8.self), CivilTime.format(t), "\(t)")
    }
    var scratch = [UInt8](repeating: 0, count: 19)
    for t: Int64 in [-62_167_219_201, 253_402_300_800] {
      XCTAssertFalse(scratch.withUnsafeMutableBytes { KeptColumnWriter.formatTime(t, into: $0.baseAddress!) }, "\(t)")
    }
  }

  private func cellsOf(_ frame: Frame) -> [[Scalar]] {
    frame.columns.map { c in (0..<frame.rowCount).map { c[$0] } }
  }
}
