import ShopCore

extension Frame {
  /// Customer lifetime value, the simple model: AOV × purchases per customer per year
  /// × margin × expected lifetime in years.
  ///
  /// Purchases per year = orders of known customers / customers / years observed, where
  /// years observed = (last time − first time) / 365.25 days over the whole table.
  ///
  /// - Throws: `.invalidOption` when the data spans less than one day.
  public func clv(
    roles: ResolvedRoles, margin: Double, lifetimeYears: Double, by breakdown: KPIBreakdown = .none,
    basis: KPIBasis = .gross
  ) throws -> KPIResult {
    guard margin > 0, margin <= 1 else { throw KPIError.invalidOption("the margin must be a share between 0 and 1, like 0.3") }
    guard lifetimeYears > 0 else { throw KPIError.invalidOption("the lifetime must be positive") }
    let times = try roles.require(.time, for: "clv", in: self).kpiSeconds(role: "time").compactMap { $0 }
    let span = ((times.max() ?? 0) - (times.min() ?? 0)) / (365.25 * 86_400)
    guard span * 365.25 >= 1 else { throw KPIError.invalidOption("clv needs data spanning at least a day") }
    let base = try kpi([.aov, .frequency], roles: roles, by: breakdown, basis: basis)
    var columns = Array(base.frame.columns.dropLast(2))
    let aov = base.frame.columns[base.frame.columnCount - 2]
    let freq = base.frame.columns[base.frame.columnCount - 1]
    let perYear: [Double?] = (0..<base.frame.rowCount).map { freq[$0].doubleValue.map { $0 / span } }
    let value: [Double?] = (0..<base.frame.rowCount).map { i in
      guard let a = aov[i].doubleValue, let p = perYear[i] else { return nil }
      return a * p * margin * lifetimeYears
    }
    columns += [
      aov, .floats("purchases_per_year", perYear),
      .floats("margin", [Double?](repeating: margin, count: value.count)),
      .floats("lifetime_years", [Double?](repeating: lifetimeYears, count: value.count)),
      .floats("clv", value),
    ]
    let definition = "clv = aov × purchases_per_year × margin × lifetime_years (simple model, no churn curve); "
      + "purchases_per_year = frequency / \(NumberFormat.fixed(span, 3)) years observed; " + base.definition
    return KPIResult(frame: Frame(columns: columns), definition: definition, notes: base.notes)
  }
}
