import Foundation

/// The training loss of the LSTM forecaster, on targets divided by each series' scale.
///
/// `η` is the network's raw output. MSE and pinball use it as the forecast directly (identity
/// link); Poisson and Tweedie read it as a log mean, `μ = exp(η)`, which keeps forecasts of
/// sparse counts positive and weights errors on small values more than squared error does.
///
/// | loss | per-element value | ∂/∂η |
/// | --- | --- | --- |
/// | mse | (η − y)² | 2(η − y) |
/// | poisson | e^η − y·η | e^η − y |
/// | tweedie(p) | −y·e^{(1−p)η}/(1−p) + e^{(2−p)η}/(2−p) | −y·e^{(1−p)η} + e^{(2−p)η} |
/// | pinball(q) | max(q·u, (q−1)·u), u = y − η | −q if u > 0 else 1 − q |
/// | msle | (η − log(1 + y))² | 2(η − log(1 + y)) |
///
/// MSLE fits η to `log(1 + y)`, so squared error on the log scale: a sale ten times the usual
/// costs about as much as a tenth of it, and the fit is a conditional mean of `log(1 + y)`, a
/// median-like value that sits below the mean of a skewed demand. Going back, the forecast
/// is `exp(η + σ²/2) − 1`, the mean of `1 + y` if `log(1 + y)` is normal with variance σ²
/// (the model's `logVariance`, the mean squared log-scale residual on the validation window,
/// or the training samples without one).
///
/// The Tweedie deviance for 1 < p < 2 (compound Poisson–gamma) is what LightGBM's `tweedie`
/// objective minimises; p → 1 approaches Poisson, p → 2 gamma.
public enum ForecastLoss: Sendable, Equatable, Codable {
  case mse
  case poisson
  case tweedie(power: Double)
  /// One output per quantile per step; the point forecast is the quantile nearest 0.5.
  case pinball(quantiles: [Double])
  /// Squared error of `log(1 + y)` (mean squared logarithmic error), undone with a
  /// log-normal mean correction.
  case msle

  /// Outputs per forecast step.
  public var outputsPerStep: Int {
    if case .pinball(let q) = self { return q.count }
    return 1
  }

  /// Whether outputs are log means.
  public var logLink: Bool {
    switch self {
    case .poisson, .tweedie: return true
    case .mse, .pinball, .msle: return false
    }
  }

  /// Whether outputs are `log(1 + y)` (MSLE), undone by `prediction(_:logVariance:)`.
  public var logTargets: Bool { self == .msle }

  /// The head bias an untrained network starts from: the output for the scaled series mean 1.
  var levelOutput: Float {
    if logLink { return 0 }
    return logTargets ? logf(2) : 1
  }

  /// Checks the parameters.
  func validate() throws {
    switch self {
    case .tweedie(let p) where !(p > 1 && p < 2):
      throw TrainingError.invalidOption(name: "tweedie power", value: "\(p)", expected: "1 < p < 2")
    case .pinball(let q) where q.isEmpty || !q.allSatisfy({ $0 > 0 && $0 < 1 }):
      throw TrainingError.invalidOption(name: "quantiles", value: "\(q)", expected: "values in (0, 1)")
    default: return
    }
  }

  /// The loss of output `eta` for target `y` (`quantile` is used by pinball only), and its
  /// derivative with respect to `eta`.
  @inline(__always)
  func valueAndGradient(_ eta: Float, _ y: Float, quantile q: Float) -> (Float, Float) {
    switch self {
    case .mse:
      let d = eta - y
      return (d * d, 2 * d)
    case .poisson:
      let e = expf(min(eta, 30))
      return (e - y * eta, e - y)
    case .tweedie(let power):
      let p = Float(power)
      let a = expf(min((1 - p) * eta, 30)), b = expf(min((2 - p) * eta, 30))
      return (-y * a / (1 - p) + b / (2 - p), -y * a + b)
    case .pinball:
      let u = y - eta
      return u > 0 ? (q * u, -q) : ((q - 1) * u, 1 - q)
    case .msle:
      let d = eta - log1pf(max(y, 0))
      return (d * d, 2 * d)
    }
  }

  /// The quantile of each output slot within a step (0.5 for the single-output losses).
  var quantiles: [Double] {
    if case .pinball(let q) = self { return q }
    return [0.5]
  }

  /// Which output slot is the point forecast.
  var pointSlot: Int {
    let q = quantiles
    return q.indices.min { abs(q[$0] - 0.5) < abs(q[$1] - 0.5) } ?? 0
  }

  /// The forecast in scaled units from a raw output; under MSLE the mean of `1 + y` given a
  /// normal `log(1 + y)` of variance `logVariance` (0: the back-transformed median), less 1,
  /// floored at 0.
  @inline(__always)
  func prediction(_ eta: Float, logVariance: Double = 0) -> Double {
    if logTargets { return max(0, exp(Double(min(eta, 30)) + logVariance / 2) - 1) }
    return logLink ? Double(expf(min(eta, 30))) : Double(eta)
  }
}
