import ShopCore

/// Who belongs to a cohort (Mixpanel's "birth" vs "compounded" retention).
public enum CohortType: String, Sendable, CaseIterable {
  /// A customer belongs to the cohort of the period of their first purchase.
  case first
  /// A customer belongs to the cohort of every period they purchased in.
  case recurring
}

/// When a customer counts as retained at offset k (Amplitude and Adobe).
public enum CohortMode: String, Sendable, CaseIterable {
  /// Active in exactly period k after the cohort period ("exact", bounded).
  case nday
  /// Active in period k or any later one ("on or after", unbounded).
  case unbounded
}

extension Frame {
  /// The retention triangle: one row per cohort period (empty periods included), its
  /// size, and for each offset k = 0, 1, … the share (or count) of its customers active
  /// k periods later. Offsets past the end of the data are null, which makes the triangle.
  ///
  /// Activity is a sale line (see `SaleLines`: positive quantity, else positive amount,
  /// else every row unless the table is an event log) by a known customer. Periods are calendar
  /// days, Monday weeks or months.
  ///
  /// - Parameters:
  ///   - counts: give customer counts instead of shares.
  /// - Throws: `KPIError.missingRole` without customer and time roles.
  /// - Complexity: O(rows + customers × periods).
  public func cohort(
    roles: ResolvedRoles, period: TimeBucket = .month, type: CohortType = .first,
    mode: CohortMode = .nday, counts: Bool = false
  ) throws -> KPIResult {
    let customers = EntityIDs(try roles.require(.customer, for: "cohort", in: self))
    let times = try roles.require(.time, for: "cohort", in: self).kpiSeconds(role: "time", calendar: true)
    let sales = try saleLines(roles, for: "cohort")
    let sale = saleRowMask(sales)
    // Periods span the whole table, so months without new customers still show.
    let buckets = BreakdownGroups(times: times, bucket: period, name: "cohort")
    let p = try Self.cohortPeriods(buckets.count, period)
    let c = customers.count
    // Which periods each customer was active in.
    var seen = [Bool](repeating: false, count: c * p)
    for i in 0..<rowCount where buckets.ids[i] >= 0 && sale[i] && customers.ids[i] >= 0 {
      seen[Int(customers.ids[i]) * p + Int(buckets.ids[i])] = true
    }
    var size = [Int](repeating: 0, count: p)
    var retained = [[Int]](repeating: [Int](repeating: 0, count: p), count: p)
    for cust in 0..<c {
      let base = cust * p
      var last = -1
      var firstActive = -1
      for q in 0..<p where seen[base + q] {
        last = q
        if firstActive < 0 { firstActive = q }
      }
      guard firstActive >= 0 else { continue }
      let cohorts = type == .first ? [firstActive] : (0..<p).filter { seen[base + $0] }
      for start in cohorts {
        size[start] += 1
        for k in 0..<(p - start) {
          let hit = mode == .nday ? seen[base + start + k] : last >= start + k
          if hit { retained[start][k] += 1 }
        }
      }
    }
    return Self.cohortTriangle(
      keys: buckets.keys ?? Column.ints("cohort", []), size: size, retained: retained, period: period, type: type,
      mode: mode, counts: counts, definitionTail: Self.cohortPurchase(sales, roles))
  }

  /// The number of cohort periods, refused when there are none or too many for columns.
  static func cohortPeriods(_ p: Int, _ period: TimeBucket) throws -> Int {
    guard p > 0 else { throw KPIError.invalidOption("no times to build cohorts from") }
    guard p <= 400 else {
      throw KPIError.invalidOption("\(p) \(period.rawValue)s of data is too many cohort columns; use a longer period")
    }
    return p
  }

  /// What a purchase is, for the definition line.
  static func cohortPurchase(_ sales: SaleLines, _ roles: ResolvedRoles) -> String {
    "a purchase = a sale line (\(sales.rule)) of a known \(roles[.customer] ?? "customer")"
  }

  /// The output table and definition from the counts: `size[start]` customers in each
  /// cohort, `retained[start][k]` of them active (by `mode`) k periods later. Shared by the
  /// local computation and the counts a remote engine brings back (`cohort(counted:…)`),
  /// so both print the same table and the same definition.
  static func cohortTriangle(
    keys: Column, size: [Int], retained: [[Int]], period: TimeBucket, type: CohortType, mode: CohortMode,
    counts: Bool, definitionTail: String
  ) -> KPIResult {
    let p = size.count
    let prefix = ["day": "d", "week": "w", "month": "m"][period.rawValue] ?? "p"
    var columns: [Column] = [keys, .ints("customers", size)]
    for k in 0..<p {
      let values: [Double?] = (0..<p).map { start in
        guard start + k < p else { return nil }
        return counts ? Double(retained[start][k]) : ratio(Double(retained[start][k]), Double(size[start]))
      }
      if counts {
        columns.append(Column(name: "\(prefix)\(k)", scalars: values.map { $0.map { .int(Int64($0)) } ?? .null }, type: .int))
      } else {
        columns.append(.floats("\(prefix)\(k)", values))
      }
    }
    let who = type == .first ? "customers whose first purchase fell in the \(period.rawValue)"
      : "customers who purchased in the \(period.rawValue) (recurring: one customer in many cohorts)"
    let when = mode == .nday ? "who purchased again exactly k \(period.rawValue)s later"
      : "who purchased k or more \(period.rawValue)s later (unbounded)"
    let definition = "cohort = \(who); \(prefix)k = \(counts ? "count" : "share") of them \(when); " + definitionTail
    return KPIResult(frame: Frame(columns: columns), definition: definition)
  }

  /// Rows that are sale lines, by the one rule of `saleLines`.
  func saleRowMask(_ sales: SaleLines) -> [Bool] {
    sales.signs.indices.map { sales.valid.isValid($0) && sales.signs[$0] > 0 }
  }
}
