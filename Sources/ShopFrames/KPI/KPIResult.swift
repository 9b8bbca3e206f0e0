/// A KPI table together with the definition that produced it.
///
/// Product-analytics tools change their definitions silently (GA4's bounce rate,
/// Shopify's 2023 AOV), so every ShopLab KPI carries the exact rule it used, in words,
/// to be printed beside the numbers and stored with the command.
public struct KPIResult: Sendable {
  /// The numbers, as a table that pipes into sort, save or plot.
  public var frame: Frame
  /// One line saying how every number in `frame` was computed.
  public var definition: String
  /// What the user should know besides the rule: metrics left out of a bare `kpi` and why.
  public var notes: [String]
  /// The rows a group with no data shows, without its key columns, for a KPI broken down
  /// by period (`BreakdownKeys.arrange` adds them for the empty periods): a funnel's steps
  /// at 0 units, or a kpi's counts and sums at 0 and its ratios null. Nil: one row with
  /// int columns 0 and the others null.
  public var emptyGroup: [[Scalar]]?

  public init(frame: Frame, definition: String, notes: [String] = [], emptyGroup: [[Scalar]]? = nil) {
    self.frame = frame
    self.definition = definition
    self.notes = notes
    self.emptyGroup = emptyGroup
  }
}
