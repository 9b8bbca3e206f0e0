/// A columnar, typed table: the value every data command takes and returns.
///
/// Columns are value types over copy-on-write arrays, so passing a frame along a
/// pipeline copies nothing until a stage writes. Column names are unique.
public struct Frame: Sendable {
  public private(set) var columns: [Column]
  public let rowCount: Int

  /// - Precondition: every column has `rowCount` rows and names are unique.
  public init(columns: [Column]) {
    self.columns = columns
    self.rowCount = columns.first?.count ?? 0
    precondition(columns.allSatisfy { $0.count == rowCount }, "columns of unequal length")
  }

  /// An empty frame with no columns.
  public static let empty = Frame(columns: [])

  public var columnNames: [String] { columns.map(\.name) }
  public var columnCount: Int { columns.count }

  public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

  public func column(named name: String) -> Column? { index(of: name).map { columns[$0] } }

  /// Adds a column, or replaces the one with the same name in place.
  public func with(_ column: Column) -> Frame {
    var cols = columns
    if let i = index(of: column.name) { cols[i] = column } else { cols.append(column) }
    return Frame(columns: cols)
  }

  /// The rows picked by `indices`, in that order.
  public func gather(_ indices: [Int]) -> Frame {
    Frame(columns: columns.map { $0.gather(indices) }, rowCount: indices.count)
  }

  private init(columns: [Column], rowCount: Int) {
    self.columns = columns
    self.rowCount = rowCount
  }

  /// The cell at (row, column index).
  public subscript(row: Int, column: Int) -> Scalar { columns[column][row] }
}
