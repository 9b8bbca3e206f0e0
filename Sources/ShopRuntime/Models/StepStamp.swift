import ShopCore
import ShopFrames

/// Where in its step a table stamps its rows, when every row agrees: a week on its Friday
/// (a "week ending" column), a month on its 1st or on its last day. `forecast` stamps its
/// history and forecast rows the same way, so they read in the table's own terms and join
/// back to it on the time column; a table whose rows fall anywhere in their steps (a log of
/// transactions) gets each step's start.
enum StepStamp: Codable, Equatable {
  /// This many seconds after the step's start.
  case fromStart(Int64)
  /// This many seconds before the next step's start (a month's last day whatever its length).
  case beforeEnd(Int64)

  /// The stamp of the step starting at `start`.
  func time(ofStepAt start: Int64, _ bucket: TimeBucket) -> Int64 {
    switch self {
    case .fromStart(let s): return start + s
    case .beforeEnd(let s): return bucket.start(after: start, count: 1) - s
    }
  }

  /// Finds the stamp one row at a time (`add`), giving up at the first row that disagrees.
  struct Finder {
    let bucket: TimeBucket
    private var fromStart: Int64?? = .none
    private var beforeEnd: Int64?? = .none

    init(bucket: TimeBucket) { self.bucket = bucket }

    /// `time`, a row's stamp, in the step starting at `start`.
    mutating func add(_ time: Int64, stepStart start: Int64) {
      if fromStart != .some(nil) {
        fromStart = fromStart == .none || fromStart == .some(time - start) ? .some(time - start) : .some(nil)
      }
      if beforeEnd != .some(nil) {
        let s = bucket.start(after: start, count: 1) - time
        beforeEnd = beforeEnd == .none || beforeEnd == .some(s) ? .some(s) : .some(nil)
      }
    }

    /// The stamp every row agreed on (from the start when both agree); nil when none, or
    /// when every row is at its step's start anyway.
    var stamp: StepStamp? {
      if case .some(.some(let s)) = fromStart { return s == 0 ? nil : .fromStart(s) }
      if case .some(.some(let s)) = beforeEnd { return .beforeEnd(s) }
      return nil
    }
  }
}
