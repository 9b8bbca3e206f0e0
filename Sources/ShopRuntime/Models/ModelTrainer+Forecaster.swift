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
    let holidays = try ForecastData.holidayDays(state.spec, model: state.name, session: inv.session, at: inv.range)
    // Kept in the spec, so `forecast` flags future steps even without the calendar table.
    state.spec.holidayDays = holidays.map { $0.sorted() }
    let spec = state.spec
    guard let kind = ForecasterKinds.named(spec.arch) else {
      throw ModelError.unreadable(model: state.name, reason: "unknown forecaster kind '\(spec.arch)'")
    }
    let data = try ForecastData(
      frame: request.frame, spec: spec, model: state.name,
      minimumLength: ForecastData.minimumLength(spec), holidays: holidays, at: inv.range)
    for line in data.describe(spec) { inv.say("train \(state.name): " + line) }
    guard !data.panel.series.isEmpty else {
      throw ModelError.noRows("no series long enough to train '\(state.name)' on", at: inv.range)
    }
    let log = EpochLog(say: inv.say, epochs: spec.options?.int("epochs") ?? 1)
    let options = spec.options ?? ModelOptionValues(declared: kind.options, given: [:])
    let forecaster = kind.make(options, request.options.seed) { log.add($0) }
    let fitted = try forecaster.fit(data.panel)
    state.install(forecast: FittedForecast(
        model: fitted, panel: data.panel, starts: data.starts, bucket: data.bucket, stamp: data.stamp))
    // Learned kinds say how the shared fit loop ended, as every model does; the baselines
    // have no epochs.
    var summary = TrainingSummary(reports: [], bestEpoch: nil, stoppedEarly: false, interrupted: false)
    if let lstm = fitted as? LSTMForecastModel, let training = lstm.training {
      summary = training
      let validated = training.reports.first?.validation["mse"] != nil
      inv.say(ending(training, metric: validated ? "mse" : nil, patience: lstm.config.patience))
      if let note = UnsteadyTraining.note(training, learningRate: lstm.config.learningRate) { inv.say(note) }
    } else {
      inv.say("fitted \(kind.name) to each of \(data.panel.series.count) series")
    }
    record(state, request, summary: summary, samples: data.panel.series.reduce(0) { $0 + $1.values.count })
    return summary
  }
}

/// Prints the LSTM's epochs as the other models' training does (the shared `FitLoop` marks
/// the best). Training runs on the command's own thread, so the lock only satisfies `Sendable`.
final class EpochLog: @unchecked Sendable {
  private let say: (String) -> Void
  private let epochs: Int
  private let lock = NSLock()

  init(say: @escaping (String) -> Void, epochs: Int) {
    self.say = say
    self.epochs = epochs
  }

  func add(_ r: LSTMEpochReport) {
    lock.lock()
    defer { lock.unlock() }
    let member = r.member > 0 ? "model \(r.member + 1) " : ""
    var line = "\(member)epoch \(r.epoch)/\(epochs)  loss \(NumberFormat.fixed(r.trainLoss, 4))"
    if let mse = r.validationMSE { line += "  val mse \(NumberFormat.fixed(mse, 4))" }
    if r.isBest { line += "  best" }
    say(line)
  }
}
