/// What a column's values are read as, one step finer than `DataType`: datetimes come in
/// text, compact and Unix flavours, and forced columns read more spellings than inferred ones.
///
/// Inferred kinds form a lattice that only widens: `unknown` (all null so far) is below
/// everything; `compactDate` and `unixTime` widen to `int`; `int` widens to `float`; any
/// other mix widens to `string`. A value that fits a kind fits every kind above it, which
/// is what lets the loader widen a column after a wrong guess without losing a value.
enum CSVFieldKind: Sendable, Equatable {
  case unknown
  case bool
  case int
  case float
  /// ISO, US or day-month-year text (`CSVDateParser.text`).
  case dateText
  /// `YYYYMMDD` digits, with the year range the column's name allows.
  case compactDate(ClosedRange<Int>)
  /// Seconds since 1970, in `CSVDateParser.unixRange`.
  case unixTime
  case string
  /// A column forced to `bool`: `DataParser.lenientBool` spellings, never widened.
  case forcedBool
  /// A column forced to `datetime`: any date text, `YYYYMMDD` or Unix seconds.
  case forcedDatetime

  var dataType: DataType {
    switch self {
    case .bool, .forcedBool: return .bool
    case .int: return .int
    case .float: return .float
    case .dateText, .compactDate, .unixTime, .forcedDatetime: return .datetime
    case .string, .unknown: return .string
    }
  }

  private var isIntLike: Bool {
    switch self {
    case .int, .compactDate, .unixTime: return true
    default: return false
    }
  }

  /// The narrowest kind that holds values of both `self` and `other`.
  func joined(with other: CSVFieldKind) -> CSVFieldKind {
    if self == other || other == .unknown { return self }
    if self == .unknown { return other }
    if isIntLike, other.isIntLike { return .int }
    if isIntLike || self == .float, other.isIntLike || other == .float { return .float }
    return .string
  }

  /// The kind a user-forced type reads with.
  init(forced type: DataType) {
    switch type {
    case .int: self = .int
    case .float: self = .float
    case .string: self = .string
    case .bool: self = .forcedBool
    case .datetime: self = .forcedDatetime
    }
  }

  /// The narrowest inferred kind of one non-null value (never a whole-column kind such as
  /// `compactDate`).
  static func classify(_ p: UnsafePointer<UInt8>, _ n: Int) -> CSVFieldKind {
    if CSVFieldParser.int(p, n) != nil { return .int }
    if CSVFieldParser.float(p, n) != nil { return .float }
    if CSVFieldParser.bool(p, n) != nil { return .bool }
    if CSVDateParser.text(p, n) != nil { return .dateText }
    return .string
  }
}
