import Foundation

/// The LSTM forecaster's samples: every (series, origin) pair, split in time into training
/// and validation, and the batch assembly into the kernel's time-major layout.
struct LSTMTrainingData {
  struct Sample: Hashable {
    var series: Int
    var origin: Int
  }

  let window: Int, horizon: Int, width: Int
  /// Whether samples carry an anchor offset, and per series the offset at every origin
  /// (`offset(_:origin:config:)`, precomputed: an SES level runs over the whole prefix).
  let anchored: Bool
  var anchorOffsets: [[Float]] = []
  /// Target features per forecast step (F, 0 = none; `ForecastFeatures.targetWidth`).
  let targetWidth: Int
  let loss: ForecastLoss
  /// How MSLE's mean correction is estimated (`LSTMForecastConfig.logCorrection`).
  let correction: LSTMForecastConfig.LogCorrection
  /// Per series: input rows `[n × width]` and scaled targets `[n]`.
  var rows: [[Float]]
  /// Per series, the scale its rows and targets are divided by.
  var scales: [Double] = []
  var targets: [[Float]]
  /// Per series: each step's target features `[n × F]` (empty without them).
  var targetRows: [[Float]] = []
  var train: [Sample] = []
  var validation: [Sample] = []
  /// Per series, its length (the end sample ages count from).
  var lengths: [Int] = []
  /// `recencyHalfLife` (0 = every sample weighs 1), and the factor that makes the training
  /// samples' weights average 1.
  let halfLife: Int
  var weightNorm = 1.0
  /// Per series, its metric weight (`metricWeights`; empty when off).
  var seriesWeights: [Double] = []

  /// Origins run from `window + warmup` (every lag inside the history; `window` if that
  /// leaves none) to `n − horizon`. Those whose targets reach into the last
  /// `validationSteps` steps are validation samples, the rest (every `sampleStride`-th)
  /// training samples; origins whose targets touch a step `trainingExclusions()` leaves out
  /// (found in this panel, the training part of a backtest fold) are left out.
  init(config: LSTMForecastConfig, features: ForecastFeatures, panel: ForecastPanel) {
    window = config.window
    anchored = config.anchored
    horizon = config.horizon
    width = features.width
    targetWidth = features.targetWidth
    halfLife = config.recencyHalfLife ?? 0
    loss = config.loss
    correction = config.logCorrection ?? .pooled
    rows = []
    targets = []
    let exclusions = panel.trainingExclusions()
    for (i, s) in panel.series.enumerated() {
      // The scale, like the targets, leaves out the excluded steps (a stock-out's zeros).
      let scale = features.scale(of: s.values(removing: exclusions[i], period: 1))
      scales.append(scale)
      rows.append(features.rows(s, scale: scale))
      targets.append(features.clipped(s.values, scale: scale).map { Float($0 / scale) })
      if anchored { anchorOffsets.append(Self.offsets(targets[targets.count - 1], config: config)) }
      targetRows.append(targetWidth > 0 ? features.targetRows(s, from: 0, count: s.values.count) : [])
      let n = s.values.count
      lengths.append(n)
      if config.metricWeights == true {
        let naive = ForecastMetrics.naiveSquaredScale(s.values, period: 1, fromFirstNonZero: true)
        seriesWeights.append(naive > 0 ? scale * scale / naive : 0)
      }
      var first = config.window + config.warmup
      if first > n - config.horizon { first = config.window }
      guard first <= n - config.horizon else { continue }
      let trainEnd = n - config.validationSteps
      for o in first...(n - config.horizon) {
        // A sample whose targets touch an excluded step (a stock-out) would teach zeros that
        // were not demand.
        if exclusions[i].contains(where: { $0.overlaps(o..<(o + config.horizon)) }) { continue }
        if o + config.horizon <= trainEnd {
          if (o - first) % config.sampleStride == 0 { train.append(Sample(series: i, origin: o)) }
        } else {
          validation.append(Sample(series: i, origin: o))
        }
      }
    }
    if weighted && !train.isEmpty {
      let total = train.reduce(0) { $0 + rawWeight($1) }
      weightNorm = total > 0 ? Double(train.count) / total : 1
    }
  }

  /// The weight of each sample (nil without `recencyHalfLife` and `metricWeights`): the
  /// recency weight `0.5^(age/halfLife)`, age the steps from its last target to the end of its
  /// series, times its series' metric weight, over the training mean.
  func weights(_ samples: [Sample]) -> [Float]? {
    guard weighted else { return nil }
    return samples.map { Float(rawWeight($0) * weightNorm) }
  }

  /// Whether samples carry weights (recency, metric, or both multiplied).
  private var weighted: Bool { halfLife > 0 || !seriesWeights.isEmpty }

  private func rawWeight(_ s: Sample) -> Double {
    let recency = halfLife > 0 ? pow(0.5, Double(lengths[s.series] - (s.origin + horizon)) / Double(halfLife)) : 1
    return recency * (seriesWeights.isEmpty ? 1 : seriesWeights[s.series])
  }

  /// Inputs `[W·B × I]` (time-major), targets `[B × horizon]`, anchor offsets and target
  /// features `[B × horizon × F]` for `samples`.
  func batch(_ samples: [Sample]) -> (input: [Float], targets: [Float], offsets: [Float]?, targetFeatures: [Float]?) {
    let B = samples.count
    var input = [Float](repeating: 0, count: window * B * width)
    var y = [Float](repeating: 0, count: B * horizon)
    input.withUnsafeMutableBufferPointer { x in
      for (b, s) in samples.enumerated() {
        rows[s.series].withUnsafeBufferPointer { r in
          for t in 0..<window {
            let src = (s.origin - window + t) * width, dst = (t * B + b) * width
            for k in 0..<width { x[dst + k] = r[src + k] }
          }
        }
        for j in 0..<horizon { y[b * horizon + j] = targets[s.series][s.origin + j] }
      }
    }
    let offsets = anchored ? samples.map { anchorOffsets[$0.series][$0.origin] } : nil
    var z: [Float]? = nil
    if targetWidth > 0 {
      let F = targetWidth
      var out = [Float](); out.reserveCapacity(B * horizon * F)
      for s in samples { out += targetRows[s.series][(s.origin * F)..<((s.origin + horizon) * F)] }
      z = out
    }
    return (input, y, offsets, z)
  }

  /// The anchor of a forecast from `origin`, as the output's offset (its log, floored at
  /// 0.05, under a log link), so an untrained head forecasts it and the network learns the
  /// departures: with `anchorSmoothing` the level simple exponential smoothing reaches over
  /// the scaled targets before `origin` (started at the first), else the mean of the last
  /// `anchor` of them.
  static func offset(_ y: [Float], origin: Int, config: LSTMForecastConfig) -> Float {
    let level: Float
    if let alpha = config.anchorSmoothing {
      level = smoothedLevels(y, alpha: Float(alpha), through: origin).last ?? 1
    } else {
      let from = max(0, origin - config.anchor)
      var sum: Float = 0
      for t in from..<origin { sum += y[t] }
      level = origin > from ? sum / Float(origin - from) : 1
    }
    return config.loss.logLink ? logf(max(level, 0.05)) : level
  }

  /// `offset(y, origin: o, config:)` for every origin o in 0...y.count, in one pass.
  static func offsets(_ y: [Float], config: LSTMForecastConfig) -> [Float] {
    guard let alpha = config.anchorSmoothing else {
      return (0...y.count).map { offset(y, origin: $0, config: config) }
    }
    let levels = smoothedLevels(y, alpha: Float(alpha), through: y.count)
    return levels.map { config.loss.logLink ? logf(max($0, 0.05)) : $0 }
  }

  /// SES levels: element o is the level after the first o values (element 0, before any,
  /// is 1, the scaled series' mean order; the first value then starts the level).
  static func smoothedLevels(_ y: [Float], alpha: Float, through end: Int) -> [Float] {
    var levels: [Float] = [1]
    levels.reserveCapacity(end + 1)
    var level: Float = 1
    for t in 0..<end {
      level = t == 0 ? y[0] : level + alpha * (y[t] - level)
      levels.append(level)
    }
    return levels
  }

  /// Squared errors of the point forecast on the validation samples, summed per forecast step
  /// (scaled units), and under MSLE the log-scale residual variances those forecasts were
  /// corrected with, measured on these samples (`LogVariances`; zeros for other losses).
  func validationErrors(_ net: inout LSTMForecastNetwork) -> (squares: [Double], logVariances: LogVariances) {
    var squares = [Double](repeating: 0, count: horizon)
    let (eta, y) = pointOutputs(&net, validation)
    let v = logVariances(eta: eta, y: y, samples: validation)
    for k in eta.indices {
      let e = Double(y[k]) - loss.prediction(eta[k], logVariance: v.correction(validation[k / horizon].series))
      squares[k % horizon] += e * e
    }
    return (squares, v)
  }

  /// MSLE's log-scale residual variances: the mean squared `η − log(1 + y)` over every
  /// (sample, step), and per series over its own (the pooled value for a series without
  /// samples); `perSeries` is empty unless the correction is per series. With `.smearing`,
  /// a series' value is `2·log(mean e^r)` over its residuals r = log(1 + y) − η (Duan's
  /// smearing estimate, written as the variance that gives the same factor `e^(v/2)`).
  struct LogVariances {
    var pooled = 0.0
    var perSeries: [Double] = []

    /// The variance that corrects series `i`'s forecasts.
    func correction(_ i: Int) -> Double { perSeries.isEmpty ? pooled : perSeries[i] }
  }

  /// `LogVariances` of `samples` under MSLE; zeros for other losses.
  func logVariances(_ net: inout LSTMForecastNetwork, _ samples: [Sample]) -> LogVariances {
    guard loss.logTargets else { return LogVariances() }
    let (eta, y) = pointOutputs(&net, samples)
    return logVariances(eta: eta, y: y, samples: samples)
  }

  private func logVariances(eta: [Float], y: [Float], samples: [Sample]) -> LogVariances {
    guard loss.logTargets, !eta.isEmpty else { return LogVariances() }
    var sum = 0.0
    var sums = [Double](repeating: 0, count: rows.count), counts = [Int](repeating: 0, count: rows.count)
    var exps = [Double](repeating: 0, count: rows.count)
    for k in eta.indices {
      let d = Double(eta[k]) - Double(log1pf(max(y[k], 0)))
      sum += d * d
      sums[samples[k / horizon].series] += d * d
      exps[samples[k / horizon].series] += exp(-d)
      counts[samples[k / horizon].series] += 1
    }
    var v = LogVariances(pooled: sum / Double(eta.count))
    switch correction {
    case .pooled: break
    case .perSeries:
      v.perSeries = sums.indices.map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : v.pooled }
    case .smearing:
      v.perSeries = exps.indices.map { counts[$0] > 0 ? 2 * log(exps[$0] / Double(counts[$0])) : v.pooled }
    }
    return v
  }

  /// The point slot's raw output and the scaled target of every (sample, step), sample-major.
  private func pointOutputs(_ net: inout LSTMForecastNetwork, _ samples: [Sample]) -> (eta: [Float], y: [Float]) {
    let perStep = loss.outputsPerStep, slot = loss.pointSlot
    var eta: [Float] = [], targets: [Float] = []
    eta.reserveCapacity(samples.count * horizon)
    targets.reserveCapacity(samples.count * horizon)
    for start in stride(from: 0, to: samples.count, by: 256) {
      let chunk = Array(samples[start..<min(samples.count, start + 256)])
      let (input, y, offsets, z) = batch(chunk)
      let out = net.predict(input: input, steps: window, batch: chunk.count, offsets: offsets, targetFeatures: z)
      for k in 0..<(chunk.count * horizon) { eta.append(out[k * perStep + slot]) }
      targets += y
    }
    return (eta, targets)
  }
}
