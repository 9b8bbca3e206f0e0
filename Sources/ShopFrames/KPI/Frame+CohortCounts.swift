import ShopCore

/// What a remote engine counts for `cohort` (Spark: `SparkRelation.cohortCounts`), so the
/// retention triangle is built here with the local definitions and layout, from a result of
/// at most periods² rows rather than one row per customer.
public struct CohortCounts: Sendable, Equatable {
  /// The first and last period starts over every row with a time (nil: no times), the
  /// span of the cohorts, as locally.
  public var first: Int64?
  public var last: Int64?
  /// Per (cohort period start, later period start): with mode nday, the customers of the
  /// cohort active in that period; with mode unbounded, the customers of the cohort whose
  /// last active period it is. Periods as starts in Unix seconds.
  public var cells: [Cell]

  public struct Cell: Sendable, Equatable {
    public var start: Int64
    public var at: Int64
    public var customers: Int

    public init(start: Int64, at: Int64, customers: Int) {
      self.start = start
      self.at = at
      self.customers = customers
    }
  }

  public init(first: Int64?, last: Int64?, cells: [Cell]) {
    self.first = first
    self.last = last
    self.cells = cells
  }
}

extension Frame {
  /// The retention triangle of `cohort(roles:…)` from counts made elsewhere. `self` is the
  /// remote table's schema (its columns, no rows): the roles and the sale-line rule are
  /// checked and worded on it exactly as locally.
  ///
  /// - Throws: `KPIError.missingRole` without customer and time roles; `invalidOption` when
  ///   there are no times or too many periods, as locally.
  public func cohort(
    counted: CohortCounts, roles: ResolvedRoles, period: TimeBucket = .month, type: CohortType = .first,
    mode: CohortMode = .nday, counts: Bool = false
  ) throws -> KPIResult {
    _ = try roles.require(.customer, for: "cohort", in: self)
    _ = try roles.require(.time, for: "cohort", in: self).kpiSeconds(role: "time", calendar: true)
    let sales = try saleLines(roles, for: "cohort")
    guard let first = counted.first, let last = counted.last else {
      throw KPIError.invalidOption("no times to build cohorts from")
    }
    let buckets = BreakdownGroups(times: [Double(first), Double(last)], bucket: period, name: "cohort")
    let p = try Self.cohortPeriods(buckets.count, period)
    let origin = period.start(first)
    func index(_ t: Int64) -> Int { period.index(of: period.start(t), from: origin) }
    var size = [Int](repeating: 0, count: p)
    var retained = [[Int]](repeating: [Int](repeating: 0, count: p), count: p)
    for cell in counted.cells {
      let (s, a) = (index(cell.start), index(cell.at))
      guard s >= 0, a >= s, a < p else { continue }
      switch mode {
      case .nday:
        // Every member is active in its own cohort's period: k = 0 is the cohort's size.
        retained[s][a - s] += cell.customers
        if a == s { size[s] += cell.customers }
      case .unbounded:
        size[s] += cell.customers
        for k in 0...(a - s) { retained[s][k] += cell.customers }
      }
    }
    return Self.cohortTriangle(
      keys: buckets.keys ?? Column.ints("cohort", []), size: size, retained: retained, period: period, type: type,
      mode: mode, counts: counts, definitionTail: Self.cohortPurchase(sales, roles))
  }
}
