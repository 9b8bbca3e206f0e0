import Foundation
import ShopCore
import ShopFrames
import ShopTestSupport
import XCTest

@testable import ShopStore

/// `load table` of a large table in a store file reads it in two halves on two
/// connections (`KeptTableRead`): the frame must be the one a single reader makes, to the
/// order of each string dictionary.
final class KeptTableSplitReadTests: XCTestCase {
  /// 150,000 rows (past `KeptTableRead.parallelMinimumRows`) of every type, with nulls,
  /// text holding NUL bytes, accented text, runs of equal values and values that first
  /// appear in the second half.
  private func largeFrame() -> Frame {
    let n = 150_000
    let words: [Scalar] = [.string("a"), .string(""), .string("x\0y"), .string("Größe"), .null, .string("café")]
    return Frame(columns: [
      Column(name: "i", scalars: (0..<n).map { $0 % 7 == 0 ? .null : .int(Int64($0) * 1_000_003) }, type: .int),
      Column(name: "f", scalars: (0..<n).map { $0 % 11 == 0 ? .null : .float(Double($0) / 8 - 60) }, type: .float),
      Column(name: "s", scalars: (0..<n).map { words[($0 / 3) % words.count] }, type: .string),
      // Distinct values throughout, so the second half brings strings of its own.
      Column(name: "t", scalars: (0..<n).map { .string("row \($0 / 2)") }, type: .string),
      Column(name: "late", scalars: (0..<n).map { $0 < 100_000 ? .string("early") : .string("late \($0 % 5)") }, type: .string),
      Column(name: "b", scalars: (0..<n).map { $0 % 5 == 0 ? .null : .bool($0 % 3 == 0) }, type: .bool),
      Column(
        name: "d", scalars: (0..<n).map { $0 % 13 == 0 ? .null : .datetime(Int64(($0 / 4) % 9) * 86_461 - 3_600) },
        type: .datetime),
      // Nulls only in the second half: the first half's reader has no mask to join to.
      Column(name: "g", scalars: (0..<n).map { $0 > 140_000 && $0 % 2 == 0 ? .null : .int(Int64($0)) }, type: .int),
    ])
  }

  /// The column's storage, dictionary order included (cell equality alone would not see it).
  private func assertSameColumns(_ a: Frame, _ b: Frame, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.columnNames, b.columnNames, file: file, line: line)
    XCTAssertEqual(a.rowCount, b.rowCount, file: file, line: line)
    for (x, y) in zip(a.columns, b.columns) {
      switch (x.data, y.data) {
      case (.int(let u, let m), .int(let v, let n)), (.datetime(let u, let m), .datetime(let v, let n)):
        XCTAssertEqual(u.indices.filter { m.isValid($0) }.map { u[$0] }, v.indices.filter { n.isValid($0) }.map { v[$0] }, x.name, file: file, line: line)
        XCTAssertEqual(m, n, x.name, file: file, line: line)
      case (.float(let u, let m), .float(let v, let n)):
        XCTAssertEqual(u.map(\.bitPattern), v.map(\.bitPattern), x.name, file: file, line: line)
        XCTAssertEqual(m, n, x.name, file: file, line: line)
      case (.bool(let u, let m), .bool(let v, let n)):
        XCTAssertEqual(zip(u, u.indices).map { m.isValid($1) ? $0 : false }, zip(v, v.indices).map { n.isValid($1) ? $0 : false }, x.name, file: file, line: line)
        XCTAssertEqual(m, n, x.name, file: file, line: line)
      case (.string(let c, let d), .string(let e, let f)):
        XCTAssertEqual(c, e, x.name, file: file, line: line)
        XCTAssertEqual(d, f, x.name, file: file, line: line)
      default:
        XCTFail("\(x.name): \(x.type) against \(y.type)", file: file, line: line)
      }
    }
  }

  func testALargeTableReadInHalvesIsTheTableReadWhole() throws {
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("split.db"))
    let frame = largeFrame()
    try store.keep(frame, as: "big", session: nil, command: nil)
    let split = try store.loadKept("big", threads: 2)
    XCTAssertTrue(split.halves)
    let whole = try store.loadKept("big", threads: 1)
    XCTAssertFalse(whole.halves)
    assertSameColumns(split.frame, whole.frame)
    XCTAssertEqual(split.frame.columns.map(\.type), frame.columns.map(\.type))
    for c in frame.columns.indices {
      let a = frame.columns[c]
      let b = split.frame.columns[c]
      XCTAssertTrue((0..<frame.rowCount).allSatisfy { a[$0] == b[$0] }, a.name)
    }
    // Strings first seen in the second half come after the first half's, in order of appearance.
    guard case .string(_, let late) = split.frame.columns[4].data else { return XCTFail("late is not text") }
    XCTAssertEqual(late, ["early", "late 0", "late 1", "late 2", "late 3", "late 4"])
  }

  func testASecondHalfThatSeesAnotherVersionIsReadAgainOnTheFirstConnection() throws {
    // The partner connection compares the table's kept_tables row with the first
    // connection's: given a row that does not match (as after another process replaced
    // the table between the two reads), it reads nothing, and the first connection reads
    // the second half itself.
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("mismatch.db"))
    let frame = largeFrame()
    try store.keep(frame, as: "big", session: nil, command: nil)
    let whole = try store.loadKept("big", threads: 1).frame
    let read = try store.database.readTransaction { () -> Frame in
      let stmt = try store.database.prepare("SELECT * FROM big")
      let metaQuery = "SELECT columns, rows, created_at, session_id, command_id FROM kept_tables WHERE name = ?"
      let read = KeptTableRead(
        table: "\"big\"", types: frame.columns.map(\.type), rows: frame.rowCount, metaQuery: metaQuery, name: "big",
        meta: [.text("another version")])
      let (readers, halves) = try read.run(store: store, whole: stmt, columnNames: frame.columnNames, threads: 2)
      defer { for var r in readers { r.deallocate() } }
      XCTAssertTrue(halves)
      return Frame(columns: zip(frame.columnNames, readers).map { $1.column(named: $0) })
    }
    assertSameColumns(read, whole)
  }

  func testAColumnNamedRowidStillSplits() throws {
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("rowid.db"))
    let n = 120_000
    let frame = Frame(columns: [
      Column(name: "rowid", scalars: (0..<n).map { .int(Int64(n - $0)) }, type: .int),
      Column(name: "OID", scalars: (0..<n).map { .string("v\($0 % 1000)") }, type: .string),
    ])
    try store.keep(frame, as: "r", session: nil, command: nil)
    let back = try store.loadKept("r", threads: 2)
    XCTAssertTrue(back.halves)
    assertSameColumns(back.frame, try store.loadKept("r", threads: 1).frame)
    XCTAssertEqual(back.frame.columns[0][0], .int(Int64(n)))
  }

  func testOnlineRetailRoundTripsInHalves() throws {
    // The 13 monthly files of UCI Online Retail as loaded (541,909 rows; nulls in
    // Description and CustomerID, texts from Latin-1 bytes), kept in a store file and
    // read back: the reference is the loaded frame itself.
    let monthly = TestData.bundledDirectory + "/online-retail/monthly/*.csv.gz"
    let loaded = try CSVReader.load(monthly).frame
    XCTAssertEqual(loaded.rowCount, 541_909)
    let dir = TemporaryDirectory()
    let store = try SessionStore(path: dir.file("retail.db"))
    try store.keep(loaded, as: "orders", session: nil, command: nil)
    let back = try store.loadKept("orders", threads: 2)
    XCTAssertTrue(back.halves)
    XCTAssertEqual(back.frame.columnNames, loaded.columnNames)
    XCTAssertEqual(back.frame.columns.map(\.type), loaded.columns.map(\.type))
    XCTAssertEqual(back.frame.rowCount, loaded.rowCount)
    for (a, b) in zip(loaded.columns, back.frame.columns) {
      let differ = (0..<loaded.rowCount).first { a[$0] != b[$0] }
      XCTAssertNil(differ, "\(a.name) differs at row \(differ ?? -1)")
    }
    assertSameColumns(back.frame, try store.loadKept("orders", threads: 1).frame)
  }
}
