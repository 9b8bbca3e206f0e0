/// A decoded column, values normalised to a few Swift representations. A null row holds
/// a placeholder (0, "", false) and is marked in `validity`.
public struct ArrowColumn: Sendable, Equatable {
  public var field: ArrowField
  public var values: Values
  /// `nil` when no row is null.
  public var validity: [Bool]?

  public enum Values: Sendable, Equatable {
    /// Every integer width.
    case int([Int64])
    /// float and double.
    case double([Double])
    case bool([Bool])
    case string([String])
    /// Days since 1970-01-01 (a date64 is floored to its day).
    case date([Int64])
    /// Unscaled values: the number is `unscaled / 10^scale`.
    case decimal(unscaled: [Int128], scale: Int)
    /// Microseconds since 1970-01-01T00:00:00 (UTC when the field has a timezone).
    case timestamp(microseconds: [Int64])
  }

  public var count: Int {
    switch values {
    case .int(let v), .date(let v), .timestamp(let v): return v.count
    case .double(let v): return v.count
    case .bool(let v): return v.count
    case .string(let v): return v.count
    case .decimal(let v, _): return v.count
    }
  }

  /// A column of no rows for `field`.
  static func empty(_ field: ArrowField) -> ArrowColumn {
    let values: Values
    switch field.type {
    case .int: values = .int([])
    case .floatingPoint: values = .double([])
    case .bool: values = .bool([])
    case .utf8, .largeUtf8: values = .string([])
    case .date: values = .date([])
    case .decimal(_, let scale): values = .decimal(unscaled: [], scale: scale)
    case .timestamp: values = .timestamp(microseconds: [])
    }
    return ArrowColumn(field: field, values: values, validity: nil)
  }

  public func isNull(_ row: Int) -> Bool { !(validity?[row] ?? true) }

  /// This column followed by `other`'s rows (the same field).
  mutating func append(_ other: ArrowColumn) {
    switch (values, other.values) {
    case (.int(let a), .int(let b)): values = .int(a + b)
    case (.double(let a), .double(let b)): values = .double(a + b)
    case (.bool(let a), .bool(let b)): values = .bool(a + b)
    case (.string(let a), .string(let b)): values = .string(a + b)
    case (.date(let a), .date(let b)): values = .date(a + b)
    case (.timestamp(let a), .timestamp(let b)): values = .timestamp(microseconds: a + b)
    case (.decimal(let a, let s), .decimal(let b, _)): values = .decimal(unscaled: a + b, scale: s)
    default: preconditionFailure("append of columns with different types")
    }
    let before = count - other.count
    if validity != nil || other.validity != nil {
      validity = (validity ?? Array(repeating: true, count: before))
        + (other.validity ?? Array(repeating: true, count: other.count))
    }
  }
}

/// The rows of an Arrow result: a schema and one column per field.
public struct ArrowTable: Sendable, Equatable {
  public var schema: ArrowSchema
  public var columns: [ArrowColumn]
  public var rowCount: Int { columns.first?.count ?? 0 }

  public init(schema: ArrowSchema, columns: [ArrowColumn]) {
    self.schema = schema
    self.columns = columns
  }
}
