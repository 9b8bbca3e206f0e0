/// Counts of a binary classifier's outcomes at one threshold, and the metrics derived from them.
public struct ConfusionMatrix: Sendable, Equatable, Codable {
  public var truePositives = 0
  public var falsePositives = 0
  public var trueNegatives = 0
  public var falseNegatives = 0

  public init(truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) {
    self.truePositives = truePositives
    self.falsePositives = falsePositives
    self.trueNegatives = trueNegatives
    self.falseNegatives = falseNegatives
  }

  /// Classifies `scores` as positive when `score >= threshold` and counts against `labels`.
  /// - Complexity: O(n).
  public init(scores: [Double], labels: [Bool], threshold: Double = 0.5) {
    precondition(scores.count == labels.count, "\(scores.count) scores for \(labels.count) labels")
    for (s, y) in zip(scores, labels) {
      switch (s >= threshold, y) {
      case (true, true): truePositives += 1
      case (true, false): falsePositives += 1
      case (false, false): trueNegatives += 1
      case (false, true): falseNegatives += 1
      }
    }
  }

  public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }

  /// (TP + TN) / all; 0 when empty.
  public var accuracy: Double { ratio(truePositives + trueNegatives, total) }
  /// TP / (TP + FP): of the predicted positives, how many were right; 0 when none predicted.
  public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
  /// TP / (TP + FN): of the actual positives, how many were found; 0 when there are none.
  public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
  /// The harmonic mean of precision and recall, 2TP / (2TP + FP + FN); 0 when undefined
  /// (scikit-learn's `zero_division=0`).
  public var f1: Double {
    ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
  }

  private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
}
