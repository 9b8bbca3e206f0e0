import ShopCore
import XCTest

@testable import ShopFrames

/// What the user reads when a load goes wrong: lowercase, no trailing period, names quoted.
final class CSVErrorTests: XCTestCase {
  private let folder = CSVTestFolder()

  func testFileNotFoundSuggestsANearbyFile() {
    folder.write("u.data", "1\t2\n")
    folder.write("u.item", "1|x\n")
    let error = csvError { _ = try CSVReader.load(folder.path + "/u.dat") }
    XCTAssertEqual(
      error,
      .fileNotFound(
        path: folder.path + "/u.dat", suggestion: "did you mean '\(folder.path)/u.data'?"))
    XCTAssertEqual(error?.diagnostic.message, "file not found: '\(folder.path)/u.dat'")
    XCTAssertEqual(error?.diagnostic.label, "did you mean '\(folder.path)/u.data'?")
  }

  func testFileNotFoundWithoutAnythingClose() {
    let error = csvError { _ = try CSVReader.load(folder.path + "/orders.csv") }
    XCTAssertEqual(error, .fileNotFound(path: folder.path + "/orders.csv", suggestion: nil))
  }

  func testGlobWithoutMatches() {
    let error = csvError { _ = try CSVReader.load(folder.path + "/*.csv.gz") }
    XCTAssertEqual(error, .noMatches(glob: folder.path + "/*.csv.gz"))
    XCTAssertEqual(error?.diagnostic.message, "no file matches '\(folder.path)/*.csv.gz'")
  }

  func testTildeMeansHome() throws {
    let home = String(cString: getenv("HOME"))
    XCTAssertEqual(CSVPaths.expandingTilde("~/data/x.csv"), home + "/data/x.csv")
    XCTAssertEqual(CSVPaths.expandingTilde("a/~/x.csv"), "a/~/x.csv")
  }

  func testEmptyFile() {
    let path = folder.write("empty.csv", "\n\n")
    XCTAssertEqual(csvError { _ = try CSVReader.load(path) }, .emptyFile(path: path))
  }

  func testColumnNameCount() {
    let path = folder.write("a.csv", "1,2,3\n")
    let error = csvError { _ = try CSVReader.load(path, options: CSVOptions(columnNames: ["a"])) }
    XCTAssertEqual(error, .columnNameCount(expected: 3, given: 1))
    XCTAssertEqual(error?.diagnostic.message, "1 column names given but the file has 3 columns")
  }

  func testADirectoryIsNotAFile() {
    guard case .fileNotFound(let path, _)? = csvError({ _ = try CSVReader.load(folder.path) })
    else {
      return XCTFail("expected fileNotFound")
    }
    XCTAssertEqual(path, folder.path)
  }

  func testMessagesAreLowercaseWithoutTrailingPeriod() {
    let errors: [CSVError] = [
      .fileNotFound(path: "a", suggestion: nil), .noMatches(glob: "*.csv"),
      .mismatchedHeader(file: "b", expected: ["x"], found: ["y"]),
      .malformedRow(file: "c", line: 2, reason: "unterminated quote"),
      .typeConversion(file: "d", line: 3, column: "q", value: "x", type: .int),
      .unreadable(path: "e", reason: "permission denied"), .emptyFile(path: "f"),
      .columnNameCount(expected: 2, given: 3), .unknownColumn(name: "g", available: ["h"]),
      .unwritable(path: "i", reason: "no space"),
    ]
    for error in errors {
      let message = error.diagnostic.message
      XCTAssertEqual(
        message.first.map { String($0).lowercased() }, message.first.map(String.init), message)
      XCTAssertFalse(message.hasSuffix("."), message)
      XCTAssertEqual(error.diagnostic.severity, .error)
    }
  }
}
