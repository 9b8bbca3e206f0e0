import ShopCore

/// A calendar bucket for `resample`. Weeks start on Monday (ISO 8601).
public enum TimeBucket: String, Sendable {
  case day, week, month, quarter

  /// The most buckets `resample` makes (3.65 million days span the years 1–9999).
  public static let maximumCount = 10_000_000

  /// A bucket's length in seconds, roughly (a month as 1/12 of a Gregorian year).
  public var approximateSeconds: Double {
    switch self {
    case .day: return 86_400
    case .week: return 7 * 86_400
    case .month: return 2_629_746
    case .quarter: return 3 * 2_629_746
    }
  }

  /// The start of the bucket holding `t`.
  public func start(_ t: Int64) -> Int64 {
    switch self {
    case .day: return CivilTime.startOfDay(t)
    case .week: return CivilTime.startOfWeek(t)
    case .month: return CivilTime.startOfMonth(t)
    case .quarter: return CivilTime.startOfQuarter(t)
    }
  }

  /// Buckets from the one holding `a` to the one holding `b`: the index of a bucket start.
  public func index(of start: Int64, from first: Int64) -> Int {
    switch self {
    case .day: return Int((start - first) / 86_400)
    case .week: return Int((start - first) / (7 * 86_400))
    case .month:
      let a = CivilTime.date(fromDays: CivilTime.dayNumber(first))
      let b = CivilTime.date(fromDays: CivilTime.dayNumber(start))
      return (b.year * 12 + b.month) - (a.year * 12 + a.month)
    case .quarter: return TimeBucket.month.index(of: start, from: first) / 3
    }
  }

  /// The start of the bucket `k` buckets after the one starting at `first`.
  public func start(after first: Int64, count k: Int) -> Int64 {
    switch self {
    case .day: return first + Int64(k) * 86_400
    case .week: return first + Int64(k) * 7 * 86_400
    case .month:
      let d = CivilTime.date(fromDays: CivilTime.dayNumber(first))
      let m = d.year * 12 + (d.month - 1) + k
      return CivilTime.seconds(year: m / 12, month: m % 12 + 1, day: 1)
    case .quarter: return TimeBucket.month.start(after: first, count: 3 * k)
    }
  }
}

extension Frame {
  /// Aggregates by calendar bucket of a datetime column: one row per day, week or month
  /// from the first to the last bucket with data, empty buckets included (counts 0,
  /// other aggregations null). The bucket start goes in a column named like the time
  /// column; rows with a null time are left out.
  ///
  /// ```swift
  /// try orders.resample(ColumnRef("InvoiceDate"), every: .month, aggregations: [revenue])
  /// ```
  public func resample(_ time: ColumnRef, every bucket: TimeBucket, aggregations: [Aggregation])
    throws -> Frame
  {
    let timeColumn = try column(time)
    guard case .datetime(let times, let m) = timeColumn.data else {
      throw FrameError.typeMismatch(
        "resample needs a datetime column, '\(time.name)' is \(timeColumn.type)", at: time.range)
    }
    // The first and last bucket are those of the earliest and latest time (a bucket's
    // start never decreases with the time), found chunk by chunk on several threads.
    let mask = m.mask
    let ranges = times.withUnsafeBufferPointer { tp in
      RowChunks.map(rows: rowCount) { rows -> (Int64, Int64) in
        var low = Int64.max
        var high = Int64.min
        for i in rows where mask == nil || mask![i] {
          low = min(low, tp[i])
          high = max(high, tp[i])
        }
        return (low, high)
      }
    }
    let earliest = ranges.map(\.0).min() ?? Int64.max
    let latest = ranges.map(\.1).max() ?? Int64.min
    let first = earliest <= latest ? bucket.start(earliest) : Int64.max
    let last = earliest <= latest ? bucket.start(latest) : Int64.min
    // Bucket counts are estimated in Double first: far-apart times (wrapped datetime
    // arithmetic) would overflow `last - first` or ask for billions of buckets.
    if first <= last, (Double(last) - Double(first)) / bucket.approximateSeconds >= Double(TimeBucket.maximumCount) {
      throw FrameError.invalidArgument(
        "resample by \(bucket.rawValue) would make more than \(NumberFormat.count(TimeBucket.maximumCount, "row")) "
          + "(from \(CivilTime.format(first)) to \(CivilTime.format(last))): filter the times first",
        at: time.range)
    }
    let bucketCount = first <= last ? bucket.index(of: last, from: first) + 1 : 0
    let ids: [Int32] = times.withUnsafeBufferPointer { tp in
      RowChunks.makeArray(count: rowCount) { rows, out in
        switch bucket {
        case .month, .quarter:
          // Months since the first bucket's month, from one calendar conversion per row
          // (the same number `index(of:from:)` gives from the row's bucket start).
          let firstMonth = Frame.monthNumber(first)
          let months = bucket == .month ? 1 : 3
          for i in rows {
            out[i] = mask == nil || mask![i] ? Int32((Frame.monthNumber(tp[i]) - firstMonth) / months) : -1
          }
        case .day, .week:
          for i in rows {
            out[i] = mask == nil || mask![i] ? Int32(bucket.index(of: bucket.start(tp[i]), from: first)) : -1
          }
        }
      }
    }
    let grouping = Grouping(ids: ids, count: bucketCount)
    let bucketStarts = (0..<bucketCount).map { bucket.start(after: first, count: $0) }
    var out = [Column(name: time.name, data: .datetime(bucketStarts, .allValid))]
    try Frame.appendAggregations(aggregations, of: self, grouping: grouping, to: &out)
    return Frame(columns: out)
  }
}

extension Frame {
  /// Months since year 0 of a time: year × 12 + month - 1.
  @inline(__always) static func monthNumber(_ t: Int64) -> Int {
    let d = CivilTime.date(fromDays: CivilTime.dayNumber(t))
    return d.year * 12 + d.month - 1
  }
}
