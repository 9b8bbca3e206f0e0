/// The settings of the LSTM demand model: architecture, features, loss and training schedule.
///
/// Defaults follow the design note for issue 10 (window 28, hidden 32, direct 28-step output)
/// and were tuned on validation windows of the M5 sample, never on test folds.
public struct LSTMForecastConfig: Sendable, Equatable, Codable {
  /// Past steps fed to the LSTM (W).
  public var window: Int = 28
  /// Hidden units (H).
  public var hidden: Int = 32
  /// Steps forecast at once by the linear head (direct multi-output); longer horizons are an
  /// error, shorter ones use the first steps.
  public var horizon: Int = 28
  public var loss: ForecastLoss = .tweedie(power: 1.1)
  /// Lagged targets as extra inputs at each step, e.g. 28 lets a 28-step window see 56 days.
  public var lags: [Int] = [7, 28]
  /// Trailing means of the target (over these many steps, ending at the step) as inputs.
  public var rollingMeans: [Int] = [7, 28]
  /// Exponentially weighted means of the target with these smoothing factors (in (0, 1]), as
  /// inputs after the trailing means: the level simple exponential smoothing would forecast.
  /// Nil (older checkpoints) is none.
  public var smoothedMeans: [Double]? = nil
  /// How the position within the season (day of week) is encoded.
  public var calendar: Calendar = .cyclic
  /// Add the step index divided by the history length (a trend input).
  public var trend: Bool = false
  /// Add the month of the year as sin/cos (daily or weekly panels whose `stepDays` is known;
  /// monthly panels have it as their season). Optional so older checkpoints decode.
  public var yearly: Bool? = nil
  /// How the month of the year is encoded (daily or weekly panels whose `stepDays` is known):
  /// sin/cos of the month, or 12 one-hot inputs. Nil follows `yearly` (cyclic when set), so
  /// older checkpoints decode and mean what they meant.
  public var month: Calendar? = nil
  /// Feed which series a window comes from, one-hot over the training panel's series (a
  /// learned per-series embedding through the input weights; a series not seen in training
  /// gets zeros). Nil (older checkpoints) is off.
  public var seriesIdentity: Bool? = nil
  /// Feed the panel's exogenous columns (standardised) at each input step.
  public var useExogenous: Bool = true
  /// Also feed each exogenous column `horizon` steps ahead at each input step, so the window
  /// holds the column's known future over the forecast (prices, promotions, holidays): the
  /// input at step t carries the value at t + horizon, and forecasting needs the columns over
  /// the horizon. Optional so checkpoints written before it decode (nil is off).
  public var futureExogenous: Bool? = nil
  /// Terms from each forecast step's own calendar added to that step's outputs: the head
  /// otherwise knows a target's day of week only through the origin. The target features are
  /// the target step's season position (one-hot), with `targetMonth` its month (one-hot of
  /// 12, days or weeks), with `targetExogenous` the exogenous columns at the target step.
  /// `.additive` adds a learned weight per feature (shared by every forecast step; under a log
  /// link a multiplicative day-of-week profile, so a shop's closed day can go to ~0);
  /// `.interacting` also lets the hidden state set those weights per sample (a bilinear term,
  /// so each series can have its own profile). Nil (older checkpoints) is `.none`; the
  /// default `.interacting` was chosen on tuning windows (see docs/performance.md).
  public var targetCalendar: TargetCalendar? = .interacting
  /// The target step's month among the target features (see `targetCalendar`).
  public var targetMonth: Bool? = nil
  /// The exogenous columns at the target step among the target features (see
  /// `targetCalendar`); forecasting then needs them over the horizon.
  public var targetExogenous: Bool? = nil
  /// Feed the scaled target, its lags and trailing means as `log(1 + v)` (targets stay as
  /// they are): a level several times the history's mean, as in a seasonal peak, stays within
  /// the range the network was trained on. Nil (older checkpoints) is off; on by default
  /// (chosen on tuning windows with `targetCalendar` and `averaging`).
  public var logInputs: Bool? = true
  /// Units of a tanh hidden layer between the last hidden state and the forecast steps'
  /// outputs (an MLP head, `LSTMForecastNetwork`); nil or 0 is the linear head of the design.
  public var headHidden: Int? = nil
  /// Weight each training sample by `0.5^(age / recencyHalfLife)`, its age being the steps
  /// from its last target to the end of the series (weights averaging 1 over the training
  /// samples), so recent behaviour counts more. Nil or 0 weighs every sample alike.
  public var recencyHalfLife: Int? = nil
  /// Weight each series' samples by `scale² / naive`, `naive` being the mean squared one-step
  /// change of its history from the first sale (RMSSE's denominator) and `scale` what its
  /// targets are divided by (weights averaging 1 over the training samples): a squared error
  /// in scaled units then counts as it does in RMSSE, so a smooth series, whose RMSSE a small
  /// error moves a lot, is not drowned by jumpy ones. Nil (older checkpoints) is off.
  public var metricWeights: Bool? = nil
  /// How the MSLE loss's mean correction is estimated from the validation residuals
  /// r = log(1 + y) − η: a log-normal variance pooled over every series, or each series' own,
  /// or per series Duan's smearing factor mean(e^r), which assumes no distribution. Nil is
  /// pooled.
  public var logCorrection: LogCorrection? = nil
  public var epochs: Int = 30
  public var batchSize: Int = 64
  public var learningRate: Double = 3e-3
  /// Global gradient-norm clip (0 = off).
  public var clipNorm: Double = 1
  /// Dropout on the last hidden state before the linear head.
  public var dropout: Double = 0.1
  /// The last steps of the training history whose targets form the validation set for early
  /// stopping (0 = no validation: train all epochs).
  public var validationSteps: Int = 28
  /// Epochs without validation improvement before stopping.
  public var patience: Int = 6
  /// Cap inputs and training targets at this multiple of the series scale (0 = off): a
  /// single bulk order hundreds of times the usual demand otherwise dominates the loss.
  public var outlierClip: Double = 0
  /// Anchor the outputs on the mean of the last `anchor` targets before the origin (added
  /// to the raw output, in log space under a log link); 0 = no anchor, a learned constant.
  public var anchor: Int = 0
  /// Anchor the outputs on the level simple exponential smoothing with this factor (in
  /// (0, 1]) reaches at the origin, run over the whole history before it, instead of a
  /// trailing mean: the network then learns departures from an SES forecast. Nil (older
  /// checkpoints) uses `anchor`.
  public var anchorSmoothing: Double? = nil
  /// Decay of an exponential moving average of the weights, updated after every step and
  /// used for validation and forecasts (0 = off). Averaging smooths the noise of small-batch
  /// steps on noisy demand; 0.99 (the default, chosen on tuning windows) averages over
  /// roughly the last hundred steps.
  public var averaging: Double = 0.99
  /// After early stopping, retrain from scratch for the best epoch count on every origin
  /// (validation included), so the most recent steps are training targets too.
  public var refit: Bool = false
  /// Use every k-th forecast origin as a training sample (1 = all).
  public var sampleStride: Int = 1
  /// Models trained with seeds `seed, seed+1, …` whose forecasts are averaged.
  public var ensemble: Int = 1
  public var seed: UInt64 = 0
  /// Added to each series' mean |y| before scaling, so all-zero series stay finite.
  public var scaleEpsilon: Double = 1e-3
  /// Where each series' scale (mean |y|) is taken: the whole history, the history from the
  /// first sale (leading zeros of an item not yet on sale would shrink its scale), or the
  /// last `scaleSteps` steps (the current level). Nil is the whole history.
  public var scaling: Scaling? = nil
  /// Steps of the recent history the `.recent` scaling averages over.
  public var scaleSteps: Int? = nil
  /// The learning rate is multiplied by this after every epoch (an exponential schedule);
  /// nil or 1 keeps it constant.
  public var learningRateDecay: Double? = nil

  public enum LogCorrection: String, Sendable, Codable {
    case pooled, perSeries, smearing
  }

  public enum Scaling: String, Sendable, Codable {
    case whole, fromFirstSale, recent
  }

  /// The month encoding in force: `month`, else cyclic when `yearly` is set, else none.
  public var monthCalendar: Calendar { month ?? (yearly == true ? .cyclic : .none) }

  public enum Calendar: String, Sendable, Codable {
    case none, cyclic, oneHot
  }

  public enum TargetCalendar: String, Sendable, Codable {
    case none, additive, interacting
  }

  /// The target-calendar head in force (`targetCalendar`, nil meaning none).
  public var targetHead: TargetCalendar { targetCalendar ?? .none }

  public init() {}

  /// Checks every option, naming the first out of range.
  public func validate() throws {
    func check(_ ok: Bool, _ name: String, _ value: Any, _ expected: String) throws {
      if !ok { throw TrainingError.invalidOption(name: name, value: "\(value)", expected: expected) }
    }
    try check(window >= 1, "window", window, "at least 1")
    try check(hidden >= 1, "hidden", hidden, "at least 1")
    try check(horizon >= 1, "horizon", horizon, "at least 1")
    try check(epochs >= 1, "epochs", epochs, "at least 1")
    try check(batchSize >= 1, "batch size", batchSize, "at least 1")
    try check(learningRate > 0, "learning rate", learningRate, "greater than 0")
    try check(dropout >= 0 && dropout < 1, "dropout", dropout, "in [0, 1)")
    try check(lags.allSatisfy { $0 >= 1 }, "lags", lags, "positive steps")
    try check(rollingMeans.allSatisfy { $0 >= 1 }, "rolling means", rollingMeans, "positive steps")
    try check((smoothedMeans ?? []).allSatisfy { $0 > 0 && $0 <= 1 }, "smoothed means", smoothedMeans ?? [], "factors in (0, 1]")
    try check(validationSteps >= 0, "validation steps", validationSteps, "0 or more")
    try check(outlierClip >= 0, "outlier clip", outlierClip, "0 (off) or a positive multiple of the scale")
    try check(anchor >= 0, "anchor", anchor, "0 or more steps")
    if let a = anchorSmoothing { try check(a > 0 && a <= 1, "anchor smoothing", a, "in (0, 1]") }
    try check(sampleStride >= 1, "sample stride", sampleStride, "at least 1")
    try check(ensemble >= 1, "ensemble", ensemble, "at least 1")
    try check(averaging >= 0 && averaging < 1, "averaging", averaging, "in [0, 1)")
    try check((recencyHalfLife ?? 0) >= 0, "recency half-life", recencyHalfLife ?? 0, "0 (off) or more steps")
    try check((headHidden ?? 0) >= 0, "head hidden", headHidden ?? 0, "0 (a linear head) or more units")
    try check((scaleSteps ?? 1) >= 1, "scale steps", scaleSteps ?? 1, "at least 1")
    let decay = learningRateDecay ?? 1
    try check(decay > 0 && decay <= 1, "learning rate decay", decay, "in (0, 1]")
    try loss.validate()
    // Anchors are levels (or their logs under a log link), not log(1 + level).
    try check(!(loss.logTargets && anchored), "anchor", anchor, "0 with the msle loss")
  }

  /// Whether the outputs carry a per-sample anchor offset (`anchor` or `anchorSmoothing`).
  var anchored: Bool { anchor > 0 || anchorSmoothing != nil }

  /// The earliest step whose lags and rolling means all fall inside the history.
  var warmup: Int { max(lags.max() ?? 0, (rollingMeans.max() ?? 1) - 1) }
}
