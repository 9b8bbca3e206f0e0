/// `resample TIME by day|week|month|quarter agg …` as one Spark plan.
///
/// Locally every bucket from the first to the last with data gets a row, empty ones
/// included (counts 0, other aggregations null). A Spark `Aggregate` over
/// `date_trunc(unit, TIME)` only makes the buckets with rows, so the plan also builds the
/// full run of bucket starts, `explode(sequence(min, max, step))` over the aggregated
/// buckets, and left-joins the aggregates onto it; the counting aggregations get
/// `coalesce(…, 0)`. `date_trunc('week', …)` starts weeks on Monday, as locally.
extension SparkRelation {
  public enum TimeUnit: String, Sendable {
    case day, week, month, quarter

    /// One bucket's length as `sequence` steps it.
    var step: SparkLiteral {
      switch self {
      case .day: return .interval(months: 0, days: 1, microseconds: 0)
      case .week: return .interval(months: 0, days: 7, microseconds: 0)
      case .month: return .interval(months: 1, days: 0, microseconds: 0)
      case .quarter: return .interval(months: 3, days: 0, microseconds: 0)
      }
    }
  }

  /// - Parameters:
  ///   - aggregates: aliased aggregate expressions, as `agg` builds them.
  ///   - zeroFilled: the names of the aggregates that are 0, not null, in an empty bucket.
  public static func resample(
    _ input: SparkRelation, time: String, by unit: TimeUnit, aggregates: [SparkExpression], zeroFilled: [String]
  ) -> SparkRelation {
    let t = SparkExpression.column(time)
    let bucketed = SparkRelation.filter(
      .withColumns(input, [(time, .function("date_trunc", [.literal(.string(unit.rawValue)), t]))]),
      .function("isnotnull", [t]))
    let aggregated = SparkRelation.aggregate(bucketed, keys: [t], aggregates: aggregates)
    let bounds = SparkRelation.aggregate(
      aggregated, keys: [],
      aggregates: [.alias(.function("min", [t]), "first"), .alias(.function("max", [t]), "last")])
    let every = SparkRelation.project(
      bounds,
      [.alias(.function("explode", [.function("sequence", [.column("first"), .column("last"), .literal(unit.step)])]), time)])
    var plan = SparkRelation.join(every, aggregated, kind: .left, using: [time])
    if !zeroFilled.isEmpty {
      plan = .withColumns(plan, zeroFilled.map { ($0, .function("coalesce", [.column($0), .literal(.long(0))])) })
    }
    return .sort(plan, [SparkSortKey(t)])
  }
}
