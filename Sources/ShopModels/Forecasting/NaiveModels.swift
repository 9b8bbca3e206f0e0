/// The last value, repeated: the random-walk forecast. Variance grows linearly with the step
/// (a random walk's), so the interval at step k is `± z·σ·√k`.
public struct NaiveModel: UnivariateModel {
  public init() {}
  public var name: String { "naive" }
  public func fit(_ y: [Double], period: Int) -> UnivariateFit {
    let residuals = y.count > 1 ? (1..<y.count).map { y[$0] - y[$0 - 1] } : []
    let last = y.last ?? 0
    return UnivariateFit(
      path: { [Double](repeating: last, count: $0) }, residuals: residuals, varianceGrowth: { Double($0) })
  }
}

/// The value one season ago: `ŷ_{n+k} = y_{n+k−m·(⌊(k−1)/m⌋+1)}`. Variance grows with the
/// number of whole seasons ahead, `⌊(k−1)/m⌋ + 1`. Falls back to naive when the history is
/// shorter than one season.
public struct SeasonalNaiveModel: UnivariateModel {
  /// Season length; `nil` uses the panel's period.
  public var seasonLength: Int?
  public init(seasonLength: Int? = nil) { self.seasonLength = seasonLength }
  public var name: String { "seasonal_naive" }
  public func fit(_ y: [Double], period: Int) -> UnivariateFit {
    let m = seasonLength ?? period
    guard y.count >= m, m >= 1 else { return NaiveModel().fit(y, period: period) }
    let lastSeason = Array(y.suffix(m))
    let residuals = y.count > m ? (m..<y.count).map { y[$0] - y[$0 - m] } : []
    return UnivariateFit(
      path: { h in (0..<h).map { lastSeason[$0 % m] } }, residuals: residuals,
      varianceGrowth: { Double(($0 - 1) / m + 1) }, parameters: ["m": Double(m)])
  }
}

/// The mean of the last `window` values, repeated (statsforecast `WindowAverage`).
/// Residuals are those of the rolling window mean as a one-step forecast.
public struct MovingAverageModel: UnivariateModel {
  public var window: Int
  public init(window: Int) {
    precondition(window >= 1, "moving average window must be at least 1")
    self.window = window
  }
  public var name: String { "moving_average(\(window))" }
  public func fit(_ y: [Double], period: Int) -> UnivariateFit {
    let w = min(window, y.count)
    guard w > 0 else { return .flat(0, residuals: []) }
    var residuals: [Double] = []
    var sum = y.prefix(w).reduce(0, +)
    if y.count > w {
      for t in w..<y.count {
        residuals.append(y[t] - sum / Double(w))
        sum += y[t] - y[t - w]
      }
    }
    return .flat(sum / Double(w), residuals: residuals, parameters: ["window": Double(w)])
  }
}
