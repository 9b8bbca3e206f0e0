import ShopCore

extension Frame {
  /// The period groups of `kpi`: an order belongs to the period of its earliest line, so
  /// all its lines share one group; a line without an order is an order of its own.
  ///
  /// The earliest time is found per order, and the calendar bucket (calendar arithmetic
  /// for months and weeks) computed once per order rather than once per line. The
  /// buckets, their first and last and the empty periods between are those of the lines'
  /// times, since each line's time is its order's.
  func kpiPeriodGroups(_ timeColumn: Column, orders: KeyCodes, bucket: TimeBucket) throws -> BreakdownGroups {
    let n = rowCount
    let o = orders.count
    // Per order its earliest time, then per line without an order its own time.
    var unitTimes: [Double?]
    if case .datetime(let v, let m) = timeColumn.data {
      // Seconds as integers (exact as doubles within the years 0000–9999); a time outside
      // those years is refused with kpiSeconds' own error.
      let range: ClosedRange<Int64> = -62_167_219_200...253_402_300_799
      var earliest = [Int64](repeating: .max, count: o)
      var ownTimes: [Int64?] = []
      var outside = false
      orders.ids.withUnsafeBufferPointer { op in
        v.withUnsafeBufferPointer { vp in
          for i in 0..<n {
            let valid = m.isValid(i)
            let t = vp[i]
            if valid && !range.contains(t) { outside = true }
            let unit = op[i]
            if unit < 0 {
              ownTimes.append(valid ? t : nil)
            } else if valid && t < earliest[Int(unit)] {
              earliest[Int(unit)] = t
            }
          }
        }
      }
      if outside { _ = try timeColumn.kpiSeconds(role: "time", calendar: true) }  // throws
      unitTimes = earliest.map { $0 == .max ? nil : Double($0) }
      unitTimes += ownTimes.map { $0.map(Double.init) }
    } else {
      let times = try timeColumn.kpiSeconds(role: "time", calendar: true)
      unitTimes = [Double?](repeating: nil, count: o)
      for i in 0..<n {
        let unit = orders.ids[i]
        if unit < 0 {
          unitTimes.append(times[i])
          continue
        }
        guard let t = times[i] else { continue }
        if let cur = unitTimes[Int(unit)] { if t < cur { unitTimes[Int(unit)] = t } } else { unitTimes[Int(unit)] = t }
      }
    }
    var groups = BreakdownGroups(times: unitTimes, bucket: bucket, name: bucket.rawValue)
    // Each line takes its order's group (a line without an order, its own, in row order).
    let unitGroups = groups.ids
    var next = o
    groups.ids = [Int32](unsafeUninitializedCapacity: n) { out, written in
      orders.ids.withUnsafeBufferPointer { op in
        for i in 0..<n {
          let unit = op[i]
          if unit < 0 {
            out[i] = unitGroups[next]
            next += 1
          } else {
            out[i] = unitGroups[Int(unit)]
          }
        }
      }
      written = n
    }
    return groups
  }
}
