/// Reads datetimes from text into seconds since 1970 (zone-free, see `CivilTime`): the one
/// date parser of ShopLab. `load` reads a column's bytes with it, and `date("…")`, date
/// literals and the store read a string with `parse`, so whatever `load` reads as a date,
/// `date()` reads as the same date.
///
/// Formats, chosen because shop exports use them and none is ambiguous with another:
/// - ISO `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS` (also `T` for the space,
///   `/` for the dashes, a fractional second, which is truncated, and a trailing `Z`)
/// - US `M/D/YYYY` and `M/D/YYYY H:MM[:SS]` with an optional ` AM`/` PM` (the UCI
///   Online Retail export); day-first dates are not guessed
/// - `DD-Mon-YYYY` (MovieLens release dates), English month abbreviations
/// - ISO weeks `YYYY-Www` (the week's Monday) and `YYYY-Www-D` (day D, Monday = 1), as
///   weekly reports label their rows
/// - compact `YYYYMMDD` and Unix seconds, which look like integers and are only applied
///   to a whole column (see `CSVTypeInference`)
/// - with a zone offset (`+01:00`, ` +0100`), an ISO datetime is converted to UTC
/// - day-first `D/M/YYYY`, `D.M.YYYY`, `D-M-YYYY` only through `dayFirst`, for a column
///   that shows a day above 12 (see `DateTextParser+DayFirst.swift`)
public enum DateTextParser {
  /// A date or datetime in any format that names one day without doubt: ISO (with or
  /// without time, `T`, zone offset), US `M/D/YYYY [H:MM[:SS]] [AM|PM]`, `DD-Mon-YYYY`,
  /// day-first `D.M.YYYY` or `D/M/YYYY` when the day is above 12, and `YYYYMMDD`.
  /// Nil for anything else and for impossible dates (`2011-02-30`).
  public static func parse(_ text: String) -> Int64? {
    var text = text
    return text.withUTF8 { b -> Int64? in
      guard let p = b.baseAddress else { return nil }
      return Self.text(p, b.count) ?? dayFirst(p, b.count) ?? compact(p, b.count, years: 1800...2200)
    }
  }

  @inlinable @inline(__always)
  static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

  /// Without blanks (spaces, tabs) at either end.
  @inlinable @inline(__always)
  public static func trimmed(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UnsafePointer<UInt8>, Int) {
    var s = 0
    var e = n
    while s < e, p[s] == 32 || p[s] == 9 { s += 1 }
    while e > s, p[e - 1] == 32 || p[e - 1] == 9 { e -= 1 }
    return (p + s, e - s)
  }

  @usableFromInline @inline(__always)
  static func digits(_ p: UnsafePointer<UInt8>, _ from: Int, _ count: Int) -> Int? {
    var v = 0
    for k in from..<(from + count) {
      let d = p[k] &- 48
      guard d < 10 else { return nil }
      v = v * 10 + Int(d)
    }
    return v
  }

  /// Whether year, month and day name a real date (no table, so no allocation).
  @inlinable
  public static func isValid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
    guard m >= 1, m <= 12, d >= 1 else { return false }
    if d <= 28 { return true }
    let length: Int
    switch m {
    case 2: length = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: length = 30
    default: length = 31
    }
    return d <= length
  }

  /// Any of the text formats above (not the integer-like ones).
  @inlinable
  public static func text(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> Int64? {
    let (p, n) = trimmed(p0, n0)
    guard n >= 8 else { return nil }
    if p[4] == 45, p[5] == 87 { return isoWeek(p, n) }
    if n >= 10, p[4] == 45 || p[4] == 47, isDigit(p[2]), isDigit(p[3])
    {
      return iso(p, n)
    }
    if p[1] == 47 || p[2] == 47 { return us(p, n) }
    if p[1] == 45 || p[2] == 45 { return dayMonthYear(p, n) }
    return nil
  }

  /// `YYYY-Www` or `YYYY-Www-D`: ISO 8601 weeks, which start on Monday; week 1 is the week
  /// with the year's first Thursday (so the one holding 4 January). Week 53 only in the
  /// years that have one.
  @usableFromInline
  static func isoWeek(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
    guard n == 8 || (n == 10 && p[8] == 45), let y = digits(p, 0, 4), let w = digits(p, 6, 2), w >= 1 else { return nil }
    var day = 1
    if n == 10 {
      guard let d = digits(p, 9, 1), d >= 1, d <= 7 else { return nil }
      day = d
    }
    // Days since 1970-01-01 (a Thursday) of 4 January, and its weekday (Monday = 0).
    let january4 = CivilTime.seconds(year: y, month: 1, day: 4) / 86_400
    let weekday = Int(((january4 + 3) % 7 + 7) % 7)
    let firstMonday = january4 - Int64(weekday)
    // A year has 53 weeks when its 1 January is a Thursday, or a Wednesday in a leap year.
    let january1Weekday = (weekday + 4) % 7  // 1 January is 3 days before 4 January
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    let weeks = january1Weekday == 3 || (leap && january1Weekday == 2) ? 53 : 52
    guard w <= weeks else { return nil }
    return (firstMonday + Int64((w - 1) * 7 + day - 1)) * 86_400
  }

  @usableFromInline @inline(__always)
  static func iso(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
    let sep = p[4]
    guard p[7] == sep, let y = digits(p, 0, 4), let m = digits(p, 5, 2), let d = digits(p, 8, 2),
      isValid(y, m, d)
    else { return nil }
    if n == 10 { return CivilTime.seconds(year: y, month: m, day: d) }
    guard p[10] == 32 || p[10] == 84 else { return nil }
    guard let (time, used) = clock(p, 11, n) else { return nil }
    let local = CivilTime.seconds(year: y, month: m, day: d) + time
    if used == n || (used == n - 1 && p[used] == 90) { return local }
    guard let offset = zoneOffset(p, used, n) else { return nil }
    return local - offset
  }

  /// A zone offset from `i` to the end: `+01:00`, `+0100`, `+01`, `-05:00`, with or without
  /// one blank before it (`2023-01-05 10:00:00 +0100`, Shopify's form). Returns seconds
  /// east of UTC; the caller subtracts them, so every datetime with an offset is UTC.
  @inlinable
  public static func zoneOffset(_ p: UnsafePointer<UInt8>, _ i0: Int, _ n: Int) -> Int64? {
    var i = i0
    if i < n, p[i] == 32 { i += 1 }
    guard i < n, p[i] == 43 || p[i] == 45 else { return nil }
    let sign: Int64 = p[i] == 45 ? -1 : 1
    i += 1
    let rest = n - i
    guard rest == 2 || rest == 4 || (rest == 5 && p[i + 2] == 58),
      let hh = digits(p, i, 2), hh <= 14
    else { return nil }
    var mm = 0
    if rest > 2 {
      guard let m = digits(p, n - 2, 2), m < 60 else { return nil }
      mm = m
    }
    return sign * Int64(hh * 3600 + mm * 60)
  }

  /// Whether an ISO datetime ends in a numeric zone offset (for the load's notes).
  @inlinable
  public static func hasZoneOffset(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> Bool {
    let (p, n) = trimmed(p0, n0)
    guard n > 19, text(p, n) != nil else { return false }
    return p[n - 3] == 43 || p[n - 3] == 45 || p[n - 5] == 43 || p[n - 5] == 45
      || p[n - 6] == 43 || p[n - 6] == 45
  }

  /// `H:MM`, `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` from `i`: seconds of day and the
  /// index after the last byte used.
  @inlinable
  public static func clock(_ p: UnsafePointer<UInt8>, _ i0: Int, _ n: Int) -> (Int64, Int)? {
    var i = i0
    let hourDigits = i + 1 < n && p[i + 1] == 58 ? 1 : 2
    guard i + hourDigits + 3 <= n, let hh = digits(p, i, hourDigits), hh < 24 else { return nil }
    i += hourDigits
    guard p[i] == 58, let mm = digits(p, i + 1, 2), mm < 60 else { return nil }
    i += 3
    var ss = 0
    if i < n, p[i] == 58 {
      guard i + 3 <= n, let s = digits(p, i + 1, 2), s < 60 else { return nil }
      ss = s
      i += 3
      if i < n, p[i] == 46 {
        i += 1
        let fracStart = i
        while i < n, isDigit(p[i]) { i += 1 }
        guard i > fracStart else { return nil }
      }
    }
    return (Int64(hh * 3600 + mm * 60 + ss), i)
  }

  @usableFromInline @inline(__always)
  static func us(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
    var i = 0
    let monthDigits = p[1] == 47 ? 1 : 2
    guard let m = digits(p, 0, monthDigits) else { return nil }
    i = monthDigits + 1
    let dayDigits = i + 1 < n && p[i + 1] == 47 ? 1 : 2
    guard i + dayDigits + 5 <= n, let d = digits(p, i, dayDigits), p[i + dayDigits] == 47 else {
      return nil
    }
    i += dayDigits + 1
    guard let y = digits(p, i, 4), isValid(y, m, d) else { return nil }
    i += 4
    let day = CivilTime.seconds(year: y, month: m, day: d)
    if i == n { return day }
    guard p[i] == 32, let (time, used) = clock(p, i + 1, n) else { return nil }
    if used == n { return day + time }
    // " AM" / " PM": 12 AM is midnight, 12 PM is noon.
    guard used + 3 == n, p[used] == 32, p[used + 2] == 77 || p[used + 2] == 109 else {
      return nil
    }
    let hour = time / 3600
    guard hour >= 1, hour <= 12 else { return nil }
    let marker = p[used + 1] | 32
    if marker == 97 { return day + (hour == 12 ? time - 12 * 3600 : time) }
    if marker == 112 { return day + (hour == 12 ? time : time + 12 * 3600) }
    return nil
  }

  @usableFromInline
  static let months: [UInt32] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ].map { word in word.utf8.reduce(0) { $0 << 8 | UInt32($1) } }

  @usableFromInline @inline(__always)
  static func dayMonthYear(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
    let dayDigits = p[1] == 45 ? 1 : 2
    guard n == dayDigits + 9, let d = digits(p, 0, dayDigits), p[dayDigits + 4] == 45 else {
      return nil
    }
    let k = dayDigits + 1
    let key = UInt32(p[k] | 32) << 16 | UInt32(p[k + 1] | 32) << 8 | UInt32(p[k + 2] | 32)
    guard let m = months.firstIndex(of: key), let y = digits(p, dayDigits + 5, 4),
      isValid(y, m + 1, d)
    else { return nil }
    return CivilTime.seconds(year: y, month: m + 1, day: d)
  }

  /// `YYYYMMDD` as a date, for years `years`.
  @inlinable
  public static func compact(_ p0: UnsafePointer<UInt8>, _ n0: Int, years: ClosedRange<Int>) -> Int64? {
    let (p, n) = trimmed(p0, n0)
    guard n == 8, let y = digits(p, 0, 4), let m = digits(p, 4, 2), let d = digits(p, 6, 2),
      years.contains(y), isValid(y, m, d)
    else { return nil }
    return CivilTime.seconds(year: y, month: m, day: d)
  }

  /// Unix seconds from 1973-03-03 (10^8) to 2100-01-01: wide enough for any shop log,
  /// narrow enough that counts, prices and millisecond stamps are not mistaken for times.
  public static let unixRange: ClosedRange<Int64> = 100_000_000...4_102_444_800

  /// How many of a stamp's units make a second, told apart by size: from 10^11 a value is
  /// milliseconds (as seconds it would be past the year 5000), from 10^14 microseconds
  /// (GA4's `event_timestamp`), from 10^17 nanoseconds.
  @inlinable
  public static func unixUnit(_ v: Int64) -> (perSecond: Int64, name: String) {
    let size = v.magnitude
    if size >= 100_000_000_000_000_000 { return (1_000_000_000, "nanoseconds") }
    if size >= 100_000_000_000_000 { return (1_000_000, "microseconds") }
    if size >= 100_000_000_000 { return (1_000, "milliseconds") }
    return (1, "seconds")
  }

  /// Unix time in any unit (`unixUnit`) as whole seconds, rounded down.
  @inlinable
  public static func unixSeconds(_ v: Int64) -> Int64 {
    let per = unixUnit(v).perSecond
    let q = v / per
    return v % per < 0 ? q - 1 : q
  }

  // MARK: Dates that cannot be

  /// Whether text has the shape of a date (`YYYY-MM-DD`, `YYYY/MM/DD`, `D/M/YYYY`,
  /// `D.M.YYYY`, `D-M-YYYY`, anything after a blank ignored) but names no day or time that
  /// exists: `2011-02-30`, `31/04/2023`, `2011-01-01 25:00`. A date column reads such a
  /// value as null and says so, where a word or a number would make the column text.
  public static func isImpossibleDate(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> Bool {
    let (p, n) = trimmed(p0, n0)
    guard n >= 8, text(p, n) == nil, dayFirst(p, n) == nil else { return false }
    var end = 0
    while end < n, p[end] != 32, p[end] != 84 { end += 1 }
    if end == 10, p[4] == 45 || p[4] == 47, p[7] == p[4] {
      return digits(p, 0, 4) != nil && digits(p, 5, 2) != nil && digits(p, 8, 2) != nil
    }
    // D/M/YYYY in any of its separators and digit counts.
    var i = 0
    var groups: [Int] = []
    var sep: UInt8 = 0
    while i < end {
      var k = i
      while k < end, isDigit(p[k]) { k += 1 }
      groups.append(k - i)
      guard k < end else { break }
      guard p[k] == 47 || p[k] == 46 || p[k] == 45, sep == 0 || p[k] == sep else { return false }
      sep = p[k]
      i = k + 1
    }
    return groups.count == 3 && (1...2).contains(groups[0]) && (1...2).contains(groups[1])
      && groups[2] == 4
  }

  /// Whether 8 digits have a `YYYYMMDD` shape (a year in `years`, month 01–12, day 01–31)
  /// but name no real day: `19970231`.
  public static func isImpossibleCompactDate(
    _ p0: UnsafePointer<UInt8>, _ n0: Int, years: ClosedRange<Int>
  ) -> Bool {
    let (p, n) = trimmed(p0, n0)
    guard n == 8, let y = digits(p, 0, 4), let m = digits(p, 4, 2), let d = digits(p, 6, 2)
    else { return false }
    return years.contains(y) && (1...12).contains(m) && (1...31).contains(d) && !isValid(y, m, d)
  }
}
