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
}

/// A table of transactions or of an existing regular panel as a `ForecastPanel`: one series
/// per key (or one series), one step per day, week or month, from the series' first step with
/// data to the table's last step. Values in a step are summed (units sold, revenue); steps
/// without rows are 0 — right for sales, and said in the output.
struct ForecastData {
  var panel: ForecastPanel
  var starts: [Int64]
  var bucket: TimeBucket
  /// Rows without a time or a value.
  var droppedNulls = 0
  /// Series left out for being shorter than `minimumLength` steps, by key.
  var tooShort: [String] = []
  let minimumLength: Int
  /// Steps that had no rows and were filled with 0.
  var filledSteps = 0

  init(frame: Frame, spec: ModelSpec, model: String, minimumLength: Int, at range: SourceRange?) throws {
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
    bucket = TimeBucket(rawValue: spec.every ?? "day") ?? .day
    var sums: [String: [Int64: Double]] = [:]
    var order: [String] = []
    var first = Int64.max, last = Int64.min
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
      first = min(first, b)
      last = max(last, b)
    }
    droppedNulls = dropped
    guard !order.isEmpty else {
      throw ModelError.noRows("no rows with a time and a value to build series for '\(model)'", at: range)
    }
    let lastIndex = bucket.index(of: last, from: first)
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
      // The absolute step index keeps calendar features aligned across series.
      let absolute = bucket.index(of: begin, from: CivilTime.seconds(year: 1970, month: 1, day: 5))
      series.append(ForecastSeries(key: k, start: absolute, values: values))
      starts.append(begin)
    }
    self.starts = starts
    let period = spec.period ?? Self.defaultPeriod(bucket)
    panel = ForecastPanel(series: series, period: period)
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
        + ", \(NumberFormat.grouped(panel.series.reduce(0) { $0 + $1.values.count })) steps"
        + " (\(NumberFormat.grouped(filledSteps)) steps without rows counted as 0), season \(panel.period)"
    ]
    if droppedNulls > 0 { lines.append("left out \(NumberFormat.grouped(droppedNulls)) rows without a time or a value") }
    if !tooShort.isEmpty {
      let shown = tooShort.prefix(5).joined(separator: ", ") + (tooShort.count > 5 ? ", …" : "")
      lines.append("left out \(tooShort.count) series shorter than \(minimumLength) steps: \(shown)")
    }
    return lines
  }
}
