import Foundation
import ShopCore
import ShopModels
import ShopTensor
import Synchronization

// Rolling-origin protocol of issue 10: 4 windows of 28 days, refit at each origin, forecasts
// floored at 0, RMSSE (scale: mean squared one-step naive difference of the fold's training
// part) averaged over series and folds.
//
//   ForecastBench <m5.csv> <online-retail-dir> [models…]
//   DATASETS=aus ForecastBench <aus_retail_monthly_long.csv> - [snaive ets etsdamped lstm]
// Models: naive snaive ma ses autoets croston adida lstm (default: all), and oracle: the
// bounds of a flat forecast at each window's own mean and of its own weekday means (they use
// the held-out days; not models). LSTM settings come
// from environment variables (LSTM_LOSS=tweedie:1.1|poisson|mse|msle|pinball:0.1,0.5,0.9, LSTM_EPOCHS,
// LSTM_HIDDEN, LSTM_WINDOW,
// LSTM_LR, LSTM_BATCH, LSTM_SEEDS=0,1,2, LSTM_ENSEMBLE, LSTM_DROPOUT, LSTM_LAGS=7,28,
// LSTM_ROLLING=7,28, LSTM_MONTH=cyclic|oneHot, LSTM_LR_DECAY=0.9, LSTM_SCALING=whole|first|recent:56,
// LSTM_TARGET=none|additive|interacting, LSTM_TARGET_MONTH=1, LSTM_TARGET_EXOG=1,
// LSTM_LOG_INPUTS=1, LSTM_RECENCY=<half-life in steps>, LSTM_SMOOTHED=0.1,0.03,
// LSTM_IDENTITY=1, LSTM_HEAD_HIDDEN=<units>, LSTM_METRIC_WEIGHTS=1, LSTM_LOG_CORRECTION=series|smearing,
// LSTM_ANCHOR=<steps>, LSTM_ANCHOR_SES=<alpha>,
// LSTM_VERBOSE=1, DATASETS=m5,retail, PER_SERIES=1 prints each series' RMSSE).

let args = CommandLine.arguments
guard args.count >= 3 else {
  print("usage: ForecastBench <m5.csv> <online-retail-dir> [models…]")
  exit(2)
}
let env = ProcessInfo.processInfo.environment
let models = args.count > 3 ? Array(args.dropFirst(3)) : ["naive", "snaive", "ma", "ses", "autoets", "croston", "adida", "lstm"]
let datasets = (env["DATASETS"] ?? "m5,retail").split(separator: ",").map(String.init)
// SCALE=all scales RMSSE on the whole training part (the protocol as written); the default
// starts at each series' first non-zero value (the M5 rule, which the reference numbers use).
let backtest = Backtest(
  folds: 4, horizon: 28, floorAtZero: true, seasonalPeriod: 7, rmssePeriod: 1,
  scaleFromFirstNonZero: env["SCALE"] != "all", levels: [80, 95])

func ints(_ name: String, _ fallback: [Int]) -> [Int] {
  env[name].map { $0.split(separator: ",").compactMap { Int($0) } } ?? fallback
}

func lstmConfig(seed: UInt64) -> LSTMForecastConfig {
  var c = LSTMForecastConfig()
  c.seed = seed
  if let v = env["LSTM_EPOCHS"].flatMap(Int.init) { c.epochs = v }
  if let v = env["LSTM_HIDDEN"].flatMap(Int.init) { c.hidden = v }
  if let v = env["LSTM_WINDOW"].flatMap(Int.init) { c.window = v }
  if let v = env["LSTM_BATCH"].flatMap(Int.init) { c.batchSize = v }
  if let v = env["LSTM_LR"].flatMap(Double.init) { c.learningRate = v }
  if let v = env["LSTM_DROPOUT"].flatMap(Double.init) { c.dropout = v }
  if let v = env["LSTM_ENSEMBLE"].flatMap(Int.init) { c.ensemble = v }
  if let v = env["LSTM_PATIENCE"].flatMap(Int.init) { c.patience = v }
  if let v = env["LSTM_VALIDATION"].flatMap(Int.init) { c.validationSteps = v }
  if let v = env["LSTM_STRIDE"].flatMap(Int.init) { c.sampleStride = v }
  if let v = env["LSTM_AVERAGING"].flatMap(Double.init) { c.averaging = v }
  if let v = env["LSTM_ANCHOR"].flatMap(Int.init) { c.anchor = v }
  if let v = env["LSTM_ANCHOR_SES"].flatMap(Double.init) { c.anchorSmoothing = v }
  if let v = env["LSTM_CLIP"].flatMap(Double.init) { c.outlierClip = v }
  if let v = env["LSTM_REFIT"] { c.refit = v == "1" }
  if let v = env["LSTM_EXOG"] { c.useExogenous = v == "1" }
  if let v = env["LSTM_FUTURE"] { c.futureExogenous = v == "1" }
  if let v = env["LSTM_TREND"] { c.trend = v == "1" }
  if let v = env["LSTM_MONTH"].flatMap(LSTMForecastConfig.Calendar.init(rawValue:)) { c.month = v }
  if let v = env["LSTM_LR_DECAY"].flatMap(Double.init) { c.learningRateDecay = v }
  if let v = env["LSTM_SCALING"] {
    // whole | first | recent:N
    let parts = v.split(separator: ":")
    switch parts[0] {
    case "first": c.scaling = .fromFirstSale
    case "recent":
      c.scaling = .recent
      c.scaleSteps = parts.count > 1 ? Int(parts[1])! : 28
    default: c.scaling = .whole
    }
  }
  if let v = env["LSTM_TARGET"].flatMap(LSTMForecastConfig.TargetCalendar.init(rawValue:)) { c.targetCalendar = v }
  if let v = env["LSTM_TARGET_MONTH"] { c.targetMonth = v == "1" }
  if let v = env["LSTM_TARGET_EXOG"] { c.targetExogenous = v == "1" }
  if let v = env["LSTM_LOG_INPUTS"] { c.logInputs = v == "1" }
  if let v = env["LSTM_HEAD_HIDDEN"].flatMap(Int.init) { c.headHidden = v }
  if let v = env["LSTM_METRIC_WEIGHTS"] { c.metricWeights = v == "1" }
  switch env["LSTM_LOG_CORRECTION"] {
  case "series": c.logCorrection = .perSeries
  case "smearing": c.logCorrection = .smearing
  default: break
  }
  if let v = env["LSTM_IDENTITY"] { c.seriesIdentity = v == "1" }
  if let v = env["LSTM_SMOOTHED"] { c.smoothedMeans = v.split(separator: ",").compactMap { Double($0) } }
  if let v = env["LSTM_RECENCY"].flatMap(Int.init) { c.recencyHalfLife = v }
  if let v = env["LSTM_CALENDAR"].flatMap(LSTMForecastConfig.Calendar.init(rawValue:)) { c.calendar = v }
  c.lags = ints("LSTM_LAGS", c.lags)
  c.rollingMeans = ints("LSTM_ROLLING", c.rollingMeans)
  if let v = env["LSTM_LOSS"] {
    let parts = v.split(separator: ":")
    switch parts[0] {
    case "mse": c.loss = .mse
    case "msle": c.loss = .msle
    case "poisson": c.loss = .poisson
    case "tweedie": c.loss = .tweedie(power: parts.count > 1 ? Double(parts[1])! : 1.5)
    case "pinball": c.loss = .pinball(quantiles: parts.count > 1 ? parts[1].split(separator: ",").map { Double($0)! } : [0.5])
    default: fatalError("unknown loss \(v)")
    }
  }
  return c
}

/// The model names of peers.py's RESULT lines, so the two sides join on (dataset, model).
let reportedName = [
  "naive": "Naive", "snaive": "SeasonalNaive", "ma": "WindowAverage", "ses": "SESOpt",
  "autoets": "AutoETS", "croston": "CrostonClassic", "adida": "ADIDA", "lstm": "LSTM",
]

func forecaster(_ name: String, seed: UInt64) -> any Forecaster {
  switch name {
  case "naive": return PerSeriesForecaster(NaiveModel())
  case "snaive": return PerSeriesForecaster(SeasonalNaiveModel())
  case "ma": return PerSeriesForecaster(MovingAverageModel(window: 28))
  case "ses": return PerSeriesForecaster(SimpleExponentialSmoothingModel())
  case "autoets": return PerSeriesForecaster(ExponentialSmoothingModel())
  case "etsdamped": return PerSeriesForecaster(ExponentialSmoothingModel(candidates: ExponentialSmoothingModel.Components.withDamped))
  case "croston": return PerSeriesForecaster(CrostonModel())
  case "adida": return PerSeriesForecaster(ADIDAModel())
  case "lstm":
    let verbose = env["LSTM_VERBOSE"] == "1"
    return LSTMForecaster(config: lstmConfig(seed: seed)) { r in
      if verbose {
        print(String(format: "  epoch %2d loss %.4f val %.4f (%.2fs)", r.epoch, r.trainLoss, r.validationMSE ?? .nan, r.seconds))
      }
    }
  case let combo where combo.contains("+"):
    // A forecast combination: the mean of the parts' point forecasts and bounds.
    return MeanForecaster(parts: combo.split(separator: "+").map { forecaster(String($0), seed: seed) })
  default: fatalError("unknown model \(name)")
  }
}

/// The equal-weight mean of several forecasters (a combination, not a new model).
struct MeanForecaster: Forecaster {
  var parts: [any Forecaster]
  var name: String { parts.map(\.name).joined(separator: "+") }
  func fit(_ panel: ForecastPanel) throws -> any FittedForecaster {
    Fitted(parts: try parts.map { try $0.fit(panel) })
  }
  struct Fitted: FittedForecaster {
    var parts: [any FittedForecaster]
    func forecast(horizon: Int, levels: [Double]) throws -> [SeriesForecast] {
      let all = try parts.map { try $0.forecast(horizon: horizon, levels: levels) }
      let k = Double(all.count)
      return all[0].indices.map { i in
        let mean = (0..<horizon).map { j in all.reduce(0) { $0 + $1[i].mean[j] } / k }
        let intervals = all[0][i].intervals.indices.compactMap { l -> PredictionInterval? in
          guard all.allSatisfy({ $0[i].intervals.count > l }) else { return nil }
          return PredictionInterval(
            level: all[0][i].intervals[l].level,
            lower: (0..<horizon).map { j in all.reduce(0) { $0 + $1[i].intervals[l].lower[j] } / k },
            upper: (0..<horizon).map { j in all.reduce(0) { $0 + $1[i].intervals[l].upper[j] } / k })
        }
        return SeriesForecast(key: all[0][i].key, mean: mean, intervals: intervals)
      }
    }
  }
}

/// CPU seconds this process has used (all threads).
@Sendable func processCPU() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

if models == ["speed"] {
  // Like-for-like training speed: the first fold (M5, or Online Retail with
  // DATASETS=retail and the retail directory as the second argument), no validation, MSE,
  // fixed epochs (LSTM_EPOCHS, default 30); compare with lstm_speed_torch.py given the
  // printed shape. Prints the best and median epoch and every epoch's seconds.
  let panel = datasets == ["retail"]
    ? try loadOnlineRetail(args[2]).droppingLast(4 * 28) : try loadM5(args[1]).droppingLast(4 * 28)
  var c = lstmConfig(seed: 0)
  c.validationSteps = 0
  c.loss = .mse
  // The design's architecture, as lstm_speed_torch.py builds it: the plain linear head and
  // no weight averaging (unless LSTM_* asks).
  if env["LSTM_TARGET"] == nil { c.targetCalendar = LSTMForecastConfig.TargetCalendar.none }
  if env["LSTM_AVERAGING"] == nil { c.averaging = 0 }
  // Wall seconds per epoch from the reports; CPU seconds of the process between consecutive
  // epoch reports (so from the second epoch on: the first would include the feature setup),
  // which a loaded shared machine disturbs less than wall time.
  let epochs = Mutex<[LSTMEpochReport]>([])
  let cpu = Mutex<[Double]>([])
  let model = try LSTMForecaster(config: c) { r in
    epochs.withLock { $0.append(r) }
    cpu.withLock { $0.append(processCPU()) }
  }.train(panel)
  let reports = epochs.withLock { $0 }
  let stamps = cpu.withLock { $0 }
  let cpuTimes = zip(stamps.dropFirst(), stamps).map { $0 - $1 }
  func summary(_ values: [Double]) -> (Double, Double) {
    let v = values.sorted()
    guard !v.isEmpty else { return (.nan, .nan) }
    return (v[0], (v[(v.count - 1) / 2] + v[v.count / 2]) / 2)
  }
  let (best, median) = summary(reports.map(\.seconds))
  let (cpuBest, cpuMedian) = summary(cpuTimes)
  func list(_ values: [Double]) -> String { values.map { String(format: "%.3f", $0) }.joined(separator: " ") }
  print(
    "RESULT swift speed lstm epoch_seconds=\(String(format: "%.3f", best)) median=\(String(format: "%.3f", median)) "
      + "cpu_min=\(String(format: "%.3f", cpuBest)) cpu_median=\(String(format: "%.3f", cpuMedian)) "
      + "samples=\(reports[0].samples) kernels=\(KernelLevel.current) "
      + "shape: N=\(reports[0].samples) I=\(model.features.width) W=\(c.window) H=\(c.hidden) O=\(c.horizon) B=\(c.batchSize) "
      + "epochs: \(list(reports.map(\.seconds))) cpu: \(list(cpuTimes))")
  exit(0)
}

if datasets == ["aus"] {
  // The monthly Australian retail panel (42 series): the last 24 months held out in one
  // window, season 12, forecasts floored at 0. RMSSE scaled by the one-step naive error of the
  // whole training part, MASE by the seasonal (12-month) naive error. LSTM settings for
  // monthly data (window 36, horizon 24, lags 12 and 24, a 12-month rolling mean, the month
  // of the year, MSE, outputs anchored on the mean of the last 12 months, weights averaged
  // with decay 0.99, early stopping on the last 24 training months) unless LSTM_* says
  // otherwise. TUNE=1 drops the last 24 months first, so choices are made on the 24 before:
  // window 36, the anchor and the averaging were chosen there (3 seeds: RMSSE 1.142 with
  // window 24 and neither, one seed; 1.001 with both; 0.905 with window 36 too).
  var panel = try loadAusRetail(args[1])
  if env["TUNE"] == "1" { panel = panel.droppingLast(24) }
  let protocolRun = Backtest(
    folds: 1, horizon: 24, floorAtZero: true, seasonalPeriod: 12, rmssePeriod: 1, scaleFromFirstNonZero: false,
    levels: [80, 95])
  print("# aus\(env["TUNE"] == "1" ? "_tune" : ""): \(panel.series.count) series, \(panel.series[0].values.count) months")
  func ausLSTM(seed: UInt64) -> LSTMForecastConfig {
    var c = lstmConfig(seed: seed)
    if env["LSTM_WINDOW"] == nil { c.window = 36 }
    if env["LSTM_ANCHOR"] == nil { c.anchor = 12 }
    if env["LSTM_AVERAGING"] == nil { c.averaging = 0.99 }
    // The daily defaults' target head and log inputs were not chosen here: on this tuning
    // window log inputs scored 0.954 and both together 1.149, against 0.905 without (the
    // head alone 0.899), so the monthly recipe keeps both off.
    if env["LSTM_TARGET"] == nil { c.targetCalendar = LSTMForecastConfig.TargetCalendar.none }
    if env["LSTM_LOG_INPUTS"] == nil { c.logInputs = false }
    c.horizon = 24
    if env["LSTM_LAGS"] == nil { c.lags = [12, 24] }
    if env["LSTM_ROLLING"] == nil { c.rollingMeans = [12] }
    if env["LSTM_LOSS"] == nil { c.loss = .mse }
    if env["LSTM_VALIDATION"] == nil { c.validationSteps = 24 }
    if env["LSTM_EPOCHS"] == nil { c.epochs = 100 }
    if env["LSTM_PATIENCE"] == nil { c.patience = 10 }
    if env["LSTM_BATCH"] == nil { c.batchSize = 32 }
    return c
  }
  let ausModels = args.count > 3 ? Array(args.dropFirst(3)) : ["snaive", "ets", "etsdamped", "lstm"]
  for model in ausModels {
    let seeds = model == "lstm" ? ints("LSTM_SEEDS", [0, 1, 2]) : [0]
    var scores: [(Double, Double, Double)] = []
    for seed in seeds {
      let forecaster: any Forecaster
      switch model {
      case "snaive": forecaster = PerSeriesForecaster(SeasonalNaiveModel())
      case "ets": forecaster = PerSeriesForecaster(ExponentialSmoothingModel())
      case "etsdamped": forecaster = PerSeriesForecaster(ExponentialSmoothingModel(candidates: ExponentialSmoothingModel.Components.withDamped))
      case "lstm": forecaster = LSTMForecaster(config: ausLSTM(seed: UInt64(seed)))
      default: fatalError("unknown model \(model)")
      }
      let result = try protocolRun.run(forecaster, on: panel)
      let m = result.mean
      scores.append((m.rmsse, m.mase, m.smape))
      print(
        "RESULT swift aus \(model) rmsse=\(String(format: "%.4f", m.rmsse)) mase=\(String(format: "%.4f", m.mase)) "
          + "smape=\(String(format: "%.4f", m.smape)) seconds=\(String(format: "%.2f", result.seconds)) seed=\(seed)")
    }
    if scores.count > 1 {
      let k = Double(scores.count)
      print(
        "MEAN swift aus \(model) rmsse=\(String(format: "%.4f", scores.map(\.0).reduce(0, +) / k)) "
          + "mase=\(String(format: "%.4f", scores.map(\.1).reduce(0, +) / k)) smape=\(String(format: "%.4f", scores.map(\.2).reduce(0, +) / k))")
    }
  }
  exit(0)
}

var panels: [(String, ForecastPanel)] = []
if datasets.contains("m5") { panels.append(("m5", try loadM5(args[1]))) }
if datasets.contains("retail") { panels.append(("retail", try loadOnlineRetail(args[2]))) }
// TUNE=1: the same protocol on the history before the test folds (the last 4×28 days are
// dropped first), so settings are chosen without looking at the test windows.
// TUNE=2 drops 2×4×28 days, for a second, earlier set of tuning windows (M5; Online Retail's
// year is too short for it).
let tuneDepth = Int(env["TUNE"] ?? "0") ?? 0
if tuneDepth > 0 {
  panels = panels.map { ($0.0 + (tuneDepth == 1 ? "_tune" : "_tune\(tuneDepth)"), $0.1.droppingLast(tuneDepth * 4 * 28)) }
}
for (dataset, panel) in panels {
  print("# \(dataset): \(panel.series.count) series, \(panel.series[0].values.count) steps")
  for model in models where model.hasPrefix("combine:") {
    // combine:lstm,adida — each part backtested once per seed, then scored alone and as the
    // equal-weight mean of the parts' fold forecasts (no second LSTM fit).
    let parts = model.dropFirst("combine:".count).split(separator: ",").map(String.init)
    let m = backtest.seasonalPeriod ?? panel.period
    var fixed: [String: Backtest.Result] = [:]
    for part in parts where !part.contains("lstm") { fixed[part] = try backtest.run(forecaster(part, seed: 0), on: panel) }
    // Every combination of the first part with one or more of the others.
    let subsets = (1..<(1 << (parts.count - 1))).map { mask in [0] + (1..<parts.count).filter { mask & (1 << ($0 - 1)) != 0 } }
    var scores = [[Double]](repeating: [], count: subsets.count), alone: [Double] = []
    for seed in ints("LSTM_SEEDS", [0, 1, 2]) {
      let results = try parts.map { p in try fixed[p] ?? backtest.run(forecaster(p, seed: UInt64(seed)), on: panel) }
      alone.append(results[0].mean.rmsse)
      for (u, subset) in subsets.enumerated() {
        var rows: [SeriesMetrics] = []
        for k in results[0].folds.indices {
          let held = (backtest.folds - k) * backtest.horizon
          for (i, full) in panel.series.enumerated() {
            let start = full.values.count - held
            let mean = (0..<backtest.horizon).map { j in subset.reduce(0) { $0 + results[$1].folds[k].forecasts[i].mean[j] } / Double(subset.count) }
            rows.append(
              SeriesMetrics(
                key: full.key, actual: Array(full.values[start..<(start + backtest.horizon)]),
                forecast: SeriesForecast(key: full.key, mean: mean), train: Array(full.values[..<start]),
                seasonalPeriod: m, rmssePeriod: backtest.rmssePeriod, scaleFromFirstNonZero: backtest.scaleFromFirstNonZero))
          }
        }
        let combined = SeriesMetrics.average(rows).rmsse
        scores[u].append(combined)
        print("RESULT swift \(dataset) \(subset.map { parts[$0] }.joined(separator: "+")) rmsse=\(String(format: "%.4f", combined)) seed=\(seed)")
      }
      print("RESULT swift \(dataset) \(parts[0]) rmsse=\(String(format: "%.4f", results[0].mean.rmsse)) seed=\(seed)")
    }
    for (u, subset) in subsets.enumerated() {
      print("MEAN swift \(dataset) \(subset.map { parts[$0] }.joined(separator: "+")) rmsse=\(String(format: "%.4f", scores[u].reduce(0, +) / Double(scores[u].count)))")
    }
    print("MEAN swift \(dataset) \(parts[0]) rmsse=\(String(format: "%.4f", alone.reduce(0, +) / Double(alone.count)))")
  }
  for model in models where model == "oracle" {
    // Not forecasters but bounds, from the held-out days themselves. Each (series, window) is
    // forecast at the window's own mean: flat (the best any flat forecast can do there); shaped
    // by the series' weekday profile over its whole training part (what a forecaster that knew
    // the level could do with the calendar); or at the window's own mean per weekday (4 days
    // each, so that one also fits some of the noise).
    enum Shape { case flat, historyProfile, windowWeekdays }
    for (name, shape) in [("OracleWindowMean", Shape.flat), ("OracleWindowMeanHistoryWeekdays", .historyProfile), ("OracleWindowWeekdayMeans", .windowWeekdays)] {
      var rows: [SeriesMetrics] = []
      for k in 0..<backtest.folds {
        let held = (backtest.folds - k) * backtest.horizon
        for full in panel.series {
          let start = full.values.count - held
          let actual = Array(full.values[start..<(start + backtest.horizon)])
          let train = Array(full.values[..<start])
          let level = actual.reduce(0, +) / Double(actual.count)
          let p = panel.period
          func means(_ values: [Double], offset: Int) -> [Double] {
            (0..<p).map { phase in
              let days = values.indices.filter { ($0 + offset) % p == phase }.map { values[$0] }
              return days.isEmpty ? 0 : days.reduce(0, +) / Double(days.count)
            }
          }
          let forecast: [Double]
          switch shape {
          case .flat: forecast = Array(repeating: level, count: actual.count)
          case .historyProfile:
            let profile = means(train, offset: 0)
            let average = profile.reduce(0, +) / Double(p)
            forecast = actual.indices.map { level * (average > 0 ? profile[(start + $0) % p] / average : 1) }
          case .windowWeekdays:
            let own = means(actual, offset: start)
            forecast = actual.indices.map { own[(start + $0) % p] }
          }
          rows.append(
            SeriesMetrics(
              key: full.key, actual: actual, forecast: SeriesForecast(key: full.key, mean: forecast),
              train: train, seasonalPeriod: backtest.seasonalPeriod ?? panel.period,
              rmssePeriod: backtest.rmssePeriod, scaleFromFirstNonZero: backtest.scaleFromFirstNonZero))
        }
      }
      print("RESULT swift \(dataset) \(name) rmsse=\(String(format: "%.4f", SeriesMetrics.average(rows).rmsse)) seed=-")
    }
  }
  for model in models where !model.hasPrefix("combine:") && model != "oracle" {
    let seeds = model.contains("lstm") ? ints("LSTM_SEEDS", [0, 1, 2]) : [0]
    var scores: [Double] = []
    for seed in seeds {
      let result = try backtest.run(forecaster(model, seed: UInt64(seed)), on: panel)
      let mean = result.mean
      scores.append(mean.rmsse)
      if env["PER_SERIES"] == "1" {
        // RMSSE per series (mean over the folds), to see which series a model loses on.
        let rows = Dictionary(grouping: result.folds.flatMap(\.metrics), by: \.key)
        for key in rows.keys.sorted() {
          let r = rows[key]!
          let folds = r.map { String(format: "%.3f", $0.rmsse) }.joined(separator: " ")
          let rmsse = String(format: "%.4f", SeriesMetrics.average(r).rmsse)
          print("SERIES swift \(dataset) \(reportedName[model] ?? model) \(key) rmsse=\(rmsse) seed=\(seed) folds: \(folds)")
        }
      }
      let cov = mean.coverage.keys.sorted().map { String(format: "cov%.0f=%.3f", $0, mean.coverage[$0]!) }
      print(
        "RESULT swift \(dataset) \(reportedName[model] ?? model) rmsse=\(String(format: "%.4f", mean.rmsse)) seconds=\(String(format: "%.2f", result.seconds)) seed=\(seed) "
          + "mase=\(String(format: "%.4f", mean.mase)) wape=\(String(format: "%.4f", mean.wape)) " + cov.joined(separator: " "))
    }
    if seeds.count > 1 {
      print("MEAN swift \(dataset) \(reportedName[model] ?? model) rmsse=\(String(format: "%.4f", scores.reduce(0, +) / Double(scores.count)))")
    }
  }
}
