/// Calendar arithmetic on zone-free timestamps (seconds since 1970-01-01T00:00:00).
///
/// Shop data records wall-clock times without a zone, so ShopLab never converts them:
/// a datetime is a count of seconds on a proleptic Gregorian calendar. The day
/// conversions are Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms,
/// exact for every year in Int64 range that matters here, with no Foundation involved.
public enum CivilTime {
  public struct Date: Equatable, Sendable {
    public var year: Int, month: Int, day: Int
    public init(year: Int, month: Int, day: Int) {
      self.year = year
      self.month = month
      self.day = day
    }
  }

  /// Days since 1970-01-01 of a calendar date (month 1...12, day 1...31).
  @inlinable
  public static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The calendar date of a day count since 1970-01-01.
  public static func date(fromDays z0: Int) -> Date {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return Date(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
  }

  /// Seconds since the epoch of a calendar date and time of day.
  @inlinable
  public static func seconds(
    year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0
  ) -> Int64 {
    Int64(days(year: year, month: month, day: day)) * 86_400
      + Int64(hour * 3600 + minute * 60 + second)
  }

  /// Whole days since the epoch (floor, so times before 1970 land on the right day).
  public static func dayNumber(_ seconds: Int64) -> Int {
    Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
  }

  /// Seconds since midnight.
  public static func secondOfDay(_ seconds: Int64) -> Int {
    Int(seconds - Int64(dayNumber(seconds)) * 86_400)
  }

  /// ISO weekday: Monday = 1 ... Sunday = 7.
  public static func isoWeekday(_ seconds: Int64) -> Int {
    let d = dayNumber(seconds)  // 1970-01-01 was a Thursday (4)
    return ((d % 7 + 7) % 7 + 3) % 7 + 1
  }

  /// "2010-12-01 08:26:00", or "2010-12-01" when `dateOnly`.
  public static func format(_ seconds: Int64, dateOnly: Bool = false) -> String {
    let date = date(fromDays: dayNumber(seconds))
    var s = "\(pad4(date.year))-\(pad2(date.month))-\(pad2(date.day))"
    if !dateOnly {
      let sod = secondOfDay(seconds)
      s += " \(pad2(sod / 3600)):\(pad2(sod / 60 % 60)):\(pad2(sod % 60))"
    }
    return s
  }

  /// Whether a year, month and day name a real date.
  @inlinable
  public static func isValid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
    DateTextParser.isValid(y, m, d)
  }

  private static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
  private static func pad4(_ v: Int) -> String {
    let s = String(v)
    return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
  }
}
