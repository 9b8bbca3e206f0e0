/// Croston's method (classic) for intermittent demand, as statsforecast's `CrostonClassic`.
///
/// The non-zero demand sizes `z` and the intervals between them `p` (counted from the start,
/// so the first interval is the index of the first demand, 1-based) are each smoothed by SES
/// with α = 0.1; the forecast is flat at `ẑ / p̂`. A series with no demand forecasts naive.
public struct CrostonModel: UnivariateModel {
  public var alpha: Double
  public init(alpha: Double = 0.1) { self.alpha = alpha }
  public var name: String { "croston" }

  public func fit(_ y: [Double], period: Int) -> UnivariateFit {
    let demand = y.filter { $0 > 0 }
    guard !demand.isEmpty else { return NaiveModel().fit(y, period: period) }
    let z = SimpleExponentialSmoothingModel.smooth(demand, alpha: alpha).forecast
    let p = SimpleExponentialSmoothingModel.smooth(Self.intervals(y), alpha: alpha).forecast
    let value = p != 0 ? z / p : z
    return .flat(value, residuals: Self.runningResiduals(y, alpha: alpha), parameters: ["alpha": alpha])
  }

  /// Gaps between non-zero values: `diff([0] + (indices of non-zeros + 1))`.
  public static func intervals(_ y: [Double]) -> [Double] {
    var out: [Double] = []
    var previous = 0
    for (i, v) in y.enumerated() where v != 0 {
      out.append(Double(i + 1 - previous))
      previous = i + 1
    }
    return out
  }

  /// One-step residuals of the Croston forecast as it stood before each step (after the first
  /// demand), for residual-based intervals.
  static func runningResiduals(_ y: [Double], alpha a: Double) -> [Double] {
    var z = 0.0, p = 0.0, gap = 0.0, seen = false
    var residuals: [Double] = []
    for v in y {
      gap += 1
      if seen { residuals.append(v - z / p) }
      if v != 0 {
        if seen {
          z = a * v + (1 - a) * z
          p = a * gap + (1 - a) * p
        } else {
          z = v
          p = gap
          seen = true
        }
        gap = 0
      }
    }
    return residuals
  }
}

/// ADIDA, aggregate–disaggregate intermittent demand (Nikolopoulos et al. 2011), as
/// statsforecast's `ADIDA`.
///
/// The aggregation level is the mean interval between demands, rounded (half to even, as
/// numpy). The oldest `n mod level` values are dropped, the rest summed in non-overlapping
/// buckets, the bucket sums forecast by SES with α optimised in [0.1, 0.3], and the forecast
/// divided by the level. A series with no demand forecasts 0.
public struct ADIDAModel: UnivariateModel {
  public init() {}
  public var name: String { "adida" }

  public func fit(_ y: [Double], period: Int) -> UnivariateFit {
    let intervals = CrostonModel.intervals(y)
    guard !intervals.isEmpty else { return .flat(0, residuals: y) }
    let meanInterval = intervals.reduce(0, +) / Double(intervals.count)
    let level = max(1, Int(meanInterval.rounded(.toNearestOrEven)))
    let cut = Array(y.dropFirst(y.count % level))
    let sums = stride(from: 0, to: cut.count, by: level).map { cut[$0..<($0 + level)].reduce(0, +) }
    guard !sums.isEmpty else { return .flat(0, residuals: []) }
    let alpha = SimpleExponentialSmoothingModel.optimalAlpha(sums, bounds: 0.1...0.3)
    let r = SimpleExponentialSmoothingModel.smooth(sums, alpha: alpha)
    // Residuals at the original frequency: each step against its bucket's forecast / level.
    var residuals: [Double] = []
    for (b, fitted) in r.fitted.enumerated() where fitted.isFinite {
      for t in (b * level)..<((b + 1) * level) { residuals.append(cut[t] - fitted / Double(level)) }
    }
    return .flat(
      r.forecast / Double(level), residuals: residuals,
      parameters: ["alpha": alpha, "aggregation": Double(level)])
  }
}
