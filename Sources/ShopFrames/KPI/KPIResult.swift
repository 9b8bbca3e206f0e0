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

  public init(frame: Frame, definition: String, notes: [String] = []) {
    self.frame = frame
    self.definition = definition
    self.notes = notes
  }
}
