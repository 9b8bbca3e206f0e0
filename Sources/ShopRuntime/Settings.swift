/// Display and reproducibility settings, changed with `set`.
public struct Settings: Sendable {
  public enum ChartMode: String, Sendable, CaseIterable { case braille, blocks, ascii }

  /// Rows shown when a table is printed (the rest are summarised as "… N more rows").
  public var maxRows = 20
  /// Characters a printed table may take before columns are cut.
  public var width = 100
  public var chartMode: ChartMode = .braille
  public var chartWidth = 80
  public var chartHeight = 20
  /// ANSI colour in charts; never on unless `Session.colourAllowed`.
  public var color = false
  /// The seed for every random draw that does not name its own.
  public var seed: UInt64 = 42

  public init() {}
}
