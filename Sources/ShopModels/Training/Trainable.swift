import ShopCore
import ShopTensor

/// A model the shared training loop can fit.
///
/// The loop owns the epochs, shuffling, batching, optimiser, early stopping and error
/// handling; the model only builds samples, losses and validation metrics.
public protocol Trainable: AnyObject, ParameterContainer {
  /// Builds the samples for `epoch` (1-based), drawing negatives from `rng` if the model
  /// samples them, and returns how many there are.
  func prepareEpoch(_ epoch: Int, using rng: inout SeededRandom) -> Int
  /// The mean loss over sample indices `batch` in training mode (dropout on).
  func batchLoss(_ batch: ArraySlice<Int>, using rng: inout SeededRandom) -> Variable
  /// Validation metrics by name, or an empty dictionary without validation data.
  func validationMetrics() -> [String: Double]
  /// The metric early stopping watches, and whether higher is better. Falls back to the
  /// training loss (lower is better) when validation does not report it.
  var monitoredMetric: (name: String, higherIsBetter: Bool) { get }
  /// The largest absolute input value, if the model knows it; used to tell "unscaled
  /// features" from "learning rate too high" when training diverges.
  var largestInputMagnitude: Float? { get }
}

extension Trainable {
  public var largestInputMagnitude: Float? { nil }
}
