import ShopCore

/// One kind of forecaster as the registry knows it: its name, what it assumes, its options
/// (declared once, with defaults and ranges) and how to build one. The baselines are kinds
/// like the LSTM, so `backtest` prints them beside it through the same code.
public struct ForecasterKind: Sendable {
  public var name: String
  public var summary: String
  public var options: [ModelOption]
  /// Builds an unfitted forecaster; `seed` drives every random choice, `onEpoch` reports
  /// training progress (learned kinds only).
  public var make:
    @Sendable (ModelOptionValues, _ seed: UInt64, _ onEpoch: (@Sendable (LSTMEpochReport) -> Void)?) -> any Forecaster

  public init(
    name: String, summary: String, options: [ModelOption] = [],
    make: @escaping @Sendable (ModelOptionValues, UInt64, (@Sendable (LSTMEpochReport) -> Void)?) -> any Forecaster
  ) {
    self.name = name
    self.summary = summary
    self.options = options
    self.make = make
  }

  public var usage: String { ([name] + options.map { "[\($0.usage)]" }).joined(separator: " ") }
}

/// Every forecaster kind. Adding one is its model file and a line here.
public enum ForecasterKinds {
  public static let lstmOptions = [
    ModelOption("window", .integer(1...365), default: .int(28), help: "past steps the LSTM reads"),
    ModelOption("hidden", .integer(1...512), default: .int(32), help: "hidden units"),
    ModelOption("horizon", .integer(1...366), default: .int(28), help: "steps forecast at once (the longest horizon it can forecast)"),
    ModelOption("loss", .choice(["tweedie", "poisson", "mse", "pinball"]), default: .word("tweedie"), help: "tweedie (power 1.1) or poisson for counts with many zeros, mse for the design's plain loss, pinball for 10/50/90% quantiles"),
    ModelOption("epochs", .integer(1...10_000), default: .int(30), help: "at most this many epochs (early stopping on the last window of the history)"),
    ModelOption("lr", .real(0.000001...1), default: .real(0.003), help: "Adam's step size"),
    ModelOption("dropout", .real(0...0.9), default: .real(0.1), help: "dropout before the linear head"),
    ModelOption("ensemble", .integer(1...20), default: .int(1), help: "models trained with consecutive seeds, forecasts averaged"),
    ModelOption("lags", .integers(1...1000), default: .word("7, 28"), help: "the target this many steps back, as inputs at each step"),
    ModelOption("rolling", .integers(1...1000), default: .word("7, 28"), help: "trailing means of the target over this many steps, as inputs"),
    ModelOption("calendar", .choice(["cyclic", "onehot", "none"]), default: .word("cyclic"), help: "the position in the season (day of week for days, month for months) as sin and cos, one-hot, or not at all"),
    ModelOption("trend", .choice(["no", "yes"]), default: .word("no"), help: "the step index over the history length as an input"),
    ModelOption("yearly", .choice(["no", "cyclic", "onehot", "yes"]), default: .word("no"), help: "the month of the year as an input, for days or weeks: cyclic (sin and cos; yes is the same) or onehot (12 flags)"),
    ModelOption("target", .choice(["interacting", "additive", "none"]), default: .word("interacting"), help: "each forecast step's own position in the season (its day of week) in the head: weights the hidden state sets per series (interacting), one shared profile (additive), or none (the head sees only the origin)"),
  ]

  public static let all: [ForecasterKind] = [
    ForecasterKind(name: "naive", summary: "the last value, repeated") { _, _, _ in PerSeriesForecaster(NaiveModel()) },
    ForecasterKind(name: "snaive", summary: "the value one season ago (the period of the panel: 7 for days)") { _, _, _ in
      PerSeriesForecaster(SeasonalNaiveModel())
    },
    ForecasterKind(
      name: "mean", summary: "the mean of the last WINDOW values",
      options: [ModelOption("window", .integer(1...1000), default: .int(28), help: "values averaged")]
    ) { o, _, _ in PerSeriesForecaster(MovingAverageModel(window: o.int("window"))) },
    ForecasterKind(name: "ses", summary: "simple exponential smoothing, alpha fitted") { _, _, _ in
      PerSeriesForecaster(SimpleExponentialSmoothingModel())
    },
    ForecasterKind(
      name: "ets", summary: "exponential smoothing with fitted parameters, the best of level, trend and season by AICc (additive errors)",
      options: [
        ModelOption(
          "form", .choice(["auto", "damped", "ann", "aan", "ana", "aaa", "aadn", "aada", "mada"]), default: .word("auto"),
          help: "auto chooses among ANN, AAN, ANA, AAA by AICc; damped adds the damped-trend AAdN and AAdA; a form name fixes it (MAdA: multiplicative errors)")
      ]
    ) { o, _, _ in PerSeriesForecaster(etsModel(o.word("form"))) },
    ForecasterKind(name: "croston", summary: "Croston's method for intermittent demand: sizes and intervals smoothed apart") { _, _, _ in
      PerSeriesForecaster(CrostonModel())
    },
    ForecasterKind(name: "adida", summary: "ADIDA: aggregate to the mean interval between sales, smooth, spread back (intermittent demand)") { _, _, _ in
      PerSeriesForecaster(ADIDAModel())
    },
    ForecasterKind(
      name: "lstm",
      summary: "the design's LSTM over a window of past steps and features (lags, rolling means, the season position, trend, exogenous columns, holidays), trained across all series; last hidden state → linear layer",
      options: lstmOptions
    ) { o, seed, onEpoch in LSTMForecaster(config: lstmConfig(o, seed: seed), onEpoch: onEpoch) },
  ]

  public static func named(_ name: String) -> ForecasterKind? { all.first { $0.name == name } }

  /// The ETS model for a `form` option: an automatic choice or one form by name.
  static func etsModel(_ form: String) -> ExponentialSmoothingModel {
    typealias C = ExponentialSmoothingModel.Components
    switch form {
    case "", "auto": return ExponentialSmoothingModel()
    case "damped": return ExponentialSmoothingModel(candidates: C.withDamped)
    default:
      let fixed = C.named.first { $0.key.lowercased() == form }?.value
      return ExponentialSmoothingModel(components: fixed)
    }
  }

  /// The baselines `backtest` prints beside every forecaster.
  public static let baselines = ["snaive", "ets", "adida"]

  public static func lstmConfig(_ o: ModelOptionValues, seed: UInt64) -> LSTMForecastConfig {
    var c = LSTMForecastConfig()
    c.window = o.int("window")
    c.hidden = o.int("hidden")
    c.horizon = o.int("horizon")
    switch o.word("loss") {
    case "poisson": c.loss = .poisson
    case "mse": c.loss = .mse
    case "pinball": c.loss = .pinball(quantiles: [0.1, 0.5, 0.9])
    default: c.loss = .tweedie(power: 1.1)
    }
    c.epochs = o.int("epochs")
    c.learningRate = o.real("lr")
    c.dropout = o.real("dropout")
    c.ensemble = o.int("ensemble")
    // Specs stored before these options existed have none of them: keep the defaults.
    if o.values["lags"] != nil { c.lags = o.integers("lags") }
    if o.values["rolling"] != nil { c.rollingMeans = o.integers("rolling") }
    switch o.word("calendar") {
    case "onehot": c.calendar = .oneHot
    case "none": c.calendar = .none
    default: c.calendar = .cyclic
    }
    c.trend = o.word("trend") == "yes"
    switch o.word("yearly") {
    case "yes", "cyclic": c.month = .cyclic
    case "onehot": c.month = .oneHot
    default: c.month = Optional.none
    }
    switch o.word("target") {
    case "additive": c.targetCalendar = .additive
    case "none": c.targetCalendar = LSTMForecastConfig.TargetCalendar.none
    default: break  // interacting, the default (also for specs stored before the option)
    }
    // Exogenous columns in the language are known ahead (their values over the horizon are
    // required at forecast time), so the window reads them `horizon` steps ahead too.
    c.futureExogenous = true
    c.seed = seed
    return c
  }
}
