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
///
/// The Tweedie deviance for 1 < p < 2 (compound Poisson–gamma) is what LightGBM's `tweedie`
/// objective minimises; p → 1 approaches Poisson, p → 2 gamma.
public enum ForecastLoss: Sendable, Equatable, Codable {
  case mse
  case poisson
  case tweedie(power: Double)
  /// One output per quantile per step; the point forecast is the quantile nearest 0.5.
  case pinball(quantiles: [Double])

  /// Outputs per forecast step.
  public var outputsPerStep: Int {
    if case .pinball(let q) = self { return q.count }
    return 1
  }

  /// Whether outputs are log means.
  public var logLink: Bool {
    switch self {
    case .poisson, .tweedie: return true
    case .mse, .pinball: return false
    }
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

  /// The forecast in scaled units from a raw output.
  @inline(__always)
  func prediction(_ eta: Float) -> Double {
    logLink ? Double(expf(min(eta, 30))) : Double(eta)
  }
}
