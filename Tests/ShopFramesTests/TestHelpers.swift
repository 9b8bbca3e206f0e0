import ShopCore
import XCTest

@testable import ShopFrames

// Small builders so tests read like the frames they describe.

func ints(_ name: String, _ values: [Int64?]) -> Column {
  Column(name: name, scalars: values.map { $0.map(Scalar.int) ?? .null }, type: .int)
}

func floats(_ name: String, _ values: [Double?]) -> Column {
  Column(name: name, scalars: values.map { $0.map(Scalar.float) ?? .null }, type: .float)
}

func strings(_ name: String, _ values: [String?]) -> Column {
  Column(name: name, scalars: values.map { $0.map(Scalar.string) ?? .null }, type: .string)
}

func bools(_ name: String, _ values: [Bool?]) -> Column {
  Column(name: name, scalars: values.map { $0.map(Scalar.bool) ?? .null }, type: .bool)
}

/// Datetimes from ISO texts ("2011-01-03 10:00").
func dates(_ name: String, _ values: [String?]) -> Column {
  Column(
    name: name,
    scalars: values.map { $0.flatMap(DateTextParser.parse).map(Scalar.datetime) ?? .null },
    type: .datetime)
}

func col(_ name: String, _ range: SourceRange? = nil) -> ColumnExpr { .column(name, range: range) }
func lit(_ value: Scalar) -> ColumnExpr { .literal(value) }
func lit(_ value: Int64) -> ColumnExpr { .literal(.int(value)) }
func lit(_ value: Double) -> ColumnExpr { .literal(.float(value)) }
func lit(_ value: String) -> ColumnExpr { .literal(.string(value)) }
func bin(_ op: BinaryOperator, _ l: ColumnExpr, _ r: ColumnExpr, _ range: SourceRange? = nil)
  -> ColumnExpr
{
  ColumnExpr(.binary(op, l, r), range: range)
}
func fn(_ name: String, _ args: ColumnExpr..., range: SourceRange? = nil) -> ColumnExpr {
  ColumnExpr(.call(name, args), range: range)
}
func ref(_ name: String) -> ColumnRef { ColumnRef(name) }
func refs(_ names: String...) -> [ColumnRef] { names.map { ColumnRef($0) } }
func agg(_ name: String, _ function: String, _ argument: ColumnExpr?, _ q: Double? = nil)
  -> Aggregation
{
  Aggregation(name: name, function: function, argument: argument, parameter: q)
}

extension Frame {
  /// A column's cells as scalars (test convenience).
  func values(_ name: String, file: StaticString = #filePath, line: UInt = #line) -> [Scalar] {
    guard let c = column(named: name) else {
      XCTFail("no column \(name) in \(columnNames)", file: file, line: line)
      return []
    }
    return (0..<c.count).map { c[$0] }
  }
}

/// Asserts that `body` throws a `FrameError` and returns it.
@discardableResult
func assertFrameError<T>(
  _ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line
) -> FrameError? {
  do {
    _ = try body()
    XCTFail("expected a FrameError", file: file, line: line)
  } catch let error as FrameError {
    return error
  } catch {
    XCTFail("unexpected error \(error)", file: file, line: line)
  }
  return nil
}

/// The message of a frame error's diagnostic.
func message(_ error: FrameError?) -> String { error?.diagnostic.message ?? "" }
