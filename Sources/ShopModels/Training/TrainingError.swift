import ShopCore

/// Why training could not run or had to stop.
public enum TrainingError: Error, Equatable, Sendable {
  /// The loss became NaN or infinite; `hint` names the likely cause.
  case diverged(epoch: Int, batch: Int, loss: Float, hint: String)
  /// There were no samples to train on.
  case noTrainingData
  /// An option is out of range (`name`, the offending value, the accepted range).
  case invalidOption(name: String, value: String, expected: String)
  /// The model would need more memory than this machine should give it.
  case tooLarge(what: String, bytes: Int, limit: Int, hint: String)
}

extension TrainingError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .diverged(let epoch, let batch, let loss, let hint):
      return .error(
        "training diverged: loss became \(loss) at epoch \(epoch), batch \(batch)",
        notes: ["help: \(hint)", "note: the model keeps the best weights seen before this"])
    case .noTrainingData:
      return .error("no training data", notes: ["help: the training frame has no usable rows"])
    case .invalidOption(let name, let value, let expected):
      return .error("invalid \(name) \(value)", notes: ["help: expected \(expected)"])
    case .tooLarge(let what, let bytes, let limit, let hint):
      return .error(
        "\(what) would need \(Self.gigabytes(bytes)) of memory, more than the \(Self.gigabytes(limit)) allowed",
        notes: ["help: \(hint)"])
    }
  }
}

extension TrainingError {
  static func gigabytes(_ bytes: Int) -> String {
    let g = Double(bytes) / 1_073_741_824
    return g >= 10 ? "\(Int(g.rounded())) GiB" : "\((g * 10).rounded() / 10) GiB"
  }
}

extension TrainingError: CustomStringConvertible {
  public var description: String { diagnostic.description }
}
