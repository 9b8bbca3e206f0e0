import Foundation
import ShopTensor

/// A trained LSTM forecaster: weights of every ensemble member, the feature recipe and series
/// scales, and the history it forecasts from.
public struct LSTMForecastModel: FittedForecaster {
  public var config: LSTMForecastConfig
  public var features: ForecastFeatures
  /// Each training series' scale, by key; series not seen in training use their own history.
  public var scales: [String: Double]
  /// Network parameters per ensemble member (see `LSTMForecastNetwork.parameters`).
  public var members: [[Tensor]]
  /// Root mean squared validation error per forecast step, in scaled units (empty without a
  /// validation window); the basis of the residual intervals.
  public var residualStd: [Double]
  /// Under the MSLE loss, the variance of the log-scale residuals (`ForecastLoss.msle`) that
  /// turns each output into a mean forecast; 0 otherwise.
  public var logVariance: Double = 0
  /// With `logCorrection` per series or smearing, each training series' own correction, as
  /// the variance v whose factor `e^(v/2)` it applies, by key (series not seen in training use
  /// `logVariance`); empty otherwise.
  public var seriesLogVariances: [String: Double] = [:]
  /// The panel the model was trained on, which `forecast(horizon:levels:)` continues.
  public var history: ForecastPanel
  /// How the first member's training ended (its curve, the epoch kept, whether Ctrl-C or
  /// early stopping ended it); nil for a model restored from a checkpoint.
  public var training: TrainingSummary? = nil

  public func forecast(horizon: Int, levels: [Double]) throws -> [SeriesForecast] {
    try forecast(history, horizon: horizon, levels: levels)
  }

  /// Forecasts the `horizon` steps after each series of `panel` (same exogenous columns).
  ///
  /// Intervals: with pinball quantiles that include a level's bounds, those quantile outputs;
  /// otherwise normal intervals from the validation residual spread, `± z·residualStd[k]·s`.
  /// - Throws: `TrainingError.invalidOption` for a horizon beyond the trained one or, with
  ///   `futureExogenous`, an exogenous column that does not cover the horizon, and
  ///   `TrainingError.noTrainingData` for a series shorter than the input window.
  public func forecast(_ panel: ForecastPanel, horizon: Int, levels: [Double]) throws -> [SeriesForecast] {
    guard horizon >= 1 && horizon <= config.horizon else {
      throw TrainingError.invalidOption(name: "horizon", value: "\(horizon)", expected: "1...\(config.horizon) (the trained horizon)")
    }
    let W = config.window, I = features.width, B = panel.series.count
    guard B > 0, panel.series.allSatisfy({ $0.values.count >= W }) else { throw TrainingError.noTrainingData }
    if features.leadsExogenous || features.targetExogenous > 0 {
      // The window (or the head's target features) reads the columns over the horizon:
      // without them the inputs would repeat the last known value, a forecast of a world
      // without the planned prices or events.
      for s in panel.series {
        for (j, column) in s.exogenous.enumerated() where column.count < s.values.count + horizon {
          throw TrainingError.invalidOption(
            name: panel.exogenousNames[j], value: "\(column.count - s.values.count) future steps of series \(s.key)",
            expected: "its values over the \(horizon) forecast steps")
        }
      }
    }
    let seriesScales = panel.series.map { scales[$0.key] ?? features.scale(of: $0.values) }
    let corrections = panel.series.map { seriesLogVariances[$0.key] ?? logVariance }
    var input = [Float](repeating: 0, count: W * B * I)
    var offsets: [Float]? = config.anchored ? [] : nil
    // Each forecast step's own target features, over the whole trained horizon (steps past
    // the asked horizon are computed and dropped).
    let F = features.targetWidth
    var targetFeatures: [Float]? = F > 0 ? [] : nil
    for (b, s) in panel.series.enumerated() {
      if config.anchored {
        let scaled = features.clipped(s.values, scale: seriesScales[b]).map { Float($0 / seriesScales[b]) }
        offsets?.append(LSTMTrainingData.offset(scaled, origin: scaled.count, config: config))
      }
      let rows = features.rows(s, scale: seriesScales[b])
      let n = s.values.count
      if F > 0 { targetFeatures? += features.targetRows(s, from: n, count: config.horizon) }
      for t in 0..<W {
        for k in 0..<I { input[(t * B + b) * I + k] = rows[(n - W + t) * I + k] }
      }
    }
    let perStep = config.loss.outputsPerStep, quantiles = config.loss.quantiles
    // Mean over members of each output, in scaled units after the link.
    var outputs = [Double](repeating: 0, count: B * config.horizon * perStep)
    for (k, parameters) in members.enumerated() {
      var net = LSTMForecastNetwork(
        inputSize: I, hidden: config.hidden, outputs: config.horizon * perStep, outputsPerStep: perStep,
        targetWidth: F, interacting: config.targetHead == .interacting, headHidden: config.headHidden ?? 0,
        logLink: config.loss.logLink, seed: config.seed &+ UInt64(k))
      net.parameters = parameters
      let out = net.predict(input: input, steps: W, batch: B, offsets: offsets, targetFeatures: targetFeatures)
      let perSample = config.horizon * perStep
      for i in outputs.indices {
        outputs[i] += config.loss.prediction(out[i], logVariance: corrections[i / perSample]) / Double(members.count)
      }
    }
    return panel.series.enumerated().map { b, s in
      let scale = seriesScales[b]
      func slot(_ q: Int) -> [Double] {
        (0..<horizon).map { outputs[(b * config.horizon + $0) * perStep + q] * scale }
      }
      let mean = slot(config.loss.pointSlot)
      var intervals: [PredictionInterval] = []
      for level in levels {
        let lo = (1 - level / 100) / 2, hi = 1 - lo
        if let l = quantiles.firstIndex(where: { abs($0 - lo) < 1e-9 }),
          let u = quantiles.firstIndex(where: { abs($0 - hi) < 1e-9 })
        {
          intervals.append(PredictionInterval(level: level, lower: slot(l), upper: slot(u)))
        } else if !residualStd.isEmpty {
          intervals.append(
            .normal(level: level, mean: mean, standardDeviations: residualStd.prefix(horizon).map { $0 * scale }))
        }
      }
      return SeriesForecast(key: s.key, mean: mean, intervals: intervals)
    }
  }
}
