/// The LSTM forecaster's samples: every (series, origin) pair, split in time into training
/// and validation, and the batch assembly into the kernel's time-major layout.
struct LSTMTrainingData {
  struct Sample: Hashable {
    var series: Int
    var origin: Int
  }

  let window: Int, horizon: Int, width: Int
  let loss: ForecastLoss
  /// Per series: input rows `[n × width]` and scaled targets `[n]`.
  var rows: [[Float]]
  var targets: [[Float]]
  var train: [Sample] = []
  var validation: [Sample] = []

  /// Origins run from `window + warmup` (every lag inside the history; `window` if that
  /// leaves none) to `n − horizon`. Those whose targets reach into the last
  /// `validationSteps` steps are validation samples, the rest (every `sampleStride`-th)
  /// training samples.
  init(config: LSTMForecastConfig, features: ForecastFeatures, panel: ForecastPanel) {
    window = config.window
    horizon = config.horizon
    width = features.width
    loss = config.loss
    rows = []
    targets = []
    for (i, s) in panel.series.enumerated() {
      let scale = features.scale(of: s.values)
      rows.append(features.rows(s, scale: scale))
      targets.append(s.values.map { Float($0 / scale) })
      let n = s.values.count
      var first = config.window + config.warmup
      if first > n - config.horizon { first = config.window }
      guard first <= n - config.horizon else { continue }
      let trainEnd = n - config.validationSteps
      for o in first...(n - config.horizon) {
        if o + config.horizon <= trainEnd {
          if (o - first) % config.sampleStride == 0 { train.append(Sample(series: i, origin: o)) }
        } else {
          validation.append(Sample(series: i, origin: o))
        }
      }
    }
  }

  /// Inputs `[W·B × I]` (time-major) and targets `[B × horizon]` for `samples`.
  func batch(_ samples: [Sample]) -> (input: [Float], targets: [Float]) {
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
    return (input, y)
  }

  /// Squared errors of the point forecast on the validation samples, summed per forecast step
  /// (scaled units).
  func validationErrors(_ net: inout LSTMForecastNetwork) -> [Double] {
    var squares = [Double](repeating: 0, count: horizon)
    let perStep = loss.outputsPerStep, slot = loss.pointSlot
    for start in stride(from: 0, to: validation.count, by: 256) {
      let chunk = Array(validation[start..<min(validation.count, start + 256)])
      let (input, y) = batch(chunk)
      let out = net.predict(input: input, steps: window, batch: chunk.count)
      for b in 0..<chunk.count {
        for j in 0..<horizon {
          let e = Double(y[b * horizon + j]) - loss.prediction(out[(b * horizon + j) * perStep + slot])
          squares[j] += e * e
        }
      }
    }
    return squares
  }
}
