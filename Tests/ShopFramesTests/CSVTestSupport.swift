import Foundation
import ShopCore
import XCTest

@testable import ShopFrames

/// A fresh folder for one test's files, removed when the test ends.
final class CSVTestFolder {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "shoplab-csv-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `text` (UTF-8) to `name` and returns the full path.
  @discardableResult
  func write(_ name: String, _ text: String) -> String {
    write(name, bytes: Array(text.utf8))
  }

  @discardableResult
  func write(_ name: String, bytes: [UInt8]) -> String {
    let full = path + "/" + name
    _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
    return full
  }
}

/// The column's cells as scalars (nulls as `.null`).
func csvCells(_ frame: Frame, _ name: String, file: StaticString = #filePath, line: UInt = #line)
  -> [Scalar]
{
  guard let column = frame.column(named: name) else {
    XCTFail("no column '\(name)' in \(frame.columnNames)", file: file, line: line)
    return []
  }
  return (0..<column.count).map { column[$0] }
}

/// The column's type, or nil when missing.
func csvType(_ frame: Frame, _ name: String) -> DataType? { frame.column(named: name)?.type }

/// Asserts two frames have the same names, types and cells (strings compared by value).
func assertSameCSVFrame(
  _ a: Frame, _ b: Frame, file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(a.columnNames, b.columnNames, file: file, line: line)
  XCTAssertEqual(a.rowCount, b.rowCount, file: file, line: line)
  guard a.columnNames == b.columnNames, a.rowCount == b.rowCount else { return }
  for (x, y) in zip(a.columns, b.columns) {
    XCTAssertEqual(x.type, y.type, "type of \(x.name)", file: file, line: line)
    for row in 0..<a.rowCount where x[row] != y[row] {
      XCTFail("\(x.name) row \(row): \(x[row]) != \(y[row])", file: file, line: line)
      return
    }
  }
}

/// The error thrown by `body` as a `CSVError`, or a failure.
func csvError(
  file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void
) -> CSVError? {
  do {
    try body()
    XCTFail("expected a CSVError", file: file, line: line)
  } catch let error as CSVError {
    return error
  } catch {
    XCTFail("expected a CSVError, got \(error)", file: file, line: line)
  }
  return nil
}
