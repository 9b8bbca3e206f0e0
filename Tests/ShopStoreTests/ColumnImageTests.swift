import Foundation
import ShopCore
import ShopFrames
import ShopTestSupport
import XCTest

@testable import ShopStore

/// `keep` writes each column's image (`ColumnImage`) beside the rows, and `load table`
/// reads the image: it must give the very column reading the rows gives, and the rows must
/// win whenever the image may be stale or does not parse.
final class ColumnImageTests: XCTestCase {
  /// Every type, nulls, NaN (kept as null), text with NUL bytes and accents, a dictionary
  /// with unused strings and codes out of first-appearance order, datetimes in runs.
  private func awkward() -> Frame {
    let rows = 0..<300
    let i: [Scalar] = rows.map { r -> Scalar in
      if r % 7 == 0 { return .null }
      let v = Int64(r % 5 == 0 ? -r : r)
      return .int(v * 1_000_003)
    }
    let big: [Scalar] = rows.map { r -> Scalar in .int(r % 2 == 0 ? Int64.max - Int64(r) : Int64.min + Int64(r)) }
    let f: [Scalar] = rows.map { r -> Scalar in
      if r % 11 == 0 { return .null }
      return r % 17 == 0 ? .float(.nan) : .float(Double(r) / 8 - 20)
    }
    let pattern: [Int32] = [3, 1, 3, 0, 4]
    let codes: [Int32] = rows.map { r -> Int32 in r % 9 == 0 ? -1 : pattern[r % 5] }
    let b: [Scalar] = rows.map { r -> Scalar in r % 5 == 0 ? .null : .bool(r % 3 == 0) }
    let d: [Scalar] = rows.map { r -> Scalar in
      r % 13 == 0 ? .null : .datetime(Int64((r / 4) % 9) * 86_461 - 3_600)
    }
    let none: [Scalar] = rows.map { _ -> Scalar in .null }
    return Frame(columns: [
      Column(name: "i", scalars: i, type: .int),
      Column(name: "big", scalars: big, type: .int),
      Column(name: "f", scalars: f, type: .float),
      Column(name: "s", data: .string(codes: codes, dictionary: ["x\0y", "Größe", "unused", "", "café"])),
      Column(name: "b", scalars: b, type: .bool),
      Column(name: "d", scalars: d, type: .datetime),
      Column(name: "allnull", scalars: none, type: .float),
    ])
  }

  /// Storage equality: values (bit for bit, nulls aside), validity, codes and dictionary order.
  private func assertSame(_ a: Frame, _ b: Frame, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.columnNames, b.columnNames, file: file, line: line)
    XCTAssertEqual(a.columns.map(\.type), b.columns.map(\.type), file: file, line: line)
    XCTAssertEqual(a.rowCount, b.rowCount, file: file, line: line)
    for (x, y) in zip(a.columns, b.columns) {
      switch (x.data, y.data) {
      case (.int(let u, let m), .int(let v, let n)), (.datetime(let u, let m), .datetime(let v, let n)):
        XCTAssertEqual(u, v, x.name, file: file, line: line)
        XCTAssertEqual(m, n, x.name, file: file, line: line)
      case (.float(let u, let m), .float(let v, let n)):
        // -0.0 comes back from the rows as 0.0 (SQLite stores an integral REAL as an integer).
        XCTAssertEqual(u.map { $0 == 0 ? 0 : $0.bitPattern }, v.map { $0 == 0 ? 0 : $0.bitPattern }, x.name, file: file, line: line)
        XCTAssertEqual(m, n, x.name, file: file, line: line)
      case (.bool(let u, let m), .bool(let v, let n)):
        XCTAssertEqual(u, v, x.name, file: file, line: line)
        XCTAssertEqual(m, n, x.name, file: file, line: line)
      case (.string(let c, let d), .string(let e, let f)):
        XCTAssertEqual(c, e, x.name, file: file, line: line)
        XCTAssertEqual(d, f, x.name, file: file, line: line)
      default:
        XCTFail("\(x.name): \(x.type) against \(y.type)", file: file, line: line)
      }
    }
  }

  private func images(_ store: SessionStore, _ name: String) throws -> Int64 {
    try store.database.query("SELECT count(*) FROM column_images WHERE table_name = ?", [.text(name)]).first?[0].integer ?? -1
  }

  /// The table read from its rows: the image set aside for one load, then put back.
  private func fromRows(_ store: SessionStore, _ name: String) throws -> Frame {
    try store.database.execute("CREATE TEMP TABLE saved AS SELECT * FROM column_images")
    try store.database.execute("DELETE FROM column_images")
    XCTAssertFalse(try store.readKept(name).fromImage)
    defer {
      try? store.database.execute("INSERT INTO column_images SELECT * FROM saved")
      try? store.database.execute("DROP TABLE saved")
    }
    return try store.loadKept(name)
  }

  func testTheImageGivesWhatTheRowsGive() throws {
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("image.db"))
    let frame = awkward()
    try store.keep(frame, as: "t", session: nil, command: nil)
    // A dictionary per text column, a chunk per column.
    XCTAssertEqual(try images(store, "t"), 8)
    let read = try store.readKept("t")
    XCTAssertTrue(read.fromImage)
    let image = read.frame
    let rows = try fromRows(store, "t")
    assertSame(image, rows)
    for (a, b) in zip(frame.columns, image.columns) {
      XCTAssertTrue((0..<frame.rowCount).allSatisfy { a[$0] == b[$0] || (a[$0].doubleValue?.isNaN ?? false && b[$0].isNull) }, a.name)
    }
    // The dictionary holds the used strings in order of first appearance.
    guard case .string(_, let dictionary) = image.columns[3].data else { return XCTFail("s is not text") }
    XCTAssertEqual(dictionary, ["Größe", "", "x\0y", "café"])
    // -0.0 is kept exactly by the image.
    try store.keep(Frame(columns: [Column(name: "z", scalars: [.float(-0.0)], type: .float)]), as: "z", session: nil, command: nil)
    XCTAssertTrue(try store.readKept("z").fromImage)
    guard case .float(let z, _) = try store.loadKept("z").columns[0].data else { return XCTFail("z is not float") }
    XCTAssertEqual(z.map(\.sign), [.minus])
  }

  func testChunksOfAColumnJoinUp() throws {
    let column = awkward().columns
    for c in column {
      var reader = ColumnImageReader(type: c.type, capacity: 0)
      for (chunk, bytes) in ColumnImage.encode(c, chunkRows: 7) {
        XCTAssertTrue(bytes.withUnsafeBytes { reader.add(chunk: chunk, bytes: $0) }, "\(c.name) chunk \(chunk)")
      }
      XCTAssertEqual(reader.rows, c.count)
      let back = reader.column(named: c.name)
      XCTAssertTrue((0..<c.count).allSatisfy { c[$0] == back[$0] || (c[$0].doubleValue?.isNaN ?? false && back[$0].isNull) }, c.name)
    }
    // A chunk out of order, or bytes that do not parse, are refused.
    let ints = Column(name: "i", scalars: (0..<20).map { .int(Int64($0)) }, type: .int)
    let blobs = ColumnImage.encode(ints, chunkRows: 7)
    var reader = ColumnImageReader(type: .int, capacity: 0)
    XCTAssertFalse(blobs[1].bytes.withUnsafeBytes { reader.add(chunk: 1, bytes: $0) })
    var truncated = ColumnImageReader(type: .int, capacity: 0)
    XCTAssertFalse(blobs[0].bytes.dropLast().withUnsafeBytes { truncated.add(chunk: 0, bytes: UnsafeRawBufferPointer($0)) })
  }

  func testAChangeByAnotherProgramDropsTheImageAndTheRowsAreRead() throws {
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("changed.db"))
    try store.keep(awkward(), as: "t", session: nil, command: nil)
    // `sql` cannot write; another program (here the store's own connection) can.
    XCTAssertTrue(try store.readKept("t").fromImage)
    try store.database.execute("UPDATE t SET i = 42 WHERE rowid = 2")
    XCTAssertEqual(try images(store, "t"), 0)
    XCTAssertFalse(try store.readKept("t").fromImage)
    XCTAssertEqual(try store.loadKept("t").columns[0][1], .int(42))
    for change in ["INSERT INTO t(i) VALUES (7)", "DELETE FROM t WHERE rowid = 1"] {
      try store.keep(awkward(), as: "t", session: nil, command: nil, replacing: true)
      XCTAssertEqual(try images(store, "t"), 8)
      try store.database.execute(change)
      XCTAssertEqual(try images(store, "t"), 0, change)
    }
    // A column added (no trigger sees it) does not match the recorded columns: rows again.
    try store.keep(awkward(), as: "t", session: nil, command: nil, replacing: true)
    try store.database.execute("ALTER TABLE t ADD COLUMN extra INTEGER DEFAULT 5")
    let (widened, fromImage) = try store.readKept("t")
    XCTAssertFalse(fromImage)
    XCTAssertEqual(widened.columnNames.last, "extra")
    XCTAssertEqual(widened.columns.last?[0], .int(5))
    // Keeping again replaces the table, its image and its triggers.
    try store.keep(awkward(), as: "T", session: nil, command: nil, replacing: true)
    XCTAssertEqual(try images(store, "T"), 8)
    XCTAssertEqual(try store.database.query("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), [[.integer(3)]])
  }

  func testAnImageThatDoesNotParseLeavesTheRowsToRead() throws {
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("corrupt.db"))
    let frame = awkward()
    try store.keep(frame, as: "t", session: nil, command: nil)
    let rows = try fromRows(store, "t")
    XCTAssertTrue(try store.readKept("t").fromImage)
    try store.database.execute("UPDATE column_images SET data = x'05' WHERE position = 1")
    XCTAssertFalse(try store.readKept("t").fromImage)
    assertSame(try store.loadKept("t"), rows)
    try store.keep(frame, as: "t", session: nil, command: nil, replacing: true)
    try store.database.execute("DELETE FROM column_images WHERE position = 2 AND chunk = 0")
    XCTAssertFalse(try store.readKept("t").fromImage)
    assertSame(try store.loadKept("t"), rows)
  }

  func testATableKeptBeforeImagesIsReadFromItsRows() throws {
    // A store from before migration 005: the table and its kept_tables row, no image.
    let dir = TemporaryDirectory()
    let path = dir.file("old.db")
    do {
      let store = try SessionStore(path: path)
      try store.keep(awkward(), as: "t", session: nil, command: nil)
      try store.database.execute("DELETE FROM column_images")
      for event in ["insert", "update", "delete"] {
        try store.database.execute("DROP TRIGGER \"column_images after \(event) on t\"")
      }
    }
    let store = try SessionStore(path: path)
    XCTAssertFalse(try store.readKept("t").fromImage)
    assertSame(try store.loadKept("t"), try fromRows(store, "t"))
    XCTAssertEqual(try store.loadKept("t").rowCount, 300)
  }

  func testOnlineRetailRoundTripsThroughItsImage() throws {
    // The 13 monthly files of UCI Online Retail as loaded (541,909 rows; nulls in
    // Description and CustomerID, texts from Latin-1 bytes, datetimes): the reference is
    // the loaded frame itself, and the same table read from its rows.
    let loaded = try CSVReader.load(TestData.bundledDirectory + "/online-retail/monthly/*.csv.gz").frame
    XCTAssertEqual(loaded.rowCount, 541_909)
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("retail.db"))
    try store.keep(loaded, as: "orders", session: nil, command: nil)
    let (image, fromImage) = try store.readKept("orders")
    XCTAssertTrue(fromImage)
    XCTAssertEqual(image.columns.map(\.type), loaded.columns.map(\.type))
    for (a, b) in zip(loaded.columns, image.columns) {
      let differ = (0..<loaded.rowCount).first { a[$0] != b[$0] }
      XCTAssertNil(differ, "\(a.name) differs at row \(differ ?? -1)")
    }
    assertSame(image, try fromRows(store, "orders"))
  }
}
