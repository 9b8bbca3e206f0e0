import Foundation
import ShopFrames
import ShopTestSupport
import XCTest

@testable import ShopArrow

/// The reader against streams written by pyarrow (Fixtures/make_fixtures.py), each checked
/// value by value against pyarrow's own reading of the same data (the `.json` beside it).
final class ArrowStreamReaderTests: XCTestCase {
  private func fixture(_ name: String) throws -> [UInt8] {
    let path = "\(repositoryRoot)/Tests/ShopArrowTests/Fixtures/\(name)"
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  private func expected(_ name: String) throws -> [String: Any] {
    let data = Data(try fixture(name))
    return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  private func read(_ name: String) throws -> (ArrowTable, batches: Int) {
    var reader = ArrowStreamReader()
    try reader.read(try fixture(name))
    return (try reader.table(), reader.batchCount)
  }

  /// Every value of every column as pyarrow reads it; null as NSNull.
  private func assertMatches(_ table: ArrowTable, _ json: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws {
    let columns = try XCTUnwrap(json["columns"] as? [String: [Any]])
    XCTAssertEqual(table.columns.count, columns.count, file: file, line: line)
    for column in table.columns {
      let want = try XCTUnwrap(columns[column.field.name], file: file, line: line)
      XCTAssertEqual(column.count, want.count, column.field.name, file: file, line: line)
      for row in 0..<min(column.count, want.count) {
        let context = "\(column.field.name)[\(row)]"
        if want[row] is NSNull {
          XCTAssertTrue(column.isNull(row), "\(context) should be null", file: file, line: line)
          continue
        }
        XCTAssertFalse(column.isNull(row), "\(context) should not be null", file: file, line: line)
        switch column.values {
        case .int(let v), .date(let v), .timestamp(let v):
          XCTAssertEqual(v[row], (want[row] as? NSNumber)?.int64Value, context, file: file, line: line)
        case .double(let v):
          XCTAssertEqual(v[row], (want[row] as? NSNumber)?.doubleValue, context, file: file, line: line)
        case .bool(let v):
          XCTAssertEqual(v[row], (want[row] as? NSNumber)?.boolValue, context, file: file, line: line)
        case .string(let v):
          XCTAssertEqual(v[row], want[row] as? String, context, file: file, line: line)
        case .decimal(let unscaled, let scale):
          XCTAssertEqual(decimalText(unscaled[row], scale: scale), want[row] as? String, context, file: file, line: line)
        }
      }
    }
  }

  /// The decimal as Python's `str(Decimal)` writes it for these values ("-0.05", "12.34").
  private func decimalText(_ unscaled: Int128, scale: Int) -> String {
    let digits = String(unscaled.magnitude)
    let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
    let cut = padded.index(padded.endIndex, offsetBy: -scale)
    return (unscaled < 0 ? "-" : "") + padded[..<cut] + "." + padded[cut...]
  }

  func testSparkTypesWithNullsOverThreeBatchesMatchPyarrow() throws {
    let (table, batches) = try read("spark_types.arrows")
    XCTAssertEqual(batches, 3)
    XCTAssertEqual(table.rowCount, 7)
    XCTAssertEqual(
      table.schema.fields.map(\.type),
      [
        .int(bitWidth: 32, signed: true), .int(bitWidth: 64, signed: true), .floatingPoint(bitWidth: 64),
        .utf8, .bool, .date(unit: .day), .decimal(precision: 12, scale: 2),
        .timestamp(unit: .microsecond, timezone: "UTC"), .timestamp(unit: .microsecond, timezone: nil),
      ])
    XCTAssertTrue(table.schema.fields.allSatisfy(\.nullable))
    try assertMatches(table, try expected("spark_types.json"))
  }

  func testOtherWidthsAndLargeStringsMatchPyarrow() throws {
    let (table, batches) = try read("other_widths.arrows")
    XCTAssertEqual(batches, 1)
    XCTAssertEqual(table.rowCount, 1_000)
    XCTAssertEqual(
      table.schema.fields.map(\.type),
      [.int(bitWidth: 8, signed: true), .int(bitWidth: 16, signed: true), .floatingPoint(bitWidth: 32), .largeUtf8])
    try assertMatches(table, try expected("other_widths.json"))
  }

  func testAStreamWithNoBatchesIsAnEmptyTableWithItsSchema() throws {
    let (table, batches) = try read("empty.arrows")
    XCTAssertEqual(batches, 0)
    XCTAssertEqual(table.schema.fields.map(\.name), ["n", "s"])
    XCTAssertEqual(table.rowCount, 0)
    XCTAssertEqual(Frame(arrow: table).columnNames, ["n", "s"])
  }

  /// Spark Connect sends one stream per response: reading two appends the second's rows.
  func testSeveralStreamsWithTheSameSchemaAppend() throws {
    var reader = ArrowStreamReader()
    try reader.read(try fixture("spark_types.arrows"))
    try reader.read(try fixture("spark_types.arrows"))
    XCTAssertEqual(reader.batchCount, 6)
    XCTAssertEqual(try reader.table().rowCount, 14)
    XCTAssertThrowsError(try reader.read(try fixture("empty.arrows"))) {
      XCTAssertEqual($0 as? ArrowError, .schemaChanged)
    }
  }

  func testANestedColumnIsRefusedByName() throws {
    XCTAssertThrowsError(try read("nested.arrows")) { error in
      guard case .unsupported(let what) = error as? ArrowError else { return XCTFail("\(error)") }
      XCTAssertTrue(what.contains("'items'"), what)
    }
  }

  /// Cutting a stream anywhere gives an error, never a crash or a silent partial read of a
  /// batch (a cut between messages is a shorter, still valid, stream).
  func testATruncatedStreamIsMalformedNotACrash() throws {
    let bytes = try fixture("spark_types.arrows")
    var errors = 0
    for cut in stride(from: 1, to: bytes.count, by: 7) {
      var reader = ArrowStreamReader()
      do { try reader.read(Array(bytes[..<cut])) } catch is ArrowError { errors += 1 }
    }
    XCTAssertGreaterThan(errors, bytes.count / 7 - 10)
  }

  func testFrameConversionKeepsTypesAndNulls() throws {
    let (table, _) = try read("spark_types.arrows")
    let frame = Frame(arrow: table)
    XCTAssertEqual(
      frame.columns.map(\.type), [.int, .int, .float, .string, .bool, .datetime, .float, .datetime, .datetime])
    XCTAssertEqual(frame.rowCount, 7)
    XCTAssertEqual(frame.column(named: "text")?[2], .string("héllo, wörld"))
    XCTAssertTrue(frame.column(named: "text")?.isNull(1) ?? false)
    // 2011-01-04 is day 14,978 (Python: (date(2011,1,4)-date(1970,1,1)).days).
    XCTAssertEqual(frame.column(named: "day")?[0], .datetime(14_978 * 86_400))
    // 1969-12-31 23:59:59.5 floors to the second before midnight, not to midnight.
    XCTAssertEqual(frame.column(named: "at")?[2], .datetime(-1))
    XCTAssertEqual(frame.column(named: "price")?[2], .float(-0.05))
    // The same string in two batches gets one dictionary code.
    guard case .string(let codes, let dictionary)? = frame.column(named: "text")?.data else {
      return XCTFail("text is not a string column")
    }
    XCTAssertEqual(codes[0], codes[6])
    XCTAssertEqual(Set(dictionary).count, dictionary.count)
  }
}
