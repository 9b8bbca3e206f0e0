import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// Grouping on several columns (`Grouping.byRowHash`: full-row `dedupe`, `distinct`, group
/// by and join on several keys) against independent references: pandas on the real data,
/// and on synthetic edge cases a dictionary keyed by each row's cells spelled out.
final class RowHashGroupingTests: XCTestCase {
  /// The row's key cells as text a dictionary can key on: null apart from every value,
  /// floats by their canonical bits (-0.0 is 0.0, every NaN one NaN), strings by their
  /// UTF-8 with their length (so a NUL inside is part of the key).
  private func spelled(_ columns: [Column], _ row: Int) -> String {
    columns.map { c -> String in
      if c.isNull(row) { return "null" }
      switch c.data {
      case .int(let v, _): return "i\(v[row])"
      case .datetime(let v, _): return "d\(v[row])"
      case .bool(let v, _): return "b\(v[row])"
      case .float(let v, _):
        let x = v[row]
        let bits = x == 0 ? 0 : x.isNaN ? Double.nan.bitPattern : x.bitPattern
        return "f\(bits)"
      case .string(let codes, let dict):
        let utf8 = Array(dict[Int(codes[row])].utf8)
        return "s\(utf8.count):" + utf8.map(String.init).joined(separator: ".")
      }
    }.joined(separator: "|")
  }

  /// Group ids in order of first appearance, from the spelled rows.
  private func referenceIds(_ columns: [Column], rows: Int) -> [Int32] {
    var ids: [String: Int32] = [:]
    return (0..<rows).map { row in
      let key = spelled(columns, row)
      if let id = ids[key] { return id }
      ids[key] = Int32(ids.count)
      return Int32(ids.count - 1)
    }
  }

  func assertMatchesReference(_ columns: [Column], file: StaticString = #filePath, line: UInt = #line) {
    let rows = columns[0].count
    let g = Grouping(columns, rowCount: rows)
    let expected = referenceIds(columns, rows: rows)
    XCTAssertEqual(g.ids, expected, file: file, line: line)
    XCTAssertEqual(g.count, Set(expected).count, file: file, line: line)
    XCTAssertEqual(g.firstRows, (0..<g.count).map { id in expected.firstIndex(of: Int32(id))! }, file: file, line: line)
  }

  func testNullsNaNNegativeZeroAndNULBytes() {
    // Rows 0/1 differ only by NaN vs null; 2/3 by -0.0 vs 0.0 (equal); 4/5 by a NUL inside
    // the text; 6/7 by null vs the empty string; 8 repeats 0 and 9 repeats 4.
    let nan = Double.nan
    let negativeNaN = -Double.nan
    let columns = [
      floats("x", [nan, nil, -0.0, 0.0, 1, 1, 2, 2, negativeNaN, 1]),
      strings("s", ["a", "a", "b", "b", "a\0b", "a", nil, "", "a", "a\0b"]),
      ints("i", [1, 1, nil, nil, 7, 7, 0, 0, 1, 7]),
      bools("b", [true, true, false, false, nil, nil, true, true, true, nil]),
    ]
    assertMatchesReference(columns)
    let g = Grouping(columns, rowCount: 10)
    XCTAssertEqual(g.ids, [0, 1, 2, 2, 3, 4, 5, 6, 0, 3])
  }

  func testMixedTypesWithTheSameBitsAreDifferentKeys() {
    // An int 1, the string "1", a datetime 1 and a float whose bits are 1: one column each,
    // so only the row hash sees them; each column's own equality decides.
    let datetimes = Column(name: "d", data: .datetime([1, 1, 2], .allValid))
    let columns = [ints("i", [1, 1, 1]), strings("s", ["1", "1", "1"]), datetimes,
                   floats("f", [Double(bitPattern: 1), Double(bitPattern: 1), Double(bitPattern: 1)])]
    XCTAssertEqual(Grouping(columns, rowCount: 3).ids, [0, 0, 1])
    assertMatchesReference(columns)
  }

  func testManyRowsAcrossTableGrowth() {
    // 50,000 rows drawn from small alphabets: many repeats, many distinct rows, so the
    // table grows several times with groups in it.
    var rng = SeededRandom(seed: 13)
    let n = 50_000
    func pick<T>(_ choices: [T?]) -> [T?] { (0..<n).map { _ in choices[rng.nextInt(below: choices.count)] } }
    let columns = [
      strings("s", pick(["x", "y", "z\0", nil, ""])),
      ints("i", pick([1, 2, 3, 1 << 40, nil])),
      floats("f", pick([0.0, -0.0, .nan, 1.5, nil, 1e300])),
      bools("b", pick([true, false, nil])),
      ints("wide", (0..<n).map { _ in Int64(rng.nextInt(below: 40)) * 1_000_003 }),
    ]
    assertMatchesReference(columns)
  }

  func testFullRowDedupeOfOnlineRetailMatchesPandas() throws {
    // pandas 2.3: raw = concat(read_csv(f, dtype={InvoiceNo, StockCode, Description, Country: str,
    // Quantity: int64, UnitPrice: float64, CustomerID: Int64}, parse_dates=["InvoiceDate"])
    // for the 13 monthly files, in name order); d = raw.drop_duplicates():
    // len(raw) - len(d) = 5268, d.index.sum() = 145242422705;
    // raw.drop_duplicates(keep="last").index.sum() = 145242509438;
    // raw.drop_duplicates(subset=["InvoiceNo", "StockCode"]): 10684 removed, index sum 143567791531.
    let raw = try CSVReader.load(try testDataPath("uci-online-retail/monthly/*.csv.gz")).frame
    XCTAssertEqual(raw.rowCount, 541_909)
    let all = Grouping(raw.columns, rowCount: raw.rowCount)
    XCTAssertEqual(raw.rowCount - all.count, 5268)
    XCTAssertEqual(all.firstRows.reduce(0, +), 145_242_422_705)
    var lastRows = [Int](repeating: -1, count: all.count)
    for (row, id) in all.ids.enumerated() { lastRows[Int(id)] = row }
    XCTAssertEqual(lastRows.reduce(0, +), 145_242_509_438)
    let pair = Grouping([raw.columns[0], raw.columns[1]], rowCount: raw.rowCount)
    XCTAssertEqual(raw.rowCount - pair.count, 10_684)
    XCTAssertEqual(pair.firstRows.reduce(0, +), 143_567_791_531)

    let deduped = try raw.dedupe()
    XCTAssertEqual(deduped.summary, "dedupe: removed 5,268 of 541,909 rows")
    XCTAssertEqual(try raw.dedupe(keepLast: true).frame.rowCount, 536_641)
    XCTAssertEqual(try raw.distinct().rowCount, 536_641)
  }
}

extension RowHashGroupingTests {
  func testFlatFoldAndRowHashAgree() {
    // Small code ranges (a string, a narrow int with nulls, a bool): `Grouping` folds the
    // columns on flat tables; hashing the rows must give the very same groups.
    var rng = SeededRandom(seed: 7)
    let n = 20_000
    let words: [String?] = ["a", "b", nil, "c"]
    let columns = [
      strings("c", (0..<n).map { _ in words[rng.nextInt(below: 4)] }),
      ints("k", (0..<n).map { _ in rng.nextInt(below: 10) == 0 ? nil : Int64(rng.nextInt(below: 300)) }),
      bools("b", (0..<n).map { _ in rng.nextInt(below: 5) == 0 ? nil : rng.nextInt(below: 2) == 0 }),
    ]
    XCTAssertTrue(Grouping.foldStaysFlat(columns, rowCount: n))
    XCTAssertFalse(Grouping.foldStaysFlat(columns + [floats("f", Array(repeating: 1, count: n))], rowCount: n))
    let fold = Grouping(columns, rowCount: n)
    let hashed = Grouping.byRowHash(columns, rowCount: n)
    XCTAssertEqual(fold.ids, hashed.ids)
    XCTAssertEqual(fold.count, hashed.count)
    XCTAssertEqual(fold.firstRows, hashed.firstRows)
    assertMatchesReference(columns)
  }
}
