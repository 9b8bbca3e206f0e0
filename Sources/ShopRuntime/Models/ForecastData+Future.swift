import ShopCore
import ShopFrames
import ShopModels

extension ForecastData {
  /// The holiday days a forecaster flags: the built-in UK list for `holidays uk`, the days of
  /// the first datetime column of the named table otherwise; nil without `holidays`.
  static func holidayDays(_ spec: ModelSpec, model: String, session: Session, at range: SourceRange?) throws -> Set<Int64>? {
    guard let source = spec.holidays else { return nil }
    if let days = spec.holidayDays { return Set(days) }
    if source == "uk" { return Set(UKBankHolidays.days) }
    guard case .frame(let table)? = session.bindings[source] else {
      throw ModelError.noRows("'\(model)' flags holidays from '\(source)', which is not a table in this session", at: range)
    }
    guard let column = table.columns.first(where: { $0.type == .datetime }),
      case .datetime(let stamps, let valid) = column.data
    else {
      throw ModelError.noRows(
        "the holiday table '\(source)' has no datetime column; load it with 'types COLUMN: datetime'", at: range)
    }
    var days = Set<Int64>()
    for r in 0..<table.rowCount where valid.isValid(r) { days.insert(TimeBucket.day.start(stamps[r])) }
    return days
  }

  /// The fitted panel with its exogenous columns continued over the next `horizon` steps:
  /// the holiday flags from the calendar, the named columns from `future` (averaged per step
  /// and series, like the history).
  /// - Throws: `ModelError.noRows` naming the column, the series and the steps without a
  ///   value when `future` is missing or does not cover the horizon.
  static func continued(
    _ fitted: FittedForecast, spec: ModelSpec, model: String, horizon: Int, future: Frame?,
    holidays: Set<Int64>?, at range: SourceRange?
  ) throws -> ForecastPanel {
    var panel = fitted.panel
    guard !panel.exogenousNames.isEmpty else { return panel }
    let named = spec.exogenous ?? []
    var lookup: [[String: [Int64: (Double, Int)]]] = Array(repeating: [:], count: named.count)
    if !named.isEmpty {
      guard let future else {
        throw ModelError.noRows(
          "'\(model)' reads \(named.map { "'\($0)'" }.joined(separator: ", ")) over the forecast: give their values "
            + "for the next \(horizon) \(fitted.bucket.rawValue)s in a table, 'forecast \(model) … future TABLE'",
          at: range)
      }
      let time = try ModelColumns.column(spec.timeColumn ?? "", role: "time", model: model, in: future, at: range)
      guard case .datetime(let stamps, let valid) = time.data else {
        throw ModelError.noRows("the time column '\(time.name)' of the future table is \(time.type), not a datetime", at: range)
      }
      let key = try spec.seriesKey.map { try ModelColumns.column($0, role: "series key", model: model, in: future, at: range) }
      let columns = try named.map { try ModelColumns.column($0, role: "exogenous", model: model, in: future, at: range) }
      for r in 0..<future.rowCount where valid.isValid(r) {
        let k = key.map { ModelColumns.key($0[r]) ?? "" } ?? (spec.target ?? "series")
        let b = fitted.bucket.start(stamps[r])
        for (j, column) in columns.enumerated() {
          guard let x = column[r].doubleValue, x.isFinite else { continue }
          let old = lookup[j][k, default: [:]][b] ?? (0, 0)
          lookup[j][k, default: [:]][b] = (old.0 + x, old.1 + 1)
        }
      }
    }
    for (i, start) in fitted.starts.enumerated() {
      var s = panel.series[i]
      let n = s.values.count
      for j in 0..<panel.exogenousNames.count {
        s.exogenous[j] = Array(s.exogenous[j].prefix(n))
        if j >= named.count {
          for k in 0..<horizon {
            s.exogenous[j].append(Double(holidayCount(fitted.bucket, start, step: n + k, holidays ?? [])))
          }
          continue
        }
        var missing: [Int64] = []
        for k in 0..<horizon {
          let b = fitted.bucket.start(after: start, count: n + k)
          if let (sum, count) = lookup[j][s.key]?[b] {
            s.exogenous[j].append(sum / Double(count))
          } else {
            missing.append(b)
          }
        }
        if !missing.isEmpty {
          let shown = missing.prefix(3).map { CivilTime.format($0, dateOnly: true) }.joined(separator: ", ")
          throw ModelError.noRows(
            "the future table has no '\(named[j])' for series \(s.key) on \(missing.count) of the \(horizon) "
              + "forecast \(fitted.bucket.rawValue)s: \(shown)\(missing.count > 3 ? ", …" : "")",
            at: range)
        }
      }
      panel.series[i] = s
    }
    return panel
  }
}
