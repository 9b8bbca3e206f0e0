/// The type of a frame column.
public enum DataType: String, Sendable, CaseIterable, CustomStringConvertible {
  case int, float, string, bool, datetime
  public var description: String { rawValue }
}

/// One cell of a frame: a typed value or null.
///
/// `datetime` holds seconds since 1970-01-01T00:00:00 on a zone-free clock. Times written
/// without an offset are kept as written (shop logs record local times, and shifting them
/// would move orders across midnight); times written with an explicit offset are
/// converted to UTC by the loader, the one reading under which they still order (see
/// docs/loading.md).
public enum Scalar: Hashable, Sendable {
  case null
  case int(Int64)
  case float(Double)
  case string(String)
  case bool(Bool)
  case datetime(Int64)

  public var isNull: Bool { if case .null = self { return true } else { return false } }

  /// The value as a Double when it is numeric (int, float, bool as 0/1, datetime seconds).
  public var doubleValue: Double? {
    switch self {
    case .int(let v): return Double(v)
    case .float(let v): return v
    case .bool(let v): return v ? 1 : 0
    case .datetime(let v): return Double(v)
    case .string, .null: return nil
    }
  }

  public var dataType: DataType? {
    switch self {
    case .null: return nil
    case .int: return .int
    case .float: return .float
    case .string: return .string
    case .bool: return .bool
    case .datetime: return .datetime
    }
  }
}
