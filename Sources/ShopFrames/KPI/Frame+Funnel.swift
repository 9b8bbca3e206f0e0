import ShopCore

/// How the steps of a funnel must follow each other.
public enum FunnelOrder: String, Sendable, CaseIterable {
  /// Each step after the previous one, other events allowed in between (the default in
  /// PostHog, Amplitude and Mixpanel).
  case ordered
  /// Each step immediately after the previous one, nothing in between.
  case strict
  /// The steps in any order.
  case any
}

extension Frame {
  /// A conversion funnel: how many units (sessions or users) reach each step, the step
  /// and overall conversion, the drop-off, and the time to convert.
  ///
  /// A unit enters at step 1 and reaches step k when steps 1…k occur in the chosen
  /// `order` within `window` seconds of its step-1 event (PostHog/Amplitude: a rolling
  /// window from the first step, not calendar days). A unit that starts the funnel
  /// several times is counted once, by its deepest attempt (the earliest among equals).
  /// With `by`, a unit is counted in the group of its step-1 row (first touch).
  ///
  /// - Parameters:
  ///   - steps: values of `event`, in funnel order.
  ///   - time: event times (datetime or seconds); nil uses row order and gives no times.
  /// - Complexity: O(rows log rows) for the sort, then O(step-1 events × events) per
  ///   unit in the worst case.
  public func funnel(
    steps: [String], event: ColumnRef, unit: ColumnRef, time: ColumnRef?, window: Double? = nil,
    order: FunnelOrder = .ordered, by: ColumnRef? = nil
  ) throws -> KPIResult {
    guard steps.count >= 2 else { throw KPIError.invalidOption("a funnel needs at least two steps") }
    guard Set(steps).count == steps.count else { throw KPIError.invalidOption("funnel steps must be different") }
    if window != nil, time == nil { throw KPIError.invalidOption("a conversion window needs a time column") }
    let n = rowCount
    let eventColumn = try column(event)
    var stepOfRow = [Int](repeating: -1, count: n)
    let index = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1, $0) })
    switch eventColumn.data {
    case .string(let codes, let dict):
      let map = dict.map { index[$0] ?? -1 }
      for i in 0..<n where codes[i] >= 0 { stepOfRow[i] = map[Int(codes[i])] }
    default:
      for i in 0..<n {
        let s = eventColumn[i]
        if !s.isNull { stepOfRow[i] = index[plainText(s)] ?? -1 }
      }
    }
    let units = EntityIDs(try column(unit))
    let times: [Double?] = try time.map { try column($0).kpiSeconds(role: "time") } ?? (0..<n).map { Double($0) }
    let groups = try by.map { BreakdownGroups(column: try column($0)) } ?? BreakdownGroups(rows: n)
    let rows = units.rowsInUnitTimeOrder(times: times) { order == .strict || stepOfRow[$0] >= 0 }
    try Cancellation.shared.check()
    let k = steps.count
    let g = max(groups.count, 1)
    var reached = [[Int]](repeating: [Int](repeating: 0, count: k), count: g)
    var delays = [[[Double]]](repeating: [[Double]](repeating: [], count: k), count: g)
    var start = 0
    while start < rows.count {
      var end = start
      while end < rows.count && units.ids[rows[end]] == units.ids[rows[start]] { end += 1 }
      let events = rows[start..<end].map { (step: stepOfRow[$0], time: times[$0] ?? 0, row: $0) }
      if let best = Self.bestAttempt(events, steps: k, window: window, order: order) {
        let grp = Int(groups.ids[best.startRow])
        for s in 0..<best.depth {
          reached[grp][s] += 1
          if s > 0 { delays[grp][s].append(best.times[s] - best.times[0]) }
        }
      }
      start = end
      if start & 0xFFF == 0 { try Cancellation.shared.check() }
    }
    var keyRows: [Int] = []
    var stepNo: [Int] = []
    var names: [String] = []
    var count: [Int] = []
    var stepConv: [Double?] = []
    var overall: [Double?] = []
    var drop: [Double?] = []
    var median: [Double?] = []
    var mean: [Double?] = []
    // Without a breakdown the steps are always shown: a funnel nobody entered (a table
    // filtered to nothing, a first step no row has) is every step at 0 units, not "no rows".
    for grp in 0..<g where reached[grp][0] > 0 || by == nil {
      for s in 0..<k {
        keyRows.append(grp)
        stepNo.append(s + 1)
        names.append(steps[s])
        count.append(reached[grp][s])
        let sc = s == 0 ? (reached[grp][0] > 0 ? 1.0 : nil) : ratio(Double(reached[grp][s]), Double(reached[grp][s - 1]))
        stepConv.append(sc)
        overall.append(ratio(Double(reached[grp][s]), Double(reached[grp][0])))
        drop.append(sc.map { 1 - $0 })
        let d = delays[grp][s].sorted()
        median.append(time == nil || d.isEmpty ? nil : (d[(d.count - 1) / 2] + d[d.count / 2]) / 2)
        mean.append(time == nil || d.isEmpty ? nil : d.reduce(0, +) / Double(d.count))
      }
    }
    var columns: [Column] = []
    if let keys = groups.keys { columns.append(keys.gather(keyRows)) }
    columns += [
      .ints("step", stepNo), Column(name: "name", scalars: names.map { .string($0) }, type: .string),
      .ints("units", count), .floats("step_conversion", stepConv), .floats("overall_conversion", overall),
      .floats("drop_off", drop), .floats("median_seconds", median), .floats("mean_seconds", mean),
    ]
    var definition = "funnel of distinct \(unit.name) through \(event.name) = "
      + steps.map { "\"\($0)\"" }.joined(separator: " → ") + ", order \(order.rawValue)"
    definition += window.map { ", within \(durationWords($0)) of step 1" } ?? ", no window"
    definition += "; step_conversion = units at step / units at previous step; overall = units at step / units at step 1; "
      + "seconds from step 1 (median, mean)"
    if time == nil { definition += "; no time column: row order, no times" }
    var notes: [String] = []
    if let by {
      definition += "; each unit in the \(by.name) of its step-1 row"
      // Units whose funnel rows fall in several groups: counted in one, which is said.
      var groupOfUnit = [Int32](repeating: -1, count: units.count)
      var mixed = [Bool](repeating: false, count: units.count)
      for i in rows {
        let u = Int(units.ids[i])
        if groupOfUnit[u] < 0 { groupOfUnit[u] = groups.ids[i] } else if groupOfUnit[u] != groups.ids[i] { mixed[u] = true }
      }
      let present = groupOfUnit.lazy.filter { $0 >= 0 }.count
      if let note = mixedUnitsNote(
        mixed.lazy.filter { $0 }.count, of: present, unit: unit.name, by: by.name, anchor: "step-1 row")
      {
        notes.append(note)
      }
    }
    // A period with no unit entering: every step at 0 units, its rates and times null.
    let empty: [[Scalar]] = steps.enumerated().map { s, name in
      [.int(Int64(s + 1)), .string(name), .int(0), .null, .null, .null, .null, .null]
    }
    return KPIResult(frame: Frame(columns: columns), definition: definition, notes: notes, emptyGroup: empty)
  }

  /// The deepest funnel attempt of one unit: its depth, the time of each step reached,
  /// and the row of its step-1 event. Nil when the unit never enters.
  static func bestAttempt(
    _ events: [(step: Int, time: Double, row: Int)], steps k: Int, window: Double?, order: FunnelOrder
  ) -> (depth: Int, times: [Double], startRow: Int)? {
    var best: (depth: Int, times: [Double], startRow: Int)?
    for (i, e) in events.enumerated() where e.step == 0 || (order == .any && e.step >= 0) {
      var times = [Double](repeating: .nan, count: k)
      let t0 = e.time
      var depth = 0
      switch order {
      case .ordered:
        times[0] = t0
        depth = 1
        var j = i + 1
        while j < events.count && depth < k {
          if let window, events[j].time - t0 > window { break }
          if events[j].step == depth {
            times[depth] = events[j].time
            depth += 1
          }
          j += 1
        }
      case .strict:
        times[0] = t0
        depth = 1
        var j = i + 1
        while j < events.count && depth < k && events[j].step == depth {
          if let window, events[j].time - t0 > window { break }
          times[depth] = events[j].time
          depth += 1
          j += 1
        }
      case .any:
        var j = i
        while j < events.count {
          if let window, events[j].time - t0 > window { break }
          let s = events[j].step
          if s >= 0, times[s].isNaN { times[s] = events[j].time }
          j += 1
        }
        while depth < k && !times[depth].isNaN { depth += 1 }
        // In any order, a step's time is when the unit had done all steps up to it.
        var latest = -Double.infinity
        for s in 0..<depth {
          latest = max(latest, times[s])
          times[s] = latest
        }
        if depth > 0 { times[0] = t0 }
      }
      if depth > 0, depth > (best?.depth ?? 0) { best = (depth, times, e.row) }
      if depth == k { break }
    }
    return best
  }
}
