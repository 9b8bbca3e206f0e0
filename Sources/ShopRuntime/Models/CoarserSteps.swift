import ShopFrames

/// Whether a table's rows come in coarser steps than the forecaster was asked for: a monthly
/// panel read `every week` has one week with a value and three or four of 0 each month,
/// which the model then learns as demand. Said in the output with the step that fits.
enum CoarserSteps {
  /// The coarsest steps it checks, for each step a forecaster reads.
  static func candidates(finerThan bucket: TimeBucket) -> [TimeBucket] {
    switch bucket {
    case .day: return [.week, .month]
    case .week: return [.month]
    case .month, .quarter: return []
    }
  }

  /// The finest coarser step in which every series (of at least 6 such steps) has rows in
  /// one step of `bucket` only, step after step (at least 90 % of the steps in its span):
  /// a panel of that step, not sales that happen to be sparse. Nil when there is none.
  ///
  /// - Parameter days: each series' days with rows (day starts).
  static func fitting(_ bucket: TimeBucket, days: [Set<Int64>]) -> TimeBucket? {
    candidates(finerThan: bucket).first { coarse in
      var checked = 0
      for series in days where series.count >= 6 {
        var stepIn: [Int64: Int64] = [:]  // coarse step → the one fine step with rows in it
        for day in series {
          let fine = bucket.start(day)
          let outer = coarse.start(day)
          if let other = stepIn[outer], other != fine { return false }
          stepIn[outer] = fine
        }
        let outers = stepIn.keys.sorted()
        guard let a = outers.first, let b = outers.last else { continue }
        let span = coarse.index(of: b, from: a) + 1
        guard Double(outers.count) >= 0.9 * Double(span) else { return false }
        checked += 1
      }
      return checked > 0
    }
  }
}
