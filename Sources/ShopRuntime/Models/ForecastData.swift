import ShopCore
import ShopFrames
import ShopModels

/// A fitted forecaster with what forecasting after its history needs: the panel and the
/// calendar start of each series.
struct FittedForecast {
  var model: any FittedForecaster
  var panel: ForecastPanel
  /// Start of each series' first step (seconds), in panel order.
  var starts: [Int64]
  var bucket: TimeBucket
  /// Where the table stamped its steps, when all its rows agreed (nil: each step's start).
  var stamp: StepStamp? = nil

  /// The time `forecast` shows for step `t` of the series starting at `start`.
  func time(step t: Int, from start: Int64) -> Int64 {
    let begin = bucket.start(after: start, count: t)
    return stamp?.time(ofStepAt: begin, bucket) ?? begin
  }
}

/// A table of transactions or of an existing regular panel as a `ForecastPanel`: one series
/// per key (or one series), one step per day, week or month, from the series' first step with
/// data to the table's last step. Values in a step are summed (units sold, revenue); steps
/// without rows are 0 — right for sales, and said in the output. Exogenous columns are
/// averaged per step (a price, the share of rows on promotion) and interpolated linearly over
/// steps without rows (carried at the ends); `holidays` adds a column counting the holiday
/// days in each step (0 or 1 for days).
struct ForecastData {
  var panel: ForecastPanel
  var starts: [Int64]
  var bucket: TimeBucket
  /// Where the table stamps its steps, when all its rows agree (`forecast` shows the same).
  var stamp: StepStamp?
  /// Rows without a time or a value.
  var droppedNulls = 0
  /// Series left out for being shorter than `minimumLength` steps, by key.
  var tooShort: [String] = []
  let minimumLength: Int
  /// Steps that had no rows and were filled with 0.
  var filledSteps = 0
  /// Likely stock-outs per series (panel order): long runs without a sale on open steps.
  var stockOuts: [[Range<Int>]] = []
  /// A coarser step the table's rows come in (a monthly panel read `every week`), when most
  /// steps were filled with 0.
  var coarser: TimeBucket?
  /// Whether the table's last steps look whole (said in the output, nothing changed).
  var end: TableEnd?

  /// - Parameter holidays: day starts flagged in the `holiday` column (nil: no such column).
  init(
    frame: Frame, spec: ModelSpec, model: String, minimumLength: Int, holidays: Set<Int64>? = nil,
    at range: SourceRange?
  ) throws {
    self.minimumLength = minimumLength
    let value = try ModelColumns.column(spec.target ?? "", role: "value", model: model, in: frame, at: range)
    let time = try ModelColumns.column(spec.timeColumn ?? "", role: "time", model: model, in: frame, at: range)
    guard case .datetime(let stamps, let valid) = time.data else {
      throw ModelError.noRows(
        "the time column '\(time.name)' of model '\(model)' is \(time.type), not a datetime; load it with 'types \(time.name): datetime'",
        at: range)
    }
    let key = try spec.seriesKey.map {
      try ModelColumns.column($0, role: "series key", model: model, in: frame, at: range)
    }
    let exogenous = try (spec.exogenous ?? []).map {
      try ModelColumns.column($0, role: "exogenous", model: model, in: frame, at: range)
    }
    bucket = TimeBucket(rawValue: spec.every ?? "day") ?? .day
    var sums: [String: [Int64: Double]] = [:]
    // Per exogenous column: series key → step → (sum, count) of the rows' values.
    var exogenousSums = [[String: [Int64: (Double, Int)]]](repeating: [:], count: exogenous.count)
    var order: [String] = []
    var first = Int64.max, last = Int64.min
    var rowsPerStep: [Int64: Int] = [:]
    // The latest row of each step: where in its steps a table's rows usually stop (a panel
    // stamped on Fridays, a shop closed on Sundays) says whether its last step is whole.
    var latestPerStep: [Int64: Int64] = [:]
    var stampFinder = StepStamp.Finder(bucket: bucket)
    // Each series' days with rows, to see whether its rows come in coarser steps. Per day
    // they are the keys of `sums`; only weeks need the rows' own days.
    var days: [String: Set<Int64>] = [:]
    var dropped = 0
    for r in 0..<frame.rowCount {
      guard valid.isValid(r), let v = value[r].doubleValue, v.isFinite else {
        dropped += 1
        continue
      }
      let k = key.map { ModelColumns.key($0[r]) ?? "" } ?? (spec.target ?? "series")
      if key != nil && k.isEmpty {
        dropped += 1
        continue
      }
      let b = bucket.start(stamps[r])
      if sums[k] == nil { order.append(k) }
      sums[k, default: [:]][b, default: 0] += v
      for (j, column) in exogenous.enumerated() {
        guard let x = column[r].doubleValue, x.isFinite else { continue }
        let old = exogenousSums[j][k, default: [:]][b] ?? (0, 0)
        exogenousSums[j][k, default: [:]][b] = (old.0 + x, old.1 + 1)
      }
      first = min(first, b)
      last = max(last, b)
      latestPerStep[b] = max(latestPerStep[b] ?? Int64.min, stamps[r])
      stampFinder.add(stamps[r], stepStart: b)
      rowsPerStep[b, default: 0] += 1
      if bucket == .week { days[k, default: []].insert(TimeBucket.day.start(stamps[r])) }
    }
    droppedNulls = dropped
    stamp = stampFinder.stamp
    guard !order.isEmpty else {
      throw ModelError.noRows("no rows with a time and a value to build series for '\(model)'", at: range)
    }
    let lastIndex = bucket.index(of: last, from: first)
    var rows = [Int](repeating: 0, count: lastIndex + 1)
    var latest = [Int64?](repeating: nil, count: lastIndex + 1)
    for (b, n) in rowsPerStep { rows[bucket.index(of: b, from: first)] += n }
    for (b, t) in latestPerStep { latest[bucket.index(of: b, from: first)] = t }
    end = TableEnd(rows: rows, latest: latest, first: first, bucket: bucket)
    var series: [ForecastSeries] = []
    var starts: [Int64] = []
    for k in order.sorted() {
      let steps = sums[k] ?? [:]
      let begin = steps.keys.min() ?? first
      let offset = bucket.index(of: begin, from: first)
      var values = [Double](repeating: 0, count: lastIndex - offset + 1)
      for (b, v) in steps { values[bucket.index(of: b, from: first) - offset] = v }
      if values.count < minimumLength {
        tooShort.append(k)
        continue
      }
      filledSteps += values.count - steps.count
      var columns: [[Double]] = []
      for (j, column) in exogenous.enumerated() {
        var known: [Int: Double] = [:]
        for (b, (sum, count)) in exogenousSums[j][k] ?? [:] { known[bucket.index(of: b, from: begin)] = sum / Double(count) }
        guard !known.isEmpty else {
          throw ModelError.noRows(
            "the exogenous column '\(column.name)' has no numeric values for series \(k) of '\(model)'", at: range)
        }
        columns.append(Self.interpolated(known, count: values.count))
      }
      if let holidays {
        var flags = [Double](repeating: 0, count: values.count)
        for t in flags.indices { flags[t] = Double(Self.holidayCount(bucket, begin, step: t, holidays)) }
        columns.append(flags)
      }
      // The absolute step index keeps calendar features aligned across series.
      let absolute = bucket.index(of: begin, from: CivilTime.seconds(year: 1970, month: 1, day: 5))
      series.append(ForecastSeries(key: k, start: absolute, values: values, exogenous: columns))
      starts.append(begin)
    }
    self.starts = starts
    let total = series.reduce(0) { $0 + $1.values.count }
    if filledSteps * 2 > total {
      let perDay = bucket == .day
      let seriesDays = series.map { s in perDay ? Set(sums[s.key].map { Array($0.keys) } ?? []) : days[s.key] ?? [] }
      coarser = CoarserSteps.fitting(bucket, days: seriesDays)
    }
    let period = spec.period ?? Self.defaultPeriod(bucket)
    let names = (spec.exogenous ?? []) + (holidays != nil ? ["holiday"] : [])
    panel = ForecastPanel(
      series: series, exogenousNames: names, period: period,
      stepDays: bucket == .day ? 1 : (bucket == .week ? 7 : nil))
    // Reported as found on the whole table; with 'stockouts exclude' each fit (each backtest
    // fold) finds its own runs in the history it trains on, so test windows never decide them.
    stockOuts = StockOutRule().runs(in: panel)
    if spec.stockOuts == "exclude" { panel.stockOutRule = StockOutRule() }
  }

  /// Values at steps `0..<count` from those `known` by step: linear between known steps, the
  /// nearest known value before the first and after the last.
  static func interpolated(_ known: [Int: Double], count: Int) -> [Double] {
    let steps = known.keys.sorted()
    var out = [Double](repeating: 0, count: count)
    var next = 0  // index in `steps` of the first known step at or after t
    for t in 0..<count {
      while next < steps.count && steps[next] < t { next += 1 }
      if next < steps.count && steps[next] == t {
        out[t] = known[t]!
      } else if next == 0 {
        out[t] = known[steps[0]]!
      } else if next == steps.count {
        out[t] = known[steps[steps.count - 1]]!
      } else {
        let a = steps[next - 1], b = steps[next]
        let w = Double(t - a) / Double(b - a)
        out[t] = known[a]! * (1 - w) + known[b]! * w
      }
    }
    return out
  }

  /// Holiday days in step `step` after the bucket starting at `begin`.
  static func holidayCount(_ bucket: TimeBucket, _ begin: Int64, step: Int, _ holidays: Set<Int64>) -> Int {
    let from = bucket.start(after: begin, count: step), to = bucket.start(after: begin, count: step + 1)
    var n = 0
    var day = from
    while day < to {
      if holidays.contains(day) { n += 1 }
      day += 86_400
    }
    return n
  }

  /// A week in days, a year in weeks or months.
  static func defaultPeriod(_ bucket: TimeBucket) -> Int {
    switch bucket {
    case .day: return 7
    case .week: return 52
    case .month: return 12
    case .quarter: return 4
    }
  }

  /// The shortest series a kind can use: the LSTM needs a window and a horizon of history.
  static func minimumLength(_ spec: ModelSpec) -> Int {
    guard spec.arch == "lstm", let o = spec.options else { return 2 }
    return o.int("window") + o.int("horizon") + 1
  }

  /// What the adapter did, for the train and backtest output.
  func describe(_ spec: ModelSpec) -> [String] {
    var lines = [
      "\(panel.series.count) series of \(spec.target ?? "?") per \(bucket.rawValue)"
        + (spec.seriesKey.map { " by \($0)" } ?? "")
        + ", \(NumberFormat.count(panel.series.reduce(0) { $0 + $1.values.count }, "step"))"
        + " (\(NumberFormat.count(filledSteps, "step")) without rows counted as 0), season \(panel.period)"
    ]
    if let coarser {
      lines.append(
        (panel.series.count == 1 ? "the series has" : "every series has") + " rows on one \(bucket.rawValue) of each \(coarser.rawValue), \(coarser.rawValue) after"
          + " \(coarser.rawValue): the table looks \(coarser == .week ? "weekly" : "monthly"), so most \(bucket.rawValue)s"
          + " are 0 here; 'every \(coarser.rawValue)' reads it step for step")
    }
    if droppedNulls > 0 { lines.append("left out \(NumberFormat.count(droppedNulls, "row")) without a time or a value") }
    let flagged = panel.series.indices.filter { !stockOuts[$0].isEmpty }
    if !flagged.isEmpty {
      // A run to the table's end may as well be a product no longer sold: said, since
      // excluding it forecasts the product at its level before the run.
      var toTheEnd = false
      let runs = flagged.flatMap { i in
        stockOuts[i].map { r in
          let from = CivilTime.format(bucket.start(after: starts[i], count: r.lowerBound), dateOnly: true)
          let to = CivilTime.format(bucket.start(after: starts[i], count: r.upperBound - 1), dateOnly: true)
          guard r.upperBound == panel.series[i].values.count else { return "\(panel.series[i].key) \(from) to \(to)" }
          toTheEnd = true
          return "\(panel.series[i].key) \(from) to the end (\(to))"
        }
      }
      let shown = runs.prefix(4).joined(separator: ", ") + (runs.count > 4 ? ", …" : "")
      lines.append(
        "possible stock-outs (long runs without a sale while the others sold): \(shown)"
          + (spec.stockOuts == "exclude"
            ? "; left out of training and scores" : "; 'stockouts exclude' leaves them out of training and scores")
          + (toTheEnd
            ? "; a run to the end may be a product no longer sold, which left out is forecast at its level before" : ""))
    }
    lines += end?.describe(bucket: bucket, timeColumn: spec.timeColumn ?? "time") ?? []
    if !tooShort.isEmpty {
      let shown = tooShort.prefix(5).joined(separator: ", ") + (tooShort.count > 5 ? ", …" : "")
      lines.append("left out \(tooShort.count) series shorter than \(minimumLength) steps: \(shown)")
    }
    return lines
  }
}
