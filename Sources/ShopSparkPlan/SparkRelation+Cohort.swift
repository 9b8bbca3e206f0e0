/// `cohort` as one Spark aggregation: the counts ShopFrames' `Frame.cohort(counted:…)`
/// turns into the retention triangle, with the local definitions:
///
/// - periods are `date_trunc(unit, TIME)` (Monday weeks), spanning every row with a time;
/// - a customer is active in a period when a sale line (`sale`) of theirs (not null) falls
///   in it;
/// - type first: a customer's cohort is their first active period; recurring: every one;
/// - mode nday: per (cohort, period), the cohort's customers active in that period;
///   unbounded: per (cohort, period), the cohort's customers whose last active period it is.
///
/// Columns: `first`, `last` (the span), `start`, `at` (period starts) and `customers`; the
/// span is cross-joined onto the counts (left), so a table with times but no sales still
/// gives one row.
extension SparkRelation {
  public static func cohortCounts(
    _ input: SparkRelation, customer: String, time: String, sale: SparkExpression, unit: TimeUnit,
    recurring: Bool, unbounded: Bool
  ) -> SparkRelation {
    func col(_ n: String) -> SparkExpression { .column(n) }
    func fn(_ n: String, _ a: SparkExpression...) -> SparkExpression { .function(n, a) }
    let timed = SparkRelation.filter(
      .withColumns(input, [("__period", fn("date_trunc", .literal(.string(unit.rawValue)), col(time)))]),
      fn("isnotnull", col("__period")))
    let span = SparkRelation.aggregate(
      timed, keys: [], aggregates: [.alias(fn("min", col("__period")), "first"), .alias(fn("max", col("__period")), "last")])
    let active = SparkRelation.distinct(
      .project(
        .filter(timed, fn("and", sale, fn("isnotnull", col(customer)))),
        [.alias(col(customer), "__customer"), col("__period")]))
    let members =
      recurring
      ? SparkRelation.project(active, [col("__customer"), .alias(col("__period"), "start")])
      : SparkRelation.aggregate(active, keys: [col("__customer")], aggregates: [.alias(fn("min", col("__period")), "start")])
    let later: SparkRelation
    if unbounded {
      later = .aggregate(active, keys: [col("__customer")], aggregates: [.alias(fn("max", col("__period")), "at")])
    } else {
      later = .project(active, [col("__customer"), .alias(col("__period"), "at")])
    }
    let cells = SparkRelation.aggregate(
      .filter(.join(members, later, kind: .inner, using: ["__customer"]), fn(">=", col("at"), col("start"))),
      keys: [col("start"), col("at")], aggregates: [.alias(fn("count", .literal(.long(1))), "customers")])
    return .join(span, cells, kind: .left, using: [])
  }
}
