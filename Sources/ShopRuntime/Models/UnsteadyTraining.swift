import ShopCore
import ShopModels

/// A training run that did not diverge (its loss stayed finite) but climbed well above
/// where it started: the usual sign of a learning rate too high for the data. Early stopping
/// then quietly keeps an early epoch, so without this note a user sees only a weak model.
enum UnsteadyTraining {
  /// How far above the first epoch's mean training loss a later epoch must climb.
  static let riseFactor = 1.5

  /// "the training loss rose from … to …: the learning rate … may be too high …", or nil.
  /// Losses that can be negative (a likelihood without its constants) are not compared.
  static func note(_ summary: TrainingSummary, learningRate: Double) -> String? {
    let reports = summary.reports
    guard reports.count >= 3, let first = reports.first, first.trainLoss > 0, first.trainLoss.isFinite,
      let peak = reports.dropFirst().max(by: { $0.trainLoss < $1.trainLoss }),
      peak.trainLoss > riseFactor * first.trainLoss
    else { return nil }
    return "note: the training loss rose from \(NumberFormat.fixed(first.trainLoss, 4)) (epoch 1) to "
      + "\(NumberFormat.fixed(peak.trainLoss, 4)) (epoch \(peak.epoch)): the learning rate (lr "
      + "\(NumberFormat.typed(learningRate))) may be too high for this data; a smaller one "
      + "(lr \(NumberFormat.typed(learningRate / 10))) usually trains steadier"
  }
}
