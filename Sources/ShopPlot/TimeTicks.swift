import ShopCore

/// Calendar-aligned ticks for a time axis (x in seconds since 1970, zone-free).
///
/// The unit is the smallest one, from minutes up through hours, days, ISO weeks (Mondays),
/// months and years, whose ticks inside the range fit in the axis. Labels are ISO-style
/// and the same shape for every tick on an axis: "2011" for years, "2011-03" for months,
/// "2011-03-14" for days and weeks, "03-14 06:00" below a day.
enum TimeTicks {
  enum Unit: Equatable {
    case minutes(Int), hours(Int), days(Int), weeks, months(Int), years(Int)

    /// Approximate length in seconds, to estimate tick counts cheaply.
    var approximateSeconds: Double {
      switch self {
      case .minutes(let n): return Double(n) * 60
      case .hours(let n): return Double(n) * 3600
      case .days(let n): return Double(n) * 86_400
      case .weeks: return 7 * 86_400
      case .months(let n): return Double(n) * 30.44 * 86_400
      case .years(let n): return Double(n) * 365.25 * 86_400
      }
    }

    /// Columns one label takes.
    var labelWidth: Int {
      switch self {
      case .minutes, .hours: return 11
      case .days, .weeks: return 10
      case .months: return 7
      case .years: return 4
      }
    }
  }

  static let units: [Unit] =
    [1, 5, 10, 15, 30].map(Unit.minutes) + [1, 2, 3, 6, 12].map(Unit.hours)
    + [1, 2].map(Unit.days) + [.weeks] + [1, 2, 3, 6].map(Unit.months)
    + [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map(Unit.years)

  /// Ticks in `lo...hi` whose labels fit `columns` wide, with their labels.
  static func ticks(lo: Double, hi: Double, columns: Int) -> [(value: Double, label: String)] {
    let span = hi - lo
    let room = { (unit: Unit) in max(2, columns / (unit.labelWidth + 2)) }
    for unit in units where span / unit.approximateSeconds <= Double(room(unit)) + 1 {
      let values = ticks(unit, lo: lo, hi: hi)
      if !values.isEmpty, values.count <= room(unit) {
        return values.map { ($0, label($0, unit)) }
      }
    }
    return []
  }

  /// Every tick of `unit` in `lo...hi`.
  static func ticks(_ unit: Unit, lo: Double, hi: Double) -> [Double] {
    guard lo.isFinite, hi.isFinite, hi >= lo, abs(lo) < 1e13, abs(hi) < 1e13 else { return [] }
    var out: [Double] = []
    let start = Int64(lo.rounded(.down))
    func add(_ t: Int64) -> Bool {
      let v = Double(t)
      if v > hi { return false }
      if v >= lo { out.append(v) }
      return out.count < 1000
    }
    switch unit {
    case .minutes(let n), .hours(let n):
      let step = Int64(n) * (unit == .minutes(n) ? 60 : 3600)
      var t = floorDiv(start, step) * step
      while add(t) { t += step }
    case .days(let n):
      let day = Int64(CivilTime.dayNumber(start))
      var d = floorDiv(day, Int64(n)) * Int64(n)
      while add(d * 86_400) { d += Int64(n) }
    case .weeks:
      let day = CivilTime.dayNumber(start)
      var d = Int64(day - (CivilTime.isoWeekday(start) - 1))
      while add(d * 86_400) { d += 7 }
    case .months(let n):
      let date = CivilTime.date(fromDays: CivilTime.dayNumber(start))
      var index = date.year * 12 + (date.month - 1)
      index -= ((index % n) + n) % n
      while true {
        let y = floorDiv(Int64(index), 12)
        let m = Int(Int64(index) - y * 12) + 1
        if !add(CivilTime.seconds(year: Int(y), month: m, day: 1)) { break }
        index += n
      }
    case .years(let n):
      let date = CivilTime.date(fromDays: CivilTime.dayNumber(start))
      var y = Int(floorDiv(Int64(date.year), Int64(n)) * Int64(n))
      while add(CivilTime.seconds(year: y, month: 1, day: 1)) { y += n }
    }
    return out
  }

  /// The label of a tick in the format its unit uses.
  static func label(_ t: Double, _ unit: Unit) -> String {
    let s = Int64(t)
    let full = CivilTime.format(s)  // "2011-03-14 06:00:00"
    switch unit {
    case .minutes, .hours: return String(full.dropFirst(5).prefix(11))
    case .days, .weeks: return String(full.prefix(10))
    case .months: return String(full.prefix(7))
    case .years: return String(full.prefix(4))
    }
  }

  private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }
}
