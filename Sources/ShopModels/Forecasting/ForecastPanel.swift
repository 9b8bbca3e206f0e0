/// One series of a `ForecastPanel`: its observed values and the exogenous columns beside them.
public struct ForecastSeries: Sendable, Equatable, Codable {
  /// The series' identifier (a StockCode, an item id), used only for reporting.
  public var key: String
  /// The absolute step index of `values[0]` (e.g. days since 1970-01-01 for daily data), so
  /// calendar features agree across series that start on different days.
  public var start: Int
  /// The target, one value per step, with no gaps (missing steps are filled by the caller).
  public var values: [Double]
  /// Exogenous columns, `exogenous[k][t]` for feature k at step t. Each column may run past
  /// `values.count`: the extra steps are the known future (prices, planned events) over the
  /// horizon.
  public var exogenous: [[Double]]
  /// Steps known to be no demand (a recorded stock-out), left out of training and of
  /// backtest scores; nil or empty for none. Stock-outs that must be *detected* from the
  /// values go through `ForecastPanel.stockOutRule` instead, so a fit only finds them in the
  /// history it is given.
  public var excluded: [Range<Int>]?

  public init(key: String, start: Int = 0, values: [Double], exogenous: [[Double]] = [], excluded: [Range<Int>]? = nil) {
    self.key = key
    self.start = start
    self.values = values
    self.exogenous = exogenous
    self.excluded = excluded
  }

  /// Whether step `t` is left out.
  public func isExcluded(_ t: Int) -> Bool { excluded?.contains { $0.contains(t) } ?? false }

  /// The first `count` observations, with exogenous columns kept whole (the future stays known)
  /// and the excluded ranges cut at the end.
  public func prefix(_ count: Int) -> ForecastSeries {
    var s = self
    s.values = Array(values.prefix(count))
    s.excluded = excluded?.compactMap { r in r.lowerBound < count ? r.lowerBound..<min(r.upperBound, count) : nil }
    return s
  }
}

/// A regular panel of series for forecasting: purely numeric, built from tables by the runtime.
///
/// Every series advances one step per `period`-long cycle position; `period` is the season
/// length (7 for daily data with a weekly cycle) used by seasonal models and calendar features.
/// Series may differ in length and start. Forecasters fit on `values` and forecast the steps
/// right after each series' last value.
public struct ForecastPanel: Sendable, Equatable, Codable {
  public var series: [ForecastSeries]
  /// Names of the exogenous columns, in the order of `ForecastSeries.exogenous`.
  public var exogenousNames: [String]
  /// Season length in steps (1 = no seasonality).
  public var period: Int
  /// Days per step (1 or 7) when each series' `start` counts days or weeks from Monday
  /// 1970-01-05, as the runtime's panels do, so a step can be placed in the calendar year;
  /// nil when unknown.
  public var stepDays: Int?
  /// When set, the stock-out runs this rule finds are left out of training and of backtest
  /// scores. A fit finds them in the panel it is given (`trainingExclusions()`), so in a
  /// backtest each fold's runs come from its training part alone; scores leave out the runs
  /// found on the whole panel, the actuals included. Nil (as in panels stored before it) is
  /// no detection.
  public var stockOutRule: StockOutRule? = nil

  public init(series: [ForecastSeries], exogenousNames: [String] = [], period: Int = 1, stepDays: Int? = nil) {
    precondition(period >= 1, "season period must be at least 1")
    precondition(
      series.allSatisfy { $0.exogenous.count == exogenousNames.count },
      "every series needs one column per exogenous name")
    precondition(
      series.allSatisfy { s in s.exogenous.allSatisfy { $0.count >= s.values.count } },
      "exogenous columns must cover every observed step")
    self.series = series
    self.exogenousNames = exogenousNames
    self.period = period
    self.stepDays = stepDays
  }

  /// The panel with each series cut to its first `count(series)` values (for backtests).
  public func truncated(_ count: (ForecastSeries) -> Int) -> ForecastPanel {
    var p = self
    p.series = series.map { $0.prefix(count($0)) }
    return p
  }

  /// The panel without the last `steps` values of every series.
  public func droppingLast(_ steps: Int) -> ForecastPanel {
    truncated { max(0, $0.values.count - steps) }
  }
}
