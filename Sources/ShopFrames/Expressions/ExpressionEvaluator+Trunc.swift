import ShopCore

extension ExpressionEvaluator {
  /// `trunc(t, week)`: the start of the day, week (Monday, as `resample` and `kpi by week`),
  /// month, quarter or year holding each time, as a datetime, so a period keeps its
  /// calendar meaning and sorts in time order. The unit is a word or a string
  /// (`trunc(t, "month")`); a column of that name does not take its place.
  func truncate(_ args: [ColumnExpr], _ node: ColumnExpr) throws -> Operand {
    let units = PeriodUnit.allCases.map(\.rawValue)
    var word: String?
    switch args[1].kind {
    case .column(let name): word = name
    case .literal(.string(let s)): word = s
    default: break
    }
    guard let word, let unit = PeriodUnit(rawValue: word.lowercased()) else {
      throw FrameError.invalidArgument(
        "trunc's second argument is the period: " + units.joined(separator: ", "), at: args[1].range ?? node.range)
    }
    let call = FunctionCall(name: "trunc", args: args, node: node)
    return try fold([try evaluate(args[0])], nullTypes: [.datetime]) { _, c in
      guard case .datetime(let v, let m) = c[0].data else { throw call.typeError("a datetime", c[0], 0) }
      return Column(name: "value", data: .datetime(v.map(unit.start), m))
    }
  }
}

/// The periods `trunc` rounds down to.
public enum PeriodUnit: String, Sendable, CaseIterable {
  case day, week, month, quarter, year

  /// The start of the period holding `t`: `resample`'s bucket start (weeks start on
  /// Monday), or New Year's midnight for a year.
  public func start(_ t: Int64) -> Int64 {
    if let bucket { return bucket.start(t) }
    let d = CivilTime.date(fromDays: CivilTime.dayNumber(t))
    return CivilTime.seconds(year: d.year, month: 1, day: 1)
  }

  /// The bucket of the same length for filling empty periods (none for years).
  public var bucket: TimeBucket? { TimeBucket(rawValue: rawValue) }
}

extension CivilTime {
  /// Midnight on the first day of the quarter (January, April, July, October) holding `t`.
  static func startOfQuarter(_ t: Int64) -> Int64 {
    let d = date(fromDays: dayNumber(t))
    return seconds(year: d.year, month: (d.month - 1) / 3 * 3 + 1, day: 1)
  }
}
