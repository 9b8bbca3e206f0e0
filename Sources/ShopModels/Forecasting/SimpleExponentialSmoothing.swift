/// Simple exponential smoothing as statsforecast computes it, so results match its
/// `SimpleExponentialSmoothing`, `…Optimized`, Croston and ADIDA to rounding.
///
/// The level starts at the first value, `ℓ₁ = y₁`; then `ŷ_{t+1} = ℓ_t = α·y_t + (1−α)·ℓ_{t−1}`
/// and the forecast is flat at `α·y_n + (1−α)·ℓ_{n−1}`. With `alpha == nil`, α is chosen in
/// `bounds` by golden-section search on the in-sample sum of squared one-step errors.
public struct SimpleExponentialSmoothingModel: UnivariateModel {
  /// A fixed smoothing parameter, or `nil` to optimise it within `bounds`.
  public var alpha: Double?
  public var bounds: ClosedRange<Double>

  public init(alpha: Double? = nil, bounds: ClosedRange<Double> = 0.01...0.99) {
    self.alpha = alpha
    self.bounds = bounds
  }

  public var name: String { alpha.map { "ses(\($0))" } ?? "ses" }

  public func fit(_ y: [Double], period: Int) -> UnivariateFit {
    guard !y.isEmpty else { return .flat(0, residuals: []) }
    let a = alpha ?? Self.optimalAlpha(y, bounds: bounds)
    let r = Self.smooth(y, alpha: a)
    // ETS(A,N,N) variance: each step ahead adds α²σ².
    return UnivariateFit(
      path: { [Double](repeating: r.forecast, count: $0) },
      residuals: zip(y.dropFirst(), r.fitted.dropFirst()).map { $0 - $1 },
      varianceGrowth: { 1 + a * a * Double($0 - 1) }, parameters: ["alpha": a])
  }

  /// The one-step forecast after `y` and the fitted values (`fitted[0]` is NaN).
  public static func smooth(_ y: [Double], alpha a: Double) -> (forecast: Double, fitted: [Double]) {
    precondition(!y.isEmpty)
    var level = y[0]
    var fitted = [Double](repeating: .nan, count: y.count)
    for i in 1..<max(1, y.count) {
      level = a * y[i - 1] + (1 - a) * level
      fitted[i] = level
    }
    return (a * y[y.count - 1] + (1 - a) * level, fitted)
  }

  /// Sum of squared one-step errors of SES with `alpha`.
  static func sse(_ y: [Double], alpha a: Double) -> Double {
    var level = y[0], total = 0.0
    for i in 1..<max(1, y.count) {
      level = a * y[i - 1] + (1 - a) * level
      total += (y[i] - level) * (y[i] - level)
    }
    return total
  }

  /// The α in `bounds` minimising `sse`, by golden-section search to 1e-8.
  public static func optimalAlpha(_ y: [Double], bounds: ClosedRange<Double>) -> Double {
    guard y.count > 1 else { return bounds.lowerBound }
    let ratio = (5.0.squareRoot() - 1) / 2
    var lo = bounds.lowerBound, hi = bounds.upperBound
    var x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo)
    var f1 = sse(y, alpha: x1), f2 = sse(y, alpha: x2)
    while hi - lo > 1e-8 {
      if f1 < f2 {
        hi = x2
        x2 = x1
        f2 = f1
        x1 = hi - ratio * (hi - lo)
        f1 = sse(y, alpha: x1)
      } else {
        lo = x1
        x1 = x2
        f1 = f2
        x2 = lo + ratio * (hi - lo)
        f2 = sse(y, alpha: x2)
      }
    }
    return (lo + hi) / 2
  }
}
