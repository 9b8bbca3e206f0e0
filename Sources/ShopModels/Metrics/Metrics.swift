import Foundation

/// Evaluation metrics for classifiers and recommenders; see docs/evaluation.md.
public enum Metrics {
  /// Area under the ROC curve, by ranks (the Mann-Whitney U statistic divided by n₊·n₋).
  ///
  /// Tied scores get their average rank, so a tie between a positive and a negative counts
  /// one half, exactly as scikit-learn's `roc_auc_score`. Returns nil when either class is
  /// absent (AUC is undefined).
  /// - Complexity: O(n log n).
  public static func auc(scores: [Double], labels: [Bool]) -> Double? {
    precondition(scores.count == labels.count, "\(scores.count) scores for \(labels.count) labels")
    let positives = labels.lazy.filter { $0 }.count
    let negatives = labels.count - positives
    guard positives > 0, negatives > 0 else { return nil }
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var rankSumPositives = 0.0
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
      let averageRank = Double(i + j + 2) / 2  // ranks are 1-based: (i+1 ... j+1)
      for k in i...j where labels[order[k]] { rankSumPositives += averageRank }
      i = j + 1
    }
    let p = Double(positives)
    return (rankSumPositives - p * (p + 1) / 2) / (p * Double(negatives))
  }

  /// Mean negative log-likelihood of `labels` under `probabilities`, clipped to
  /// [1e-15, 1 - 1e-15] so one confident mistake gives a large but finite loss.
  /// - Complexity: O(n).
  public static func logLoss(probabilities: [Double], labels: [Bool]) -> Double {
    precondition(probabilities.count == labels.count)
    guard !labels.isEmpty else { return 0 }
    var total = 0.0
    for (p, y) in zip(probabilities, labels) {
      let q = min(max(p, 1e-15), 1 - 1e-15)
      total -= y ? log(q) : log(1 - q)
    }
    return total / Double(labels.count)
  }

  /// The threshold in `scores` that maximises F1 (ties: the lowest such threshold), with that F1.
  ///
  /// Choose it on validation data, never on the test set, or F1 is flattered.
  /// - Complexity: O(n log n).
  public static func bestF1Threshold(scores: [Double], labels: [Bool]) -> (threshold: Double, f1: Double) {
    let order = scores.indices.sorted { scores[$0] > scores[$1] }
    let positives = labels.lazy.filter { $0 }.count
    var tp = 0, fp = 0
    var best = (threshold: 1.0, f1: 0.0)
    var i = 0
    while i < order.count {
      let s = scores[order[i]]
      while i < order.count && scores[order[i]] == s {
        if labels[order[i]] { tp += 1 } else { fp += 1 }
        i += 1
      }
      let f1 = Double(2 * tp) / Double(2 * tp + fp + (positives - tp))
      if f1 > best.f1 || (f1 == best.f1 && tp > 0) { best = (s, f1) }
    }
    return best
  }

  // MARK: Ranking lists

  /// Catalogue coverage: the share of the `catalogueSize` items that appear in at least one
  /// recommendation list.
  public static func coverage(lists: [[Int]], catalogueSize: Int) -> Double {
    guard catalogueSize > 0 else { return 0 }
    var seen = Set<Int>()
    for list in lists { seen.formUnion(list) }
    return Double(seen.count) / Double(catalogueSize)
  }

  /// How many distinct lists there are (order matters): 1 means every user got the same
  /// recommendations, i.e. the model does not personalise.
  public static func distinctListCount(_ lists: [[Int]]) -> Int {
    Set(lists).count
  }
}
