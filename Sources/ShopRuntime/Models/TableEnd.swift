import Foundation
import ShopCore
import ShopFrames

/// Whether a table's last steps look whole. Exports are often cut short: a log pulled on a
/// Wednesday has half a week at its end, and a log whose collection stopped leaves a tail of
/// days with a trickle of rows. Either looks to a forecaster like a collapse in demand, so
/// `train` and `backtest` say so (they change nothing: the user decides what to leave out).
struct TableEnd: Equatable {
  /// The last bucket ends after the table's last row by at least a whole day: a week or a
  /// month with rows only up to `lastRow`.
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

  /// - Parameters:
  ///   - rows: the table's rows per step, from the first step (`first`) to the last.
  ///   - lastRow: the time of the table's last row.
  ///   - transactions: whether some series has several rows in one step. Only then does the
  ///     last row's time say how much of the last week or month the table covers: a panel
  ///     stamps each step once, on any day of it.
  init(rows: [Int], first: Int64, lastRow: Int64, bucket: TimeBucket, transactions: Bool = true) {
    self.lastRow = lastRow
    let lastStart = bucket.start(after: first, count: rows.count - 1)
    let nextStart = bucket.start(after: lastStart, count: 1)
    // Whole days: a log stamped at midnight is not cut short at 00:00 of its last day.
    if transactions, bucket != .day, nextStart - TimeBucket.day.start(lastRow) > 86_400 {
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
      "the last \(steps) (\(span)) \(tail.steps == 1 ? "has" : "have") \(NumberFormat.grouped(tail.rows)) rows"
        + " where \(before) had about \(NumberFormat.grouped(Int(tail.usual.rounded()))): the table may stop partway"
        + " (an export cut short); 'where \(timeColumn) < \(day(tail.from))' leaves \(tail.steps == 1 ? "it" : "them") out"
    ]
  }
}
