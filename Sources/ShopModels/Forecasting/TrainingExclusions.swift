/// Which steps a fit leaves out, and the history a per-series baseline fits on without them,
/// so the LSTM and the baselines learn from the same steps.

extension ForecastPanel {
  /// Per series (panel order), the step ranges a fit on this panel leaves out: each series'
  /// `excluded` ranges and the runs `stockOutRule` finds in this panel's values. Fitting on a
  /// backtest fold's panel finds the runs from its training part only: a run that only
  /// becomes long (or unlikely) with the test window's zeros is not excluded from training.
  public func trainingExclusions() -> [[Range<Int>]] {
    let found = stockOutRule?.runs(in: self) ?? series.map { _ in [] }
    return zip(series, found).map { s, runs in ((s.excluded ?? []) + runs).sorted { $0.lowerBound < $1.lowerBound } }
  }
}

extension ForecastSeries {
  /// The values with the `ranges` removed and the steps around them joined, for a univariate
  /// model that must not fit on them (zeros of a stock-out are not demand). Each removed
  /// stretch is widened backwards to a whole number of seasons of `period` steps, so the
  /// values after it keep their position in the season; the values unchanged when removing
  /// would leave fewer than two.
  public func values(removing ranges: [Range<Int>], period: Int) -> [Double] {
    guard !ranges.isEmpty else { return values }
    var keep = [Bool](repeating: true, count: values.count)
    for r in ranges {
      let upper = min(r.upperBound, values.count)
      guard r.lowerBound < upper else { continue }
      let length = upper - r.lowerBound
      let widened = (length + period - 1) / period * period
      for t in max(0, upper - widened)..<upper { keep[t] = false }
    }
    let kept = values.indices.filter { keep[$0] }.map { values[$0] }
    return kept.count >= 2 ? kept : values
  }
}
