import ShopCore
import ShopFrames
import ShopModels
import ShopSyntax

/// The forecaster family in the language: `model NAME = forecaster KIND …`, `backtest` and
/// `forecast` (docs/models.md, "Forecasters"; docs/evaluation.md, "Forecast metrics").
enum ForecastCommands {
  static let all: [Command] = [backtest, forecast]

  static var usage: String { ForecasterKinds.all.map(\.usage).joined(separator: " | ") }

  static var help: String {
    ForecasterKinds.all.map { kind in
      "\(kind.name): \(kind.summary)"
        + (kind.options.isEmpty ? "" : ". Options: " + kind.options.map(\.helpLine).joined(separator: "; "))
    }.joined(separator: "\n")
  }

  /// `forecaster KIND value COL time COL [by COL] [every day|week|month] [period N]
  /// [exogenous COL, …] [holidays uk|TABLE] [stockouts exclude|keep] [options]`.
  static func spec(_ inv: inout Invocation) throws -> ModelSpec {
    let names = ForecasterKinds.all.map(\.name)
    let kindName = try inv.args.expectChoice(names, what: "forecaster kind")
    guard let kind = ForecasterKinds.named(kindName) else {
      throw RuntimeError.expected("a forecaster kind", at: inv.args.hereRange)
    }
    var spec = ModelSpec(kind: .forecaster, arch: kind.name)
    var given: [String: ModelOptionValue] = [:]
    let words = ["value", "time", "by", "every", "period", "exogenous", "holidays", "stockouts"] + kind.options.map(\.name)
    while !inv.args.atEnd {
      let wordRange = inv.args.hereRange
      let w = try inv.args.expectChoice(words, what: "\(kind.name) option")
      switch w {
      case "value": spec.target = try inv.args.column("the value column").name
      case "time": spec.timeColumn = try inv.args.column("the time column").name
      case "by": spec.seriesKey = try inv.args.column("the series column").name
      case "every": spec.every = try inv.args.expectChoice(["day", "week", "month"], what: "step")
      case "period": spec.period = try inv.args.count("the season length", minimum: 1, maximum: 1000)
      case "stockouts":
        spec.stockOuts = try inv.args.expectChoice(["exclude", "keep"], what: "stockouts") == "exclude" ? "exclude" : nil
      case "exogenous", "holidays":
        guard kind.name == "lstm" else {
          throw RuntimeError.invalidValue(
            "only the lstm reads exogenous columns and holidays; '\(kind.name)' forecasts from the history alone",
            at: wordRange)
        }
        if w == "holidays" {
          spec.holidays = try inv.args.column("'uk' or a table of holiday dates").name
        } else {
          spec.exogenous = try inv.args.columns("exogenous columns", stopWords: Set(words)).map(\.name)
        }
      default:
        guard let option = kind.options.first(where: { $0.name == w }) else { continue }
        given[w] = try ModelCommands.optionValue(option, &inv)
      }
    }
    guard spec.target != nil else {
      throw RuntimeError.expected("'value COL': the column to forecast", at: inv.args.hereRange)
    }
    guard spec.timeColumn != nil else {
      throw RuntimeError.expected("'time COL': the datetime column", at: inv.args.hereRange)
    }
    if spec.every == nil { spec.every = "day" }
    spec.options = ModelOptionValues(declared: kind.options, given: given)
    return spec
  }

  static func forecaster(_ state: ModelState, command: String, at range: SourceRange) throws -> FittedForecast {
    if let f = state.forecast { return f }
    if state.spec.kind == .forecaster { throw ModelError.notTrained(state.name, at: range) }
    throw ModelError.wrongKind(
      model: state.name, kind: state.spec.kind.rawValue, command: command,
      hint: "'model NAME = forecaster KIND value COL time COL' defines a forecaster", at: range)
  }

  /// The model's own horizon option (the LSTM's), else four weeks of days.
  static func defaultHorizon(_ state: ModelState) -> Int {
    state.spec.options?.values["horizon"] != nil ? state.spec.options?.int("horizon") ?? 28 : 28
  }

  // MARK: backtest

  static let backtest = Command(
    "backtest", category: "Models", synopsis: "backtest NAME on TABLE [folds 4] [horizon 28]",
    summary: "rolling-origin evaluation of a forecaster beside the seasonal naive, ETS and ADIDA baselines",
    details: """
      The last FOLDS × HORIZON steps of every series are the test windows. Each fold refits the model (and \
      each baseline) on everything before its window and forecasts HORIZON steps, floored at 0 for \
      non-negative data. Metrics per series and window, averaged: RMSSE and MASE (scaled by the in-sample \
      naive error of that fold's training part, from each series' first non-zero value, as in M5), MAE, \
      RMSE, sMAPE, WAPE and the coverage of the 80% and 95% intervals. docs/evaluation.md has the formulas.
      """,
    examples: [], input: .frame
  ) { inv in
    let (state, range) = try inv.model()
    guard state.spec.kind == .forecaster, let kind = ForecasterKinds.named(state.spec.arch) else {
      throw ModelError.wrongKind(
        model: state.name, kind: state.spec.kind.rawValue, command: "backtest",
        hint: "backtest is for forecasters; 'evaluate' for other models", at: range)
    }
    let frame = try inv.pipedOrNamedFrame("the table to backtest on").frame
    var folds = 4
    var horizon = defaultHorizon(state)
    while !inv.args.atEnd {
      if try inv.args.expectChoice(["folds", "horizon"], what: "backtest option") == "folds" {
        folds = try inv.args.count("the number of folds", minimum: 1, maximum: 100)
      } else {
        horizon = try inv.args.count("the horizon", minimum: 1, maximum: 1000)
      }
    }
    if kind.name == "lstm", let trained = state.spec.options?.int("horizon"), horizon > trained {
      throw RuntimeError.invalidValue(
        "'\(state.name)' forecasts at most \(trained) steps (its horizon option)", at: inv.range)
    }
    let data = try ForecastData(
      frame: frame, spec: state.spec, model: state.name,
      minimumLength: max(ForecastData.minimumLength(state.spec) + folds * horizon, folds * horizon + 2),
      holidays: ForecastData.holidayDays(state.spec, model: state.name, session: inv.session, at: inv.range),
      at: inv.range)
    for line in data.describe(state.spec) { inv.say("backtest \(state.name): " + line) }
    guard !data.panel.series.isEmpty else {
      throw ModelError.noRows("no series long enough for \(folds) folds of \(horizon) steps", at: inv.range)
    }
    let nonNegative = data.panel.series.allSatisfy { $0.values.allSatisfy { $0 >= 0 } }
    let protocolRun = Backtest(folds: folds, horizon: horizon, floorAtZero: nonNegative)
    inv.say(
      "rolling origin: \(folds) fold\(folds == 1 ? "" : "s") × \(horizon) \(data.bucket.rawValue)s, refit at each origin"
        + (nonNegative ? ", forecasts floored at 0" : "") + "; metrics averaged over series and folds")
    let seed = state.spec.training?.seed ?? inv.session.settings.seed
    let options = state.spec.options ?? ModelOptionValues(declared: kind.options, given: [:])
    var names = [state.name]
    var results = [try protocolRun.run(kind.make(options, seed, nil), on: data.panel)]
    for baseline in ForecasterKinds.baselines where baseline != kind.name {
      guard let b = ForecasterKinds.named(baseline) else { continue }
      names.append(baseline)
      results.append(try protocolRun.run(b.make(ModelOptionValues(declared: b.options, given: [:]), seed, nil), on: data.panel))
    }
    let metricNames = ["RMSSE", "MASE", "MAE", "RMSE", "sMAPE", "WAPE", "coverage 80%", "coverage 95%"]
    // A metric no series could be scored on (every scale undefined) shows as '—', not NaN.
    func values(_ r: Backtest.Result) -> [Double?] {
      let m = r.mean
      return [m.rmsse, m.mase, m.mae, m.rmse, m.smape, m.wape, m.coverage[80], m.coverage[95]].map {
        $0.flatMap { $0.isFinite ? $0 : nil }
      }
    }
    inv.say(
      ModelEvaluator.textTable(names: metricNames, columns: zip(names, results).map { ($0, values($1)) }, inv: inv))
    if !results[0].mean.mase.isFinite {
      let season = "\(data.panel.period) \(data.bucket.rawValue)\(data.panel.period == 1 ? "" : "s")"
      inv.say(
        "note: no MASE (—): it is scaled by the error of the value one season (\(season)) before, over each fold's"
          + " training part, and no series has a training part longer than a season with values that change;"
          + " RMSSE is scaled by the error of the value one step before")
    }
    let best = zip(names, results).min { $0.1.mean.rmsse < $1.1.mean.rmsse }
    if let best, best.0 != state.name {
      inv.say("note: '\(state.name)' does not beat \(best.0) on RMSSE")
    }
    let keys = ["rmsse", "mase", "mae", "rmse", "smape", "wape", "coverage80", "coverage95"]
    try ModelEvaluator.store(state, split: "backtest", names: keys, values: values(results[0]), inv: inv)
    for (name, r) in zip(names, results).dropFirst() {
      try ModelEvaluator.store(state, split: "baseline", names: keys.map { name + "_" + $0 }, values: values(r), inv: inv)
    }
    return .none
  }

  // MARK: forecast

  static let forecast = Command(
    "forecast", category: "Models", synopsis: "forecast NAME [horizon 28] [history N] [levels 80, 95] [future TABLE]",
    summary: "a trained forecaster's next steps for every series, with prediction intervals, as a table",
    details: """
      One row per series and step: the series key, the step's time, the forecast and the bounds of each \
      interval level. The step's time is its start, or, when every row of the table sat at the same place \
      in its step (a week stamped on its Friday, a month on its last day), that same place. 'history N' adds the last N observed steps first (value column filled, forecast \
      empty), so 'forecast f history 56 | where … | plot line x TIME y VALUE, forecast, lower_80, upper_80' \
      draws the history, the forecast and its band. Forecasts of non-negative data are floored at 0. \
      A model with exogenous columns needs their values over the horizon: 'future TABLE' has the time \
      column, the series column and the exogenous columns for the steps after the history; holiday flags \
      come from the model's calendar.
      """,
    examples: [], input: .none
  ) { inv in
    let (state, range) = try inv.model()
    let fitted = try forecaster(state, command: "forecast", at: range)
    var horizon = defaultHorizon(state)
    var history = 0
    var levels: [Double] = [80, 95]
    var future: Frame? = nil
    while !inv.args.atEnd {
      switch try inv.args.expectChoice(["horizon", "history", "levels", "future"], what: "forecast option") {
      case "horizon": horizon = try inv.args.count("the horizon", minimum: 1, maximum: 10_000)
      case "future": future = try inv.namedFrame("the table of future exogenous values").0
      case "history": history = try inv.args.count("the history steps", minimum: 0, maximum: 100_000)
      default:
        levels = []
        repeat {
          let (x, r) = try inv.args.number("an interval level in percent")
          guard x > 0 && x < 100 else { throw RuntimeError.invalidValue("a level is between 0 and 100", at: r) }
          levels.append(x)
        } while inv.args.comma()
      }
    }
    if state.spec.arch == "lstm", let trained = state.spec.options?.int("horizon"), horizon > trained {
      throw RuntimeError.invalidValue("'\(state.name)' forecasts at most \(trained) steps (its horizon option)", at: inv.range)
    }
    var forecasts: [SeriesForecast]
    if let lstm = fitted.model as? LSTMForecastModel, !fitted.panel.exogenousNames.isEmpty {
      let panel = try ForecastData.continued(
        fitted, spec: state.spec, model: state.name, horizon: horizon, future: future,
        holidays: ForecastData.holidayDays(state.spec, model: state.name, session: inv.session, at: inv.range),
        at: inv.range)
      forecasts = try lstm.forecast(panel, horizon: horizon, levels: levels)
    } else {
      forecasts = try fitted.model.forecast(horizon: horizon, levels: levels)
    }
    let nonNegative = fitted.panel.series.allSatisfy { $0.values.allSatisfy { $0 >= 0 } }
    if nonNegative { forecasts = forecasts.map { $0.flooredAtZero() } }
    var keys: [Scalar] = [], times: [Scalar] = [], actual: [Scalar] = [], point: [Scalar] = []
    var bounds = [[Scalar]](repeating: [], count: levels.count * 2)
    func round(_ x: Double) -> Scalar { .float((x * 1000).rounded() / 1000) }
    for (s, (series, f)) in zip(fitted.starts, zip(fitted.panel.series, forecasts)) {
      let n = series.values.count
      for t in max(0, n - history)..<n {
        keys.append(.string(series.key))
        times.append(.datetime(fitted.time(step: t, from: s)))
        actual.append(round(series.values[t]))
        point.append(.null)
        for k in bounds.indices { bounds[k].append(.null) }
      }
      for k in 0..<min(horizon, f.mean.count) {
        keys.append(.string(series.key))
        times.append(.datetime(fitted.time(step: n + k, from: s)))
        actual.append(.null)
        point.append(round(f.mean[k]))
        for (j, level) in levels.enumerated() {
          let interval = f.intervals.first { $0.level == level }
          bounds[2 * j].append(interval.map { round($0.lower[k]) } ?? .null)
          bounds[2 * j + 1].append(interval.map { round($0.upper[k]) } ?? .null)
        }
      }
    }
    var columns = [
      Column(name: state.spec.seriesKey ?? "series", scalars: keys, type: .string),
      Column(name: state.spec.timeColumn ?? "time", scalars: times, type: .datetime),
      Column(name: state.spec.target ?? "value", scalars: actual, type: .float),
      Column(name: "forecast", scalars: point, type: .float),
    ]
    for (j, level) in levels.enumerated() {
      let tag = ModelOptionValue.real(level).text
      columns.append(Column(name: "lower_\(tag)", scalars: bounds[2 * j], type: .float))
      columns.append(Column(name: "upper_\(tag)", scalars: bounds[2 * j + 1], type: .float))
    }
    return .frame(Frame(columns: columns))
  }
}
