import ShopCore

/// What a column's values are read as, one step finer than `DataType`: datetimes come in
/// text, compact and Unix flavours, and forced columns read more spellings than inferred ones.
///
/// Inferred kinds form a lattice that only widens: `unknown` (all null so far) is below
/// everything; `compactDate`, `unixTime` and `wordBool` widen to `int`; `int` widens to
/// `float`; `dateText` widens to `dayFirstText`; any other mix widens to `string`. A value that fits a kind fits every kind above it, which
/// is what lets the loader widen a column after a wrong guess without losing a value.
enum CSVFieldKind: Sendable, Equatable {
  case unknown
  case bool
  case int
  case float
  /// ISO, US or day-month-year text (`DateTextParser.text`).
  case dateText
  /// ISO or day-first text (`DateTextParser.dayFirst`): `31.12.2023`, `31/12/2023 14:05`.
  case dayFirstText
  /// Numbers written with a locale's marks, a currency or a percent sign (`CSVNumberStyle`).
  case styledNumber(CSVNumberStyle)
  /// A whole column of yes/no, y/n (or 0/1 under a name such as `is_returning`), read with
  /// `CSVFieldParser.lenientBool`.
  case wordBool
  /// `YYYYMMDD` digits, with the year range the column's name allows.
  case compactDate(ClosedRange<Int>)
  /// Seconds since 1970, in `DateTextParser.unixRange`.
  case unixTime
  case string
  /// A column forced to `bool`: `DataParser.lenientBool` spellings, never widened.
  case forcedBool
  /// A column forced to `datetime`: any date text, `YYYYMMDD` or Unix seconds.
  case forcedDatetime

  var dataType: DataType {
    switch self {
    case .bool, .forcedBool, .wordBool: return .bool
    case .int: return .int
    case .float: return .float
    case .styledNumber(let style): return style.dataType
    case .dateText, .dayFirstText, .compactDate, .unixTime, .forcedDatetime: return .datetime
    case .string, .unknown: return .string
    }
  }

  private var isIntLike: Bool {
    switch self {
    case .int, .compactDate, .unixTime, .wordBool: return true
    default: return false
    }
  }

  /// The narrowest kind that holds values of both `self` and `other`.
  func joined(with other: CSVFieldKind) -> CSVFieldKind {
    if self == other || other == .unknown { return self }
    if self == .unknown { return other }
    if (self == .bool && other == .wordBool) || (self == .wordBool && other == .bool) {
      return .wordBool
    }
    if (self == .dateText && other == .dayFirstText) || (self == .dayFirstText && other == .dateText)
    {
      return .dayFirstText
    }
    if isIntLike, other.isIntLike { return .int }
    if isIntLike || self == .float, other.isIntLike || other == .float { return .float }
    return .string
  }

  var isStyledNumber: Bool {
    if case .styledNumber = self { return true }
    return false
  }

  /// The kind a user-forced type reads with, given the kind inferred from the sample: a
  /// forced datetime reads the format the column's values are in (`YYYYMMDD`, day-first),
  /// so `19970231` is rejected rather than read as seconds since 1970.
  init(forced type: DataType, sampled: CSVFieldKind) {
    if type == .datetime {
      switch sampled {
      case .compactDate, .dayFirstText, .unixTime:
        self = sampled
        return
      default:
        break
      }
    }
    self.init(forced: type)
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
    if DateTextParser.text(p, n) != nil { return .dateText }
    if DateTextParser.dayFirst(p, n) != nil { return .dayFirstText }
    return .string
  }
}
