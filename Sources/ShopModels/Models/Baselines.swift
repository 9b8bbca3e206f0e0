import ShopCore

/// The classification baseline: always predict the training base rate (so the majority class
/// at threshold 0.5).
public struct BaseRateBaseline: Codable, Sendable, Equatable {
  /// The share of positive training labels.
  public var rate: Double

  public init(labels: [Bool]) {
    rate = labels.isEmpty ? 0 : Double(labels.lazy.filter { $0 }.count) / Double(labels.count)
  }

  /// The majority class of the training labels.
  public var majorityClass: Bool { rate > 0.5 }

  /// The base rate for each of `count` rows (AUC 0.5 by construction; log-loss is the entropy).
  public func probabilities(count: Int) -> [Double] { [Double](repeating: rate, count: count) }
}
