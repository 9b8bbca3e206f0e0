import Foundation
import ShopCore
import ShopFrames
import ShopModels

extension ModelTrainer {
  /// Trains a forecaster on the whole history of a table (the backtest refits at each origin
  /// on its own): the table becomes a regular panel, and learned kinds print one line per
  /// epoch with the validation error on the last window of the history.
  static func trainForecaster(_ state: ModelState, _ request: Request, inv: Invocation) throws
    -> TrainingSummary
  {
    let spec = state.spec
    guard let kind = ForecasterKinds.named(spec.arch) else {
      throw ModelError.unreadable(model: state.name, reason: "unknown forecaster kind '\(spec.arch)'")
    }
    let data = try ForecastData(
      frame: request.frame, spec: spec, model: state.name,
      minimumLength: ForecastData.minimumLength(spec), at: inv.range)
    for line in data.describe(spec) { inv.say("train \(state.name): " + line) }
    guard !data.panel.series.isEmpty else {
      throw ModelError.noRows("no series long enough to train '\(state.name)' on", at: inv.range)
    }
    let log = EpochLog(say: inv.say, epochs: spec.options?.int("epochs") ?? 1)
    let options = spec.options ?? ModelOptionValues(declared: kind.options, given: [:])
    let forecaster = kind.make(options, request.options.seed) { log.add($0) }
    let fitted = try forecaster.fit(data.panel)
    state.forecast = FittedForecast(model: fitted, panel: data.panel, starts: data.starts, bucket: data.bucket)
    state.recommender = nil
    state.behavior = nil
    state.classifier = nil
    let summary = log.summary
    if summary.reports.isEmpty {
      inv.say("fitted \(kind.name) to each of \(data.panel.series.count) series")
    } else if let best = summary.bestEpoch {
      inv.say("trained \(summary.reports.count) epochs; kept epoch \(best)")
    }
    record(state, request, summary: summary, samples: data.panel.series.reduce(0) { $0 + $1.values.count })
    return summary
  }
}

/// Prints the LSTM's epochs as the other models' training does, and keeps them as the curve.
/// Training runs on the command's own thread, so the lock only satisfies `Sendable`.
final class EpochLog: @unchecked Sendable {
  private let say: (String) -> Void
  private let epochs: Int
  private let lock = NSLock()
  private var reports: [EpochReport] = []
  private var best = Double.infinity

  init(say: @escaping (String) -> Void, epochs: Int) {
    self.say = say
    self.epochs = epochs
  }

  func add(_ r: LSTMEpochReport) {
    lock.lock()
    defer { lock.unlock() }
    var validation: [String: Double] = [:]
    if let mse = r.validationMSE { validation["mse"] = mse }
    let isBest = r.member == 0 && (r.validationMSE ?? r.trainLoss) < best
    if isBest { best = r.validationMSE ?? r.trainLoss }
    let member = r.member > 0 ? "model \(r.member + 1) " : ""
    var line = "\(member)epoch \(r.epoch)/\(epochs)  loss \(NumberFormat.fixed(r.trainLoss, 4))"
    if let mse = r.validationMSE { line += "  val mse \(NumberFormat.fixed(mse, 4))" }
    if isBest { line += "  best" }
    say(line)
    if r.member == 0 {
      reports.append(
        EpochReport(
          epoch: r.epoch, trainLoss: r.trainLoss, validation: validation,
          samplesPerSecond: Double(r.samples) / max(r.seconds, 1e-9), elapsed: 0, isBest: isBest))
    }
  }

  var summary: TrainingSummary {
    lock.lock()
    defer { lock.unlock() }
    let bestEpoch = reports.min { ($0.validation["mse"] ?? $0.trainLoss) < ($1.validation["mse"] ?? $1.trainLoss) }?.epoch
    return TrainingSummary(reports: reports, bestEpoch: bestEpoch, stoppedEarly: false, interrupted: false)
  }
}
