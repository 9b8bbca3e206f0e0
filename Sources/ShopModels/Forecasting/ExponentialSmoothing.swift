import Foundation

/// Exponential smoothing, ETS(E,T,S) in Hyndman et al. (2008) notation: ANN (level), AAN
/// (level + trend), ANA (level + season), AAA (Holt–Winters additive), the damped-trend forms
/// AAdN and AAdA, and MAdA (the same with multiplicative errors).
///
/// With `ŷ_t = ℓ₍t−1₎ + φ·b₍t−1₎ + s₍t−m₎` and `e_t = y_t − ŷ_t` (φ = 1 without damping):
///
///     ℓ_t = ℓ₍t−1₎ + φ·b₍t−1₎ + α·e_t    b_t = φ·b₍t−1₎ + β·e_t    s_t = s₍t−m₎ + γ·e_t
///
/// and the k-step forecast `ℓ_n + (φ + … + φᵏ)·b_n + s₍n−m+1+(k−1) mod m₎`. Multiplicative
/// errors (`ε_t = e_t / ŷ_t`) change only the likelihood, not these point recursions: with
/// additive season and trend the state updates are the same in `y` (statsforecast's
/// `etscalc` does the same). α, β, γ, φ and the initial level and trend are fitted by
/// Nelder–Mead on `n·log(SSE/n)` (additive errors) or `n·log(Σε²/n) + 2·Σlog|ŷ_t|`
/// (multiplicative), within the usual bounds `0 < β < α < 1`, `0 < γ < 1 − α`,
/// `0.8 ≤ φ ≤ 0.98` (statsforecast's); initial seasonal states come from the classical
/// heuristic (mean seasonal deviation over the first seasons, centred to sum 0). With
/// `components == nil`, every applicable form of `candidates` is fitted and the lowest AICc
/// wins, as statsforecast's `AutoETS` does over its (larger) set.
public struct ExponentialSmoothingModel: UnivariateModel {
  /// Which components an ETS form has.
  public struct Components: Hashable, Sendable, CustomStringConvertible {
    public var trend: Bool
    public var season: Bool
    /// The trend is damped by φ (only with `trend`).
    public var damped: Bool
    /// Errors proportional to the level (fitted on relative errors; needs positive data).
    public var multiplicativeError: Bool
    public init(trend: Bool, season: Bool, damped: Bool = false, multiplicativeError: Bool = false) {
      self.trend = trend
      self.season = season
      self.damped = trend && damped
      self.multiplicativeError = multiplicativeError
    }
    public static let ANN = Components(trend: false, season: false)
    public static let AAN = Components(trend: true, season: false)
    public static let ANA = Components(trend: false, season: true)
    public static let AAA = Components(trend: true, season: true)
    public static let AAdN = Components(trend: true, season: false, damped: true)
    public static let AAdA = Components(trend: true, season: true, damped: true)
    public static let MAdA = Components(trend: true, season: true, damped: true, multiplicativeError: true)
    /// The undamped additive forms (the `ets` kind's default choice).
    public static let all = [ANN, AAN, ANA, AAA]
    /// The same with the damped-trend forms.
    public static let withDamped = all + [AAdN, AAdA]
    public static let named: [String: Components] = [
      "ANN": ANN, "AAN": AAN, "ANA": ANA, "AAA": AAA, "AAdN": AAdN, "AAdA": AAdA, "MAdA": MAdA,
    ]
    public var description: String {
      (multiplicativeError ? "M" : "A") + (trend ? (damped ? "Ad" : "A") : "N") + (season ? "A" : "N")
    }
  }

  /// A fixed form, or `nil` to choose by AICc among `candidates`.
  public var components: Components?
  /// The forms an automatic choice compares.
  public var candidates: [Components]
  /// Season length; `nil` uses the panel's period.
  public var seasonLength: Int?

  public init(components: Components? = nil, candidates: [Components] = Components.all, seasonLength: Int? = nil) {
    self.components = components
    self.candidates = candidates
    self.seasonLength = seasonLength
  }

  public var name: String { components.map { "ets(\($0))" } ?? "auto_ets" }

  public func fit(_ y: [Double], period: Int) -> UnivariateFit {
    let m = seasonLength ?? period
    guard y.count >= 3 else { return NaiveModel().fit(y, period: period) }
    let positive = y.allSatisfy { $0 > 0 }
    let candidates = (components.map { [$0] } ?? self.candidates).filter {
      (!$0.season || (m > 1 && y.count >= 2 * m + 2)) && (!$0.multiplicativeError || positive)
    }
    guard !candidates.isEmpty else { return NaiveModel().fit(y, period: period) }
    let fits = candidates.map { ETSFit.estimate(y, components: $0, period: m) }
    let best = fits.min { $0.aicc < $1.aicc }!
    return best.univariateFit
  }
}

/// One fitted ETS(A,·,·) form: parameters, initial and final states, and information criteria.
public struct ETSFit: Sendable {
  public var components: ExponentialSmoothingModel.Components
  public var period: Int
  public var alpha: Double, beta: Double, gamma: Double
  /// The damping of the trend (1 without damping).
  public var phi: Double = 1
  public var initialLevel: Double, initialTrend: Double
  /// Initial seasonal states s₁₋ₘ … s₀ (oldest first).
  public var initialSeason: [Double]
  /// Sum of squared one-step errors, and the errors themselves.
  public var sse: Double
  public var residuals: [Double]
  /// Final states after the last observation.
  public var level: Double, trend: Double
  /// The last m seasonal states, oldest first (the next step uses `season[0]`).
  public var season: [Double]
  public var aicc: Double

  /// Runs the recursion over `y` from the given parameters and initial states. `sse` sums the
  /// squared errors of the likelihood (relative ones, `e/ŷ`, with multiplicative errors, whose
  /// `logSum` is `Σ log|ŷ_t|`); `residuals` are always `y − ŷ`.
  public static func filter(
    _ y: [Double], components c: ExponentialSmoothingModel.Components, period m: Int,
    alpha: Double, beta: Double, gamma: Double, phi: Double = 1, level l0: Double, trend b0: Double,
    season s0: [Double]
  ) -> (sse: Double, logSum: Double, residuals: [Double], level: Double, trend: Double, season: [Double]) {
    var l = l0, b = c.trend ? b0 : 0
    let damp = c.damped ? phi : 1
    var s = c.season ? s0 : []
    var head = 0  // s[head] is s₍t−m₎ for the current step
    var sse = 0.0, logSum = 0.0
    var residuals = [Double](repeating: 0, count: y.count)
    for t in 0..<y.count {
      let seasonal = c.season ? s[head] : 0
      let fitted = l + damp * b + seasonal
      let e = y[t] - fitted
      residuals[t] = e
      if c.multiplicativeError {
        let relative = e / fitted
        sse += relative * relative
        logSum += log(abs(fitted))
      } else {
        sse += e * e
      }
      l = l + damp * b + alpha * e
      if c.trend { b = damp * b + beta * e }
      if c.season {
        s[head] = seasonal + gamma * e
        head = (head + 1) % m
      }
    }
    let ordered = c.season ? Array(s[head...] + s[..<head]) : []
    return (sse, logSum, residuals, l, b, ordered)
  }

  /// Fits one form: heuristic initial states, then Nelder–Mead on α, β, γ, ℓ₀, b₀.
  public static func estimate(_ y: [Double], components c: ExponentialSmoothingModel.Components, period m: Int) -> ETSFit {
    let n = y.count
    var season: [Double] = []
    var deseasonalised = y
    if c.season {
      let seasons = min(n / m, 4)
      var sums = [Double](repeating: 0, count: m)
      for k in 0..<seasons {
        let chunk = y[(k * m)..<((k + 1) * m)]
        let mean = chunk.reduce(0, +) / Double(m)
        for j in 0..<m { sums[j] += chunk[k * m + j] - mean }
      }
      season = sums.map { $0 / Double(seasons) }
      let centre = season.reduce(0, +) / Double(m)
      season = season.map { $0 - centre }
      deseasonalised = y.enumerated().map { $1 - season[$0 % m] }
    }
    let block = max(1, c.season ? m : min(n, 10))
    let l0 = deseasonalised.prefix(block).reduce(0, +) / Double(min(block, n))
    var b0 = 0.0
    if c.trend && n >= 2 * block {
      let second = deseasonalised[block..<(2 * block)].reduce(0, +) / Double(block)
      b0 = (second - l0) / Double(block)
    }
    let scale = max(1e-8, y.map { abs($0) }.reduce(0, +) / Double(n))
    // Parameter vector: α, β?, γ?, φ?, ℓ₀, b₀? — only the free ones.
    func unpack(_ p: [Double]) -> (Double, Double, Double, Double, Double, Double) {
      var k = 0
      let a = p[k]; k += 1
      let b = c.trend ? p[k] : 0; if c.trend { k += 1 }
      let g = c.season ? p[k] : 0; if c.season { k += 1 }
      let f = c.damped ? p[k] : 1; if c.damped { k += 1 }
      let lv = p[k] * scale; k += 1
      let tr = c.trend ? p[k] * scale : 0
      return (a, b, g, f, lv, tr)
    }
    func likelihood(_ r: (sse: Double, logSum: Double, residuals: [Double], level: Double, trend: Double, season: [Double])) -> Double {
      Double(n) * log(max(r.sse, 1e-300) / Double(n)) + 2 * r.logSum
    }
    func objective(_ p: [Double]) -> Double {
      let (a, b, g, f, lv, tr) = unpack(p)
      let eps = 1e-4
      guard a > eps, a < 1 - eps else { return .greatestFiniteMagnitude }
      if c.trend { guard b > eps, b < a else { return .greatestFiniteMagnitude } }
      if c.season { guard g > eps, g < 1 - a else { return .greatestFiniteMagnitude } }
      if c.damped { guard f >= 0.8, f <= 0.98 else { return .greatestFiniteMagnitude } }
      let r = filter(y, components: c, period: m, alpha: a, beta: b, gamma: g, phi: f, level: lv, trend: tr, season: season)
      let value = likelihood(r)
      return value.isFinite ? value : .greatestFiniteMagnitude
    }
    var start = [0.1]
    var step = [0.05]
    if c.trend { start.append(0.01); step.append(0.005) }
    if c.season { start.append(0.01); step.append(0.005) }
    if c.damped { start.append(0.9); step.append(0.02) }
    start.append(l0 / scale); step.append(0.1)
    if c.trend { start.append(b0 / scale); step.append(0.01) }
    // Two restarts from the first optimum: Nelder–Mead can stall on a ridge.
    var best = NelderMead.minimize(objective, start: start, step: step)
    for _ in 0..<2 { best = NelderMead.minimize(objective, start: best.x, step: step) }
    let (a, b, g, f, lv, tr) = unpack(best.x)
    let r = filter(y, components: c, period: m, alpha: a, beta: b, gamma: g, phi: f, level: lv, trend: tr, season: season)
    // Free parameters: smoothing, damping, initial states (m−1 seasonal, as they sum to 0), and σ.
    let k = Double(best.x.count + (c.season ? m - 1 : 0) + 1)
    let lik = likelihood(r)
    let aic = lik + 2 * k
    let aicc = Double(n) - k - 1 > 0 ? aic + 2 * k * (k + 1) / (Double(n) - k - 1) : .infinity
    return ETSFit(
      components: c, period: m, alpha: a, beta: b, gamma: g, phi: f, initialLevel: lv, initialTrend: tr,
      initialSeason: season, sse: r.sse, residuals: r.residuals, level: r.level, trend: r.trend,
      season: r.season, aicc: aicc)
  }

  /// The trend's weight at step k: k without damping, φ + φ² + … + φᵏ with it.
  func trendWeight(_ k: Int) -> Double {
    guard components.damped else { return Double(k) }
    var sum = 0.0, power = 1.0
    for _ in 0..<k {
      power *= phi
      sum += power
    }
    return sum
  }

  /// Point forecasts for steps 1...h.
  public func forecast(_ h: Int) -> [Double] {
    (0..<h).map { k in
      level + trendWeight(k + 1) * (components.trend ? trend : 0) + (components.season ? season[k % period] : 0)
    }
  }

  /// As a `UnivariateFit`, with the ETS class-1 variance: `σ²(1 + Σ_{j<k} c_j²)`,
  /// `c_j = α + β·(φ + … + φʲ) + γ·[j mod m = 0]`. For multiplicative errors this is an
  /// approximation (σ from the residuals `y − ŷ`, not the exact class-3 variance).
  public var univariateFit: UnivariateFit {
    let me = self
    let c = components
    return UnivariateFit(
      path: { me.forecast($0) }, residuals: residuals,
      varianceGrowth: { k in
        var v = 1.0
        if k > 1 {
          for j in 1..<k {
            let cj = me.alpha + (c.trend ? me.beta * me.trendWeight(j) : 0) + (c.season && j % me.period == 0 ? me.gamma : 0)
            v += cj * cj
          }
        }
        return v
      },
      parameters: ["alpha": alpha, "beta": beta, "gamma": gamma, "phi": phi, "aicc": aicc])
  }
}
