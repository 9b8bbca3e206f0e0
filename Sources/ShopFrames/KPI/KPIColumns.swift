import ShopCore

// Typed access to role columns, shared by every KPI: entity keys as dense ids, times as
// seconds, amounts as doubles. Kept out of the KPI files so each of those reads as its
// definition.

/// Rows mapped to dense ids of equal keys (orders, customers, sessions); -1 for null.
struct EntityIDs {
  var ids: [Int32]
  /// Ids run over 0..<count (a null group may leave one id unused).
  var count: Int
  /// The first row holding each id.
  var firstRows: [Int]

  init(_ column: Column) {
    let g = Grouping([column], rowCount: column.count)
    var ids = g.ids
    if column.nullCount > 0 {
      for i in ids.indices where column.isNull(i) { ids[i] = -1 }
    }
    self.ids = ids
    self.count = g.count
    self.firstRows = g.firstRows
  }

  /// Each row its own entity (a table with one purchase per row and no order column).
  init(rows: Int) {
    ids = (0..<rows).map { Int32($0) }
    count = rows
    firstRows = Array(0..<rows)
  }

  /// Row ids of the key columns taken together (group × unit pairs).
  init(columns: [Column], rowCount: Int) {
    let g = Grouping(columns, rowCount: rowCount)
    ids = g.ids
    count = g.count
    firstRows = g.firstRows
  }
}

extension Column {
  /// Seconds since 1970 for a datetime column, or the numbers of an int or float column
  /// taken as Unix time (seconds, or ms/µs/ns by their size); null where the cell is null.
  ///
  /// Times outside the years 0000–9999 are refused: calendar buckets over them would
  /// number in the billions, and converting 1e300 seconds to Int64 traps. Numbers that are
  /// `YYYYMMDD` dates are refused; for `calendar` uses (months, weeks, cohorts) so are
  /// numbers that are not plausible Unix times, which would all fall in 1970: gaps between
  /// them (sessions, funnels) are still right, calendar buckets are not.
  func kpiSeconds(role: String, calendar: Bool = false) throws -> [Double?] {
    var seconds: [Double?]
    switch data {
    case .datetime(let v, let m): seconds = v.indices.map { m.isValid($0) ? Double(v[$0]) : nil }
    case .int(let v, let m): seconds = Self.scaledToSeconds(v.indices.map { m.isValid($0) ? Double(v[$0]) : nil })
    case .float(let v, let m):
      seconds = Self.scaledToSeconds(v.indices.map { m.isValid($0) && v[$0].isFinite ? v[$0] : nil })
    case .string, .bool:
      throw KPIError.wrongRoleType(role: role, column: name, expected: "a datetime or a number of seconds", got: type)
    }
    if type != .datetime { try checkNotCompactDates(seconds, role: role) }
    // 0000-01-01T00:00:00 and 9999-12-31T23:59:59 in seconds since 1970.
    let range = -62_167_219_200.0...253_402_300_799.0
    if let outside = seconds.first(where: { $0.map { !range.contains($0) } ?? false }), let outside {
      throw KPIError.invalidOption(
        "the \(role) column '\(name)' holds \(Self.describeSeconds(outside)), outside the years 0000–9999")
    }
    if calendar, type != .datetime { try checkUnixTimes(seconds, role: role) }
    return seconds
  }

  /// Numbers read as times must not be `YYYYMMDD` dates: `19970215` read as seconds is a
  /// day in August 1970, and every figure over it would be wrong without a word. Other
  /// numbers are taken as seconds (Unix stamps, or seconds from a start, which gap-based
  /// KPIs such as sessions read correctly).
  private func checkNotCompactDates(_ seconds: [Double?], role: String) throws {
    var shaped = 0
    var numbers = 0
    var example: Int64?
    for case let t? in seconds {
      numbers += 1
      guard t == t.rounded(), t >= 18_000_101, t <= 22_001_231 else { continue }
      let v = Int64(t)
      let (month, day) = (v / 100 % 100, v % 100)
      if (1...12).contains(month), (1...31).contains(day) {
        shaped += 1
        if example == nil { example = v }
      }
    }
    // All but a few: a column of real Unix seconds never has this shape.
    guard numbers > 0, let example, shaped * 100 >= numbers * 99 else { return }
    throw KPIError.invalidOption(
      "the \(role) column '\(name)' holds numbers such as \(example), which are YYYYMMDD dates, "
      + "not seconds since 1970; load the file with 'types \(name): datetime' (or let "
      + "'load' infer it) so that they are read as dates")
  }

  /// Calendar buckets need real dates: every number, once scaled, between 1973 and 2100.
  private func checkUnixTimes(_ seconds: [Double?], role: String) throws {
    let range = Double(DateTextParser.unixRange.lowerBound)...Double(DateTextParser.unixRange.upperBound)
    guard let outside = seconds.first(where: { $0.map { !range.contains($0) } ?? false }), let outside
    else { return }
    throw KPIError.invalidOption(
      "the \(role) column '\(name)' is \(type) and holds \(NumberFormat.shortest(outside)), which is not a "
      + "Unix time (seconds since 1970, between 1973 and 2100): calendar periods over it would "
      + "not be real dates; give a datetime column (load with 'types \(name): datetime', or derive one)")
  }

  /// Unix time as numbers, in the unit its size tells (the loader's rule for forced
  /// datetimes): above 1e17 nanoseconds, above 1e14 microseconds, above 1e11 milliseconds
  /// (1e11 seconds is the year 5138), else seconds. Fractions are kept, so events a few
  /// milliseconds apart stay in order.
  static func scaledToSeconds(_ values: [Double?]) -> [Double?] {
    let largest = values.reduce(0.0) { max($0, abs($1 ?? 0)) }
    let divisor: Double = largest >= 1e17 ? 1e9 : largest >= 1e14 ? 1e6 : largest >= 1e11 ? 1e3 : 1
    return divisor == 1 ? values : values.map { $0.map { $0 / divisor } }
  }

  /// A time for a message: a date when it is one, else the number of seconds.
  private static func describeSeconds(_ t: Double) -> String {
    abs(t) < 9e18 ? CivilTime.format(Int64(t)) : "\(t) seconds"
  }

  /// The values of a numeric column as doubles with nulls as nil-free zeros plus a mask.
  func kpiNumbers(role: String) throws -> (values: [Double], valid: Validity) {
    guard let d = doubles else {
      throw KPIError.wrongRoleType(role: role, column: name, expected: "a number", got: type)
    }
    return (d.values, d.validity)
  }

  /// Refuses a column `kpiNumbers` could not read (text, datetimes), with its error,
  /// without copying a numeric one.
  func checkKPINumbers(role: String) throws {
    if !isNumeric { _ = try kpiNumbers(role: role) }
  }

  /// A bool mask from a bool or numeric column (non-zero is true); null is false.
  func kpiFlags(role: String) throws -> [Bool] {
    switch data {
    case .bool(let v, let m): return v.indices.map { v[$0] && m.isValid($0) }
    case .int(let v, let m): return v.indices.map { v[$0] != 0 && m.isValid($0) }
    case .float(let v, let m): return v.indices.map { v[$0] != 0 && !v[$0].isNaN && m.isValid($0) }
    case .string, .datetime:
      throw KPIError.wrongRoleType(role: role, column: name, expected: "a bool or a 0/1 number", got: type)
    }
  }
}

/// How a KPI table is broken down: not at all, by the values of a column, or by
/// calendar period of the time role.
public enum KPIBreakdown: Sendable {
  case none
  case column(ColumnRef)
  case period(TimeBucket)
}

/// The group of every row and the key column of the output.
struct BreakdownGroups {
  /// Group per row, -1 when the row is left out (null time in a period breakdown).
  var ids: [Int32]
  var count: Int
  /// The output's first column (nil for no breakdown).
  var keys: Column?

  /// Groups by a column's values, in order of first appearance (null is a group).
  init(column: Column) {
    let g = Grouping([column], rowCount: column.count)
    ids = g.ids
    count = g.count
    keys = column.gather(g.firstRows)
  }

  /// One group of every row.
  init(rows: Int) {
    ids = [Int32](repeating: 0, count: rows)
    count = 1
    keys = nil
  }

  /// Calendar buckets from the first to the last time, empty ones included, so a month
  /// with no orders shows as a row of zeros rather than vanishing.
  init(times: [Double?], bucket: TimeBucket, name: String) {
    var first = Int64.max
    var last = Int64.min
    var starts = [Int64](repeating: 0, count: times.count)
    for i in times.indices {
      guard let t = times[i] else { continue }
      let s = bucket.start(Int64(t.rounded(.down)))
      starts[i] = s
      first = min(first, s)
      last = max(last, s)
    }
    guard first <= last else {
      ids = [Int32](repeating: -1, count: times.count)
      count = 0
      keys = Column(name: name, data: .datetime([], .allValid))
      return
    }
    let n = bucket.index(of: last, from: first) + 1
    var ids = [Int32](repeating: -1, count: times.count)
    // Month indexes need calendar arithmetic: cache it per distinct bucket start.
    var cache: [Int64: Int32] = [:]
    for i in times.indices where times[i] != nil {
      if let k = cache[starts[i]] {
        ids[i] = k
      } else {
        let k = Int32(bucket.index(of: starts[i], from: first))
        cache[starts[i]] = k
        ids[i] = k
      }
    }
    self.ids = ids
    count = n
    keys = Column(name: name, data: .datetime((0..<n).map { bucket.start(after: first, count: $0) }, .allValid))
  }
}

/// A ratio that is null (not NaN, not zero) when there is nothing to divide by.
@inline(__always) func ratio(_ a: Double, _ b: Double) -> Double? { b == 0 ? nil : a / b }

extension Column {
  /// A float column from optional values (nil is null).
  static func floats(_ name: String, _ values: [Double?]) -> Column {
    Column(name: name, data: .float(values.map { $0 ?? 0 }, Validity(mask: values.map { $0 != nil })))
  }

  /// An int column.
  static func ints(_ name: String, _ values: [Int]) -> Column {
    Column(name: name, data: .int(values.map { Int64($0) }, .allValid))
  }
}
