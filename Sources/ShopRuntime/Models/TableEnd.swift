import Foundation
import ShopCore
import ShopFrames

/// Whether a table's last steps look whole. Exports are often cut short: a log pulled on a
/// Wednesday has half a week at its end, and a log whose collection stopped leaves a tail of
/// days with a trickle of rows. Either looks to a forecaster like a collapse in demand, so
/// `train` and `backtest` say so (they change nothing: the user decides what to leave out).
struct TableEnd: Equatable {
  /// The last week or month has rows only up to `lastRow`, a whole day or more before it
  /// ends, and earlier in it than the steps before had theirs (`stopsEarly`).
  var partialFrom: Int64?
  var lastRow: Int64
  /// The run of last steps each with far fewer rows than the steps before it had: how many
  /// steps, from when, and their rows against the usual.
  var thinTail: ThinTail?

  struct ThinTail: Equatable {
    var steps: Int
    var from: Int64
    var rows: Int
    var usual: Double
  }

  /// A step is thin below this share of its reference's rows.
  static let thinShare = 0.25
  /// ... and the run is reported only when chance would give so few rows this rarely (a
  /// Poisson count with the usual mean): a table of a few rows a day is often quiet for a day.
  static let chance = 0.001

  /// How many earlier steps say where in its step a table's rows usually stop.
  static let referenceSteps = 8

  /// - Parameters:
  ///   - rows: the table's rows per step, from the first step (`first`) to the last.
  ///   - latest: the time of the latest row in each step (nil for a step without rows); its
  ///     last element is the table's last row.
  init(rows: [Int], latest: [Int64?], first: Int64, bucket: TimeBucket) {
    precondition(rows.count == latest.count && !rows.isEmpty, "one latest time per step")
    lastRow = latest.last.flatMap { $0 } ?? first
    let lastStart = bucket.start(after: first, count: rows.count - 1)
    if bucket != .day, Self.stopsEarly(latest, first: first, bucket: bucket) {
      partialFrom = lastStart
      return
    }
    // Days against the same weekday of the four weeks before (a shop closed on Saturdays
    // is not thin on a Saturday); weeks and months against the four steps before.
    let lag = bucket == .day ? 7 : 1
    var s = rows.count
    var held = 0, usual = 0.0
    while s > rows.count / 2 {
      let t = s - 1
      let references = (1...4).map { t - $0 * lag }.filter { $0 >= 0 }.map { Double(rows[$0]) }.sorted()
      guard references.count >= 2 else { break }
      let m = references.count / 2
      let median = references.count % 2 == 1 ? references[m] : (references[m - 1] + references[m]) / 2
      guard median > 0, Double(rows[t]) < Self.thinShare * median else { break }
      held += rows[t]
      usual += median
      s = t
    }
    if s < rows.count, Self.poissonAtMost(held, mean: usual) < Self.chance {
      thinTail = ThinTail(steps: rows.count - s, from: bucket.start(after: first, count: s), rows: held, usual: usual)
    }
  }

  /// Whether the rows of the last week or month stop earlier in it than those of the steps
  /// before did: its last row's day is both nearer the step's start and farther from its end
  /// than is usual (the median over up to `referenceSteps` earlier steps with rows). Against
  /// the table's own habit, not the calendar: a panel stamped once a step on any day (a week
  /// on its Friday, a month on its 1st or its last day), a shop closed on Sundays, or a month
  /// shorter than the one before is whole; a log pulled on a Wednesday is not. Whole days: a
  /// log stamped at midnight is not cut short at 00:00 of its last day.
  static func stopsEarly(_ latest: [Int64?], first: Int64, bucket: TimeBucket) -> Bool {
    func days(_ t: Int) -> (fromStart: Int64, toEnd: Int64)? {
      guard let row = latest[t] else { return nil }
      let start = bucket.start(after: first, count: t), next = bucket.start(after: first, count: t + 1)
      let day = TimeBucket.day.start(row)
      return ((day - start) / 86_400, (next - day) / 86_400)
    }
    guard let last = days(latest.count - 1), last.toEnd > 1 else { return false }
    let earlier = (0..<(latest.count - 1)).reversed().lazy.compactMap(days).prefix(referenceSteps)
    guard !earlier.isEmpty else { return false }
    func median(_ values: [Int64]) -> Int64 { values.sorted()[values.count / 2] }
    return last.fromStart < median(earlier.map(\.fromStart)) && last.toEnd > median(earlier.map(\.toEnd))
  }

  /// P(X ≤ k) for X ~ Poisson(mean), summed in logs (the terms underflow for large means).
  static func poissonAtMost(_ k: Int, mean: Double) -> Double {
    guard mean > 0 else { return 1 }
    var logTerm = -mean  // log P(X = 0)
    var total = exp(logTerm)
    if k > 0 {
      for i in 1...k {
        logTerm += log(mean) - log(Double(i))
        total += exp(logTerm)
      }
    }
    return min(total, 1)
  }

  /// The lines for the train and backtest output, naming the time column for the fix.
  func describe(bucket: TimeBucket, timeColumn: String) -> [String] {
    func day(_ t: Int64) -> String { CivilTime.format(t, dateOnly: true) }
    let unit = bucket.rawValue
    if let start = partialFrom {
      return [
        "the last \(unit) (from \(day(start))) has rows only up to \(day(lastRow)): if the table stops there,"
          + " that \(unit) is not whole and its sum looks low; 'where \(timeColumn) < \(day(start))' leaves it out"
      ]
    }
    guard let tail = thinTail else { return [] }
    let steps = tail.steps == 1 ? unit : "\(tail.steps) \(unit)s"
    let span = tail.steps == 1 ? day(tail.from) : "\(day(tail.from)) to \(day(TimeBucket.day.start(lastRow)))"
    let before = bucket == .day ? "the same weekdays of the four weeks before" : "the four \(unit)s before"
    return [
      "the last \(steps) (\(span)) \(tail.steps == 1 ? "has" : "have") \(NumberFormat.count(tail.rows, "row"))"
        + " where \(before) had about \(NumberFormat.grouped(Int(tail.usual.rounded()))): the table may stop partway"
        + " (an export cut short); 'where \(timeColumn) < \(day(tail.from))' leaves \(tail.steps == 1 ? "it" : "them") out"
    ]
  }
}
