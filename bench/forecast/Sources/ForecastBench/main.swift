import Foundation
import ShopCore
import ShopModels
import Synchronization

// Rolling-origin protocol of issue 10: 4 windows of 28 days, refit at each origin, forecasts
// floored at 0, RMSSE (scale: mean squared one-step naive difference of the fold's training
// part) averaged over series and folds.
//
//   ForecastBench <m5.csv> <online-retail-dir> [models…]
// Models: naive snaive ma ses autoets croston adida lstm (default: all). LSTM settings come
// from environment variables (LSTM_LOSS=tweedie:1.2, LSTM_EPOCHS, LSTM_HIDDEN, LSTM_WINDOW,
// LSTM_LR, LSTM_BATCH, LSTM_SEEDS=0,1,2, LSTM_ENSEMBLE, LSTM_DROPOUT, LSTM_LAGS=7,28,
// LSTM_ROLLING=7,28, LSTM_VERBOSE=1, DATASETS=m5,retail).

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
  if let v = env["LSTM_CLIP"].flatMap(Double.init) { c.outlierClip = v }
  if let v = env["LSTM_REFIT"] { c.refit = v == "1" }
  if let v = env["LSTM_EXOG"] { c.useExogenous = v == "1" }
  if let v = env["LSTM_TREND"] { c.trend = v == "1" }
  if let v = env["LSTM_CALENDAR"].flatMap(LSTMForecastConfig.Calendar.init(rawValue:)) { c.calendar = v }
  c.lags = ints("LSTM_LAGS", c.lags)
  c.rollingMeans = ints("LSTM_ROLLING", c.rollingMeans)
  if let v = env["LSTM_LOSS"] {
    let parts = v.split(separator: ":")
    switch parts[0] {
    case "mse": c.loss = .mse
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
  case "croston": return PerSeriesForecaster(CrostonModel())
  case "adida": return PerSeriesForecaster(ADIDAModel())
  case "lstm":
    let verbose = env["LSTM_VERBOSE"] == "1"
    return LSTMForecaster(config: lstmConfig(seed: seed)) { r in
      if verbose {
        print(String(format: "  epoch %2d loss %.4f val %.4f (%.2fs)", r.epoch, r.trainLoss, r.validationMSE ?? .nan, r.seconds))
      }
    }
  default: fatalError("unknown model \(name)")
  }
}

if models == ["speed"] {
  // Like-for-like training speed: the first M5 fold, no validation, MSE, fixed epochs;
  // compare with lstm_speed_torch.py given the printed shape.
  let panel = try loadM5(args[1]).droppingLast(4 * 28)
  var c = lstmConfig(seed: 0)
  c.validationSteps = 0
  c.loss = .mse
  let epochs = Mutex<[LSTMEpochReport]>([])
  let model = try LSTMForecaster(config: c) { r in epochs.withLock { $0.append(r) } }.train(panel)
  let reports = epochs.withLock { $0 }
  let best = reports.map(\.seconds).min() ?? .nan
  print(
    "RESULT swift speed lstm epoch_seconds=\(String(format: "%.3f", best)) samples=\(reports[0].samples) "
      + "shape: N=\(reports[0].samples) I=\(model.features.width) W=\(c.window) H=\(c.hidden) O=\(c.horizon) B=\(c.batchSize)")
  exit(0)
}

var panels: [(String, ForecastPanel)] = []
if datasets.contains("m5") { panels.append(("m5", try loadM5(args[1]))) }
if datasets.contains("retail") { panels.append(("retail", try loadOnlineRetail(args[2]))) }
// TUNE=1: the same protocol on the history before the test folds (the last 4×28 days are
// dropped first), so settings are chosen without looking at the test windows.
let tuning = env["TUNE"] == "1"
if tuning { panels = panels.map { ($0.0 + "_tune", $0.1.droppingLast(4 * 28)) } }
for (dataset, panel) in panels {
  print("# \(dataset): \(panel.series.count) series, \(panel.series[0].values.count) steps")
  for model in models {
    let seeds = model == "lstm" ? ints("LSTM_SEEDS", [0, 1, 2]) : [0]
    var scores: [Double] = []
    for seed in seeds {
      let result = try backtest.run(forecaster(model, seed: UInt64(seed)), on: panel)
      let mean = result.mean
      scores.append(mean.rmsse)
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
