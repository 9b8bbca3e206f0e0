import Foundation
import ShopCore

/// Turns a series into the LSTM's per-step input rows, and remembers how (for checkpoints).
///
/// Row t holds, in order (the first four as `±log(1 + |v|)` with `logInputs`): the scaled
/// target `y_t/s`; each lag `y₍t−L₎/s` (0 before the start); each trailing mean of the last r
/// targets over s (over fewer at the start); each exponentially weighted mean (`smoothedMeans`)
/// over s; the season position (sin/cos of `2π·pos/m`, or
/// one-hot of m); optionally `t / trendLength`; optionally the month of the year (sin/cos of
/// `2π·(month − 1)/12`, or one-hot of 12); the exogenous columns standardised with the
/// training panel's mean and standard deviation; with `futureExogenous`, the same columns
/// again at step `t + horizon` (their last known value past the end of a column). With
/// `seriesIdentity`, the series one-hot among the training panel's. With
/// `targetCalendar`, `targetRows` gives each forecast step's own target features for the head.
/// `s` is the series scale, its training mean |y| (without the steps training leaves out) plus
/// an epsilon, so every series enters the shared network on a comparable scale.
public struct ForecastFeatures: Sendable, Equatable, Codable {
  public var config: LSTMForecastConfig
  public var period: Int
  public var exogenousMean: [Double]
  public var exogenousStd: [Double]
  public var trendLength: Double
  /// The panel's days per step (see `ForecastPanel.stepDays`), for the month of the year.
  public var stepDays: Int?
  /// The training panel's series keys, in order, for `seriesIdentity` (nil without it).
  public var seriesKeys: [String]?

  /// Learns the exogenous standardisation from `panel`'s training steps.
  public init(config: LSTMForecastConfig, panel: ForecastPanel) {
    self.config = config
    period = panel.period
    let k = config.useExogenous || config.targetExogenous == true ? panel.exogenousNames.count : 0
    var mean = [Double](repeating: 0, count: k), sq = mean
    var count = 0.0
    for s in panel.series {
      for t in 0..<s.values.count {
        for j in 0..<k {
          mean[j] += s.exogenous[j][t]
          sq[j] += s.exogenous[j][t] * s.exogenous[j][t]
        }
      }
      count += Double(s.values.count)
    }
    exogenousMean = mean.map { $0 / max(count, 1) }
    exogenousStd = zip(sq, exogenousMean).map { s, m in
      let v = s / max(count, 1) - m * m
      return v > 1e-12 ? v.squareRoot() : 1
    }
    trendLength = Double(panel.series.map(\.values.count).max() ?? 1)
    stepDays = panel.stepDays
    seriesKeys = config.seriesIdentity == true ? panel.series.map(\.key) : nil
  }

  /// Inputs for the month of the year on a panel of days or weeks: sin and cos, or 12 one-hot.
  var yearWidth: Int {
    guard stepDays != nil else { return 0 }
    switch config.monthCalendar {
    case .none: return 0
    case .cyclic: return 2
    case .oneHot: return 12
    }
  }

  var calendarWidth: Int {
    guard period > 1 else { return 0 }
    switch config.calendar {
    case .none: return 0
    case .cyclic: return 2
    case .oneHot: return period
    }
  }

  /// Exogenous columns read at each input step (the standardisation also serves the target
  /// features, which may use them when the inputs do not).
  var inputExogenous: Int { config.useExogenous ? exogenousMean.count : 0 }

  /// Exogenous columns `horizon` steps ahead are inputs too.
  var leadsExogenous: Bool { config.futureExogenous == true && inputExogenous > 0 }

  /// Features per step (I).
  public var width: Int {
    1 + config.lags.count + config.rollingMeans.count + (config.smoothedMeans?.count ?? 0) + calendarWidth + (config.trend ? 1 : 0) + yearWidth
      + inputExogenous * (leadsExogenous ? 2 : 1) + (seriesKeys?.count ?? 0)
  }

  /// Target features: one-hot of the season position (period > 1).
  var targetSeasonWidth: Int { config.targetHead != .none && period > 1 ? period : 0 }
  /// Target features: one-hot of the month (days or weeks with a known `stepDays`).
  var targetMonthWidth: Int { config.targetHead != .none && config.targetMonth == true && stepDays != nil ? 12 : 0 }
  /// Target features: the exogenous columns at the target step.
  var targetExogenous: Int { config.targetHead != .none && config.targetExogenous == true ? exogenousMean.count : 0 }

  /// Features of each forecast step's own target step (F; 0 without `targetCalendar`).
  public var targetWidth: Int { targetSeasonWidth + targetMonthWidth + targetExogenous }

  /// The month of the year (1…12) of step `t` of a series starting at `start`, on a panel of
  /// `days` days per step.
  private func monthOfYear(start: Int, step t: Int, days: Int) -> Int {
    // Day 4 since 1970-01-01 is Monday 1970-01-05, where step indices start.
    CivilTime.date(fromDays: 4 + (start + t) * days).month
  }

  /// Target features of steps `from ..< from + count`, flattened `[count × targetWidth]`: the
  /// season position and month one-hot, then the exogenous columns standardised (0, their
  /// mean, past the end of a column: forecasting checks the steps it reports are covered).
  public func targetRows(_ series: ForecastSeries, from: Int, count: Int) -> [Float] {
    let w = targetWidth
    var out = [Float](repeating: 0, count: count * w)
    guard w > 0 else { return out }
    for i in 0..<count {
      let t = from + i
      var k = i * w
      if targetSeasonWidth > 0 {
        out[k + ((series.start + t) % period + period) % period] = 1
        k += targetSeasonWidth
      }
      if targetMonthWidth > 0, let days = stepDays {
        out[k + monthOfYear(start: series.start, step: t, days: days) - 1] = 1
        k += targetMonthWidth
      }
      for j in 0..<targetExogenous {
        let column = series.exogenous[j]
        if t < column.count { out[k] = Float((column[t] - exogenousMean[j]) / exogenousStd[j]) }
        k += 1
      }
    }
    return out
  }

  /// The series' scale: mean |y| of its history (from its first sale, or over its last
  /// `scaleSteps` steps, as `config.scaling` says) plus `scaleEpsilon`.
  public func scale(of values: [Double]) -> Double {
    var part = values[...]
    switch config.scaling ?? .whole {
    case .whole: break
    case .fromFirstSale: part = values[(values.firstIndex { $0 != 0 } ?? 0)...]
    case .recent: part = values.suffix(config.scaleSteps ?? 28)
    }
    return (part.isEmpty ? 0 : part.reduce(0) { $0 + abs($1) } / Double(part.count)) + config.scaleEpsilon
  }

  /// The values with each capped at `outlierClip × scale` (unchanged when the clip is 0), so
  /// one bulk order does not dominate the inputs and targets of a series.
  public func clipped(_ values: [Double], scale s: Double) -> [Double] {
    guard config.outlierClip > 0 else { return values }
    let cap = config.outlierClip * s
    return values.map { min($0, cap) }
  }

  /// Rows for steps `0..<series.values.count`, flattened `[n × width]`.
  public func rows(_ series: ForecastSeries, scale s: Double) -> [Float] {
    let y = clipped(series.values, scale: s), n = y.count, w = width
    let identity = seriesKeys?.firstIndex(of: series.key)
    var out = [Float](repeating: 0, count: n * w)
    var prefix = [Double](repeating: 0, count: n + 1)
    for t in 0..<n { prefix[t + 1] = prefix[t] + y[t] }
    // Values of the target (scaled), or their log(1 + |v|) with v's sign with `logInputs`.
    let logged = config.logInputs == true
    func value(_ v: Double) -> Float { Float(logged ? (v < 0 ? -log1p(-v) : log1p(v)) : v) }
    let alphas = config.smoothedMeans ?? []
    // Each smoothed mean starts at the first value and follows m ← m + α(y − m).
    var smoothed = alphas.map { _ in n > 0 ? y[0] : 0 }
    for t in 0..<n {
      var k = t * w
      out[k] = value(y[t] / s); k += 1
      for lag in config.lags {
        out[k] = t >= lag ? value(y[t - lag] / s) : 0; k += 1
      }
      for r in config.rollingMeans {
        let from = max(0, t + 1 - r)
        out[k] = value((prefix[t + 1] - prefix[from]) / Double(t + 1 - from) / s); k += 1
      }
      for (a, alpha) in alphas.enumerated() {
        smoothed[a] += alpha * (y[t] - smoothed[a])
        out[k] = value(smoothed[a] / s); k += 1
      }
      if calendarWidth > 0 {
        let pos = ((series.start + t) % period + period) % period
        if config.calendar == .cyclic {
          let angle = 2 * Double.pi * Double(pos) / Double(period)
          out[k] = Float(sin(angle))
          out[k + 1] = Float(cos(angle))
        } else {
          out[k + pos] = 1
        }
        k += calendarWidth
      }
      if config.trend {
        out[k] = Float(Double(t) / trendLength); k += 1
      }
      if yearWidth > 0, let days = stepDays {
        let month = monthOfYear(start: series.start, step: t, days: days)
        if config.monthCalendar == .oneHot {
          out[k + month - 1] = 1
        } else {
          let angle = 2 * Double.pi * Double(month - 1) / 12
          out[k] = Float(sin(angle))
          out[k + 1] = Float(cos(angle))
        }
        k += yearWidth
      }
      for j in 0..<inputExogenous {
        out[k] = Float((series.exogenous[j][t] - exogenousMean[j]) / exogenousStd[j]); k += 1
      }
      if leadsExogenous {
        for j in 0..<inputExogenous {
          let column = series.exogenous[j]
          let ahead = column[min(t + config.horizon, column.count - 1)]
          out[k] = Float((ahead - exogenousMean[j]) / exogenousStd[j]); k += 1
        }
      }
      if let keys = seriesKeys {
        if let id = identity { out[k + id] = 1 }
        k += keys.count
      }
    }
    return out
  }
}
